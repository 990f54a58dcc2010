//! Placeholder: the commvault codec lands in its own issue. Until then the
//! registry lists it and every call answers `unknown_call`.

use bytes::Bytes;
use http::{Request, Response};
use signoff_core::{BuildError, Codec, DecodeOptions, Report, unknown_call};

/// The registry's short name.
pub const VENDOR: &str = "commvault";

/// The commvault codec for the registry.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommvaultCodec;

impl Codec for CommvaultCodec {
    fn vendor(&self) -> &'static str {
        VENDOR
    }

    fn calls(&self) -> &'static [&'static str] {
        &[]
    }

    fn build(&self, call: &str, _params: serde_json::Value) -> Result<Request<Bytes>, BuildError> {
        Err(unknown_call(VENDOR, call, &[]))
    }

    fn decode(&self, call: &str, _response: &Response<Bytes>, _options: &DecodeOptions) -> Result<Report, BuildError> {
        Err(unknown_call(VENDOR, call, &[]))
    }
}
