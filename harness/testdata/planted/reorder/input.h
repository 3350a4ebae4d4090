/* Field reorder: C declares a, b, c; the Rust binding has b and c swapped. */
struct pkt {
  int a;
  int b;
  int c;
};
