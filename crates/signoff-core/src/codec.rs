//! The registry contract: a vendor codec driven by data (parameters as a
//! JSON value, a response in, a [`Report`] out). The conformance runner and
//! the CLI use it; library users call a vendor crate's typed API directly.

use bytes::Bytes;
use http::{Request, Response};
use serde::de::DeserializeOwned;

use crate::build::{BuildError, BuildErrorKind};
use crate::report::Report;
use crate::response::DecodeOptions;

/// One vendor's codec, as the registry sees it.
pub trait Codec: Send + Sync {
    /// The short name (`oci`, `veridata`, `commvault`, `oam`, `jde`).
    fn vendor(&self) -> &'static str;

    /// The calls this codec knows; the first is the session-ending call
    /// (`logout`), the default.
    fn calls(&self) -> Vec<&'static str>;

    /// Builds the request of `call` from parameters (snake_case keys, as in
    /// the vendor crate's params struct; unknown keys are refused).
    fn build(&self, call: &str, params: serde_json::Value) -> Result<Request<Bytes>, BuildError>;

    /// The parameters of `call` that hold secrets (snake_case). Callers that
    /// know the request (a transport, the CLI's `send`) pass their values to
    /// [`Report::redact_secrets`] so an echoing server cannot leak them.
    fn secret_params(&self, call: &str) -> &'static [&'static str] {
        let _ = call;
        &[]
    }

    /// The parameters of `call` a caller's clock fills (an OCI signature's
    /// `date`): a sender supplies them when absent.
    fn clock_params(&self, call: &str) -> &'static [&'static str] {
        let _ = call;
        &[]
    }

    /// What `call` declares about its answers (`None` for an unknown call).
    fn declaration(&self, call: &str) -> Option<crate::call::Declaration> {
        let _ = call;
        None
    }

    /// Decodes a response to `call` into the report.
    fn decode(&self, call: &str, response: &Response<Bytes>, options: &DecodeOptions) -> Result<Report, BuildError>;
}

/// Deserializes a params struct from a JSON value, turning serde's
/// complaints into build errors: a missing field is `missing_param`, an
/// unknown field or a wrong type `invalid_params`.
pub fn params<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, BuildError> {
    serde_json::from_value(value).map_err(|e| {
        let msg = e.to_string();
        if let Some(rest) = msg.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or("");
            BuildError::missing(name)
        } else {
            let param = msg.split('`').nth(1).unwrap_or("params").to_owned();
            // serde's message quotes field names, types and, for a string
            // of the wrong shape, never the value of a string field.
            BuildError::new(BuildErrorKind::InvalidParams, param, msg)
        }
    })
}

/// The error for a call a codec does not know.
pub fn unknown_call(vendor: &str, call: &str, known: &[&str]) -> BuildError {
    BuildError::new(
        BuildErrorKind::UnknownCall,
        "call",
        format!("{vendor} has no call {call:?} (known: {})", known.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct P {
        token: String,
        n: Option<u8>,
    }

    #[test]
    fn params_map_serde_errors() {
        let e = params::<P>(serde_json::json!({})).unwrap_err();
        assert_eq!((e.kind(), e.param()), (BuildErrorKind::MissingParam, "token"));
        let e = params::<P>(serde_json::json!({"token": "t", "tokn": 1})).unwrap_err();
        assert_eq!((e.kind(), e.param()), (BuildErrorKind::InvalidParams, "tokn"));
        let e = params::<P>(serde_json::json!({"token": "t", "n": "x"})).unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::InvalidParams);
        assert!(params::<P>(serde_json::json!({"token": "t"})).is_ok());
    }
}
