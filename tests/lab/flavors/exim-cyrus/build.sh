# Build hook of the exim-cyrus flavor (run by build-image.sh on the host;
# ROOT is the new root file system).
set -euo pipefail
# Debian's Cyrus authenticates with sasl_pwcheck_method: auxprop (sasldb):
# give the mail user alice the same password there as in /etc/shadow.
echo alice-lab-pw | chroot "$ROOT" saslpasswd2 -p -c alice
chroot "$ROOT" sh -c 'chown root:sasl /etc/sasldb2 && chmod 0640 /etc/sasldb2'
