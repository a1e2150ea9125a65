#!/usr/bin/env bash
# A clean build on a RAM disk against the write-only floor (examples/write_floor.rs: the same
# folders and files, of the same sizes, written and nothing else), interleaved so that both meet
# the same machine; with a second binary, that one is timed in the same rounds too.
#
#   scripts/bench-floor.sh [BIN [OTHER_BIN]]            # 10,000 skills (100 sections of 100)
#   SECTIONS=100 SKILLS=1000 RUNS=3 scripts/bench-floor.sh
#
# The roadmap gets `preview_images = "none"` (as #22 measures: preview images have their own
# budget); TOML replaces that line (TOML= for none). The floor writes the very files the build
# wrote (its manifest too), so both write the same number of files and bytes; the script prints them.
# Everything happens under $RAMDISK (default /dev/shm), so that the figures are the programs'
# and not the disk's. Prints the median wall time of each, and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
bin=${1:-$target/release/trailmap}
other=${2:-}
runs=${RUNS:-7}
sections=${SECTIONS:-100} skills=${SKILLS:-100}
ram=${RAMDISK:-/dev/shm}
cargo build --release --quiet --example synth --example write_floor
work=$(mktemp -d "$ram/trailmap-floor.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$target"/release/examples/synth "$work/site" "$sections" "$skills" >/dev/null
toml=${TOML-preview_images = \"none\"}
if [ -n "$toml" ]; then echo "$toml" >>"$work/site/trailmap.toml"; fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
clean() { rm -rf "$work/site/public" "$work/site/.public.trailmap-"*; }
timed() { # prints the wall seconds of COMMAND…
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
# One untimed build, which also gives the floor its tree to copy.
"$bin" build --quiet --root "$work/site" >/dev/null
cp -r "$work/site/public" "$work/model"
declare -a t_bin t_other t_floor
for _ in $(seq "$runs"); do
  clean; t_bin+=("$(timed "$bin" build --quiet --root "$work/site")")
  if [ -n "$other" ]; then clean; t_other+=("$(timed "$other" build --quiet --root "$work/site")"); fi
  t_floor+=("$(timed "$target"/release/examples/write_floor "$work/model" "$work/floor")")
done
f=$(printf '%s\n' "${t_floor[@]}" | median)
b=$(printf '%s\n' "${t_bin[@]}" | median)
printf 'write floor  %-40s %.3f s\n' "" "$f"
printf 'clean build  %-40s %.3f s  (%.2fx the floor)\n' "$bin" "$b" "$(echo "$b / $f" | bc -l)"
if [ -n "$other" ]; then
  o=$(printf '%s\n' "${t_other[@]}" | median)
  printf 'clean build  %-40s %.3f s  (%.2fx the floor)\n' "$other" "$o" "$(echo "$o / $f" | bc -l)"
fi
echo "(medians of $runs interleaved runs; $(find "$work/model" -type f | wc -l) files, $(du -sb --apparent-size "$work/model" | cut -f1) bytes, in $(find "$work/model" -type d | wc -l) folders; load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
