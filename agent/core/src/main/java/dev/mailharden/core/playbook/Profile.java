package dev.mailharden.core.playbook;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.module.ModuleResources;
import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.yaml.YamlFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A hardening profile, read from {@code playbooks/profiles/NAME.yml}: per kind of mail port
 * what it must serve, plus host-wide TLS choices. Profiles are data an admin can copy.
 */
public record Profile(
    String name,
    Map<String, ServicePolicy> services,
    boolean serverCipherPreference,
    boolean compression,
    int tlsLogLevel,
    DhPolicy dh,
    String keyExchange) {

  /** The kinds of mail port a profile must describe. */
  public static final List<String> SERVICES = List.of("mta", "submission", "mailbox");
  private static final Set<String> DH_SOURCES = Set.of("generate", "file", "ffdhe2048");
  /**
   * keep: the key-exchange groups stay as the host has them; hybrid-first: post-quantum
   * X25519MLKEM768 first, classic groups after, where the product version can.
   */
  private static final Set<String> KEY_EXCHANGES = Set.of("keep", "hybrid-first");
  private static final List<String> TOP_KEYS = List.of("name", "description", "services",
      "server_cipher_preference", "compression", "tls_log_level", "dh",
      "key_exchange");
  private static final List<String> SERVICE_KEYS = List.of("tls", "min_protocol", "ciphers");
  private static final List<String> DH_KEYS = List.of("source", "bits", "file",
      "renew_after_days");
  private static final String FFDHE2048 =
      ModuleResources.text(Profile.class, "core", "ffdhe2048.pem");

  /**
   * DH parameters of at least {@code bits}: generated on the controller and kept there for
   * later runs ("generate"), an admin's pre-generated group ("file"), or RFC 7919's ffdhe2048.
   *
   * @param pem the group to write for "file" and "ffdhe2048"; null for "generate"
   * @param renewAfterDays "generate": a cached group older than this is still used, and a
   *     new one is generated in the background for the runs after
   */
  public record DhPolicy(String source, int bits, String pem, int renewAfterDays) {
    public boolean generated() {
      return source.equals("generate");
    }

    /** The standard group, which some products take by name instead of a file. */
    public boolean namedGroup() {
      return source.equals("ffdhe2048");
    }
  }

  /** A profile by name (looked up in {@code profilesDir}) or by path. */
  public static Profile resolve(String nameOrPath, Path profilesDir, Origin origin)
      throws BadInputException {
    Path file = nameOrPath.contains("/") || nameOrPath.endsWith(".yml")
        ? Path.of(nameOrPath) : profilesDir.resolve(nameOrPath + ".yml");
    if (!Files.isRegularFile(file)) {
      throw origin.error("unknown profile '" + nameOrPath + "': no " + file);
    }
    return load(file);
  }

  public static Profile load(Path file) throws BadInputException {
    YamlFile yaml = YamlFile.read(file);
    Map<String, YamlFile.Entry> top = index(yaml, yaml.root(), "a profile must be a mapping");
    Map<String, ServicePolicy> services = new LinkedHashMap<>();
    Map<String, YamlFile.Entry> given = index(yaml, required(yaml, top, "services").value(),
        "services must map mta, submission and mailbox");
    for (String s : SERVICES) {
      if (!given.containsKey(s)) {
        throw yaml.origin(yaml.root()).error("profile has no services." + s);
      }
      Map<String, YamlFile.Entry> p = index(yaml, given.get(s).value(), s + " must be a mapping");
      String tls = scalar(yaml, required(yaml, p, "tls"));
      if (!tls.equals("opportunistic") && !tls.equals("mandatory")) {
        throw p.get("tls").origin().error("tls must be opportunistic or mandatory, not " + tls);
      }
      String min = scalar(yaml, required(yaml, p, "min_protocol"));
      TlsProtocol floor = TlsProtocol.byLabel(min).orElseThrow(() ->
          p.get("min_protocol").origin().error("unknown protocol " + min + " (one of SSLv3,"
              + " TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)"));
      String ciphers = p.containsKey("ciphers") ? scalar(yaml, p.get("ciphers")) : "";
      if (!ciphers.isEmpty()) {
        checkCiphers(ciphers, p.get("ciphers").origin());
      }
      onlyKeys(p, SERVICE_KEYS, "services." + s);
      services.put(s, new ServicePolicy(tls.equals("mandatory"), floor, ciphers));
    }
    for (String s : given.keySet()) {
      if (!SERVICES.contains(s)) {
        throw given.get(s).origin().error("unknown service '" + s + "' (mta, submission, mailbox)");
      }
    }
    Map<String, YamlFile.Entry> dh = index(yaml, required(yaml, top, "dh").value(),
        "dh must be a mapping");
    String source = scalar(yaml, required(yaml, dh, "source"));
    if (!DH_SOURCES.contains(source)) {
      throw dh.get("source").origin().error("dh.source must be one of " + DH_SOURCES);
    }
    onlyKeys(dh, DH_KEYS, "dh");
    int bits = within(integer(yaml, dh, "bits", 2048), 2048, 16384, dh.get("bits"), "dh.bits");
    int renewAfterDays = within(integer(yaml, dh, "renew_after_days", 90), 1, 3650,
        dh.get("renew_after_days"), "dh.renew_after_days");
    String pem = switch (source) {
      case "file" -> dhFile(file, yaml, required(yaml, dh, "file"), bits);
      case "ffdhe2048" -> FFDHE2048;
      default -> null;
    };
    String keyExchange = top.containsKey("key_exchange")
        ? scalar(yaml, top.get("key_exchange")) : "keep";
    if (!KEY_EXCHANGES.contains(keyExchange)) {
      throw top.get("key_exchange").origin().error("key_exchange must be one of "
          + KEY_EXCHANGES + ", not " + keyExchange);
    }
    String name = scalar(yaml, required(yaml, top, "name"));
    // After the required keys: a file that is no profile at all is not quoted key by key.
    for (YamlFile.Entry e : top.values()) {
      if (!TOP_KEYS.contains(e.key())) {
        throw e.origin().error("unknown profile key '" + e.key() + "' ("
            + String.join(", ", TOP_KEYS) + ")");
      }
    }
    return new Profile(
        name,
        services,
        bool(yaml, top, "server_cipher_preference", true),
        bool(yaml, top, "compression", false),
        // Postfix's smtpd_tls_loglevel range; the other products only ask whether it is > 0.
        within(integer(yaml, top, "tls_log_level", 1), 0, 4, top.get("tls_log_level"),
            "tls_log_level"),
        new DhPolicy(source, bits, pem, renewAfterDays),
        keyExchange);
  }

  private static void onlyKeys(Map<String, YamlFile.Entry> given, List<String> known,
      String where) throws BadInputException {
    for (YamlFile.Entry e : given.values()) {
      if (!known.contains(e.key())) {
        throw e.origin().error("unknown key '" + e.key() + "' in " + where + " ("
            + String.join(", ", known) + ")");
      }
    }
  }

  private static int within(int n, int min, int max, YamlFile.Entry entry, String key)
      throws BadInputException {
    if (n < min || n > max) {
      throw entry.origin().error(key + " must be " + min + "-" + max + ", not " + n);
    }
    return n;
  }

  /** A cipher string the controller's OpenSSL expands to no cipher at all is a mistake. */
  private static void checkCiphers(String ciphers, Origin at) throws BadInputException {
    try {
      Process p = new ProcessBuilder("openssl", "ciphers", ciphers).redirectErrorStream(true)
          .start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw at.error("ciphers '" + ciphers + "' name no cipher this controller's OpenSSL"
            + " knows (openssl ciphers expands them to nothing)");
      }
    } catch (IOException e) {
      throw at.error("cannot run openssl to check the ciphers: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw at.error("interrupted while checking the ciphers");
    }
  }

  /**
   * A pre-generated group ({@code openssl dhparam -out FILE 4096}), path relative to the
   * profile: read now, so a missing or small file stops the run before any host is touched.
   */
  private static String dhFile(Path profile, YamlFile yaml, YamlFile.Entry entry, int bits)
      throws BadInputException {
    Path file = profile.toAbsolutePath().resolveSibling(scalar(yaml, entry));
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw entry.origin().error("dh.file: cannot read " + file + ": " + e.getMessage());
    }
    DhPem dh;
    try {
      dh = DhPem.parse(pem);
    } catch (IllegalArgumentException e) {
      throw entry.origin().error("dh.file: " + file + " is not PEM DH parameters ("
          + e.getMessage() + ")");
    }
    if (dh.bits() < bits) {
      throw entry.origin().error("dh.file: " + file + " holds a " + dh.bits() + "-bit group,"
          + " smaller than dh.bits " + bits);
    }
    return dh.block();
  }

  public ServicePolicy service(String name) {
    return services.get(name);
  }

  static Map<String, YamlFile.Entry> index(YamlFile yaml, Node node, String expected)
      throws BadInputException {
    Map<String, YamlFile.Entry> m = new LinkedHashMap<>();
    for (YamlFile.Entry e : yaml.entries(node, expected)) {
      m.put(e.key(), e);
    }
    return m;
  }

  static YamlFile.Entry required(YamlFile yaml, Map<String, YamlFile.Entry> m, String key)
      throws BadInputException {
    YamlFile.Entry e = m.get(key);
    if (e == null) {
      throw new BadInputException(String.valueOf(yaml.origin(yaml.root()).file()),
          "missing required key '" + key + "'");
    }
    return e;
  }

  static String scalar(YamlFile yaml, YamlFile.Entry e) throws BadInputException {
    Object v = yaml.value(e.value());
    if (v instanceof Map || v instanceof List) {
      throw e.origin().error(e.key() + " must be a single value");
    }
    return v == null ? "" : String.valueOf(v);
  }

  private static boolean bool(YamlFile yaml, Map<String, YamlFile.Entry> m, String key,
      boolean dflt) throws BadInputException {
    if (!m.containsKey(key)) {
      return dflt;
    }
    Object v = yaml.value(m.get(key).value());
    if (!(v instanceof Boolean b)) {
      throw m.get(key).origin().error(key + " must be true or false");
    }
    return b;
  }

  private static int integer(YamlFile yaml, Map<String, YamlFile.Entry> m, String key, int dflt)
      throws BadInputException {
    if (!m.containsKey(key)) {
      return dflt;
    }
    Object v = yaml.value(m.get(key).value());
    if (!(v instanceof Integer i)) {
      throw m.get(key).origin().error(key + " must be a whole number");
    }
    return i;
  }
}
