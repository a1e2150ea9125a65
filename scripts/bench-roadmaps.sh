#!/usr/bin/env bash
# Many roadmaps cost what their skills cost: times a clean build of a site of ROADMAPS roadmaps
# of SECTIONS × SKILLS_PER_SECTION skills each against one roadmap of ROADMAPS × SECTIONS sections
# of the same size (so that only the roadmaps differ, not the length of each section's list),
# runs interleaved, into a RAM disk, and prints the medians of wall and CPU time and their ratios
# (the target is at most 1.1).
#
#   scripts/bench-roadmaps.sh [BIN] [ROADMAPS SECTIONS SKILLS_PER_SECTION]
#                                       (default 10 10 100: ten of 1,000 vs one of 10,000)
#
# RUNS (default 5) sets the number of timed builds of each site.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
bin=${1:-$target/release/trailmap}
roadmaps=${2:-10} sections=${3:-10} skills=${4:-100}
runs=${RUNS:-5}
cargo build --release --quiet --example synth
[ "$bin" = "$target/release/trailmap" ] && cargo build --release --quiet
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$target"/release/examples/synth "$tmp/one" "$((sections * roadmaps))" "$skills" >/dev/null
# A site of several roadmaps: each a synthesised roadmap moved into its folder of content/.
mkdir -p "$tmp/many/content"
names=()
for i in $(seq "$roadmaps"); do
  "$target"/release/examples/synth "$tmp/r$i" "$sections" "$skills" >/dev/null
  mv "$tmp/r$i/content" "$tmp/many/content/roadmap-$i"
  names+=("\"roadmap-$i\"")
done
cp "$tmp/r1/trailmap.toml" "$tmp/many/trailmap.toml"
[ -d "$tmp/r1/pages" ] && cp -r "$tmp/r1/pages" "$tmp/many/pages"
rm -rf "$tmp"/r*
printf '+++\ntitle = "Many roadmaps"\n+++\n\nPick one.\n' >"$tmp/many/content/_index.md"
printf 'roadmaps = [%s]\n' "$(IFS=,; echo "${names[*]}")" >>"$tmp/many/trailmap.toml"
for site in one many; do
  printf 'preview_images = "none"\n' >>"$tmp/$site/trailmap.toml"
done
# shellcheck source=lib/clean-builds.sh
. scripts/lib/clean-builds.sh
clean_builds "$bin" "$tmp" "$runs" one many
printf '%d roadmaps / one roadmap of as many skills: wall %.3f, cpu %.3f (target <= 1.1); load average %s\n' \
  "$roadmaps" "$(echo "$w_many / $w_one" | bc -l)" "$(echo "$c_many / $c_one" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
