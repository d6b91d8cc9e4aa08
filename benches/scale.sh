#!/usr/bin/env bash
# Build-speed benchmark behind docs/performance.md, one command:
#
#   benches/scale.sh                 # 100, 1,000 and 10,000 plans
#   benches/scale.sh 1000            # chosen sizes only
#   WORK=/dev/shm/vekha benches/scale.sh   # output on tmpfs instead of disk
#
# For each size it generates a synthetic site (`vekha gen-corpus`, seed 1;
# kept between runs), then measures with GNU time:
#   - a full build into an empty folder (wall, user, sys, peak memory),
#   - a rebuild of the unchanged site over the previous output (unchanged
#     districts are hard-linked from it), and one after editing one plan,
#   - the floor: `cp -r` of the same output into a new folder,
# and counts pages, files and bytes. At 1,000 plans it also measures
# `vekha serve`: saving one plan file → reload signal → new page served.
# Documents (PDF/DOCX) are left out (`--no-documents`); set DOCS=1 to
# include them.
set -euo pipefail
cd "$(dirname "$0")/.."

work=${WORK:-/tmp/vekha-bench}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100 1000 10000)
docs_flag=--no-documents
[ "${DOCS:-0}" = 1 ] && docs_flag=

. benches/timed.sh
cargo build --release --quiet
bin=$PWD/target/release/vekha
mkdir -p "$work"

echo "machine: $(nproc) cores, $(uname -sr); output under $work ($(df -T "$work" | awk 'NR==2{print $2}'))"
for n in "${sizes[@]}"; do
  site=$work/$n
  if [ ! -f "$site/content/site.yaml" ]; then
    rm -rf "$site"
    "$bin" gen-corpus --plans "$n" --seed 1 --from content --out "$site"
  fi
  rm -rf "$site/public" "$site/.public.vekha-old" "$site/.public.vekha-new" "$site/floor"
  sync
  echo "== $n plans"
  timed "build (empty folder)" "$bin" build --root "$site" --out "$site/public" --date 2024-03-15 $docs_flag
  build_wall=$(cat "$work/last-wall.txt")
  timed "rebuild (unchanged)" "$bin" build --root "$site" --out "$site/public" --date 2024-03-15 $docs_flag
  plan=$(find "$site/content" -name '*.md' | sort | sed -n 1p)
  cp "$plan" "$work/plan.bak"
  printf '\nПравка для замера.\n' >>"$plan"
  timed "rebuild (1 plan edited)" "$bin" build --root "$site" --out "$site/public" --date 2024-03-15 $docs_flag
  cp "$work/plan.bak" "$plan"
  sync
  timed "floor: cp -r output" cp -r "$site/public" "$site/floor"
  floor_wall=$(cat "$work/last-wall.txt")
  rm -rf "$site/floor"
  files=$(find "$site/public" -type f | wc -l)
  pages=$(find "$site/public" -type f -name '*.html' | wc -l)
  bytes=$(du -sb "$site/public" | cut -f1)
  printf 'output: %d pages, %d files, %d MB; build / cp -r = %.1f\n' \
    "$pages" "$files" $((bytes / 1000000)) "$(awk -v a="$build_wall" -v b="$floor_wall" 'BEGIN{print a/b}')"
done

if [ -f "$work/1000/content/site.yaml" ]; then
  echo "== serve at 1000 plans"
  cargo bench --quiet --bench serve_latency -- "$work/1000" 10
fi
