# Host facts: OS, init system, TCP listeners. Prints key=value lines.
if [ -r /etc/os-release ]; then
  . /etc/os-release
  echo "os_id=${ID:-}"; echo "os_version=${VERSION_ID:-}"; echo "os_name=${PRETTY_NAME:-}"
fi
# systemd only counts when it is PID 1; init scripts otherwise (containers, sysvinit hosts).
if [ -d /run/systemd/system ]; then echo init=systemd
elif [ -d /etc/init.d ] && command -v service >/dev/null 2>&1; then echo init=sysvinit
else echo init=none
fi
# Listening sockets in the kernel's own hex form (state 0A = LISTEN); the controller decodes
# them, so this works on hosts without ss or netstat.
for f in /proc/net/tcp /proc/net/tcp6; do
  [ -r "$f" ] && awk 'NR > 1 && $4 == "0A" { print "listen=" $2 }' "$f"
done
