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
 * owner, group, mode), whether the certificate and key exist and belong together, and the
 * size of the DH parameters file.
 */
public record HostInspection(Map<String, RemoteFile> files, CertCheck cert,
    Optional<Integer> dhBits) {

  /** The certificate/key pair the play names, as found on the host. */
  public record CertCheck(boolean certExists, boolean keyExists, boolean match) {}

  private static final String FILE = "@@file ";
  private static final Pattern DH_BITS = Pattern.compile("\\((\\d+) bit\\)");

  public static HostInspection read(RemoteShell host, Collection<String> paths, HostValues v)
      throws ConnectionException, PlanException {
    StringBuilder s = new StringBuilder();
    for (String p : paths) {
      String q = Shell.quote(p);
      s.append("echo '").append(FILE).append(p.replace("'", "")).append("'; ")
          .append("if [ -f ").append(q).append(" ]; then stat -c '%a %U %G' ").append(q)
          .append("; base64 -w0 ").append(q).append("; echo; else echo ABSENT; fi\n");
    }
    String cert = Shell.quote(v.tlsCert());
    String key = Shell.quote(v.tlsKey());
    // Public keys compared by digest: the key material itself never leaves the host.
    s.append("echo '@@cert'; [ -f ").append(cert).append(" ] && echo cert=yes; [ -f ")
        .append(key).append(" ] && echo key=yes; ")
        .append("a=$(openssl x509 -in ").append(cert).append(" -noout -pubkey 2>/dev/null")
        .append(" | sha256sum); b=$(openssl pkey -in ").append(key)
        .append(" -pubout 2>/dev/null | sha256sum); ")
        .append("[ -n \"$a\" ] && [ \"$a\" = \"$b\" ] && echo match=yes\n");
    s.append("echo '@@dh'; openssl dhparam -in ").append(Shell.quote(v.dhFile()))
        .append(" -noout -text 2>/dev/null | head -n 1\n");
    ExecResult r = host.exec(s.toString());
    if (!r.ok()) {
      throw new PlanException(host.hostName() + ": reading the configuration failed (exit "
          + r.exitStatus() + "): " + r.stderr().strip());
    }
    return parse(r.stdout());
  }

  static HostInspection parse(String out) {
    Map<String, RemoteFile> files = new LinkedHashMap<>();
    String[] lines = out.split("\n", -1);
    boolean certExists = false;
    boolean keyExists = false;
    boolean match = false;
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
      } else if (section.equals("@@cert")) {
        certExists |= l.equals("cert=yes");
        keyExists |= l.equals("key=yes");
        match |= l.equals("match=yes");
      } else if (section.equals("@@dh")) {
        Matcher m = DH_BITS.matcher(l);
        if (m.find()) {
          dh = Optional.of(Integer.parseInt(m.group(1)));
        }
      }
    }
    return new HostInspection(files, new CertCheck(certExists, keyExists, match), dh);
  }
}
