// A 6.12-style struct file: f_op moved from offset 40 (6.1) to 16.
// bindfuzz-flags: --target=x86_64-linux-gnu -std=gnu11
typedef unsigned int fmode_t;
struct file_operations;
struct file {
  long f_count;
  unsigned int f_flags;
  fmode_t f_mode;
  const struct file_operations *f_op;
  void *private_data;
  unsigned long f_pos;
};
