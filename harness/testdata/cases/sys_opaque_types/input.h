// The C side of the opaque stand-in case: forward-declared structs only pointed to.
// bindfuzz-flags: --target=x86_64-linux-gnu
struct fwd;
struct handle;
struct hdr {
  unsigned len;
  struct fwd *f;
  struct handle *h;
};
int fwd_open(struct fwd **p);
unsigned fwd_len(const struct fwd *p);
int handle_close(struct handle *h, struct fwd *f);
