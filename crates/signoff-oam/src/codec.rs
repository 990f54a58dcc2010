//! The registry's view of this codec: its calls, the session-ending one
//! first.

use signoff_core::{Entry, Sweep, VendorCodec};

use crate::lookup::SessionLookup;
use crate::request::DeleteSessions;
use crate::search::Search;

/// The Oracle Access Management codec for the registry: calls `logout`
/// (delete sessions by id or by user, the default) and `session` (look one
/// up by id: the liveness probe) and `search` (by the documented filter).
/// Every session of a user ends by deleting by user until fewer than 28
/// come back (a 404: none matched), then searching by user finds none.
pub static CODEC: VendorCodec = VendorCodec::new(
    crate::VENDOR,
    &[
        &Entry::<DeleteSessions>::NEW,
        &Entry::<SessionLookup>::NEW,
        &Entry::<Search>::NEW,
    ],
)
.with_sweep(Sweep::Repeat {
    call: "logout",
    user_param: "user_id",
    more: "more_may_remain",
    none_statuses: &[404],
    max_rounds: MAX_SWEEP_ROUNDS,
    verify: Some("search"),
});

/// The most deletions by user one sweep sends (28 sessions each: over
/// 2,800 sessions of one user would be a server in trouble, not a user).
const MAX_SWEEP_ROUNDS: usize = 100;
