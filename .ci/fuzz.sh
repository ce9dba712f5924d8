#!/usr/bin/env bash
# Builds every fuzz target (fuzz/fuzz_NAME.cpp) with clang, libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, in the build it shares with the sanitizer suite
# (.ci/sanitizer_build.sh: after .ci/sanitize.sh there is nothing left to build), and runs each
# for a fixed number of executions from its seeds: fuzz/corpus/NAME/, the patterns of
# fuzz/NAME.seeds, and fuzz/regressions/NAME/ (every crash ever found).
#
#   bash .ci/fuzz.sh [TARGET...]        (default: every target)
#
# Environment: CCSIM_FUZZ_BUILD_DIR (default: the sanitizer build, CCSIM_SANITIZE_BUILD_DIR or
# build-sanitize), CCSIM_FUZZ_RUNS (every target's executions; default: fuzz/NAME.runs, else
# 200000), CCSIM_FUZZ_MAX_LEN (default 4096 bytes per input), CCSIM_FUZZ_WORKERS (default: the
# number of cores). The executions are shared among the workers, processes that fuzz one corpus
# together (each picks up what the others find), each with its own fixed seed.
#
# Fails when a target crashes, leaks, times out on one input or runs fewer executions than asked;
# the input that did it is left in BUILD_DIR/fuzz-artifacts/NAME/, as the log says. Once the bug
# is fixed, copy that file into fuzz/regressions/NAME/: the normal test build replays it forever.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=sanitizer_build.sh
source "$root/.ci/sanitizer_build.sh"
build="${CCSIM_FUZZ_BUILD_DIR:-$(sanitizer_build_dir "$root")}"
max_len="${CCSIM_FUZZ_MAX_LEN:-4096}"
jobs="$(nproc 2>/dev/null || echo 2)"
workers="${CCSIM_FUZZ_WORKERS:-$jobs}"
# One input taking this long is reported as a hang.
timeout_per_input_s=10
# A run stopped by this is a failure (too few executions), never a pass: it only keeps a
# pathologically slow run from holding CI for ever.
max_total_time_s=1800

targets=("$@")
if ((${#targets[@]} == 0)); then
  for source in "$root"/fuzz/fuzz_*.cpp; do
    name="$(basename "$source" .cpp)"
    targets+=("${name#fuzz_}")
  done
fi

configure_sanitizer_build "$root" "$build"
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"
echo "== fuzz targets built in ${SECONDS} s"

status=0
for name in "${targets[@]}"; do
  work="$build/fuzz-corpus/$name"
  artifacts="$build/fuzz-artifacts/$name"
  log="$build/fuzz-$name.log"  # one per worker: .1, .2, …
  rm -rf "$work"
  mkdir -p "$work" "$artifacts"
  # The seeds are copied into a scratch corpus, where libFuzzer also keeps what it finds: the
  # directories in the repository are only read.
  seeds=("$root/fuzz/corpus/$name" "$root/fuzz/regressions/$name")
  if [[ -f "$root/fuzz/$name.seeds" ]]; then
    while read -r pattern; do
      [[ -z "$pattern" || "$pattern" == \#* ]] && continue
      seeds+=("$root"/$pattern)
    done <"$root/fuzz/$name.seeds"
  fi
  for seed in "${seeds[@]}"; do
    if [[ -d "$seed" ]]; then
      find "$seed" -maxdepth 1 -type f -exec cp -t "$work" {} +
    elif [[ -f "$seed" ]]; then
      cp "$seed" "$work/$(basename "$(dirname "$seed")")-$(basename "$seed")"
    fi
  done
  dict=()
  if [[ -f "$root/fuzz/$name.dict" ]]; then dict=(-dict="$root/fuzz/$name.dict"); fi

  # Each target's executions are sized to what it costs (fuzz/NAME.runs): the fuzzers share CI's
  # half hour with everything else.
  runs="${CCSIM_FUZZ_RUNS:-$(cat "$root/fuzz/$name.runs" 2>/dev/null || echo 200000)}"
  per_worker=$(((runs + workers - 1) / workers))
  echo "== fuzzing $name: $runs executions by $workers worker(s) from $(find "$work" -type f |
    wc -l) seeds"
  start=$(date +%s)
  pids=()
  for ((w = 1; w <= workers; w++)); do
    "$build/fuzz_$name" "$work" "${dict[@]}" -runs="$per_worker" -seed="$w" \
      -max_len="$max_len" -timeout="$timeout_per_input_s" -max_total_time="$max_total_time_s" \
      -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log.$w" 2>&1 &
    pids+=($!)
  done
  crashed=()
  executed=0
  for ((w = 1; w <= workers; w++)); do
    if ! wait "${pids[w - 1]}"; then crashed+=("$log.$w"); fi
    units="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log.$w" | tail -n 1)"
    executed=$((executed + ${units:-0}))
  done
  echo "   $name: $executed executions in $(($(date +%s) - start)) s (logs: $log.*)"
  if ((${#crashed[@]} > 0)); then
    for crash_log in "${crashed[@]}"; do tail -n 60 "$crash_log"; done
    echo "FAIL: fuzz_$name crashed (${crashed[*]}); the input is in $artifacts/:" >&2
    ls -l "$artifacts" >&2
    status=1
  elif ((executed < runs)); then
    for ((w = 1; w <= workers; w++)); do tail -n 20 "$log.$w"; done
    echo "FAIL: fuzz_$name ran $executed executions, fewer than $runs" >&2
    status=1
  fi
done
exit "$status"
