# Makes `python3 -m unittest test/dsl/test_*.py` import test.dsl.* from this
# tree rather than the standard library's `test` package. Nothing else uses it.
