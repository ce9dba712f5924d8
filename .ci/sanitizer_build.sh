#!/usr/bin/env bash
# Sourced by .ci/sanitize.sh and .ci/fuzz.sh: the one build both use, with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer (CCSIM_SANITIZE), the tests, and the libFuzzer
# targets (CCSIM_BUILD_FUZZ: the library and the commands compiled with
# -fsanitize=fuzzer-no-link, the coverage the fuzzers need; only fuzz_NAME links libFuzzer).
# Configured and built once: the second script finds it up to date.
#
# Environment: CCSIM_SANITIZE_BUILD_DIR (default build-sanitize).

sanitizer_build_dir() {
  echo "${CCSIM_SANITIZE_BUILD_DIR:-$1/build-sanitize}"
}

# configure_sanitizer_build ROOT BUILD: -O1 -g1, quick to build and to run, with file and line in
# every report.
configure_sanitizer_build() {
  local launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCCSIM_SANITIZE=ON -DCCSIM_BUILD_FUZZ=ON \
    -DCCSIM_BUILD_TESTS=ON -DCCSIM_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
}
