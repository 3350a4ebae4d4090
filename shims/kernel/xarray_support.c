// bindfuzz kernel shims: what lib/radix-tree.c and lib/xarray.c expect from
// the rest of the kernel when they are built the way tools/testing/radix-tree
// builds them, minus the parts the shims replace (tools/testing/shared/linux.c's
// recycling slab, liburcu).
//
//   bfk_radix_tree_boot();   // once before the first XArray operation
//
// Compiled with the kernel C of bindfuzz_kernel_xarray (shims/kernel/CMakeLists.txt).

// tools/testing/shared/linux/radix-tree.h reads these (trace_call_rcu).
int kmalloc_verbose;
int test_verbose;

void radix_tree_init(void);  // lib/radix-tree.c, __init

// Creates radix_tree_node_cachep, as the kernel does at boot. Idempotent.
void bfk_radix_tree_boot(void) {
  static int booted;
  if (booted) return;
  booted = 1;
  radix_tree_init();
}
