# Cyrus IMAP facts; prints nothing when Cyrus is absent. Debian keeps its tools here.
m=/usr/lib/cyrus/bin/master
[ -x "$m" ] || m=$(command -v cyrmaster) || exit 0
# "cyrus-imapd 3.10.2-Debian-3.10.2-1+deb13u2": the version is the second word, up to "-".
v=$("$m" -V 2>&1 | sed -n 's/^cyrus-imapd \([0-9][0-9.]*\).*/\1/p')
echo "version=$v"
echo "version_string=$("$m" -V 2>&1 | head -n 1)"
echo "master=$m"
# cyr_info and the other tools live beside the master (Debian: /usr/lib/cyrus/bin).
echo "tools=$(dirname "$m")"
[ -f /etc/imapd.conf ] && echo imapd_conf=/etc/imapd.conf
[ -f /etc/cyrus.conf ] && echo cyrus_conf=/etc/cyrus.conf
command -v dpkg-query >/dev/null 2>&1 && echo "package_version=$(dpkg-query -W -f '${Version}' cyrus-common 2>/dev/null)"
# Post-quantum hybrid groups in the OpenSSL the daemon links (Debian: one libssl for all).
if openssl list -tls-groups 2>/dev/null | tr ':' '\n' | grep -qx X25519MLKEM768; then echo hybrid_kx=yes; else echo hybrid_kx=no; fi
# The server certificate every service without its own <service>_tls_server_cert uses
# (the last line wins; tls_cert_file/tls_key_file before 2.5).
cert_key() { sed -n "s/^$1:[[:space:]]*//p" /etc/imapd.conf 2>/dev/null | tail -n 1; }
case "$v" in
  1.*|2.[0-4]|2.[0-4].*) server_cert "$(cert_key tls_cert_file)" "$(cert_key tls_key_file)" ;;
  *) server_cert "$(cert_key tls_server_cert)" "$(cert_key tls_server_key)" ;;
esac
