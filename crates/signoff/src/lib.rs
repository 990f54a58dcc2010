//! # signoff
//!
//! The registry of signoff's vendor codecs, by short name (`oci`,
//! `veridata`, `commvault`, `oam`, `jde`), driven by data: build a request
//! from parameters given as a JSON value, decode a response into the
//! [`Report`]. The conformance runner and the `signoff` CLI are built on it.
//!
//! **Not for**: library users who know their vendor: depend on that vendor's
//! crate (re-exported here as [`jde`], [`oci`], ...) and use its typed API.
//!
//! ```
//! use signoff::{codec, DecodeOptions};
//! let jde = codec("jde").unwrap();
//! let request = jde.build("logout", serde_json::json!({
//!     "base_url": "https://ais.example.com",
//!     "token": "044MyjuQ",
//! }))?;
//! assert_eq!(request.uri().path(), "/jderest/v2/orchestrator/jde-logout");
//! let response = http::Response::builder().status(444).body(bytes::Bytes::new())?;
//! let report = jde.decode("logout", &response, &DecodeOptions::default())?;
//! assert_eq!(report.outcome.name(), "api_error");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use signoff_commvault as commvault;
pub use signoff_core as core;
pub use signoff_core::{BuildError, BuildErrorKind, Codec, DecodeOptions, Outcome, Report};
pub use signoff_jde as jde;
pub use signoff_oam as oam;
pub use signoff_oci as oci;
pub use signoff_veridata as veridata;

static CODECS: [&dyn Codec; 5] = [
    &signoff_oci::OciCodec,
    &signoff_veridata::VeridataCodec,
    &signoff_commvault::CommvaultCodec,
    &signoff_oam::OamCodec,
    &signoff_jde::JdeCodec,
];

/// Every codec, in the order of the seed pages.
pub fn codecs() -> &'static [&'static dyn Codec] {
    &CODECS
}

/// The codec named `vendor`, if there is one.
pub fn codec(vendor: &str) -> Option<&'static dyn Codec> {
    CODECS.iter().copied().find(|c| c.vendor() == vendor)
}

/// The short names of all vendors.
pub fn vendors() -> Vec<&'static str> {
    CODECS.iter().map(|c| c.vendor()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendor_is_registered_once() {
        assert_eq!(vendors(), ["oci", "veridata", "commvault", "oam", "jde"]);
        assert!(codec("nope").is_none());
    }
}
