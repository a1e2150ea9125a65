#!/usr/bin/env bash
# Page weight of a built site: the median and largest HTML page, and the landing page.
#
#   scripts/page-weight.sh SITE_OUTPUT            # a built public/ folder
#   scripts/page-weight.sh --synth SECTIONS SKILLS # builds a synthetic roadmap first (RAM disk)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
if [ "${1:-}" = --synth ]; then
  cargo build --release --quiet --bin trailmap --example synth
  work=$(mktemp -d "${RAMDISK:-/dev/shm}/trailmap-weight.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  "$target"/release/examples/synth "$work/site" "${2:-100}" "${3:-100}" >/dev/null
  "$target"/release/trailmap build --quiet --root "$work/site" >/dev/null
  out="$work/site/public"
else
  out=${1:?usage: page-weight.sh PUBLIC_DIR | --synth SECTIONS SKILLS}
fi
kb() { awk '{printf "%.1f KB", $1 / 1000}' <<<"$1"; }
sizes=$(find "$out" -name '*.html' -printf '%s %P\n' | sort -n)
count=$(wc -l <<<"$sizes")
median=$(awk -v n="$count" 'NR == int((n + 1) / 2) {print $1}' <<<"$sizes")
read -r largest largest_path < <(tail -1 <<<"$sizes")
landing=$(stat -c %s "$out/index.html")
echo "HTML pages:   $count"
echo "median page:  $(kb "$median")"
echo "largest page: $(kb "$largest") ($largest_path)"
echo "landing page: $(kb "$landing") (index.html)"
