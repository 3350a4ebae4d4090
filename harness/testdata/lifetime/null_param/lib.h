// Documents rendered with an optional style. doc_render accepts NULL for
// "the default style" (Rust: Option<&Style> mapped to NULL); doc_measure
// reads the style it is given and does not accept NULL.
#ifndef BF_TESTDATA_LIFETIME_NULL_PARAM_H_
#define BF_TESTDATA_LIFETIME_NULL_PARAM_H_

struct doc;
struct style;

struct doc* doc_new(void);
void doc_free(struct doc* d);
struct style* style_new(int size);
void style_free(struct style* s);
int doc_render(struct doc* d, const struct style* s);   // s may be NULL
int doc_measure(struct doc* d, const struct style* s);  // s must not be NULL

#endif
