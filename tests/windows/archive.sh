#!/usr/bin/env bash
# The Windows archive as a webmaster gets it (scripts/dist.sh), under Wine:
#   1. its checksum matches, it unpacks into one folder with the program,
#      the guide, the format reference and the licences;
#   2. vekha.exe carries its version information and icon;
#   3. run with no arguments from a terminal, it says a command is missing,
#      as before;
#   4. double-clicked (no arguments; VEKHA_DOUBLE_CLICK stands for Explorer,
#      which Wine cannot be) in a folder without a site, Enter creates one,
#      builds public/ with the list of changes and serves it;
#   5. double-clicked with an error in the sources, it shows the error and
#      the window stays until Enter is pressed.
# Usage: tests/windows/archive.sh [DIST]   (DIST defaults to target/dist)
set -euo pipefail
cd "$(dirname "$0")/../.."
dist="${1:-target/dist}"
version=$(scripts/version.sh)
name="vekha-$version-windows-x86_64"

# shellcheck source=tests/windows/lib.sh
. tests/windows/lib.sh

echo "windows: the archive"
(cd "$dist" && sha256sum --quiet -c "vekha-$version-SHA256SUMS.txt") || fail "checksums do not match"
python3 -m zipfile -e "$dist/$name.zip" "$work"
app="$work/$name"
listed=$(cd "$app" && ls | sort | tr '\n' '|')
want="LICENSE-OFL.txt|LICENSE.txt|THIRD-PARTY-LICENSES.txt|vekha.exe|Как начать.txt|Формат исходников.txt|"
[ "$listed" = "$want" ] || fail "the archive holds: $listed"
grep -q "typst" "$app/THIRD-PARTY-LICENSES.txt" || fail "the crates' licences are missing"
grep -q $'\r$' "$app/Как начать.txt" || fail "the guide has no CRLF line ends"

echo "windows: version information and icon"
python3 - "$app/vekha.exe" "$version" <<'PY' || fail "no version information or icon in vekha.exe"
import struct, sys
data = open(sys.argv[1], "rb").read()
for text in ["Веха — сайт дорожных карт", "vekha.exe", sys.argv[2]]:
    assert text.encode("utf-16-le") in data, text
# The PE section table: a .rsrc section holds the resources.
pe = struct.unpack_from("<I", data, 0x3C)[0]
count = struct.unpack_from("<H", data, pe + 6)[0]
optional = struct.unpack_from("<H", data, pe + 20)[0]
sections = [data[pe + 24 + optional + 40 * k:][:8].rstrip(b"\0") for k in range(count)]
assert b".rsrc" in sections, sections
# The icon's 256-pixel PNG image is in it, whole.
icon = open("dist/vekha.ico", "rb").read()
assert icon[icon.rfind(b"\x89PNG"):] in data
PY

stand_in "$app"
echo "windows: no arguments from a terminal"
set +e
out=$("$wine" "$app/vekha.exe" </dev/null 2>&1)
code=$?
set -e
[ "$code" = 2 ] && grep -q "не указана команда" <<<"$out" || fail "a terminal start changed: $code $out"

# Starts the double-clicked program with its own «keyboard» (a FIFO):
# $1 the log; its exit code goes to $1.code (a file per run: a killed run
# may write its code late). Then `press` sends Enter.
double_click() {
  rm -f "$work/enter"
  mkfifo "$work/enter"
  (
    set +e
    VEKHA_DOUBLE_CLICK=1 "$wine" "$app/vekha.exe" <"$work/enter" >"$1" 2>&1
    echo $? >"$1.code"
  ) &
  exec 3>"$work/enter"
}
press() { printf '\n' >&3; }
wait_for() { # file text
  for _ in $(seq 1 300); do
    grep -q "$2" "$1" 2>/dev/null && return
    sleep 0.2
  done
  cat "$1" >&2
  fail "«$2» never appeared"
}

echo "windows: double-clicked without a site"
double_click "$work/first.log"
wait_for "$work/first.log" "Создать здесь новый сайт"
press
wait_for "$work/first.log" "Сайт: http://"
url=$(grep -o "http://[0-9.:]*/" "$work/first.log" | head -1)
page=""
for _ in $(seq 1 25); do
  page=$(curl -s --max-time 5 "$url" || true)
  grep -q "Дорожные карты района" <<<"$page" && break
  sleep 0.2
done
grep -q "Дорожные карты района" <<<"$page" || fail "the site is not served at $url: $(cat "$work/first.log")"
[ -f "$app/public/index.html" ] || fail "no public/ beside the program"
grep -q "primer/plan-2025/index.html" "$app/изменения.txt" || fail "no list of changes"
grep -q "public" "$work/first.log" || fail "the console does not say where the site is"
"$wineserver" -k 2>/dev/null || true
exec 3>&-

echo "windows: double-clicked with an error in the sources"
sed -i 's/updated: 2025-03-20/updated: 2025-13-45/' "$app/content/primer/plan-2025.md"
double_click "$work/second.log"
wait_for "$work/second.log" "Нажмите Enter, чтобы закрыть окно"
grep -q "plan-2025.md:" "$work/second.log" || fail "the error does not name the file"
sleep 2
[ ! -f "$work/second.log.code" ] || fail "the window closed before Enter"
press
for _ in $(seq 1 100); do [ -s "$work/second.log.code" ] && break; sleep 0.2; done
code=$(cat "$work/second.log.code" 2>/dev/null || true)
[ "$code" = 1 ] || fail "the program did not end with an error after Enter: code $code, $(tail -3 "$work/second.log")"
exec 3>&-
echo "windows: the archive passed"
