#!/usr/bin/env python3
"""Array-programming benchmark: NumPy-style scripts compiled by parjit, against
the same kernels as loops, in C++, and under NumPy.

    python3 bench/array.py [--parjit build/bin/parjit] [--reps N]
        [--kernels blackscholes,jacobi] [--threads N]
        [--options N] [--grid N] [--sweeps N] [--python PY] [--no-numpy]
    python3 bench/array.py --quick      # smoke check: tiny sizes, exit 1 on a failure

Two kernels, each in four versions that print the same checksum:
  blackscholes  call and put prices of --options float64 options (default
                2^22): bench/array/blackscholes_array.py (whole-array
                expressions with np.log, np.sqrt, np.exp, scipy.special.erf),
                bench/array/blackscholes_loop.py (a loop with math.erf, ...),
                bench/cpp/array/blackscholes.cpp (C++, OpenMP);
  jacobi        --sweeps 5-point Jacobi sweeps (default 10) on a --grid
                square grid (default 2048): bench/array/jacobi_array.py (one
                slice expression per sweep), the loop-style
                bench/kernels/jacobi.py (@jit) and bench/parallel/jacobi.py
                (prange), bench/cpp/parallel/jacobi.cpp (C++, OpenMP);
and, for each, the array-style script under CPython + NumPy (--python,
default /usr/bin/python3, with PYTHONPATH=dsl).

Each parjit script holds an @jit kernel and an @jit(parallel=True) copy (its
last argument picks one). The C++ files are built with g++ -std=c++17 -O3
-march=native -ffp-contract=off -fopenmp into a temporary directory. For each
kernel and round (--reps rounds, interleaved, because the machine is shared
and noisy) the runner runs:
  the C++ binary with OMP_NUM_THREADS=1 and with OMP_NUM_THREADS=N,
  the array-style and the loop-style script with `parjit run --threads 1`
      (the @jit kernel) and `--threads N` (the parallel=True kernel),
  the array-style script under NumPy (single-threaded, as NumPy is).
N is every CPU this process may run on unless --threads says otherwise. Each
program prints `NAME BEST_SECONDS CHECKSUM`, its best of 5 timed calls after
one warm-up; the runner keeps the best over the rounds, compares every
checksum with the 1-thread C++ one (float checksums that differ only in the
last digits are notes, any other parjit difference is a **MISMATCH**), and
prints a markdown table with one row per kernel and thread count:
  array/C++    parjit array-style time / C++ time (goal <= 1.2x)
  loop/C++     parjit loop-style time / C++ time
  NumPy/parjit NumPy time / parjit array-style time (1-thread rows)
Always exits 0 once its arguments parse: failures are reported in the table.

--quick runs every program once at a tiny size (--options 1003, --grid 37,
--sweeps 3; the sizes are not multiples of a vector width, and three sweeps
take both branches of the swap), every parjit script also under CPython,
prints a line per program, and exits 1 if a program fails or a checksum
disagrees with C++'s; a check that the scripts, the runner and parjit still
work together, not a measurement.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

from benchlib import (ROOT, Result, base_env, build_cxx, cell_ratio, cell_time, checksums_agree,
                      compare_checksums, machine_info, one_line, parjit_layer_info, run_program)

KERNELS = ["blackscholes", "jacobi"]
GOAL = 1.2  # parjit array style within 1.2x of C++
CXX_FLAGS = ["-std=c++17", "-O3", "-march=native", "-ffp-contract=off", "-fopenmp"]
QUICK = {"options": 1003, "grid": 37, "sweeps": 3}


def programs(kernel, args):
    """The versions of kernel: {"cxx": (C++ source, arguments),
    "array"/"loop": {threads "1"/"N": (script, arguments)}}."""
    if kernel == "blackscholes":
        size = [str(args.options)]
        return {"cxx": ("bench/cpp/array/blackscholes.cpp", size),
                "array": {"1": ("bench/array/blackscholes_array.py", size + ["0"]),
                          "N": ("bench/array/blackscholes_array.py", size + ["1"])},
                "loop": {"1": ("bench/array/blackscholes_loop.py", size + ["0"]),
                         "N": ("bench/array/blackscholes_loop.py", size + ["1"])}}
    size = [str(args.grid), str(args.sweeps)]
    return {"cxx": ("bench/cpp/parallel/jacobi.cpp", size),
            "array": {"1": ("bench/array/jacobi_array.py", size + ["0"]),
                      "N": ("bench/array/jacobi_array.py", size + ["1"])},
            "loop": {"1": ("bench/kernels/jacobi.py", size), "N": ("bench/parallel/jacobi.py", size)}}


def numpy_info(python):
    """(True, "NumPy 1.24.2, SciPy 1.10.1 (/usr/bin/python3)") if PYTHON
    imports numpy and scipy.special, else (False, why)."""
    probe = "import numpy, scipy, scipy.special; print(numpy.__version__, scipy.__version__)"
    try:
        p = subprocess.run([python, "-c", probe], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, "%s: %s" % (python, e)
    if p.returncode != 0:
        lines = p.stderr.strip().splitlines()
        return False, "%s: %s" % (python, one_line(lines[-1] if lines else "exit %d" % p.returncode))
    np_version, sp_version = (p.stdout.split() + ["?", "?"])[:2]
    return True, "NumPy %s, SciPy %s (%s)" % (np_version, sp_version, python)


def rounding_note(key):
    """Why a checksum may differ from C++'s in the last digits."""
    if key.startswith(("numpy", "cpython")):
        return "last digits: NumPy's exp and log and SciPy's erf round differently from glibc's"
    return "last digits"


def python_env():
    env = base_env()
    dsl = os.path.join(ROOT, "dsl")
    env["PYTHONPATH"] = dsl + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parjit", default=os.path.join(ROOT, "build", "bin", "parjit"))
    ap.add_argument("--reps", type=int, default=3, help="rounds of every program, interleaved (default 3)")
    ap.add_argument("--kernels", default=",".join(KERNELS), help="comma-separated subset of " + ",".join(KERNELS))
    ap.add_argument("--threads", type=int, default=0, help="N, the many-thread count (default: every CPU this process may use)")
    ap.add_argument("--options", type=int, default=1 << 22, help="blackscholes: number of options (default 2^22)")
    ap.add_argument("--grid", type=int, default=2048, help="jacobi: grid side (default 2048)")
    ap.add_argument("--sweeps", type=int, default=10, help="jacobi: sweeps per timed call (default 10)")
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--python", default="/usr/bin/python3", help="the Python with NumPy and SciPy (default /usr/bin/python3)")
    ap.add_argument("--no-numpy", action="store_true", help="skip the NumPy runs")
    ap.add_argument("--quick", action="store_true",
                    help="smoke check: every program once at a tiny size, parjit scripts also under CPython; exit 1 on a failure")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per program run")
    args = ap.parse_args()
    kernels = [k for k in args.kernels.split(",") if k]
    for k in kernels:
        if k not in KERNELS:
            ap.error("unknown kernel '%s'" % k)
    if args.quick:
        for key, value in QUICK.items():
            setattr(args, key, value)
        args.reps = 1
    if args.threads < 0 or args.reps < 1 or args.options < 1 or args.grid < 3 or args.sweeps < 1:
        ap.error("--threads, --reps, --options, --sweeps must be positive, --grid at least 3")
    nthreads = args.threads or len(os.sched_getaffinity(0))
    parjit = os.path.abspath(args.parjit)
    started = time.perf_counter()

    if args.quick:
        info = []
    else:
        info = machine_info(args.cxx, parjit)
        info.append("threads: 1 and N = %d" % nthreads)
        if os.access(parjit, os.X_OK):
            info.append(parjit_layer_info(parjit, "tbb"))
    have_numpy, numpy_line = (False, "skipped (--no-numpy)") if args.no_numpy else numpy_info(args.python)
    info.append(("NumPy: " if not have_numpy else "") + numpy_line)
    for line in info:
        print(line)
    print()

    # Columns, in the order they run within a round: (key, kind, version, threads "1"/"N").
    columns = [("cxx1", "cxx", None, "1"), ("cxxN", "cxx", None, "N"),
               ("array1", "pj", "array", "1"), ("arrayN", "pj", "array", "N"),
               ("loop1", "pj", "loop", "1"), ("loopN", "pj", "loop", "N")]
    if have_numpy:
        columns.append(("numpy", "numpy", "array", "1"))
        if args.quick:  # every parjit script is Python too: check them all under CPython
            columns += [("cpython_" + key, "numpy", version, threads)
                        for key, kind, version, threads in columns if kind == "pj" and key != "array1"]

    results = {k: {key: Result() for key, _, _, _ in columns} for k in kernels}
    tmp = tempfile.mkdtemp(prefix="parjit-abench-")
    try:
        runs = {k: [] for k in kernels}  # (key, cmd, env)
        for k in kernels:
            progs = programs(k, args)
            src, cxx_args = progs["cxx"]
            exe = os.path.join(tmp, k)
            why = build_cxx([args.cxx] + CXX_FLAGS + ["-o", exe, os.path.join(ROOT, src)])
            for key, kind, version, threads in columns:
                env = base_env()
                nt = "1" if threads == "1" else str(nthreads)
                if kind == "cxx":
                    if why:
                        results[k][key].error = why
                        continue
                    env["OMP_NUM_THREADS"] = nt
                    runs[k].append((key, [exe] + cxx_args, env))
                    continue
                script, script_args = progs[version][threads]
                if kind == "pj":
                    if not os.access(parjit, os.X_OK):
                        results[k][key].error = "%s not found" % parjit
                        continue
                    runs[k].append((key, [parjit, "run", "--no-cache", "--threads", nt, script] + script_args, env))
                else:
                    runs[k].append((key, [args.python, script] + script_args, python_env()))

        for rnd in range(args.reps):
            for k in kernels:
                for key, cmd, env in runs[k]:
                    res = results[k][key]
                    if res.failed():
                        continue  # failed to build, compile or run: once is enough
                    if not args.quick:
                        print("round %d/%d: %-12s %s" % (rnd + 1, args.reps, k, key), file=sys.stderr, flush=True)
                    run_program(cmd, k, args.timeout, res, env=env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # Checksums: every column against C++ on one thread (C++ on N threads if that failed).
    mismatches, notes = [], []
    for k in kernels:
        ref_key = "cxx1" if results[k]["cxx1"].checksum is not None else "cxxN"
        n_, m_ = compare_checksums(k, results[k], ref_key, lambda key: key.startswith(("array", "loop")), rounding_note)
        notes += n_
        mismatches += m_

    if args.quick:
        return quick_report(kernels, results, notes, mismatches, time.perf_counter() - started)

    n = nthreads
    headers = ["kernel", "threads", "C++ s", "parjit array s", "array/C++", "parjit loop s", "loop/C++"]
    if have_numpy:
        headers += ["NumPy s", "NumPy/parjit array"]
    headers.append("checksum")
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for k in kernels:
        r = results[k]
        chk = next((r[key].checksum for key in ["cxx1", "cxxN", "array1", "loop1"] if r[key].checksum), None)
        if any(m.startswith(k + ":") for m in mismatches):
            chk = "**MISMATCH**"
        for threads, label in [("1", "1 (@jit)"), ("N", "%d (parallel=True)" % n)]:
            cxx, arr, loop = r["cxx" + threads], r["array" + threads], r["loop" + threads]
            row = [k, label, cell_time(cxx), cell_time(arr), cell_ratio(arr, cxx, at_most=GOAL),
                   cell_time(loop), cell_ratio(loop, cxx)]
            if have_numpy:
                row += [cell_time(r["numpy"]), cell_ratio(r["numpy"], arr)] if threads == "1" else ["", ""]
            row.append(chk or "n/a")
            print("| " + " | ".join(row) + " |")

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


def quick_report(kernels, results, notes, mismatches, seconds):
    """--quick: a line per program; 1 if any failed or disagrees with C++."""
    failed = 0
    for k in kernels:
        ref = results[k]["cxx1"].checksum or results[k]["cxxN"].checksum
        for key, res in results[k].items():
            if res.seconds is None or res.error:
                status = "FAIL: " + (res.error or "no result")
                failed += 1
            elif ref is None or checksums_agree(ref, res.checksum) == "mismatch":
                status = "FAIL: checksum %s, C++ %s" % (res.checksum, ref)
                failed += 1
            else:
                status = "ok " + res.checksum
            print("%-12s %-16s %s" % (k, key, status))
    for line in notes:
        print("note: " + line)
    print()
    print("quick check: %s in %.1f s" % ("%d FAILED" % failed if failed else "all agree", seconds))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
