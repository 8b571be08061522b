#!/usr/bin/env bash
# Times `mailharden probe` beside testssl on every mail endpoint of a private lab, in one run,
# and checks that both report the same protocols and cipher suites (and, when testssl ran those
# checks, preference, compression, groups, DH prime). Prints per endpoint: our wall time, our
# connections, testssl's wall time, the ratio, and the server CPU each tool cost the daemons.
#
# Usage: bench/probe-bench.sh [ENDPOINT_FILTER]   e.g.  bench/probe-bench.sh ':25$'
#   BENCH_NET (default 127.0.3): the lab hosts get BENCH_NET.11/.12/.21/.22, apart from the
#     demo lab (127.0.0.x) and the test lab (127.0.2.x), which other runs may be using.
#   BENCH_TESTSSL_ARGS (default: none, testssl's full default run, about 100 s per endpoint;
#     "-p -e" runs only the checks that are compared, about 20 s).
#   BENCH_RUNS (default 3): runs of our probe per endpoint (median and fastest are printed).
#   BENCH_KEEP=1 leaves the hosts running; BENCH_STATE is the directory for certificates and
#     reports (default bench/target).
# Needs root, the Docker engine and the lab images (bash tests/lab/setup-host.sh), testssl.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
net=${BENCH_NET:-127.0.3}
state=${BENCH_STATE:-$repo/bench/target}
testssl_args=${BENCH_TESTSSL_ARGS-}
runs=${BENCH_RUNS:-3}
filter=${1:-.}
docker=${DOCKER:-/usr/bin/docker}
mkdir -p "$state/reports"

# name suffix, address, release, flavor, mail ports (as tests/lab/lab.sh starts them)
hosts="pd-trixie $net.11 trixie postfix-dovecot 25,143,110,993,995
pd-bookworm $net.12 bookworm postfix-dovecot 25,143,110,993,995
ec-trixie $net.21 trixie exim-cyrus 25,143,110
ec-bookworm $net.22 bookworm exim-cyrus 25,143,110"

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

start_host() {  # name ip release flavor ports
  local name=$1.bench.mailharden.test ip=$2 c=mh-bench-$1 dir deadline p
  [[ "$(ip -4 -o addr show dev lo)" == *" $ip/"* ]] || ip addr add "$ip/32" dev lo
  if "$docker" ps --format '{{.Names}}' | grep -qx "$c"; then
    return  # already up from an earlier BENCH_KEEP=1 run
  fi
  dir=$(bash "$repo/tests/lab/issue-cert.sh" "$state/lab" "$name" "$ip" 2>/dev/null)
  "$docker" rm -f "$c" >/dev/null 2>&1 || true
  # No resolver: Exim's client host lookups would stall for seconds on the machine's DNS
  # (and send traffic off loopback); nothing on 127.0.0.1:53 makes them fail at once.
  echo "nameserver 127.0.0.1" >"$state/lab/resolv.conf"
  "$docker" run -d --name "$c" --network host --init --cap-add SYS_PTRACE \
    -e LAB_IP="$ip" -e LAB_NAME="$name" -v "$dir:/lab:ro" \
    -v "$state/lab/resolv.conf:/etc/resolv.conf:ro" "mailharden-lab/$4:$3" >/dev/null
  deadline=$((SECONDS + 90))
  until "$docker" exec "$c" test -f /run/lab-ready 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { "$docker" logs "$c" >&2; echo "$c not ready" >&2; exit 1; }
    sleep 0.5
  done
  for p in ${5//,/ }; do
    until port_open "$ip" "$p"; do
      [ "$SECONDS" -lt "$deadline" ] || { echo "$c: $ip:$p does not answer" >&2; exit 1; }
      sleep 0.3
    done
  done
}

stop_hosts() {
  [ "${BENCH_KEEP:-0}" = 1 ] && return
  while read -r n _; do "$docker" rm -f "mh-bench-$n" >/dev/null 2>&1 || true; done <<<"$hosts"
}

starttls_of() {
  case $1 in 25|587) echo smtp ;; 143) echo imap ;; 110) echo pop3 ;; *) echo "" ;; esac
}

now() { date +%s.%N; }

# CPU seconds the lab host's daemons have used so far (cgroup v1 or v2): the server-side work
# of a probe, which the machine's load (other engineers on the same 2 cores) cannot inflate.
server_cpu() {
  local id f
  id=$("$docker" inspect -f '{{.Id}}' "mh-bench-$1")
  for f in /sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage \
      /sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat; do
    case $f in
      *cpuacct.usage) [ -f "$f" ] && { echo "$(cat "$f") / 1000000000" | bc -l; return; } ;;
      *) [ -f "$f" ] && { echo "$(awk '/^usage_usec/ {print $2}' "$f") / 1000000" | bc -l; return; } ;;
    esac
  done
  echo 0
}

# package, never install: ~/.m2 is shared with other worktrees.
[ -f "$repo/agent/cli/target/mailharden.jar" ] \
  || (cd "$repo" && mvn -B -q -o -DskipTests -pl agent/cli -am package)
trap stop_hosts EXIT
while read -r n ip rel flavor ports; do start_host "$n" "$ip" "$rel" "$flavor" "$ports"; done <<<"$hosts"

echo "# $(date -u +%FT%TZ) $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 |
  xargs)), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# testssl arguments: ${testssl_args:-(none: full default run)}"
echo "# probe_s: median of $runs runs of bin/mailharden probe, min_s the fastest; ratio:"
echo "#   testssl_s / probe_s; cpu_ratio: the daemons' CPU for testssl / for one probe"
printf '%-18s %8s %6s %7s %9s %6s %6s %8s %8s  %s\n' endpoint probe_s min_s conns testssl_s \
  ratio cpu_ratio mh_cpu_s ts_cpu_s agreement
fail=0
while read -r n ip rel flavor ports; do
  for port in ${ports//,/ }; do
    ep=$ip:$port
    [[ "$ep" =~ $filter ]] || continue
    mh=$state/reports/mh-$n-$port.json ts=$state/reports/testssl-$n-$port.json
    # Our probe $runs times (the machine is shared: one run can land on a load spike); the
    # median is compared with testssl's single run, the minimum shows the unloaded cost.
    times=()
    for _ in $(seq "$runs"); do
      c0=$(server_cpu "$n") t0=$(now)
      # Exit code 1 = some finding failed: expected on the stock lab, not a bench failure.
      "$repo/bin/mailharden" probe --json \
        --ca-file "$state/lab/ca.crt" "$ep" >"$mh" || [ $? -eq 1 ]
      t1=$(now) c1=$(server_cpu "$n")
      times+=("$(echo "$t1 - $t0" | bc)")
    done
    sorted=($(printf '%s\n' "${times[@]}" | sort -g))
    median=${sorted[$(( runs / 2 ))]} fastest=${sorted[0]}
    st=$(starttls_of "$port")
    rm -f "$ts"
    # shellcheck disable=SC2086
    testssl --nodns none --quiet --warnings off --color 0 --jsonfile "$ts" $testssl_args \
      ${st:+--starttls $st} "$ep" >/dev/null 2>&1 || true
    t2=$(now) c2=$(server_cpu "$n")
    verdict=$(python3 "$repo/bench/compare-testssl.py" "$mh" "$ts") || { fail=1; true; }
    # probe_s: the whole command (JVM start included), as an admin waits for it.
    printf '%-18s %8.2f %6.2f %7d %9.2f %5.0fx %5.0fx %8.2f %8.2f  %s\n' "$ep" "$median" \
      "$fastest" "$(jq '.reports[0].connections' "$mh")" "$(echo "$t2 - $t1" | bc)" \
      "$(echo "($t2 - $t1) / $median" | bc -l)" \
      "$(echo "($c2 - $c1) / ($c1 - $c0 + 0.001)" | bc -l)" "$(echo "$c1 - $c0" | bc)" \
      "$(echo "$c2 - $c1" | bc)" "$verdict"
  done
done <<<"$hosts"
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $fail
