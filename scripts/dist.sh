#!/usr/bin/env bash
# The archives for webmasters, built on this Linux machine:
#   vekha-<version>-windows-x86_64.zip   (vekha.exe with its icon and version)
#   vekha-<version>-linux-x86_64.tar.gz
#   vekha-<version>-SHA256SUMS.txt
# each archive with «Как начать.txt», «Формат исходников.txt» (docs/format.md)
# and the licence texts of Vekha, of every crate compiled in and of the
# font. Made to be reproducible: sorted entries, the commit's time (also
# for C's __DATE__ and __TIME__, through SOURCE_DATE_EPOCH), fixed owners,
# paths compiled in that do not depend on where Cargo keeps its crates,
# where the repository is or where the target folder is, and build scripts
# that see the same "random" numbers on every run
# (scripts/seed-build-scripts.c: a dependency's build script writes code in
# the order of a HashMap). CI packs twice and compares; two independent
# compiles were compared by hand (docs/performance.md).
#
# Usage: scripts/dist.sh [OUT]   (OUT defaults to target/dist)
# Needs rustup's x86_64-pc-windows-gnu target and mingw-w64 (Debian:
# gcc-mingw-w64-x86-64, binutils-mingw-w64-x86-64); .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-target/dist}"
version=$(scripts/version.sh)
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}"
built="${CARGO_TARGET_DIR:-target}"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"

# Crates' sources are under $CARGO_HOME: their paths (in panic messages)
# are rewritten to /cargo, the same on every machine. Code that build
# scripts generate is under the target folder, rewritten to /target: its
# path goes into the crates' metadata hashes, and two target folders gave
# vekha.exe's imports in two orders. Vekha's own paths are relative
# already. Symbols are stripped: the program is much smaller.
# (Kept the same between runs: a changed flag rebuilds every crate.)
flags="--remap-path-prefix=$cargo_home=/cargo"$'\x1f'"--remap-path-prefix=$(realpath -m "$built")=/target"
export CARGO_PROFILE_RELEASE_STRIP=symbols
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc

# The icon and version resource, compiled into an object the linker adds.
res="$built/dist-resources"
mkdir -p "$res"
IFS=. read -r major minor patch <<<"${version%%-*}"
sed -e "s/@VERSION@/$version/g" -e "s/@VERSION_COMMAS@/$major,$minor,$patch,0/g" \
  dist/vekha.rc.in >"$res/vekha.rc"
cp dist/vekha.ico "$res/"
x86_64-w64-mingw32-windres --codepage=65001 "$res/vekha.rc" -O coff -o "$res/vekha-res.o"

# Build scripts get a fixed sequence from getrandom(). Outputs of build
# scripts run without it (an older target folder) are removed once, so
# that they run again under it.
gcc -shared -fPIC -O2 -o "$res/seed-build-scripts.so" scripts/seed-build-scripts.c
seeded() { # target
  local mark="$built/$1/release/.build-scripts-seeded"
  if [ ! -e "$mark" ]; then
    rm -rf "$built/$1/release/build"
    mkdir -p "$built/$1/release"
    touch "$mark"
  fi
}
preload="$(realpath "$res/seed-build-scripts.so")${LD_PRELOAD:+:$LD_PRELOAD}"

# The crates Cargo.toml leaves unoptimised (code Vekha never runs; that
# shortens a first build from source) are optimised for size here: the
# archives are downloaded, and unoptimised code is several times larger.
small=()
while read -r crate; do
  small+=(--config "profile.release.package.$crate.opt-level=\"s\"")
done < <(sed -n '/^\[profile.release.package\]/,/^\[/s/^\([A-Za-z0-9_-]*\) = { opt-level = 0 }$/\1/p' Cargo.toml)
[ "${#small[@]}" -gt 0 ] || { echo "dist: no unoptimised crates found in Cargo.toml" >&2; exit 1; }

started=$SECONDS
seeded x86_64-unknown-linux-gnu
LD_PRELOAD="$preload" CARGO_ENCODED_RUSTFLAGS="$flags" \
  cargo build --release --locked "${small[@]}" --target x86_64-unknown-linux-gnu
seeded x86_64-pc-windows-gnu
LD_PRELOAD="$preload" CARGO_ENCODED_RUSTFLAGS="$flags"$'\x1f'"-Clink-arg=$(realpath "$res/vekha-res.o")" \
  cargo build --release --locked "${small[@]}" --target x86_64-pc-windows-gnu
echo "dist: programs built in $((SECONDS - started)) s"

mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pack() { # platform target program guide
  local name="vekha-$version-$1" folder
  folder="$stage/$name"
  mkdir -p "$folder"
  cp "$built/$2/release/$3" "$folder/"
  cp "dist/Как начать ($4).txt" "$folder/Как начать.txt"
  cp docs/format.md "$folder/Формат исходников.txt"
  cp LICENSE "$folder/LICENSE.txt"
  cp themes/default/fonts/LICENSE-OFL.txt "$folder/LICENSE-OFL.txt"
  python3 scripts/licences.py "$2" "$folder/THIRD-PARTY-LICENSES.txt" >/dev/null
  if [ "$1" = windows-x86_64 ]; then
    # Notepad before Windows 10 shows only CRLF line ends.
    for text in "$folder"/*.txt; do sed -i 's/$/\r/' "$text"; done
    python3 scripts/pack.py "$folder" "$out/$name.zip"
  else
    python3 scripts/pack.py "$folder" "$out/$name.tar.gz"
  fi
}
pack windows-x86_64 x86_64-pc-windows-gnu vekha.exe Windows
pack linux-x86_64 x86_64-unknown-linux-gnu vekha Linux
(cd "$out" && sha256sum "vekha-$version-windows-x86_64.zip" "vekha-$version-linux-x86_64.tar.gz" \
  >"vekha-$version-SHA256SUMS.txt")
ls -l "$out"
