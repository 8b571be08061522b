# Sourced by lab-start (bash, set -euo pipefail) in a postfix-dovecot lab host.
# Changes to stock Debian config: the listen address, host name and the lab
# certificate (LAB_CERT/LAB_KEY from lab-start, the Let's Encrypt paths).

# Postfix: bind to LAB_IP only (the machine must carry LAB_IP on lo, lab-notes
# trap 1); the stock snakeoil lines point at the lab certificate instead.
postconf -e "inet_interfaces=$LAB_IP" "inet_protocols=ipv4" "myhostname=$LAB_NAME" \
  "smtpd_tls_cert_file=$LAB_CERT" "smtpd_tls_key_file=$LAB_KEY"
LAB_SERVICES+=(postfix)

# Dovecot: a drop-in that overrides the stock "listen = *, ::" (2.3 and 2.4).
printf '# mailharden lab: bind to the lab address only\nlisten = %s\n' "$LAB_IP" \
  >/etc/dovecot/conf.d/99-lab-listen.conf
# The certificate where Debian's 10-ssl.conf names snakeoil (2.3: ssl_cert = <FILE;
# 2.4: ssl_server_cert_file = FILE), edited on that line as an admin would.
sed -i -E -e "s|^(ssl_cert[[:space:]]*=[[:space:]]*<).*|\1$LAB_CERT|" \
  -e "s|^(ssl_key[[:space:]]*=[[:space:]]*<).*|\1$LAB_KEY|" \
  -e "s|^(ssl_server_cert_file[[:space:]]*=[[:space:]]*).*|\1$LAB_CERT|" \
  -e "s|^(ssl_server_key_file[[:space:]]*=[[:space:]]*).*|\1$LAB_KEY|" \
  /etc/dovecot/conf.d/10-ssl.conf
LAB_SERVICES+=(dovecot)
LAB_PORTS+=(22 25 110 143 993 995)

lab_flavor_check() {
  postfix check
  doveconf -n >/dev/null
  doveconf -n | grep -F "$LAB_CERT"
}
