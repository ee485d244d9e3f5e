#!/usr/bin/env python3
"""End-to-end tests: parjit must print what CPython prints.

For every examples/*.py and test/e2e/*.py, runs the CPython reference
(/usr/bin/python3 with SRCROOT/dsl on PYTHONPATH) and `PARJIT run FILE`, and
requires the same stdout and exit code 0 from both.

Every test/e2e/parallel/*.py runs under parjit with --threads 1, 2, 3 and 7
under both threading layers (PARJIT_THREADING_LAYER=tbb and omp): the eight
outputs must be identical (parallel reductions are deterministic) and equal
to CPython's, unless the file holds the line
`# e2e: parallel float sums differ from serial`, for programs whose float
reductions are combined chunk by chunk and so round differently from a
serial loop.

Every program runs in its own scratch directory, which holds copies of the
files in test/e2e/data/ (.npy files written by NumPy).

Every test/e2e/cuda/*.py (CUDA kernels) runs under CPython in the CUDA
simulator of dsl/parjit/cuda.py; its PTX is generated for sm_80 and sm_90
and assembled by ptxas; parjit runs it only where `parjit info` finds a CUDA
device (the report says when the run was skipped, and why).

For every test/e2e/errors/*.py, NAME.expected holds two lines:

    stderr: <the last line CPython and parjit write to stderr>
    exit: <parjit's exit code>

CPython must exit 1 with that last stderr line; parjit must exit with the
given code and the same last stderr line; their stdout (what was printed
before the error) must match too.

Usage: run_e2e.py --parjit PATH --root SRCROOT [--filter SUBSTR] [-j N]
"""

import argparse
import concurrent.futures
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PYTHON = "/usr/bin/python3"
TIMEOUT_S = 60


class Outcome:
    def __init__(self, name, ok, detail=""):
        self.name = name
        self.ok = ok
        self.detail = detail


def run(cmd, env, root):
    """Run cmd in a fresh scratch directory holding copies of test/e2e/data/*
    (so that programs can write files, and read files NumPy wrote);
    return (exit code, stdout, stderr). Exit code None on timeout."""
    with tempfile.TemporaryDirectory(prefix="parjit-e2e-") as cwd:
        for f in sorted((Path(root) / "test" / "e2e" / "data").glob("*")):
            shutil.copy(f, cwd)
        return run_in(cmd, env, cwd)


def run_in(cmd, env, cwd):
    try:
        p = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, timeout=TIMEOUT_S)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        return p.returncode, out, err
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err = (e.stderr or b"").decode("utf-8", "replace")
        return None, out, err + "\n<timed out after %d s>" % TIMEOUT_S


def describe_code(code):
    if code is None:
        return "timeout"
    if code < 0:
        return "signal %d" % -code
    return "exit %d" % code


def last_line(text):
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1].rstrip() if lines else ""  # NumPy ends some messages with a space


def diff(expected, actual, name):
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True),
        fromfile=name + " (CPython)", tofile=name + " (parjit)")
    text = "".join(l if l.endswith("\n") else l + "\n\\ No newline at end of file\n" for l in lines)
    return text or "(stdout identical)\n"


def tail(text, n=15):
    return "\n".join(text.splitlines()[-n:])


def read_expected(path):
    want = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition(":")
        if sep:
            want[key.strip()] = value.strip()
    if "stderr" not in want or "exit" not in want:
        raise ValueError("%s needs 'stderr:' and 'exit:' lines" % path)
    return want["stderr"], int(want["exit"])


def check_program(path, name, args, env):
    ref_code, ref_out, ref_err = run([PYTHON, str(path)], env, args.root)
    if ref_code != 0:
        return Outcome(name, False, "CPython reference failed (%s):\n%s" % (describe_code(ref_code), tail(ref_err)))
    code, out, err = run([args.parjit, "run", str(path)], env, args.root)
    problems = []
    if code != 0:
        problems.append("parjit: %s, expected exit 0\n%s" % (describe_code(code), tail(err)))
    if out != ref_out:
        problems.append("stdout differs:\n" + diff(ref_out, out, name))
    return Outcome(name, not problems, "\n".join(problems))


GPU_ARCHS = ["sm_80", "sm_90"]
PTXAS = "/usr/local/cuda/bin/ptxas"


def cuda_device(parjit):
    """The CUDA line of `parjit info`: (True, description) with a device,
    else (False, why not)."""
    proc = subprocess.run([parjit, "info"], capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("CUDA: "):
            desc = line[6:]
            return not desc.startswith("none"), desc
    return False, "parjit info printed no CUDA line"


def check_cuda_program(path, name, args, env):
    """A program with CUDA kernels: the CPython reference runs them in
    dsl/parjit/cuda.py's simulator. Its PTX is generated for every GPU_ARCHS
    entry and assembled by ptxas (when the toolkit is installed); with a
    device, parjit runs it and must print what CPython printed."""
    ref_code, ref_out, ref_err = run([PYTHON, str(path)], env, args.root)
    if ref_code != 0:
        return Outcome(name, False, "CPython reference (simulator) failed (%s):\n%s" % (describe_code(ref_code),
                                                                                      tail(ref_err)))
    problems = []
    for arch in GPU_ARCHS:
        code, ptx, err = run([args.parjit, "emit-ptx", "--gpu-arch", arch, str(path)], env, args.root)
        if code != 0:
            problems.append("parjit emit-ptx --gpu-arch %s: %s\n%s" % (arch, describe_code(code), tail(err)))
            continue
        if not os.access(PTXAS, os.X_OK):
            continue
        with tempfile.TemporaryDirectory(prefix="parjit-ptx-") as d:
            src = os.path.join(d, "k.ptx")
            with open(src, "w") as f:
                f.write(ptx)
            proc = subprocess.run([PTXAS, "-arch=" + arch, src, "-o", os.path.join(d, "k.cubin")],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                problems.append("ptxas -arch=%s rejects the PTX:\n%s" % (arch, tail(proc.stderr)))
    if args.cuda[0]:
        code, out, err = run([args.parjit, "run", str(path)], env, args.root)
        if code != 0:
            problems.append("parjit: %s, expected exit 0\n%s" % (describe_code(code), tail(err)))
        if out != ref_out:
            problems.append("stdout differs:\n" + diff(ref_out, out, name))
    outcome = Outcome(name, not problems, "\n".join(problems))
    outcome.skipped = "" if args.cuda[0] else "run skipped: " + args.cuda[1]
    return outcome


THREADS = [1, 2, 3, 7]
LAYERS = ["tbb", "omp"]
DIFFERS_MARK = "# e2e: parallel float sums differ from serial"


def check_parallel_program(path, name, args, env):
    ref_code, ref_out, ref_err = run([PYTHON, str(path)], env, args.root)
    if ref_code != 0:
        return Outcome(name, False, "CPython reference failed (%s):\n%s" % (describe_code(ref_code), tail(ref_err)))
    compare_cpython = DIFFERS_MARK not in path.read_text()
    problems = []
    first = None
    for layer in LAYERS:
        lenv = dict(env, PARJIT_THREADING_LAYER=layer)
        for t in THREADS:
            how = "%s, --threads %d" % (layer, t)
            code, out, err = run([args.parjit, "run", "--threads", str(t), str(path)], lenv, args.root)
            if code != 0:
                problems.append("parjit (%s): %s, expected exit 0\n%s" % (how, describe_code(code), tail(err)))
                continue
            if first is None:
                first = (how, out)
                if compare_cpython and out != ref_out:
                    problems.append("stdout differs from CPython (%s):\n%s" % (how, diff(ref_out, out, name)))
            elif out != first[1]:
                problems.append("stdout with %s differs from %s:\n%s" % (how, first[0], diff(first[1], out, name)))
    return Outcome(name, not problems, "\n".join(problems))


def check_error_program(path, name, args, env):
    try:
        want_err, want_code = read_expected(path.with_suffix(".expected"))
    except (OSError, ValueError) as e:
        return Outcome(name, False, "bad expectation file: %s" % e)
    problems = []
    ref_code, ref_out, ref_err = run([PYTHON, str(path)], env, args.root)
    if ref_code != 1 or last_line(ref_err) != want_err:
        problems.append("CPython reference does not fail as expected (%s, last stderr line %r, want %r)"
                        % (describe_code(ref_code), last_line(ref_err), want_err))
    code, out, err = run([args.parjit, "run", str(path)], env, args.root)
    if code != want_code:
        problems.append("parjit: %s, expected exit %d\n%s" % (describe_code(code), want_code, tail(err)))
    elif last_line(err) != want_err:
        problems.append("parjit's last stderr line %r, want %r\n%s" % (last_line(err), want_err, tail(err)))
    if out != ref_out:
        problems.append("stdout differs:\n" + diff(ref_out, out, name))
    return Outcome(name, not problems, "\n".join(problems))


def collect(root):
    progs = sorted((root / "examples").glob("*.py")) + sorted((root / "test" / "e2e").glob("*.py"))
    progs = [p for p in progs if p.name != "run_e2e.py"]
    errors = sorted((root / "test" / "e2e" / "errors").glob("*.py"))
    parallel = sorted((root / "test" / "e2e" / "parallel").glob("*.py"))
    cuda = sorted((root / "test" / "e2e" / "cuda").glob("*.py"))
    return ([(p, check_program) for p in progs] + [(p, check_parallel_program) for p in parallel] +
            [(p, check_error_program) for p in errors] + [(p, check_cuda_program) for p in cuda])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parjit", required=True, help="the parjit executable")
    ap.add_argument("--root", required=True, help="the source root (holds dsl/, examples/, test/)")
    ap.add_argument("--filter", default="", help="run only tests whose path contains SUBSTR")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="tests run at once (default 2)")
    ap.add_argument("--threads", default=",".join(map(str, THREADS)),
                    help="thread counts for the parallel programs (default %(default)s)")
    ap.add_argument("--layers", default=",".join(LAYERS), help="threading layers (default %(default)s)")
    args = ap.parse_args()
    args.root = Path(args.root).resolve()
    THREADS[:] = [int(t) for t in args.threads.split(",") if t]
    LAYERS[:] = [l for l in args.layers.split(",") if l]
    args.parjit = str(Path(args.parjit).resolve())
    if not os.access(args.parjit, os.X_OK):
        print("run_e2e.py: error: %s is not an executable" % args.parjit, file=sys.stderr)
        return 2

    env = dict(os.environ)
    env["PYTHONPATH"] = str(args.root / "dsl")
    # A fresh compile cache for this run: the first run of a program fills it,
    # the later runs of a parallel program (8 of them) read from it.
    cache_dir = tempfile.mkdtemp(prefix="parjit-e2e-cache-")
    env["PARJIT_CACHE_DIR"] = cache_dir
    env["PYTHONHASHSEED"] = "0"
    env.pop("PYTHONWARNINGS", None)

    args.cuda = cuda_device(args.parjit)
    tests = [(p, check) for p, check in collect(args.root) if args.filter in str(p.relative_to(args.root))]
    passed = failed = 0
    skipped = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(check, p, str(p.relative_to(args.root)), args, env) for p, check in tests]
        for fut in futures:  # in submission order, so the report is stable
            res = fut.result()
            if getattr(res, "skipped", ""):
                skipped.append("%s (%s)" % (res.name, res.skipped))
            if res.ok:
                passed += 1
            else:
                failed += 1
                print("FAIL: %s\n%s\n" % (res.name, res.detail.rstrip()), flush=True)
    shutil.rmtree(cache_dir, ignore_errors=True)
    for s in skipped:
        print("partly skipped: " + s)
    print("e2e: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not tests else 0


if __name__ == "__main__":
    sys.exit(main())
