#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer (CCSIM_SANITIZE),
# in its own build directory: ccsim, the tests and the fuzz replays are built with both, and
# ctest runs everything, the tests that start the ccsim binary included. Any report fails the
# run (-fno-sanitize-recover, halt_on_error).
#
#   bash .ci/sanitize.sh
#
# Environment: CCSIM_SANITIZE_BUILD_DIR (default build-sanitize).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CCSIM_SANITIZE_BUILD_DIR:-$root/build-sanitize}"
jobs="$(nproc 2>/dev/null || echo 2)"

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# -O1 -g1: quick to build and to run, with file and line in every report.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCCSIM_SANITIZE=ON -DCCSIM_BUILD_TESTS=ON \
  -DCCSIM_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$jobs"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$build"
ctest --output-on-failure --no-tests=error -j "$jobs"
echo "sanitizers: built and tested in ${SECONDS} s"
