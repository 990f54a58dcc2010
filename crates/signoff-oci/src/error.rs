//! The Compute Enclave error envelope: the page's `Error` schema.

use bytes::Bytes;
use serde::Serialize;
use signoff_core::doc::{Document, Documents, Json, JsonMember, JsonType, Others};
use signoff_core::{BodyTexts, ByteString, Envelope};

use crate::request::Logout;

const CODE: JsonMember = JsonMember::optional("code", JsonType::Text(&[]));
const MESSAGE: JsonMember = JsonMember::optional("message", JsonType::String(&[]));

/// The page's `Error`: `code` (a string; a number is read as written) and
/// `message`, other members tolerated.
pub(crate) const ENVELOPE: Documents = Documents::json(JsonType::object(&[CODE, MESSAGE], Others::Tolerated));

/// On a 2xx the `Error` is recognised only with its `code`.
pub(crate) const ENVELOPE_ON_SUCCESS: Documents =
    Documents::json(JsonType::object(&[CODE.made_required(), MESSAGE], Others::Tolerated));

/// The page's `Error`: `code` (for programs, e.g. `NotAuthenticated`) and
/// `message` (for people). The page marks both required; either may be
/// missing in the wild, unknown fields are ignored, and a numeric `code`
/// is kept as written. Serialized (in the report's `details`)
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
    /// The envelope of a response body, as the codec reads it: one strict
    /// JSON document the declaration accepts; `None` otherwise, or when it
    /// sets neither field.
    ///
    /// ```
    /// let e = signoff_oci::ErrorBody::from_body(br#"{"code":"NotAuthenticated","message":"m"}"#).unwrap();
    /// assert_eq!(e.code.as_deref(), Some("NotAuthenticated"));
    /// assert_eq!(signoff_oci::ErrorBody::from_body(br#"["NotAuthenticated","m"]"#), None);
    /// assert_eq!(signoff_oci::ErrorBody::from_body(br#"{"code":"a","code":"b"}"#), None);
    /// ```
    pub fn from_body(body: &[u8]) -> Option<Self> {
        signoff_core::envelope_of::<Logout>(&BodyTexts::copied(body))
    }

    /// [`ErrorBody::from_body`] of a body held as the response's own
    /// buffer (what `decode` reads): the texts kept are slices of it.
    pub fn from_bytes(body: &Bytes) -> Option<Self> {
        signoff_core::envelope_of::<Logout>(&BodyTexts::shared(body))
    }

    fn of_texts(body: &BodyTexts<'_>, code: Option<&str>, message: Option<&str>) -> Option<Self> {
        let envelope = Self {
            code: code.map(|s| body.keep(s)),
            message: message.map(|s| body.keep(s)),
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
        self.message.clone().filter(|m| signoff_core::has_text(m))
    }
}

/// The decode error of this codec.
pub type Error = signoff_core::Error<ErrorBody>;

impl Envelope for ErrorBody {
    /// The envelope of a document the declaration accepted: `code` as
    /// written (a number keeps its spelling).
    fn of_document(doc: &Document<'_>, body: &BodyTexts<'_>) -> Option<Self> {
        let value = doc.json()?;
        let code = value.get("code").and_then(Json::as_text);
        let message = value.get("message").and_then(Json::as_str);
        Self::of_texts(body, code, message)
    }

    /// The fast path: a flat object of plain strings, scanned without a
    /// tree; anything else is left to the strict reading.
    fn fast(body: &BodyTexts<'_>) -> Option<Self> {
        let [code, message] = body.flat_strings(["code", "message"])?;
        Self::of_texts(body, code, message)
    }

    fn code_message(&self) -> (Option<ByteString>, Option<ByteString>) {
        (self.report_code(), self.report_message())
    }

    /// Oracle's SDKs retry a 409 whose code is `IncorrectState` (the
    /// resource is changing state; the same request may succeed later).
    fn retryable(status: u16, envelope: Option<&Self>) -> Option<bool> {
        let incorrect_state = envelope
            .and_then(|e| e.code.as_deref())
            .is_some_and(|c| c.trim() == "IncorrectState");
        (status == 409 && incorrect_state).then_some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast path reads every body it settles as the strict reading does.
        #[test]
        fn the_fast_path_agrees_with_the_strict_reading(body in r#"\{( ?"(code|message|other)" ?: ?("[a-z \\"]{0,5}"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?([eE][+-]?[0-9])?|true|false|null|\{\}|\[1\]|01) ?(, ?"(code|message|other)" ?: ?("[a-z \\"]{0,5}"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?([eE][+-]?[0-9])?|true|false|null|\{\}|\[1\]|01) ?){0,5})?\}"#) {
            let texts = BodyTexts::copied(body.as_bytes());
            if let Some(fast) = ErrorBody::fast(&texts) {
                let doc = signoff_core::doc::read_json(body.as_bytes()).map(Document::Json);
                let strict = doc.ok().filter(|d| ENVELOPE.accepts(d).is_ok()).and_then(|d| ErrorBody::of_document(&d, &texts));
                proptest::prop_assert_eq!(Some(fast), strict, "{}", body);
            }
        }
    }
}
