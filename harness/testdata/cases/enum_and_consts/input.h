// bindfuzz-flags: --target=x86_64-linux-gnu
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define EINVAL 22
enum state { STATE_IDLE = 0, STATE_RUN = 1, STATE_DEAD = 4 };
enum mode { MODE_A = 1, MODE_B = 2, MODE_C = 3 };
