# RUN: sh -c '%parjit run %s; echo "exit=$?"' > %t 2>&1
# RUN: FileCheck %s < %t
import numpy as np

def inner(a, i):
    return a[i]

def outer(a):
    return inner(a, 10)

def main():
    a = np.zeros(10)
    print("before")
    print(outer(a))

if __name__ == "__main__":
    main()
# CHECK: before
# CHECK: Traceback (most recent call last):
# CHECK-NEXT:   File "{{.*}}index_error_traceback.py", line 17, in <module>
# CHECK-NEXT:     main()
# CHECK-NEXT:   File "{{.*}}index_error_traceback.py", line 14, in main
# CHECK-NEXT:     print(outer(a))
# CHECK-NEXT:   File "{{.*}}index_error_traceback.py", line 9, in outer
# CHECK-NEXT:     return inner(a, 10)
# CHECK-NEXT:   File "{{.*}}index_error_traceback.py", line 6, in inner
# CHECK-NEXT:     return a[i]
# CHECK-NEXT: IndexError: index 10 is out of bounds for axis 0 with size 10
# CHECK: exit=3
