// Vectors of ints. vec_get does not check its index: the caller must keep
// it below vec_len (a Rust binding checks `i < self.len()` first).
#ifndef BF_TESTDATA_LIFETIME_DEPENDENT_RANGE_H_
#define BF_TESTDATA_LIFETIME_DEPENDENT_RANGE_H_

#include <stddef.h>

struct vec;

struct vec* vec_new(int n);
void vec_free(struct vec* v);
size_t vec_len(struct vec* v);
int vec_get(struct vec* v, size_t i);

#endif
