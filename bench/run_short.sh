#!/usr/bin/env bash
# The short benchmark CI runs: a record of speed, not a pass/fail check on time.
#
#   bash bench/run_short.sh BUILD_DIR [extra --benchmark_* flags]
#
# Prints Google Benchmark's JSON on stdout (the self-check line goes to stderr). Fails only when
# the benchmark cannot run or when the engine and the reference loop disagree on the counts.
set -euo pipefail

if (($# < 1)); then
  echo "usage: bash bench/run_short.sh BUILD_DIR [--benchmark_* flags]" >&2
  exit 2
fi
build="$1"
shift
bench="$build/ccsim_bench"
if [[ ! -x "$bench" ]]; then
  echo "run_short.sh: $bench not found (is Google Benchmark installed? libbenchmark-dev)" >&2
  exit 2
fi

# A tenth of the full run: about a second of simulation per benchmark on two cores.
short_customers=2000000
CCSIM_BENCH_CUSTOMERS="${CCSIM_BENCH_CUSTOMERS:-$short_customers}" \
  exec "$bench" --benchmark_format=json "$@"
