//! The Compute Enclave error envelope: the page's `Error` schema.

use std::borrow::Cow;

use serde::Serialize;
use signoff_core::{ByteString, ResponseView};

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
        Self::read(body, &signoff_core::owned_text)
    }

    /// [`ErrorBody::from_body`] of a response's body, its texts slices of
    /// the response's buffer (see [`ResponseView::text`]).
    pub(crate) fn from_view(view: &ResponseView<'_>) -> Option<Self> {
        Self::read(view.body(), &|s| view.text(s))
    }

    /// The reading, with `text` making the texts kept.
    fn read(body: &[u8], text: &dyn Fn(&str) -> ByteString) -> Option<Self> {
        // The fast path: a flat object of plain strings, scanned without
        // serde (see `signoff_core::scan_flat_object`); anything else, or a
        // member it does not take, goes to the derive below, the reference.
        match signoff_core::flat_strings(body, ["code", "message"]) {
            Some([code, message]) => {
                let body = Self {
                    code: code.map(text),
                    message: message.map(text),
                };
                (body != Self::default()).then_some(body)
            }
            None => Self::read_serde(body, text),
        }
    }

    /// [`ErrorBody::from_body`] without its fast path.
    #[cfg(test)]
    fn from_body_serde(body: &[u8]) -> Option<Self> {
        Self::read_serde(body, &signoff_core::owned_text)
    }

    fn read_serde(body: &[u8], text: &dyn Fn(&str) -> ByteString) -> Option<Self> {
        // Straight from the body into borrowed text (no `Value`); a key
        // named twice fails the derive, as it fails `parse_json_value`.
        #[derive(serde::Deserialize)]
        struct Wire<'a> {
            #[serde(borrow, default)]
            code: signoff_core::JsonText<'a>,
            #[serde(borrow, default)]
            message: signoff_core::JsonString<'a>,
        }
        if !signoff_core::opens_json_object(body) {
            return None;
        }
        let wire: Wire<'_> = signoff_core::parse_json(body).ok()?;
        let keep = |c: Cow<'_, str>| match c {
            Cow::Borrowed(s) => text(s),
            Cow::Owned(s) => ByteString::from(s),
        };
        let body = Self {
            code: wire.code.0.map(keep),
            message: wire.message.0.map(keep),
        };
        (body != Self::default()).then_some(body)
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
