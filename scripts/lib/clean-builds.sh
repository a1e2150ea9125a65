# Sourced by the scripts that compare sites built by one binary (bench-languages.sh,
# bench-roadmaps.sh): clean builds of each site, runs interleaved so that every site meets the same
# machine, each into TMP/out-SITE; prints each site's pages and median wall and CPU time, and sets
# w_SITE and c_SITE to them.
#
#   clean_builds BIN TMP RUNS SITE…      (each SITE is the folder TMP/SITE)
clean_builds() {
  local bin=$1 tmp=$2 runs=$3
  shift 3
  local -A wall cpu
  local site e u s w c
  local median='{a[NR]=$1} END {print a[int((NR+1)/2)]}'
  for _ in $(seq "$runs"); do
    for site in "$@"; do
      rm -rf "$tmp/out-$site"
      /usr/bin/time -o "$tmp/time" -f "%e %U %S" "$bin" build --quiet --root "$tmp/$site" --output "$tmp/out-$site" >/dev/null 2>&1
      read -r e u s <"$tmp/time"
      wall[$site]+="$e "
      cpu[$site]+="$(echo "$u + $s" | bc) "
    done
  done
  for site in "$@"; do
    w=$(tr ' ' '\n' <<<"${wall[$site]}" | grep . | sort -n | awk "$median")
    c=$(tr ' ' '\n' <<<"${cpu[$site]}" | grep . | sort -n | awk "$median")
    printf '%-6s %6s pages  wall %6ss  cpu %6ss (medians of %d clean builds)\n' \
      "$site" "$(find "$tmp/out-$site" -name index.html | wc -l)" "$w" "$c" "$runs"
    eval "w_$site=$w c_$site=$c"
  done
}
