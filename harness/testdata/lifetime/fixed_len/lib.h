// Objects with a fixed-size digest and key: obj_digest fills a caller's
// 256-byte array, obj_set_key reads a 16-byte one (no length is passed).
#ifndef BF_TESTDATA_LIFETIME_FIXED_LEN_H_
#define BF_TESTDATA_LIFETIME_FIXED_LEN_H_

#define OBJ_DIGEST_BYTES 256
#define OBJ_KEY_BYTES 16

struct obj;

struct obj* obj_new(int seed);
void obj_free(struct obj* o);
void obj_digest(struct obj* o, unsigned char out[OBJ_DIGEST_BYTES]);
void obj_set_key(struct obj* o, const unsigned char key[OBJ_KEY_BYTES]);

#endif
