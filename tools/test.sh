#!/usr/bin/env bash
# Runs every test: sets the machine up if needed, then
#   1. native build + ctest (Catch2, one ctest test per TEST_CASE)
#   2. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the web build, its wasm core under Node (node:test)
#   4. the page in headless Chromium (playwright-core)
#   5. each libFuzzer target for a bounded time (clang, the 'fuzz' preset)
# and prints one closing line with the totals. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc 2>/dev/null || echo 2)
logs=build/test-logs
passed=0
failed=0

step() { printf '\n=== %s\n' "$*"; }
# Adds a runner's counts to the totals: ctest's "N tests failed out of M" or node's "# pass N / # fail M".
count() {
  local log=$1 p f
  if grep -q 'tests failed out of' "$log"; then
    f=$(grep -oE '[0-9]+ tests failed out of' "$log" | tail -1 | grep -oE '^[0-9]+')
    p=$(( $(grep -oE 'out of [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$') - f ))
  else
    p=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || echo 0)
    f=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || echo 0)
  fi
  passed=$((passed + p))
  failed=$((failed + f))
}
run_logged() {  # run_logged NAME COMMAND...: show output, keep it, count it
  local name=$1; shift
  local log=$logs/$name.log
  set +e
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  count "$log"
  if [ "$rc" != 0 ]; then
    echo "test.sh: '$name' failed (exit $rc); its output is in $log"
    echo "$passed passed, $((failed > 0 ? failed : 1)) failed"
    exit 1
  fi
}

step "setup"
bash tools/setup.sh
mkdir -p "$logs"

step "native: build and ctest"
cmake --preset native >/dev/null
cmake --build --preset native -j"$jobs"
run_logged ctest-native ctest --preset native -j"$jobs"

step "native-asan: build and ctest under ASan + UBSan"
cmake --preset native-asan >/dev/null
cmake --build --preset native-asan -j"$jobs"
run_logged ctest-asan ctest --preset native-asan -j"$jobs"

step "web: build"
cmake --preset web >/dev/null
cmake --build --preset web -j"$jobs"

step "node: the wasm core"
run_logged node node --no-experimental-fetch --test tests/node/

step "bench: each web benchmark briefly (figures printed, not checked; bench/README.md)"
node bench/wasm_bench.mjs --seconds 2 --repeat 1
node bench/page_weight.mjs --loads 1
node bench/ui_frame_bench.mjs 20 --segments 2000

step "browser: the page in headless Chromium (screenshots in build/screenshots)"
# One file at a time: two Chromiums rendering WebGL on the CPU side by side
# starve each other on 2 cores, and inputs then land in slow frames.
run_logged browser node --test --test-concurrency=1 tests/browser/

fuzz_secs=${TCPLAB_FUZZ_SECONDS:-20}
step "fuzz: each libFuzzer target for ${fuzz_secs} s from its corpus (tests/fuzz/corpus)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$jobs"
run_logged fuzz bash tools/fuzz.sh "$fuzz_secs"

echo
echo "All test steps passed."
echo "$passed passed, $failed failed"
