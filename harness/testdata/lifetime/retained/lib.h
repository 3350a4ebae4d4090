// A registry that keeps pointers to the items added to it (no copy, no
// ownership) until they are deleted or the registry is freed.
#ifndef BF_TESTDATA_LIFETIME_RETAINED_H_
#define BF_TESTDATA_LIFETIME_RETAINED_H_

struct reg;
struct item;

struct reg* reg_new(void);
void reg_free(struct reg* r);  // forgets the items, does not free them
struct item* item_new(int value);
void item_free(struct item* it);
int reg_add(struct reg* r, struct item* it);  // keeps `it`; -1 when full or present
int reg_del(struct reg* r, struct item* it);  // forgets `it`
int reg_sum(struct reg* r);                   // reads every item it keeps

#endif
