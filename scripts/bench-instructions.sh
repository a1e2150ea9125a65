#!/usr/bin/env bash
# Instructions a clean build executes, counted by valgrind's callgrind on one thread: unlike time,
# the count hardly moves with the machine's load, so two binaries compare on a shared machine.
# Each binary builds the same synthetic roadmap (`preview_images = "none"`) into an empty folder.
#
#   scripts/bench-instructions.sh BIN [OTHER_BIN…]           (SECTIONS=20 SKILLS=100: 2,000 skills)
#
# KEEP=DIR keeps each run's callgrind profile there (`callgrind_annotate DIR/NAME.out`).
# Needs valgrind (Debian: `apt-get install valgrind`). A 2,000-skill build takes about 30 s.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n 2,9p "$0"; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
target=${CARGO_TARGET_DIR:-target}
sections=${SECTIONS:-20} skills=${SKILLS:-100}
cargo build --release --quiet --example synth
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$target"/release/examples/synth "$tmp/site" "$sections" "$skills" >/dev/null
echo 'preview_images = "none"' >>"$tmp/site/trailmap.toml"
first=
for bin in "$@"; do
  rm -rf "$tmp/site/public"
  out=${KEEP:-$tmp}/$(basename "$(dirname "$bin")")-$(basename "$bin").out
  RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$bin" build --quiet --root "$tmp/site" >/dev/null 2>"$tmp/log" || { cat "$tmp/log" >&2; exit 1; }
  count=$(grep -o 'Collected : [0-9]*' "$tmp/log" | grep -o '[0-9]*$')
  first=${first:-$count}
  printf '%-50s %6.3f G instructions  (%.3fx the first)\n' "$bin" "$(echo "$count / 10^9" | bc -l)" \
    "$(echo "$count / $first" | bc -l)"
done
echo "($((sections * skills)) skills, one thread, clean build)"
