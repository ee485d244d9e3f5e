# Signed zeros: min/max and np.minimum/maximum/fmin/fmax keep the later of
# equal values as NumPy does on x86; cumsum starts from the first element.
import numpy as np
def main():
    a = np.array([-0.0, 0.0])
    b = np.array([0.0, -0.0])
    print(a.min(), a.max(), b.min(), b.max(), np.min(a), np.max(b))
    print(np.minimum(a, b), np.maximum(a, b), np.fmin(a, b), np.fmax(a, b))
    print(np.array([-0.0, -0.0]).cumsum(), a.argmin(), b.argmax())
    print(np.minimum(np.array([1.0, np.nan]), np.array([np.nan, 2.0])), np.fmin(np.array([1.0, np.nan]), np.array([np.nan, 2.0])))
main()
