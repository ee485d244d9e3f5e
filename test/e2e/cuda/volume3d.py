# CUDA: kernels on 3-D arrays. cuda.grid(3) over a volume with 3-D blocks
# and grids (tuples of three), a 7-point 3-D Laplacian of an integer
# field, a grid-stride loop in 3-D with cuda.gridsize(3), and a kernel
# that reduces along the z axis of a float32 volume into a 2-D image.
import numpy as np
from numba import cuda


@cuda.jit
def fill(vol):
    x, y, z = cuda.grid(3)
    nx, ny, nz = vol.shape
    if x < nx and y < ny and z < nz:
        vol[x, y, z] = (x * 7 + y * 3 + z * z) % 11


@cuda.jit
def laplacian(vol, out):
    x, y, z = cuda.grid(3)
    nx, ny, nz = vol.shape
    if 0 < x < nx - 1 and 0 < y < ny - 1 and 0 < z < nz - 1:
        out[x, y, z] = (vol[x - 1, y, z] + vol[x + 1, y, z] + vol[x, y - 1, z]
                        + vol[x, y + 1, z] + vol[x, y, z - 1] + vol[x, y, z + 1]
                        - 6 * vol[x, y, z])


@cuda.jit
def scale_stride(vol, k):
    sx, sy, sz = cuda.gridsize(3)
    x0, y0, z0 = cuda.grid(3)
    for x in range(x0, vol.shape[0], sx):
        for y in range(y0, vol.shape[1], sy):
            for z in range(z0, vol.shape[2], sz):
                vol[x, y, z] *= k


@cuda.jit
def project_z(vol, img):
    x = cuda.blockIdx.x * cuda.blockDim.x + cuda.threadIdx.x
    y = cuda.blockIdx.y * cuda.blockDim.y + cuda.threadIdx.y
    if x < img.shape[0] and y < img.shape[1]:
        s = np.float32(0.0)
        m = vol[x, y, 0]
        for z in range(vol.shape[2]):
            s += vol[x, y, z]
            m = max(m, vol[x, y, z])
        img[x, y] = s + m


def main():
    nx, ny, nz = 13, 10, 9
    vol = np.zeros((nx, ny, nz), dtype=np.int64)
    tpb = (4, 4, 4)
    bpg = ((nx + 3) // 4, (ny + 3) // 4, (nz + 3) // 4)
    fill[bpg, tpb](vol)
    print(vol[1, 2, :], vol.sum())

    lap = np.zeros_like(vol)
    laplacian[bpg, tpb](vol, lap)
    print(lap[1, 1, :], lap.sum(), np.abs(lap).sum())

    scale_stride[(2, 1, 2), (4, 4, 2)](vol, 3)
    print(vol[12, 9, :], vol.sum())

    volf = vol.astype(np.float32)
    img = np.zeros((nx, ny), dtype=np.float32)
    project_z[(1, 1), (16, 16)](volf, img)
    print(img[0, :], img.sum())


if __name__ == "__main__":
    main()
