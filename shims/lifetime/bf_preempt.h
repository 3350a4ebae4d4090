// Preemption points for user-space C under the sequence engine.
//
// A library that releases its own lock (a pthread mutex, a spinlock of its
// own) marks the release with BF_PREEMPT_POINT(): under a sequence fuzzer the
// engine may run another operation of the input there, as a second thread
// could (shims/lifetime/bf_seq.h, bf_preempt_point). The declaration is weak,
// so the library still links and runs without the engine (then it does
// nothing).
//
//   pthread_mutex_unlock(&l->lock);
//   BF_PREEMPT_POINT();
//   ... code that re-takes the lock and trusts what it saw before ...
#ifndef BINDFUZZ_SHIMS_LIFETIME_BF_PREEMPT_H_
#define BINDFUZZ_SHIMS_LIFETIME_BF_PREEMPT_H_

#ifdef __cplusplus
extern "C" {
#endif

void bf_preempt_point(void) __attribute__((weak));

#ifdef __cplusplus
}  // extern "C"
#endif

#define BF_PREEMPT_POINT()                          \
  do {                                              \
    if (bf_preempt_point != 0) bf_preempt_point();  \
  } while (0)

#endif  // BINDFUZZ_SHIMS_LIFETIME_BF_PREEMPT_H_
