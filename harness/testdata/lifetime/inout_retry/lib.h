// Objects whose name is copied out with an in/out length: on input `*n` is
// the buffer's capacity; get_name returns 0 and stores the bytes it wrote,
// or, when the buffer is too small, writes nothing, returns OBJ_TOO_SMALL
// and stores the bytes the name needs (the caller grows and calls again).
#ifndef BF_TESTDATA_LIFETIME_INOUT_RETRY_H_
#define BF_TESTDATA_LIFETIME_INOUT_RETRY_H_

#include <stddef.h>

#define OBJ_TOO_SMALL 1

struct obj;

struct obj* obj_new(int id);
void obj_free(struct obj* o);
int get_name(struct obj* o, char* buf, size_t* n);

#endif
