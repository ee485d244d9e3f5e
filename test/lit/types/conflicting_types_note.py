# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np

def f():
    a = 1
    a = np.zeros(3)
    return a

f()
# CHECK: conflicting_types_note.py:6:5: error: cannot assign a value of type array(float64, 1d) to 'a', which has type int64
# CHECK: conflicting_types_note.py:5:5: note: 'a' was first assigned here
