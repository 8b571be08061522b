# Postfix facts; prints nothing when Postfix is absent.
command -v postconf >/dev/null 2>&1 || exit 0
echo "version=$(postconf -h mail_version)"
echo "config_directory=$(postconf -h config_directory)"
# The HELO name when main.cf leaves myhostname unset (the system's FQDN, as Postfix finds it).
echo "default_myhostname=$(postconf -dh myhostname)"
echo "compatibility_level=$(postconf -h compatibility_level)"
# The OpenSSL smtpd is linked against decides which TLS settings exist (tls_ffdhe_auto_groups).
echo "libssl=$(ldd "$(postconf -h daemon_directory)/smtpd" 2>/dev/null | awk '/libssl/ { print $1 }')"
echo "openssl_version=$(openssl version 2>/dev/null | awk '{ print $2 }')"
command -v dpkg-query >/dev/null 2>&1 && echo "package_version=$(dpkg-query -W -f '${Version}' postfix 2>/dev/null)"
# Post-quantum hybrid groups in the OpenSSL the daemon links (Debian: one libssl for all).
if openssl list -tls-groups 2>/dev/null | tr ':' '\n' | grep -qx X25519MLKEM768; then echo hybrid_kx=yes; else echo hybrid_kx=no; fi
# The server certificate smtpd uses: smtpd_tls_chain_files (3.4+, a key before its
# certificates, possibly in one file) wins over smtpd_tls_cert_file/smtpd_tls_key_file.
chain=$(postconf -h smtpd_tls_chain_files 2>/dev/null | tr ',' ' ')
if [ -n "$chain" ]; then
  c= k=
  for f in $chain; do
    [ -z "$k" ] && grep -q 'PRIVATE KEY-----' "$f" 2>/dev/null && k=$f
    [ -z "$c" ] && grep -q 'BEGIN CERTIFICATE' "$f" 2>/dev/null && c=$f
  done
  server_cert "$c" "$k"
else
  server_cert "$(postconf -h smtpd_tls_cert_file)" "$(postconf -h smtpd_tls_key_file)"
fi
