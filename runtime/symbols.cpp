// The runtime's C entry points by name, for the JIT's symbol table.
#include "Runtime.h"

namespace parjit::rt {

std::vector<std::pair<const char *, void *>> symbols() {
#define PJ_SYMBOL(name) {#name, reinterpret_cast<void *>(&name)}
  return {
      PJ_SYMBOL(pj_write_str),
      PJ_SYMBOL(pj_write_i64),
      PJ_SYMBOL(pj_write_u64),
      PJ_SYMBOL(pj_write_f64),
      PJ_SYMBOL(pj_write_f32),
      PJ_SYMBOL(pj_write_bool),
      PJ_SYMBOL(pj_write_array),
      PJ_SYMBOL(pj_flush),
      PJ_SYMBOL(pj_write_repr_str),
      PJ_SYMBOL(pj_alloc),
      PJ_SYMBOL(pj_alloc_empty),
      PJ_SYMBOL(pj_incref),
      PJ_SYMBOL(pj_decref),
      PJ_SYMBOL(pj_raise),
      PJ_SYMBOL(pj_raise_index),
      PJ_SYMBOL(pj_raise_broadcast),
      PJ_SYMBOL(pj_raise_broadcast_into),
      PJ_SYMBOL(pj_raise_reshape),
      PJ_SYMBOL(pj_raise_mask_shape),
      PJ_SYMBOL(pj_raise_concatenate),
      PJ_SYMBOL(pj_raise_mask_assign),
      PJ_SYMBOL(pj_add_frame),
      PJ_SYMBOL(pj_pow_f64),
      PJ_SYMBOL(pj_pow_i64),
      PJ_SYMBOL(pj_failed),
      PJ_SYMBOL(pj_round_f64),
      PJ_SYMBOL(pj_sum_f64),
      PJ_SYMBOL(pj_sum_f32),
      PJ_SYMBOL(pj_gemm_f64),
      PJ_SYMBOL(pj_gemm_f32),
      PJ_SYMBOL(pj_perf_counter),
      PJ_SYMBOL(pj_special_erf),
      PJ_SYMBOL(pj_special_erfc),
      PJ_SYMBOL(pj_set_argv),
      PJ_SYMBOL(pj_argc),
      PJ_SYMBOL(pj_argv),
      PJ_SYMBOL(pj_str_to_i64),
      PJ_SYMBOL(pj_str_to_f64),
      PJ_SYMBOL(pj_parallel_for),
      PJ_SYMBOL(pj_num_threads),
      PJ_SYMBOL(pj_thread_id),
      PJ_SYMBOL(pj_random_seed),
      PJ_SYMBOL(pj_random_random),
      PJ_SYMBOL(pj_random_standard_normal),
      PJ_SYMBOL(pj_random_uniform),
      PJ_SYMBOL(pj_random_normal),
      PJ_SYMBOL(pj_random_randint),
      PJ_SYMBOL(pj_random_fill_random),
      PJ_SYMBOL(pj_random_fill_standard_normal),
      PJ_SYMBOL(pj_random_fill_uniform),
      PJ_SYMBOL(pj_random_fill_normal),
      PJ_SYMBOL(pj_random_fill_randint),
      PJ_SYMBOL(pj_npy_save),
      PJ_SYMBOL(pj_npy_header),
      PJ_SYMBOL(pj_npy_load),
  };
#undef PJ_SYMBOL
}

} // namespace parjit::rt
