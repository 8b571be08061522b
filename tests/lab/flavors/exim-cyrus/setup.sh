# Sourced by lab-start (bash, set -euo pipefail) in an exim-cyrus lab host.
# Changes to stock Debian config: listen addresses, per-host notifier socket
# and host name, and the certificate where stock has none. Single-line sed
# edits and drop-ins only, so admin comments stay byte-for-byte.

# --- Exim (lab-notes traps 2, 3, 8)
sed -i -e "s/^dc_local_interfaces=.*/dc_local_interfaces='$LAB_IP'/" \
       -e "s/^dc_use_split_config=.*/dc_use_split_config='true'/" \
       /etc/exim4/update-exim4.conf.conf
# Host-network containers share Linux abstract sockets: one notifier socket
# per lab host (the option exists from 4.94; the macro guard keeps older ones
# working). The UTS hostname is the machine's, so name the host explicitly.
cat >/etc/exim4/conf.d/main/000_mailharden-lab <<LAB
# mailharden lab: per-host settings (written at every container start)
.ifdef _OPT_MAIN_NOTIFIER_SOCKET
notifier_socket = /var/spool/exim4/exim_daemon_notify_$LAB_IP
.endif
.ifndef MAIN_HARDCODE_PRIMARY_HOSTNAME
MAIN_HARDCODE_PRIMARY_HOSTNAME = $LAB_NAME
.endif
LAB
# Stock Debian sets tls_certificate only under MAIN_TLS_ENABLE; without it
# Exim (>= 4.87) still advertises STARTTLS but with a certificate it generates
# itself at each connection, which no client can verify. Enable it the
# Debian-documented way (README.Debian), naming the lab certificate; Exim reads
# the key as Debian-exim, which joins ssl-cert (the key's group).
LOCALMACROS=/etc/exim4/conf.d/main/000_localmacros
grep -qs '^MAIN_TLS_ENABLE' "$LOCALMACROS" || cat >>"$LOCALMACROS" <<TLS
MAIN_TLS_ENABLE = yes
MAIN_TLS_CERTIFICATE = $LAB_CERT
MAIN_TLS_PRIVATEKEY = $LAB_KEY
TLS
getent group ssl-cert >/dev/null && usermod -aG ssl-cert Debian-exim
update-exim4.conf >>/var/log/lab-start.log 2>&1
LAB_SERVICES+=(exim4)
LAB_LOGS+=(/var/log/exim4/mainlog /var/log/exim4/paniclog)

# --- Cyrus: every TCP service of /etc/cyrus.conf SERVICES on LAB_IP only
# (listen="imap" -> "LAB_IP:imap", "localhost:sieve" -> "LAB_IP:sieve").
# Unix sockets (listen="/...") and commented lines are left alone.
sed -i "/^SERVICES/,/^}/{/^[[:space:]]*#/!s/listen=\"\([^/\":][^\":]*:\)\{0,1\}\([^/\":][^\":]*\)\"/listen=\"$LAB_IP:\2\"/}" /etc/cyrus.conf
# Stock cyrus.conf enables nntp and http, whose programs come in packages the
# lab does not install (cyrus-nntpd, cyrus-caldav): the master would exit
# ("cannot find executable for service"). Comment out exactly those lines.
awk '/^SERVICES/,/^}/ { if ($0 !~ /^[[:space:]]*#/ && match($0, /cmd="[^" ]+/)) print substr($0, RSTART+5, RLENGTH-5) }' /etc/cyrus.conf |
  sort -u | while read -r prog; do
    [ -x "/usr/lib/cyrus/bin/$prog" ] || sed -i "/^SERVICES/,/^}/s|^\([[:space:]]*[a-z0-9]*[[:space:]]\+cmd=\"$prog[ \"]\)|#\1|" /etc/cyrus.conf
  done
# The lab cert for all Cyrus services: edit the stock commented line.
for kv in "tls_server_cert:$LAB_CERT" "tls_server_key:$LAB_KEY"; do
  k=${kv%%:*} v=${kv#*:}
  if grep -qE "^#?$k:" /etc/imapd.conf; then
    sed -i "0,/^#\{0,1\}$k:.*/s||$k: $v|" /etc/imapd.conf
  else
    echo "$k: $v" >>/etc/imapd.conf
  fi
done
# Cyrus 3.10 (trixie) has "allowstarttls: no" by default and the stock
# imapd.conf does not mention it: no STARTTLS on 143/110 at all. The lab needs
# STARTTLS, so append the one line there (older Cyrus lacks the option).
# (Read the output first: grep -q would end the pipe early, fatal with pipefail.)
cyrus_conf=$(/usr/lib/cyrus/bin/cyr_info conf-all 2>/dev/null || true)
if grep -qx 'allowstarttls: no' <<<"$cyrus_conf" &&
   ! grep -q '^allowstarttls:' /etc/imapd.conf; then
  printf '\n# mailharden lab: STARTTLS on imap/pop3 (Cyrus 3.10 defaults to off)\nallowstarttls: yes\n' >>/etc/imapd.conf
fi
# Cyrus runs as cyrus (group mail); the key is root:ssl-cert 0640.
getent group ssl-cert >/dev/null && usermod -aG ssl-cert cyrus
LAB_SERVICES+=(cyrus-imapd)
# `service cyrus-imapd start` returns 0 even when the master dies at once:
# lab-start waits for these ports on LAB_IP.
LAB_PORTS+=(22 25 143 110)

lab_flavor_check() {
  exim4 -bV >/dev/null
}
