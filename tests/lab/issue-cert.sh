#!/bin/bash
# Issue the lab's credentials with openssl: a lab CA, an SSH key, and per host
# the directory that lab containers mount on /lab.
# Usage: issue-cert.sh STATE_DIR NAME IP
# Idempotent: existing files are kept (reissued only when absent).
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 STATE_DIR NAME IP" >&2; exit 2; }
STATE=$1 NAME=$2 IP=$3
HDIR="$STATE/hosts/$NAME"
mkdir -p "$STATE" "$HDIR"
# Two test JVMs start hosts at once: one CA, one serial file, one SSH key for both.
exec 8>"$STATE/.issue-cert.lock"
flock 8
umask 022

# Lab CA: EC P-256, 10 years. Only its key stays private.
if [ ! -s "$STATE/ca.key" ] || [ ! -s "$STATE/ca.crt" ]; then
  echo "issue-cert: creating lab CA in $STATE" >&2
  (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$STATE/ca.key" 2>/dev/null)
  openssl req -x509 -new -key "$STATE/ca.key" -sha256 -days 3650 \
    -subj "/O=mailharden lab/CN=mailharden lab CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$STATE/ca.crt"
fi

# SSH key for root/admin on every lab host.
if [ ! -s "$STATE/id_ed25519" ]; then
  rm -f "$STATE/id_ed25519.pub"
  ssh-keygen -q -t ed25519 -N '' -C "mailharden-lab" -f "$STATE/id_ed25519"
fi

# Leaf: RSA 2048, CN and SAN = NAME, SAN IP, serverAuth+clientAuth.
if [ ! -s "$HDIR/host.key" ] || [ ! -s "$HDIR/host.crt" ]; then
  echo "issue-cert: issuing certificate for $NAME ($IP)" >&2
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$HDIR/host.key" 2>/dev/null
  EXT=$(mktemp)
  trap 'rm -f "$EXT" "$HDIR/host.csr"' EXIT
  cat >"$EXT" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:$NAME,IP:$IP
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EXT
  openssl req -new -key "$HDIR/host.key" -subj "/O=mailharden lab/CN=$NAME" -out "$HDIR/host.csr"
  openssl x509 -req -in "$HDIR/host.csr" -CA "$STATE/ca.crt" -CAkey "$STATE/ca.key" \
    -CAcreateserial -sha256 -days 825 -extfile "$EXT" -out "$HDIR/host.crt" 2>/dev/null
  rm -f "$HDIR/host.csr"
fi
# The host key is readable (0644) on purpose: the directory is bind-mounted
# read-only and the container installs the key with tight modes itself.
chmod 0644 "$HDIR/host.key"
cp "$STATE/ca.crt" "$HDIR/ca.crt"
cp "$STATE/id_ed25519.pub" "$HDIR/authorized_keys"
chmod 0644 "$HDIR/host.crt" "$HDIR/ca.crt" "$HDIR/authorized_keys"
echo "$HDIR"
