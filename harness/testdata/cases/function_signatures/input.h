// bindfuzz-flags: --target=x86_64-linux-gnu
typedef unsigned long size_t;
struct dev;
int dev_read(struct dev *d, void *buf, size_t count);
long dev_ioctl(struct dev *d, unsigned int cmd, unsigned long arg);
int dev_printk(const char *fmt, ...);
static inline int dev_id(struct dev *d) { return 0; }
void dev_register(int (*probe)(struct dev *, int), void *ctx);
