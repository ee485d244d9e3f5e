# Element-wise expressions: operators and ufuncs with NumPy's broadcasting
# and type promotion, compared with NumPy itself.
import numpy as np
from parjit import jit


@jit
def fused(a, b, x):
    return a * b + np.sin(x) * 2.0


def main():
    a = np.arange(6, dtype=np.float64)
    b = np.ones(6) * 3
    x = np.linspace(0.0, 1.0, 6)
    print(fused(a, b, x))
    i = np.arange(-5, 7)
    f32 = np.linspace(-1.0, 2.0, 12).astype(np.float32)
    u8 = np.arange(250, 262).astype(np.uint8)
    # promotion: array with array, array with Python scalar (NumPy 1.24 value-based rule)
    print(i + 1, i * 2.5, i / 4, i // 4, i % 4, -i // 3, i ** 2, 2 ** np.arange(5))
    print(f32 * 2, f32 + 1.5, f32 * i, (f32 * 2).sum())
    print(u8, u8 + 10, u8 * 2, u8 + i)
    print(i > 0, (i > 0) & (i < 4), (i < -2) | (i > 4), ~(i > 0), i == 3, i != 3)
    print(np.logical_and(i > 0, i < 3), np.logical_not(i > 0))
    # ufuncs
    y = np.linspace(0.1, 3.0, 7)
    print(np.sqrt(y), np.exp(y), np.log(y), np.log1p(y), np.expm1(y))
    print(np.sin(y), np.cos(y), np.tan(y), np.tanh(y), np.arctan2(y, 1.5 - y))
    print(np.abs(i), np.abs(y - 1.5), np.floor(y * 2), np.ceil(y * 2), np.sign(i), np.sign(y - 1.0))
    print(np.minimum(i, 2), np.maximum(y, 1.0), np.where(i > 0, i, -2 * i), np.clip(i, -2, 3))
    print(np.power(y, 2.5), np.power(i, 2), np.isnan(np.sqrt(i * 1.0)), np.hypot(y, 2.0))
    print(np.sqrt(16.0), np.exp(1.0), np.floor(-2.5), np.maximum(3, 7))
    # broadcasting: column against row
    col = np.arange(3).reshape(3, 1)
    row = np.arange(4) * 10
    print(col + row, col * 1.5 - row)
    m = np.arange(12.0).reshape(3, 4)
    print(m - m.mean(axis=0), m / m.sum(axis=1).reshape(3, 1), m * m[0] + m[:, 1:2])
    # NaN and infinities flow through as NumPy computes them
    z = np.array((0.0, 1.0, -1.0))
    print(np.minimum(z, np.sqrt(z - 0.5)), np.maximum(np.log(z + 1.0), -1.0))
    print(np.exp(np.arange(700.0, 712.0, 2.0)))


main()
