from parjit import jit, prange

@jit(parallel=True)
def total(n):
    s = 0
    for i in prange(n):
        s += i
    return s

print(total(100))
