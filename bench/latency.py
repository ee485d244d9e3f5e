#!/usr/bin/env python3
"""JIT latency: the time from source text to a first result.

    python3 bench/latency.py [--parjit build/bin/parjit] [--reps 7]

For bench/latency/kernel.py (a ~20-line kernel) and examples/primes.py (a
whole script), cold (--no-cache) and from the disk cache (a fresh cache
directory filled by one run first):
  - the CLI: `parjit run` wall time, the compile time it reports
    (--time-passes: every stage up to a linked program), and the wall time
    of running the same program as a static C binary would not apply, so the
    overhead is reported against `parjit run` of an empty script;
  - the embedding API (bench/cpp/latency_embed.cpp against libparjit.so):
    from source text to the first call's result, in one process;
  - Numba (when /usr/bin/python3 has it): the first call of the same kernel
    (compile + run), with numba's import time apart.
Prints a markdown table of medians over --reps runs. Always exits 0.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAGE_RE = re.compile(r"^parjit:\s+(\S+)\s+([0-9.]+)\s+ms\s*$")


def wall(cmd, env=None):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    t = (time.perf_counter() - t0) * 1e3
    if p.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd), (p.stderr or p.stdout).strip()[-300:]))
    stages = {}
    for line in p.stderr.splitlines():
        m = STAGE_RE.match(line)
        if m:
            stages[m.group(1)] = float(m.group(2))
    return t, stages, p.stdout


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parjit", default=os.path.join(ROOT, "build", "bin", "parjit"))
    ap.add_argument("--reps", type=int, default=7)
    args = ap.parse_args()
    parjit = os.path.abspath(args.parjit)
    libdir = os.path.join(os.path.dirname(os.path.dirname(parjit)), "lib")
    tmp = tempfile.mkdtemp(prefix="parjit-latency-")
    rows = []
    try:
        env = dict(os.environ, PARJIT_CACHE_DIR=os.path.join(tmp, "cache"))
        empty = os.path.join(tmp, "empty.py")
        with open(empty, "w") as f:
            f.write("print(1)\n")
        wall([parjit, "run", empty], env)  # fill the cache
        base = median([wall([parjit, "run", empty], env)[0] for _ in range(args.reps)])
        rows.append(("`parjit run` of `print(1)`, cached", "%.1f" % base, "", "process start, cache lookup, link, run"))
        for label, script in [("kernel (20 lines)", "bench/latency/kernel.py"), ("examples/primes.py", "examples/primes.py")]:
            cold = [wall([parjit, "run", "--no-cache", "--time-passes", script], env) for _ in range(args.reps)]
            rows.append(("CLI %s, cold" % label, "%.1f" % median([c[0] for c in cold]),
                         "%.1f" % median([sum(c[1].values()) for c in cold]),
                         "compile: " + ", ".join("%s %.1f" % (k, median([c[1].get(k, 0) for c in cold]))
                                                for k in ["optimize", "codegen"])))
            wall([parjit, "run", script], env)
            warm = [wall([parjit, "run", "--time-passes", script], env) for _ in range(args.reps)]
            rows.append(("CLI %s, cached" % label, "%.1f" % median([c[0] for c in warm]),
                         "%.1f" % median([sum(c[1].values()) for c in warm]),
                         "%.1f ms over `print(1)`" % (median([c[0] for c in warm]) - base)))
        # The embedding API.
        exe = os.path.join(tmp, "latency_embed")
        cc = ["g++", "-std=c++17", "-O2", "-I", os.path.join(ROOT, "include"), "-o", exe,
              os.path.join(ROOT, "bench", "cpp", "latency_embed.cpp"), "-L", libdir, "-lparjit", "-Wl,-rpath," + libdir]
        p = subprocess.run(cc, capture_output=True, text=True)
        if p.returncode != 0:
            rows.append(("embedding API", "ERROR", "", p.stderr.strip()[-200:]))
        else:
            kernel = os.path.join(ROOT, "bench", "latency", "kernel.py")
            cache = os.path.join(tmp, "embed-cache")

            def embed(extra):
                out = wall([exe, kernel] + extra)[2]
                return float(out.split()[1])

            cold = [embed(["--no-cache"]) for _ in range(args.reps)]
            embed(["--cache-dir", cache])
            warm = [embed(["--cache-dir", cache]) for _ in range(args.reps)]
            rows.append(("embedding API kernel, cold", "", "%.1f" % median(cold), "Engine, compile, function<>(), first call"))
            rows.append(("embedding API kernel, cached", "", "%.1f" % median(warm), "the same, code from the disk cache"))
        # Numba, if installed.
        py = "/usr/bin/python3"
        if subprocess.run([py, "-c", "import numba"], capture_output=True).returncode == 0:
            imp, first = [], []
            for _ in range(args.reps):
                out = wall([py, os.path.join(ROOT, "bench", "latency", "numba_first_call.py"),
                            os.path.join(ROOT, "bench", "latency", "kernel.py")])[2]
                for line in out.splitlines():
                    parts = line.split()
                    if parts[0] == "numba-import":
                        imp.append(float(parts[1]))
                    elif parts[0] == "numba-first-call":
                        first.append(float(parts[1]))
            ver = subprocess.run([py, "-c", "import numba; print(numba.__version__)"], capture_output=True, text=True).stdout.strip()
            rows.append(("Numba %s kernel, first call (no cache)" % ver, "", "%.1f" % median(first),
                         "import numba: %.0f ms more" % median(imp)))
        else:
            rows.append(("Numba", "", "", "not installed"))
    except RuntimeError as e:
        rows.append(("ERROR", "", "", str(e)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("| what | wall ms | compile ms | notes |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
