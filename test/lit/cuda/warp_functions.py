# Warp and block collectives, bit functions, more atomics and dynamic
# shared memory, in Numba-CUDA's names: what each becomes in PTX.
# RUN: %parjit emit-ptx --gpu-arch sm_80 %s > %t.ptx
# RUN: FileCheck %s < %t.ptx
# RUN: %if ptxas %{ %ptxas -arch=sm_80 %t.ptx -o %t.cubin %}
# RUN: %parjit emit-ptx --gpu-arch sm_90 %s > %t90.ptx
# RUN: %if ptxas %{ %ptxas -arch=sm_90 %t90.ptx -o %t90.cubin %}
import numpy as np
from parjit import cuda

# CHECK: .extern .shared .align 16 .b8 __pj_dynamic_shared[];


# A float64 moves through shfl.sync as two 32-bit halves.
# CHECK-LABEL: .entry warp_sum
# CHECK: shfl.sync.down.b32 {{.*}}, 31, -1;
# CHECK: shfl.sync.down.b32 {{.*}}, 31, -1;
# CHECK: %laneid
# CHECK: shfl.sync.up.b32 {{.*}}, 0, -1;
# CHECK: shfl.sync.idx.b32 {{.*}}, 31, 65535;
# CHECK: shfl.sync.bfly.b32 {{.*}}, 31, -1;
@cuda.jit
def warp_sum(x, out, ints):
    i = cuda.grid(1)
    v = x[i]
    off = 16
    while off > 0:
        v += cuda.shfl_down_sync(0xFFFFFFFF, v, off)
        off //= 2
    if cuda.laneid == 0:
        out[i // 32] = v
    k = np.int32(i)
    ints[i] = cuda.shfl_up_sync(0xFFFFFFFF, k, 1) + cuda.shfl_sync(0xFFFF, k, 3) + \
        cuda.shfl_xor_sync(0xFFFFFFFF, k, 1)


# CHECK-LABEL: .entry votes
# CHECK: vote.sync.ballot.b32
# CHECK: vote.sync.all.pred
# CHECK: vote.sync.any.pred
# CHECK: vote.sync.uni.pred
# CHECK: activemask.b32
# CHECK: %lanemask_lt
# CHECK: bar.red.popc.u32
# CHECK: bar.red.and.pred
# CHECK: bar.red.or.pred
# CHECK: bar.warp.sync -1;
# CHECK: bar.warp.sync 255;
# CHECK: membar.sys;
@cuda.jit
def votes(x, out):
    i = cuda.grid(1)
    p = x[i] > 3.0
    out[i, 0] = cuda.ballot_sync(0xFFFFFFFF, p)
    out[i, 1] = cuda.all_sync(0xFFFFFFFF, p)
    out[i, 2] = cuda.any_sync(0xFFFFFFFF, p)
    out[i, 3] = cuda.eq_sync(0xFFFFFFFF, p)
    out[i, 4] = cuda.activemask()
    out[i, 5] = cuda.lanemask_lt()
    out[i, 6] = cuda.syncthreads_count(p)
    out[i, 7] = cuda.syncthreads_and(p)
    out[i, 8] = cuda.syncthreads_or(p)
    cuda.syncwarp()
    cuda.syncwarp(0xFF)
    cuda.threadfence_system()


# CHECK-LABEL: .entry bits
# CHECK: popc.b32
# CHECK: clz.b64
# CHECK: brev.b32
# CHECK: fma.rn.f64
@cuda.jit
def bits(u, out, f):
    i = cuda.grid(1)
    if i < u.shape[0]:
        w = u[i]
        out[i, 0] = cuda.popc(w)
        out[i, 1] = cuda.clz(np.int64(w))
        out[i, 2] = cuda.brev(w)
        out[i, 3] = cuda.ffs(w)
        f[i] = cuda.fma(f[i], 2.0, 1.0) + cuda.selp(w > 3, 1.0, 2.0) + cuda.cbrt(np.float32(f[i]))


# inc and dec on uint32 are single instructions; 64-bit ones, cas on
# element 0, and the bitwise operations are atomics too.
# CHECK-LABEL: .entry atomics
# CHECK: atom.inc.u32 {{.*}}, 100;
# CHECK: atom.dec.u32 {{.*}}, 100;
# CHECK: atom.global.or.b64
# CHECK: atom.global.and.b64
# CHECK: atom.global.xor.b64
# CHECK: atom.global.exch.b64
# CHECK: atom.global.cas.b32 {{.*}}, 0, 1;
@cuda.jit
def atomics(c32, c64, flags, lock):
    i = cuda.grid(1)
    cuda.atomic.inc(c32, 0, np.uint32(100))
    cuda.atomic.dec(c32, 1, np.uint32(100))
    cuda.atomic.inc(c64, 0, np.uint64(100))
    cuda.atomic.or_(flags, 0, 1 << (i % 32))
    cuda.atomic.and_(flags, 1, ~(1 << (i % 32)))
    cuda.atomic.xor(flags, 2, i)
    cuda.atomic.exch(flags, 3, i)
    while cuda.atomic.compare_and_swap(lock, 0, 1) != 0:
        pass
    flags[4] += 1
    cuda.atomic.exch(lock, 0, 0)


# shared.array(0, dtype): the launch's bytes; every such array starts at
# the same first byte; its length is the byte count over the item size.
# CHECK-LABEL: .entry dynamic_shared
# CHECK: mov.u32 {{.*}}, %dynamic_smem_size;
# CHECK: mov.u64 [[BASE:%rd[0-9]+]], __pj_dynamic_shared;
# CHECK: st.shared.f64
@cuda.jit
def dynamic_shared(x, out):
    s = cuda.shared.array(0, np.float64)
    t = cuda.threadIdx.x
    s[t] = x[t]
    cuda.syncthreads()
    out[t] = s[s.shape[0] - 1 - t]


x = np.arange(64, dtype=np.float64)
out = np.zeros(64)
ints = np.zeros(64, dtype=np.int32)
warp_sum[2, 32](x, out, ints)
v = np.zeros((64, 9), dtype=np.int64)
votes[2, 32](x, v)
u = np.arange(64, dtype=np.uint32)
b = np.zeros((64, 4), dtype=np.int64)
f = np.ones(64)
bits[2, 32](u, b, f)
atomics[2, 32](np.zeros(2, np.uint32), np.zeros(1, np.uint64), np.zeros(5, np.int64), np.zeros(1, np.int32))
dynamic_shared[1, 64, 0, 64 * 8](x, out)
