#!/usr/bin/env bash
# Builds every cargo-fuzz target and runs each for SECONDS (default 60) from its committed
# corpus in fuzz/corpus/<target>/. Exits non-zero when a target fails, printing the crashing
# input's path (under fuzz/artifacts/<target>/) and the end of libFuzzer's log.
#
#   bash fuzz/run.sh [SECONDS]
#
# Stable Rust works: `cargo fuzz build -s none` / `cargo fuzz run -s none TARGET`. Without a
# sanitizer cargo-fuzz passes rustc only stable flags (-Cpasses=sancov-module and the
# -Cllvm-args coverage options, --cfg fuzzing, -Cdebug-assertions); the default
# AddressSanitizer needs -Zsanitizer=address, which stable refuses. Our crates forbid unsafe
# code, so panics and failed assertions (what the targets check) are what there is to find.
# Requires cargo-fuzz (`cargo install cargo-fuzz --locked`).
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${1:-60}"
# A fixed seed by default, so that a CI run explores what the same run here explored (up to the
# time limit) and does not fail at random; EXAMBOOK_FUZZ_SEED=0 lets libFuzzer pick one.
seed="${EXAMBOOK_FUZZ_SEED:-1}"
targets=(parse summary front_matter include serve_path)

started=$(date +%s)
cargo fuzz build -s none
echo "fuzz build: $(($(date +%s) - started)) s"

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
failed=0
for t in "${targets[@]}"; do
  # New inputs go to a scratch folder (the first corpus argument), so the committed corpus is
  # only read.
  scratch="$logs/corpus-$t"
  mkdir -p "$scratch" "fuzz/artifacts/$t"
  before="$(ls "fuzz/artifacts/$t")"
  if cargo fuzz run -s none "$t" "$scratch" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" -seed="$seed" -print_final_stats=1 >"$logs/$t.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log")
    echo "fuzz $t: ${secs} s, ${runs:-?} runs, ${rate:-?} exec/s, no failure"
  else
    failed=1
    echo "fuzz $t: FAILED"
    tail -n 40 "$logs/$t.log"
    for f in $(comm -13 <(echo "$before") <(ls "fuzz/artifacts/$t")); do
      echo "crashing input: fuzz/artifacts/$t/$f"
    done
  fi
done
exit "$failed"
