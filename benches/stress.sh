#!/usr/bin/env bash
# Times `vekha check` (and `build --no-documents` for two cases) on the
# hostile sites of issue 20 (benches/stress_sites.py), for each binary
# given, in the same run: wall time and peak memory, a line per case.
# Cases still running after 150 s are stopped and shown as such.
#
# usage: benches/stress.sh VEKHA [VEKHA…]   (e.g. an old and a new build)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 VEKHA [VEKHA…]" >&2; exit 2; }
work=${WORK:-/tmp/vekha-stress}
rm -rf "$work"
python3 "$(dirname "$0")/stress_sites.py" "$work/sites"
run() { # label, binary, command…
  local label=$1 bin=$2; shift 2
  /usr/bin/time -f "%e s, %M KB" -o "$work/time" timeout 150 "$bin" "$@" >/dev/null 2>&1 || true
  printf '%-34s %-28s %s\n' "$label" "$(basename "$bin")" "$(tail -1 "$work/time")"
}
for site in deep-80k deep-1mb aliases bodies-64k warnings-16k prose-16mb prose-50mb; do
  for bin in "$@"; do
    run "check $site" "$bin" check --root "$work/sites/$site"
  done
done
for site in aliases prose-16mb; do
  for bin in "$@"; do
    rm -rf "$work/out"
    run "build --no-documents $site" "$bin" build --no-documents --root "$work/sites/$site" --out "$work/out"
  done
done
rm -rf "$work"
