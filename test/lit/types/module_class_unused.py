# RUN: %parjit run %s | FileCheck %s
# A module-level class that nothing uses is skipped, as a never-called function is.
class Point:
    def __init__(self, x):
        self.x = [x for _ in range(3)]

print("ok")
# CHECK: ok
