#!/usr/bin/env bash
# Fleet benchmark (issue: fleet speed). Starts N real Postfix+Dovecot lab hosts (Debian
# trixie) and times, in one run on this machine:
#   (a) mailharden apply --check, then mailharden apply, of the bettercrypto profile;
#   (b) ansible-playbook (Debian's ansible-core, pipelining on, same forks) making the same
#       edits with lineinfile/blockinfile and handlers, on a fresh copy of the same fleet.
# Prints wall times, the ratio, mailharden's peak memory and SSH round trips per host, and
# writes them to bench/results/fleet.md. Usage (root): bash bench/fleet-bench.sh [N]
set -euo pipefail
N=${1:-30}
repo=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
out=$(mktemp -d /var/tmp/mailharden-fleet.XXXXXX)
export MAILHARDEN_LAB_HOSTS=$out/hosts.tsv MAILHARDEN_LAB_STATE=$out/state
export MAILHARDEN_LAB_INVENTORY=$out/inventory.yml MAILHARDEN_STATE=$out/mailharden
say() { echo "fleet-bench: $*" >&2; }

bash "$repo/tests/lab/setup-host.sh"
command -v ansible-playbook >/dev/null && [ -x /usr/bin/time ] || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ansible-core time >/dev/null; }
(cd "$repo" && mvn -B -q -ntp -DskipTests package)

for i in $(seq 1 "$N"); do
  printf 'fleet-%02d.bench.mailharden.test\t127.0.5.%d\ttrixie\tpostfix-dovecot\n' "$i" "$i"
done >"$MAILHARDEN_LAB_HOSTS"
fresh_fleet() { bash "$repo/tests/lab/lab.sh" up >"$out/lab-up.log" 2>&1; }
trap 'bash "$repo/tests/lab/lab.sh" down >/dev/null 2>&1 || true' EXIT

# Wall seconds and peak RSS (MB) of a command, from GNU time.
measure() {  # name, command...
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$out/$name.time" "$@" >"$out/$name.log" 2>&1 || true
  # GNU time puts "Command exited with non-zero status N" first when the command failed.
  read -r secs kb < <(tail -n 1 "$out/$name.time")
  echo "$secs $((kb / 1024))"
}

say "starting $N hosts"; fresh_fleet
kh=(--known-hosts "$MAILHARDEN_LAB_STATE/known_hosts" --accept-new-host-keys)
mh="$repo/bin/mailharden"
read -r check_s check_mb < <(measure check "$mh" apply -i "$MAILHARDEN_LAB_INVENTORY" --check \
  --forks "$N" "${kh[@]}" --json "$out/check.json")
read -r apply_s apply_mb < <(measure apply "$mh" apply -i "$MAILHARDEN_LAB_INVENTORY" \
  --forks "$N" "${kh[@]}" --json "$out/apply.json")
changed=$(grep -c '"status" : "changed"' "$out/apply.json" || true)
trips=$(python3 -c "import json,sys; h=json.load(open(sys.argv[1]))['hosts']; \
print(round(sum(x['ssh_round_trips'] for x in h)/len(h),1))" "$out/apply.json")
check_trips=$(python3 -c "import json,sys; h=json.load(open(sys.argv[1]))['hosts']; \
print(round(sum(x['ssh_round_trips'] for x in h)/len(h),1))" "$out/check.json")

# Memory against host count: the same check (diffs on, every host's plan kept for the
# report) with --forks 10 on 10, 20 and N hosts, the JVM heap capped at 128 MB. The hosts
# are the just-hardened ones, so every host must end ok: a heap that grew with the host
# count would fail (or slow to a crawl) at the cap, and peak RSS would climb with N.
mem_rows=""
for k in 10 20 "$N"; do
  [ "$k" -le "$N" ] || continue
  limit=$(seq -f 'fleet-%02g.bench.mailharden.test' 1 "$k" | paste -sd, -)
  read -r mem_s mem_mb < <(MAILHARDEN_JAVA_OPTS=-Xmx128m measure "mem$k" "$mh" apply \
    -i "$MAILHARDEN_LAB_INVENTORY" --check --diff --forks 10 --limit "$limit" "${kh[@]}")
  mem_ok=$(grep -o 'ok=[0-9]*' "$out/mem$k.log" | tail -n 1 || true)
  mem_rows+="| $k | $mem_s | $mem_mb | ${mem_ok:-none ok} |"$'\n'
done

say "fresh fleet for Ansible"; fresh_fleet
cat >"$out/ansible.cfg" <<CFG
[defaults]
forks = $N
host_key_checking = False
interpreter_python = /usr/bin/python3
[ssh_connection]
pipelining = True
CFG
read -r ansible_s ansible_mb < <(ANSIBLE_CONFIG=$out/ansible.cfg measure ansible \
  ansible-playbook -i "$MAILHARDEN_LAB_INVENTORY" "$repo/bench/ansible/harden.yml")
ansible_ok=$(grep -cE 'failed=0 ' "$out/ansible.log" || true)

ratio=$(python3 -c "print(round($ansible_s/$apply_s,1))")
report=$(cat <<TXT
# Fleet benchmark: $N Postfix+Dovecot hosts (Debian trixie lab)

Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,
$(uname -sr), by bench/fleet-bench.sh.

| run | wall (s) | controller peak RSS (MB) | SSH round trips per host |
|---|---|---|---|
| mailharden apply --check | $check_s | $check_mb | $check_trips |
| mailharden apply | $apply_s | $apply_mb | $trips |
| ansible-playbook (pipelining, forks $N) | $ansible_s | $ansible_mb | n/a |

mailharden apply is ${ratio}x faster than Ansible on the same fleet
($changed of $N hosts changed by mailharden; $ansible_ok of $N hosts ended failed=0 in Ansible).
DH parameters: Ansible runs openssl dhparam 2048 on every host; mailharden generates one
group per run on the controller while it reads the hosts, and writes it to every host.

Controller memory against host count: \`apply --check --diff --forks 10\` of the hardened
fleet with the JVM heap capped at 128 MB (\`MAILHARDEN_JAVA_OPTS=-Xmx128m\`).

| hosts | wall (s) | peak RSS (MB) | result |
|---|---|---|---|
${mem_rows}
Machine load during the run (1/5/15-minute load average at the end): $(cut -d' ' -f1-3 /proc/loadavg).
TXT
)
echo "$report"
echo "$report" >"$repo/bench/results/fleet.md"
say "logs in $out"
