#!/bin/bash
# Smoke check of a running demo lab (after lab.sh up): TLS with chain
# verification on every mail port, root SSH, service restarts over SSH that
# return, nothing of the lab on a wildcard address. Exit 1 on any failure.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=${MAILHARDEN_LAB_STATE:-$HOME/.mailharden/lab}
SSH=(ssh -n -i "$STATE/id_ed25519" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
     -o LogLevel=ERROR -o BatchMode=yes -o ConnectTimeout=5)
rc=0
check() {  # description, command...
  if "${@:2}" >/dev/null 2>&1; then echo "ok   $1"; else echo "FAIL $1"; rc=1; fi
}
tls() {  # ip port [starttls-proto]
  local out
  out=$(timeout 15 openssl s_client -connect "$1:$2" ${3:+-starttls "$3"} -CAfile "$STATE/ca.crt" \
        -verify_return_error </dev/null 2>&1) || return 1
  grep -a 'Verify return code: 0 (ok)' <<<"$out" >/dev/null
}
while read -r name ip release flavor; do
  check "$name ssh root" "${SSH[@]}" "root@$ip" true
  check "$name ssh admin, sudo with password" "${SSH[@]}" "admin@$ip" \
    '! sudo -n true && echo admin-lab-pw | sudo -S -p "" true'
  check "$name smtp/25 STARTTLS" tls "$ip" 25 smtp
  check "$name imap/143 STARTTLS" tls "$ip" 143 imap
  check "$name pop3/110 STARTTLS" tls "$ip" 110 pop3
  case $flavor in
    postfix-dovecot)
      check "$name imaps/993" tls "$ip" 993
      check "$name pop3s/995" tls "$ip" 995
      services="ssh postfix dovecot" ;;
    exim-cyrus) services="ssh exim4 cyrus-imapd" ;;
  esac
  for s in $services; do
    check "$name service $s restart over ssh" timeout 90 "${SSH[@]}" "root@$ip" \
      "service $s restart </dev/null >/dev/null 2>&1"
  done
done < <(awk '!/^[[:space:]]*(#|$)/ {print $1, $2, $3, $4}' "$HERE/lab-hosts.tsv")
# Give restarted daemons a moment, then check nobody of the lab took a wildcard.
sleep 2
wild=$(ss -ltnpH | grep -E 'sshd|master|dovecot|exim|cyrmaster' | awk '{print $4}' | grep -E '^(0\.0\.0\.0|\*|\[::\]):' || true)
check "no lab listener on a wildcard address" test -z "$wild"
exit $rc
