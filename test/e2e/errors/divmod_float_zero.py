import sys
def main():
    x = float(len(sys.argv) - 1)
    print(divmod(1.0, x))
main()
