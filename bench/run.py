#!/usr/bin/env python3
"""Serial benchmark suite: parjit against the same loops in C++.

    python3 bench/run.py [--parjit build/bin/parjit] [--reps N] [--kernels triad,dot]

Builds bench/cpp/*.cpp with g++ into a temporary directory, then for each
kernel runs, in turn and --reps times over (interleaved, because the machine
is shared and noisy):
  the C++ binary built with -O3 -march=native -ffp-contract=off  (the reference:
      parjit does not contract a*b+c to FMA, to stay bit-identical with CPython),
  the C++ binary built with -O3 -march=native                     (GCC's default: FMA),
  `parjit run --time-passes` on bench/kernels/NAME.py             (bounds checks on),
  the same with --boundscheck=off.
Each program prints `NAME BEST_SECONDS CHECKSUM`, its best of 5 timed runs after
one warm-up; this script keeps the best over the --reps rounds, checks that the
checksums agree, and prints a markdown table. The JIT compile time is the sum of
the `parjit: <stage> <ms> ms` lines (parse, infer-types, emit-llvm, verify,
optimize, codegen), the median over the bounds-checked runs.

Always exits 0 once its arguments parse: failures are reported in the table.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from benchlib import (BENCH, ROOT, Result, cell_ratio, cell_time, checksums_agree, machine_info, one_line, run_program,
                      stage_table)
KERNELS = ["triad", "dot", "jacobi"]
GOAL = 1.1  # parjit within 1.1x of C++

# (column key, header, extra g++ flags)
CXX_BUILDS = [
    ("cxx", "C++ s (-ffp-contract=off)", ["-ffp-contract=off"]),
    ("cxx_fma", "C++ s (default: FMA)", []),
]
# (column key, header, extra parjit flags)
PARJIT_RUNS = [
    ("pj", "parjit s", []),
    ("pj_nobc", "parjit s (--boundscheck=off)", ["--boundscheck=off"]),
]
STAGES = ["parse", "infer-types", "analyze-parallel", "emit-llvm", "verify", "optimize", "codegen", "link"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parjit", default=os.path.join(ROOT, "build", "bin", "parjit"))
    ap.add_argument("--reps", type=int, default=3, help="rounds of every program, interleaved (default 3)")
    ap.add_argument("--kernels", default=",".join(KERNELS), help="comma-separated subset of " + ",".join(KERNELS))
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per program run")
    args = ap.parse_args()
    kernels = [k for k in args.kernels.split(",") if k]
    for k in kernels:
        if k not in KERNELS:
            ap.error("unknown kernel '%s'" % k)
    parjit = os.path.abspath(args.parjit)

    for line in machine_info(args.cxx, parjit):
        print(line)
    print()

    results = {k: {} for k in kernels}
    tmp = tempfile.mkdtemp(prefix="parjit-bench-")
    try:
        cmds = {k: {} for k in kernels}
        for k in kernels:
            src = os.path.join(BENCH, "cpp", k + ".cpp")
            for key, _, flags in CXX_BUILDS:
                res = results[k].setdefault(key, Result())
                exe = os.path.join(tmp, "%s_%s" % (k, key))
                cc = [args.cxx, "-std=c++17", "-O3", "-march=native"] + flags + ["-o", exe, src]
                try:
                    p = subprocess.run(cc, capture_output=True, text=True)
                    if p.returncode != 0:
                        res.error = "g++ failed: " + one_line(p.stderr)
                    else:
                        cmds[k][key] = [exe]
                except OSError as e:
                    res.error = "g++ failed: %s" % e
            for key, _, flags in PARJIT_RUNS:
                results[k].setdefault(key, Result())
                if not os.access(parjit, os.X_OK):
                    results[k][key].error = "%s not found" % os.path.relpath(parjit, ROOT)
                else:
                    script = os.path.join("bench", "kernels", k + ".py")
                    cmds[k][key] = [parjit, "run", "--no-cache", "--time-passes"] + flags + [script]

        for rnd in range(args.reps):
            for k in kernels:
                for key, cmd in cmds[k].items():
                    res = results[k][key]
                    if key.startswith("pj") and res.seconds is None and res.error:
                        continue  # failed to compile or run: once is enough
                    print("round %d/%d: %-7s %s" % (rnd + 1, args.reps, k, key), file=sys.stderr, flush=True)
                    run_program(cmd, k, args.timeout, res)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # Checksums: every column against the -ffp-contract=off reference.
    mismatches = []
    notes = []
    for k in kernels:
        ref = results[k]["cxx"]
        for key, res in results[k].items():
            if key == "cxx" or ref.checksum is None or res.checksum is None:
                continue
            how = checksums_agree(ref.checksum, res.checksum)
            if how == "rounding" and key.startswith("pj"):
                how = "mismatch"  # parjit runs the same operations in the same order: expect identical bits
                mismatches.append("%s: %s prints %s, C++ (-ffp-contract=off) prints %s" % (k, key, res.checksum, ref.checksum))
            elif how == "rounding":
                notes.append("%s: %s checksum %s differs from C++'s %s in the last digits" % (k, key, res.checksum, ref.checksum))

    headers = ["kernel"] + [h for _, h, _ in CXX_BUILDS] + [
        "parjit s",
        "ratio parjit/C++",
        "parjit s (--boundscheck=off)",
        "ratio (off)/C++",
        "JIT compile ms",
        "checksum",
    ]
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for k in kernels:
        r = results[k]
        ref, pj, nobc = r["cxx"], r["pj"], r["pj_nobc"]
        comp = "%.1f" % statistics.median(pj.compile_ms) if pj.compile_ms else "n/a"
        chk = ref.checksum or pj.checksum or "n/a"
        if any(m.startswith(k + ":") for m in mismatches):
            chk = "**MISMATCH**"
        row = [k] + [cell_time(r[key]) for key, _, _ in CXX_BUILDS] + [
            cell_time(pj),
            cell_ratio(pj, ref, at_most=GOAL),
            cell_time(nobc),
            cell_ratio(nobc, ref, at_most=GOAL),
            comp,
            chk,
        ]
        print("| " + " | ".join(row) + " |")

    # JIT compile time by stage (median over the bounds-checked runs).
    if any(results[k]["pj"].stages for k in kernels):
        print()
        for line in stage_table([(k, results[k]["pj"].stages) for k in kernels], STAGES):
            print(line)

    # Errors that came after a good run (e.g. a varying checksum) are not in the table.
    late = ["%s %s: %s" % (k, key, res.error) for k in kernels for key, res in results[k].items()
            if res.error and res.seconds is not None]
    if late or notes:
        print()
        for line in late + notes:
            print("note: " + line)
    if mismatches:
        print()
        for line in mismatches:
            print("MISMATCH: " + line)
            print("MISMATCH: " + line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
