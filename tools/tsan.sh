#!/usr/bin/env bash
# Runs the parallel tests once under ThreadSanitizer: builds parjit with
# -fsanitize=thread in its own tree (generated code is instrumented too, see
# compiler/codegen/optimize.cpp), then runs the parallel runtime unit tests,
# the parallel end-to-end programs (both threading layers, 3 threads) and the
# prange error programs. Any report fails the run (exit code 66).
#   tools/tsan.sh [BUILD_DIR]      (default: build/tsan)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build/tsan}"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARJIT_TSAN=ON >/dev/null
fi
cmake --build "$BUILD" -j "${PARJIT_JOBS:-$(nproc)}" --target parjit parjit-unittests
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$ROOT/test/tsan.supp"
"$BUILD/bin/parjit-unittests" --gtest_filter='*Parallel*'
/usr/bin/python3 "$ROOT/test/e2e/run_e2e.py" --parjit "$BUILD/bin/parjit" --root "$ROOT" \
  --filter parallel --threads 3 --layers tbb,omp
/usr/bin/python3 "$ROOT/test/e2e/run_e2e.py" --parjit "$BUILD/bin/parjit" --root "$ROOT" --filter prange
echo "tsan: no reports"
