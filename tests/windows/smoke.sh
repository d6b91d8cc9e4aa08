#!/usr/bin/env bash
# The Windows build of vekha, run under Wine (most ИМЦ webmasters are on
# Windows; no Windows machine here). Checks:
#   1. `vekha build` of content/ (PDF and DOCX included) gives the same bytes
#      as the Linux build, and so does a rebuild over it (hard links);
#   2. `vekha serve`: an edit shows up, a broken edit keeps the last good
#      page and reports the error, its `.vekha-serve` folder is hidden in
#      Explorer, `..` is refused, a full rebuild switches
#      folders, a second session of the same site takes its own folder.
# Needs rustup's x86_64-pc-windows-gnu target, mingw-w64 and Wine
# (Debian: gcc-mingw-w64-x86-64, wine64); .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=tests/windows/lib.sh
. tests/windows/lib.sh
debug_builds
# Wine hides Unix dot-files by itself; Windows does not. Turned off, so that
# the check of `.vekha-serve` below sees what serve did.
"$wine" reg add 'HKCU\Software\Wine' /v ShowDotFiles /d Y /f >/dev/null 2>&1
"$wineserver" -k 2>/dev/null || true
hidden() { # folder name in $work/s → whether Windows sees it hidden
  local line
  line=$(cd "$work/s" && "$wine" cmd /c attrib "$1" 2>/dev/null </dev/null | tr -d '\r')
  [[ "${line:0:12}" == *H* ]]
}

echo "windows: build of content/ against the Linux build"
mkdir -p "$work/site"
cp -r content "$work/site/"
"$built/debug/vekha" build --root "$work/site" --out "$work/linux" --date 2025-03-01 >/dev/null 2>&1
(cd "$work/site" && win build --date 2025-03-01 --out ../windows >/dev/null 2>&1) ||
  fail "vekha.exe build failed"
# Every file but the marker, whose district keys a debug build salts with
# its own executable (see build::site_key).
same() { diff -r -x .vekha-site "$work/linux" "$work/windows"; }
same || fail "the Windows build differs from the Linux build"
(cd "$work/site" && win build --date 2025-03-01 --out ../windows >/dev/null 2>&1) ||
  fail "vekha.exe rebuild failed"
same || fail "the Windows rebuild differs"

echo "windows: serve"
win init "$work/s" >/dev/null 2>&1 || fail "vekha.exe init failed"
start_serve() { # log file → address
  (cd "$work/s" && exec "$wine" "$work/vekha.exe" serve --port 0 >"$1" 2>&1 </dev/null) &
  for _ in $(seq 1 120); do
    if grep -q "http://" "$1" 2>/dev/null; then
      grep -o "http://[0-9.:]*" "$1" | head -1
      return
    fi
    sleep 0.5
  done
  cat "$1" >&2
  fail "serve did not start"
}
get() { curl -s --max-time 5 "$1" || true; }
wait_for() { # url text
  for _ in $(seq 1 100); do
    grep -q "$2" <<<"$(get "$1")" && return
    sleep 0.2
  done
  fail "«$2» never appeared at $1"
}
url=$(start_serve "$work/serve.log")
page="$url/primer/plan-2025/index.html"
plan="$work/s/content/primer/plan-2025.md"
wait_for "$page" "Анализ результатов ВПР"
sed -i 's/Анализ результатов ВПР/Анализ итогов ВПР/' "$plan"
wait_for "$page" "Анализ итогов ВПР"
sed -i 's/updated: 2025-03-20/updated: НЕТАКОГО/' "$plan"
wait_for "$url/__vekha/status" "НЕТАКОГО"
grep -q "Анализ итогов ВПР" <<<"$(get "$page")" || fail "the last good page is not served"
sed -i 's/updated: НЕТАКОГО/updated: 2025-03-20/' "$plan"
wait_for "$url/__vekha/status" '"error":null'
mkdir "$work/s/.probe"
! hidden .probe || fail "Wine hides dot-folders itself: the next check would prove nothing"
hidden .vekha-serve || fail ".vekha-serve is not hidden"
code=$(curl -s --max-time 5 --path-as-is -o /dev/null -w "%{http_code}" "$url/../../windows/win.ini")
[ "$code" = 403 ] || fail "a path outside the site answered $code"
sed -i 's/^title: .*/title: Новое название сайта/' "$work/s/content/site.yaml"
wait_for "$url/" "Новое название сайта"
for _ in $(seq 1 50); do
  [ "$(find "$work/s/.vekha-serve" -maxdepth 1 -name 'site-*' | wc -l)" = 1 ] && break
  sleep 0.2
done
[ "$(find "$work/s/.vekha-serve" -maxdepth 1 -name 'site-*' | wc -l)" = 1 ] ||
  fail "the folder served before the full rebuild was not removed"
second=$(start_serve "$work/serve2.log")
wait_for "$second/" "Новое название сайта"
[ -f "$work/s/.vekha-serve-2/lock" ] || fail "the second session did not take its own folder"
wait_for "$url/" "Новое название сайта"
echo "windows: all checks passed"
