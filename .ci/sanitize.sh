#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer, in the clang build
# it shares with the fuzzers (.ci/sanitizer_build.sh): ccsim, the tests and the fuzz replays are
# built with both, and ctest runs every test but the `slow` label, the tests that start the ccsim
# binary included. The slow tests (statistical coverage and long runs of the same code paths) run
# in the normal build (.ci/setup test); under the sanitizers they took 115 s of a 344 s run.
# Any report fails the run (-fno-sanitize-recover, halt_on_error).
#
#   bash .ci/sanitize.sh
#
# Environment: CCSIM_SANITIZE_BUILD_DIR (default build-sanitize).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=sanitizer_build.sh
source "$root/.ci/sanitizer_build.sh"
build="$(sanitizer_build_dir "$root")"
jobs="$(nproc 2>/dev/null || echo 2)"

configure_sanitizer_build "$root" "$build"
cmake --build "$build" -j "$jobs"
echo "sanitizers: built in ${SECONDS} s"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$build"
tested_from=$SECONDS
ctest --output-on-failure --no-tests=error -j "$jobs" -LE slow
echo "sanitizers: tested in $((SECONDS - tested_from)) s; built and tested in ${SECONDS} s"
