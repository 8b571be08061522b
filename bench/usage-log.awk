# Writes a synthetic mail log of `limit` bytes for bench/usage-bench.sh: blocks of 10 lines,
# 5 that mailharden counts (Postfix TLS on 25 and 587, a plaintext AUTH on 587, a Dovecot
# TLS login on 143; the 25 TLS session's disconnect line is not a count) and queue/cleanup
# noise, from 5000 client addresses, spread over 6 days up to `now`. Prints the block count
# to /var/log/bench-steps. Usage: awk -v limit=BYTES -v now=EPOCH -f usage-log.awk > mail.log
function ts(t) { return strftime("%Y-%m-%dT%H:%M:%S+00:00", t, 1) }
BEGIN {
  split("TLSv1 TLSv1.1 TLSv1.2 TLSv1.3", v, " ")
  split("ECDHE-RSA-AES256-SHA ECDHE-RSA-AES256-SHA ECDHE-RSA-AES256-GCM-SHA384 TLS_AES_256_GCM_SHA384", c, " ")
  bytes = 0; steps = 0; first = now - 6 * 86400
  per_second = int(limit / 1100 / (6 * 86400)) + 1
  while (bytes < limit) {
    t = ts(first + int(steps / per_second)); a = "10." int(steps % 5000 / 250) "." (steps % 250) ".7"
    k = (steps % 4) + 1; pid = 1000 + steps % 30000
    L[1] = t " mx postfix/smtpd[" pid "]: connect from c" steps % 5000 ".example[" a "]"
    L[2] = t " mx postfix/smtpd[" pid "]: Anonymous TLS connection established from c.example[" a "]: " v[k] " with cipher " c[k] " (256/256 bits)"
    L[3] = t " mx postfix/smtpd[" pid "]: 4ABC" steps ": client=c.example[" a "]"
    L[4] = t " mx postfix/cleanup[" pid "]: 4ABC" steps ": message-id=<" steps "@c.example>"
    L[5] = t " mx postfix/qmgr[99]: 4ABC" steps ": from=<a@c.example>, size=" 900 + steps % 9000 ", nrcpt=1 (queue active)"
    L[6] = t " mx postfix/smtpd[" pid "]: disconnect from c.example[" a "] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7"
    L[7] = t " mx postfix/submission/smtpd[" pid "]: Anonymous TLS connection established from c.example[" a "]: " v[k] " with cipher " c[k] " (256/256 bits)"
    L[8] = t " mx postfix/submission/smtpd[" pid "]: disconnect from c.example[" a "] ehlo=1 auth=0/1 quit=1 commands=2/3"
    L[9] = t " mx dovecot: imap-login: Login: user=<u" steps % 5000 ">, method=PLAIN, rip=" a ", rport=4" steps % 9999 ", lip=192.0.2.1, lport=143, mpid=" pid ", TLS, " v[k] " with cipher " c[k] " (256/256 bits), session=<x" steps ">"
    L[10] = t " mx dovecot: imap(u" steps % 5000 ")<" pid "><x" steps ">: Logged out in=" steps % 977 " out=" steps % 4099
    for (i = 1; i <= 10; i++) { print L[i]; bytes += length(L[i]) + 1 }
    steps++
  }
  print steps > "/var/log/bench-steps"
}
