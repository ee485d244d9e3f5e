// np.save / np.load (runtime/npy.cpp) against files NumPy 1.24.2 wrote: the
// fixtures in test/unit/npy/ come from gen_npy_cases.py (rerun it to
// regenerate them), and their element values from value() below.
#include "Runtime.h"
#include <gtest/gtest.h>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

using namespace parjit::rt;

namespace {

const std::string kDir = PARJIT_SOURCE_DIR "/test/unit/npy/";
const char *const kShort[] = {"b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8"}; // pj_dtype order
const int kSize[] = {1, 1, 2, 4, 8, 1, 2, 4, 8, 4, 8};

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Element i (C order) of every fixture: gen_npy_cases.py's values().
template <typename T> T value(int64_t i) {
  if constexpr (std::is_same_v<T, bool>) return i % 3 == 0;
  else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(i * 0.25 - 1.5);
  else if constexpr (std::is_signed_v<T>) return static_cast<T>(static_cast<uint64_t>(i * 37 - 50)); // wraps
  else return static_cast<T>(static_cast<uint64_t>(i * 37 + 200));
}

template <typename T> bool holdsValues(const void *data, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    T v;
    std::memcpy(&v, static_cast<const char *>(data) + i * sizeof(T), sizeof(T));
    if (v != value<T>(i)) return false;
  }
  return true;
}

bool holdsValues(const void *data, int dtype, int64_t count) {
  switch (dtype) {
  case PJ_BOOL: return holdsValues<bool>(data, count);
  case PJ_INT8: return holdsValues<int8_t>(data, count);
  case PJ_INT16: return holdsValues<int16_t>(data, count);
  case PJ_INT32: return holdsValues<int32_t>(data, count);
  case PJ_INT64: return holdsValues<int64_t>(data, count);
  case PJ_UINT8: return holdsValues<uint8_t>(data, count);
  case PJ_UINT16: return holdsValues<uint16_t>(data, count);
  case PJ_UINT32: return holdsValues<uint32_t>(data, count);
  case PJ_UINT64: return holdsValues<uint64_t>(data, count);
  case PJ_FLOAT32: return holdsValues<float>(data, count);
  default: return holdsValues<double>(data, count);
  }
}

// "ValueError: message" of the pending error, "" if none.
std::string takeMessage() {
  PendingError e;
  if (!takeError(e)) return "";
  return std::string(PendingError::kindName(e.kind)) + ": " + e.message;
}

// An array that pj_npy_load returned (its block released at the end).
struct Loaded {
  pj_meminfo *m = nullptr;
  void *data = nullptr;
  std::vector<int64_t> shape;
  std::string error;

  Loaded(const std::string &path, int dtype, int ndim) : shape(static_cast<size_t>(ndim), -1) {
    m = pj_npy_load(path.data(), static_cast<int64_t>(path.size()), dtype, ndim, shape.data(), &data);
    error = takeMessage();
    EXPECT_EQ(m == nullptr, !error.empty()) << path << ": " << error;
  }
  ~Loaded() { pj_decref(m); }
  int64_t count() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
  }
};

std::string headerError(const std::string &path) {
  int32_t dtype = -1, ndim = -1;
  int64_t shape[32];
  int32_t rc = pj_npy_header(path.data(), static_cast<int64_t>(path.size()), &dtype, &ndim, shape);
  std::string error = takeMessage();
  EXPECT_EQ(rc != 0, !error.empty()) << path;
  return error;
}

// Returns the error message, "" on success.
std::string save(const std::string &path, const void *data, int dtype, const std::vector<int64_t> &shape,
                 const std::vector<int64_t> &strides) {
  int32_t rc = pj_npy_save(path.data(), static_cast<int64_t>(path.size()), data, dtype,
                           static_cast<int32_t>(shape.size()), shape.data(), strides.data());
  std::string error = takeMessage();
  EXPECT_EQ(rc != 0, !error.empty()) << path;
  return error;
}

std::vector<int64_t> cStrides(const std::vector<int64_t> &shape, int64_t size) {
  std::vector<int64_t> s(shape.size());
  for (size_t k = shape.size(); k-- > 0;) {
    s[k] = size;
    size *= shape[k];
  }
  return s;
}

// A fresh directory for the files a test writes.
class NpyFiles : public ::testing::Test {
protected:
  std::string tmp;
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "npytest-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    tmp = pattern + "/";
  }
  void TearDown() override { std::filesystem::remove_all(tmp); }
};

} // namespace

TEST(NpyLoad, EveryDtypeInEveryLayoutNumPyWrites) {
  for (int t = PJ_BOOL; t <= PJ_FLOAT64; ++t) {
    std::string s = kShort[t];
    {
      Loaded a(kDir + s + "_1d.npy", t, 1);
      ASSERT_EQ(a.error, "");
      EXPECT_EQ(a.shape, (std::vector<int64_t>{7}));
      EXPECT_TRUE(holdsValues(a.data, t, 7)) << s;
    }
    for (const char *layout : {"_2d", "_be", "_f", "_bef"}) { // native, big-endian, Fortran order, both
      Loaded a(kDir + s + layout + ".npy", t, 2);
      ASSERT_EQ(a.error, "");
      EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3})) << s << layout;
      EXPECT_TRUE(holdsValues(a.data, t, 6)) << s << layout;
      EXPECT_EQ(reinterpret_cast<uintptr_t>(a.data) % 64, 0u);
    }
  }
}

TEST(NpyLoad, HigherRanksVersionsAndHeaderVariants) {
  struct Case {
    const char *file;
    int dtype;
    std::vector<int64_t> shape;
  };
  const Case cases[] = {
      {"f8_3d.npy", PJ_FLOAT64, {2, 3, 4}},   {"f8_3d_f.npy", PJ_FLOAT64, {2, 3, 4}},
      {"i2_4d_f.npy", PJ_INT16, {2, 1, 3, 2}}, {"u1_100x3.npy", PJ_UINT8, {100, 3}},
      {"v2.npy", PJ_FLOAT64, {2, 3}},          {"v3.npy", PJ_FLOAT64, {2, 3}},
      {"v2_bef.npy", PJ_INT32, {2, 3}},        {"v3_bef.npy", PJ_INT32, {2, 3}},
      {"trailing.npy", PJ_FLOAT64, {2, 3}},    {"var_dq.npy", PJ_INT32, {2, 3}},
      {"var_commas.npy", PJ_INT32, {2, 3}},    {"var_space.npy", PJ_INT32, {2, 3}},
      {"var_unaligned.npy", PJ_INT32, {2, 3}}, {"var_long.npy", PJ_INT32, {2, 3}},
      {"var_noorder.npy", PJ_INT32, {2, 3}},   {"var_native.npy", PJ_INT32, {2, 3}},
      {"var_pipe.npy", PJ_INT32, {2, 3}},      {"var_v3_utf8.npy", PJ_INT32, {2, 3}},
      {"var_i1_lt.npy", PJ_INT8, {7}},
  };
  for (const Case &c : cases) {
    int ndim = static_cast<int>(c.shape.size());
    Loaded a(kDir + c.file, c.dtype, ndim);
    ASSERT_EQ(a.error, "") << c.file;
    EXPECT_EQ(a.shape, c.shape) << c.file;
    EXPECT_TRUE(holdsValues(a.data, c.dtype, a.count())) << c.file;

    int32_t dtype = -1, hdim = -1;
    int64_t shape[32];
    std::string path = kDir + c.file;
    ASSERT_EQ(pj_npy_header(path.data(), static_cast<int64_t>(path.size()), &dtype, &hdim, shape), 0) << c.file;
    EXPECT_EQ(dtype, c.dtype);
    ASSERT_EQ(hdim, ndim);
    EXPECT_EQ(std::vector<int64_t>(shape, shape + ndim), c.shape) << c.file;
  }
}

TEST(NpyLoad, EmptyArrays) {
  struct Case {
    const char *file;
    int dtype;
    std::vector<int64_t> shape;
  };
  const Case cases[] = {{"empty_0.npy", PJ_FLOAT64, {0}},
                        {"empty_0x3.npy", PJ_INT32, {0, 3}},
                        {"empty_3x0.npy", PJ_UINT8, {3, 0}},
                        {"empty_b1.npy", PJ_BOOL, {0}},
                        {"empty_f.npy", PJ_FLOAT64, {0, 3}}};
  for (const Case &c : cases) {
    Loaded a(kDir + c.file, c.dtype, static_cast<int>(c.shape.size()));
    ASSERT_EQ(a.error, "") << c.file;
    EXPECT_EQ(a.shape, c.shape) << c.file;
    EXPECT_NE(a.data, nullptr);
  }
}

TEST(NpyLoad, NonzeroBoolBytesBecomeTrue) {
  Loaded a(kDir + "b1_bytes.npy", PJ_BOOL, 1);
  ASSERT_EQ(a.error, "");
  const auto *p = static_cast<const uint8_t *>(a.data);
  EXPECT_EQ(std::vector<int>(p, p + 4), (std::vector<int>{0, 1, 1, 1}));
}

TEST(NpyLoad, WrongDtypeOrRankNamesBoth) {
  Loaded a(kDir + "f8_2d.npy", PJ_INT64, 1);
  EXPECT_EQ(a.error, "ValueError: " + kDir + "f8_2d.npy holds a 2-d float64 array, expected a 1-d int64 array");
  Loaded b(kDir + "b1_1d.npy", PJ_BOOL, 2);
  EXPECT_EQ(b.error, "ValueError: " + kDir + "b1_1d.npy holds a 1-d bool array, expected a 2-d bool array");
  Loaded c(kDir + "u4_be.npy", PJ_INT32, 2);
  EXPECT_EQ(c.error, "ValueError: " + kDir + "u4_be.npy holds a 2-d uint32 array, expected a 2-d int32 array");
}

// Each file with the message of pj_npy_load(file, float64, 2-d) after its path;
// pj_npy_header says the same, but for the data that it does not read.
TEST(NpyLoad, MalformedFilesRaiseValueError) {
  struct Case {
    const char *file, *message;
  };
  const Case cases[] = {
      {"bad_empty.npy", " is not a .npy file"},
      {"bad_magic.npy", " is not a .npy file"},
      {"bad_text.npy", " is not a .npy file"},
      {"bad_npz.npy", " is a .npz archive, not a .npy file"},
      {"bad_version.npy", " has .npy format version 4.0; only versions 1.0, 2.0 and 3.0 are supported"},
      {"bad_version11.npy", " has .npy format version 1.1; only versions 1.0, 2.0 and 3.0 are supported"},
      {"bad_cut7.npy", " is truncated: expected 10 bytes of header, found 7"},
      {"bad_cut9.npy", " is truncated: expected 10 bytes of header, found 9"},
      {"bad_cut50.npy", " is truncated: expected 128 bytes of header, found 50"},
      {"bad_cut_data.npy", " is truncated: expected 48 bytes of data, found 43"},
      {"bad_hlen.npy", " has a header of 4294967295 bytes, more than the 10000 that np.load accepts"},
      {"bad_hlen_cut.npy", " is truncated: expected 10010 bytes of header, found 176"},
      {"bad_syntax.npy", " has a malformed header: expected ':' at column 9, found '='"},
      {"bad_list.npy", " has a malformed header: expected '{' at column 1, found '['"},
      {"bad_after.npy", " has a malformed header: expected the end of the header at column 61, found 'x'"},
      {"bad_string.npy", " has a malformed header: expected ':' at column 11, found '<'"},
      {"bad_name.npy", " has a malformed header: expected a value at column 35, found 'false'"},
      {"bad_nul.npy", " has a malformed header: expected a value at column 50, found byte 0x00"},
      {"bad_deep.npy", " has a malformed header: nesting deeper than 64 at column 75"},
      {"bad_missing.npy", " has a malformed header: missing key 'shape'"},
      {"bad_unknown.npy", " has a malformed header: unknown key 'foo'"},
      {"bad_dup.npy", " has a malformed header: duplicate key 'descr'"},
      {"bad_shape_neg.npy", " has a malformed header: shape must be a tuple of non-negative integers, not (-1,)"},
      {"bad_shape_float.npy",
       " has a malformed header: shape must be a tuple of non-negative integers, not (2.5, 3)"},
      {"bad_shape_list.npy", " has a malformed header: shape must be a tuple of non-negative integers, not [2, 3]"},
      {"bad_shape_int.npy", " has a malformed header: shape must be a tuple of non-negative integers, not 6"},
      {"bad_shape_paren.npy", " has a malformed header: shape must be a tuple of non-negative integers, not (6)"},
      {"bad_shape_bool.npy",
       " has a malformed header: shape must be a tuple of non-negative integers, not (True, 3)"},
      {"bad_fortran.npy", " has a malformed header: fortran_order is not a valid bool: 0"},
      {"bad_overflow.npy",
       " has a malformed header: the array size overflows: shape (4294967296, 4294967296) of 8-byte items"},
      {"bad_overflow_item.npy",
       " has a malformed header: the array size overflows: shape (1152921504606846976,) of 8-byte items"},
      {"bad_bigint.npy",
       " has a malformed header: the array size overflows: shape (99999999999999999999,) of 8-byte items"},
      {"bad_long_v3.npy",
       " has a malformed header: shape must be a tuple of non-negative integers, not (2L, 3L)"},
      {"bad_c16.npy", " has unsupported dtype '<c16'"},
      {"bad_object.npy", " has unsupported dtype '|O'"},
      {"bad_struct.npy", " has unsupported dtype [('a', '<i4'), ('b', '<f8')]"},
      {"bad_unicode.npy", " has unsupported dtype '<U5'"},
      {"bad_f2.npy", " has unsupported dtype '<f2'"},
      {"bad_descr_int.npy", " has unsupported dtype 5"},
      {"bad_scalar.npy", " holds a 0-d float64 array; parjit arrays have at least one axis"},
      {"bad_33d.npy", " holds a 33-d array; parjit arrays have at most 32 axes"},
  };
  for (const Case &c : cases) {
    std::string path = kDir + c.file, expected = "ValueError: " + path + c.message;
    Loaded a(path, PJ_FLOAT64, 2);
    EXPECT_EQ(a.error, expected);
    if (std::string(c.file) == "bad_cut_data.npy") EXPECT_EQ(headerError(path), "");
    else EXPECT_EQ(headerError(path), expected);
  }
}

TEST_F(NpyFiles, OsErrorsReadAsCPythonsAndNewKindsHaveNames) {
  EXPECT_STREQ(PendingError::kindName(PJ_EXC_FILE_NOT_FOUND), "FileNotFoundError");
  EXPECT_STREQ(PendingError::kindName(PJ_EXC_OS), "OSError");
  Loaded missing(tmp + "missing.npy", PJ_FLOAT64, 1);
  EXPECT_EQ(missing.error, "FileNotFoundError: [Errno 2] No such file or directory: '" + tmp + "missing.npy'");
  EXPECT_EQ(headerError(tmp + "it's.npy"), "FileNotFoundError: [Errno 2] No such file or directory: \"" + tmp +
                                                "it's.npy\"");
  Loaded dir(tmp, PJ_FLOAT64, 1);
  EXPECT_EQ(dir.error, "OSError: [Errno 21] Is a directory: '" + tmp + "'");
  double x = 1;
  EXPECT_EQ(save(tmp + "no/such/dir/x", &x, PJ_FLOAT64, {1}, {8}),
            "FileNotFoundError: [Errno 2] No such file or directory: '" + tmp + "no/such/dir/x.npy'");
  EXPECT_EQ(save(kDir + "f8_1d.npy/x.npy", &x, PJ_FLOAT64, {1}, {8}),
            "OSError: [Errno 20] Not a directory: '" + kDir + "f8_1d.npy/x.npy'");
  std::string nul("a\0b.npy", 7);
  EXPECT_EQ(save(tmp + nul, &x, PJ_FLOAT64, {1}, {8}), "ValueError: embedded null byte");
  Loaded nulLoad(tmp + nul, PJ_FLOAT64, 1);
  EXPECT_EQ(nulLoad.error, "ValueError: embedded null byte");
}

// Paths are pointer + length: the bytes after them are not part of the name.
TEST_F(NpyFiles, PathsAreNotNulTerminated) {
  std::string path = kDir + "f8_1d.npyXYZ";
  int64_t shape[1], stride = 8;
  void *data = nullptr;
  pj_meminfo *m = pj_npy_load(path.data(), static_cast<int64_t>(path.size() - 3), PJ_FLOAT64, 1, shape, &data);
  ASSERT_NE(m, nullptr) << takeMessage();
  std::string dest = tmp + "copy.npyXYZ";
  EXPECT_EQ(pj_npy_save(dest.data(), static_cast<int64_t>(dest.size() - 3), data, PJ_FLOAT64, 1, shape, &stride), 0);
  pj_decref(m);
  EXPECT_EQ(readFile(tmp + "copy.npy"), readFile(kDir + "f8_1d.npy"));
}

TEST_F(NpyFiles, SaveAppendsNpyAsNumPyDoes) {
  uint8_t x[3] = {1, 2, 3};
  for (const char *name : {"plain", "with.npy", "upper.NPY", "dot.npy.txt"}) {
    ASSERT_EQ(save(tmp + name, x, PJ_UINT8, {3}, {1}), "") << name;
  }
  EXPECT_TRUE(std::filesystem::exists(tmp + "plain.npy"));
  EXPECT_TRUE(std::filesystem::exists(tmp + "with.npy"));
  EXPECT_FALSE(std::filesystem::exists(tmp + "with.npy.npy"));
  EXPECT_TRUE(std::filesystem::exists(tmp + "upper.NPY.npy"));
  EXPECT_TRUE(std::filesystem::exists(tmp + "dot.npy.txt.npy"));
}

TEST_F(NpyFiles, SaveWritesNumPysBytes) {
  for (int t = PJ_BOOL; t <= PJ_FLOAT64; ++t) {
    std::string s = kShort[t];
    for (const char *name : {"_1d", "_2d", "_be"}) {
      int ndim = std::string(name) == "_1d" ? 1 : 2;
      Loaded a(kDir + s + name + ".npy", t, ndim);
      ASSERT_EQ(a.error, "");
      ASSERT_EQ(save(tmp + "out.npy", a.data, t, a.shape, cStrides(a.shape, kSize[t])), "");
      // A big-endian file comes back as native data, which np.save writes as <.
      std::string expected = std::string(name) == "_be" ? s + "_2d.npy" : s + name + ".npy";
      EXPECT_EQ(readFile(tmp + "out.npy"), readFile(kDir + expected)) << s << name;
    }
    // The (2, 3) array laid out in Fortran order: np.save keeps that order.
    Loaded a(kDir + s + "_2d.npy", t, 2);
    std::vector<char> f(6 * static_cast<size_t>(kSize[t]));
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 3; ++j)
        std::memcpy(&f[static_cast<size_t>((j * 2 + i) * kSize[t])],
                    static_cast<char *>(a.data) + (i * 3 + j) * kSize[t], static_cast<size_t>(kSize[t]));
    ASSERT_EQ(save(tmp + "out.npy", f.data(), t, {2, 3}, {kSize[t], 2 * kSize[t]}), "");
    EXPECT_EQ(readFile(tmp + "out.npy"), readFile(kDir + s + "_f.npy")) << s;
  }
  for (const char *name : {"f8_3d", "i2_4d_f", "u1_100x3", "empty_0", "empty_0x3", "empty_3x0", "empty_b1"}) {
    std::string file = kDir + name + ".npy";
    int32_t dtype, ndim;
    int64_t shape[32];
    ASSERT_EQ(pj_npy_header(file.data(), static_cast<int64_t>(file.size()), &dtype, &ndim, shape), 0);
    Loaded a(file, dtype, ndim);
    ASSERT_EQ(a.error, "");
    std::vector<int64_t> strides = cStrides(a.shape, kSize[dtype]);
    if (std::string(name) == "i2_4d_f") // np.asfortranarray: Fortran strides
      strides = {2, 4, 4, 12};
    std::vector<char> buf(static_cast<size_t>(a.count() * kSize[dtype]));
    if (std::string(name) == "i2_4d_f") { // the C-order data into Fortran layout
      for (int64_t i = 0; i < a.count(); ++i) {
        int64_t c[4] = {i / 6, i / 6 * 0, i / 2 % 3, i % 2}, off = 0;
        for (int k = 0; k < 4; ++k) off += c[k] * strides[static_cast<size_t>(k)];
        std::memcpy(&buf[static_cast<size_t>(off)], static_cast<char *>(a.data) + i * 2, 2);
      }
    } else if (!buf.empty()) {
      std::memcpy(buf.data(), a.data, buf.size());
    }
    ASSERT_EQ(save(tmp + "out.npy", buf.data(), dtype, a.shape, strides), "");
    EXPECT_EQ(readFile(tmp + "out.npy"), readFile(file)) << name;
  }
}

// Views (steps, reversal, transposes, broadcasts) of the fixtures, saved as
// gen_npy_cases.py saves the same NumPy views.
TEST_F(NpyFiles, SaveOfStridedViewsWritesNumPysBytes) {
  Loaded f8_1d(kDir + "f8_1d.npy", PJ_FLOAT64, 1), f8_2d(kDir + "f8_2d.npy", PJ_FLOAT64, 2),
      f8_3d(kDir + "f8_3d.npy", PJ_FLOAT64, 3), i2_1d(kDir + "i2_1d.npy", PJ_INT16, 1),
      i4_2d(kDir + "i4_2d.npy", PJ_INT32, 2), b1_2d(kDir + "b1_2d.npy", PJ_BOOL, 2),
      u8_2d(kDir + "u8_2d.npy", PJ_UINT64, 2), u1_100x3(kDir + "u1_100x3.npy", PJ_UINT8, 2);
  auto at = [](const Loaded &a, int64_t byteOffset) { return static_cast<const char *>(a.data) + byteOffset; };
  float none = 0;
  struct Case {
    const char *file;
    const void *data;
    int dtype;
    std::vector<int64_t> shape, strides;
  };
  const Case cases[] = {
      {"save_f8_step2", at(f8_1d, 0), PJ_FLOAT64, {4}, {16}},
      {"save_f8_rev", at(f8_1d, 6 * 8), PJ_FLOAT64, {7}, {-8}},
      {"save_f8_2d_T", at(f8_2d, 0), PJ_FLOAT64, {3, 2}, {8, 24}},
      {"save_f8_3d_T", at(f8_3d, 0), PJ_FLOAT64, {4, 3, 2}, {8, 32, 96}},
      {"save_f8_3d_perm", at(f8_3d, 0), PJ_FLOAT64, {4, 2, 3}, {8, 96, 32}},
      {"save_f8_3d_slice", at(f8_3d, 2 * 32 + 8), PJ_FLOAT64, {2, 3, 2}, {96, -32, 8}},
      {"save_i2_bcast", at(i2_1d, 0), PJ_INT16, {3, 4}, {0, 2}},
      {"save_i4_col", at(i4_2d, 4), PJ_INT32, {2, 1}, {12, 4}},
      {"save_i4_rowT", at(i4_2d, 0), PJ_INT32, {3, 1}, {4, 12}},
      {"save_b1_step", at(b1_2d, 0), PJ_BOOL, {2, 2}, {3, 2}},
      {"save_u8_rev2", at(u8_2d, 5 * 8), PJ_UINT64, {2, 3}, {-24, -8}},
      {"save_f4_empty_T", &none, PJ_FLOAT32, {3, 0}, {4, 12}},
      {"save_u1_100x3_T", at(u1_100x3, 0), PJ_UINT8, {3, 100}, {1, 3}}, // room for 100 to grow
  };
  for (const Case &c : cases) {
    ASSERT_EQ(save(tmp + "out", c.data, c.dtype, c.shape, c.strides), "") << c.file;
    EXPECT_EQ(readFile(tmp + "out.npy"), readFile(kDir + c.file + ".npy")) << c.file;
  }
}

uint64_t fnv1a(const std::string &bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char b : bytes) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

// np.save moves to format 2.0 when the header outgrows 1.0's 16-bit length.
TEST_F(NpyFiles, SaveSwitchesToVersion2WhereNumPyDoes) {
  std::istringstream lines(readFile(kDir + "threshold.txt"));
  std::string line;
  int cases = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    int ndim, version;
    size_t bytes;
    std::string hash;
    in >> ndim >> version >> bytes >> hash;
    uint8_t seven = 7;
    std::vector<int64_t> ones(static_cast<size_t>(ndim), 1);
    ASSERT_EQ(save(tmp + "big.npy", &seven, PJ_UINT8, ones, ones), "");
    std::string out = readFile(tmp + "big.npy");
    EXPECT_EQ(out[6], version) << ndim;
    EXPECT_EQ(out.size(), bytes) << ndim;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(out)));
    EXPECT_EQ(hex, hash) << ndim;
    ++cases;
  }
  EXPECT_EQ(cases, 6);
}

// Every prefix of a valid file fails cleanly, and only the whole file loads.
TEST_F(NpyFiles, EveryTruncationFailsCleanly) {
  MemoryStats before = memoryStats();
  for (const char *name : {"f8_2d.npy", "i2_4d_f.npy", "v3_bef.npy"}) {
    std::string bytes = readFile(kDir + name);
    int32_t dtype, ndim;
    int64_t shape[32];
    std::string full = kDir + name;
    ASSERT_EQ(pj_npy_header(full.data(), static_cast<int64_t>(full.size()), &dtype, &ndim, shape), 0);
    for (size_t n = 0; n <= bytes.size(); ++n) {
      writeFile(tmp + "cut.npy", bytes.substr(0, n));
      Loaded a(tmp + "cut.npy", dtype, ndim);
      if (n < bytes.size()) {
        EXPECT_TRUE(a.error.rfind("ValueError: " + tmp + "cut.npy is ", 0) == 0) << n << ": " << a.error;
        EXPECT_TRUE(a.error.find(" is not a .npy file") != std::string::npos ||
                    a.error.find(" is truncated: expected ") != std::string::npos)
            << n << ": " << a.error;
      } else {
        EXPECT_EQ(a.error, "") << name;
        EXPECT_TRUE(holdsValues(a.data, dtype, a.count())) << name;
      }
    }
  }
  EXPECT_EQ(memoryStats().liveBlocks, before.liveBlocks);
}

// Random single-byte changes in the preamble and header: a clean error or a
// well-formed array, never a crash or a read past the file (run under ASan).
TEST_F(NpyFiles, RandomHeaderCorruptionsNeverCrash) {
  MemoryStats before = memoryStats();
  std::mt19937 rng(20240601);
  const char special[] = "{}()[],:'\" 0123456789-LTFN\n\0\x93\xff";
  const std::string interesting(special, sizeof special - 1);
  int loaded = 0, failed = 0;
  for (const char *name : {"f8_2d.npy", "i2_4d_f.npy", "v2_bef.npy"}) {
    std::string bytes = readFile(kDir + name);
    size_t headerEnd = bytes.find('\n') + 1;
    for (int iter = 0; iter < 300; ++iter) {
      std::string bad = bytes;
      size_t pos = std::uniform_int_distribution<size_t>(0, headerEnd - 1)(rng);
      bad[pos] = rng() % 2 ? interesting[rng() % interesting.size()] : static_cast<char>(rng());
      writeFile(tmp + "bad.npy", bad);
      for (int ndim = 1; ndim <= 4; ++ndim) {
        for (int dtype : {PJ_FLOAT64, PJ_INT16, PJ_INT32}) {
          Loaded a(tmp + "bad.npy", dtype, ndim);
          if (a.error.empty()) {
            ++loaded;
            EXPECT_LE(a.count() * kSize[dtype], static_cast<int64_t>(bad.size() - headerEnd));
          } else {
            ++failed;
            EXPECT_TRUE(a.error.rfind("ValueError: ", 0) == 0) << a.error;
          }
        }
      }
      headerError(tmp + "bad.npy");
    }
  }
  EXPECT_GT(loaded, 0);
  EXPECT_GT(failed, 0);
  EXPECT_EQ(memoryStats().liveBlocks, before.liveBlocks);
}
