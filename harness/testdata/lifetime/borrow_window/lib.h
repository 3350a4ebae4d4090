// A document whose title is kept in a buffer that doc_set_title replaces
// (the old one is freed).
#ifndef BF_TESTDATA_LIFETIME_BORROW_WINDOW_H_
#define BF_TESTDATA_LIFETIME_BORROW_WINDOW_H_

struct doc;

struct doc* doc_new(void);
void doc_free(struct doc* d);
const char* doc_title(struct doc* d);  // valid until doc_set_title / doc_free
void doc_set_title(struct doc* d, const char* title);
int doc_words(struct doc* d);

#endif
