package dev.mailharden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.fleet.HostOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

  private final StringWriter out = new StringWriter();
  private final TerminalProgress progress = new TerminalProgress(new PrintWriter(out), 60);

  /** What a terminal would show: the ANSI erase sequences applied to the written text. */
  private List<String> screen() {
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    String s = out.toString();
    int i = 0;
    StringBuilder line = new StringBuilder();
    while (i < s.length()) {
      if (s.startsWith("\033[", i)) {
        int end = s.indexOf('A', i);
        int up = Integer.parseInt(s.substring(i + 2, end));
        lines.subList(lines.size() - up, lines.size()).clear();
        i = s.indexOf("\033[J", end) + 3;
      } else if (s.charAt(i) == '\n') {
        lines.add(line.toString());
        line.setLength(0);
        i++;
      } else {
        line.append(s.charAt(i++));
      }
    }
    return lines;
  }

  @Test
  void showsEachRunningHostsCurrentStepUnderTheFinishedOnes() {
    progress.started(3);
    progress.step("mx1", "connecting");
    progress.done(HostOutcome.ok("mx0", "r"), 1, 3);
    progress.step("mx2", "connecting");
    progress.step("mx1", "probe port 993 against profile modern");
    progress.done(HostOutcome.ok("mx2", "r"), 2, 3);
    assertEquals(List.of("[1/3] mx0: done", "[2/3] mx2: done", "2/3 hosts done, 1 running",
        "  mx1: probe port 993 against profile modern"), screen());
  }

  @Test
  void theBlockDisappearsWhenTheLastHostFinishes() {
    progress.started(1);
    progress.step("mx1", "connecting");
    assertEquals(List.of("0/1 hosts done, 1 running", "  mx1: connecting"), screen());
    progress.step("mx1", "validate postfix: postfix check");
    progress.done(HostOutcome.failed("mx1", HostOutcome.Status.UNREACHABLE, "no route"), 1, 1);
    assertEquals(List.of("[1/1] mx1: unreachable"), screen());
  }

  @Test
  void aLargeFleetShowsSomeHostsByNameAndCountsTheRest() {
    for (int i = 1; i <= 20; i++) {
      progress.step("host-" + i, "write /etc/postfix/main.cf");
    }
    progress.done(HostOutcome.ok("host-20", "r"), 1, 20);
    List<String> screen = screen();
    assertEquals("1/20 hosts done, 19 running", screen.get(1));
    assertEquals(3 + TerminalProgress.SHOWN_HOSTS, screen.size(), "kept line, header, hosts, rest");
    assertEquals("  ... and " + (19 - TerminalProgress.SHOWN_HOSTS) + " more",
        screen.get(screen.size() - 1));
  }

  @Test
  void longStepsAreCutToTheTerminalWidthSoRedrawsStayAligned() {
    progress.step("mx1", "x".repeat(200));
    progress.step("mx1", "y".repeat(200));
    List<String> screen = screen();
    assertTrue(screen.stream().allMatch(l -> l.length() <= 60), screen.toString());
    assertFalse(screen.stream().anyMatch(l -> l.contains("xxx")), "the old step is erased");
  }
}
