//! The registry's view of this codec: its calls, the session-ending one
//! first.

use signoff_core::{Entry, VendorCodec};

use crate::request::Logoff;

/// The Commvault codec for the registry: call `logout`.
pub static CODEC: VendorCodec = VendorCodec::new(crate::VENDOR, &[&Entry::<Logoff>::NEW]);
