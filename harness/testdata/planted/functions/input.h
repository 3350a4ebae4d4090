/* Function parameter width and return width. */
struct dev;
long dev_set_level(struct dev *d, int level, unsigned int mask);
int dev_flags(struct dev *d);
