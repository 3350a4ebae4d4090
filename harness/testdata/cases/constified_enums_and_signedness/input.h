// bindfuzz-flags: --target=x86_64-linux-gnu
// Enums a binding writes as a typedef and constants, and signedness
// differences in every place a type occurs.
typedef enum { MSG_NONE, MSG_DONE } MSG;
int send_msg(MSG m);
enum color { COLOR_RED, COLOR_BLUE = 4 };
typedef enum color color_t;
typedef char *name_t;
typedef int (*cb_t)(int);
extern unsigned int counter;
struct tag { char t[4]; };
enum shade { SHADE_DARK = -1, SHADE_LIGHT = 1 };
struct big_s { long a; };
