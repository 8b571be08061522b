# Sourced by lab-start after setup.sh when LAB_SHAPE=admin: the host as administrators
# leave it, with TLS settings that override where Debian's stock files set them.
# Every line is the admin's own (comments say why an admin would write it).

# --- Exim: a TLS option set directly in a conf.d/main file of the admin's, outside
# Debian's MAIN_TLS_* macros (Debian's generator concatenates conf.d/main in name order).
cat >/etc/exim4/conf.d/main/50_admin_tls <<'ADMIN'
# admin: TLS for the old MUAs, set here rather than through Debian's macros
tls_require_ciphers = NORMAL:+RSA:+CAMELLIA-128-CBC
ADMIN
update-exim4.conf >>/var/log/lab-start.log 2>&1

# --- Cyrus: implicit TLS on 993 (the stock example line, on the lab address), a cipher
# list only the imaps service reads, and a per-service certificate for imap that names
# the certificate the host already serves.
sed -i "0,/^[[:space:]]*#imaps[[:space:]]\+cmd=\"imapd -s -U 30\" listen=\"imaps\"/s||\timaps\t\tcmd=\"imapd -s -U 30\" listen=\"$LAB_IP:imaps\"|" /etc/cyrus.conf
grep -q "listen=\"$LAB_IP:imaps\"" /etc/cyrus.conf || { echo "admin-shape: no stock imaps line in /etc/cyrus.conf" >&2; false; }
cert=$(sed -n 's/^tls_server_cert:[[:space:]]*//p' /etc/imapd.conf | tail -n 1)
key=$(sed -n 's/^tls_server_key:[[:space:]]*//p' /etc/imapd.conf | tail -n 1)
cat >>/etc/imapd.conf <<ADMIN

# admin: the old Outlook on imaps
imaps_tls_ciphers: ALL:!aNULL
# admin: the imap services' own certificate entry
imap_tls_server_cert: $cert
imap_tls_server_key: $key
ADMIN
LAB_PORTS+=(993)
