/* Every class with a binding that agrees: the generated targets must fuzz
 * clean, and scripts/gen-bench.sh measures their exec/s. */
struct pkt {
  int a;
  long long b;
  char c[6];
};
struct flags {
  unsigned int a : 3;
  unsigned int b : 5;
  unsigned int c : 1;
  unsigned short tail;
};
enum mode { MODE_A = 1, MODE_B = 2, MODE_C = 3 };
struct cfg {
  enum mode m;
  _Bool on;
};
struct dev;
long dev_set_level(struct dev *d, int level, unsigned int mask);
enum mode dev_mode(const struct dev *d);
