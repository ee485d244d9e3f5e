#!/usr/bin/env bash
# Installs parjit from BUILD_DIR into a scratch prefix, builds
# examples/embed against the installed CMake package (find_package(parjit))
# and runs it: the install rules, the package and the embedding library, as
# a user meets them.
#   tools/test_install.sh BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "$1" && pwd)"
WORK="$BUILD/install-test"
rm -rf "$WORK"
cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null
cmake -S "$ROOT/examples/embed" -B "$WORK/build" -G Ninja -DCMAKE_PREFIX_PATH="$WORK/prefix" >/dev/null
cmake --build "$WORK/build" >/dev/null
export PARJIT_CACHE_DIR="$WORK/cache"
"$WORK/build/blur"
# The second run takes the kernels from the disk cache.
"$WORK/build/blur"
test -n "$(ls "$WORK/cache")"
# The installed parjit runs a script too.
"$WORK/prefix/bin/parjit" info | grep -q "threading layer: tbb"
