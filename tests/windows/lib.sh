# Shared by the Wine scripts of tests/windows/: a fresh Wine prefix in a
# temporary folder ($work), removed with every Wine process on exit, and
# `win`, which runs a copy of vekha.exe there. Source it after `cd` to the
# repository; then call `wine_setup PATH/TO/vekha.exe`.
# Needs mingw-w64 and Wine (Debian: gcc-mingw-w64-x86-64, wine64).

work=$(mktemp -d)
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver64)
cleanup() {
  # Stops every Wine process of this prefix, the serve sessions included.
  "$wineserver" -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# No Mono or Gecko set-up in the new prefix, no browser to open; the
# stand-in DLL below is used.
export WINEPREFIX="$work/wine" WINEDEBUG=-all \
  WINEDLLOVERRIDES="bcryptprimitives=n;mscoree=;mshtml=;winebrowser.exe="

fail() { echo "windows: $*" >&2; exit 1; }

# Wine 8 lacks ProcessPrng (bcryptprimitives.dll), which Rust's standard
# library calls on Windows 10 and later: a stand-in made from RtlGenRandom
# is put beside each copy of the program.
stand_in() { # folder
  x86_64-w64-mingw32-gcc -shared -O2 -o "$1/bcryptprimitives.dll" \
    tests/windows/bcryptprimitives.c tests/windows/bcryptprimitives.def -ladvapi32
}

wine_setup() { # vekha.exe
  cp "$1" "$work/vekha.exe"
  stand_in "$work"
  "$wine" "$work/vekha.exe" --version >/dev/null 2>&1 </dev/null || fail "vekha.exe does not start"
}

win() { "$wine" "$work/vekha.exe" "$@" </dev/null; }

# The debug builds of both platforms, then the Windows one set up to run:
# the Linux one `cargo test` has just made, and the Windows one of the same
# profile, so that CI compiles each dependency once per platform (the
# release archives are scripts/dist.sh's). Sets $built, the target folder.
debug_builds() {
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
  cargo build --quiet
  cargo build --quiet --target x86_64-pc-windows-gnu
  built="${CARGO_TARGET_DIR:-target}"
  wine_setup "$built/x86_64-pc-windows-gnu/debug/vekha.exe"
}
