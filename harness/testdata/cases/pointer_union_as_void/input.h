// openssl's GENERAL_NAME: a union of data pointers whose member another
// field (`type`) selects. openssl-sys binds it as `*mut c_void`: the same
// bits, one pointer either way. A union that also holds an integer or a
// function pointer is not such a pointer.
// bindfuzz-flags: --target=x86_64-linux-gnu
typedef struct asn1_string_st { int length; unsigned char *data; } ASN1_STRING;
typedef struct GENERAL_NAME_st {
  int type;
  union {
    char *ptr;
    ASN1_STRING *ia5;
    ASN1_STRING *other;
  } d;
} GENERAL_NAME;
struct mixed {
  int type;
  union {
    char *ptr;
    long value;
  } d;
};
struct sockaddr { unsigned short sa_family; char sa_data[14]; };
// glibc's ifaddrs.ifa_ifu: both members `struct sockaddr *`; libc binds
// `*mut sockaddr`, a pointer of a member's type.
struct ifaddrs_like {
  union {
    struct sockaddr *ifu_broadaddr;
    struct sockaddr *ifu_dstaddr;
  } ifa_ifu;
};
