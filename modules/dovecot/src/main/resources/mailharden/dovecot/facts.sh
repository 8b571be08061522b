# Dovecot facts; prints nothing when Dovecot is absent.
command -v dovecot >/dev/null 2>&1 || exit 0
v=$(dovecot --version)
# "2.3.19.1 (9b53102964)": the version is the first word.
echo "version=${v%% *}"
echo "version_string=$v"
# doveconf -n starts with "# VERSION (BUILD): /path/to/dovecot.conf".
conf=$(doveconf -n 2>/dev/null | sed -n '1s/^#.*: //p')
echo "config_file=$conf"
echo "config_dir=$(dirname "${conf:-/etc/dovecot/dovecot.conf}")"
# Only 2.4+ knows dovecot_config_version: the settings syntax follows from that, not the number.
if doveconf -h dovecot_config_version >/dev/null 2>&1; then echo config_syntax=2.4; else echo config_syntax=2.3; fi
command -v dpkg-query >/dev/null 2>&1 && echo "package_version=$(dpkg-query -W -f '${Version}' dovecot-core 2>/dev/null)"
# Post-quantum hybrid groups in the OpenSSL the daemon links (Debian: one libssl for all).
if openssl list -tls-groups 2>/dev/null | tr ':' '\n' | grep -qx X25519MLKEM768; then echo hybrid_kx=yes; else echo hybrid_kx=no; fi
# The server certificate in force (doveconf follows every include). 2.4 names the file and
# keeps it in the ssl_server filter (a top-level ssl_server_cert_file is shown there; the
# top-level query prints nothing); 2.3 reads it with a leading '<'. By version: 2.3's
# doveconf exits 0 on a setting it does not know.
case "$v" in
  2.[0-3].*|1.*) server_cert "$(doveconf -h ssl_cert | sed 's/^<//')" "$(doveconf -h ssl_key | sed 's/^<//')" ;;
  *) server_cert "$(doveconf -h ssl_server/ssl_server_cert_file)" "$(doveconf -h ssl_server/ssl_server_key_file)" ;;
esac

# The files Dovecot reads, in the order it reads them (!include and !include_try, globs
# relative to the including file): a setting takes effect where it is defined last, e.g. in
# the local.conf Debian's dovecot.conf includes after conf.d.
dovecot_tree() {
  echo "$1"
  [ "$2" -lt 8 ] || return 0
  sed -n 's/^[[:space:]]*!include\(_try\)\{0,1\}[[:space:]]\{1,\}//p' "$1" 2>/dev/null |
    while read -r pattern; do
      case "$pattern" in /*) ;; *) pattern="$(dirname "$1")/$pattern" ;; esac
      for f in $pattern; do [ -f "$f" ] && dovecot_tree "$f" $(($2 + 1)); done
    done
}
echo "config_files=$(dovecot_tree "${conf:-/etc/dovecot/dovecot.conf}" 0 | tr '\n' ' ')"
