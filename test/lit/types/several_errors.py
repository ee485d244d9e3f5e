# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np

def f(a):
    x = a[0] + undefined_name
    y = a.not_an_attribute
    return np.not_a_function(x)

f(np.zeros(3))
# CHECK: several_errors.py:5:16: error: name 'undefined_name' is not defined
# CHECK: several_errors.py:6:11: error: array attribute 'not_an_attribute' is not supported
# CHECK: several_errors.py:7:15: error: np.not_a_function is not supported
