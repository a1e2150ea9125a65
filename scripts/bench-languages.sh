#!/usr/bin/env bash
# Each added language costs at most its share: times a clean build of one roadmap in three
# languages (SECTIONS sections of SKILLS skills, every page translated twice) against one language
# with three times the sections (the same size each, so that the pages weigh the same and only the
# languages differ), runs interleaved, into a RAM disk, and prints the medians and their ratio (the
# target is at most 1.2).
#
#   scripts/bench-languages.sh [BIN] [SECTIONS SKILLS_PER_SECTION]   (default 10 300: 3,000 vs 9,000)
#
# RUNS (default 5) sets the number of timed builds of each site.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
bin=${1:-$target/release/trailmap}
sections=${2:-10} skills=${3:-300}
runs=${RUNS:-5}
cargo build --release --quiet --example synth
[ "$bin" = "$target/release/trailmap" ] && cargo build --release --quiet
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$target"/release/examples/synth "$tmp/one" "$((sections * 3))" "$skills" >/dev/null
"$target"/release/examples/synth "$tmp/three" "$sections" "$skills" >/dev/null
for site in one three; do
  printf 'preview_images = "none"\n' >>"$tmp/$site/trailmap.toml"
done
# The same text as its own translation: every page of the second and third language is
# translated, so each edition is as big as the default one.
printf 'languages = ["en", "de", "es"]\n' >>"$tmp/three/trailmap.toml"
find "$tmp/three/content" -name '*.md' | while read -r file; do
  cp "$file" "${file%.md}.de.md"
  cp "$file" "${file%.md}.es.md"
done
# shellcheck source=lib/clean-builds.sh
. scripts/lib/clean-builds.sh
clean_builds "$bin" "$tmp" "$runs" one three
printf 'three languages / one language of three times the skills: wall %.3f, cpu %.3f (target <= 1.2)\n' \
  "$(echo "$w_three / $w_one" | bc -l)" "$(echo "$c_three / $c_one" | bc -l)"
