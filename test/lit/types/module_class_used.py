# RUN: not %parjit check %s 2>&1 | FileCheck %s
class Point:
    pass

def make():
    return Point()

make()
# CHECK: module_class_used.py:6:12: error: 'Point' is a class; class definitions are not supported
# CHECK-NOT: error
