# Float // and % floor like Python: the remainder takes the divisor's sign.
from parjit import jit


@jit
def fdiv(a, b):
    return a // b


@jit
def fmod_py(a, b):
    return a % b


def main():
    print(fdiv(7.5, 2.0), fmod_py(7.5, 2.0))
    print(fdiv(-7.5, 2.0), fmod_py(-7.5, 2.0))
    print(fdiv(7.5, -2.0), fmod_py(7.5, -2.0))
    print(fdiv(-7.5, -2.0), fmod_py(-7.5, -2.0))
    print(fdiv(6.0, 3.0), fmod_py(-6.0, 3.0), fmod_py(6.0, -3.0))
    print(fdiv(1.0, 0.1), fmod_py(1.0, 0.1))
    print(fdiv(-1e-300, 1.0), fmod_py(-1e-300, 1.0))
    print(fdiv(7, 2.0), fmod_py(-7, 2.5), fdiv(7.0, -2))
    print(-7.5 // 4, -0.25 % 1, 0.25 % -1)


if __name__ == "__main__":
    main()
