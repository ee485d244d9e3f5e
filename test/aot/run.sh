#!/usr/bin/env bash
# Ahead of time: `parjit compile` makes libkernels.so and libkernels.h from
# kernels.py; a C program is built against them with the system C compiler
# and run, with no LLVM at run time (only libparjit_runtime.so).
#   test/aot/run.sh PARJIT WORKDIR
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PARJIT="$1"
WORK="$2"
rm -rf "$WORK" && mkdir -p "$WORK"
"$PARJIT" compile "$HERE/kernels.py" -o "$WORK/libkernels.so" \
  --export 'norm(float64[:])' --export 'saxpy(float64, float64[:], float64[:])' \
  --export 'count_above(float64[::1], float64)' --export 'squares(int64)' \
  --export 'bounds(float64[:, :])' --export 'get(float64[:], int64)'
LIB="$(cd "$(dirname "$PARJIT")/../lib" && pwd)"
cc -std=c99 -Wall -Werror -I"$WORK" -o "$WORK/main" "$HERE/main.c" -L"$WORK" -lkernels -L"$LIB" -lparjit_runtime \
  -Wl,-rpath,"$WORK" -Wl,-rpath,"$LIB"
if ldd "$WORK/libkernels.so" | grep -qi llvm; then echo "libkernels.so links LLVM"; exit 1; fi
"$WORK/main" > "$WORK/out.txt"
sed "s|KERNELS|$HERE/kernels.py|" "$HERE/expected.txt" | diff - "$WORK/out.txt"
echo "aot: ok"
