/* The only interface between generated code and the parjit runtime.
   Generated code calls these C functions; nothing else. */
#ifndef PARJIT_ABI_H
#define PARJIT_ABI_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Element types, as numbered in generated code and array descriptors. */
enum pj_dtype {
  PJ_BOOL = 0, PJ_INT8, PJ_INT16, PJ_INT32, PJ_INT64,
  PJ_UINT8, PJ_UINT16, PJ_UINT32, PJ_UINT64, PJ_FLOAT32, PJ_FLOAT64
};

/* Python exception kinds that compiled code raises. */
enum pj_exc {
  PJ_EXC_NONE = 0, PJ_EXC_INDEX, PJ_EXC_ZERO_DIVISION, PJ_EXC_ASSERTION,
  PJ_EXC_VALUE, PJ_EXC_MEMORY, PJ_EXC_OVERFLOW, PJ_EXC_RUNTIME,
  PJ_EXC_FILE_NOT_FOUND, PJ_EXC_OS
};

/* ---- output: print() builds its line from these pieces, on stdout ---- */
void pj_write_str(const char *s, int64_t len);
void pj_write_i64(int64_t v);
void pj_write_u64(uint64_t v);
void pj_write_f64(double v);   /* CPython repr: shortest round trip */
void pj_write_f32(float v);    /* NumPy float32 str: shortest round trip as float32 */
void pj_write_bool(int32_t v); /* True / False */
/* NumPy's str(a) (repr != 0: repr(a)) of an array of any rank; strides in bytes. */
void pj_write_array(const void *data, int32_t dtype, int32_t ndim,
                    const int64_t *shape, const int64_t *strides, int32_t repr);
void pj_flush(void);
/* repr() of a string: quoted and escaped as CPython does. */
void pj_write_repr_str(const char *s, int64_t len);

/* ---- memory: reference-counted blocks ----
   An array is { meminfo, data, shape[n], strides[n] }: data points into the
   block that meminfo owns, or meminfo is NULL when the array borrows memory
   it does not own (a host's buffer). */
typedef struct pj_meminfo pj_meminfo;
/* A new 64-byte aligned, zeroed block with one reference, its address in
   *data; NULL (and a MemoryError raised) on failure. */
pj_meminfo *pj_alloc(int64_t nbytes, void **data);
/* The same, its contents left undefined: for arrays written in full before
   they are read (results of expressions, copies, np.empty). */
pj_meminfo *pj_alloc_empty(int64_t nbytes, void **data);
void pj_incref(pj_meminfo *m); /* NULL: nothing */
void pj_decref(pj_meminfo *m); /* the last reference frees the block; NULL: nothing */

/* ---- exceptions: record the error, then the caller returns status 1 ---- */
void pj_raise(int32_t kind, const char *msg);
void pj_raise_index(int64_t index, int64_t axis, int64_t size);
/* ValueError: operands could not be broadcast together with shapes (3,) (4,)
   (n operands; ndims[i] axes each; their shapes concatenated). */
void pj_raise_broadcast(int32_t n, const int64_t *ndims, const int64_t *shapes);
/* ValueError: could not broadcast input array from shape (4,) into shape (3,) */
void pj_raise_broadcast_into(int32_t srcNdim, const int64_t *src, int32_t dstNdim, const int64_t *dst);
/* ValueError: cannot reshape array of size 6 into shape (4,newaxis), in
   NumPy's words; shape is the requested one (-1 for the unknown axis). */
void pj_raise_reshape(int64_t size, int32_t ndim, const int64_t *shape);
/* ValueError: np.concatenate of arrays whose other axes differ. */
void pj_raise_concatenate(int64_t axis, int64_t index, int64_t size0, int64_t sizeI);
/* IndexError: a boolean index whose shape differs from the array's. */
void pj_raise_mask_shape(int64_t axis, int64_t dim, int64_t maskDim);
/* ValueError: a[mask] = values with the wrong number of values. */
void pj_raise_mask_assign(int64_t values, int64_t selected);
/* Called by each frame an exception passes through (innermost first). */
void pj_add_frame(const char *file, int32_t line, const char *function);

/* ---- math helpers that have no LLVM intrinsic ---- */
double pj_pow_f64(double a, double b); /* Python float ** float */
int64_t pj_pow_i64(int64_t a, int64_t b);   /* raises ValueError for b < 0; caller checks pj_failed */
int32_t pj_failed(void);
/* round(x, ndigits) as CPython computes it (correctly rounded, half to even). */
double pj_round_f64(double x, int64_t ndigits);
/* NumPy's pairwise sum of one block (at most 8192 elements) `stride` bytes apart. */
double pj_pairwise_f64(const void *data, int64_t n, int64_t stride);
float pj_pairwise_f32(const void *data, int64_t n, int64_t stride);
/* NumPy's whole float sum of n elements: pairwise blocks of 8192, added in
   order; parallel != 0 computes the blocks on all cores (same bits). */
double pj_sum_f64(const void *data, int64_t n, int64_t stride, int32_t parallel);
float pj_sum_f32(const void *data, int64_t n, int64_t stride, int32_t parallel);
/* C = A @ B for row-major float matrices (m x k, k x n; ld* are row
   lengths in elements): BLAS's gemm (OpenBLAS, loaded on first use; a loop
   nest when there is none). */
void pj_gemm_f64(int64_t m, int64_t n, int64_t k, const double *a, int64_t lda, const double *b, int64_t ldb,
                 double *c, int64_t ldc);
void pj_gemm_f32(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const float *b, int64_t ldb, float *c,
                 int64_t ldc);
/* scipy.special.erf / erfc: scipy's Cephes algorithms, bit for bit. */
double pj_special_erf(double x);
double pj_special_erfc(double x);
/* time.perf_counter(): seconds from a monotonic clock. */
double pj_perf_counter(void);

/* ---- sys.argv: set by the host before the program runs ---- */
void pj_set_argv(int32_t argc, const char *const *argv);
int64_t pj_argc(void);
/* sys.argv[i] (negative i counts from the end); NULL and IndexError if out of range. */
const char *pj_argv(int64_t i);
/* int(s), float(s) of a string; ValueError (pj_failed) when it is not a number. */
int64_t pj_str_to_i64(const char *s, int64_t len);
double pj_str_to_f64(const char *s, int64_t len);

/* ---- parallel loops ----
   A prange loop of n iterations is cut into chunks of `chunk` iterations
   (the last may be shorter); the cut depends only on n and the compiled
   loop, never on the thread count, so reductions combined chunk by chunk
   give the same bits whatever the number of threads. `body` runs the
   iterations [lo, hi) of one chunk and returns 0, or the source line of a
   Python exception it raised (pending on its thread).
   pj_parallel_for returns 0, the line of the exception of the lowest
   failing chunk (now pending on the calling thread; chunks after it are
   skipped), or -1 for an error of the runtime itself (pending too). */
typedef int32_t (*pj_body_fn)(void *env, int64_t lo, int64_t hi);
int32_t pj_parallel_for(void *env, pj_body_fn body, int64_t n, int64_t chunk);
/* The number of worker threads (>= 1) and this thread's index in [0, n)
   inside a parallel loop (0 outside one): for per-thread private copies. */
int64_t pj_num_threads(void);
int64_t pj_thread_id(void);

/* ---- np.random: NumPy's legacy RandomState (MT19937) ----
   One global generator giving NumPy's numbers for the same seed; seeded
   from OS entropy until pj_random_seed, as NumPy's is. Errors are raised
   before anything is drawn (caller checks pj_failed). Each call holds a
   lock: safe in a parallel loop, but which iteration gets which value
   then depends on scheduling. The fill forms draw as NumPy does for a
   size= argument (C order), so rand(3, 4) fills 12 doubles. */
/* np.random.seed(n); ValueError unless 0 <= n <= 2**32 - 1. Clears the normal cache. */
void pj_random_seed(int64_t seed);
double pj_random_random(void);          /* random() / rand() / random_sample() */
double pj_random_standard_normal(void); /* randn() / standard_normal() */
/* uniform(low, high); OverflowError when high - low is not finite. */
double pj_random_uniform(double low, double high);
/* normal(loc, scale); ValueError "scale < 0" (also for -0.0). */
double pj_random_normal(double loc, double scale);
/* randint(low, high), dtype int64; ValueError when high <= low. */
int64_t pj_random_randint(int64_t low, int64_t high);
void pj_random_fill_random(double *out, int64_t n);
void pj_random_fill_standard_normal(double *out, int64_t n);
void pj_random_fill_uniform(double *out, int64_t n, double low, double high);
void pj_random_fill_normal(double *out, int64_t n, double loc, double scale);
void pj_random_fill_randint(int64_t *out, int64_t n, int64_t low, int64_t high);

/* ---- np.save / np.load: .npy files ----
   NumPy 1.24's format; paths are pointer + length (no NUL). OS errors raise
   FileNotFoundError / OSError with CPython's text ("[Errno 2] No such file
   or directory: 'x.npy'"); malformed files raise ValueError. */
/* np.save(path, a): the file np.save writes, byte for byte: ".npy" appended
   unless path ends with it; version 1.0 (2.0 when the header needs it);
   elements in C order, or as they lie in memory with fortran_order True
   when `a` is Fortran- but not C-contiguous (strides in bytes, any sign).
   0, or 1 with an exception raised. */
int32_t pj_npy_save(const char *path, int64_t pathLen, const void *data, int32_t dtype, int32_t ndim,
                    const int64_t *shape, const int64_t *strides);
/* The dtype, ndim (1..32) and shape of a .npy file, from its header alone.
   0, or 1 with an exception raised (also for 0-d arrays and other dtypes). */
int32_t pj_npy_header(const char *path, int64_t pathLen, int32_t *dtype, int32_t *ndim, int64_t *shape);
/* np.load(path) of a file that must hold an ndim-d array of dtype: a new
   C-contiguous block (its element pointer in *data, its shape in shape[0,
   ndim)), or NULL with an exception raised. Big-endian and Fortran-order
   files are converted; bytes after the data are ignored, as NumPy does. */
pj_meminfo *pj_npy_load(const char *path, int64_t pathLen, int32_t dtype, int32_t ndim, int64_t *shape,
                        void **data);

/* ---- CUDA (runtime/cuda.cpp): kernels compiled to PTX, launched through
   the driver API. libcuda is loaded with dlopen on first use
   ($PARJIT_CUDA_LIBRARY, default libcuda.so.1); without it, or without a
   device, a launch raises RuntimeError "no CUDA device: <why>". ---- */

/* A program's device code: one PTX module, loaded on first launch. */
typedef struct {
  const char *ptx;                 /* NUL-terminated PTX text */
  const char *file;                /* the script, for tracebacks */
  const char *const *messages;     /* the device code's error messages */
  int32_t nmessages;
} pj_cuda_module;

/* A kernel argument. A scalar: value points to `size` bytes. An array:
   value points to the host array {meminfo, data, shape[ndim], strides[ndim]}
   and `size` is its element size in bytes (needed when meminfo is NULL, to
   copy the bytes the array spans); the kernel receives, by value, the same
   struct with meminfo NULL and data pointing into the device copy of the
   block (uploaded only when the host copy is newer). writes != 0: the
   kernel may store into the array, so the device copy becomes the current
   one; writes == PJ_CUDA_ARG_WRITES_ALL: the kernel writes every byte of
   the array's block before reading any (a fresh output), so a newer host
   copy is not uploaded. */
enum { PJ_CUDA_ARG_SCALAR = 0, PJ_CUDA_ARG_ARRAY = 1, PJ_CUDA_ARG_WRITES_ALL = 2 };
typedef struct {
  int32_t kind;
  int32_t ndim;
  int64_t size;
  const void *value;
  int32_t writes;
} pj_cuda_arg;

/* Device code records its first error here (a global of the PTX module
   named __pj_cuda_error, zero when none): kind is a pj_exc, line the
   source line, message an index into pj_cuda_module.messages whose "{0}",
   "{1}", "{2}" stand for args[0..2] in decimal. */
typedef struct {
  int32_t kind, line, message, pad;
  int64_t args[3];
} pj_cuda_error_record;

/* kernel[grid, block, stream, sharedBytes](args): runs the kernel `name`
   (shown as `shownName` in tracebacks) and waits for it; grid and block
   have 3 entries (x, y, z; 1 for the axes not given). sharedBytes is the
   size of the launch's dynamic shared memory (0 when not given): negative
   raises ValueError; above 48 KiB the kernel is opted in to more
   (CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES), and beyond the
   device's MAX_SHARED_MEMORY_PER_BLOCK_OPTIN raises ValueError. 0, or 1
   with an exception raised (invalid dimensions or shared memory size, no
   device, a driver error with its text, an error recorded by the kernel). */
int32_t pj_cuda_launch(const pj_cuda_module *module, const char *name, const char *shownName,
                       const int64_t *grid, const int64_t *block, int64_t sharedBytes, int32_t nargs,
                       const pj_cuda_arg *args);
/* Before host code touches an array's memory: copies the block back when
   the device copy is newer. NULL or never on a device: nothing. 0, or 1
   with an exception raised (a driver error). */
int32_t pj_cuda_to_host(pj_meminfo *m);
/* Before host code stores into an array's memory: as pj_cuda_to_host, then
   the device copy is stale (uploaded again by the next launch that uses
   it). Cheap when no block has been on a device. 0, or 1 with an
   exception raised. */
int32_t pj_cuda_host_wrote(pj_meminfo *m);
/* cuda.is_available(): 1 when the driver loads and has the device, else 0
   (never raises). */
int32_t pj_cuda_is_available(void);

#ifdef __cplusplus
}
#endif
#endif
