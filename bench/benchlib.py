"""Helpers shared by the benchmark runners bench/run.py (serial suite),
bench/parallel.py (parallel suite) and bench/array.py (array programming).

Every benchmark program prints one line `NAME BEST_SECONDS CHECKSUM`; parjit
run with --time-passes also prints `parjit: <stage> <ms> ms` lines on stderr.
run_program() folds one run into a Result (best time over runs, the checksum,
the first error, the JIT compile time by stage); the cell_* functions format
Results as markdown table cells.
"""
import os
import re
import statistics
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
STAGE_RE = re.compile(r"^parjit:\s+(\S+)\s+([0-9.]+)\s+ms\s*$")
# Variables that choose thread counts and threading layers: cleared by
# base_env(), then set per run.
THREAD_VARS = ["OMP_NUM_THREADS", "PARJIT_NUM_THREADS", "PARJIT_THREADING_LAYER", "NUMBA_NUM_THREADS"]


class Result:
    """The outcome of one program over all rounds."""

    def __init__(self):
        self.seconds = None  # best over rounds
        self.checksum = None  # the string printed, from the first good run
        self.error = None  # the first error seen, one line
        self.compile_ms = []  # per run: total JIT compile time
        self.stages = []  # per run: {stage: ms}

    def add_time(self, secs, checksum):
        if self.seconds is None or secs < self.seconds:
            self.seconds = secs
        if self.checksum is None:
            self.checksum = checksum
        elif checksum != self.checksum:
            self.error = self.error or "checksum varies between runs: %s vs %s" % (self.checksum, checksum)

    def failed(self):
        """True once a run has failed and none has succeeded: not worth repeating."""
        return self.seconds is None and self.error is not None


def base_env():
    """This process's environment without THREAD_VARS."""
    env = dict(os.environ)
    for v in THREAD_VARS:
        env.pop(v, None)
    return env


def build_cxx(cmd):
    """Runs a C++ compiler command line: None if it succeeds, else why not (one line)."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        return "g++ failed: %s" % e
    return None if p.returncode == 0 else "g++ failed: " + one_line(p.stderr)


def one_line(text, limit=100):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def last_error_line(stderr):
    """The most telling stderr line: the first compile error (and how many there
    are), else the last line that is not a timing line (a traceback's exception)."""
    errors = [l for l in stderr.splitlines() if "error:" in l]
    if errors:
        more = " (+%d more errors)" % (len(errors) - 1) if len(errors) > 1 else ""
        return errors[0] + more
    lines = [l for l in stderr.splitlines() if l.strip() and not STAGE_RE.match(l)]
    return lines[-1] if lines else ""


def run_program(cmd, name, timeout, res, env=None):
    """Runs one program (with environment env, default this process's) and
    folds its `NAME SECONDS CHECKSUM` line into res."""
    try:
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        res.error = res.error or "timed out after %d s" % timeout
        return
    except OSError as e:
        res.error = res.error or str(e)
        return
    stages = {}
    for line in p.stderr.splitlines():
        m = STAGE_RE.match(line)
        if m:
            stages[m.group(1)] = stages.get(m.group(1), 0.0) + float(m.group(2))
    if p.returncode != 0:
        res.error = res.error or "exit %d: %s" % (p.returncode, one_line(last_error_line(p.stderr)))
        return
    m = None
    for line in p.stdout.splitlines():
        mm = re.match(r"^%s\s+(\S+)\s+(\S+)\s*$" % re.escape(name), line)
        if mm:
            m = mm
    if not m:
        res.error = res.error or "no '%s SECONDS CHECKSUM' line in output: %s" % (name, one_line(p.stdout))
        return
    try:
        secs = float(m.group(1))
        float(m.group(2))
    except ValueError:
        res.error = res.error or "unparsable output line: %s" % one_line(m.group(0))
        return
    res.add_time(secs, m.group(2))
    if stages:
        res.stages.append(stages)
        res.compile_ms.append(sum(stages.values()))


def is_int_literal(text):
    return re.match(r"^-?[0-9]+$", text) is not None


def checksums_agree(a, b):
    """"same"; "rounding" (floats equal to 12 digits: worth a note, not an
    alarm); or "mismatch". Integer checksums must be identical."""
    if a == b:
        return "same"
    if is_int_literal(a) and is_int_literal(b):
        return "same" if int(a) == int(b) else "mismatch"
    try:
        x, y = float(a), float(b)
    except ValueError:
        return "mismatch"
    if x == y:
        return "same"
    if abs(x - y) <= 1e-12 * max(abs(x), abs(y)):
        return "rounding"
    return "mismatch"


def compare_checksums(kernel, results, ref_key, is_parjit,
                      rounding_note=lambda key: "a float sum in another order: last digits"):
    """Compares the checksum of every Result in results (a dict key -> Result)
    with results[ref_key]'s. Returns (notes, mismatches), lists of lines:
    float checksums equal to 12 digits are notes (with rounding_note(key) as
    the likely cause), as are differences of columns for which is_parjit(key)
    is false; other differences are mismatches."""
    notes, mismatches = [], []
    ref = results[ref_key]
    for key, res in results.items():
        if key == ref_key or ref.checksum is None or res.checksum is None:
            continue
        how = checksums_agree(ref.checksum, res.checksum)
        if how == "same":
            continue
        line = "%s: %s prints %s, C++ (%s) prints %s" % (kernel, key, res.checksum, ref_key, ref.checksum)
        if how == "rounding":
            notes.append(line + " (%s)" % rounding_note(key))
        elif is_parjit(key):
            mismatches.append(line)
        else:
            notes.append(line + " (not parjit: not a parjit MISMATCH)")
    return notes, mismatches


def cell_time(res):
    if res.error and res.seconds is None:
        return "ERROR: " + res.error.replace("|", "\\|")
    return "%.4g" % res.seconds


def cell_ratio(num, den, at_least=None, at_most=None):
    """num.seconds / den.seconds as "1.23x", marked "(goal ...)" when below
    at_least or above at_most; "n/a" without both times."""
    if num.seconds is None or den.seconds is None or den.seconds <= 0:
        return "n/a"
    r = num.seconds / den.seconds
    goal = at_least if at_least is not None and r < at_least else at_most if at_most is not None and r > at_most else None
    return "%.2fx (goal %.2gx)" % (r, goal) if goal is not None else "%.2fx" % r


def median_compile_ms(results):
    """Median total JIT compile time over every run of the given Results."""
    runs = [ms for res in results for ms in res.compile_ms]
    return "%.1f" % statistics.median(runs) if runs else "n/a"


def stage_table(rows, stages):
    """Markdown lines: the median ms of each stage per row; rows is a list of
    (label, [per-run {stage: ms}])."""
    lines = ["| kernel | " + " | ".join(s + " ms" for s in stages) + " |",
             "|---|" + "|".join("---" for _ in stages) + "|"]
    for label, runs in rows:
        if not runs:
            lines.append("| %s |" % label + " n/a |" * len(stages))
            continue
        cells = []
        for s in stages:
            vals = [run.get(s) for run in runs if s in run]
            cells.append("%.1f" % statistics.median(vals) if vals else "n/a")
        lines.append("| %s | %s |" % (label, " | ".join(cells)))
    return lines


def machine_info(cxx, parjit):
    info = []
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = re.search(r"^Model name:\s*(.+)$", out, re.M)
        cpus = re.search(r"^CPU\(s\):\s*(.+)$", out, re.M)
        info.append("CPU: %s, %s CPUs" % (model.group(1).strip() if model else "?", cpus.group(1).strip() if cpus else "?"))
    except OSError:
        pass
    try:
        info.append("C++: " + subprocess.run([cxx, "--version"], capture_output=True, text=True).stdout.splitlines()[0])
    except (OSError, IndexError):
        info.append("C++: %s not found" % cxx)
    try:
        p = subprocess.run([parjit, "--version"], capture_output=True, text=True, timeout=60)
        info.append("parjit: " + (p.stdout.strip() or one_line(p.stderr)))
    except (OSError, subprocess.TimeoutExpired) as e:
        info.append("parjit: unavailable (%s)" % e)
    return info


def parjit_layer_info(parjit, layer):
    """The `threading layer: ...` line of `parjit info` under PARJIT_THREADING_LAYER=layer."""
    env = base_env()
    env["PARJIT_THREADING_LAYER"] = layer
    try:
        p = subprocess.run([parjit, "info"], capture_output=True, text=True, timeout=60, env=env)
        lines = [l for l in p.stdout.splitlines() if l.startswith("threading layer")]
        if p.returncode != 0 or not lines:
            return "parjit %s layer: %s" % (layer, one_line(p.stderr or p.stdout) or "exit %d" % p.returncode)
        return "parjit " + lines[0]
    except (OSError, subprocess.TimeoutExpired) as e:
        return "parjit %s layer: unavailable (%s)" % (layer, e)
