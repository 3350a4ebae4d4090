// bindfuzz-flags: --target=x86_64-linux-gnu
/* Linux 6.1's `struct ip_msfilter`: four named members, then an unnamed
 * union of a one-element array and a flexible array (the kernel's
 * __DECLARE_FLEX_ARRAY). linux-raw-sys 0.0.46 was generated from the 5.x
 * header, where the whole record is one unnamed union of two unnamed
 * structs (`imsf_*_aux` names in the first). The unnamed members nest
 * differently, but every name C code spells is at one place with one type
 * on both sides (gcc and rustc agree: 20 bytes, offsets 0/4/8/12/16). */
#define __DECLARE_FLEX_ARRAY(TYPE, NAME) \
	struct { struct { } __empty_ ## NAME; TYPE NAME[]; }
typedef unsigned int __u32;
typedef __u32 __be32;
struct ip_msfilter {
	__be32 imsf_multiaddr;
	__be32 imsf_interface;
	__u32 imsf_fmode;
	__u32 imsf_numsrc;
	union {
		__be32 imsf_slist[1];
		__DECLARE_FLEX_ARRAY(__be32, imsf_slist_flex);
	};
};
/* The same shapes, but C's `grp_count` is signed where Rust has it (and its
 * alias `grp_count_aux`) unsigned: found through the unnamed levels. */
struct grp_filter {
	__u32 grp_iface;
	int grp_count;
	union {
		__u32 grp_list[1];
		__DECLARE_FLEX_ARRAY(__u32, grp_list_flex);
	};
};
