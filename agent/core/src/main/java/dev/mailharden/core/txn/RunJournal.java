package dev.mailharden.core.txn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mailharden.core.StateHome;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.HostPlan;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.report.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The controller's record of a run, in {@code ~/.mailharden/runs/<id>/}: what the run was,
 * and per host the plan (files with the checksums they had and were given, services, the
 * backup directory on the host), each step written and synced BEFORE it is taken, and the
 * outcome. A run killed halfway can therefore be rolled back later from this record.
 */
public final class RunJournal {

  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;
  private final String id;

  private RunJournal(Path dir, String id) {
    this.dir = dir;
    this.id = id;
  }

  /** {@code ~/.mailharden/runs}, or {@code $MAILHARDEN_STATE/runs}. */
  public static Path runsDir() {
    return StateHome.dir().resolve("runs");
  }

  public static RunJournal create(String id, Map<String, Object> meta) {
    Path dir = runsDir().resolve(checkedId(id));
    try {
      for (Path d : List.of(runsDir().getParent(), runsDir(), dir, dir.resolve("hosts"))) {
        Files.createDirectories(d, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      }
      // Made before this version, or by a umask: plans and failures are the owner's alone.
      Files.setPosixFilePermissions(runsDir(), OWNER_DIR);
      Map<String, Object> run = new LinkedHashMap<>(meta);
      run.put("id", id);
      run.put("started", Instant.now().toString());
      writeSynced(dir.resolve("run.json"), JSON.writeValueAsBytes(run));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run journal in " + dir, e);
    }
    return new RunJournal(dir, id);
  }

  public static RunJournal open(String id) {
    Path dir = runsDir().resolve(checkedId(id));
    if (!Files.isRegularFile(dir.resolve("run.json"))) {
      throw new IllegalArgumentException("no run " + id + " in " + runsDir()
          + " (mailharden runs lists them)");
    }
    return new RunJournal(dir, id);
  }

  public String id() {
    return id;
  }

  /** The hosts this run planned a change for. */
  public List<String> hosts() {
    try (Stream<Path> s = Files.list(dir.resolve("hosts"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".plan.json"))
          .map(n -> hostOf(n.substring(0, n.length() - ".plan.json".length()))).sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What a host's plan changes, recorded before the first write, with the services it
   * restarts rather than reloads (new listeners: a rollback must restart them too) and the
   * ports that answered before it (what a rollback must bring back).
   */
  public record HostRecord(String host, String hostRunDir, List<FileRecord> files,
      List<String> services, List<String> restarted, List<Integer> portsAnsweringBefore) {

    public HostRecord {
      // Journals written before restarts were recorded.
      restarted = restarted == null ? List.of() : restarted;
    }
  }

  /** A file the run changes: its checksum before (null: created) and after. */
  public record FileRecord(String path, String sha256Before, String sha256After) {}

  public void planned(HostPlan plan, String hostRunDir, List<String> restarted,
      List<Integer> portsAnsweringBefore) {
    List<FileRecord> files = new ArrayList<>();
    for (FileChange c : plan.changes()) {
      files.add(new FileRecord(c.path(), c.before() == null ? null : sha256(c.before()),
          sha256(c.after())));
    }
    List<String> services = plan.modules().stream().map(ModulePlan::service)
        .filter(java.util.Objects::nonNull).distinct().toList();
    write(plan.host(), ".plan.json", new HostRecord(plan.host(), hostRunDir, files, services,
        restarted, portsAnsweringBefore));
  }

  public HostRecord record(String host) {
    try {
      return JSON.readValue(file(host, ".plan.json").toFile(),
          HostRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException("no journal of host " + host + " in run " + id, e);
    }
  }

  /** An appliance's settings before and after the run: what its rollback commits back. */
  public record SettingsRecord(Map<String, String> before, Map<String, String> after) {}

  /** Records an appliance's settings, before its first answer is typed. */
  public void settings(String host, Map<String, String> before, Map<String, String> after) {
    write(host, ".settings.json", new SettingsRecord(before, after));
  }

  /** The settings recorded for an appliance host; empty for a file-based host. */
  public java.util.Optional<SettingsRecord> settings(String host) {
    Path p = file(host, ".settings.json");
    try {
      return Files.exists(p) ? java.util.Optional.of(JSON.readValue(p.toFile(),
          SettingsRecord.class)) : java.util.Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable journal " + p, e);
    }
  }

  /** Appends one step line and syncs it to disk before the step is taken. */
  public void step(String host, String step) {
    Path log = file(host, ".log");
    try (FileChannel ch = FileChannel.open(log, Set.of(StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(OWNER_FILE))) {
      ch.write(java.nio.ByteBuffer.wrap((Instant.now() + " " + Redactor.redact(step) + "\n")
          .getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot journal step of " + host, e);
    }
  }

  public void outcome(String host, String status, String message) {
    write(host, ".result.json", Map.of("status", status, "message", Redactor.redact(message),
        "finished", Instant.now().toString()));
  }

  /** The last outcome recorded for a host, or "incomplete" when the run never finished it. */
  public String status(String host) {
    Path p = file(host, ".result.json");
    try {
      return Files.exists(p) ? JSON.readTree(p.toFile()).get("status").asText() : "incomplete";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Map<String, Object> meta() {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(dir.resolve("run.json").toFile(), Map.class);
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Written and synced before the step it records is taken (the plan before any write). */
  private void write(String host, String suffix, Object value) {
    try {
      writeSynced(file(host, suffix), JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A file only its owner reads, synced to disk. Also for reports that hold diffs and
   * failures (apply's --json).
   */
  public static void writeSynced(Path file, byte[] content) throws IOException {
    try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(OWNER_FILE))) {
      Files.setPosixFilePermissions(file, OWNER_FILE);
      ch.write(java.nio.ByteBuffer.wrap(content));
      ch.force(true);
    }
  }

  /**
   * A host's journal file. Inventory names become file names only when they are plain;
   * anything else ({@code ../x}, a slash, a leading dot) is percent-encoded, so every file
   * stays inside the run.
   */
  private Path file(String host, String suffix) {
    StringBuilder name = new StringBuilder();
    for (byte b : host.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean plain = c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'
          || (c == '.' && name.length() > 0));
      name.append(plain ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
    }
    return dir.resolve("hosts").resolve(name + suffix);
  }

  private static String hostOf(String fileName) {
    return java.net.URLDecoder.decode(fileName.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** A run id names a directory of the runs directory, nothing else. */
  private static String checkedId(String id) {
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException("not a run id: '" + id + "' (mailharden runs lists"
          + " them)");
    }
    return id;
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
