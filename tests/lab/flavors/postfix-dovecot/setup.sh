# Sourced by lab-start (bash, set -euo pipefail) in a postfix-dovecot lab host.
# Changes to stock Debian config: only the listen address and host name.

# Postfix: bind to LAB_IP only (the machine must carry LAB_IP on lo, lab-notes
# trap 1). Stock Debian TLS lines point at snakeoil = the lab cert.
postconf -e "inet_interfaces=$LAB_IP" "inet_protocols=ipv4" "myhostname=$LAB_NAME"
LAB_SERVICES+=(postfix)

# Dovecot: a drop-in that overrides the stock "listen = *, ::" (2.3 and 2.4).
printf '# mailharden lab: bind to the lab address only\nlisten = %s\n' "$LAB_IP" \
  >/etc/dovecot/conf.d/99-lab-listen.conf
LAB_SERVICES+=(dovecot)
LAB_PORTS+=(22 25 110 143 993 995)

lab_flavor_check() {
  postfix check
  doveconf -n >/dev/null
}
