#!/usr/bin/env python3
"""GPU benchmark suite (issue 6): parjit's GPU code against numba.cuda, CuPy and the CPU.

    python3 bench/gpu.py [--parjit build/bin/parjit] [--reps N] [--kernels triad,matmul]
        [--quick] [--check] [--python PY] [--cpu-reps N] [--no-cpu]
        [--variant=--fastmath ...] [--timeout S]

Four kernels, each in two parjit forms: bench/gpu/NAME_offload.py (a prange
loop in a @jit(parallel=True, target="cuda") function) and
bench/gpu/NAME_kernel.py (an explicit @cuda.jit kernel; matmul tiled with
16x16 tiles in shared memory). Beside them: the same kernel under numba.cuda
(bench/gpu/reference/NAME_numba.py) and as CUDA C in a cupy.RawKernel
(bench/gpu/reference/NAME_cupy.py; `--lib` there: CuPy's own ElementwiseKernel
for triad, cuBLAS for matmul), and the CPU version run by parjit on all CPUs
(bench/parallel/NAME.py; matmul: bench/gpu/matmul_cpu.py, BLAS sgemm).

    triad       a[i] = b[i] + s * c[i], n = 2^28 float64
    mandelbrot  8192 x 8192 int32 image, max_iter 256
    nbody       65536 bodies, float64, 3 steps per timed call
    matmul      4096 x 4096 float32

With a CUDA device (`parjit info` has a CUDA line naming one), runs for each
kernel, in turn and --reps times over (interleaved): parjit offload, parjit
kernel, any --variant columns (the same two scripts with extra `parjit run`
flags), numba.cuda and CuPy (each skipped with a note when no Python here can
import it with a device), and the CPU version (only in the first --cpu-reps
rounds, default 1: it is slow at these sizes). Before triad in each round, a
device-to-device copy of 2^28 float64 (CuPy's copyto, numba's
copy_to_device, a parjit copy kernel): the best copy bandwidth is the
yardstick for triad (goal: triad at >= 85% of it). Each program prints
`NAME BEST_SECONDS CHECKSUM`, its best of 5 timed calls after a warm-up; this
script keeps the best over the rounds and prints markdown tables: times,
numba.cuda time / parjit time (goal >= 1.0 for both parjit forms),
throughput (triad in GB/s and % of the copy bandwidth), checksums compared.

Without a device it says so, runs the checks below, and exits 0.

--check runs what can be run without a GPU, at the --quick sizes: every
parjit GPU script through `parjit emit-ptx --gpu-arch sm_80` and `sm_90` and
ptxas; `parjit run` of each (on a machine without a device it must stop at
the first launch with `no CUDA device`; with one, its checksum is compared);
each script in the CUDA simulator of dsl/parjit/cuda.py (PYTHONPATH=dsl);
the numba.cuda references (in Numba's simulator, NUMBA_ENABLE_CUDASIM=1,
without a device); the CuPy references' CUDA C through nvcc for sm_80 and
sm_90 (and run, with CuPy and a device); the CPU versions; and, with the
mock CUDA driver of the test suite (build/lib/libparjit_mock_cuda.so), the
bytes each parjit script moves between host and device per timed call
(reported, not a failure). All checksums of a kernel must agree. Exits 1 if
a check fails.

--quick: the same suite at tiny sizes (the --check sizes), for a smoke test
on a GPU machine.
"""
import argparse
import ast
import concurrent.futures
import os
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile

from benchlib import (ROOT, Result, base_env, cell_ratio, cell_time, checksums_agree, machine_info,
                      median_compile_ms, one_line, run_program)

KERNELS = ["triad", "mandelbrot", "nbody", "matmul"]
SIZES = {"triad": 1 << 28, "mandelbrot": 8192, "nbody": 65536, "matmul": 4096}
# Tiny sizes for --check and --quick: CUDA simulators run the threads of a
# block as Python threads. Not multiples of the block sizes, so the edge
# guards run too.
QUICK = {"triad": 1000, "mandelbrot": 40, "nbody": 100, "matmul": 24}
SIZE_TEXT = {"triad": "n = %d float64", "mandelbrot": "%d^2 int32, max_iter 256",
             "nbody": "%d bodies float64, 3 steps", "matmul": "%d^2 float32"}
CPU_SCRIPTS = {"triad": "bench/parallel/triad.py", "mandelbrot": "bench/parallel/mandelbrot.py",
               "nbody": "bench/parallel/nbody.py", "matmul": "bench/gpu/matmul_cpu.py"}
CUPY_LIB = {"triad": "ElementwiseKernel", "matmul": "cuBLAS"}  # kernels with a `--lib` CuPy column
# Checksums of numba.cuda and CuPy, which contract a*b+c into FMAs (parjit
# does not): nbody's sum of positions may differ in the last digits.
FMA_TOLERANCE = {"nbody": 1e-9}
RATIO_GOAL = 1.0  # numba.cuda time / parjit time
TRIAD_GOAL = 0.85  # triad bandwidth / copy bandwidth
ARCHS = ["sm_80", "sm_90"]
STAGES_NOTE = "sum of `parjit run --time-passes` stages"


# ---- what is there ----

def parjit_cuda(parjit):
    """(True, description) if `parjit info` names a CUDA device, else (False, why)."""
    try:
        p = subprocess.run([parjit, "info"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, "parjit info failed: %s" % e
    m = re.search(r"^CUDA:\s*(.*)$", p.stdout, re.M)
    if not m:
        return False, "`parjit info` has no CUDA line"
    line = m.group(1).strip()
    return (not line.startswith("none"), line)


def python_candidates(explicit):
    if explicit:
        return [explicit]
    out = []
    for p in [sys.executable, shutil.which("python3"), "/usr/bin/python3"]:
        if p and os.access(p, os.X_OK) and os.path.realpath(p) not in [os.path.realpath(q) for q in out]:
            out.append(p)
    return out


def find_python(candidates, code, env=None, timeout=300):
    """The first candidate that runs `code` successfully: (python, its stdout
    stripped), else (None, why the last one failed)."""
    why = "no Python found"
    for py in candidates:
        try:
            p = subprocess.run([py, "-c", code], capture_output=True, text=True, timeout=timeout, env=env)
        except (OSError, subprocess.TimeoutExpired) as e:
            why = "%s: %s" % (py, e)
            continue
        if p.returncode == 0:
            return py, p.stdout.strip()
        lines = p.stderr.strip().splitlines()
        why = "%s: %s" % (py, one_line(lines[-1] if lines else "exit %d" % p.returncode))
    return None, why


NUMBA_PROBE = ("import numba\nfrom numba import cuda\n"
               "try:\n    import importlib.metadata as md; v = md.version('numba-cuda')\n"
               "except Exception:\n    v = '-'\n"
               "assert cuda.is_available(), 'numba.cuda sees no device'\n"
               "print('numba %s, numba-cuda %s' % (numba.__version__, v))\n")
NUMBA_SIM_PROBE = "import numba\nfrom numba import cuda\nprint('numba %s' % numba.__version__)\n"
CUPY_PROBE = ("import cupy\nn = cupy.cuda.runtime.getDeviceCount()\nassert n > 0, 'no device'\n"
              "print('cupy %s, CUDA runtime %d' % (cupy.__version__, cupy.cuda.runtime.runtimeGetVersion()))\n")


def sim_env():
    env = base_env()
    env["NUMBA_ENABLE_CUDASIM"] = "1"
    return env


def real_env():
    env = base_env()
    env.pop("NUMBA_ENABLE_CUDASIM", None)
    return env


def tool(name, explicit=None):
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for p in [shutil.which(name), "/usr/local/cuda/bin/" + name]:
        if p and os.access(p, os.X_OK):
            return p
    return None


def parjit_scripts(kernels):
    """(kernel name printed, path relative to ROOT) of every parjit GPU script."""
    out = []
    for k in kernels:
        out += [(k, "bench/gpu/%s_offload.py" % k), (k, "bench/gpu/%s_kernel.py" % k)]
    if "triad" in kernels:
        out.append(("copy", "bench/gpu/copy_kernel.py"))
    return out


def cupy_source(path):
    """The CUDA C (SOURCE) and kernel names (KERNELS) of a CuPy reference
    script, read from its syntax tree: neither CuPy nor NumPy is needed."""
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("SOURCE", "KERNELS"):
                found[node.targets[0].id] = ast.literal_eval(node.value)
    return found["SOURCE"], found["KERNELS"]


# ---- --check ----

class Check:
    def __init__(self, group, what):
        self.group = group  # kernel name, or "copy"
        self.what = what
        self.status = None  # "ok", "FAIL", "skip", "warn"
        self.detail = ""
        self.checksum = None  # a checksum to compare within the group
        self.exact = True  # must equal the group's reference exactly (else: FMA tolerance)


def run_cmd(cmd, env=None, timeout=300):
    try:
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return -1, "", "timed out after %d s" % timeout
    except OSError as e:
        return -1, "", str(e)


def parse_line(name, stdout):
    """The checksum of the last `NAME SECONDS CHECKSUM` line, or None."""
    found = None
    for line in stdout.splitlines():
        m = re.match(r"^%s\s+(\S+)\s+(\S+)\s*$" % re.escape(name), line)
        if m:
            found = m.group(2)
    return found


def check_program(c, name, cmd, env=None, timeout=300, no_device_ok=False):
    rc, out, err = run_cmd(cmd, env, timeout)
    if rc == 0:
        c.checksum = parse_line(name, out)
        if c.checksum is None:
            c.status, c.detail = "FAIL", "no '%s SECONDS CHECKSUM' line: %s" % (name, one_line(out))
        else:
            c.status, c.detail = "ok", "checksum " + c.checksum
    elif no_device_ok and rc == 3 and "no CUDA device" in err:
        c.status, c.detail = "ok", "compiled and ran up to the first launch: no CUDA device here"
    else:
        lines = [l for l in err.splitlines() if l.strip() and not l.startswith("parjit: ")]
        c.status, c.detail = "FAIL", "exit %d: %s" % (rc, one_line(lines[-1] if lines else out, 200))
    return c


def check_ptx(c, parjit, ptxas, script, arch, tmp):
    base = os.path.join(tmp, os.path.basename(script)[:-3] + "." + arch)
    rc, out, err = run_cmd([parjit, "emit-ptx", "--gpu-arch", arch, script])
    if rc != 0:
        c.status, c.detail = "FAIL", "emit-ptx exit %d: %s" % (rc, one_line(err, 200))
        return c
    entries = len(re.findall(r"^\.visible \.entry ", out, re.M))
    if entries == 0 or (".target " + arch) not in out:
        c.status, c.detail = "FAIL", "no kernel entry or no .target %s in the PTX" % arch
        return c
    with open(base + ".ptx", "w") as f:
        f.write(out)
    if not ptxas:
        c.status, c.detail = "skip", "%d entries; no ptxas to assemble them" % entries
        return c
    rc, _, err = run_cmd([ptxas, "-arch=" + arch, base + ".ptx", "-o", base + ".cubin"])
    if rc != 0:
        c.status, c.detail = "FAIL", "ptxas exit %d: %s" % (rc, one_line(err, 200))
    else:
        c.status, c.detail = "ok", "%d kernel entries, assembled by ptxas" % entries
    return c


def check_nvcc(c, nvcc, path, arch, tmp):
    try:
        source, names = cupy_source(os.path.join(ROOT, path))
    except Exception as e:  # a broken reference script: report it
        c.status, c.detail = "FAIL", "cannot read SOURCE: %s" % one_line(str(e))
        return c
    base = os.path.join(tmp, os.path.basename(path)[:-3] + "." + arch)
    with open(base + ".cu", "w") as f:
        f.write(source)
    rc, _, err = run_cmd([nvcc, "-cubin", "-arch=" + arch, "-o", base + ".cubin", base + ".cu"])
    if rc != 0:
        c.status, c.detail = "FAIL", "nvcc exit %d: %s" % (rc, one_line(err, 200))
        return c
    missing = [n for n in names if ('extern "C" __global__ void %s(' % n) not in source]
    if missing:
        c.status, c.detail = "FAIL", "no kernel named " + ", ".join(missing)
    else:
        c.status, c.detail = "ok", "kernels %s compiled by nvcc" % ", ".join(names)
    return c


def mock_stats(path):
    stats = {}
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                if v.lstrip("-").isdigit():
                    stats[k] = int(v)
    except OSError:
        pass
    return stats


def check_transfers(c, parjit, mock, script, size, tmp):
    """Bytes moved per timed call: the difference between 2 and 1 timed calls
    on the mock driver (kernels do not run there; copies are counted)."""
    got = []
    for reps in (1, 2):
        path = os.path.join(tmp, "%s.%d.stats" % (os.path.basename(script)[:-3], reps))
        env = base_env()
        env["PARJIT_CUDA_LIBRARY"] = mock
        env["MOCK_CUDA_STATS"] = path
        rc, out, err = run_cmd([parjit, "run", "--no-cache", script, str(size), str(reps)], env)
        st = mock_stats(path)
        if rc != 0 or "launches" not in st:
            c.status, c.detail = "skip", "the mock driver run failed (exit %d: %s)" % (rc, one_line(err))
            return c
        got.append(st)
    d = {k: got[1].get(k, 0) - got[0].get(k, 0) for k in ["launches", "htod_calls", "htod_bytes", "dtoh_calls", "dtoh_bytes"]}
    text = "per repetition (the timed call, and any untimed set-up in the loop): %d launches, %d host-to-device copies (%d bytes), %d device-to-host copies (%d bytes)" % (
        d["launches"], d["htod_calls"], d["htod_bytes"], d["dtoh_calls"], d["dtoh_bytes"])
    if d["htod_bytes"] or d["dtoh_bytes"]:
        c.status, c.detail = "warn", text + " at size %d: see docs/benchmarks.md, GPU" % size
    else:
        c.status, c.detail = "ok", text
    return c


def run_check(args, parjit, kernels, has_device):
    print("## Checks (--check), at the --quick sizes: %s" % ", ".join("%s %d" % (k, QUICK[k]) for k in kernels))
    print()
    ptxas = tool("ptxas", args.ptxas)
    nvcc = tool("nvcc", args.nvcc)
    cands = python_candidates(args.python)
    np_py, np_why = find_python(cands, "import numpy")
    numba_py, numba_what = (None, "")
    numba_real = False
    if has_device:
        numba_py, numba_what = find_python(cands, NUMBA_PROBE, real_env())
        numba_real = numba_py is not None
    if not numba_py:
        numba_py, numba_what = find_python(cands, NUMBA_SIM_PROBE, sim_env())
    cupy_py, cupy_what = find_python(cands, CUPY_PROBE, real_env()) if has_device else (None, "no device")
    mock = os.path.join(os.path.dirname(os.path.dirname(parjit)), "lib", "libparjit_mock_cuda.so")
    mock = mock if os.path.exists(mock) else None
    print("- parjit: %s; device: %s" % (os.path.relpath(parjit, ROOT), "yes" if has_device else "none"))
    print("- ptxas: %s; nvcc: %s" % (ptxas or "not found", nvcc or "not found"))
    print("- simulator Python (numpy): %s" % (np_py or "none (%s)" % np_why))
    print("- numba.cuda: %s" % ("%s (%s, %s)" % (numba_what, numba_py, "on the device" if numba_real else "Numba's simulator")
                                if numba_py else "not available (%s)" % numba_what))
    print("- CuPy: %s" % ("%s (%s)" % (cupy_what, cupy_py) if cupy_py else "not run (%s)" % cupy_what))
    print("- mock CUDA driver: %s" % (os.path.relpath(mock, ROOT) if mock else "not built (transfer check skipped)"))
    print()

    tmp = tempfile.mkdtemp(prefix="parjit-gpucheck-")
    jobs = []  # (Check, function, args)

    def add(group, what, fn, *fa, **kw):
        c = Check(group, what)
        jobs.append((c, fn, fa, kw))
        return c

    sizes = dict(QUICK)
    sizes["copy"] = QUICK["triad"]
    try:
        for group, script in parjit_scripts(kernels):
            for arch in ARCHS:
                add(group, "%s: PTX for %s" % (script, arch), check_ptx, parjit, ptxas, script, arch, tmp)
            add(group, "%s: parjit run" % script, check_program, group,
                [parjit, "run", "--no-cache", script, str(sizes[group]), "1"], no_device_ok=not has_device)
            if np_py:
                env = base_env()
                env["PYTHONPATH"] = os.path.join(ROOT, "dsl") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
                add(group, "%s: CUDA simulator (dsl/parjit/cuda.py)" % script, check_program, group,
                    [np_py, script, str(sizes[group]), "1"], env=env)
            if mock:
                add(group, "%s: transfers (mock driver)" % script, check_transfers, parjit, mock, script, sizes[group], tmp)
        for k in kernels:
            add(k, "%s: parjit run on the CPU" % CPU_SCRIPTS[k], check_program, k,
                [parjit, "run", "--no-cache", "--threads", "2", CPU_SCRIPTS[k], str(QUICK[k]), "1"])
        refs = [(k, "bench/gpu/reference/%s_numba.py" % k, "bench/gpu/reference/%s_cupy.py" % k) for k in kernels]
        if "triad" in kernels:
            refs.append(("copy", "bench/gpu/reference/copy_numba.py", "bench/gpu/reference/copy_cupy.py"))
        for k, nb, cp in refs:
            for path in (nb, cp):
                c = Check(k, "%s: byte-compiles" % path)
                try:
                    py_compile.compile(os.path.join(ROOT, path), cfile=os.path.join(tmp, "x.pyc"), doraise=True)
                    c.status, c.detail = "ok", ""
                except py_compile.PyCompileError as e:
                    c.status, c.detail = "FAIL", one_line(str(e), 200)
                jobs.append((c, None, (), {}))
            if numba_py:
                add(k, "%s: %s" % (nb, "on the device" if numba_real else "Numba's simulator"), check_program, k,
                    [numba_py, nb, str(sizes[k]), "1"], env=real_env() if numba_real else sim_env(), timeout=600)
            if k != "copy":
                for arch in ARCHS:
                    if nvcc:
                        add(k, "%s: CUDA C for %s" % (cp, arch), check_nvcc, nvcc, cp, arch, tmp)
            if cupy_py:
                add(k, "%s: on the device" % cp, check_program, k, [cupy_py, cp, str(sizes[k]), "1"], env=real_env())
                if k in CUPY_LIB:
                    add(k, "%s --lib: on the device" % cp, check_program, k,
                        [cupy_py, cp, str(sizes[k]), "1", "--lib"], env=real_env())

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, min(6, os.cpu_count() or 2))) as ex:
            futs = [ex.submit(fn, c, *fa, **kw) for c, fn, fa, kw in jobs if fn]
            for f in futs:
                f.result()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    checks = [c for c, _, _, _ in jobs]
    # Checksums: within each kernel, every run against the simulator's run of
    # the explicit kernel (the first checksum there is, else).
    for group in kernels + (["copy"] if "triad" in kernels else []):
        cs = [c for c in checks if c.group == group and c.checksum is not None]
        if not cs:
            continue
        ref = next((c for c in cs if "simulator (dsl" in c.what and "_kernel" in c.what), cs[0])
        on_device = lambda c: "on the device" in c.what or ("parjit run" in c.what and "CPU" not in c.what)
        for c in cs:
            how = checksums_agree(ref.checksum, c.checksum)
            if how == "same":
                continue
            tol = FMA_TOLERANCE.get(group)
            foreign = "reference/" in c.what
            close = tol is not None and abs(float(c.checksum) - float(ref.checksum)) <= tol * abs(float(ref.checksum))
            if foreign and on_device(c) and (close or how == "rounding" or group == "mandelbrot"):
                c.status = "warn"
                c.detail += " (differs from %s: FMA contraction, not a parjit mismatch)" % ref.checksum
            else:
                c.status = "FAIL"
                c.detail += " (MISMATCH: %s prints %s)" % (ref.what, ref.checksum)
    order = {"FAIL": 0, "warn": 1, "skip": 2, "ok": 3}
    for c in checks:
        print("- %s %s%s" % (c.status, c.what, ": " + c.detail if c.detail else ""))
    counts = {s: sum(1 for c in checks if c.status == s) for s in order}
    print()
    print("checks: %d ok, %d warnings, %d skipped, %d failed" % (counts["ok"], counts["warn"], counts["skip"], counts["FAIL"]))
    if counts["FAIL"]:
        print()
        for c in checks:
            if c.status == "FAIL":
                print("FAILED: %s: %s" % (c.what, c.detail))
                print("FAILED: %s: %s" % (c.what, c.detail), file=sys.stderr)
    return 1 if counts["FAIL"] else 0


# ---- the benchmark ----

def rate(kernel, size, secs):
    """(value, unit) of a kernel's throughput."""
    if kernel == "triad":
        return 3 * 8 * size / secs / 1e9, "GB/s"
    if kernel == "mandelbrot":
        return size * size / secs / 1e6, "Mpixel/s"
    if kernel == "nbody":
        return 3.0 * size * size / secs / 1e9, "G interactions/s"
    if kernel == "matmul":
        return 2.0 * size ** 3 / secs / 1e9, "GFLOP/s"
    return 2 * 8 * size / secs / 1e9, "GB/s"  # copy


def run_benchmark(args, parjit, kernels, cuda_line):
    sizes = dict(QUICK if args.quick else SIZES)
    nthreads = args.threads or len(os.sched_getaffinity(0))
    cands = python_candidates(args.python)
    numba_py, numba_what = find_python(cands, NUMBA_PROBE, real_env())
    cupy_py, cupy_what = find_python(cands, CUPY_PROBE, real_env())

    info = machine_info("c++", parjit)
    info = [l for l in info if not l.startswith("C++")]
    info.append("GPU (parjit info): " + cuda_line)
    smi = tool("nvidia-smi")
    if smi:
        rc, out, _ = run_cmd([smi, "--query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem",
                              "--format=csv,noheader"])
        if rc == 0 and out.strip():
            info.append("nvidia-smi: " + one_line(out.strip().splitlines()[0], 200))
    info.append("numba.cuda: " + ("%s (%s)" % (numba_what, numba_py) if numba_py else "skipped: " + numba_what))
    info.append("CuPy: " + ("%s (%s)" % (cupy_what, cupy_py) if cupy_py else "skipped: " + cupy_what))
    info.append("CPU columns: parjit run --threads %d, in the first %d round(s)" % (nthreads, args.cpu_reps)
                if not args.no_cpu else "CPU columns: skipped (--no-cpu)")
    info.append("sizes: " + ", ".join("%s %s" % (k, SIZE_TEXT[k] % sizes[k]) for k in kernels)
                + (" (--quick)" if args.quick else ""))
    for line in info:
        print(line)
    print()

    # Columns: (key, label, kind, extra).
    columns = [("offload", "parjit offload", "pj", ("offload", [])), ("kernel", "parjit kernel", "pj", ("kernel", []))]
    for v in args.variant:
        flags = v.split()
        columns += [("offload " + v, "parjit offload " + v, "pj", ("offload", flags)),
                    ("kernel " + v, "parjit kernel " + v, "pj", ("kernel", flags))]
    columns += [("numba", "numba.cuda", "numba", None), ("cupy", "CuPy RawKernel", "cupy", False),
                ("cupy_lib", "CuPy library", "cupy", True), ("cpu", "CPU (parjit, %d threads)" % nthreads, "cpu", None)]
    pj_run = [parjit, "run", "--no-cache", "--time-passes"]
    groups = (["copy"] if "triad" in kernels else []) + kernels
    sizes["copy"] = sizes["triad"] if "triad" in kernels else 0
    copy_cols = [("copy_parjit", "parjit kernel", [parjit, "run", "--no-cache", "bench/gpu/copy_kernel.py"], base_env())]
    if numba_py:
        copy_cols.append(("copy_numba", "numba copy_to_device", [numba_py, "bench/gpu/reference/copy_numba.py"], real_env()))
    if cupy_py:
        copy_cols.append(("copy_cupy", "CuPy copyto", [cupy_py, "bench/gpu/reference/copy_cupy.py"], real_env()))

    results = {g: {} for g in groups}
    runs = {g: [] for g in groups}  # (key, cmd, env, cpu)
    skipped = {g: {} for g in groups}  # key -> why
    for g in groups:
        size = str(sizes[g])
        if g == "copy":
            for key, _, cmd, env in copy_cols:
                results[g][key] = Result()
                runs[g].append((key, cmd + [size], env, False))
            continue
        for key, _, kind, extra in columns:
            results[g][key] = Result()
            if kind == "pj":
                form, flags = extra
                runs[g].append((key, pj_run + flags + ["bench/gpu/%s_%s.py" % (g, form), size], base_env(), False))
            elif kind == "numba":
                if numba_py:
                    runs[g].append((key, [numba_py, "bench/gpu/reference/%s_numba.py" % g, size], real_env(), False))
                else:
                    skipped[g][key] = "no numba.cuda"
            elif kind == "cupy":
                if extra and g not in CUPY_LIB:
                    skipped[g][key] = None  # no such column for this kernel
                elif cupy_py:
                    runs[g].append((key, [cupy_py, "bench/gpu/reference/%s_cupy.py" % g, size] + (["--lib"] if extra else []),
                                    real_env(), False))
                else:
                    skipped[g][key] = "no CuPy"
            else:
                if args.no_cpu:
                    skipped[g][key] = "--no-cpu"
                else:
                    runs[g].append((key, pj_run + ["--threads", str(nthreads), CPU_SCRIPTS[g], size], base_env(), True))

    for rnd in range(args.reps):
        for g in groups:
            for key, cmd, env, cpu in runs[g]:
                res = results[g][key]
                if res.failed() or (cpu and rnd >= args.cpu_reps):
                    continue
                print("round %d/%d: %-10s %s" % (rnd + 1, args.reps, g, key), file=sys.stderr, flush=True)
                run_program(cmd, "copy" if g == "copy" else g, args.timeout, res, env=env)

    # The copy bandwidth: the best of the copies measured.
    copy_bw, copy_how = None, None
    if "copy" in groups:
        parts = []
        for key, label, _, _ in copy_cols:
            r = results["copy"][key]
            if r.seconds:
                bw = rate("copy", sizes["copy"], r.seconds)[0]
                parts.append("%s %.4g GB/s" % (label, bw))
                if copy_bw is None or bw > copy_bw:
                    copy_bw, copy_how = bw, label
            else:
                parts.append("%s: %s" % (label, cell_time(r)))
        print("Device-to-device copy of %d float64 (2 x 8 bytes per element: read and written): %s; yardstick: %s"
              % (sizes["copy"], "; ".join(parts), "%.4g GB/s (%s)" % (copy_bw, copy_how) if copy_bw else "none measured"))
        print()

    # Checksums: against parjit's explicit kernel (else the first there is).
    notes, mismatches = [], []
    for g in groups:
        rs = results[g]
        ref_key = next((k for k in (["kernel", "offload", "cpu"] if g != "copy" else list(rs)) if k in rs and rs[k].checksum), None)
        if ref_key is None:
            continue
        ref = rs[ref_key].checksum
        for key, res in rs.items():
            if res.checksum is None or key == ref_key:
                continue
            how = checksums_agree(ref, res.checksum)
            if how == "same":
                continue
            line = "%s: %s prints %s, %s prints %s" % (g, key, res.checksum, ref_key, ref)
            parjit_col = key.startswith("offload") or key.startswith("kernel") or key in ("cpu", "copy_parjit")
            tol = FMA_TOLERANCE.get(g)
            close = how == "rounding" or (tol is not None and abs(float(res.checksum) - float(ref)) <= tol * abs(float(ref)))
            if parjit_col and not close:
                mismatches.append(line)
            elif parjit_col:
                notes.append(line + " (last digits)")
            else:
                notes.append(line + (" (FMA contraction: within %g)" % tol if close and tol else
                                     " (numba.cuda and CuPy contract a*b+c into FMAs; not a parjit MISMATCH)"))

    def col(key):
        return next(c for c in columns if c[0] == key)

    shown = [c for c in columns if any(g != "copy" and skipped[g].get(c[0], "") is not None for g in kernels)]
    headers = ["kernel", "size"] + ["%s s" % c[1] for c in shown]
    pj_keys = [c[0] for c in shown if c[2] == "pj"]
    have_numba = any(c[0] == "numba" for c in shown)
    if have_numba:
        headers += ["numba/%s" % col(k)[1] for k in pj_keys]
    headers += ["JIT compile ms (offload / kernel)", "checksum"]
    print("Times: seconds, best over %d round(s) of best-of-5 calls; numba/X = numba.cuda time / X's time (goal >= %.1f)."
          % (args.reps, RATIO_GOAL))
    print()
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for g in kernels:
        rs = results[g]
        row = [g, SIZE_TEXT[g] % sizes[g]]
        for key, _, _, _ in shown:
            row.append("n/a" if key in skipped[g] else cell_time(rs[key]))
        if have_numba:
            row += [cell_ratio(rs["numba"], rs[k], at_least=RATIO_GOAL) for k in pj_keys]
        row.append("%s / %s" % (median_compile_ms([rs["offload"]]), median_compile_ms([rs["kernel"]])))
        chk = next((rs[k].checksum for k in ["kernel", "offload", "cpu", "numba", "cupy"] if k in rs and rs[k].checksum), None)
        if any(m.startswith(g + ":") for m in mismatches):
            chk = "**MISMATCH**"
        row.append(chk or "n/a")
        print("| " + " | ".join(row) + " |")
    print()
    print("parjit offload: bench/gpu/NAME_offload.py (prange, target=\"cuda\"); parjit kernel: bench/gpu/NAME_kernel.py "
          "(@cuda.jit); numba.cuda and CuPy RawKernel: the same kernel (bench/gpu/reference/); CuPy library: "
          "ElementwiseKernel (triad), cupy.matmul = cuBLAS (matmul); CPU: %s." % ", ".join(
              "%s %s" % (k, CPU_SCRIPTS[k]) for k in kernels))
    print()

    headers = ["kernel", "unit"] + [c[1] for c in shown]
    print("Throughput (triad: bytes of a, b and c over the time, and %% of the copy bandwidth; goal >= %d%% for parjit):"
          % round(TRIAD_GOAL * 100))
    print()
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for g in kernels:
        rs = results[g]
        unit = rate(g, sizes[g], 1.0)[1]
        row = [g, unit]
        for key, _, kind, _ in shown:
            r = rs[key]
            if key in skipped[g] or not r.seconds:
                row.append("n/a")
                continue
            v = rate(g, sizes[g], r.seconds)[0]
            cell = "%.4g" % v
            if g == "triad" and copy_bw:
                pct = v / copy_bw
                cell += " (%.0f%%%s)" % (100 * pct, ", goal %d%%" % round(TRIAD_GOAL * 100)
                                         if kind == "pj" and pct < TRIAD_GOAL else "")
            row.append(cell)
        print("| " + " | ".join(row) + " |")

    # Host<->device copies per repetition, on the mock driver (kernels do not run there).
    mock = os.path.join(os.path.dirname(os.path.dirname(parjit)), "lib", "libparjit_mock_cuda.so")
    transfers = []
    if os.path.exists(mock):
        tmp = tempfile.mkdtemp(prefix="parjit-gpubench-")
        try:
            for g, script in parjit_scripts(kernels):
                c = check_transfers(Check(g, script), parjit, mock, script, QUICK.get(g, QUICK["triad"]), tmp)
                if c.status != "ok":
                    transfers.append("%s: %s" % (script, c.detail))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    late = ["%s %s: %s" % (g, key, res.error) for g in groups for key, res in results[g].items()
            if res.error and res.seconds is not None]
    why_skipped = sorted(set("%s: %s" % (key, why) for g in kernels for key, why in skipped[g].items() if why))
    if late or notes or why_skipped or transfers:
        print()
        for line in why_skipped:
            print("note: skipped " + line)
        for line in late + notes:
            print("note: " + line)
        for line in transfers:
            print("note: host<->device copies (mock driver) " + line)
    if mismatches:
        print()
        for line in mismatches:
            print("MISMATCH: " + line)
            print("MISMATCH: " + line, file=sys.stderr)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parjit", default=os.path.join(ROOT, "build", "bin", "parjit"))
    ap.add_argument("--reps", type=int, default=3, help="rounds of every GPU program, interleaved (default 3)")
    ap.add_argument("--kernels", default=",".join(KERNELS), help="comma-separated subset of " + ",".join(KERNELS))
    ap.add_argument("--quick", action="store_true", help="tiny sizes (the --check sizes): a smoke test")
    ap.add_argument("--check", action="store_true", help="only the checks that need no GPU (see above); exit 1 on a failure")
    ap.add_argument("--python", default=None,
                    help="the Python for numba.cuda, CuPy and the simulator (default: the first of this one, "
                         "python3 on PATH and /usr/bin/python3 that can)")
    ap.add_argument("--threads", type=int, default=0, help="threads of the CPU columns (default: every CPU this process may use)")
    ap.add_argument("--cpu-reps", type=int, default=1, help="rounds that include the CPU columns (default 1)")
    ap.add_argument("--no-cpu", action="store_true", help="skip the CPU columns")
    ap.add_argument("--variant", action="append", default=[],
                    help="extra parjit columns: `parjit run` flags for both parjit scripts, e.g. --variant=--fastmath "
                         "or --variant=--boundscheck=off (repeatable)")
    ap.add_argument("--ptxas", default=None, help="ptxas for --check (default: on PATH, else /usr/local/cuda/bin/ptxas)")
    ap.add_argument("--nvcc", default=None, help="nvcc for --check (default: on PATH, else /usr/local/cuda/bin/nvcc)")
    ap.add_argument("--timeout", type=int, default=300, help="seconds per program run (default 300)")
    args = ap.parse_args()
    kernels = [k for k in args.kernels.split(",") if k]
    for k in kernels:
        if k not in KERNELS:
            ap.error("unknown kernel '%s'" % k)
    if args.reps < 1 or args.threads < 0 or args.cpu_reps < 0:
        ap.error("--reps must be positive, --threads and --cpu-reps not negative")
    parjit = os.path.abspath(args.parjit)
    if not os.access(parjit, os.X_OK):
        print("%s not found: build parjit first (tools/dev.sh)" % os.path.relpath(parjit, ROOT))
        return 1 if args.check else 0

    has_device, cuda_line = parjit_cuda(parjit)
    if args.check:
        return run_check(args, parjit, kernels, has_device)
    if not has_device:
        print("No CUDA device (parjit info: %s): nothing to time. Running the checks instead." % cuda_line)
        print()
        run_check(args, parjit, kernels, has_device)
        return 0
    return run_benchmark(args, parjit, kernels, cuda_line)


if __name__ == "__main__":
    sys.exit(main())
