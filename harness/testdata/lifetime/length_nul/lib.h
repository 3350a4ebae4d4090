// A vector of u32 with a name kept as counted bytes (no NUL).
#ifndef BF_TESTDATA_LIFETIME_LENGTH_NUL_H_
#define BF_TESTDATA_LIFETIME_LENGTH_NUL_H_

#include <stddef.h>
#include <stdint.h>

struct vec;

struct vec* vec_new(int tag);
void vec_free(struct vec* v);
int vec_push(struct vec* v, uint32_t x);
// Writes exactly n elements to out (zeros past the vector's length).
size_t vec_copy(struct vec* v, uint32_t* out, size_t n);
// Sums n elements of in.
uint64_t vec_sum_of(const uint32_t* in, size_t n);
const char* vec_name(struct vec* v);  // vec_name_len bytes, no NUL
size_t vec_name_len(struct vec* v);

#endif
