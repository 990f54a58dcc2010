//! The registry's view of this codec: its calls, the session-ending one
//! first.

use signoff_core::{Entry, VendorCodec};

use crate::lookup::SessionLookup;
use crate::request::DeleteSessions;
use crate::search::Search;

/// The Oracle Access Management codec for the registry: calls `logout`
/// (delete sessions by id or by user, the default) and `session` (look one
/// up by id: the liveness probe) and `search` (by the documented filter).
pub static CODEC: VendorCodec = VendorCodec::new(
    crate::VENDOR,
    &[
        &Entry::<DeleteSessions>::NEW,
        &Entry::<SessionLookup>::NEW,
        &Entry::<Search>::NEW,
    ],
);
