package dev.mailharden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** `mailharden dh`: its help teaches the command, and a bad size is a usage error. */
class DhCommandTest {

  @Test
  void anUnsupportedSizeIsAUsageErrorBeforeAnythingIsGenerated() {
    StringWriter err = new StringWriter();
    int code = MailHarden.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "dh", "generate", "--bits", "1024");
    assertEquals(ExitCodes.BAD_INPUT, code);
    assertTrue(err.toString().contains("--bits must be 2048, 3072 or 4096"), err.toString());
  }

  @Test
  void helpNamesTheStoreAndTheRenewal() {
    StringWriter out = new StringWriter();
    assertEquals(ExitCodes.OK, MailHarden.run(new PrintWriter(out),
        new PrintWriter(new StringWriter()), "dh", "--help"));
    assertTrue(out.toString().contains("~/.mailharden/dh")
        && out.toString().contains("dh.renew_after_days"), out.toString());
  }
}
