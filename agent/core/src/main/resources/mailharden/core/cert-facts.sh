# server_cert CERT KEY, for the modules' facts: the server certificate and key a product's
# configuration names (kept when the play names none), whether they belong together (public
# keys compared by digest: the key never leaves the host) and the file's leaf fingerprint,
# which `facts` compares with the certificate the port serves.
server_cert() {
  echo "server_cert=$1"
  echo "server_key=$2"
  [ -n "$1" ] && [ -f "$1" ] || return 0
  echo "server_cert_sha256=$(openssl x509 -in "$1" -noout -fingerprint -sha256 2>/dev/null | sed 's/^.*=//')"
  a=$(openssl x509 -in "$1" -noout -pubkey 2>/dev/null | sha256sum)
  b=$(openssl pkey -in "$2" -pubout 2>/dev/null | sha256sum)
  [ -n "$a" ] && [ "$a" = "$b" ] && echo server_key_match=yes
  return 0
}
