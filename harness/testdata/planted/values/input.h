/* Values C can produce that the Rust type does not admit. */
enum mode { MODE_A = 1, MODE_B = 2, MODE_C = 3 };
struct cfg {
  enum mode m;
  int level;
};
struct flag {
  unsigned char on;
};
enum mode current_mode(void);
