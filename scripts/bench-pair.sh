#!/usr/bin/env bash
# Times two trailmap binaries on the same synthetic roadmap, runs interleaved so that both meet the
# same machine, and prints the median wall and CPU time of each, and their ratio.
#
#   scripts/bench-pair.sh BEFORE_BIN AFTER_BIN [SECTIONS SKILLS [synth flags…]]
#   scripts/bench-pair.sh old/trailmap target/release/trailmap 100 100 chains
#
# Each build is a rebuild (the output folder holds the previous build), after one untimed build;
# with CLEAN=1, a clean build (the output folder deleted first, untimed). RUNS (default 7) sets the
# number of timed builds of each binary; TOML adds a line to the roadmap's trailmap.toml
# (TOML='preview_images = "none"', as #22 measures). TMPDIR=/dev/shm builds on a RAM disk.
set -euo pipefail
before=$1 after=$2; shift 2
sections=${1:-100} skills=${2:-100}; shift 2 || true
runs=${RUNS:-7}
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --example synth
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
"$target"/release/examples/synth "$site/roadmap" "$sections" "$skills" "$@" >/dev/null
if [ -n "${TOML:-}" ]; then echo "$TOML" >>"$site/roadmap/trailmap.toml"; fi
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A wall cpu
for bin in "$before" "$after"; do
  "$bin" build --quiet --root "$site/roadmap" --output "$site/out-$(basename "$(dirname "$bin")")" >/dev/null 2>&1 || true
done
for _ in $(seq "$runs"); do
  for bin in "$before" "$after"; do
    out="$site/out-$(basename "$(dirname "$bin")")"
    if [ "${CLEAN:-}" = 1 ]; then rm -rf "$out"; fi
    /usr/bin/time -o "$site/time" -f "%e %U %S" "$bin" build --quiet --root "$site/roadmap" --output "$out" >/dev/null 2>&1
    read -r e u s <"$site/time"
    wall[$bin]+="$e "
    cpu[$bin]+="$(echo "$u + $s" | bc) "
  done
done
for bin in "$before" "$after"; do
  w=$(tr ' ' '\n' <<<"${wall[$bin]}" | grep . | median)
  c=$(tr ' ' '\n' <<<"${cpu[$bin]}" | grep . | median)
  printf '%-40s wall %6ss  cpu %6ss  (median of %d)\n' "$bin" "$w" "$c" "$runs"
  eval "w_$([ "$bin" = "$before" ] && echo b || echo a)=$w c_$([ "$bin" = "$before" ] && echo b || echo a)=$c"
done
printf 'after / before: wall %.3f, cpu %.3f\n' "$(echo "$w_a / $w_b" | bc -l)" "$(echo "$c_a / $c_b" | bc -l)"
