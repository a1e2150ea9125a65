#!/usr/bin/env bash
# What preview images cost a whole build, on the synthetic roadmap: builds with images off, cold
# builds (empty image cache) and builds from a full cache into an empty output folder, run
# interleaved so that all three meet the same machine; prints the median wall and CPU time of each
# and the ratio of a cached build to one without images (the target is at most 1.1).
#
#   scripts/bench-share.sh [SECTIONS SKILLS]      (default 100 100: 10,000 skills)
#
# RUNS (default 5) sets the number of timed builds of each kind. The per-image figures (CPU time
# per skill card and per map image) come from `cargo run --release --example share_timing -- SITE`.
set -euo pipefail
sections=${1:-100} skills=${2:-100}
runs=${RUNS:-5}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin trailmap --example synth --example share_timing
bin=$PWD/target/release/trailmap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/synth "$work/images" "$sections" "$skills" >/dev/null
cp -r "$work/images" "$work/none"
# A top-level key goes before the first table.
sed -i '1i preview_images = "none"' "$work/none/trailmap.toml"
target/release/examples/share_timing "$work/images"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A wall cpu
timed() {
  local kind=$1 root=$2
  rm -rf "$root/public" "$root"/.public.trailmap-*
  /usr/bin/time -o "$work/time" -f "%e %U %S" "$bin" build --quiet --root "$root" >/dev/null 2>&1
  read -r e u s <"$work/time"
  wall[$kind]+="$e "
  cpu[$kind]+="$(echo "$u + $s" | bc) "
}
"$bin" build --quiet --root "$work/none" >/dev/null 2>&1
for _ in $(seq "$runs"); do
  timed none "$work/none"
  rm -rf "$work/images/.trailmap"
  timed cold "$work/images"
  timed cached "$work/images"
done
for kind in none cold cached; do
  printf '%-7s wall %6.2f s   cpu %6.2f s\n' "$kind" \
    "$(tr ' ' '\n' <<<"${wall[$kind]}" | grep . | median)" "$(tr ' ' '\n' <<<"${cpu[$kind]}" | grep . | median)"
done
none=$(tr ' ' '\n' <<<"${wall[none]}" | grep . | median)
cached=$(tr ' ' '\n' <<<"${wall[cached]}" | grep . | median)
echo "cached / none (wall): $(echo "scale=2; $cached / $none" | bc)"
