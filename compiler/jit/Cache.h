// The on-disk cache of compiled machine code, as Numba's cache=True and
// Taichi's offline cache keep it: one file per key (a digest of the source,
// what was asked of it, the options, the CPU and the compiler's version).
// The cache holds code that will be run, so it must not be a way in: the
// directory is private to the user (0700), an entry not owned by the user or
// not a regular file is ignored, and an entry whose checksum does not match
// is ignored (and recompiled over). Writers go through a temporary file and
// rename(2), so concurrent processes never see half an entry.
#pragma once
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace parjit {

struct CacheEntry {
  std::string meta;   // what the pipeline needs besides the code (warnings, flags)
  std::string object; // an ELF object file for this CPU
};

class DiskCache {
public:
  /// $PARJIT_CACHE_DIR, else $XDG_CACHE_HOME/parjit, else ~/.cache/parjit.
  static std::string defaultDir();
  /// A hex SHA-256 of the parts, each length-prefixed.
  static std::string key(llvm::ArrayRef<llvm::StringRef> parts);
  /// Identifies the build of parjit itself (its ELF build-id, else the size
  /// and time of its binary), so that a rebuilt compiler never reuses code
  /// an older one cached.
  static std::string compilerId();

  explicit DiskCache(std::string dir) : dir_(std::move(dir)) {}
  const std::string &dir() const { return dir_; }
  /// Creates the directory (0700) if needed; false, with the reason, when it
  /// is not a directory owned by this user and closed to others.
  bool open(std::string &why);
  /// The entry for `key`, if there is a valid one.
  std::optional<CacheEntry> load(const std::string &key) const;
  bool store(const std::string &key, const CacheEntry &e, std::string &why) const;

  struct Info {
    uint64_t entries = 0, bytes = 0;
  };
  Info info() const;
  /// Removes every entry; returns how many.
  uint64_t clear() const;

private:
  std::string dir_;
};

} // namespace parjit
