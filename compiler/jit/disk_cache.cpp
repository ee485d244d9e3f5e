// File format: "PJCACHE1", the SHA-256 of the rest, the lengths of meta and
// object (little-endian u64), meta, object.
#include "jit/Cache.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <dlfcn.h>
#include <link.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace parjit {
namespace {

constexpr char kMagic[8] = {'P', 'J', 'C', 'A', 'C', 'H', 'E', '1'};
constexpr const char *kSuffix = ".pjo";

std::string hex(llvm::ArrayRef<uint8_t> bytes) {
  static const char *digits = "0123456789abcdef";
  std::string s;
  for (uint8_t b : bytes) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

void putU64(std::string &out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
uint64_t getU64(const char *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

bool readAll(int fd, std::string &out, size_t limit) {
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > limit) return false;
  }
}

bool writeAll(int fd, const std::string &data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

bool isEntryName(const char *name) {
  size_t n = strlen(name);
  return n == 64 + strlen(kSuffix) && strcmp(name + 64, kSuffix) == 0;
}

} // namespace

std::string DiskCache::defaultDir() {
  if (const char *d = getenv("PARJIT_CACHE_DIR"); d && *d) return d;
  if (const char *x = getenv("XDG_CACHE_HOME"); x && *x == '/') return std::string(x) + "/parjit";
  if (const char *h = getenv("HOME"); h && *h) return std::string(h) + "/.cache/parjit";
  return "";
}

std::string DiskCache::key(llvm::ArrayRef<llvm::StringRef> parts) {
  llvm::SHA256 h;
  for (llvm::StringRef p : parts) {
    std::string len;
    putU64(len, p.size());
    h.update(len);
    h.update(p);
  }
  auto digest = h.final();
  return hex(llvm::ArrayRef<uint8_t>(digest.data(), digest.size()));
}

std::string DiskCache::compilerId() {
  static const std::string id = [] {
    Dl_info self;
    if (!dladdr(reinterpret_cast<void *>(&DiskCache::compilerId), &self)) return std::string("unknown");
    struct Search {
      const void *base;
      std::string id;
    } search{self.dli_fbase, ""};
    dl_iterate_phdr(
        [](dl_phdr_info *info, size_t, void *data) {
          auto &s = *static_cast<Search *>(data);
          for (int i = 0; i < info->dlpi_phnum; ++i) {
            const ElfW(Phdr) &ph = info->dlpi_phdr[i];
            if (ph.p_type != PT_NOTE) continue;
            // The object holding this code: its first PT_LOAD maps at dli_fbase.
            if (reinterpret_cast<const void *>(info->dlpi_addr + info->dlpi_phdr[0].p_vaddr -
                                               info->dlpi_phdr[0].p_offset) != s.base &&
                reinterpret_cast<const void *>(info->dlpi_addr) != s.base)
              continue;
            auto *p = reinterpret_cast<const char *>(info->dlpi_addr + ph.p_vaddr);
            size_t off = 0;
            while (off + sizeof(ElfW(Nhdr)) <= ph.p_memsz) {
              auto *n = reinterpret_cast<const ElfW(Nhdr) *>(p + off);
              size_t name = (n->n_namesz + 3) & ~size_t(3), desc = (n->n_descsz + 3) & ~size_t(3);
              const char *d = p + off + sizeof(ElfW(Nhdr)) + name;
              if (n->n_type == NT_GNU_BUILD_ID)
                s.id = hex(llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(d), n->n_descsz));
              off += sizeof(ElfW(Nhdr)) + name + desc;
            }
          }
          return s.id.empty() ? 0 : 1;
        },
        &search);
    if (!search.id.empty()) return search.id;
    struct stat st;
    if (self.dli_fname && stat(self.dli_fname, &st) == 0)
      return std::to_string(st.st_size) + "-" + std::to_string(st.st_mtime) + "-" + std::to_string(st.st_ino);
    return std::string("unknown");
  }();
  return id;
}

bool DiskCache::open(std::string &why) {
  if (dir_.empty()) {
    why = "no cache directory (set HOME, XDG_CACHE_HOME or PARJIT_CACHE_DIR)";
    return false;
  }
  // Make the parents as needed (~/.cache may not exist), the cache itself 0700.
  for (size_t slash = dir_.find('/', 1); slash != std::string::npos; slash = dir_.find('/', slash + 1))
    mkdir(dir_.substr(0, slash).c_str(), 0755);
  if (mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    why = "cannot create " + dir_ + ": " + strerror(errno);
    return false;
  }
  struct stat st;
  if (lstat(dir_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    why = dir_ + " is not a directory";
    return false;
  }
  if (st.st_uid != getuid()) {
    why = dir_ + " belongs to another user";
    return false;
  }
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    why = dir_ + " is writable by other users";
    return false;
  }
  return true;
}

std::optional<CacheEntry> DiskCache::load(const std::string &key) const {
  std::string path = dir_ + "/" + key + kSuffix;
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st;
  std::string data;
  bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == getuid() &&
            !(st.st_mode & (S_IWGRP | S_IWOTH)) && readAll(fd, data, size_t(1) << 31);
  ::close(fd);
  if (!ok || data.size() < sizeof kMagic + 32 + 16 || memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    return std::nullopt;
  const char *p = data.data() + sizeof kMagic;
  uint64_t metaLen = getU64(p + 32), objLen = getU64(p + 40);
  size_t header = sizeof kMagic + 32 + 16;
  if (metaLen > data.size() || objLen > data.size() || header + metaLen + objLen != data.size()) return std::nullopt;
  llvm::SHA256 h;
  h.update(llvm::StringRef(data).substr(sizeof kMagic + 32));
  auto digest = h.final();
  if (memcmp(digest.data(), p, 32) != 0) return std::nullopt; // corrupt or truncated
  CacheEntry e;
  e.meta = data.substr(header, metaLen);
  e.object = data.substr(header + metaLen, objLen);
  return e;
}

bool DiskCache::store(const std::string &key, const CacheEntry &e, std::string &why) const {
  std::string body;
  putU64(body, e.meta.size());
  putU64(body, e.object.size());
  body += e.meta;
  body += e.object;
  llvm::SHA256 h;
  h.update(body);
  auto digest = h.final();
  std::string data(kMagic, sizeof kMagic);
  data.append(reinterpret_cast<const char *>(digest.data()), digest.size());
  data += body;
  std::string tmp = dir_ + "/.tmp-XXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0) {
    why = "cannot write to " + dir_ + ": " + strerror(errno);
    return false;
  }
  bool ok = fchmod(fd, 0600) == 0 && writeAll(fd, data);
  ok = ::close(fd) == 0 && ok;
  if (!ok || rename(tmp.c_str(), (dir_ + "/" + key + kSuffix).c_str()) != 0) {
    why = "cannot write " + tmp + ": " + strerror(errno);
    unlink(tmp.c_str());
    return false;
  }
  return true;
}

DiskCache::Info DiskCache::info() const {
  Info in;
  if (DIR *d = opendir(dir_.c_str())) {
    while (dirent *e = readdir(d)) {
      if (!isEntryName(e->d_name)) continue;
      struct stat st;
      if (lstat((dir_ + "/" + e->d_name).c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        ++in.entries;
        in.bytes += static_cast<uint64_t>(st.st_size);
      }
    }
    closedir(d);
  }
  return in;
}

uint64_t DiskCache::clear() const {
  uint64_t n = 0;
  if (DIR *d = opendir(dir_.c_str())) {
    while (dirent *e = readdir(d)) {
      bool tmp = strncmp(e->d_name, ".tmp-", 5) == 0;
      if (!isEntryName(e->d_name) && !tmp) continue;
      if (unlink((dir_ + "/" + e->d_name).c_str()) == 0 && !tmp) ++n;
    }
    closedir(d);
  }
  return n;
}

} // namespace parjit
