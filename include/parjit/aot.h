/* What libraries made by `parjit compile` use from libparjit_runtime.so.
   The header `parjit compile` writes declares the same things, so a C
   program needs only that header. */
#ifndef PARJIT_AOT_H
#define PARJIT_AOT_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An array the caller owns: data, rank, shape, and strides in bytes (NULL:
   C-contiguous). Its element type is the one the function was exported for. */
typedef struct {
  void *data;
  int64_t ndim;
  const int64_t *shape;
  const int64_t *strides;
} parjit_aot_array;

/* An array an exported function returned: the caller owns one reference to
   its memory and releases it with parjit_aot_release. */
typedef struct {
  void *owner;
  void *data;
  int64_t ndim;
  int64_t shape[8];
  int64_t strides[8]; /* bytes */
} parjit_aot_result;

/* After an exported function returned -1: the Python exception it raised,
   as CPython prints it ("Traceback ...\nIndexError: ..."). Valid until the
   next call on this thread. */
const char *parjit_last_error(void);
void parjit_aot_release(parjit_aot_result *array);

/* Used by the generated wrappers: fills an array descriptor from `a`,
   checking its rank (and C-contiguity when `contiguous`); -1 and a pending
   ValueError when it does not fit. */
int32_t pj_aot_array(void *desc, const parjit_aot_array *a, int64_t ndim, int64_t itemsize, int32_t contiguous);
/* Fills *out from a returned array descriptor. */
void pj_aot_result(parjit_aot_result *out, const void *desc, int64_t ndim);

#ifdef __cplusplus
}
#endif
#endif
