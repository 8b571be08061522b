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
