#!/usr/bin/env bash
# Runs every libFuzzer target built by the 'fuzz' preset for a bounded time,
# starting from its committed corpus (tests/fuzz/corpus/<target>, read only;
# new inputs go to build/fuzz/corpus/<target>), and prints the executions
# per target. A crash stops with the input's path: fix the bug, then copy
# the input into the target's corpus so it stays a regression test.
#   tools/fuzz.sh [SECONDS_PER_TARGET]      (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
bin=build/fuzz/tests/fuzz
targets=(decode scenario drill pcap url_params capture)
summary=()
passed=0
failed=0
for t in "${targets[@]}"; do
  [ -x "$bin/fuzz_$t" ] || { echo "fuzz.sh: $bin/fuzz_$t is not built (cmake --preset fuzz && cmake --build --preset fuzz)"; exit 1; }
  work=build/fuzz/corpus/$t
  crashes=build/fuzz/crashes
  mkdir -p "$work" "$crashes"
  log=build/fuzz/fuzz_$t.log
  set +e
  "$bin/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/$t-" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  if [ "$rc" != 0 ]; then
    failed=$((failed + 1))
    echo "fuzz_$t FAILED (exit $rc) after $execs executions:"
    grep -E 'ERROR|SUMMARY|Test unit written|artifact' "$log" | head -20 || tail -20 "$log"
    summary+=("fuzz_$t: FAILED, see $log")
  else
    passed=$((passed + 1))
    summary+=("fuzz_$t: $execs executions in ${secs} s, no crash ($(ls "$work" | wc -l) new corpus inputs)")
  fi
done
printf '%s\n' "${summary[@]}"
echo "# pass $passed"
echo "# fail $failed"
[ "$failed" = 0 ]
