# Exim facts; prints nothing when Exim is absent. Debian names the binary exim4.
x=$(command -v exim4 || command -v exim) || exit 0
bv=$("$x" -bV 2>/dev/null)
echo "version=$(printf '%s\n' "$bv" | sed -n 's/^Exim version \([^ ]*\).*/\1/p')"
echo "binary=$x"
# The TLS library decides the whole cipher syntax (GnuTLS priority strings vs OpenSSL).
support=$(printf '%s\n' "$bv" | sed -n 's/^Support for: //p')
# Post-quantum hybrid groups: GnuTLS names X25519-MLKEM768 only when built with ML-KEM
# (leancrypto); an OpenSSL build has them with OpenSSL 3.5.
case " $support " in
  *" GnuTLS "*) echo tls_library=gnutls
    lib=$(ldd "$x" 2>/dev/null | awk '/libgnutls\.so/ { print $3 }')
    if [ -n "$lib" ] && grep -qa 'X25519-MLKEM768' "$lib"; then echo hybrid_kx=yes; else echo hybrid_kx=no; fi ;;
  *" OpenSSL "*) echo tls_library=openssl
    if openssl list -tls-groups 2>/dev/null | tr ':' '\n' | grep -qx X25519MLKEM768; then echo hybrid_kx=yes; else echo hybrid_kx=no; fi ;;
esac
echo "running_config=$(printf '%s\n' "$bv" | sed -n 's/^Configuration file is //p')"
# Debian's generator: a hand-written exim4.conf bypasses it; otherwise split or unsplit.
if [ -f /etc/exim4/exim4.conf ]; then
  echo config_style=plain
elif [ -f /etc/exim4/update-exim4.conf.conf ]; then
  . /etc/exim4/update-exim4.conf.conf
  if [ "${dc_use_split_config:-false}" = true ]; then echo config_style=debian-split; else echo config_style=debian-unsplit; fi
fi
command -v dpkg-query >/dev/null 2>&1 && echo "package_version=$(dpkg-query -W -f '${Version}' exim4-base 2>/dev/null)"
# The default HELO name (helo_data is $primary_hostname unless set).
echo "primary_hostname=$("$x" -bP primary_hostname 2>/dev/null | sed -n 's/^primary_hostname = //p')"
# The user Exim reads the TLS key as (Debian: Debian-exim).
echo "exim_user=$("$x" -bP exim_user 2>/dev/null | sed -n 's/^exim_user = //p')"
# Split config: the authenticator files update-exim4.conf concatenates (only names made of
# letters, digits, '_' and '-': .dpkg-old, .ucf-dist and editor backups are skipped).
if [ -d /etc/exim4/conf.d/auth ]; then
  echo "auth_files=$(ls -d /etc/exim4/conf.d/auth/* 2>/dev/null | grep -E '/[[:alnum:]_-]+$' | tr '\n' ' ')"
fi
# The server certificate of the running configuration (the key defaults to the certificate
# file). With TLS off, Debian's template takes CONFDIR/exim.crt and exim.key once
# MAIN_TLS_ENABLE is set without MAIN_TLS_CERTIFICATE: what a hardened Debian Exim serves.
c=$("$x" -bP tls_certificate 2>/dev/null | sed -n 's/^tls_certificate = //p')
k=$("$x" -bP tls_privatekey 2>/dev/null | sed -n 's/^tls_privatekey = //p')
if [ -z "$c" ] && [ -f /etc/exim4/update-exim4.conf.conf ] && [ ! -f /etc/exim4/exim4.conf ]; then
  c=/etc/exim4/exim.crt k=/etc/exim4/exim.key
fi
server_cert "$c" "${k:-$c}"
# Split config: the main-section files too, where an admin may set an option outright.
if [ -d /etc/exim4/conf.d/main ]; then
  echo "main_files=$(ls -d /etc/exim4/conf.d/main/* 2>/dev/null | grep -E '/[[:alnum:]_-]+$' | tr '\n' ' ')"
fi
