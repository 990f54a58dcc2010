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

    /// How every session of one user ends, when the vendor can find a
    /// user's sessions.
    fn sweep(&self) -> Option<crate::Sweep> {
        None
    }

    /// Every parameter `call` takes: name, required, what it is.
    fn params_of(&self, call: &str) -> &'static [crate::Param] {
        let _ = call;
        &[]
    }

    /// The parameters of `call` that hold secrets (snake_case). Callers that
    /// know the request (a transport, the CLI's `send`) redact their values
    /// from what comes back: see [`Codec::redactor`].
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

    /// A [`Redactor`](crate::Redactor) for the answer to `request`, built
    /// from `params`: every secret parameter's text (strings inside a list
    /// included) and every sensitive header the request carries. Redact the
    /// response with it before decoding and nothing the server echoes of
    /// them reaches a report, in any form.
    fn redactor(&self, call: &str, params: &serde_json::Value, request: &Request<Bytes>) -> crate::Redactor {
        let mut redactor = crate::Redactor::new();
        for name in self.secret_params(call) {
            match params.get(*name) {
                Some(serde_json::Value::String(s)) => {
                    redactor.secret(s);
                }
                Some(serde_json::Value::Array(items)) => {
                    for s in items.iter().filter_map(serde_json::Value::as_str) {
                        redactor.secret(s);
                    }
                }
                _ => {}
            }
        }
        redactor.sensitive_headers(request.headers());
        redactor
    }

    /// [`Codec::decode`] with the secrets a success holds shown (a login's
    /// token), for a caller that asked to see them.
    fn decode_revealing(
        &self,
        call: &str,
        response: &Response<Bytes>,
        options: &DecodeOptions,
    ) -> Result<Report, BuildError> {
        self.decode(call, response, options)
    }

    /// How to check that the session `call` ends is gone: its probe call
    /// and the parameters that carry over (`None` where the vendor
    /// documents no way to ask, or `call` ends no session).
    fn probe(&self, call: &str) -> Option<crate::Probe> {
        let _ = call;
        None
    }

    /// What a response to the probe call `probe` says about the session the
    /// ending call with parameters `ended` ended.
    fn liveness(
        &self,
        probe: &str,
        response: &Response<Bytes>,
        options: &DecodeOptions,
        ended: &serde_json::Value,
    ) -> Result<crate::Liveness, BuildError> {
        let _ = (probe, response, options, ended);
        Ok(crate::Liveness::CannotTell)
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
/// complaints into build errors that name the parameter and never quote a
/// value (a wrong-typed password is still a password): a missing field is
/// `missing_param`, an unknown one `invalid_params` naming it, a value of
/// the wrong type or form `invalid_params` naming the parameter, the type
/// expected and the JSON type given.
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// struct P { password: String }
/// let e = signoff_core::params::<P>(serde_json::json!({"password": 73519264})).unwrap_err();
/// assert_eq!(e.param(), "password");
/// assert!(!e.to_string().contains("73519264"), "{e}");
/// ```
pub fn params<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, BuildError> {
    let original = value.clone();
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let at = value_at(&original, e.path());
        let message = e.into_inner().to_string();
        if let Some(rest) = message.strip_prefix("missing field `") {
            return BuildError::missing(rest.split('`').next().unwrap_or(""));
        }
        let param = if path == "." { "params".to_owned() } else { path };
        if message.starts_with("unknown field `") {
            let known = message.split_once("expected ").map(|(_, k)| k).unwrap_or("none");
            return BuildError::new(
                BuildErrorKind::InvalidParams,
                param,
                format!("is not a parameter of this call (expected {known})"),
            );
        }
        BuildError::new(BuildErrorKind::InvalidParams, param, describe(&message, at))
    })
}

/// The value at a deserializer's path, when it can be found.
fn value_at<'v>(root: &'v serde_json::Value, path: &serde_path_to_error::Path) -> Option<&'v serde_json::Value> {
    use serde_path_to_error::Segment;
    path.iter().try_fold(root, |v, segment| match segment {
        Segment::Map { key } => v.get(key.as_str()),
        Segment::Seq { index } => v.get(*index),
        _ => None,
    })
}

/// A sentence for a value refused: what was expected and the JSON type
/// given, from serde's message only where it cannot quote the value.
fn describe(message: &str, value: Option<&serde_json::Value>) -> String {
    let got = match value {
        Some(serde_json::Value::Null) => "null",
        Some(serde_json::Value::Bool(_)) => "a boolean",
        Some(serde_json::Value::Number(_)) => "a number",
        Some(serde_json::Value::String(_)) => "a string",
        Some(serde_json::Value::Array(_)) => "an array",
        Some(serde_json::Value::Object(_)) => "an object",
        None => "a value",
    };
    let quotes_value = |text: &str| value.is_some_and(|v| mentions(text, v));
    if message.starts_with("invalid type:")
        || message.starts_with("invalid value:")
        || message.starts_with("invalid length")
    {
        match message.split_once(", expected ") {
            Some((_, expected)) if !quotes_value(expected) => format!("expected {expected}, got {got}"),
            _ => format!("got {got}, which this parameter does not take"),
        }
    } else if quotes_value(message) {
        format!("got {got}, which this parameter does not take")
    } else {
        message.to_owned()
    }
}

/// Whether `text` holds any scalar of `value` as written.
fn mentions(text: &str, value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => !s.is_empty() && text.contains(s.as_str()),
        serde_json::Value::Number(n) => text.contains(&n.to_string()),
        serde_json::Value::Bool(b) => text.contains(if *b { "true" } else { "false" }),
        serde_json::Value::Array(items) => items.iter().any(|v| mentions(text, v)),
        serde_json::Value::Object(m) => m.values().any(|v| mentions(text, v)),
        serde_json::Value::Null => false,
    }
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

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Secrets {
        password: crate::Secret,
        token: Option<String>,
        ids: Option<Vec<String>>,
        format: Option<crate::Accept>,
        count: Option<u8>,
    }

    #[test]
    fn a_refused_value_is_never_quoted() {
        let canary = "CANARY-73519264";
        for (value, param) in [
            (serde_json::json!({"password": 73519264}), "password"),
            (serde_json::json!({"password": true}), "password"),
            (serde_json::json!({"password": [canary]}), "password"),
            (serde_json::json!({"password": {"k": canary}}), "password"),
            (serde_json::json!({"password": "p", "token": 73519264}), "token"),
            (serde_json::json!({"password": "p", "token": [canary]}), "token"),
            (
                serde_json::json!({"password": "p", "ids": [canary, 73519264]}),
                "ids[1]",
            ),
            (serde_json::json!({"password": "p", "format": canary}), "format"),
            (serde_json::json!({"password": "p", "count": canary}), "count"),
            (serde_json::json!({"password": "p", "count": 73519264}), "count"),
            (serde_json::json!([canary]), "params"),
        ] {
            let e = params::<Secrets>(value.clone()).unwrap_err();
            let shown = format!("{e} {e:?}");
            assert!(
                !shown.contains(canary) && !shown.contains("73519264"),
                "{value}: {shown}"
            );
            assert_eq!(
                (e.kind(), e.param()),
                (BuildErrorKind::InvalidParams, param),
                "{value}: {shown}"
            );
        }
        let e = params::<Secrets>(serde_json::json!({"password": 73519264})).unwrap_err();
        assert!(
            e.detail().contains("expected") && e.detail().contains("got a number"),
            "{e}"
        );
        let e = params::<Secrets>(serde_json::json!({"password": "p", "tokn": 1})).unwrap_err();
        assert_eq!(e.param(), "tokn");
    }
}
