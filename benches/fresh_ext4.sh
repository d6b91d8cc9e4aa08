#!/usr/bin/env bash
# Build and `cp -r` of the same output, each into a freshly made ext4 file
# system (needs root and a free loop device for `mount -o loop`):
#
#   sudo benches/fresh_ext4.sh            # 1,000 plans, 3 rounds
#   sudo benches/fresh_ext4.sh 100 5      # 100 plans, 5 rounds
#
# Why a new file system for every command: on an ext4 that has just had a
# large tree deleted (what `rm -rf public` before a build leaves), creating
# thousands of files pays seconds of inode search, and both the build and
# the copy pay it, which made the disk ratio look near 1 (see
# docs/performance.md, 2026-12-02 evening). A new file system has no such
# history, so the figures repeat. The image lives on tmpfs, so the disk's
# own speed is left out: what is measured is ext4's work, not the device.
# Sources and the copied output stay on tmpfs.
set -euo pipefail
cd "$(dirname "$0")/.."

plans=${1:-1000}
rounds=${2:-3}
work=${WORK:-/dev/shm/vekha-ext4}
[ "$(id -u)" = 0 ] || { echo "needs root (mkfs, mount): run with sudo"; exit 1; }
for tool in mkfs.ext4 mount umount; do
  command -v "$tool" >/dev/null || { echo "needs $tool"; exit 1; }
done

. benches/timed.sh
cargo build --release --quiet
bin=$PWD/target/release/vekha
site=$work/site-$plans
mnt=$work/mnt
image=$work/ext4.img
mkdir -p "$work" "$mnt"
if [ ! -f "$site/content/site.yaml" ]; then
  rm -rf "$site"
  "$bin" gen-corpus --plans "$plans" --seed 1 --from content --out "$site"
fi
build=("$bin" build --root "$site" --date 2024-03-15 --no-documents --out)
# The output that `cp -r` copies, built once on tmpfs.
rm -rf "$work/output"
"${build[@]}" "$work/output" >/dev/null 2>&1
mb=$(($(du -sm "$work/output" | cut -f1) * 2 + 256))

fresh() { # a new, empty ext4 of $mb MiB mounted on $mnt
  umount "$mnt" 2>/dev/null || true
  rm -f "$image"
  truncate -s "${mb}M" "$image"
  mkfs.ext4 -q -F "$image"
  mount -o loop "$image" "$mnt"
}
trap 'umount "$mnt" 2>/dev/null || true; rm -f "$image"' EXIT

echo "machine: $(nproc) cores, $(uname -sr); fresh ext4 of $mb MiB per command, image on $work"
for r in $(seq "$rounds"); do
  echo "== round $r"
  fresh && sync
  timed build "${build[@]}" "$mnt/public"
  build_wall=$(cat "$work/last-wall.txt")
  fresh && sync
  timed "cp -r" cp -r "$work/output" "$mnt/floor"
  floor_wall=$(cat "$work/last-wall.txt")
  awk -v a="$build_wall" -v b="$floor_wall" 'BEGIN{printf "build / cp -r = %.2f\n", a/b}'
done
