"""parjit.cuda under CPython: a pure-Python CUDA simulator.

Kernels written in Numba-CUDA syntax (``@cuda.jit``, ``kernel[blocks,
threads](args)``, ``cuda.threadIdx.x``, ``cuda.shared.array``,
``cuda.syncthreads()``, ``cuda.atomic.add``...) run here as plain Python,
which is the reference the compiled GPU code is compared against. The model
is the one of Numba's simulator (``NUMBA_ENABLE_CUDASIM=1``):

* A launch runs synchronously: the blocks of the grid one after another
  (``blockIdx.x`` fastest, then ``.y``, then ``.z``); the threads of a block
  all at once, as real Python threads, so that ``cuda.syncthreads()`` is a
  barrier. The worker threads are kept in a pool per block size and reused.
* ``cuda.threadIdx`` & co. are module-level objects whose ``.x``, ``.y``,
  ``.z`` read the calling thread's own indices (thread-local state).
* A thread that returns early leaves the block's barriers: the others do
  not wait for it (as on GPUs since Volta, and as in Numba's simulator).
  A thread that waits at a barrier for more than ``PARJIT_CUDASIM_TIMEOUT``
  seconds (default 60), because another thread of its block never arrives,
  raises ``RuntimeError`` rather than hanging.
* The first exception raised by any thread of a block stops the block's
  other threads (at their next barrier, atomic or ``cuda.*`` call) and is
  re-raised, unchanged, by the launch.
* Arrays passed to a kernel are used in place: NumPy arrays and the
  arrays of ``cuda.to_device``/``cuda.device_array`` (an ``ndarray``
  subclass) alike, so a kernel's writes are visible to the caller.
* Memory that a GPU leaves uninitialized (``device_array``, ``shared.array``,
  ``local.array``) is zero-filled here, so that reference runs are
  deterministic. Do not rely on it.

Not simulated: the ``mask`` argument of warp functions (every live lane of
the warp takes part, so all of them must call it: no warp functions in
divergent branches; ``activemask()`` is one such function), the memory
model (threads see each other's writes at once), dynamic parallelism,
cooperative groups, half precision, Numba's type objects other than the
scalar types that ``numba`` and ``parjit`` export as NumPy's
(``from numba import float32``), and the ``numba.cuda.libdevice``
functions (use ``math``).
"""

import contextlib
import functools
import numbers
import os
import queue
import sys
import threading
import time
from fractions import Fraction

import numpy as np

__all__ = [
    "jit", "Kernel", "Dim3", "DeviceNDArray",
    "threadIdx", "blockIdx", "blockDim", "gridDim", "grid", "gridsize", "warpsize",
    "shared", "local", "const", "atomic",
    "syncthreads", "syncthreads_count", "syncthreads_and", "syncthreads_or",
    "syncwarp", "threadfence", "threadfence_block", "threadfence_system", "nanosleep",
    "activemask", "lanemask_lt", "all_sync", "any_sync", "eq_sync", "ballot_sync",
    "shfl_sync", "shfl_up_sync", "shfl_down_sync", "shfl_xor_sync",
    "match_any_sync", "match_all_sync",
    "fma", "selp", "cbrt", "popc", "clz", "ffs", "brev",
    "to_device", "device_array", "device_array_like", "pinned_array", "pinned_array_like",
    "mapped_array", "managed_array", "as_cuda_array", "is_cuda_array", "pinned", "mapped",
    "synchronize", "stream", "default_stream", "legacy_default_stream",
    "per_thread_default_stream", "external_stream", "event", "event_elapsed_time",
    "is_available", "is_supported_version", "detect", "select_device", "get_current_device",
    "current_context", "list_devices", "gpus", "close", "profile_start", "profile_stop",
    "profiling", "defer_cleanup", "reduce", "Reduce",
]

WARP_SIZE = 32
MAX_THREADS_PER_BLOCK = 1024
MAX_BLOCK_DIM = (1024, 1024, 64)
MAX_GRID_DIM = (2**31 - 1, 65535, 65535)
MAX_SHARED_MEMORY_PER_BLOCK = 48 * 1024

warpsize = WARP_SIZE


def _timeout_from_env():
    text = os.environ.get("PARJIT_CUDASIM_TIMEOUT", "")
    try:
        value = float(text)
    except ValueError:
        return 60.0
    return value if value > 0 else 60.0


# How long a thread waits at a barrier before it gives up with an error.
_SYNC_TIMEOUT_S = _timeout_from_env()
# After a thread failed: how long a launch waits for the other threads of the
# block to stop before it raises anyway (leaving them running, detached).
_ABORT_GRACE_S = 5.0


# ---------------------------------------------------------------------------
# Per-thread state

class Dim3:
    """A (x, y, z) triple, as ``threadIdx`` etc. read inside a kernel."""

    __slots__ = ("x", "y", "z")

    def __init__(self, x=1, y=1, z=1):
        self.x = x
        self.y = y
        self.z = z

    def __iter__(self):
        yield self.x
        yield self.y
        yield self.z

    def __eq__(self, other):
        try:
            return tuple(self) == tuple(other)
        except TypeError:
            return NotImplemented

    def __hash__(self):
        return hash((self.x, self.y, self.z))

    def __repr__(self):
        return "Dim3(x=%d, y=%d, z=%d)" % (self.x, self.y, self.z)


class _Abort(BaseException):
    """Stops a thread whose block is being abandoned because another of its
    threads raised. A BaseException, so that kernel code cannot catch it."""


_tls = threading.local()


def _ctx(what):
    """The calling simulator thread's state; raises outside a kernel, and
    _Abort in a thread whose block has failed."""
    c = getattr(_tls, "ctx", None)
    if c is None:
        raise RuntimeError(
            "%s can only be used inside a CUDA kernel (a @cuda.jit function launched "
            "with kernel[blocks, threads](...)) or a device function it calls" % what)
    if c.block.aborted:
        raise _Abort()
    return c


def _checkpoint():
    c = getattr(_tls, "ctx", None)
    if c is not None and c.block.aborted:
        raise _Abort()


class _ThreadCtx:
    __slots__ = ("block", "threadIdx", "blockIdx", "blockDim", "gridDim", "linear", "lane", "warp")

    def __init__(self, block, i):
        launch = block.launch
        bd = launch.blockDim
        self.block = block
        self.threadIdx = Dim3(i % bd.x, (i // bd.x) % bd.y, i // (bd.x * bd.y))
        self.blockIdx = block.blockIdx
        self.blockDim = bd
        self.gridDim = launch.gridDim
        self.linear = i
        self.lane = i % WARP_SIZE
        self.warp = i // WARP_SIZE


class _Dim3Proxy:
    """``cuda.threadIdx`` and friends: ``.x`` reads the calling thread's value."""

    __slots__ = ("_name", "_attr")

    def __init__(self, attr):
        self._attr = attr
        self._name = "cuda." + attr

    @property
    def x(self):
        return getattr(_ctx(self._name), self._attr).x

    @property
    def y(self):
        return getattr(_ctx(self._name), self._attr).y

    @property
    def z(self):
        return getattr(_ctx(self._name), self._attr).z

    def __iter__(self):
        return iter(getattr(_ctx(self._name), self._attr))

    def __repr__(self):
        c = getattr(_tls, "ctx", None)
        if c is None:
            return "<%s (outside a kernel)>" % self._name
        return repr(getattr(c, self._attr))


threadIdx = _Dim3Proxy("threadIdx")
blockIdx = _Dim3Proxy("blockIdx")
blockDim = _Dim3Proxy("blockDim")
gridDim = _Dim3Proxy("gridDim")


def __getattr__(name):
    # cuda.laneid is an attribute whose value depends on the calling thread.
    if name == "laneid":
        return _ctx("cuda.laneid").lane
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def grid(ndim):
    """The absolute index of the calling thread in the grid: an int for
    ndim 1, a tuple for 2 and 3."""
    c = _ctx("cuda.grid")
    t, b, d = c.threadIdx, c.blockIdx, c.blockDim
    x = t.x + b.x * d.x
    if ndim == 1:
        return x
    y = t.y + b.y * d.y
    if ndim == 2:
        return (x, y)
    if ndim == 3:
        return (x, y, t.z + b.z * d.z)
    raise ValueError("cuda.grid(ndim): ndim must be 1, 2 or 3, got %r" % (ndim,))


def gridsize(ndim):
    """The number of threads in the grid along each of the first ndim
    dimensions: an int for ndim 1, a tuple for 2 and 3."""
    c = _ctx("cuda.gridsize")
    g, d = c.gridDim, c.blockDim
    x = g.x * d.x
    if ndim == 1:
        return x
    y = g.y * d.y
    if ndim == 2:
        return (x, y)
    if ndim == 3:
        return (x, y, g.z * d.z)
    raise ValueError("cuda.gridsize(ndim): ndim must be 1, 2 or 3, got %r" % (ndim,))


# ---------------------------------------------------------------------------
# Barriers and blocks

_NOVALUE = object()


class _Barrier:
    """A reusable barrier over the live threads of a block (or of a warp).

    A thread that exits stops counting, so threads that returned early do not
    block the others. Each thread may contribute a value (keyed by its index)
    and gets back the dict of the values contributed in that round, which is
    how syncthreads_count and the warp vote/shuffle functions are built."""

    __slots__ = ("block", "what", "cond", "live", "arrived", "gen", "values", "result")

    def __init__(self, block, live, what):
        self.block = block
        self.what = what
        self.cond = threading.Condition(threading.Lock())
        self.live = live
        self.arrived = 0
        self.gen = 0
        self.values = {}
        self.result = {}

    def wait(self, ctx, key=None, value=_NOVALUE):
        block = self.block
        with self.cond:
            if block.aborted:
                raise _Abort()
            gen = self.gen
            self.arrived += 1
            if value is not _NOVALUE:
                self.values[key] = value
            if self.arrived >= self.live:
                self._release()
                return self.result
            deadline = time.monotonic() + _SYNC_TIMEOUT_S
            while self.gen == gen:
                if block.aborted:
                    raise _Abort()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise RuntimeError(
                        "%s timed out after %g s in block %s, thread %s: %d of the %d live "
                        "threads arrived; the others are stuck in a loop or waiting at a "
                        "different barrier (PARJIT_CUDASIM_TIMEOUT sets the limit)"
                        % (self.what, _SYNC_TIMEOUT_S, tuple(ctx.blockIdx), tuple(ctx.threadIdx),
                           self.arrived, self.live))
                self.cond.wait(remaining)
            if block.aborted:     # released by a failing thread's exit: stop anyway
                raise _Abort()
            return self.result

    def _release(self):
        self.result = self.values
        self.values = {}
        self.arrived = 0
        self.gen += 1
        self.cond.notify_all()

    def thread_exit(self):
        with self.cond:
            self.live -= 1
            if self.arrived and self.arrived >= self.live and not self.block.aborted:
                self._release()

    def wake(self):
        with self.cond:
            self.cond.notify_all()


class _Launch:
    __slots__ = ("fn", "name", "args", "gridDim", "blockDim", "nthreads", "sharedmem")

    def __init__(self, fn, args, griddim, blockdim, sharedmem):
        self.fn = fn
        self.name = getattr(fn, "__name__", "kernel")
        self.args = args
        self.gridDim = Dim3(*griddim)
        self.blockDim = Dim3(*blockdim)
        self.nthreads = blockdim[0] * blockdim[1] * blockdim[2]
        self.sharedmem = sharedmem


class _Block:
    """One block of a launch while it runs: its barriers, shared memory and
    the first error raised by one of its threads."""

    def __init__(self, launch, bidx):
        n = launch.nthreads
        self.launch = launch
        self.blockIdx = bidx
        self.lock = threading.Lock()
        self.aborted = False
        self.abort_time = 0.0
        self.error = None
        self.remaining = n
        self.done = threading.Event()
        self.barrier = _Barrier(self, n, "cuda.syncthreads()")
        self.warps = {}                                   # warp index -> _Barrier, on first use
        self.exited = [0] * ((n + WARP_SIZE - 1) // WARP_SIZE)   # per warp: a mask of exited lanes
        self.shared = {}                                  # call site -> array
        self.shared_bytes = launch.sharedmem
        self.dynshared = None

    def warp_barrier(self, warp):
        with self.lock:
            b = self.warps.get(warp)
            if b is None:
                live = bin(self.warp_mask(warp) & ~self.exited[warp]).count("1")
                b = _Barrier(self, live, "a warp function (cuda.syncwarp/shfl/vote)")
                self.warps[warp] = b
            return b

    def warp_mask(self, warp):
        """The lanes that the warp has (a partial last warp has fewer than 32)."""
        return (1 << min(WARP_SIZE, self.launch.nthreads - warp * WARP_SIZE)) - 1

    def thread_done(self, ctx):
        self.barrier.thread_exit()
        with self.lock:
            self.exited[ctx.warp] |= 1 << ctx.lane
            wb = self.warps.get(ctx.warp)
            if wb is not None:
                wb.thread_exit()
            self.remaining -= 1
            if self.remaining == 0:
                self.done.set()

    def fail(self, exc, ctx=None):
        with self.lock:
            if self.error is None:
                self.error = exc
                if ctx is not None:   # say which thread raised it
                    try:
                        exc.cuda_blockIdx = tuple(ctx.blockIdx)
                        exc.cuda_threadIdx = tuple(ctx.threadIdx)
                    except AttributeError:  # an exception type without a __dict__
                        pass
            if not self.aborted:
                self.aborted = True
                self.abort_time = time.monotonic()
            barriers = [self.barrier] + list(self.warps.values())
        for b in barriers:
            b.wake()

    def shared_array(self, shape, dtype, caller):
        dt = _as_dtype(dtype)
        if _is_zero_shape(shape):
            # Dynamic shared memory (the launch's sharedmem bytes): every such
            # array of the block views the same bytes, as `extern __shared__`.
            with self.lock:
                if self.dynshared is None:
                    self.dynshared = np.zeros(self.launch.sharedmem, dtype=np.uint8)
            count = self.launch.sharedmem // dt.itemsize
            return self.dynshared[:count * dt.itemsize].view(dt)
        shp = _as_shape(shape)
        # A static allocation is identified by its call site: the chain of
        # (code, instruction) from the caller up to the kernel, so that the
        # same line reached again (in a loop, or by another thread) gets the
        # same array, and a device function called from two places gets two.
        key = []
        f = caller
        while f is not None and f.f_code is not _RUN_THREAD_CODE:
            key.append((f.f_code, f.f_lasti))
            f = f.f_back
        key = tuple(key)
        with self.lock:
            a = self.shared.get(key)
            if a is None:
                a = np.zeros(shp, dtype=dt)
                self.shared_bytes += a.nbytes
                if self.shared_bytes > MAX_SHARED_MEMORY_PER_BLOCK:
                    raise ValueError(
                        "cuda.shared.array: the block uses %d bytes of shared memory, more than "
                        "the %d a CUDA block may have" % (self.shared_bytes, MAX_SHARED_MEMORY_PER_BLOCK))
                self.shared[key] = a
            elif a.shape != shp or a.dtype != dt:
                raise ValueError(
                    "cuda.shared.array: the same call site asked for shape %s %s, then %s %s; "
                    "the shape and dtype must be constants" % (a.shape, a.dtype, shp, dt))
            return a


def _run_thread(block, i):
    ctx = _ThreadCtx(block, i)
    _tls.ctx = ctx
    try:
        if not block.aborted:
            launch = block.launch
            result = launch.fn(*launch.args)
            if result is not None:
                raise TypeError("kernel %s returned %r: CUDA kernels must return None"
                                % (launch.name, result))
    except _Abort:
        pass
    except BaseException as e:  # noqa: B902 -- handed to the launching thread
        block.fail(e, ctx)
    finally:
        _tls.ctx = None
        block.thread_done(ctx)


_RUN_THREAD_CODE = _run_thread.__code__


# ---------------------------------------------------------------------------
# Worker pools: one thread per thread of a block, reused from block to block
# and from launch to launch.

def _worker(q, i):
    while True:
        block = q.get()
        if block is None:
            return
        _run_thread(block, i)
        block = None


class _Pool:
    def __init__(self, n):
        self.n = n
        self.broken = False
        self.queues = [queue.SimpleQueue() for _ in range(n)]
        for i, q in enumerate(self.queues):
            try:
                threading.Thread(target=_worker, args=(q, i), name="cudasim-thread-%d" % i,
                                 daemon=True).start()
            except RuntimeError as e:    # "can't start new thread"
                self.close()
                raise RuntimeError("the CUDA simulator could not start the %d threads of a "
                                   "block (%s)" % (n, e)) from e

    def run(self, block):
        for q in self.queues:
            q.put(block)
        try:
            while not block.done.wait(0.25):
                if block.aborted and time.monotonic() - block.abort_time > _ABORT_GRACE_S:
                    # Some thread does not stop (a loop without cuda.* calls):
                    # leave it running and give up on this pool.
                    self.broken = True
                    return
        except BaseException as e:  # KeyboardInterrupt in the launching thread
            block.fail(e)
            self.broken = True
            raise

    def close(self):
        for q in self.queues:
            q.put(None)


_MAX_IDLE_THREADS = 4096
_idle_pools = []            # least recently used first
_pools_lock = threading.Lock()


def _acquire_pool(n):
    with _pools_lock:
        for k, p in enumerate(_idle_pools):
            if p.n == n:
                del _idle_pools[k]
                return p
    return _Pool(n)


def _release_pool(pool):
    if pool.broken:
        pool.close()
        return
    with _pools_lock:
        _idle_pools.append(pool)
        while len(_idle_pools) > 1 and sum(p.n for p in _idle_pools) > _MAX_IDLE_THREADS:
            _idle_pools.pop(0).close()


def _launch(fn, griddim, blockdim, sharedmem, args):
    if getattr(_tls, "ctx", None) is not None:
        raise RuntimeError("a kernel cannot be launched from inside a kernel "
                           "(dynamic parallelism is not simulated)")
    launch = _Launch(fn, args, griddim, blockdim, sharedmem)
    pool = _acquire_pool(launch.nthreads)
    try:
        for bz in range(griddim[2]):
            for by in range(griddim[1]):
                for bx in range(griddim[0]):
                    block = _Block(launch, Dim3(bx, by, bz))
                    pool.run(block)
                    if block.error is not None:
                        raise block.error
    finally:
        _release_pool(pool)


# ---------------------------------------------------------------------------
# Kernels and device functions

_MISSING_CONFIG = (
    "Kernel launch configuration was not specified. Use the syntax:\n\n"
    "kernel_function[blockspergrid, threadsperblock](arg0, arg1, ...)\n\n"
    "or call a device function (@cuda.jit(device=True)) from a kernel.")


def _normalize_dim(dim, name):
    if isinstance(dim, Dim3):
        dim = tuple(dim)
    if isinstance(dim, (tuple, list)):
        if len(dim) not in (1, 2, 3):
            raise ValueError("%s must be a sequence of 1, 2 or 3 integers, got %r" % (name, list(dim)))
        vals = list(dim)
    else:
        vals = [dim]
    for v in vals:
        if not isinstance(v, numbers.Integral) or isinstance(v, (bool, np.bool_)):
            raise TypeError("%s must be a sequence of integers, got %r" % (name, vals))
    vals = [int(v) for v in vals] + [1] * (3 - len(vals))
    return tuple(vals)


def _check_config(griddim, blockdim, sharedmem):
    for g, limit in zip(griddim, MAX_GRID_DIM):
        if g < 1:
            raise ValueError("griddim %s: every dimension must be at least 1 (CUDA cannot launch "
                             "an empty grid)" % (griddim,))
        if g > limit:
            raise ValueError("griddim %s: more blocks than CUDA allows (at most %s)"
                             % (griddim, MAX_GRID_DIM))
    for b, limit in zip(blockdim, MAX_BLOCK_DIM):
        if b < 1:
            raise ValueError("blockdim %s: every dimension must be at least 1" % (blockdim,))
        if b > limit:
            raise ValueError("blockdim %s: more threads than CUDA allows in that dimension "
                             "(at most %s)" % (blockdim, MAX_BLOCK_DIM))
    n = blockdim[0] * blockdim[1] * blockdim[2]
    if n > MAX_THREADS_PER_BLOCK:
        raise ValueError("blockdim %s: %d threads per block, more than the maximum of %d"
                         % (blockdim, n, MAX_THREADS_PER_BLOCK))
    if not isinstance(sharedmem, numbers.Integral) or sharedmem < 0:
        raise TypeError("sharedmem must be a non-negative number of bytes, got %r" % (sharedmem,))
    if sharedmem > MAX_SHARED_MEMORY_PER_BLOCK:
        raise ValueError("sharedmem %d: more dynamic shared memory than a CUDA block may have "
                         "(%d bytes)" % (sharedmem, MAX_SHARED_MEMORY_PER_BLOCK))


class _Configured:
    """``kernel[griddim, blockdim, ...]``: call it to run the whole grid."""

    __slots__ = ("kernel", "griddim", "blockdim", "stream", "sharedmem")

    def __init__(self, kernel, griddim, blockdim, stream, sharedmem):
        self.kernel = kernel
        self.griddim = griddim
        self.blockdim = blockdim
        self.stream = stream
        self.sharedmem = sharedmem

    def __call__(self, *args, **kwargs):
        if kwargs:
            raise TypeError("CUDA kernels take positional arguments only, got %s"
                            % ", ".join(sorted(kwargs)))
        _launch(self.kernel.py_func, self.griddim, self.blockdim, self.sharedmem, args)

    def __repr__(self):
        return "<%s[%s, %s]>" % (self.kernel.__name__, self.griddim, self.blockdim)


class Kernel:
    """What ``@cuda.jit`` makes of a function: a kernel, launched with
    ``kernel[griddim, blockdim](...)``, or (``device=True``) a device
    function, called directly."""

    def __init__(self, fn, device=False, signature=None, options=None):
        functools.update_wrapper(self, fn)
        self.py_func = fn
        self.device = bool(device)
        self.signature = signature
        self.options = dict(options or {})

    def __getitem__(self, config):
        if self.device:
            raise TypeError("%s is a device function (@cuda.jit(device=True)): call it from a "
                            "kernel instead of launching it" % self.__name__)
        if not isinstance(config, tuple) or len(config) not in (2, 3, 4):
            raise ValueError("must specify at least the griddim and blockdim: "
                             "kernel[griddim, blockdim] or kernel[griddim, blockdim, stream, sharedmem]")
        griddim = _normalize_dim(config[0], "griddim")
        blockdim = _normalize_dim(config[1], "blockdim")
        stream = config[2] if len(config) > 2 else 0
        sharedmem = config[3] if len(config) > 3 else 0
        _check_config(griddim, blockdim, sharedmem)
        return _Configured(self, griddim, blockdim, stream, int(sharedmem))

    def __call__(self, *args, **kwargs):
        if self.device:
            return self.py_func(*args, **kwargs)
        raise ValueError(_MISSING_CONFIG)

    def forall(self, ntasks, tpb=0, stream=0, sharedmem=0):
        """``kernel.forall(n)(args)``: at least n threads (one per block, as in
        Numba's simulator)."""
        if ntasks < 0:
            raise ValueError("Can't create ForAll with negative task count: %s" % ntasks)
        if ntasks == 0:
            return lambda *args: None
        return self[ntasks, 1, stream, sharedmem]

    def specialize(self, *args):
        return self

    def __repr__(self):
        return "<cuda %s %s>" % ("device function" if self.device else "kernel", self.__name__)


def jit(func_or_sig=None, device=False, **options):
    """``@cuda.jit``, ``@cuda.jit()``, ``@cuda.jit(device=True)``,
    ``@cuda.jit("void(float64[:])")``, with any of Numba's options
    (``debug``, ``opt``, ``fastmath``, ``lineinfo``, ``cache``, ``link``,
    ``inline``...), which the simulator ignores."""
    if func_or_sig is not None and callable(func_or_sig) and not isinstance(
            func_or_sig, (str, list, tuple)):
        return Kernel(func_or_sig, device=device, options=options)

    def decorate(fn):
        return Kernel(fn, device=device, signature=func_or_sig, options=options)
    return decorate


# ---------------------------------------------------------------------------
# Memory inside kernels

def _as_dtype(dtype):
    try:
        return np.dtype(dtype)
    except TypeError:
        raise TypeError("unsupported dtype %r: use a NumPy dtype such as np.float32, or its name "
                        "such as 'float32'" % (dtype,)) from None


def _is_zero_shape(shape):
    if isinstance(shape, numbers.Integral):
        return int(shape) == 0
    return isinstance(shape, tuple) and len(shape) == 1 and shape[0] == 0


def _as_shape(shape):
    if isinstance(shape, numbers.Integral):
        return (int(shape),)
    if isinstance(shape, tuple) and all(isinstance(s, numbers.Integral) for s in shape):
        return tuple(int(s) for s in shape)
    raise TypeError("array shape must be an int or a tuple of ints, got %r" % (shape,))


class _SharedMemory:
    """``cuda.shared``: arrays shared by the threads of a block."""

    @staticmethod
    def array(shape, dtype):
        """One array per block and call site. ``shape`` 0 gives a view of the
        launch's dynamic shared memory (``kernel[g, b, stream, nbytes]``)."""
        c = _ctx("cuda.shared.array")
        return c.block.shared_array(shape, dtype, sys._getframe(1))


class _LocalMemory:
    """``cuda.local``: arrays private to a thread."""

    @staticmethod
    def array(shape, dtype):
        _checkpoint()
        return np.zeros(_as_shape(shape), dtype=_as_dtype(dtype))


class _ConstMemory:
    """``cuda.const``: read-only arrays."""

    @staticmethod
    def array_like(ary):
        view = np.asarray(ary).view()
        view.flags.writeable = False
        return view


shared = _SharedMemory()
local = _LocalMemory()
const = _ConstMemory()


# ---------------------------------------------------------------------------
# Synchronization

def syncthreads():
    """Wait until every (live) thread of the block has reached a barrier."""
    c = _ctx("cuda.syncthreads")
    c.block.barrier.wait(c)


def syncthreads_count(predicate):
    """A barrier that returns the number of threads whose predicate is true."""
    c = _ctx("cuda.syncthreads_count")
    values = c.block.barrier.wait(c, c.linear, bool(predicate))
    return sum(1 for v in values.values() if v)


def syncthreads_and(predicate):
    """A barrier that returns 1 if the predicate is true in every thread, else 0."""
    c = _ctx("cuda.syncthreads_and")
    values = c.block.barrier.wait(c, c.linear, bool(predicate))
    return int(all(values.values()))


def syncthreads_or(predicate):
    """A barrier that returns 1 if the predicate is true in some thread, else 0."""
    c = _ctx("cuda.syncthreads_or")
    values = c.block.barrier.wait(c, c.linear, bool(predicate))
    return int(any(values.values()))


def _warp_exchange(what, value):
    c = _ctx(what)
    values = c.block.warp_barrier(c.warp).wait(c, c.lane, value)
    return c, values


def syncwarp(mask=0xFFFFFFFF):
    """Wait for the (live) lanes of the calling warp; the mask is ignored."""
    _warp_exchange("cuda.syncwarp", _NOVALUE)


def threadfence():
    _checkpoint()


threadfence_block = threadfence
threadfence_system = threadfence


def nanosleep(ns):
    _checkpoint()
    time.sleep(ns / 1e9)


# Warp functions. The mask is ignored: every live lane of the warp takes part,
# so every one of them must call the function.

def _mask_of(lanes):
    m = 0
    for lane in lanes:
        m |= 1 << lane
    return m


def activemask():
    """The lanes of the calling warp that call it (like the other warp
    functions, every live lane of the warp must)."""
    _, values = _warp_exchange("cuda.activemask", True)
    return _mask_of(values)


def lanemask_lt():
    return (1 << _ctx("cuda.lanemask_lt").lane) - 1


def all_sync(mask, predicate):
    _, values = _warp_exchange("cuda.all_sync", bool(predicate))
    return int(all(values.values()))


def any_sync(mask, predicate):
    _, values = _warp_exchange("cuda.any_sync", bool(predicate))
    return int(any(values.values()))


def eq_sync(mask, predicate):
    _, values = _warp_exchange("cuda.eq_sync", bool(predicate))
    return int(len(set(values.values())) <= 1)


def ballot_sync(mask, predicate):
    _, values = _warp_exchange("cuda.ballot_sync", bool(predicate))
    return _mask_of(lane for lane, v in values.items() if v)


def match_any_sync(mask, value):
    c, values = _warp_exchange("cuda.match_any_sync", value)
    return _mask_of(lane for lane, v in values.items() if v == value)


def match_all_sync(mask, value):
    c, values = _warp_exchange("cuda.match_all_sync", value)
    if all(v == value for v in values.values()):
        return _mask_of(values), True
    return 0, False


def _shfl(what, value, src):
    c, values = _warp_exchange(what, value)
    s = src(c.lane)
    if 0 <= s < WARP_SIZE and s in values:
        return values[s]
    return value


def shfl_sync(mask, value, src_lane):
    """The value of lane src_lane (modulo 32)."""
    return _shfl("cuda.shfl_sync", value, lambda lane: int(src_lane) % WARP_SIZE)


def shfl_up_sync(mask, value, delta):
    """The value of lane (lane - delta); lanes below delta keep their own."""
    return _shfl("cuda.shfl_up_sync", value, lambda lane: lane - int(delta))


def shfl_down_sync(mask, value, delta):
    """The value of lane (lane + delta); lanes past the warp keep their own."""
    return _shfl("cuda.shfl_down_sync", value, lambda lane: lane + int(delta))


def shfl_xor_sync(mask, value, lane_mask):
    """The value of lane (lane ^ lane_mask)."""
    return _shfl("cuda.shfl_xor_sync", value, lambda lane: lane ^ int(lane_mask))


# ---------------------------------------------------------------------------
# Atomics: read-modify-write under one lock; each returns the old value.

_atomic_lock = threading.Lock()


def _rmw(ary, idx, update, what):
    _checkpoint()
    with _atomic_lock:
        old = ary[idx]
        if isinstance(old, np.ndarray):
            raise IndexError("%s: the index %r selects %d elements of a %d-D array; it must "
                             "select one" % (what, idx, old.size, np.ndim(ary)))
        ary[idx] = update(old)
    return old


def _conv(ary, val):
    return ary.dtype.type(val)


class _Atomic:
    """``cuda.atomic``: ``add(ary, idx, val)`` etc.; idx an int or a tuple."""

    @staticmethod
    def add(ary, idx, val):
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: np.add(np.asarray(old), v), "cuda.atomic.add")

    @staticmethod
    def sub(ary, idx, val):
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: np.subtract(np.asarray(old), v), "cuda.atomic.sub")

    @staticmethod
    def max(ary, idx, val):
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: np.maximum(old, v), "cuda.atomic.max")

    @staticmethod
    def min(ary, idx, val):
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: np.minimum(old, v), "cuda.atomic.min")

    @staticmethod
    def nanmax(ary, idx, val):
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: np.fmax(old, v), "cuda.atomic.nanmax")

    @staticmethod
    def nanmin(ary, idx, val):
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: np.fmin(old, v), "cuda.atomic.nanmin")

    @staticmethod
    def exch(ary, idx, val):
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: v, "cuda.atomic.exch")

    @staticmethod
    def inc(ary, idx, val):
        """old >= val ? 0 : old + 1 (unsigned wrap-around counter)."""
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: ary.dtype.type(0) if old >= v else np.add(np.asarray(old), 1),
                    "cuda.atomic.inc")

    @staticmethod
    def dec(ary, idx, val):
        """(old == 0 or old > val) ? val : old - 1."""
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: v if (old == 0 or old > v) else np.subtract(np.asarray(old), 1),
                    "cuda.atomic.dec")

    @staticmethod
    def and_(ary, idx, val):
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: np.bitwise_and(old, v), "cuda.atomic.and_")

    @staticmethod
    def or_(ary, idx, val):
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: np.bitwise_or(old, v), "cuda.atomic.or_")

    @staticmethod
    def xor(ary, idx, val):
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda old: np.bitwise_xor(old, v), "cuda.atomic.xor")

    @staticmethod
    def cas(ary, idx, old, val):
        """If ary[idx] == old, store val; returns the value ary[idx] had."""
        expected = _conv(ary, old)
        v = _conv(ary, val)
        return _rmw(ary, idx, lambda cur: v if cur == expected else cur, "cuda.atomic.cas")

    @staticmethod
    def compare_and_swap(ary, old, val):
        """``cas`` on ary[0]."""
        return _Atomic.cas(ary, 0, old, val)


atomic = _Atomic()


# ---------------------------------------------------------------------------
# Intrinsics

def fma(a, b, c):
    """a * b + c with a single rounding."""
    if isinstance(a, np.float32) and isinstance(b, np.float32) and isinstance(c, np.float32):
        return np.float32(float(Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))))
    try:
        exact = Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))
        return float(exact)
    except (OverflowError, ValueError):   # inf or nan among the operands
        return float(a) * float(b) + float(c)


def selp(cond, a, b):
    return a if cond else b


def cbrt(x):
    return np.cbrt(x)


def _bits(x):
    """(value as an unsigned int, width in bits) of an integer."""
    if isinstance(x, np.integer):
        width = x.dtype.itemsize * 8
    else:
        width = 64
    return int(x) & ((1 << width) - 1), width


def popc(x):
    """The number of bits set."""
    v, _ = _bits(x)
    return bin(v).count("1")


def clz(x):
    """The number of leading zero bits."""
    v, width = _bits(x)
    return width - v.bit_length()


def ffs(x):
    """The 1-based position of the least significant bit set; 0 for 0."""
    v, _ = _bits(x)
    return (v & -v).bit_length()


def brev(x):
    """The bits in reverse order (an unsigned integer of the same width)."""
    v, width = _bits(x)
    r = int(format(v, "0%db" % width)[::-1], 2)
    return np.uint32(r) if width <= 32 else np.uint64(r)


# ---------------------------------------------------------------------------
# Host side: device memory, streams, events, devices

class DeviceNDArray(np.ndarray):
    """A "device" array: in the simulator, a NumPy array (so kernels and the
    host can index it) with Numba's DeviceNDArray methods."""

    def copy_to_host(self, ary=None, stream=0):
        if ary is None:
            return np.array(self, copy=True, subok=False)
        if ary.shape != self.shape:
            raise ValueError("copy_to_host: shape %s does not match the device array's %s"
                             % (ary.shape, self.shape))
        ary[...] = self
        return ary

    def copy_to_device(self, ary, stream=0):
        src = np.asarray(ary)
        if src.shape != self.shape:
            raise ValueError("copy_to_device: shape %s does not match the device array's %s"
                             % (src.shape, self.shape))
        np.ndarray.__setitem__(self, Ellipsis, src)

    def is_c_contiguous(self):
        return bool(self.flags.c_contiguous)

    def is_f_contiguous(self):
        return bool(self.flags.f_contiguous)

    @property
    def alloc_size(self):
        return self.nbytes

    def split(self, section, stream=0):
        return [self[i:i + section] for i in range(0, self.shape[0], section)]

    def get_ipc_handle(self):
        raise NotImplementedError("IPC handles are not simulated")


def _device(a):
    return a.view(DeviceNDArray)


def to_device(obj, stream=0, copy=True, to=None):
    """A device copy of a host array (or copies into ``to``)."""
    if to is not None:
        to.copy_to_device(obj, stream)
        return to
    return _device(np.array(obj, copy=True, order="K", subok=False))


def _order_of(ary):
    return "F" if ary.flags.f_contiguous and not ary.flags.c_contiguous else "C"


def device_array(shape, dtype=np.float64, strides=None, order="C", stream=0):
    """A new device array (zero-filled in the simulator)."""
    return _device(np.zeros(shape, dtype=_as_dtype(dtype), order=order))


def device_array_like(ary, stream=0):
    return _device(np.zeros(ary.shape, dtype=ary.dtype, order=_order_of(ary)))


def pinned_array(shape, dtype=np.float64, strides=None, order="C"):
    """A page-locked host array: an ordinary NumPy array here."""
    return np.zeros(shape, dtype=_as_dtype(dtype), order=order)


def pinned_array_like(ary):
    return np.zeros(ary.shape, dtype=ary.dtype, order=_order_of(ary))


def mapped_array(shape, dtype=np.float64, strides=None, order="C", stream=0, portable=False, wc=False):
    return device_array(shape, dtype, strides, order, stream)


def managed_array(shape, dtype=np.float64, strides=None, order="C", stream=0, attach_global=True):
    return device_array(shape, dtype, strides, order, stream)


def as_cuda_array(obj, sync=True):
    """A device view of obj, without a copy."""
    return _device(np.asarray(obj))


def is_cuda_array(obj):
    return isinstance(obj, DeviceNDArray)


@contextlib.contextmanager
def pinned(*arylist):
    yield


@contextlib.contextmanager
def mapped(*arylist, **kws):
    devarys = [as_cuda_array(a) for a in arylist]
    yield devarys[0] if len(devarys) == 1 else devarys


def synchronize():
    """Every launch has completed already: launches are synchronous here."""


class Stream:
    """A stream: work is synchronous in the simulator, so it has nothing to wait for."""

    handle = 0

    def synchronize(self):
        pass

    @contextlib.contextmanager
    def auto_synchronize(self):
        yield self

    def add_callback(self, callback, arg=None):
        callback(self, None, arg)

    def __int__(self):
        return 0

    def __repr__(self):
        return "<CUDA stream (simulated)>"


def stream():
    return Stream()


default_stream = stream
legacy_default_stream = stream
per_thread_default_stream = stream


def external_stream(ptr):
    return Stream()


class Event:
    """A CUDA event; ``elapsed_time`` gives host wall-clock milliseconds."""

    def __init__(self, timing=True):
        self.timing = timing
        self._t = None

    def record(self, stream=0):
        self._t = time.perf_counter()

    def synchronize(self):
        pass

    def wait(self, stream=0):
        pass

    def query(self):
        return True

    def elapsed_time(self, evtend):
        return event_elapsed_time(self, evtend)


def event(timing=True):
    return Event(timing)


def event_elapsed_time(evtstart, evtend):
    if evtstart._t is None or evtend._t is None:
        raise RuntimeError("event_elapsed_time: both events must have been recorded")
    return (evtend._t - evtstart._t) * 1000.0


class _Device:
    id = 0
    name = "SIMULATOR"
    uuid = "GPU-00000000-0000-0000-0000-000000000000"
    compute_capability = (5, 2)
    MAX_THREADS_PER_BLOCK = MAX_THREADS_PER_BLOCK
    MAX_BLOCK_DIM_X, MAX_BLOCK_DIM_Y, MAX_BLOCK_DIM_Z = MAX_BLOCK_DIM
    MAX_GRID_DIM_X, MAX_GRID_DIM_Y, MAX_GRID_DIM_Z = MAX_GRID_DIM
    MAX_SHARED_MEMORY_PER_BLOCK = MAX_SHARED_MEMORY_PER_BLOCK
    WARP_SIZE = WARP_SIZE
    MULTIPROCESSOR_COUNT = 1

    def reset(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __repr__(self):
        return "<CUDA device 0 'SIMULATOR'>"


_the_device = _Device()


class _Context:
    device = _the_device

    def get_memory_info(self):
        total = 8 << 30
        return (total, total)

    def synchronize(self):
        pass

    def reset(self):
        pass


_the_context = _Context()


class _Gpus:
    def __len__(self):
        return 1

    def __getitem__(self, i):
        if i not in (0, -1):
            raise IndexError("the simulator has one device, device %r does not exist" % (i,))
        return _the_device

    def __iter__(self):
        return iter([_the_device])

    @property
    def current(self):
        return _the_device


gpus = _Gpus()


def is_available():
    return True


def is_supported_version():
    return True


def detect():
    print("Found 1 CUDA devices")
    print("id 0    SIMULATOR                              [SUPPORTED]")
    print("Summary:")
    print("\t1/1 devices are supported")
    return True


def select_device(device_id):
    if device_id != 0:
        raise ValueError("the simulator has one device, 0; cannot select device %r" % (device_id,))
    return _the_device


def get_current_device():
    return _the_device


def current_context(devnum=None):
    return _the_context


def list_devices():
    return [_the_device]


def close():
    pass


def profile_start():
    pass


def profile_stop():
    pass


@contextlib.contextmanager
def profiling():
    yield


@contextlib.contextmanager
def defer_cleanup():
    yield


class Reduce:
    """``@cuda.reduce``: a reduction with a binary function, run on the host."""

    def __init__(self, functor):
        self._functor = functor.py_func if isinstance(functor, Kernel) else functor
        functools.update_wrapper(self, self._functor)

    def __call__(self, arr, size=None, res=None, init=0, stream=0):
        data = np.asarray(arr).ravel()
        if size is not None:
            data = data[:size]
        acc = init
        for v in data:
            acc = self._functor(acc, v)
        if res is not None:
            res[0] = acc
            return None
        return acc


reduce = Reduce
