#!/usr/bin/env bash
# Builds every cargo-fuzz target and runs each from its committed corpus in fuzz/corpus/<target>/.
# Exits non-zero when a target fails, printing the crashing
# input's path (under fuzz/artifacts/<target>/) and the end of libFuzzer's log.
#
#   bash fuzz/run.sh [SECONDS]        explore: each target for SECONDS (default 60)
#   bash fuzz/run.sh --runs N         replay: the corpus, then N inputs from seed 1 per target
#   EXAMBOOK_FUZZ_TARGETS="soup:1 book:40" bash fuzz/run.sh ...   only these targets
#
# --runs is what CI runs: a fixed seed and a fixed number of inputs make the same inputs on
# every machine, so CI fails only when a change breaks something (a time limit explores
# further on a faster machine and would fail on findings that have nothing to do with the
# change). Exploring is what a developer runs to find new bugs; findings go into
# fuzz/corpus/<target>/ (minimised: `cargo fuzz tmin -s none TARGET FILE`) with a test.
#
# Stable Rust works: `cargo fuzz build -s none` / `cargo fuzz run -s none TARGET`. Without a
# sanitizer cargo-fuzz passes rustc only stable flags (-Cpasses=sancov-module and the
# -Cllvm-args coverage options, --cfg fuzzing, -Cdebug-assertions); the default
# AddressSanitizer needs -Zsanitizer=address, which stable refuses. Our crates forbid unsafe
# code, so panics and failed assertions (what the targets check) are what there is to find.
# Requires cargo-fuzz (`cargo install cargo-fuzz --locked`).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=""
if [ "${1:-}" = "--runs" ]; then
  runs="${2:?--runs needs a number}"
else
  # A random seed (libFuzzer picks one) unless EXAMBOOK_FUZZ_SEED says otherwise.
  limit=(-max_total_time="${1:-60}" -seed="${EXAMBOOK_FUZZ_SEED:-0}")
  what="${1:-60} s"
fi
# Each target with its cost: how many inputs of the cheapest its one input is worth (`book`
# writes and renders a whole book per input); --runs N gives a target N / cost inputs.
targets=(${EXAMBOOK_FUZZ_TARGETS:-parse:1 soup:1 front_matter:1 summary:1 include:1 serve_path:1 po:1 book:40})

started=$(date +%s)
cargo fuzz build -s none
echo "fuzz build: $(($(date +%s) - started)) s"

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
failed=0
for entry in "${targets[@]}"; do
  t="${entry%%:*}"
  if [ -n "$runs" ]; then
    limit=(-runs="$((runs / ${entry##*:}))" -seed=1)
    what="corpus + $((runs / ${entry##*:})) inputs"
  fi
  # New inputs go to a scratch folder (the first corpus argument), so the committed corpus is
  # only read.
  scratch="$logs/corpus-$t"
  mkdir -p "$scratch" "fuzz/artifacts/$t"
  before="$(ls "fuzz/artifacts/$t")"
  if cargo fuzz run -s none "$t" "$scratch" "fuzz/corpus/$t" -- \
      "${limit[@]}" -timeout=10 -print_final_stats=1 >"$logs/$t.log" 2>&1; then
    done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log")
    echo "fuzz $t: ${what}, ${done_runs:-?} inputs run, ${rate:-?} exec/s, no failure"
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
