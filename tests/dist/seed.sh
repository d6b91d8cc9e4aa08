#!/usr/bin/env bash
# Checks scripts/seed-build-scripts.c, which scripts/dist.sh preloads so that
# two compiles give the same programs: a program named like a Cargo build
# script must walk a HashMap in the same order on every run, and any other
# program must keep real randomness. If the standard library ever stops
# asking libc's getrandom() for its keys, the first check fails here rather
# than the archives quietly differing between compiles.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$work/seed.so" scripts/seed-build-scripts.c
cat >"$work/order.rs" <<'RUST'
fn main() {
    let map: std::collections::HashMap<u32, ()> = (0..64).map(|k| (k, ())).collect();
    let keys: Vec<String> = map.keys().map(|k| k.to_string()).collect();
    println!("{}", keys.join(" "));
}
RUST
rustc --edition 2021 -O -o "$work/build-script-build" "$work/order.rs"
cp "$work/build-script-build" "$work/other-program"

runs() { # program
  for _ in 1 2 3; do LD_PRELOAD="$work/seed.so" "$1"; done | sort -u | wc -l
}
seeded=$(runs "$work/build-script-build")
other=$(runs "$work/other-program")
if [ "$seeded" != 1 ]; then
  echo "seed: a build script walked a HashMap in $seeded different orders in 3 runs" >&2
  exit 1
fi
if [ "$other" = 1 ]; then
  echo "seed: another program got the fixed sequence too (3 runs, one order)" >&2
  exit 1
fi
echo "seed: build scripts see one HashMap order; other programs keep random ones"
