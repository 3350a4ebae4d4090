// bindfuzz kernel shim: asm/bug.h is linux/bug.h here.
#include "../linux/bug.h"
