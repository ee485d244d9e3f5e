import os
import lit.formats

config.name = "parjit"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".py", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.join(config.parjit_src_root, "test", "lit")
config.test_exec_root = os.path.join(config.parjit_bin_dir, "..", "test", "lit-out")
config.environment["PYTHONPATH"] = os.path.join(config.parjit_src_root, "dsl")
config.substitutions.append(("%parjit", os.path.join(config.parjit_bin_dir, "parjit")))
config.substitutions.append(("%python", "/usr/bin/python3"))
config.environment["PATH"] = os.pathsep.join(
    ["/usr/lib/llvm-19/bin", config.parjit_bin_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
# Compiled code goes to a cache inside the build tree, never the user's.
config.environment["PARJIT_CACHE_DIR"] = os.path.join(config.test_exec_root, "cache")
# tools/asan.sh: AddressSanitizer reserves terabytes of shadow memory, which
# a `ulimit -v` test cannot leave room for.
if os.environ.get("PARJIT_ASAN") == "1":
    config.available_features.add("asan")
if os.getuid() == 0:
    config.available_features.add("root")
# The GPU path without a GPU: PTX is checked with FileCheck and assembled by
# the CUDA toolkit's ptxas; math in kernels needs its libdevice.
if os.access("/usr/local/cuda/bin/ptxas", os.X_OK):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", "/usr/local/cuda/bin/ptxas"))
if os.path.exists(os.environ.get("PARJIT_LIBDEVICE", "/usr/local/cuda/nvvm/libdevice/libdevice.10.bc")):
    config.available_features.add("libdevice")
# A CUDA driver over host memory (test/mock_cuda): kernels do not run on it,
# but a whole program's launches and transfers can be counted.
config.substitutions.append(("%mockcuda", os.path.join(config.parjit_bin_dir, "..", "lib", "libparjit_mock_cuda.so")))
try:
    import subprocess
    _info = subprocess.run([os.path.join(config.parjit_bin_dir, "parjit"), "info"], capture_output=True,
                           text=True, timeout=60).stdout
    if "CUDA: none" in _info:
        config.available_features.add("no-cuda-device")
    elif "CUDA: " in _info:
        config.available_features.add("cuda-device")
except (OSError, subprocess.SubprocessError):
    pass
