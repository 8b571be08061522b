package dev.mailharden.core.plan;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.connect.Shell;
import dev.mailharden.core.playbook.HostValues;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the plan reads from a host, in one round trip: the config files (content,
 * owner, group, mode), whether the server certificate and key and the client pair (when the
 * play gives them) exist and belong together, and the size of the DH parameters file.
 *
 * @param cert the server pair's check; empty when the play gives none
 * @param clientCert the client pair's check; empty when the play gives none
 */
public record HostInspection(Map<String, RemoteFile> files, Optional<CertCheck> cert,
    Optional<CertCheck> clientCert, Optional<Integer> dhBits) {

  /** A certificate/key pair the play names, as found on the host. */
  public record CertCheck(boolean certExists, boolean keyExists, boolean match) {}

  private static final String FILE = "@@file ";
  private static final String SERVER = "@@cert server";
  private static final String CLIENT = "@@cert client";
  private static final Pattern DH_BITS = Pattern.compile("\\((\\d+) bit\\)");

  public static HostInspection read(RemoteShell host, Collection<String> paths, HostValues v)
      throws ConnectionException, PlanException {
    StringBuilder s = fileReads(paths);
    if (!v.tlsCert().isEmpty()) {
      pairCheck(s, SERVER, v.tlsCert(), v.tlsKey());
    }
    if (!v.clientCert().isEmpty()) {
      pairCheck(s, CLIENT, v.clientCert(), v.clientKey());
    }
    s.append("echo '@@dh'; openssl dhparam -in ").append(Shell.quote(v.dhFile()))
        .append(" -noout -text 2>/dev/null | head -n 1\n");
    return parse(run(host, s));
  }

  /** Only files, in one round trip (for a path known only once the configuration is read). */
  public static Map<String, RemoteFile> readFiles(RemoteShell host, Collection<String> paths)
      throws ConnectionException, PlanException {
    return parse(run(host, fileReads(paths))).files();
  }

  private static StringBuilder fileReads(Collection<String> paths) {
    StringBuilder s = new StringBuilder();
    for (String p : paths) {
      String q = Shell.quote(p);
      s.append("echo '").append(FILE).append(p.replace("'", "")).append("'; ")
          .append("if [ -f ").append(q).append(" ]; then stat -c '%a %U %G' ").append(q)
          .append("; base64 -w0 ").append(q).append("; echo; else echo ABSENT; fi\n");
    }
    return s;
  }

  private static String run(RemoteShell host, StringBuilder script)
      throws ConnectionException, PlanException {
    ExecResult r = host.exec(script.toString());
    if (!r.ok()) {
      throw new PlanException(host.hostName() + ": reading the configuration failed (exit "
          + r.exitStatus() + "): " + r.stderr().strip());
    }
    return r.stdout();
  }

  /** Public keys compared by digest: the key material itself never leaves the host. */
  private static void pairCheck(StringBuilder s, String section, String certPath,
      String keyPath) {
    String cert = Shell.quote(certPath);
    String key = Shell.quote(keyPath);
    s.append("echo '").append(section).append("'; [ -f ").append(cert)
        .append(" ] && echo cert=yes; [ -f ").append(key).append(" ] && echo key=yes; ")
        .append("a=$(openssl x509 -in ").append(cert).append(" -noout -pubkey 2>/dev/null")
        .append(" | sha256sum); b=$(openssl pkey -in ").append(key)
        .append(" -pubout 2>/dev/null | sha256sum); ")
        .append("[ -n \"$a\" ] && [ \"$a\" = \"$b\" ] && echo match=yes\n");
  }

  static HostInspection parse(String out) {
    Map<String, RemoteFile> files = new LinkedHashMap<>();
    String[] lines = out.split("\n", -1);
    Map<String, boolean[]> pairs = new LinkedHashMap<>();
    Optional<Integer> dh = Optional.empty();
    String section = "";
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.startsWith(FILE)) {
        String path = l.substring(FILE.length());
        String meta = lines[++i];
        if (meta.equals("ABSENT")) {
          files.put(path, RemoteFile.absent(path));
        } else {
          String[] m = meta.split(" ");
          String content = new String(Base64.getDecoder().decode(lines[++i].strip()),
              StandardCharsets.UTF_8);
          files.put(path, new RemoteFile(path, content, m[0], m[1], m[2]));
        }
      } else if (l.startsWith("@@")) {
        section = l;
        if (l.startsWith("@@cert ")) {
          pairs.put(l, new boolean[3]);
        }
      } else if (pairs.containsKey(section)) {
        boolean[] seen = pairs.get(section);
        seen[0] |= l.equals("cert=yes");
        seen[1] |= l.equals("key=yes");
        seen[2] |= l.equals("match=yes");
      } else if (section.equals("@@dh")) {
        Matcher m = DH_BITS.matcher(l);
        if (m.find()) {
          dh = Optional.of(Integer.parseInt(m.group(1)));
        }
      }
    }
    return new HostInspection(files, check(pairs.get(SERVER)), check(pairs.get(CLIENT)), dh);
  }

  private static Optional<CertCheck> check(boolean[] seen) {
    return seen == null ? Optional.empty()
        : Optional.of(new CertCheck(seen[0], seen[1], seen[2]));
  }
}
