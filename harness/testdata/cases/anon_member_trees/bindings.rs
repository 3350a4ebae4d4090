// bindgen's rendering of the 5.x headers (linux-raw-sys 0.0.46).
// EXPECT-MISMATCH: field-signedness grp_filter.grp_count
// EXPECT-MISMATCH: field-signedness grp_filter.grp_count_aux
pub type __u32 = ::std::os::raw::c_uint;
pub type __be32 = __u32;
#[repr(C)]
#[derive(Default)]
pub struct __IncompleteArrayField<T>(::std::marker::PhantomData<T>, [T; 0]);
#[repr(C)]
pub struct __BindgenUnionField<T>(::std::marker::PhantomData<T>);

#[repr(C)]
pub struct ip_msfilter {
    pub __bindgen_anon_1: ip_msfilter__bindgen_ty_1,
}
#[repr(C)]
pub struct ip_msfilter__bindgen_ty_1 {
    pub __bindgen_anon_1: __BindgenUnionField<ip_msfilter__bindgen_ty_1__bindgen_ty_1>,
    pub __bindgen_anon_2: __BindgenUnionField<ip_msfilter__bindgen_ty_1__bindgen_ty_2>,
    pub bindgen_union_field: [u32; 5usize],
}
#[repr(C)]
pub struct ip_msfilter__bindgen_ty_1__bindgen_ty_1 {
    pub imsf_multiaddr_aux: __be32,
    pub imsf_interface_aux: __be32,
    pub imsf_fmode_aux: __u32,
    pub imsf_numsrc_aux: __u32,
    pub imsf_slist: [__be32; 1usize],
}
#[repr(C)]
pub struct ip_msfilter__bindgen_ty_1__bindgen_ty_2 {
    pub imsf_multiaddr: __be32,
    pub imsf_interface: __be32,
    pub imsf_fmode: __u32,
    pub imsf_numsrc: __u32,
    pub imsf_slist_flex: __IncompleteArrayField<__be32>,
}

#[repr(C)]
pub struct grp_filter {
    pub __bindgen_anon_1: grp_filter__bindgen_ty_1,
}
#[repr(C)]
pub union grp_filter__bindgen_ty_1 {
    pub __bindgen_anon_1: ::std::mem::ManuallyDrop<grp_filter__bindgen_ty_1__bindgen_ty_1>,
    pub __bindgen_anon_2: ::std::mem::ManuallyDrop<grp_filter__bindgen_ty_1__bindgen_ty_2>,
}
#[repr(C)]
pub struct grp_filter__bindgen_ty_1__bindgen_ty_1 {
    pub grp_iface_aux: __u32,
    pub grp_count_aux: __u32,
    pub grp_list: [__u32; 1usize],
}
#[repr(C)]
pub struct grp_filter__bindgen_ty_1__bindgen_ty_2 {
    pub grp_iface: __u32,
    pub grp_count: __u32,
    pub grp_list_flex: __IncompleteArrayField<__u32>,
}
