# Sourced by lab-start after setup.sh when LAB_SHAPE=admin: the host as administrators
# leave it, with TLS settings that override where Debian's stock files set them.
# Every line is the admin's own (comments say why an admin would write it).

# --- Postfix main.cf: a continuation line and a key defined twice (Postfix takes the last).
cat >>/etc/postfix/main.cf <<'ADMIN'

# admin: ciphers for old submission clients
tls_high_cipherlist = ALL:!aNULL:!eNULL:
    !EXPORT:!RC4
smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3
smtpd_tls_mandatory_ciphers = medium
# admin: later, for the old scanner
smtpd_tls_mandatory_protocols = !SSLv2
ADMIN

# --- Postfix master.cf: submission with TLS optional and plaintext AUTH allowed, and
# implicit TLS on 465 under the name this release's stock master.cf suggests.
if grep -q '^#submissions[[:space:]]' /etc/postfix/master.cf; then SVC465=submissions; else SVC465=smtps; fi
cat >>/etc/postfix/master.cf <<ADMIN
# admin: office submission (TLS optional for the old copier)
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=may
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=no
$SVC465     inet  n       -       y       -       -       smtpd
  -o syslog_name=postfix/$SVC465
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
ADMIN
LAB_PORTS+=(587 465)

# --- Dovecot local.conf (Debian's dovecot.conf includes it last): a wider cipher list and
# a lower protocol floor than conf.d/10-ssl.conf sets.
cat >/etc/dovecot/local.conf <<'ADMIN'
# admin: compatibility with the old phones
ssl_cipher_list = ALL:!aNULL
ssl_min_protocol = TLSv1
ADMIN
