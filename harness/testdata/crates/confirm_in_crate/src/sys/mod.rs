mod rec;
pub use self::rec::*;
