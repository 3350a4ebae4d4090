/* A callback whose parameter is an array of pointers (libgit2's
 * git_commit_create_cb `const git_commit *parents[]`): a pointer to a
 * pointer. Bound as a pointer to the record itself, the callback reads the
 * array as records: a real difference, though both are one pointer wide. */
struct obj;
typedef int (*create_cb)(unsigned long count, const struct obj *parents[], void *payload);
struct opts {
  int version;
  create_cb cb;
};
int run(struct opts *o);
