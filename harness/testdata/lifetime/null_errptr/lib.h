// obj_open fails two ways: NULL for an empty name, ERR_PTR(-ENOENT) for a
// name starting with '/' (kernel style: both must be checked).
#ifndef BF_TESTDATA_LIFETIME_NULL_ERRPTR_H_
#define BF_TESTDATA_LIFETIME_NULL_ERRPTR_H_

struct obj;

struct obj* obj_open(const char* name, int flags);  // object, NULL or ERR_PTR
void obj_close(struct obj* o);
int obj_flags(struct obj* o);
int obj_name_len(struct obj* o);

#endif
