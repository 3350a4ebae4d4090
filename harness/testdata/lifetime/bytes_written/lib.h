// Names copied into a caller's buffer. name_copy returns how many bytes it
// wrote (at most the capacity); name_format returns, like snprintf, the
// length the whole name needs, which can exceed what it wrote.
#ifndef BF_TESTDATA_LIFETIME_BYTES_WRITTEN_H_
#define BF_TESTDATA_LIFETIME_BYTES_WRITTEN_H_

#include <stddef.h>

struct named;

struct named* named_new(int id);
void named_free(struct named* n);
int name_copy(struct named* n, char* buf, size_t cap);    // bytes written
int name_format(struct named* n, char* buf, size_t cap);  // bytes needed

#endif
