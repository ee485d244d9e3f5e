# a * b + c is not contracted into an FMA unless fastmath asks for it.
# RUN: %parjit emit-asm --function axpb %s | FileCheck %s
# RUN: %parjit emit-asm --fastmath --function axpb %s | FileCheck %s --check-prefix=FAST
def axpb(a, b, c):
    return a * b + c

print(axpb(1.5, 2.0, 0.25))
# CHECK-NOT: vfmadd
# FAST: vfmadd
