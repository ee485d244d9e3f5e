#!/usr/bin/env python3
"""Parallel benchmark suite: parjit's prange loops against OpenMP C++ and Numba.

    python3 bench/parallel.py [--parjit build/bin/parjit] [--reps N]
        [--kernels mandelbrot,nbody] [--threads N] [--layers tbb,omp]

Builds bench/cpp/parallel/*.cpp with g++ -O3 -march=native -ffp-contract=off
-fopenmp into a temporary directory, then for each kernel runs, in turn and
--reps times over (interleaved, because the machine is shared and noisy):
  the C++ binary with OMP_NUM_THREADS=1 and with OMP_NUM_THREADS=N,
  `parjit run --time-passes --threads 1` and `--threads N` on
      bench/parallel/NAME.py, for each threading layer in --layers
      (PARJIT_THREADING_LAYER; default: tbb only),
  and, if `PYTHON -c "import numba"` works, the same script under Numba
      (PYTHONPATH=bench/numba_shim, NUMBA_NUM_THREADS=N).
N is every CPU this process may run on (os.sched_getaffinity) unless --threads
says otherwise. Each program prints `NAME BEST_SECONDS CHECKSUM`, its best of 5
timed calls after one warm-up; this script keeps the best over the rounds,
compares every checksum with the 1-thread C++ one, and prints a markdown table:
  C++/parjit   C++ time / parjit time at N threads: parjit's speed relative to
               C++ (goal >= 0.95);
  speedup      parjit's 1-thread time / its N-thread time (goal >= 1.8x on
               the compute-bound kernels mandelbrot, nbody, montecarlo_pi);
  Numba/parjit Numba time / parjit time at N threads;
  JIT compile  the sum of parjit's `parjit: <stage> <ms> ms` lines, median over
               all its runs (a second table splits it by stage).
Integer checksums must match exactly; float checksums that differ only in the
last digits (a parallel float reduction summed in other chunks) are noted
below the table, anything else is a **MISMATCH**.

Always exits 0 once its arguments parse: failures are reported in the table.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from benchlib import (BENCH, ROOT, Result, base_env, build_cxx, cell_ratio, cell_time, compare_checksums, machine_info,
                      median_compile_ms, one_line, parjit_layer_info, run_program, stage_table)

KERNELS = ["triad", "dot", "jacobi", "mandelbrot", "nbody", "histogram", "montecarlo_pi"]
COMPUTE_BOUND = ["mandelbrot", "nbody", "montecarlo_pi"]  # expected to scale with threads
RATIO_GOAL = 0.95  # C++ time / parjit time at N threads
SPEEDUP_GOAL = 1.8  # parjit 1 thread / N threads, on COMPUTE_BOUND
LAYERS = ["tbb", "omp"]
CXX_FLAGS = ["-std=c++17", "-O3", "-march=native", "-ffp-contract=off", "-fopenmp"]
STAGES = ["parse", "infer-types", "analyze-parallel", "emit-llvm", "verify", "optimize", "codegen", "link"]


def numba_info(python):
    """(True, "Numba 0.56.4, threading layer omp") if PYTHON can import numba
    and run a parallel loop, else (False, why)."""
    probe = ("import numba, numpy as np\n"
             "@numba.njit(parallel=True)\n"
             "def f(a):\n"
             "    s = 0.0\n"
             "    for i in numba.prange(a.shape[0]):\n"
             "        s += a[i]\n"
             "    return s\n"
             "f(np.ones(100))\n"
             "print(numba.__version__, numba.threading_layer())\n")
    try:
        p = subprocess.run([python, "-c", "import numba"], capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            return False, "%s cannot import numba: %s" % (python, one_line(p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""))
        p = subprocess.run([python, "-c", probe], capture_output=True, text=True, timeout=300, env=base_env())
        if p.returncode != 0:
            return True, "Numba: imports, but a parallel loop failed: %s" % one_line(p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "")
        version, layer = (p.stdout.split() + ["?", "?"])[:2]
        return True, "Numba: %s (%s), threading layer %s" % (version, python, layer)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, "%s: %s" % (python, e)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parjit", default=os.path.join(ROOT, "build", "bin", "parjit"))
    ap.add_argument("--reps", type=int, default=3, help="rounds of every program, interleaved (default 3)")
    ap.add_argument("--kernels", default=",".join(KERNELS), help="comma-separated subset of " + ",".join(KERNELS))
    ap.add_argument("--threads", type=int, default=0, help="N, the many-thread count (default: every CPU this process may use)")
    ap.add_argument("--layers", default="tbb", help="parjit threading layers, comma-separated: tbb, omp (default tbb)")
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--python", default="/usr/bin/python3", help="the Python that runs Numba (default /usr/bin/python3)")
    ap.add_argument("--no-numba", action="store_true", help="skip the Numba runs")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per program run")
    args = ap.parse_args()
    kernels = [k for k in args.kernels.split(",") if k]
    for k in kernels:
        if k not in KERNELS:
            ap.error("unknown kernel '%s'" % k)
    layers = [l for l in args.layers.split(",") if l]
    for l in layers:
        if l not in LAYERS:
            ap.error("unknown threading layer '%s'" % l)
    if not layers:
        ap.error("--layers: name at least one layer")
    if args.threads < 0 or args.reps < 1:
        ap.error("--threads and --reps must be positive")
    nthreads = args.threads or len(os.sched_getaffinity(0))
    parjit = os.path.abspath(args.parjit)

    info = machine_info(args.cxx, parjit)
    info.append("threads: 1 and N = %d" % nthreads)
    if os.access(parjit, os.X_OK):
        info += [parjit_layer_info(parjit, l) for l in layers]
    have_numba, numba_line = (False, "Numba: skipped (--no-numba)") if args.no_numba else numba_info(args.python)
    info.append(numba_line if have_numba or args.no_numba else "Numba: not available (%s)" % numba_line)
    for line in info:
        print(line)
    print()

    # Columns, in the order they run within a round: (key, kind, threads, layer).
    columns = [("cxx1", "cxx", 1, None), ("cxxN", "cxx", nthreads, None)]
    for l in layers:
        columns += [("pj1_" + l, "pj", 1, l), ("pjN_" + l, "pj", nthreads, l)]
    if have_numba:
        columns.append(("numba", "numba", nthreads, None))

    results = {k: {key: Result() for key, _, _, _ in columns} for k in kernels}
    tmp = tempfile.mkdtemp(prefix="parjit-pbench-")
    try:
        runs = {k: [] for k in kernels}  # (key, cmd, env)
        for k in kernels:
            exe = os.path.join(tmp, k)
            src = os.path.join(BENCH, "cpp", "parallel", k + ".cpp")
            why = build_cxx([args.cxx] + CXX_FLAGS + ["-o", exe, src])
            built = why is None
            script = os.path.join("bench", "parallel", k + ".py")
            for key, kind, threads, layer in columns:
                env = base_env()
                if kind == "cxx":
                    if not built:
                        results[k][key].error = why
                        continue
                    env["OMP_NUM_THREADS"] = str(threads)
                    runs[k].append((key, [exe], env))
                elif kind == "pj":
                    if not os.access(parjit, os.X_OK):
                        results[k][key].error = "%s not found" % os.path.relpath(parjit, ROOT)
                        continue
                    env["PARJIT_THREADING_LAYER"] = layer
                    cmd = [parjit, "run", "--no-cache", "--time-passes", "--threads", str(threads), script]
                    runs[k].append((key, cmd, env))
                else:
                    env["NUMBA_NUM_THREADS"] = str(threads)
                    shim = os.path.join(BENCH, "numba_shim")
                    env["PYTHONPATH"] = shim + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
                    runs[k].append((key, [args.python, script], env))

        for rnd in range(args.reps):
            for k in kernels:
                for key, cmd, env in runs[k]:
                    res = results[k][key]
                    if res.failed():
                        continue  # failed to build, compile or run: once is enough
                    print("round %d/%d: %-13s %s" % (rnd + 1, args.reps, k, key), file=sys.stderr, flush=True)
                    run_program(cmd, k, args.timeout, res, env=env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # Checksums: every column against C++ on one thread (C++ on N threads if that failed).
    mismatches = []
    notes = []
    for k in kernels:
        ref_key = "cxx1" if results[k]["cxx1"].checksum is not None else "cxxN"
        n_, m_ = compare_checksums(k, results[k], ref_key, lambda key: key.startswith("pj"))
        notes += n_
        mismatches += m_

    n = nthreads
    first = layers[0]
    headers = ["kernel", "C++ 1 thread s", "C++ %d threads s" % n,
               "parjit 1 thread s", "parjit %d threads s" % n,
               "C++/parjit (%d threads)" % n, "parjit speedup %d/1 threads" % n]
    for l in layers[1:]:
        headers += ["parjit %s 1 thread s" % l, "parjit %s %d threads s" % (l, n), "C++/parjit %s (%d threads)" % (l, n)]
    if have_numba:
        headers += ["Numba %d threads s" % n, "Numba/parjit (%d threads)" % n]
    headers += ["JIT compile ms", "checksum"]
    if len(layers) > 1 or first != "tbb":
        print("parjit columns without a layer name: the %s threading layer" % first)
        print()
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for k in kernels:
        r = results[k]
        pj1, pjN = r["pj1_" + first], r["pjN_" + first]
        row = [k, cell_time(r["cxx1"]), cell_time(r["cxxN"]), cell_time(pj1), cell_time(pjN),
               cell_ratio(r["cxxN"], pjN, at_least=RATIO_GOAL),
               cell_ratio(pj1, pjN, at_least=SPEEDUP_GOAL if k in COMPUTE_BOUND else None)]
        for l in layers[1:]:
            row += [cell_time(r["pj1_" + l]), cell_time(r["pjN_" + l]), cell_ratio(r["cxxN"], r["pjN_" + l], at_least=RATIO_GOAL)]
        if have_numba:
            row += [cell_time(r["numba"]), cell_ratio(r["numba"], pjN)]
        row.append(median_compile_ms([r["pj1_" + l] for l in layers] + [r["pjN_" + l] for l in layers]))
        chk = next((r[key].checksum for key in ["cxx1", "cxxN", "pj1_" + first, "pjN_" + first] if r[key].checksum), None)
        if any(m.startswith(k + ":") for m in mismatches):
            chk = "**MISMATCH**"
        row.append(chk or "n/a")
        print("| " + " | ".join(row) + " |")

    # JIT compile time by stage, median over every parjit run of the kernel.
    stage_rows = [(k, [s for key, res in results[k].items() if key.startswith("pj") for s in res.stages]) for k in kernels]
    if any(runs for _, runs in stage_rows):
        print()
        for line in stage_table(stage_rows, STAGES):
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
