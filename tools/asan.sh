#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer with leak detection: builds
# parjit with -fsanitize=address in its own tree, then runs the unit tests,
# the lit tests and the end-to-end programs (parallel ones with 1 and 3
# threads). Not part of CI (it takes a while); run it now and then.
#   tools/asan.sh [BUILD_DIR]      (default: build/asan)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build/asan}"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARJIT_ASAN=ON >/dev/null
fi
cmake --build "$BUILD" -j "${PARJIT_JOBS:-$(nproc)}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export PARJIT_ASAN=1 # lit: tests that cannot run under ASan say UNSUPPORTED
# use_tls=0: LeakSanitizer's scan of libomp's dynamic TLS crashes its tracer.
export LSAN_OPTIONS="use_tls=0:print_suppressions=0:suppressions=$ROOT/test/lsan.supp"
"$BUILD/bin/parjit-unittests"
/usr/bin/python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv "$BUILD/test/lit"
/usr/bin/python3 "$ROOT/test/e2e/run_e2e.py" --parjit "$BUILD/bin/parjit" --root "$ROOT" --threads 1,3
echo "asan: no reports"
