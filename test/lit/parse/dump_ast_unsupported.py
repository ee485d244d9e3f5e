# RUN: %parjit dump-ast %s | FileCheck %s
# Constructs outside the subset still parse; they become unsupported nodes.
class Point:
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

squares = [i * i for i in range(10)]
table = {k: v for k, v in zip("ab", "cd")}
with open("f") as fh:
    pass
# CHECK:      (unsupported "class definitions"
# CHECK-NEXT:   (def norm (self)
# CHECK-NEXT:     (return (binop ** (binop + (binop ** (attr (name self) x) (int 2)) (binop ** (attr (name self) y) (int 2))) (float 0.5)))))
# CHECK-NEXT: (assign (name squares) (unsupported "list comprehensions" (binop * (name i) (name i)) (name i) (call (name range) (int 10))))
# CHECK-NEXT: (assign (name table) (unsupported "dict comprehensions" (name k) (name v) (tuple (name k) (name v)) (call (name zip) (str "ab") (str "cd"))))
# CHECK-NEXT: (unsupported "with statements"
# CHECK-NEXT:   (pass))
