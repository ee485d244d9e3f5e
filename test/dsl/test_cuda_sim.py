"""Tests of parjit.cuda, the pure-Python CUDA simulator of the reference run.

    PYTHONPATH=dsl /usr/bin/python3 -m unittest test/dsl/test_cuda_sim.py
    /usr/bin/python3 test/dsl/test_cuda_sim.py        # finds dsl/ by itself
"""

import os
import sys
import threading
import time
import unittest

_DSL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "dsl")
if _DSL not in sys.path:
    sys.path.insert(0, os.path.normpath(_DSL))

import numpy as np  # noqa: E402

import parjit  # noqa: E402
import parjit.cuda as cudasim  # noqa: E402
from parjit import cuda  # noqa: E402


# Kernels used by several tests -----------------------------------------------

@cuda.jit
def axpy(a, x, y, out):
    i = cuda.grid(1)
    if i < out.shape[0]:
        out[i] = a * x[i] + y[i]


@cuda.jit
def block_sum(x, out):
    tmp = cuda.shared.array(128, np.float64)
    t = cuda.threadIdx.x
    i = cuda.blockIdx.x * cuda.blockDim.x + t
    tmp[t] = x[i] if i < x.shape[0] else 0.0
    cuda.syncthreads()
    s = 128 // 2
    while s > 0:
        if t < s:
            tmp[t] += tmp[t + s]
        cuda.syncthreads()
        s //= 2
    if t == 0:
        cuda.atomic.add(out, 0, tmp[0])


@cuda.jit(device=True)
def twice(x):
    return x * 2


@cuda.jit
def apply_twice(x, out):
    i = cuda.grid(1)
    if i < x.size:
        out[i] = twice(x[i]) + 1


class Indexing(unittest.TestCase):
    def test_grid_1d(self):
        @cuda.jit
        def k(gid, tid, bid, dims):
            i = cuda.grid(1)
            gid[i] = i
            tid[i] = cuda.threadIdx.x
            bid[i] = cuda.blockIdx.x
            dims[i, 0] = cuda.blockDim.x
            dims[i, 1] = cuda.gridDim.x
            dims[i, 2] = cuda.gridsize(1)
            dims[i, 3] = cuda.threadIdx.y + cuda.threadIdx.z + cuda.blockIdx.y + cuda.blockIdx.z

        n = 3 * 32
        gid = np.full(n, -1)
        tid = np.full(n, -1)
        bid = np.full(n, -1)
        dims = np.full((n, 4), -1)
        k[3, 32](gid, tid, bid, dims)
        self.assertEqual(gid.tolist(), list(range(n)))
        self.assertEqual(tid.tolist(), [i % 32 for i in range(n)])
        self.assertEqual(bid.tolist(), [i // 32 for i in range(n)])
        self.assertTrue((dims == [32, 3, 96, 0]).all())

    def test_axpy_partial_last_block(self):
        n = 1000
        x = np.arange(n, dtype=np.float64)
        y = np.ones(n)
        out = np.zeros(n)
        axpy[(n + 127) // 128, 128](2.0, x, y, out)
        np.testing.assert_array_equal(out, 2.0 * x + 1.0)

    def test_grid_2d(self):
        @cuda.jit
        def k(out, info):
            x, y = cuda.grid(2)
            if x < out.shape[1] and y < out.shape[0]:
                out[y, x] = 1000 * y + x
            if x == 0 and y == 0:
                gx, gy = cuda.gridsize(2)
                info[0] = gx
                info[1] = gy
                info[2] = cuda.blockDim.y
                info[3] = cuda.gridDim.y

        out = np.zeros((20, 30), dtype=np.int64)
        info = np.zeros(4, dtype=np.int64)
        k[(4, 3), (8, 8)](out, info)
        ys, xs = np.indices(out.shape)
        np.testing.assert_array_equal(out, 1000 * ys + xs)
        self.assertEqual(info.tolist(), [32, 24, 8, 3])

    def test_grid_3d_and_numpy_int_dims(self):
        @cuda.jit
        def k(out):
            x, y, z = cuda.grid(3)
            out[z, y, x] = 100 * z + 10 * y + x
            tx, ty, tz = cuda.threadIdx
            assert (tx, ty, tz) == (cuda.threadIdx.x, cuda.threadIdx.y, cuda.threadIdx.z)

        out = np.zeros((4, 6, 2), dtype=np.int32)
        k[(np.int64(1), 2, 2), (2, np.int32(3), 2)](out)
        zs, ys, xs = np.indices(out.shape)
        np.testing.assert_array_equal(out, 100 * zs + 10 * ys + xs)

    def test_thread_ids_unique_and_ordered_linear_index(self):
        @cuda.jit
        def k(out):
            t = cuda.threadIdx.x + cuda.threadIdx.y * cuda.blockDim.x
            out[cuda.blockIdx.x, t, 0] = cuda.laneid
            out[cuda.blockIdx.x, t, 1] = cuda.warpsize

        out = np.zeros((2, 96, 2), dtype=np.int64)
        k[2, (48, 2)](out)
        np.testing.assert_array_equal(out[:, :, 0], np.tile(np.arange(96) % 32, (2, 1)))
        self.assertTrue((out[:, :, 1] == 32).all())

    def test_outside_a_kernel(self):
        with self.assertRaisesRegex(RuntimeError, "inside a CUDA kernel"):
            cuda.threadIdx.x
        with self.assertRaisesRegex(RuntimeError, "inside a CUDA kernel"):
            cuda.grid(1)
        with self.assertRaisesRegex(RuntimeError, "inside a CUDA kernel"):
            cuda.syncthreads()
        with self.assertRaisesRegex(RuntimeError, "inside a CUDA kernel"):
            cuda.shared.array(4, np.float64)

    def test_max_threads_per_block(self):
        @cuda.jit
        def k(out):
            s = cuda.shared.array(1024, np.int64)
            t = cuda.threadIdx.x
            s[t] = t
            cuda.syncthreads()
            out[t] = s[1023 - t]

        out = np.zeros(1024, dtype=np.int64)
        k[1, 1024](out)
        np.testing.assert_array_equal(out, np.arange(1023, -1, -1))


class SharedMemory(unittest.TestCase):
    def test_block_sum(self):
        n = 1000
        x = np.arange(n, dtype=np.float64)
        out = np.zeros(1)
        block_sum[(n + 127) // 128, 128](x, out)
        self.assertEqual(out[0], x.sum())

    def test_one_array_per_block_and_call_site(self):
        @cuda.jit
        def k(out):
            a = cuda.shared.array(16, np.int32)
            b = cuda.shared.array((4, 4), dtype=np.int32)
            t = cuda.threadIdx.x
            a[t] = cuda.blockIdx.x * 100 + t
            b[t // 4, t % 4] = -1
            cuda.syncthreads()
            # Every thread sees what the others of its block wrote, in a,
            # which b (another call site) did not overwrite.
            out[cuda.blockIdx.x, t] = a[15 - t]
            for rep in range(3):
                c = cuda.shared.array(16, np.int32)   # the same array each time round
                if rep == 0:
                    c[t] = t
                cuda.syncthreads()
                out[cuda.blockIdx.x, 16 + t] = c[(t + 1) % 16]
                cuda.syncthreads()

        out = np.zeros((3, 32), dtype=np.int64)
        k[3, 16](out)
        for blk in range(3):
            self.assertEqual(out[blk, :16].tolist(), [blk * 100 + 15 - t for t in range(16)])
            self.assertEqual(out[blk, 16:].tolist(), [(t + 1) % 16 for t in range(16)])

    def test_device_function_call_sites_get_their_own_arrays(self):
        @cuda.jit(device=True)
        def stage(v):
            s = cuda.shared.array(8, np.float64)
            s[cuda.threadIdx.x] = v
            cuda.syncthreads()
            r = s[7 - cuda.threadIdx.x]
            cuda.syncthreads()
            return r

        @cuda.jit
        def k(out):
            t = cuda.threadIdx.x
            out[0, t] = stage(t * 1.0)
            out[1, t] = stage(t * 10.0)

        out = np.zeros((2, 8))
        k[1, 8](out)
        self.assertEqual(out[0].tolist(), [7.0 - t for t in range(8)])
        self.assertEqual(out[1].tolist(), [70.0 - 10 * t for t in range(8)])

    def test_shape_and_dtype_forms(self):
        @cuda.jit
        def k(out):
            a = cuda.shared.array((2, 3), "float32")
            b = cuda.shared.array(shape=5, dtype=np.int16)
            c = cuda.local.array((2, 2), np.uint8)
            out[0] = a.size + 10 * a.ndim
            out[1] = b.size
            out[2] = c.size
            out[3] = a.dtype == np.float32 and b.dtype == np.int16 and c.dtype == np.uint8

        out = np.zeros(4, dtype=np.int64)
        k[1, 1](out)
        self.assertEqual(out.tolist(), [26, 5, 4, 1])

    def test_dynamic_shared_memory_and_stream(self):
        @cuda.jit
        def reverse(x, out):
            buf = cuda.shared.array(0, np.float32)
            same = cuda.shared.array(0, np.float32)
            t = cuda.threadIdx.x
            i = cuda.grid(1)
            buf[t] = x[i]
            cuda.syncthreads()
            out[i] = same[cuda.blockDim.x - 1 - t] + buf.size * 1000

        x = np.arange(64, dtype=np.float32)
        out = np.zeros(64, dtype=np.float32)
        s = cuda.stream()
        reverse[2, 32, s, 32 * 4](x, out)
        s.synchronize()
        expect = np.concatenate([x[:32][::-1], x[32:][::-1]]) + 32000
        np.testing.assert_array_equal(out, expect)
        out[:] = 0
        reverse[2, 32, 0, 32 * 4](x, out)
        np.testing.assert_array_equal(out, expect)

    def test_local_arrays_are_per_thread(self):
        @cuda.jit
        def k(out):
            t = cuda.threadIdx.x
            acc = cuda.local.array(8, np.int64)
            for j in range(8):
                acc[j] = t * j
            cuda.syncthreads()
            s = 0
            for j in range(8):
                s += acc[j]
            out[t] = s

        out = np.zeros(64, dtype=np.int64)
        k[1, 64](out)
        np.testing.assert_array_equal(out, np.arange(64) * 28)

    def test_const_array_like_is_read_only(self):
        table = np.arange(4.0)

        @cuda.jit
        def k(out, fail):
            c = cuda.const.array_like(table)
            out[cuda.threadIdx.x] = c[cuda.threadIdx.x] * 2
            if fail:
                c[0] = 1.0

        out = np.zeros(4)
        k[1, 4](out, False)
        np.testing.assert_array_equal(out, table * 2)
        with self.assertRaises(ValueError):
            k[1, 4](out, True)


class Synchronization(unittest.TestCase):
    def test_early_return_does_not_block_the_barrier(self):
        @cuda.jit
        def k(x, out):
            s = cuda.shared.array(64, np.float64)
            t = cuda.threadIdx.x
            if t >= x.shape[0]:
                return
            s[t] = x[t]
            cuda.syncthreads()
            out[t] = s[x.shape[0] - 1 - t]
            cuda.syncthreads()
            out[t] += 1.0

        x = np.arange(40, dtype=np.float64)
        out = np.zeros(40)
        k[1, 64](x, out)
        np.testing.assert_array_equal(out, x[::-1] + 1.0)

    def test_syncthreads_count_and_or(self):
        @cuda.jit
        def k(out):
            t = cuda.threadIdx.x
            out[t, 0] = cuda.syncthreads_count(t % 3 == 0)
            out[t, 1] = cuda.syncthreads_and(t < 100)
            out[t, 2] = cuda.syncthreads_and(t < 10)
            out[t, 3] = cuda.syncthreads_or(t == 17)
            out[t, 4] = cuda.syncthreads_or(t > 1000)

        out = np.zeros((50, 5), dtype=np.int64)
        k[1, 50](out)
        self.assertTrue((out == [17, 1, 0, 1, 0]).all())

    def test_barrier_orders_phases(self):
        # Without the barriers, some thread would read a neighbour's slot
        # before it was written, or after it was overwritten.
        @cuda.jit
        def k(out, rounds):
            s = cuda.shared.array(32, np.int64)
            t = cuda.threadIdx.x
            s[t] = t
            for r in range(rounds):
                cuda.syncthreads()
                v = s[(t + 1) % 32]
                cuda.syncthreads()
                s[t] = v
            cuda.syncthreads()
            out[t] = s[t]

        out = np.zeros(32, dtype=np.int64)
        k[1, 32](out, 10)
        np.testing.assert_array_equal(out, (np.arange(32) + 10) % 32)

    def test_threadfence_and_syncwarp(self):
        @cuda.jit
        def k(out):
            cuda.threadfence()
            cuda.threadfence_block()
            cuda.syncwarp()
            out[cuda.threadIdx.x] = 1

        out = np.zeros(40, dtype=np.int64)
        k[1, 40](out)
        self.assertTrue((out == 1).all())

    def test_barrier_timeout_instead_of_hanging(self):
        @cuda.jit
        def k(flag):
            if cuda.threadIdx.x == 0:
                while flag[0] == 0:      # waits for a write that comes after the barrier
                    cuda.threadfence()
            else:
                cuda.syncthreads()
                flag[0] = 1

        saved = cudasim._SYNC_TIMEOUT_S
        cudasim._SYNC_TIMEOUT_S = 0.5
        try:
            start = time.monotonic()
            with self.assertRaisesRegex(RuntimeError, "timed out"):
                k[1, 4](np.zeros(1, dtype=np.int64))
            self.assertLess(time.monotonic() - start, 10.0)
        finally:
            cudasim._SYNC_TIMEOUT_S = saved


class Atomics(unittest.TestCase):
    def test_histogram(self):
        @cuda.jit
        def hist(x, bins):
            i = cuda.grid(1)
            if i < x.shape[0]:
                cuda.atomic.add(bins, x[i] % bins.shape[0], 1)

        x = np.arange(3000, dtype=np.int64) * 7
        bins = np.zeros(10, dtype=np.int64)
        hist[(3000 + 255) // 256, 256](x, bins)
        np.testing.assert_array_equal(bins, np.bincount(x % 10, minlength=10))

    def test_add_returns_the_old_value(self):
        @cuda.jit
        def k(counter, olds):
            i = cuda.grid(1)
            olds[i] = cuda.atomic.add(counter, 0, 1)

        counter = np.zeros(1, dtype=np.int32)
        olds = np.zeros(512, dtype=np.int64)
        k[4, 128](counter, olds)
        self.assertEqual(counter[0], 512)
        self.assertEqual(sorted(olds.tolist()), list(range(512)))

    def test_ops_and_tuple_index(self):
        @cuda.jit
        def k(a, f, old):
            if cuda.grid(1) == 0:
                old[0] = cuda.atomic.sub(a, (0, 1), 5)
                old[1] = cuda.atomic.max(a, (1, 0), 7)
                old[2] = cuda.atomic.min(a, (1, 1), -3)
                old[3] = cuda.atomic.exch(a, (0, 0), 42)
                old[4] = cuda.atomic.cas(a, (1, 1), -3, 9)      # swaps
                old[5] = cuda.atomic.cas(a, (1, 1), 100, 11)    # does not
                old[6] = cuda.atomic.add(f, 1, 0.5)
                old[7] = cuda.atomic.max(f, 0, 2.5)

        a = np.array([[1, 2], [3, 4]], dtype=np.int64)
        f = np.array([1.0, 2.0], dtype=np.float32)
        old = np.zeros(8)
        k[1, 32](a, f, old)
        self.assertEqual(a.tolist(), [[42, -3], [7, 9]])
        self.assertEqual(f.tolist(), [2.5, 2.5])
        self.assertEqual(old.tolist(), [2, 3, 4, 1, -3, 9, 2.0, 1.0])

    def test_float_add_and_shared_atomics(self):
        @cuda.jit
        def k(x, out):
            s = cuda.shared.array(1, np.float64)
            if cuda.threadIdx.x == 0:
                s[0] = 0.0
            cuda.syncthreads()
            cuda.atomic.add(s, 0, x[cuda.grid(1)])
            cuda.syncthreads()
            if cuda.threadIdx.x == 0:
                cuda.atomic.add(out, 0, s[0])

        x = np.arange(256, dtype=np.float64)
        out = np.zeros(1)
        k[4, 64](x, out)
        self.assertEqual(out[0], x.sum())

    def test_inc_dec_bitwise(self):
        u = np.array([5, 9, 0b1100, 0b1100, 0b1100], dtype=np.uint32)
        self.assertEqual(cuda.atomic.inc(u, 0, 5), 5)
        self.assertEqual(cuda.atomic.dec(u, 1, 9), 9)
        cuda.atomic.and_(u, 2, 0b1010)
        cuda.atomic.or_(u, 3, 0b0011)
        cuda.atomic.xor(u, 4, 0b0110)
        self.assertEqual(u.tolist(), [0, 8, 0b1000, 0b1111, 0b1010])

    def test_int_wraparound_without_warnings(self):
        import warnings
        a = np.array([127], dtype=np.int8)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            self.assertEqual(cuda.atomic.add(a, 0, 1), 127)
        self.assertEqual(a[0], -128)


class Functions(unittest.TestCase):
    def test_device_function(self):
        x = np.arange(10, dtype=np.float64)
        out = np.zeros(10)
        apply_twice[1, 16](x, out)
        np.testing.assert_array_equal(out, 2 * x + 1)
        self.assertEqual(twice(21), 42)     # callable from the host too

    def test_jit_forms(self):
        def body(out):
            out[cuda.grid(1)] += 1

        forms = [cuda.jit(body), cuda.jit()(body), cuda.jit("void(float64[:])")(body),
                 cuda.jit(["void(float64[:])"], fastmath=True, debug=False)(body),
                 cuda.jit(device=False, lineinfo=True)(body)]
        for kern in forms:
            out = np.zeros(8)
            kern[2, 4](out)
            self.assertTrue((out == 1).all())
            self.assertIs(kern.py_func, body)
            self.assertEqual(kern.__name__, "body")
        dev = cuda.jit("float64(float64)", device=True)(lambda v: v + 1)
        self.assertEqual(dev(1.0), 2.0)

    def test_launch_without_configuration(self):
        with self.assertRaisesRegex(ValueError, "launch configuration was not specified"):
            axpy(2.0, np.zeros(1), np.zeros(1), np.zeros(1))

    def test_launching_a_device_function(self):
        with self.assertRaisesRegex(TypeError, "device function"):
            twice[1, 1](1)

    def test_bad_configurations(self):
        out = np.zeros(4)
        with self.assertRaisesRegex(ValueError, "1024"):
            axpy[1, 1025]
        with self.assertRaisesRegex(ValueError, "1024"):
            axpy[1, (64, 32)]
        with self.assertRaisesRegex(ValueError, "blockdim"):
            axpy[1, (1, 1, 65)]
        with self.assertRaisesRegex(ValueError, "griddim must be a sequence of 1, 2 or 3 integers"):
            axpy[(1, 2, 3, 4), 1]
        with self.assertRaisesRegex(TypeError, r"griddim must be a sequence of integers, got \[2.0\]"):
            axpy[2.0, 3]
        with self.assertRaisesRegex(TypeError, "blockdim must be a sequence of integers"):
            axpy[2, 3.0]
        with self.assertRaisesRegex(ValueError, "at least 1"):
            axpy[0, 32]
        with self.assertRaisesRegex(ValueError, "griddim and blockdim"):
            axpy[4]
        with self.assertRaises(ValueError):
            axpy[1, 1, 0, 1 << 20]
        axpy[1, 4, 0, 0](1.0, out, out, out)

    def test_kernel_must_return_none(self):
        @cuda.jit
        def k(x):
            return x

        with self.assertRaisesRegex(TypeError, "must return None"):
            k[1, 2](1.0)

    def test_no_launch_from_a_kernel(self):
        @cuda.jit
        def inner(x):
            pass

        @cuda.jit
        def outer(x):
            inner[1, 1](x)

        with self.assertRaisesRegex(RuntimeError, "inside a kernel"):
            outer[1, 1](0)

    def test_intrinsics(self):
        self.assertEqual(cuda.popc(np.uint32(0xF0F0)), 8)
        self.assertEqual(cuda.popc(np.int32(-1)), 32)
        self.assertEqual(cuda.popc(-1), 64)
        self.assertEqual(cuda.clz(np.int32(1)), 31)
        self.assertEqual(cuda.clz(np.int64(0)), 64)
        self.assertEqual(cuda.ffs(np.int32(0b101000)), 4)
        self.assertEqual(cuda.ffs(0), 0)
        self.assertEqual(cuda.brev(np.uint32(1)), np.uint32(0x80000000))
        self.assertEqual(cuda.selp(True, 1, 2), 1)
        self.assertEqual(cuda.fma(0.1, 10.0, -1.0), 5.551115123125783e-17)
        self.assertEqual(cuda.cbrt(27.0), 3.0)


class WarpFunctions(unittest.TestCase):
    def test_shuffle_reduction_and_votes(self):
        @cuda.jit
        def k(x, out, votes):
            i = cuda.grid(1)
            v = x[i]
            offset = 16
            while offset > 0:
                v += cuda.shfl_down_sync(0xFFFFFFFF, v, offset)
                offset //= 2
            lane = cuda.laneid
            if lane == 0:
                out[i // 32] = v
            votes[i, 0] = cuda.ballot_sync(0xFFFFFFFF, lane % 2 == 1)
            votes[i, 1] = cuda.all_sync(0xFFFFFFFF, lane < 32)
            votes[i, 2] = cuda.any_sync(0xFFFFFFFF, lane == 5)
            votes[i, 3] = cuda.shfl_sync(0xFFFFFFFF, lane * 10, 3)
            votes[i, 4] = cuda.shfl_xor_sync(0xFFFFFFFF, lane, 1)
            votes[i, 5] = cuda.shfl_up_sync(0xFFFFFFFF, lane, 2)
            votes[i, 6] = cuda.activemask()

        x = np.arange(128, dtype=np.int64)
        out = np.zeros(4, dtype=np.int64)
        votes = np.zeros((128, 7), dtype=np.int64)
        k[2, 64](x, out, votes)
        np.testing.assert_array_equal(out, x.reshape(4, 32).sum(axis=1))
        lanes = np.arange(128) % 32
        self.assertTrue((votes[:, 0] == 0xAAAAAAAA).all())
        self.assertTrue((votes[:, 1:3] == 1).all())
        self.assertTrue((votes[:, 3] == 30).all())
        np.testing.assert_array_equal(votes[:, 4], lanes ^ 1)
        np.testing.assert_array_equal(votes[:, 5], np.where(lanes >= 2, lanes - 2, lanes))
        self.assertTrue((votes[:, 6] == 0xFFFFFFFF).all())


class Exceptions(unittest.TestCase):
    def test_index_error_propagates_unchanged(self):
        @cuda.jit
        def k(out):
            out[cuda.grid(1)] = 1.0      # no bounds check: the last threads overrun

        out = np.zeros(100)
        with self.assertRaises(IndexError) as cm:
            k[1, 128](out)
        self.assertIn("out of bounds", str(cm.exception))
        self.assertGreaterEqual(cm.exception.cuda_threadIdx[0], 100)
        # The pool still works after a failure.
        ok = np.zeros(8)
        axpy[1, 8](1.0, ok + 1, ok, ok)
        self.assertTrue((ok == 1).all())

    def test_exception_stops_threads_waiting_at_a_barrier(self):
        @cuda.jit
        def k(x, out):
            t = cuda.threadIdx.x
            if t == 5:
                raise ZeroDivisionError("thread five")
            cuda.syncthreads()
            out[t] = x[t]

        start = time.monotonic()
        out = np.zeros(64)
        with self.assertRaisesRegex(ZeroDivisionError, "thread five"):
            k[4, 64](np.ones(64), out)
        self.assertLess(time.monotonic() - start, 5.0)
        self.assertTrue((out == 0).all())    # the barrier was never passed

    def test_error_in_a_later_block_stops_the_launch(self):
        @cuda.jit
        def k(out):
            b = cuda.blockIdx.x
            if b == 2 and cuda.threadIdx.x == 3:
                raise ValueError("bad block")
            out[b, cuda.threadIdx.x] = 1

        out = np.zeros((5, 8))
        with self.assertRaisesRegex(ValueError, "bad block"):
            k[5, 8](out)
        self.assertTrue((out[:2] == 1).all())
        self.assertTrue((out[3:] == 0).all())

    def test_no_threads_left_behind(self):
        before = threading.active_count()
        for n in (7, 33, 64):
            out = np.zeros(n)
            axpy[2, n](1.0, out + 1, out, out)
        # Pools are reused: launching again with the same sizes makes no threads.
        after = threading.active_count()
        for n in (7, 33, 64):
            out = np.zeros(n)
            axpy[2, n](1.0, out + 1, out, out)
        self.assertEqual(threading.active_count(), after)
        self.assertGreaterEqual(after, before)


class HostApi(unittest.TestCase):
    def test_device_arrays(self):
        host = np.arange(6, dtype=np.float64)
        d = cuda.to_device(host)
        self.assertTrue(cuda.is_cuda_array(d))
        d[0] = 100.0
        self.assertEqual(host[0], 0.0)               # a copy
        back = d.copy_to_host()
        self.assertIs(type(back), np.ndarray)
        self.assertEqual(back.tolist(), [100.0, 1, 2, 3, 4, 5])
        dst = np.zeros(6)
        self.assertIs(d.copy_to_host(dst), dst)
        self.assertEqual(dst[0], 100.0)
        z = cuda.device_array((2, 3), dtype="float32")
        self.assertEqual((z.shape, z.dtype), ((2, 3), np.float32))
        self.assertTrue((z == 0).all())
        like = cuda.device_array_like(host)
        self.assertEqual((like.shape, like.dtype), (host.shape, host.dtype))
        like.copy_to_device(host * 2)
        self.assertEqual(like.copy_to_host().tolist(), (host * 2).tolist())
        p = cuda.pinned_array(4, dtype=np.int32)
        self.assertEqual((p.shape, p.dtype), ((4,), np.int32))

    def test_kernel_on_device_arrays(self):
        x = np.arange(300, dtype=np.float64)
        d_x = cuda.to_device(x)
        d_out = cuda.device_array(300)
        axpy[3, 128](3.0, d_x, d_x, d_out)
        cuda.synchronize()
        np.testing.assert_array_equal(d_out.copy_to_host(), 4.0 * x)

    def test_devices_streams_events(self):
        self.assertTrue(cuda.is_available())
        dev = cuda.get_current_device()
        self.assertIs(cuda.select_device(0), dev)
        self.assertEqual(dev.WARP_SIZE, 32)
        self.assertEqual(len(cuda.gpus), 1)
        s = cuda.stream()
        with s.auto_synchronize():
            pass
        e0, e1 = cuda.event(), cuda.event()
        e0.record()
        e1.record()
        e1.synchronize()
        self.assertGreaterEqual(cuda.event_elapsed_time(e0, e1), 0.0)
        self.assertEqual(cuda.reduce(lambda a, b: a + b)(np.arange(5)), 10)

    def test_module_aliases(self):
        from numba import cuda as numba_cuda
        import numba
        import numba.cuda
        self.assertIs(numba_cuda, cuda)
        self.assertIs(numba.cuda, cuda)
        self.assertIs(parjit.cuda, cuda)
        self.assertIs(parjit.jit(target="cuda")(len), len)
        self.assertIs(numba.njit(target="cpu")(len), len)


if __name__ == "__main__":
    unittest.main()
