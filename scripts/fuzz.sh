#!/usr/bin/env bash
# `make fuzz` (FUZZ_SECONDS per target, default 60) and the smoke run of `make test` (a few
# seconds each): runs every libFuzzer target of build-fuzz/ on its committed seed corpus
# fuzz/corpus/<target>/ (replayed in full first, so a crash input kept there is a regression
# test), writing new inputs to build-fuzz/corpus/<target>/ and crashes to build-fuzz/crashes/.
# Prints one line per target with the executions run; fails if any target found a crash.
set -uo pipefail
cd "$(dirname "$0")/.."
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
status=0
mkdir -p "$FUZZ_BUILD/crashes"
summary=()
for corpus in fuzz/corpus/*/; do
  target=$(basename "$corpus")
  binary=$FUZZ_BUILD/${target}_fuzz
  if [[ ! -x $binary ]]; then echo "missing fuzz target $binary" >&2; status=1; continue; fi
  work=$FUZZ_BUILD/corpus/$target
  mkdir -p "$work"
  log=$FUZZ_BUILD/$target.log
  # Each target is single-process and in-process; -rss_limit_mb guards the machine, -timeout flags hangs.
  ASAN_OPTIONS=detect_leaks=1 "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$FUZZ_BUILD/crashes/$target-" "$work" "$corpus" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if ((rc != 0)); then
    status=1
    summary+=("$(printf '%-12s FAILED after %s runs (see %s)' "$target" "${runs:-?}" "$log")")
    grep -a -E "ERROR|fuzz oracle|runtime error|Test unit written" "$log" | head -5 >&2
  else
    summary+=("$(printf '%-12s %10s runs in %ss, corpus %s inputs' "$target" "${runs:-?}" "$seconds" "$(ls "$work" | wc -l)")")
  fi
done
printf '%s\n' "${summary[@]}" | tee "$FUZZ_BUILD/fuzz-summary.txt"
exit $status
