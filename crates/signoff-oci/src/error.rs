//! The Compute Enclave error envelope: the page's `Error` schema.

use bytes::Bytes;
use serde::Serialize;
use signoff_core::{BodyTexts, ByteString};

/// The page's `Error`: `code` (for programs, e.g. `NotAuthenticated`) and
/// `message` (for people). The page marks both required; either may be
/// missing in the wild, unknown fields are ignored, and a numeric `code`
/// is kept as its decimal text. Serialized (in the report's `details`)
/// with snake_case names, absent fields left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ErrorBody {
    /// A short error code, meant for programmatic parsing (an open set:
    /// OCI's API Errors catalogue lists `NotAuthenticated`,
    /// `NotAuthorizedOrNotFound`, `NoEtagMatch`, `InternalServerError`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ByteString>,
    /// A human-readable error string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<ByteString>,
}

impl ErrorBody {
    /// Reads the envelope from a JSON value: `None` unless it is an object
    /// holding a `code` (string or number) or a `message` (string).
    pub fn from_json(value: &serde_json::Value) -> Option<Self> {
        let object = value.as_object()?;
        let code = match object.get("code") {
            Some(serde_json::Value::String(s)) => Some(s.as_str().into()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string().into()),
            _ => None,
        };
        let message = object
            .get("message")
            .and_then(serde_json::Value::as_str)
            .map(ByteString::from);
        let body = Self { code, message };
        (body != Self::default()).then_some(body)
    }

    /// The envelope of a response body, as the codec reads it: a JSON
    /// object (after an optional BOM) read straight into borrowed text (a
    /// flat object of plain strings by core's serde-free scanner, any other
    /// by a derive), as
    /// [`ErrorBody::from_json`] reads a value; an object naming `code` or
    /// `message` twice is no envelope (ambiguous), and members it does not
    /// read are skipped unparsed.
    ///
    /// ```
    /// let e = signoff_oci::ErrorBody::from_body(br#"{"code":"NotAuthenticated","message":"m"}"#).unwrap();
    /// assert_eq!(e.code.as_deref(), Some("NotAuthenticated"));
    /// assert_eq!(signoff_oci::ErrorBody::from_body(br#"{"code":"a","code":"b"}"#), None);
    /// ```
    pub fn from_body(body: &[u8]) -> Option<Self> {
        Self::read(&BodyTexts::copied(body))
    }

    /// [`ErrorBody::from_body`] of a body held as the response's own buffer
    /// (what `decode` reads): the texts kept are slices of it, not copies.
    ///
    /// ```
    /// let body = bytes::Bytes::from_static(br#"{"code":"NotAuthenticated","message":"m"}"#);
    /// let e = signoff_oci::ErrorBody::from_bytes(&body).unwrap();
    /// assert_eq!(e.code.as_deref(), Some("NotAuthenticated"));
    /// ```
    pub fn from_bytes(body: &Bytes) -> Option<Self> {
        Self::read(&BodyTexts::shared(body))
    }

    /// The reading, `body` deciding how the texts are kept.
    pub(crate) fn read(body: &BodyTexts<'_>) -> Option<Self> {
        // The fast path: a flat object of plain strings, scanned without
        // serde (see `signoff_core::scan_flat_object`); anything else, or a
        // member it does not take, goes to the derive below, the reference.
        match body.flat_strings(["code", "message"]) {
            Some([code, message]) => {
                let envelope = Self {
                    code: code.map(|s| body.keep(s)),
                    message: message.map(|s| body.keep(s)),
                };
                (envelope != Self::default()).then_some(envelope)
            }
            None => Self::read_serde(body),
        }
    }

    /// [`ErrorBody::from_body`] without its fast path.
    #[cfg(test)]
    fn from_body_serde(body: &[u8]) -> Option<Self> {
        Self::read_serde(&BodyTexts::copied(body))
    }

    fn read_serde(body: &BodyTexts<'_>) -> Option<Self> {
        // Straight from the body into borrowed text (no `Value`); a key
        // named twice fails the derive, as it fails `parse_json_value`.
        #[derive(serde::Deserialize)]
        struct Wire<'a> {
            #[serde(borrow, default)]
            code: signoff_core::JsonText<'a>,
            #[serde(borrow, default)]
            message: signoff_core::JsonString<'a>,
        }
        if !signoff_core::opens_json_object(body.bytes()) {
            return None;
        }
        let wire: Wire<'_> = signoff_core::parse_json(body.bytes()).ok()?;
        let envelope = Self {
            code: wire.code.0.map(|t| body.keep_cow(t)),
            message: wire.message.0.map(|t| body.keep_cow(t)),
        };
        (envelope != Self::default()).then_some(envelope)
    }

    /// The code, unless blank (trimmed: a slice of the same text).
    pub fn report_code(&self) -> Option<ByteString> {
        self.code
            .as_ref()
            .map(|c| c.slice_ref(c.trim()))
            .filter(|c| !c.is_empty())
    }

    /// The message, unless blank.
    pub fn report_message(&self) -> Option<ByteString> {
        self.message.clone().filter(|m| !m.trim().is_empty())
    }
}

/// The decode error of this codec.
pub type Error = signoff_core::Error<ErrorBody>;

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast path reads every body it takes as the derive does.
        #[test]
        fn the_fast_path_agrees_with_the_derive(body in r#"\{( ?"(code|message|other)" ?: ?("[a-z \\"]{0,5}"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?([eE][+-]?[0-9])?|true|false|null|\{\}|\[1\]|01) ?(, ?"(code|message|other)" ?: ?("[a-z \\"]{0,5}"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?([eE][+-]?[0-9])?|true|false|null|\{\}|\[1\]|01) ?){0,5})?\}"#) {
            proptest::prop_assert_eq!(ErrorBody::from_body(body.as_bytes()), ErrorBody::from_body_serde(body.as_bytes()), "{}", body);
        }
    }
}
