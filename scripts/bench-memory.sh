#!/usr/bin/env bash
# Peak memory and time of a clean build of a big synthetic roadmap (#22: 100,000 skills under
# 600 MiB and 6 s), with `preview_images = "none"`, on a RAM disk; with a second binary, both are
# run one after the other in each round, so that they meet the same machine.
#
#   scripts/bench-memory.sh [BIN [OTHER_BIN]]                  # 100,000 skills (100 sections of 1,000)
#   SECTIONS=100 SKILLS=100 RUNS=3 scripts/bench-memory.sh OLD/trailmap target/release/trailmap
#
# Prints, per run, the wall and CPU seconds and the peak resident memory (`/usr/bin/time`), then
# the resident memory after each stage of the last run of each binary (`TRAILMAP_TIMINGS=1`),
# which says which stage raised the peak.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
bins=("${1:-$target/release/trailmap}")
if [ -n "${2:-}" ]; then bins+=("$2"); fi
runs=${RUNS:-1}
sections=${SECTIONS:-100} skills=${SKILLS:-1000}
ram=${RAMDISK:-/dev/shm}
cargo build --release --quiet --example synth
work=$(mktemp -d "$ram/trailmap-memory.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$target"/release/examples/synth "$work/site" "$sections" "$skills" >/dev/null
echo 'preview_images = "none"' >>"$work/site/trailmap.toml"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$runs"); do
  for bin in "${bins[@]}"; do
    rm -rf "$work/out" "$work"/.out.trailmap-*
    TRAILMAP_TIMINGS=1 /usr/bin/time -o "$work/time" -f "%e %U %S %M" \
      "$bin" build --quiet --root "$work/site" --output "$work/out" 2>"$work/stages" >/dev/null
    read -r e u s m <"$work/time"
    printf '%-40s wall %6ss  cpu %6ss  peak %5d MiB\n' "$bin" "$e" "$(echo "$u + $s" | bc)" "$((m / 1024))"
    grep -E '^ *[a-z]+: ' "$work/stages" >"$work/stages-$(echo "$bin" | tr / _)" || true
  done
done
for bin in "${bins[@]}"; do
  echo "stages of $bin (last run):"
  sed 's/^/  /' "$work/stages-$(echo "$bin" | tr / _)"
done
echo "(load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(find "$work/out" -type f | wc -l) files, $(du -sm "$work/out" | cut -f1) MB)"
