#!/usr/bin/env bash
# Vekha against Hugo on the same plans, same machine, same run:
#
#   benches/compare_hugo.sh            # 1,000 plans, 3 alternating rounds
#   benches/compare_hugo.sh 100 5      # 100 plans, 5 rounds
#   WORK=/tmp/vh benches/compare_hugo.sh   # on disk instead of tmpfs
#
# The machine's speed changes from day to day (see docs/performance.md), so
# the issue's Zola and Hugo figures, taken on another day, cannot be set
# against today's Vekha figures; this script measures both now. The Hugo
# site is made from the `vekha gen-corpus` site by benches/hugo_site.py
# (what it renders, and how it spares Hugo work, is said there). Each round
# builds both into empty folders, then copies each output with `cp -r` (the
# floor of issue 6). Needs Hugo (`apt-get install hugo`: Debian's 0.111)
# and PyYAML; Zola is on neither Debian nor crates.io, so it is not here.
set -euo pipefail
cd "$(dirname "$0")/.."

plans=${1:-1000}
rounds=${2:-3}
work=${WORK:-/dev/shm/vekha-compare}
command -v hugo >/dev/null || { echo "needs hugo: apt-get install hugo"; exit 1; }
. benches/timed.sh
python3 -c 'import yaml' 2>/dev/null || { echo "needs PyYAML: pip install pyyaml"; exit 1; }

cargo build --release --quiet
bin=$PWD/target/release/vekha
site=$work/vekha-$plans
hsite=$work/hugo-$plans
mkdir -p "$work"
if [ ! -f "$site/content/site.yaml" ]; then
  rm -rf "$site"
  "$bin" gen-corpus --plans "$plans" --seed 1 --from content --out "$site"
fi
rm -rf "$hsite"
python3 benches/hugo_site.py "$site" "$hsite"

echo "machine: $(nproc) cores, $(uname -sr), $(hugo version | cut -d' ' -f1-2); under $work"
for r in $(seq "$rounds"); do
  echo "== round $r"
  rm -rf "$site/public" "$site/floor" "$hsite/public" "$hsite/floor"
  sync
  timed vekha "$bin" build --root "$site" --out "$site/public" --date 2024-03-15 --no-documents
  timed hugo hugo --quiet -s "$hsite" -d public
  timed "vekha cp" cp -r "$site/public" "$site/floor"
  timed "hugo cp" cp -r "$hsite/public" "$hsite/floor"
done
for s in "$site" "$hsite"; do
  printf '%s: %d files, %d pages, %d MB\n' "$s/public" \
    "$(find "$s/public" -type f | wc -l)" "$(find "$s/public" -name '*.html' | wc -l)" \
    $(($(du -sb "$s/public" | cut -f1) / 1000000))
done
