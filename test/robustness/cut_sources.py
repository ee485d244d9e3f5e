#!/usr/bin/env python3
"""Robustness: `parjit check` on broken sources must fail cleanly, never crash.

Every examples/*.py, test/e2e/*.py and test/e2e/cuda/*.py is cut short at many byte offsets
(every line boundary plus about 20 evenly spaced offsets, which also split
tokens and multi-byte UTF-8 characters) and mutated at a few random bytes
(a fixed seed per file, so runs are repeatable). `PARJIT check` runs on each
copy with a 10 s timeout. A copy passes when parjit exits 0, or exits 1 with
': error: ' on stderr. It fails on a signal, a timeout, any other exit code,
or 'internal error' in the output.

Usage: cut_sources.py --parjit PATH --root SRCROOT [--max-cuts N] [-j N]
                      [--filter SUBSTR] [--keep-failures DIR]
"""

import argparse
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

TIMEOUT_S = 10
EVEN_CUTS = 20
MUTATIONS = 6
# Bytes that tend to change the meaning of Python source, plus a NUL and a
# byte that is never valid UTF-8.
MUTATION_BYTES = b"()[]{}:,.=+-*/%<>!~@#'\"\\\n\t 0123456789eEjx_\x00\xff"


def cut_offsets(data, max_cuts):
    """Line boundaries and evenly spaced offsets, sorted, without duplicates."""
    offsets = {0, len(data)}
    offsets.update(i + 1 for i, b in enumerate(data) if b == ord("\n"))
    offsets.update(len(data) * k // (EVEN_CUTS + 1) for k in range(1, EVEN_CUTS + 1))
    offsets = sorted(offsets)
    if max_cuts and len(offsets) > max_cuts:
        step = len(offsets) / max_cuts
        offsets = [offsets[int(i * step)] for i in range(max_cuts)]
    return offsets


def mutations(data, seed):
    """(label, bytes) pairs: replace, delete or insert one byte."""
    rng = random.Random(seed)
    out = []
    for k in range(MUTATIONS):
        pos = rng.randrange(len(data))
        kind = ("replace", "delete", "insert")[k % 3]
        b = bytes([rng.choice(MUTATION_BYTES)])
        if kind == "replace":
            mutated = data[:pos] + b + data[pos + 1:]
        elif kind == "delete":
            mutated = data[:pos] + data[pos + 1:]
        else:
            mutated = data[:pos] + b + data[pos:]
        out.append(("%s %r at byte %d" % (kind, b, pos) if kind != "delete" else "delete at byte %d" % pos, mutated))
    return out


def variants(root, src, max_cuts):
    rel = str(src.relative_to(root))
    data = src.read_bytes()
    for off in cut_offsets(data, max_cuts):
        yield "%s: cut at byte %d of %d" % (rel, off, len(data)), data[:off]
    for label, mutated in mutations(data, zlib.crc32(rel.encode())):
        yield "%s: %s" % (rel, label), mutated


def check(parjit, path, label):
    """Return None on success, or a description of the failure. GPU sources
    (test/e2e/cuda) go through `emit-ptx` instead, which also runs the GPU
    code generator and the NVPTX backend (a program without kernels left
    after the cut: exit 1 with an error)."""
    cmd = "emit-ptx" if "cuda" in label.split(":")[0] else "check"
    try:
        p = subprocess.run([parjit, cmd, str(path)], capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return "%s\n  timed out after %d s" % (label, TIMEOUT_S)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    why = None
    if p.returncode < 0:
        why = "killed by signal %d" % -p.returncode
    elif p.returncode not in (0, 1):
        why = "exit code %d (want 0 or 1)" % p.returncode
    elif "internal error" in err or "internal error" in out:
        why = "internal error reported"
    elif p.returncode == 1 and ": error: " not in err and "parjit: error: " not in err:
        why = "exit 1 without a ': error: ' diagnostic on stderr"
    if why is None:
        return None
    tail = "".join("\n    " + l for l in err.splitlines()[-8:])
    return "%s\n  %s%s" % (label, why, tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parjit", required=True, help="the parjit executable")
    ap.add_argument("--root", required=True, help="the source root (holds examples/ and test/)")
    ap.add_argument("--max-cuts", type=int, default=0, help="at most N cuts per file (default: all)")
    ap.add_argument("--filter", default="", help="only sources whose path contains SUBSTR")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="checks run at once (default 2)")
    ap.add_argument("--keep-failures", metavar="DIR", help="copy failing inputs into DIR")
    args = ap.parse_args()
    root = Path(args.root).resolve()
    parjit = str(Path(args.parjit).resolve())
    if not os.access(parjit, os.X_OK):
        print("cut_sources.py: error: %s is not an executable" % parjit, file=sys.stderr)
        return 2

    sources = (sorted((root / "examples").glob("*.py")) + sorted((root / "test" / "e2e").glob("*.py")) +
               sorted((root / "test" / "e2e" / "cuda").glob("*.py")))
    sources = [s for s in sources if s.name != "run_e2e.py" and args.filter in str(s.relative_to(root))]

    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="parjit-cuts-") as tmp:
        jobs = []
        for src in sources:
            for n, (label, data) in enumerate(variants(root, src, args.max_cuts)):
                path = Path(tmp) / ("%s_%04d.py" % (src.stem, n))
                path.write_bytes(data)
                jobs.append((path, label))
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = pool.map(lambda job: (job, check(parjit, *job)), jobs)
            for (path, label), failure in results:
                if failure is None:
                    passed += 1
                    continue
                failed += 1
                print("FAIL: " + failure, flush=True)
                if args.keep_failures:
                    os.makedirs(args.keep_failures, exist_ok=True)
                    shutil.copy(path, args.keep_failures)
                    print("  kept as %s" % os.path.join(args.keep_failures, path.name), flush=True)
    print("robustness: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not (passed + failed) else 0


if __name__ == "__main__":
    sys.exit(main())
