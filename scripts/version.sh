#!/usr/bin/env bash
# Prints Vekha's version, as Cargo.toml gives it (the archives are named by it).
set -euo pipefail
cd "$(dirname "$0")/.."
sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1
