//! The registry's view of this codec: its calls, the session-ending one
//! first. Each registry `build` parses the key anew; the typed API
//! ([`crate::Signer`]) parses it once.

use signoff_core::{Entry, VendorCodec};

use crate::request::Logout;

/// The Oracle Compute Enclave codec for the registry: call `logout`.
pub static CODEC: VendorCodec = VendorCodec::new(crate::VENDOR, &[&Entry::<Logout>::NEW]);
