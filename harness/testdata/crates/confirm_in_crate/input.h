/* The C side of harness/testdata/crates/confirm_in_crate. */
struct rec { int a; int b; };
struct same { int x; };
#define LIMIT 9
