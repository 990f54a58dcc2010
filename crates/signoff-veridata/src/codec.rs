//! The registry's view of this codec: its calls, the session-ending one
//! first.

use signoff_core::{Entry, VendorCodec};

use crate::extend::Extend;
use crate::login::Login;
use crate::request::Logout;

/// The Oracle GoldenGate Veridata codec for the registry: calls `logout`
/// (session invalidate, the default), `login` and `extend` (the liveness
/// probe).
pub static CODEC: VendorCodec = VendorCodec::new(
    crate::VENDOR,
    &[&Entry::<Logout>::NEW, &Entry::<Login>::NEW, &Entry::<Extend>::NEW],
);
