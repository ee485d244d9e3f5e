#!/usr/bin/env bash
# Set-up, build and test in one place; the README's two commands call this.
#   tools/dev.sh run FILE [ARGS...]   install what is missing, build, run FILE with parjit
#   tools/dev.sh test                 install what is missing, build, run the whole test suite
#   tools/dev.sh build                install what is missing, build
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${PARJIT_BUILD_DIR:-$ROOT/build}"
JOBS="${PARJIT_JOBS:-$(nproc)}"

PACKAGES=(cmake ninja-build g++ llvm-19-dev llvm-19-tools clang-19 libclang-19-dev libtbb-dev
          libomp-19-dev libgtest-dev python3-numpy python3-scipy libopenblas0-pthread zlib1g-dev libzstd-dev libedit-dev libxml2-dev
          libcurl4-openssl-dev libffi-dev)

install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "parjit: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  install_deps
  if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release ${PARJIT_CMAKE_ARGS:-} >/dev/null
  fi
  cmake --build "$BUILD" -j "$JOBS"
}

cmd="${1:-test}"
shift || true
case "$cmd" in
  build) build ;;
  run)
    build >&2
    exec "$BUILD/bin/parjit" run "$@"
    ;;
  test)
    build
    cd "$BUILD"
    ctest --output-on-failure --timeout 1500 "$@"
    ;;
  *) echo "usage: tools/dev.sh run FILE [ARGS...] | test | build" >&2; exit 2 ;;
esac
