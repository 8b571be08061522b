#!/bin/bash
# Prepare this machine (Debian 12, root) for the mailharden lab: packages,
# a Docker engine that can never reach a registry, and the lab images.
# Idempotent: on a prepared machine it only checks and returns quickly.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# /usr/local/bin/docker is a newer client that shadows Debian's; use Debian's.
DOCKER=${DOCKER:-/usr/bin/docker}
export DOCKER

say() { echo "setup-host: $*" >&2; }
die() { echo "setup-host: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"

# 1. Packages: apt-get update only when something is missing (slow, needs the mirror).
# dnsmasq-base: the DNS server the name-check tests start on loopback (the binary only:
# the dnsmasq package would also start a system resolver service on port 53).
# ansible-core: ansible-vault made the Vault fixtures; ansible-inventory is what the inventory
# comparison test reads the example Ansible project with.
PKGS=(docker.io debootstrap openssl iproute2 maven openjdk-17-jdk-headless testssl.sh ca-certificates procps dnsmasq-base ansible-core)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep '^install ok installed$' >/dev/null || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
else
  say "packages present"
fi

# 2. Docker engine. No registry is reachable: the proxy on a dead loopback port
# makes any accidental pull fail at once instead of hanging.
if ! "$DOCKER" info >/dev/null 2>&1; then
  say "starting dockerd (log: /var/log/mailharden-dockerd.log)"
  # setsid/nohup: the daemon must outlive this script and its terminal.
  HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY= \
    setsid nohup dockerd --bridge=none --iptables=false --ip-forward=false \
    >>/var/log/mailharden-dockerd.log 2>&1 </dev/null &
  deadline=$((SECONDS + 30))
  until "$DOCKER" info >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] ||
      die "dockerd did not answer within 30 s; see /var/log/mailharden-dockerd.log"
    sleep 0.5
  done
  say "dockerd ready"
else
  say "docker engine answers"
fi

# 3. Lab images: one per distinct release/flavor pair of the lab; build-image.sh
# returns at once when the image already exists.
while read -r release flavor; do
  "$HERE/build-image.sh" "$release" "$flavor"
done < <(awk '!/^[[:space:]]*(#|$)/ {print $3, $4}' "$HERE/lab-hosts.tsv" | sort -u)
say "done"
