/* Functions whose C declaration renames the symbol with an asm label
 * (glibc's <stdio.h> with _ISOC99_SOURCE: `scanf` links as
 * `__isoc99_scanf`). Functions pair by the symbol they link. */
// bindfuzz-flags: --target=x86_64-linux-gnu
extern int scanf(const char *__restrict __format, ...) __asm__("" "__isoc99_scanf");
int foo(int x) __asm__("foo_v2");
int bar(int x) __asm__("bar_v2");
int baz(int x) __asm__("baz_v2");
int plain(int x);
