//! The registry's view of this codec: its calls, the session-ending one
//! first.

use signoff_core::{Entry, VendorCodec};

use crate::request::Logoff;
use crate::session_list::SessionList;
use crate::token::{Login, LogoutSelf};

/// The Commvault codec for the registry: calls `logout` (`DELETE
/// /Sessions`, the default), `sessions` (a user's session details),
/// `login` and `logout_self` (the caller's own token).
pub static CODEC: VendorCodec = VendorCodec::new(
    crate::VENDOR,
    &[
        &Entry::<Logoff>::NEW,
        &Entry::<SessionList>::NEW,
        &Entry::<Login>::NEW,
        &Entry::<LogoutSelf>::NEW,
    ],
);
