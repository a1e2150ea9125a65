#!/usr/bin/env bash
# Build-speed benchmark: synthetic roadmaps of 1k, 10k and 100k skills built by trailmap (and by
# Hugo on the same content with comparable templates, where `hugo` is installed), reporting wall
# time, pages per second and peak memory. Also the repository's own site.
#
#   scripts/bench.sh                          # all sizes
#   SIZES="1000 10000" scripts/bench.sh
#   RUNS=5 scripts/bench.sh                   # median of 5 runs per row (default 3; 15 for the own site)
#   CLEAN_SIZES="" scripts/bench.sh           # skip the clean-build rows
#   OUT=/dev/shm/bench HUGO=/path/to/hugo TOML='preview_images = "none"' SIZES=10000 scripts/bench.sh
#                                             # on a RAM disk, with that Hugo, as #22 measures
#
# Two ways to build, each tool measured the same way:
# - rebuild: the output folder holds the previous build of the same content (what an author
#   who runs `build` again sees). trailmap keeps its previous site beside public/ and only
#   compares unchanged files; Hugo rewrites every file.
# - clean:   the output folder (and trailmap's spare) is deleted before each run, untimed.
# Every row starts with one untimed run, so that both tools find the sources in the page cache.
#
# Sites are generated under bench-out/ (inside the repository: on this machine /tmp is much slower
# to write to, which would measure the disk rather than the tools).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
SIZES=${SIZES:-"1000 10000 100000"}
CLEAN_SIZES=${CLEAN_SIZES:-"1000 10000"}
RUNS=${RUNS:-3}
OUT=${OUT:-bench-out}
HUGO=${HUGO:-hugo}
mkdir -p "$OUT"

cargo build --release --quiet
cargo build --release --quiet --example synth
BIN=$target/release/trailmap

# measure PREPARE COMMAND...: runs COMMAND once untimed, then RUNS times, each after PREPARE
# (untimed); prints "median_seconds peak_rss_kib" (the peak over the timed runs).
measure() {
  local prepare=$1; shift
  eval "$prepare"
  "$@" >/dev/null 2>&1
  local times=() peak=0
  for _ in $(seq "$RUNS"); do
    eval "$prepare"
    sync
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

row() { # skills tool mode seconds pages peak_kib ratio
  printf '%-9s %-9s %-8s %9.3f %10.0f %11.1f %9s\n' "$1" "$2" "$3" "$4" "$(echo "$5 / $4" | bc -l)" \
    "$(echo "$6 / 1024" | bc -l)" "$7"
}

printf '%-9s %-9s %-8s %9s %10s %11s %9s\n' skills tool mode "wall (s)" "pages/s" "peak (MiB)" "hugo/us"

# The repository's own site: a build of a few tens of milliseconds, so more runs.
read -r t m < <(RUNS=15 measure ":" "$BIN" build --quiet --output "$OUT/own-public")
row "own site" trailmap rebuild "$t" "$(find "$OUT/own-public" -name '*.html' | wc -l)" "$m" "-"

for n in $SIZES; do
  sections=$(( n >= 10000 ? 100 : 10 ))
  per=$(( n / sections ))
  site="$OUT/synth-$n"
  if [ ! -d "$site/content" ]; then
    "$target"/release/examples/synth "$site" "$sections" "$per" >/dev/null
    if [ -n "${TOML:-}" ]; then echo "$TOML" >>"$site/trailmap.toml"; fi
  fi
  hsite="$OUT/hugo-$n"
  if command -v "$HUGO" >/dev/null 2>&1 && [ ! -d "$hsite/content" ]; then
    rm -rf "$hsite"; mkdir -p "$hsite"
    cp -r scripts/hugo/. "$hsite/"
    cp -r "$site/content" "$hsite/content"
    rm -f "$hsite/content/faq.md"
  fi
  modes="rebuild"
  case " $CLEAN_SIZES " in *" $n "*) modes="rebuild clean" ;; esac
  for mode in $modes; do
    ours_prep=":"; hugo_prep=":"
    if [ "$mode" = clean ]; then
      ours_prep="rm -rf '$site/public' '$site/.public.trailmap-old' '$site/.public.trailmap-new'"
      hugo_prep="rm -rf '$hsite/public'"
    fi
    read -r t m < <(measure "$ours_prep" "$BIN" build --quiet --root "$site")
    pages=$(find "$site/public" -name '*.html' | wc -l)
    if command -v "$HUGO" >/dev/null 2>&1; then
      read -r ht hm < <(measure "$hugo_prep" "$HUGO" --quiet --source "$hsite" --destination public)
      hpages=$(find "$hsite/public" -name '*.html' | wc -l)
      row "$n" trailmap "$mode" "$t" "$pages" "$m" "$(printf '%.1fx' "$(echo "$ht / $t" | bc -l)")"
      row "$n" hugo "$mode" "$ht" "$hpages" "$hm" "-"
    else
      row "$n" trailmap "$mode" "$t" "$pages" "$m" "(no hugo)"
    fi
  done
done
