#!/usr/bin/python3
"""Regenerates test/unit/random_cases.inc, the numbers RandomTest.cpp expects,
from NumPy's legacy global RandomState (np.random).

Run with the NumPy the runtime must match (1.24.2):
    /usr/bin/python3 test/unit/gen_random_cases.py

Each script starts with np.random.seed and runs a sequence of calls; every
call's results (a scalar, or a size= array in C order) are recorded bit for
bit, and a call NumPy refuses records its exception instead.
"""
import math
import os
import random
import struct

import numpy as np

assert np.__version__ == '1.24.2', np.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'random_cases.inc')
R = np.random
I64_MIN, I64_MAX = -2 ** 63, 2 ** 63 - 1

RANDINT_RANGES = [
    (0, 1), (-5, 5), (0, 10), (0, 3), (5, 6), (0, 2 ** 40), (-2 ** 63, 2 ** 63 - 1), (0, 2 ** 32 - 1),
    (0, 2 ** 32), (0, 2 ** 32 + 1), (0, 2 ** 32 + 2), (-2 ** 31, 2 ** 31), (2 ** 62, 2 ** 63 - 1),
    (-2 ** 63, -2 ** 63 + 1), (-2 ** 63, 0), (-1000, 1000), (1, 2 ** 33 + 1), (7, 100), (-2 ** 40, 2 ** 41),
]
UNIFORM_PARAMS = [(0.0, 1.0), (1.0, 0.0), (5.0, 5.0), (-1e300, 1e300), (-3.0, 7.5), (1e-300, 2e-300),
                  (-0.0, 0.0), (0.0, -0.0), (100.0, 100.5), (-2.5, -1.25)]
NORMAL_PARAMS = [(0.0, 1.0), (10.0, 0.0), (0.0, math.nan), (0.0, -math.nan), (math.nan, 1.0), (-5.0, 1e-10),
                 (1e308, 1e308), (math.inf, 1.0), (3.0, 2.5), (-1.5, 0.125)]


def shape_of(rng, n):
    """A size= argument with n elements: n, (n,), or a 2-d or 3-d factorization."""
    divs = [d for d in range(1, n + 1) if n % d == 0]
    d = rng.choice(divs)
    e = rng.choice([k for k in range(1, n // d + 1) if (n // d) % k == 0])
    return rng.choice([n, (n,), (d, n // d), (d, e, n // d // e)])


class Script:
    """One seed and its calls; runs each call on NumPy as it is added."""

    def __init__(self, name, seed):
        self.name, self.ops, self.values = name, [], []
        self.seed(seed)

    def _run(self, op, call, n=0, a=0.0, b=0.0, lo=0, hi=0):
        try:
            res = call()
        except (ValueError, OverflowError) as e:
            self.ops.append((op, n, a, b, lo, hi, type(e).__name__, str(e)))
            return
        self.ops.append((op, n, a, b, lo, hi, None, None))
        if res is None:
            return
        arr = np.asarray(res).reshape(-1)
        assert arr.size == (n if op.startswith('Fill') else 1), (op, arr.size, n)
        if arr.dtype == np.float64:
            self.values += [struct.unpack('<Q', struct.pack('<d', v))[0] for v in arr.tolist()]
        else:
            assert arr.dtype == np.int64, arr.dtype
            self.values += [v & (2 ** 64 - 1) for v in arr.tolist()]

    def seed(self, s):
        self._run('Seed', lambda: R.seed(s), lo=s)

    def random(self, form=0):
        self._run('Random', [R.random, R.rand, R.random_sample][form % 3])

    def randn(self, form=0):
        self._run('StandardNormal', [R.randn, R.standard_normal][form % 2])

    def uniform(self, a, b):
        self._run('Uniform', lambda: R.uniform(a, b), a=a, b=b)

    def normal(self, a, b):
        self._run('Normal', lambda: R.normal(a, b), a=a, b=b)

    def randint(self, lo, hi):
        self._run('Randint', lambda: R.randint(lo, hi), lo=lo, hi=hi)

    def fill_random(self, n, shape=None):
        shape = n if shape is None else shape
        call = (lambda: R.rand(*shape)) if isinstance(shape, tuple) else (lambda: R.random_sample(shape))
        self._run('FillRandom', call, n=n)

    def fill_randn(self, n, shape=None):
        shape = n if shape is None else shape
        call = (lambda: R.randn(*shape)) if isinstance(shape, tuple) else (lambda: R.standard_normal(shape))
        self._run('FillStandardNormal', call, n=n)

    def fill_uniform(self, n, a, b, shape=None):
        self._run('FillUniform', lambda: R.uniform(a, b, size=n if shape is None else shape), n=n, a=a, b=b)

    def fill_normal(self, n, a, b, shape=None):
        self._run('FillNormal', lambda: R.normal(a, b, size=n if shape is None else shape), n=n, a=a, b=b)

    def fill_randint(self, n, lo, hi, shape=None):
        self._run('FillRandint', lambda: R.randint(lo, hi, size=n if shape is None else shape), n=n, lo=lo, hi=hi)


# ---- scripts for one behaviour each -----------------------------------------
def targeted():
    out = []
    for s in [0, 1, 42, 2 ** 31, 2 ** 32 - 1, 123456789]:
        sc = Script('seed_%d' % s, s)
        for k in range(5):
            sc.random(k)
        for k in range(5):
            sc.randn(k)
        sc.fill_random(7)
        sc.fill_randn(7)
        sc.randint(0, 100)
        sc.uniform(-1.0, 1.0)
        sc.normal(2.0, 3.0)
        out.append(sc)

    sc = Script('gauss_cache_survives_other_draws', 3)
    sc.randn(), sc.random(), sc.randn(), sc.randint(0, 2 ** 40), sc.randn(), sc.uniform(0.0, 2.0), sc.randn()
    sc.normal(1.0, 2.0), sc.fill_random(3), sc.normal(1.0, 2.0), sc.fill_randint(3, -5, 5), sc.randn()
    out.append(sc)

    sc = Script('fill_odd_normals_leave_cache_for_scalar', 4)
    sc.fill_randn(3), sc.randn(), sc.fill_randn(5), sc.normal(1.0, 2.0), sc.fill_normal(1, 0.0, 1.0), sc.randn()
    sc.randn(), sc.fill_normal(4, -1.0, 0.5), sc.fill_randn(1), sc.random(), sc.fill_randn(2), sc.randn()
    out.append(sc)

    sc = Script('seed_clears_gauss_cache', 5)
    sc.randn(), sc.seed(5), sc.randn(), sc.randn(), sc.randn(), sc.seed(5), sc.fill_randn(3), sc.seed(6), sc.randn()
    out.append(sc)

    sc = Script('randint_scalar_and_fill_consume_alike', 6)
    for lo, hi in [(0, 10), (0, 2 ** 40), (-5, 5), (0, 3)]:
        for _ in range(5):
            sc.randint(lo, hi)
        sc.fill_randint(5, lo, hi)
        sc.random()
    out.append(sc)

    for lo, hi in RANDINT_RANGES:
        sc = Script('randint_%d_%d' % (lo, hi), 7)
        sc.randint(lo, hi), sc.randint(lo, hi), sc.fill_randint(20, lo, hi), sc.randint(lo, hi), sc.random()
        out.append(sc)

    sc = Script('uniform_params', 8)
    for a, b in UNIFORM_PARAMS:
        sc.uniform(a, b), sc.fill_uniform(3, a, b)
    out.append(sc)

    sc = Script('normal_params', 9)
    for a, b in NORMAL_PARAMS:
        sc.normal(a, b), sc.fill_normal(3, a, b)
    out.append(sc)

    sc = Script('errors_draw_nothing', 10)
    sc.randn()
    for bad in [-1, 2 ** 32, I64_MAX, I64_MIN]:
        sc.seed(bad)
    sc.randn()  # still the cached value: a refused seed changes nothing
    sc.normal(0.0, -1.0), sc.normal(0.0, -0.0), sc.normal(0.0, -math.inf), sc.fill_normal(3, 0.0, -2.0), sc.randn()
    for a, b in [(0.0, math.inf), (math.nan, 1.0), (-1e308, 1e308), (math.inf, math.inf)]:
        sc.uniform(a, b), sc.fill_uniform(3, a, b)
    for lo, hi in [(0, 0), (0, -1), (5, 5), (1, 0), (-1, -1), (-3, -5), (I64_MAX, I64_MIN)]:
        sc.randint(lo, hi), sc.fill_randint(2, lo, hi)
    sc.random(), sc.randn()
    out.append(sc)

    sc = Script('empty_fills', 11)
    sc.fill_randn(0), sc.fill_random(0), sc.fill_randint(0, 0, 2 ** 40), sc.fill_uniform(0, 0.0, 1.0)
    sc.fill_normal(0, 0.0, 1.0), sc.randn()
    out.append(sc)

    sc = Script('crosses_twist_boundaries', 12)
    sc.fill_random(700), sc.fill_randint(300, 0, 2 ** 40), sc.fill_randn(301), sc.randn(), sc.random()
    sc.fill_randint(700, -2 ** 63, 2 ** 63 - 1), sc.fill_uniform(333, -4.0, 4.0), sc.randint(0, 2 ** 32 + 2)
    out.append(sc)

    sc = Script('shaped_fills', 13)
    sc.fill_random(12, (3, 4)), sc.fill_randn(12, (2, 3, 2)), sc.fill_randint(12, 0, 10, (4, 3))
    sc.fill_uniform(6, 1.0, 2.0, (2, 3)), sc.fill_normal(6, 0.0, 3.0, (3, 2))
    out.append(sc)
    return out


# ---- random interleavings ----------------------------------------------------
def random_script(rng, k):
    seed = rng.choice([rng.randrange(2 ** 32), rng.randrange(1000)])
    sc = Script('interleaved_%d' % k, seed)
    for _ in range(rng.randint(10, 30)):
        n = rng.choice([1, 2, 3, 5, 8, 13, 24])
        shape = shape_of(rng, n)
        lo, hi = rng.choice(RANDINT_RANGES + [(rng.randint(-10 ** 6, 0), rng.randint(1, 10 ** 6))])
        a, b = rng.choice(UNIFORM_PARAMS[:6])
        loc, scale = rng.choice(NORMAL_PARAMS[:2] + NORMAL_PARAMS[5:6] + NORMAL_PARAMS[8:])
        rng.choice([
            lambda: sc.random(rng.randrange(3)), lambda: sc.randn(rng.randrange(2)), lambda: sc.randn(),
            lambda: sc.uniform(a, b), lambda: sc.normal(loc, scale), lambda: sc.randint(lo, hi),
            lambda: sc.fill_random(n, shape), lambda: sc.fill_randn(n, shape), lambda: sc.fill_uniform(n, a, b, shape),
            lambda: sc.fill_normal(n, loc, scale, shape), lambda: sc.fill_randint(n, lo, hi, shape),
            lambda: sc.seed(rng.randrange(2 ** 32)),
        ])()
    return sc


# ---- C++ output ----------------------------------------------------------------
def cdouble(x):
    if math.isnan(x):
        return '-kNaN' if math.copysign(1.0, x) < 0 else 'kNaN'
    if math.isinf(x):
        return '-kInf' if x < 0 else 'kInf'
    return float.hex(x)


def cint(v):
    return 'INT64_MIN' if v == I64_MIN else '%dll' % v


def cstr(s):
    return 'nullptr' if s is None else '"%s"' % s


def main():
    rng = random.Random(20240611)
    scripts = targeted() + [random_script(rng, k) for k in range(40)]
    ops, values, table = [], [], []
    for sc in scripts:
        table.append('    {"%s", %d, %d, %d},' % (sc.name, len(ops), len(sc.ops), len(values)))
        for op, n, a, b, lo, hi, kind, msg in sc.ops:
            ops.append('    {Op::%s, %d, %s, %s, %s, %s, %s, %s},'
                       % (op, n, cdouble(a), cdouble(b), cint(lo), cint(hi), cstr(kind), cstr(msg)))
        values += sc.values
    with open(OUT, 'w') as f:
        f.write('// Generated by gen_random_cases.py from NumPy %s; do not edit.\n' % np.__version__)
        f.write('const RandomCall kCalls[] = {\n' + '\n'.join(ops) + '\n};\n')
        f.write('const RandomScript kScripts[] = {\n' + '\n'.join(table) + '\n};\n')
        f.write('const uint64_t kValues[] = {\n')
        for i in range(0, len(values), 4):
            f.write('    ' + ' '.join('0x%016xull,' % v for v in values[i:i + 4]) + '\n')
        f.write('};\n')


if __name__ == '__main__':
    main()
