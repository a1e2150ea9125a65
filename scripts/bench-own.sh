#!/usr/bin/env bash
# Rebuilds of this repository's own site (#22: under 50 ms), one binary after the other in each
# round so that all meet the same machine; prints the median, first and third quartile of each.
#
#   scripts/bench-own.sh BIN [OTHER_BIN…]          RUNS (default 31) rounds
#
# The site (its content/, themes/ and trailmap.toml, as committed) is copied under $RAMDISK
# (default /dev/shm) and built once untimed by each binary; each timed build is a rebuild into
# the public/ the last one left, as an author's second `trailmap build` is.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n 2,9p "$0"; exit 2; }
runs=${RUNS:-31}
ram=${RAMDISK:-/dev/shm}
site=$(mktemp -d "$ram/trailmap-own.XXXXXX")
trap 'rm -rf "$site"' EXIT
git archive HEAD content themes trailmap.toml | tar -x -C "$site"
for bin in "$@"; do "$bin" build --quiet --root "$site" >/dev/null 2>&1; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A times
for _ in $(seq "$runs"); do
  for bin in "$@"; do
    start=$(date +%s%N)
    "$bin" build --quiet --root "$site" >/dev/null 2>&1 || { echo "failed: $bin" >&2; exit 1; }
    end=$(date +%s%N)
    times[$bin]+="$(( (end - start) / 1000 )) "
  done
done
quantile() { tr ' ' '\n' | grep . | sort -n | awk -v q="$1" '{a[NR]=$1} END {print a[int(NR*q+0.5)]}'; }
for bin in "$@"; do
  printf '%-45s median %6.1f ms  (quartiles %.1f–%.1f ms)\n' "$bin" \
    "$(echo "$(echo "${times[$bin]}" | quantile 0.5) / 1000" | bc -l)" \
    "$(echo "$(echo "${times[$bin]}" | quantile 0.25) / 1000" | bc -l)" \
    "$(echo "$(echo "${times[$bin]}" | quantile 0.75) / 1000" | bc -l)"
done
echo "($runs rounds, $(find "$site/public" -name '*.html' | wc -l) pages; load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
