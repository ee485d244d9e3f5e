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
if os.getuid() == 0:
    config.available_features.add("root")
