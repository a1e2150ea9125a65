#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ one after another, SECONDS each (default 600), on one core.
#
#   scripts/fuzz.sh          # 10 minutes per target
#   scripts/fuzz.sh 60       # a quick pass
#   TARGETS="site faq" scripts/fuzz.sh 300
#
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 lets a stable toolchain provide them.
# New inputs the fuzzer finds go to fuzz/found/<target>/ (ignored by git); the seeds it starts
# from are in fuzz/corpus/<target>/. A crash is saved under fuzz/artifacts/<target>/ and stops
# the script: turn it into a test in tests/fuzz_regressions.rs, then fix it.
set -euo pipefail

seconds="${1:-600}"
here="$(cd "$(dirname "$0")/.." && pwd)"
targets="${TARGETS:-frontmatter markdown faq site}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz from crates.io"
    cargo install cargo-fuzz --locked
fi

cd "$here/fuzz"
for target in $targets; do
    # Built per target, so that sources edited meanwhile are picked up (and errors seen).
    cargo fuzz build ${FUZZ_SANITIZER:+--sanitizer "$FUZZ_SANITIZER"} "$target"
    mkdir -p "found/$target" "corpus/$target" "artifacts/$target"
    before="$(ls "artifacts/$target" | wc -l)"
    echo "== $target: ${seconds}s"
    # -jobs=1 runs one fuzzing process (the machine is shared), which logs to fuzz-0.log.
    rm -f fuzz-0.log
    cargo fuzz run ${FUZZ_SANITIZER:+--sanitizer "$FUZZ_SANITIZER"} "$target" "found/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -jobs=1 -dict=trailmap.dict -max_len=16384 -timeout=20 \
        -rss_limit_mb=2048 -print_final_stats=1 >"found/$target.cargo.log" 2>&1 || true
    if [ ! -f fuzz-0.log ]; then
        tail -n 20 "found/$target.cargo.log" >&2
        echo "$target did not run" >&2
        exit 1
    fi
    mv fuzz-0.log "found/$target.log"
    grep -E '^#[0-9]+[[:space:]]' "found/$target.log" | tail -n 1 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "found/$target.log" || true
    if [ "$(ls "artifacts/$target" | wc -l)" != "$before" ]; then
        grep -E -A 12 'panicked|ERROR: libFuzzer|deadly signal' "found/$target.log" | head -n 40 >&2 || true
        echo "$target found a problem: see fuzz/artifacts/$target/ and fuzz/found/$target.log" >&2
        exit 1
    fi
done
