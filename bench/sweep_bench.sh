#!/usr/bin/env bash
# Throughput of `ccsim sweep` on the full model: 110 points of scenarios/france-bot-first.json
# (11 generalist staffing levels x 10 bot resolution rates of the commonest reason), 4
# replications each, run at 1 thread, 2 threads, and 2 MPI processes x 1 thread.
#
#   bash bench/sweep_bench.sh BUILD_DIR [ROUNDS]
#
# The configurations are run in turn, ROUNDS times (default 5), so that a load that comes and
# goes on the machine falls on all of them alike; the table gives the median wall time of each
# (the whole command: start-up, validation of the 110 points, MPI start-up, writing) and the
# points/s and replications/s that follow from it, and the median CPU time (user + system, all
# processes), which a busy machine disturbs less than the wall time. Every run's output must be byte-identical to
# the 1-thread run's: the script fails otherwise. Not a pass/fail check on time.
set -euo pipefail

if (($# < 1)); then
  echo "usage: bash bench/sweep_bench.sh BUILD_DIR [ROUNDS]" >&2
  exit 2
fi
build="$1"
rounds="${2:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ccsim="$build/ccsim"
if [[ ! -x "$ccsim" ]]; then
  echo "sweep_bench.sh: $ccsim not found" >&2
  exit 2
fi
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

points=110
replications_per_point=4
sweep=(sweep "$root/scenarios/france-bot-first.json"
       --set /staffing/groups/0/agents=20:40:2 --set /reasons/0/bot_resolution=0.5:0.95:0.05
       -r "$replications_per_point")

mpirun_flags=(-np 2)
((EUID == 0)) && mpirun_flags+=(--allow-run-as-root)
names=("1 process x 1 thread" "1 process x 2 threads")
commands=("$ccsim ${sweep[*]@Q} -t 1" "$ccsim ${sweep[*]@Q} -t 2")
if command -v mpirun >/dev/null &&
   ldd "$ccsim" | grep -q libmpi; then
  names+=("2 MPI processes x 1 thread")
  commands+=("mpirun ${mpirun_flags[*]} $ccsim ${sweep[*]@Q} -t 1")
else
  echo "sweep_bench.sh: ccsim built without MPI, or no mpirun: MPI run skipped" >&2
fi

TIMEFORMAT='%R %U %S'
for ((round = 1; round <= rounds; ++round)); do
  for i in "${!commands[@]}"; do
    out="$dir/out$i.csv"
    # Wall, user and system seconds of the command and its children (the MPI processes).
    { time eval "${commands[$i]} --out $out" >/dev/null 2>&1; } 2>>"$dir/times$i"
    if [[ $i -eq 0 && $round -eq 1 ]]; then cp "$out" "$dir/reference.csv"; fi
    cmp -s "$out" "$dir/reference.csv" || { echo "output of '${names[$i]}' differs" >&2; exit 1; }
  done
done

# The median of numbers, one a line; "min max median" with `range`.
median() {
  sort -g | awk -v range="${1:-}" '{ v[NR] = $1 }
    END {
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      if (range) printf "%.3f %.3f ", v[1], v[NR]
      printf "%.3f\n", m
    }'
}

echo "| configuration | median wall (s) | min–max wall (s) | points/s | replications/s | median CPU (s) |"
echo "|---|---|---|---|---|---|"
for i in "${!commands[@]}"; do
  read -r low high wall < <(cut -d' ' -f1 "$dir/times$i" | median range)
  cpu=$(awk '{ print $2 + $3 }' "$dir/times$i" | median)
  awk -v name="${names[$i]}" -v low="$low" -v high="$high" -v m="$wall" -v c="$cpu" \
    -v p="$points" -v r="$((points * replications_per_point))" 'BEGIN {
      printf "| %s | %.2f | %.2f–%.2f | %.1f | %.1f | %.2f |\n", name, m, low, high, p / m, r / m, c
    }'
done
echo
echo "$rounds rounds, $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
