# NumPy's array functions: constructors, copies and conversions, reshaping,
# joining, and dot / @ on 1-d and 2-d arrays.
import numpy as np


def main():
    print(np.array([1, 2, 3]), np.array([1.5, 2]), np.array([[1, 2], [3, 4]]), np.array((True, False)))
    print(np.array([[1, 2, 3]], dtype=np.float32), np.array([3, 4], dtype=np.uint8), np.array((2, 3.5)))
    t = (1.0, 2.0, 4.0)
    print(np.array(t), np.array(((1, 2), (3, 4))), np.asarray(np.arange(3)), np.asarray(t, dtype=np.int64))
    a = np.arange(6.0)
    c = np.array(a)
    c[0] = 100
    print(a[0], c[0], np.asarray(a) is not None)
    print(np.arange(0.5, 3.0, 0.5), np.arange(10, 0, -3), np.arange(5.0), np.linspace(0, 1, 5), np.linspace(2, 3, 4, endpoint=False))
    m = np.arange(12).reshape(3, 4)
    print(m.copy(), np.copy(m), m.ravel(), m.T.ravel(), m.flatten(), m.T.copy().strides, m.astype(np.float32) / 3)
    print(np.zeros_like(m), np.ones_like(a), np.full_like(m, 7), np.empty_like(a).shape, np.zeros_like(a, dtype=np.int32))
    print(m.reshape(4, 3), m.reshape((2, -1)), np.reshape(m, (12,)), m.T.reshape(12), np.transpose(m), m.transpose())
    x = np.arange(3)
    y = np.arange(3, 7)
    print(np.concatenate((x, y)), np.concatenate([y, x, x]), np.concatenate((m, m), axis=1), np.concatenate((m, m)))
    print(np.stack((x, x * 2)), np.stack([x, x], axis=1), np.vstack((x, x)), np.hstack((x, y)), np.vstack((m, m)).shape)
    print(np.concatenate((x, np.linspace(0, 1, 2))), np.hstack((m, m)).shape)
    # dot and @
    v = np.arange(4.0)
    print(np.dot(v, v), v @ v, m @ v, v[:3] @ m, m @ m.T, np.dot(m.T, m), m.dot(v), (m * 1.5) @ (m.T * 2))
    k = np.arange(6).reshape(2, 3)
    print(k @ k.T, np.dot(k, np.arange(3)))
    w = np.ones(5)
    w.fill(3.0)
    print(w, np.ascontiguousarray(m.T), np.ascontiguousarray(m.T).strides)
    e = np.arange(0)
    print(e, e.sum(), np.concatenate((e, x)), np.zeros((0, 3)).sum(axis=0))


main()
