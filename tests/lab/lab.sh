#!/bin/bash
# The demo lab of real mail hosts (one container per line of lab-hosts.tsv).
# Usage: lab.sh up|down|status
#   state dir: ${MAILHARDEN_LAB_STATE:-$HOME/.mailharden/lab} (CA, SSH key, certs, known_hosts)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DOCKER=${DOCKER:-/usr/bin/docker}
export DOCKER
STATE=${MAILHARDEN_LAB_STATE:-$HOME/.mailharden/lab}
INVENTORY=${MAILHARDEN_LAB_INVENTORY:-$REPO/inventory-examples/lab.yml}
# Another set of hosts (the fleet benchmark's) may be given as a file of the same columns.
HOSTS_TSV=${MAILHARDEN_LAB_HOSTS:-$HERE/lab-hosts.tsv}

say() { echo "lab: $*" >&2; }
die() { echo "lab: ERROR: $*" >&2; exit 1; }

hosts() { awk '!/^[[:space:]]*(#|$)/ {print $1, $2, $3, $4}' "$HOSTS_TSV"; }
cname() { echo "mh-lab-${1%%.*}"; }

ports_of() {  # flavor -> TCP ports that must answer
  case "$1" in
    postfix-dovecot) echo 22 25 110 143 993 995 ;;
    exim-cyrus) echo 22 25 110 143 ;;
    *) echo 22 ;;
  esac
}

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

write_inventory() {  # state dir, output file
  local state=$1 out=$2 g name ip release flavor
  {
    echo "# Ansible inventory of the mailharden demo lab (tests/lab/lab.sh up writes it)."
    echo "# State dir: $state"
    echo "lab:"
    echo "  children:"
    for g in postfix-dovecot exim-cyrus; do
      echo "    ${g//-/_}:"
      echo "      hosts:"
      while read -r name ip release flavor; do
        [ "$flavor" = "$g" ] || continue
        echo "        $name:"
        echo "          ansible_host: $ip"
        echo "          ansible_user: root"
        echo "          ansible_ssh_private_key_file: $state/id_ed25519"
        echo "          lab_release: $release"
      done < <(hosts)
    done
  } >"$out"
}

up() {
  "$HERE/setup-host.sh"
  mkdir -p "$STATE"
  STATE=$(cd "$STATE" && pwd)   # absolute, for the inventory
  local t0=$SECONDS name ip release flavor c hdir
  echo "nameserver 127.0.0.1" >"$STATE/resolv.conf"
  while read -r name ip release flavor; do
    # Lab-notes trap 1: Postfix needs its address on an interface.
    ip -4 addr show dev lo | grep "inet $ip/" >/dev/null || ip addr add "$ip/32" dev lo
    hdir=$("$HERE/issue-cert.sh" "$STATE" "$name" "$ip")
    c=$(cname "$name")
    "$DOCKER" rm -f "$c" >/dev/null 2>&1 || true
    say "starting $c ($name on $ip, $flavor/$release)"
    # No resolver (nothing answers on 127.0.0.1:53): the daemons' DNS lookups fail at once
    # instead of stalling on, and leaving loopback for, the machine's own DNS server.
    "$DOCKER" run -d --name "$c" --network host --init --cap-add SYS_PTRACE \
      -e LAB_IP="$ip" -e LAB_NAME="$name" -v "$hdir:/lab:ro" \
      -v "$STATE/resolv.conf:/etc/resolv.conf:ro" \
      -v "$HERE/lab-start:/usr/local/sbin/lab-start:ro" \
      -v "$HERE/flavors/$flavor/setup.sh:/usr/local/lib/mailharden-lab/flavor-setup.sh:ro" \
      "mailharden-lab/$flavor:$release" >/dev/null
  done < <(hosts)
  # Host keys are new at every start.
  : >"$STATE/known_hosts"

  while read -r name ip release flavor; do
    c=$(cname "$name")
    local deadline=$((SECONDS + 60)) p ok
    until "$DOCKER" exec "$c" test -f /run/lab-ready 2>/dev/null; do
      if [ "$("$DOCKER" inspect -f '{{.State.Running}}' "$c" 2>/dev/null)" != true ] || [ "$SECONDS" -ge "$deadline" ]; then
        "$DOCKER" logs "$c" >&2 || true
        die "$c did not become ready"
      fi
      sleep 0.5
    done
    for p in $(ports_of "$flavor"); do
      until port_open "$ip" "$p"; do
        [ "$SECONDS" -lt "$deadline" ] || die "$c: nothing answers on $ip:$p"
        sleep 0.5
      done
    done
    if [ "$flavor" = exim-cyrus ]; then
      if [ "$release" = trixie ]; then
        # Debian trixie's SysV script stops Cyrus by /run/cyrus-master.pid, but Cyrus 3.10
        # writes /var/lib/cyrus/master.pid: a sysvinit admin's fix so restarts work.
        "$DOCKER" exec "$c" sh -c 'echo "OPTIONS=\"-p /run/cyrus-master.pid\"" \
          >>/etc/default/cyrus-imapd && ln -sf /var/lib/cyrus/master.pid /run/cyrus-master.pid'
      fi
    fi
    say "$name ready on $ip (ports $(ports_of "$flavor"))"
  done < <(hosts)

  mkdir -p "$(dirname "$INVENTORY")"
  write_inventory "$STATE" "$INVENTORY"
  say "inventory: $INVENTORY; ssh key: $STATE/id_ed25519; CA: $STATE/ca.crt"
  say "up in $((SECONDS - t0)) s (after setup-host)"
}

down() {
  local name ip release flavor
  while read -r name ip release flavor; do
    "$DOCKER" rm -f "$(cname "$name")" >/dev/null 2>&1 && say "removed $(cname "$name")" || true
  done < <(hosts)
}

status() {
  "$DOCKER" ps -a --filter name='^mh-lab-' --format 'table {{.Names}}\t{{.Image}}\t{{.Status}}'
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  inventory) write_inventory "${2:-/root/.mailharden/lab}" "${3:-/dev/stdout}" ;;
  *) echo "usage: $0 up|down|status   (or: inventory [STATE_DIR] [FILE], writes only the inventory)" >&2; exit 2 ;;
esac
