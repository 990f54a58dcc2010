//! The registry's view of this codec: its calls, the session-ending one
//! first.

use signoff_core::{Entry, VendorCodec};

use crate::login::Login;
use crate::request::Logout;
use crate::token::{LogoutToken, Validate};

/// The JD Edwards AIS codec for the registry: calls `logout` (the
/// orchestrator logout, the default), `logout_token` (the Token Request
/// Service's), `validate` (the liveness probe) and `login`.
pub static CODEC: VendorCodec = VendorCodec::new(
    crate::VENDOR,
    &[
        &Entry::<Logout>::NEW,
        &Entry::<LogoutToken>::NEW,
        &Entry::<Validate>::NEW,
        &Entry::<Login>::NEW,
    ],
);
