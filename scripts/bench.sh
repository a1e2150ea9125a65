#!/usr/bin/env bash
# Build-speed benchmark: synthetic roadmaps of 1k, 10k and 100k skills built by trailmap (and by
# Hugo on the same content with comparable templates, where `hugo` is installed), reporting wall
# time, pages per second and peak memory. Also the repository's own site.
#
#   scripts/bench.sh                 # all sizes
#   SIZES="1000 10000" scripts/bench.sh
#   RUNS=5 scripts/bench.sh          # median of 5 runs per size (default 3)
#
# Sites are generated under bench-out/ (inside the repository: on this machine /tmp is much slower
# to write to, which would measure the disk rather than the tools).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
OUT=bench-out
mkdir -p "$OUT"

cargo build --release --quiet
cargo build --release --quiet --example synth
BIN=target/release/trailmap

# Runs "$@" RUNS times; prints "median_seconds peak_rss_kib" (the peak over all runs).
measure() {
  local times=() peak=0
  for _ in $(seq "$RUNS"); do
    local log; log=$(mktemp)
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -v "$@" >/dev/null 2>"$log"
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
    local rss; rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    [ "$rss" -gt "$peak" ] && peak=$rss
    rm -f "$log"
  done
  local median; median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $peak"
}

printf '%-10s %-8s %10s %12s %12s %10s\n' "skills" "tool" "wall (s)" "pages/s" "peak (MiB)" "vs hugo"
# The repository's own site.
read -r t m < <(measure "$BIN" build --quiet --output "$OUT/own-public")
pages=$(find "$OUT/own-public" -name '*.html' | wc -l)
printf '%-10s %-8s %10.3f %12.0f %12.1f %10s\n' "own site" trailmap "$t" "$(echo "$pages / $t" | bc -l)" "$(echo "$m / 1024" | bc -l)" "-"

for n in $SIZES; do
  sections=$(( n >= 10000 ? 100 : 10 ))
  per=$(( n / sections ))
  site="$OUT/synth-$n"
  [ -d "$site/content" ] || target/release/examples/synth "$site" "$sections" "$per" >/dev/null
  read -r t m < <(measure "$BIN" build --quiet --root "$site")
  pages=$(find "$site/public" -name '*.html' | wc -l)
  printf '%-10s %-8s %10.3f %12.0f %12.1f' "$n" trailmap "$t" "$(echo "$pages / $t" | bc -l)" "$(echo "$m / 1024" | bc -l)"
  if command -v hugo >/dev/null 2>&1; then
    hsite="$OUT/hugo-$n"
    if [ ! -d "$hsite/content" ]; then
      rm -rf "$hsite"; mkdir -p "$hsite"
      cp -r scripts/hugo/. "$hsite/"
      cp -r "$site/content" "$hsite/content"
      rm -f "$hsite/content/faq.md"
    fi
    read -r ht hm < <(measure hugo --quiet --source "$hsite" --destination public)
    hpages=$(find "$hsite/public" -name '*.html' | wc -l)
    printf ' %10s\n' "$(printf '%.1fx' "$(echo "$ht / $t" | bc -l)")"
    printf '%-10s %-8s %10.3f %12.0f %12.1f %10s\n' "$n" hugo "$ht" "$(echo "$hpages / $ht" | bc -l)" "$(echo "$hm / 1024" | bc -l)" "-"
  else
    printf ' %10s\n' "(no hugo)"
  fi
done
