#!/usr/bin/env bash
# Windows paths and habits, tried with the Windows build under Wine:
#   1. a site in a OneDrive-style folder with Cyrillic, spaces and «№» in
#      its path, its sources saved with CRLF and a BOM (Notepad), and
#      desktop.ini in every folder: the same site as the Linux build of the
#      plain sources, and nothing reported about desktop.ini; a territory
#      folder and a plan file with Cyrillic names and spaces;
#   2. a site so deep that its output paths pass 260 characters;
#   3. the output folder held by another program (Word, an antivirus):
#      a short hold is waited out; a long one fails with a message that
#      says so, and the previous site stays as it was.
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=tests/windows/lib.sh
. tests/windows/lib.sh
debug_builds
date=2025-03-01
"$built/debug/vekha" build --root . --out "$work/linux" --date "$date" --no-documents >/dev/null 2>&1
same() { diff -r -x .vekha-site "$work/linux" "$1" >/dev/null; }

echo "windows: a OneDrive folder, Cyrillic and spaces, CRLF and BOM, desktop.ini"
site="$work/Users/Мария Иванова/OneDrive - Школа № 5/Документы/Сайт ИМЦ (черновик)"
mkdir -p "$site"
cp -r content "$site/"
find "$site/content" -type f \( -name '*.md' -o -name '*.yaml' \) -print0 |
  while IFS= read -r -d '' f; do
    { printf '\xef\xbb\xbf'; sed 's/$/\r/' "$f"; } >"$f.crlf" && mv "$f.crlf" "$f"
  done
find "$site" -type d -exec sh -c 'printf "[.ShellClassInfo]\r\n" >"$1/desktop.ini"' _ {} \;
grep -q $'\r$' "$site/content/kirovsky/shnor-2023.md" || fail "the sources were not converted"
log=$(cd "$site" && win build --date "$date" --no-documents 2>&1) || fail "build failed: $log"
same "$site/public" || fail "CRLF, BOM or the path changed the site"
! grep -q "desktop.ini" <<<"$log" || fail "desktop.ini was reported: $log"

echo "windows: Cyrillic names and spaces in the territory folder and the plan file"
win init "$work/names" >/dev/null 2>&1 || fail "init failed"
mv "$work/names/content/primer" "$work/names/content/Примерный район"
mv "$work/names/content/Примерный район/plan-2025.md" "$work/names/content/Примерный район/План работы 2025.md"
"$built/debug/vekha" build --root "$work/names" --out "$work/names-linux" --date "$date" --no-documents >/dev/null 2>&1 ||
  fail "the Linux build of Cyrillic names failed"
(cd "$work/names" && win build --date "$date" --no-documents >/dev/null 2>&1) || fail "build with Cyrillic names failed"
diff -r -x .vekha-site "$work/names-linux" "$work/names/public" >/dev/null || fail "Cyrillic names build another site"
ls "$work/names/public" | grep -q "^primernyi-raion$" || fail "the territory's address is not its transliterated name"

echo "windows: output paths longer than 260 characters"
# Lengths in characters, as Windows counts them (Z: and the Unix path).
chars() { python3 -c 'import sys; print(len(sys.argv[1]))' "$1"; }
deep="$work/Сайт районного методического центра по дорожным картам"
while [ "$(chars "Z:$deep")" -lt 200 ]; do deep="$deep/вложенная папка"; done
mkdir -p "$deep"
cp -r content "$deep/"
(cd "$deep" && win build --date "$date" --no-documents >/dev/null 2>&1) || fail "build in a deep folder failed"
longest=$(find "$deep/public" -type f -print0 |
  python3 -c 'import sys; print(max(len("Z:" + p) for p in sys.stdin.read().split("\0") if p))')
[ "$longest" -gt 260 ] || fail "the longest path has only $longest characters"
same "$deep/public" || fail "the deep build differs"

echo "windows: the output folder held by another program"
x86_64-w64-mingw32-gcc -municode -O2 -o "$work/hold.exe" tests/windows/hold.c
win init "$work/l" >/dev/null 2>&1 || fail "init failed"
(cd "$work/l" && win build >/dev/null 2>&1) || fail "the first build failed"
hold() { # milliseconds: holds public/ like Word holds an open document
  rm -f "$work/l/public.held"
  (cd "$work/l" && exec "$wine" "$work/hold.exe" public "$1" </dev/null >/dev/null 2>&1) &
  for _ in $(seq 1 100); do [ -f "$work/l/public.held" ] && return; sleep 0.1; done
  fail "hold.exe did not take the folder"
}
sed -i 's/Анализ результатов ВПР/Анализ итогов ВПР/' "$work/l/content/primer/plan-2025.md"
hold 2000
(cd "$work/l" && win build >/dev/null 2>&1) || fail "a build did not wait for a short hold"
grep -q "Анализ итогов ВПР" "$work/l/public/primer/plan-2025/index.html" || fail "the new site is not in place"
sed -i 's/Анализ итогов ВПР/Анализ данных ВПР/' "$work/l/content/primer/plan-2025.md"
hold 30000
if log=$(cd "$work/l" && win build 2>&1); then fail "a build went through a folder held open"; fi
grep -q "занята другой программой" <<<"$log" || fail "no message about the held folder: $log"
grep -q "Прежняя версия сайта" <<<"$log" || fail "the message does not say the site is kept: $log"
grep -q "Анализ итогов ВПР" "$work/l/public/primer/plan-2025/index.html" || fail "the previous site was damaged"
echo "windows: paths and habits passed"
