#!/usr/bin/env bash
# Under mpirun -np 2 (and 3), `ccsim sweep` and `ccsim run` write what one process writes (apart
# from run_info). Registered with ctest when ccsim is built with MPI.
#
#   bash tests/mpi_sweep.sh CCSIM MPIEXEC SOURCE_DIR
set -euo pipefail

ccsim="$1"
mpiexec="$2"
source_dir="$3"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
# As root in CI, and two processes even on a one-core machine.
mpi=("$mpiexec" -np 2 --allow-run-as-root --oversubscribe)

same() {
  if cmp -s "$1" "$2"; then
    echo "ok: $3"
  else
    echo "FAILED: $3 differ ($1, $2)" >&2
    diff "$1" "$2" | head -5 >&2
    exit 1
  fi
}

# Points spread over the processes: four points of the full model, with paired differences.
sweep=(sweep "$source_dir/scenarios/france-bot-first.json" --set /horizon_s=7200
       --set /staffing/groups/0/agents=28:30:2 --set '/routing/strategy=["bot_first","triage"]'
       -r 3 -t 1 --baseline --by segment)
"$ccsim" "${sweep[@]}" --out "$dir/one.csv" 2>/dev/null
"${mpi[@]}" "$ccsim" "${sweep[@]}" --out "$dir/two.csv" 2>/dev/null
same "$dir/one.csv" "$dir/two.csv" "sweep of 4 points on 1 and 2 processes"

# One point: its replications spread over the processes, in batches until the target holds.
point=(sweep "$source_dir/scenarios/erlang-a.json" --set /horizon_s=7200 --set /warmup_s=600
       -r 3 -t 1 --precision abandon_rate=0.004 --format jsonl)
"$ccsim" "${point[@]}" --out "$dir/one.jsonl" 2>/dev/null
"${mpi[@]}" "$ccsim" "${point[@]}" --out "$dir/two.jsonl" 2>/dev/null
same "$dir/one.jsonl" "$dir/two.jsonl" "one-point sweep with --precision on 1 and 2 processes"

# ccsim run: replications spread; only run_info (wall time, processes) may differ.
run=(run "$source_dir/scenarios/erlang-a.json" -r 5 -t 1 --json)
"$ccsim" "${run[@]}" | sed '/"run_info"/,/}/d' >"$dir/one.json"
"${mpi[@]}" "$ccsim" "${run[@]}" | sed '/"run_info"/,/}/d' >"$dir/two.json"
same "$dir/one.json" "$dir/two.json" "run on 1 and 2 processes"

# Enough replications for several chunks per process (Cluster::kSpreadChunk), merged on the
# root as they arrive, in replication order: the same figures on 1, 2 and 3 processes.
run=(run "$source_dir/scenarios/erlang-a.json" -r 300 -t 1 --json)
"$ccsim" "${run[@]}" | sed '/"run_info"/,/}/d' >"$dir/one.json"
"${mpi[@]}" "$ccsim" "${run[@]}" | sed '/"run_info"/,/}/d' >"$dir/two.json"
same "$dir/one.json" "$dir/two.json" "run of 300 replications on 1 and 2 processes"
mpi3=("$mpiexec" -np 3 --allow-run-as-root --oversubscribe)
"${mpi3[@]}" "$ccsim" "${run[@]}" | sed '/"run_info"/,/}/d' >"$dir/three.json"
same "$dir/one.json" "$dir/three.json" "run of 300 replications on 1 and 3 processes"
