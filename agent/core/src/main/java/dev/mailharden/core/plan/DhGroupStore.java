package dev.mailharden.core.plan;

import dev.mailharden.core.StateHome;
import dev.mailharden.core.playbook.DhPem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * DH groups generated on this controller and kept for later runs and every host of a run
 * ({@code ~/.mailharden/dh/dh-BITS-DATE.pem}, 0600 in a 0700 folder). The seed asks for a
 * group of one's own instead of a product's small or widely shared default, not for a new one
 * per run: generation time is luck (a safe-prime search, seconds to minutes), so a run waits
 * for it only when no group of the size exists at all.
 */
public final class DhGroupStore {

  private static final Pattern NAME = Pattern.compile("dh-(\\d+)-(\\d{8}T\\d{6}Z)\\.pem");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  /** A renewal older than this is taken for dead (the machine went down meanwhile). */
  private static final Duration STALE_RENEWAL = Duration.ofHours(6);

  /** One kept group: its size, when it was made, and its file. */
  public record Group(int bits, Instant created, Path file) {
    public String pem() {
      try {
        return Files.readString(file, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the DH group " + file, e);
      }
    }

    public Duration age(Instant now) {
      return Duration.between(created, now);
    }
  }

  private final Path dir;

  public DhGroupStore(Path dir) {
    this.dir = dir;
  }

  /** The controller's store: {@code $MAILHARDEN_STATE/dh} or {@code ~/.mailharden/dh}. */
  public static DhGroupStore standard() {
    return new DhGroupStore(StateHome.dir().resolve("dh"));
  }

  public Path dir() {
    return dir;
  }

  /** Every kept group, newest first. */
  public List<Group> all() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(DhGroupStore::group).flatMap(Optional::stream)
          .sorted(Comparator.comparing(Group::created).reversed()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The newest kept group of exactly {@code bits} bits. */
  public Optional<Group> newest(int bits) {
    return all().stream().filter(g -> g.bits() == bits).findFirst();
  }

  /** Generates a group now ({@code openssl dhparam}), keeps it and returns it. */
  public Group generate(int bits) {
    Instant now = Instant.now();
    Path target = dir.resolve("dh-" + bits + "-" + STAMP.format(now) + ".pem");
    try {
      Path tmp = Files.createTempFile(privateDir(), ".dh-" + bits + "-", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Process p = new ProcessBuilder("openssl", "dhparam", "-out", tmp.toString(),
            String.valueOf(bits)).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("openssl dhparam " + bits + " failed (exit "
              + p.exitValue() + ")");
        }
        DhPem made = DhPem.parse(Files.readString(tmp, StandardCharsets.US_ASCII));
        if (made.bits() != bits) {
          throw new IllegalStateException("openssl dhparam " + bits + " made a " + made.bits()
              + "-bit group");
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot generate a DH group in " + dir + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating DH parameters", e);
    }
    return group(target).orElseThrow();
  }

  /**
   * Starts generating a new group of {@code bits} in a process of its own that outlives this
   * run (its own session, so a Ctrl-C of the run does not stop it); the next run finds it.
   * Returns false when a renewal of that size is already under way.
   */
  public boolean renewInBackground(int bits) {
    Path marker = dir.resolve(".renewing-" + bits);
    try {
      privateDir();
      try {
        Files.createFile(marker);
      } catch (FileAlreadyExistsException e) {
        Instant since = Files.getLastModifiedTime(marker).toInstant();
        if (Duration.between(since, Instant.now()).compareTo(STALE_RENEWAL) < 0) {
          return false;
        }
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
      }
      Path tmp = dir.resolve(".dh-" + bits + "-renewal.tmp");
      // The name carries the time the generation ends, as generate() names its files.
      String script = "umask 077; openssl dhparam -out \"$1\" \"$2\" >/dev/null 2>&1"
          + " && mv \"$1\" \"$3/dh-$2-$(date -u +%Y%m%dT%H%M%SZ).pem\"; rm -f \"$1\" \"$4\"";
      new ProcessBuilder("setsid", "sh", "-c", script, "sh", tmp.toString(),
          String.valueOf(bits), dir.toString(), marker.toString())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a DH renewal in " + dir + ": "
          + e.getMessage(), e);
    }
  }

  private Path privateDir() throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    return dir;
  }

  private static Optional<Group> group(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Group(Integer.parseInt(m.group(1)),
        STAMP.parse(m.group(2), Instant::from), file));
  }
}
