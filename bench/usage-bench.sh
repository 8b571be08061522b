#!/usr/bin/env bash
# Mail-log usage benchmark (issue 11). One real Postfix+Dovecot lab host (Debian trixie) gets a
# synthetic mail log of SIZE_MB (default 1024) MB: Postfix TLS and disconnect lines on 25 and
# 587, Dovecot login lines on 143/110 with TLS details, and the queue/cleanup noise that the
# host-side filter drops, from 5000 client addresses, all within the last 6 days. Then
#   mailharden tls-usage -i INV --json
# reads it over SSH with the JVM heap capped at 128 MB; GNU time gives wall time and peak RSS
# of the controller. The script checks that every session line was counted and that peak RSS
# stayed under 256 MB, prints the rate in MB/s of log read, and writes bench/results/usage.md.
# Usage (root): bash bench/usage-bench.sh [SIZE_MB]
set -euo pipefail
SIZE_MB=${1:-1024}
repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
out=$(mktemp -d /var/tmp/mailharden-usage.XXXXXX)
export MAILHARDEN_LAB_HOSTS=$out/hosts.tsv MAILHARDEN_LAB_STATE=$out/state
export MAILHARDEN_LAB_INVENTORY=$out/inventory.yml MAILHARDEN_STATE=$out/mailharden
say() { echo "usage-bench: $*" >&2; }

bash "$repo/tests/lab/setup-host.sh"
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
(cd "$repo" && mvn -B -q -ntp -DskipTests -pl agent/cli -am package)

printf 'usage-01.bench.mailharden.test\t127.0.6.1\ttrixie\tpostfix-dovecot\n' >"$MAILHARDEN_LAB_HOSTS"
trap 'bash "$repo/tests/lab/lab.sh" down >/dev/null 2>&1 || true' EXIT
bash "$repo/tests/lab/lab.sh" up >"$out/lab-up.log" 2>&1
container=$(/usr/bin/docker ps -q --filter "name=usage-01" | head -n 1)
[ -n "$container" ] || { say "lab host did not start (see $out/lab-up.log)"; exit 1; }

say "writing a ${SIZE_MB} MB mail log on the host"
start=$(date +%s)
# One block of 10 lines per step: 5 are sessions mailharden counts, 5 are noise.
/usr/bin/docker cp "$repo/bench/usage-log.awk" "$container:/tmp/usage-log.awk"
/usr/bin/docker exec "$container" sh -c "awk -v limit=$((SIZE_MB * 1024 * 1024)) -v now=$start \
  -f /tmp/usage-log.awk > /var/log/mail.log && rm -f /tmp/usage-log.awk"
steps=$(/usr/bin/docker exec "$container" cat /var/log/bench-steps)
bytes=$(/usr/bin/docker exec "$container" stat -c %s /var/log/mail.log)
say "wrote $bytes bytes ($steps blocks) in $(( $(date +%s) - start )) s"

say "mailharden tls-usage, heap capped at 128 MB"
MAILHARDEN_JAVA_OPTS=-Xmx128m /usr/bin/time -f '%e %M' -o "$out/usage.time" \
  "$repo/bin/mailharden" tls-usage -i "$MAILHARDEN_LAB_INVENTORY" --since 7d --json \
  --known-hosts "$MAILHARDEN_LAB_STATE/known_hosts" --accept-new-host-keys \
  >"$out/usage.json" 2>"$out/usage.err" || { cat "$out/usage.err" >&2; exit 1; }
read -r secs kb < <(tail -n 1 "$out/usage.time")
load=$(cut -d' ' -f1 /proc/loadavg)
rss_mb=$((kb / 1024))
counted=$(python3 -c "import json,sys; h=json.load(open(sys.argv[1]))['hosts']; \
print(sum(c['sessions'] for u in h.values() for c in u['clients']))" "$out/usage.json")
rows=$(python3 -c "import json,sys; h=json.load(open(sys.argv[1]))['hosts']; \
print(sum(len(u['clients']) for u in h.values()))" "$out/usage.json")
rate=$(python3 -c "print(round($bytes / 1048576 / $secs, 1))")
# Per block: 2 TLS sessions of Postfix, 1 plaintext AUTH on 587, 1 Dovecot TLS login.
expected=$((steps * 4))
verdict=PASS
[ "$counted" -eq "$expected" ] || { say "counted $counted sessions, expected $expected"; verdict=FAIL; }
[ "$rss_mb" -lt 256 ] || { say "peak RSS $rss_mb MB is not under 256 MB"; verdict=FAIL; }
say "$((bytes / 1048576)) MB read in $secs s = $rate MB/s; peak RSS $rss_mb MB;" \
  "$counted sessions in $rows rows; $verdict"
echo "rate: $rate MB/s"

cat >"$repo/bench/results/usage.md" <<MD
# Mail-log usage benchmark (bench/usage-bench.sh)

Run $(date -u +%FT%TZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; one Debian
trixie Postfix+Dovecot lab host on loopback, \`mailharden tls-usage --json\` with
\`MAILHARDEN_JAVA_OPTS=-Xmx128m\`, measured by GNU time.

| log size | blocks | sessions counted (expected) | rows | wall | rate | controller peak RSS | verdict |
|---|---|---|---|---|---|---|---|
| $((bytes / 1048576)) MB | $steps | $counted ($expected) | $rows | $secs s | $rate MB/s | $rss_mb MB | $verdict |

The host filters with \`grep -F\` (5 of each 10 lines cross SSH), the controller parses
what arrives line by line and keeps only tallies per (port, client, protocol, cipher).
The rate is the size of the log on the host divided by the wall time of the whole command
(JVM start, SSH connection, host-side cat and grep, transfer, parsing) on a machine shared
with other work (1-minute load average at the end of the run: $load).
MD
[ "$verdict" = PASS ]
