# Exim facts; prints nothing when Exim is absent. Debian names the binary exim4.
x=$(command -v exim4 || command -v exim) || exit 0
bv=$("$x" -bV 2>/dev/null)
echo "version=$(printf '%s\n' "$bv" | sed -n 's/^Exim version \([^ ]*\).*/\1/p')"
echo "binary=$x"
# The TLS library decides the whole cipher syntax (GnuTLS priority strings vs OpenSSL).
support=$(printf '%s\n' "$bv" | sed -n 's/^Support for: //p')
case " $support " in
  *" GnuTLS "*) echo tls_library=gnutls ;;
  *" OpenSSL "*) echo tls_library=openssl ;;
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
# ... and its main-section files, where an admin may set an option outright.
if [ -d /etc/exim4/conf.d/main ]; then
  echo "main_files=$(ls -d /etc/exim4/conf.d/main/* 2>/dev/null | grep -E '/[[:alnum:]_-]+$' | tr '\n' ' ')"
fi
