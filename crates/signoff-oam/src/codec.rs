//! The registry's view of this codec: its calls, the session-ending one
//! first.

use signoff_core::{Entry, VendorCodec};

use crate::request::DeleteSessions;

/// The Oracle Access Management codec for the registry: call `logout`
/// (delete sessions by id or by user).
pub static CODEC: VendorCodec = VendorCodec::new(crate::VENDOR, &[&Entry::<DeleteSessions>::NEW]);
