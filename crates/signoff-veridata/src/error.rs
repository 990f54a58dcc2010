//! The Veridata error object, `{errCode, errMsg}`.

use bytes::Bytes;
use serde::Serialize;
use signoff_core::doc::{Document, Documents, Json, JsonMember, JsonType, Others};
use signoff_core::{BodyTexts, ByteString, Envelope};

use crate::request::Logout;

/// The members of the error object.
pub(crate) const ERROR_MEMBERS: &[&str] = &["errCode", "errMsg"];

const CODE: JsonMember = JsonMember::optional("errCode", JsonType::Text(&[]));
const MESSAGE: JsonMember = JsonMember::optional("errMsg", JsonType::Text(&[]));

/// `{errCode, errMsg}`: strings (a number is read as written), other
/// members tolerated.
pub(crate) const ENVELOPE: Documents = Documents::json(JsonType::object(&[CODE, MESSAGE], Others::Tolerated));

/// On a 2xx the error object is recognised only with its `errCode`.
pub(crate) const ENVELOPE_ON_SUCCESS: Documents =
    Documents::json(JsonType::object(&[CODE.made_required(), MESSAGE], Others::Tolerated));

/// The page's error object, `{errCode, errMsg}` (e.g. `OGGV-00001`). Codes
/// are opaque text; a number is kept as written; a blank member is absent.
/// Serialized (in the report's `details`) with snake_case names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ErrorObject {
    /// `errCode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub err_code: Option<ByteString>,
    /// `errMsg`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub err_msg: Option<ByteString>,
}

impl ErrorObject {
    /// The error object of a response body, as the codec reads it: one
    /// strict JSON document the declaration accepts; `None` otherwise, or
    /// when both members are absent or blank.
    ///
    /// ```
    /// let e = signoff_veridata::ErrorObject::from_body(br#"{"errCode":"OGGV-00001","errMsg":"Error message"}"#).unwrap();
    /// assert_eq!(e.err_code.as_deref(), Some("OGGV-00001"));
    /// assert_eq!(signoff_veridata::ErrorObject::from_body(br#"[{"errCode":"OGGV-00001"}]"#), None);
    /// ```
    pub fn from_body(body: &[u8]) -> Option<Self> {
        signoff_core::envelope_of::<Logout>(&BodyTexts::copied(body))
    }

    /// [`ErrorObject::from_body`] of a body held as the response's own
    /// buffer: the texts kept are slices of it.
    pub fn from_bytes(body: &Bytes) -> Option<Self> {
        signoff_core::envelope_of::<Logout>(&BodyTexts::shared(body))
    }

    fn of_texts(body: &BodyTexts<'_>, code: Option<&str>, message: Option<&str>) -> Option<Self> {
        let keep = |t: Option<&str>| t.filter(|s| signoff_core::has_text(s)).map(|s| body.keep(s));
        let object = Self {
            err_code: keep(code),
            err_msg: keep(message),
        };
        (!object.is_empty()).then_some(object)
    }

    /// Whether neither member is set.
    pub fn is_empty(&self) -> bool {
        self.err_code.is_none() && self.err_msg.is_none()
    }
}

/// The decode error of this codec.
pub type Error = signoff_core::Error<ErrorObject>;

impl Envelope for ErrorObject {
    /// The error object of a document the declaration accepted.
    fn of_document(doc: &Document<'_>, body: &BodyTexts<'_>) -> Option<Self> {
        let value = doc.json()?;
        let code = value.get("errCode").and_then(Json::as_text);
        let message = value.get("errMsg").and_then(Json::as_text);
        Self::of_texts(body, code, message)
    }

    /// The fast path: a flat object of plain strings, scanned without a
    /// tree; anything else is left to the strict reading.
    fn fast(body: &BodyTexts<'_>) -> Option<Self> {
        let [code, message] = body.flat_strings(["errCode", "errMsg"])?;
        Self::of_texts(body, code, message)
    }

    fn code_message(&self) -> (Option<ByteString>, Option<ByteString>) {
        (self.err_code.clone(), self.err_msg.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_object_and_tolerates_the_rest() {
        let e = ErrorObject::from_body(br#"{"errCode":"OGGV-00001","errMsg":"Error message","extra":[1]}"#).unwrap();
        assert_eq!(e.err_code.as_deref(), Some("OGGV-00001"));
        assert_eq!(e.err_msg.as_deref(), Some("Error message"));
        let e = ErrorObject::from_body(br#"{"errCode": 1001}"#).unwrap();
        assert_eq!((e.err_code.as_deref(), e.err_msg), (Some("1001"), None));
    }

    #[test]
    fn empty_ambiguous_or_foreign_documents_are_not_error_objects() {
        for body in [
            &br#"{}"#[..],
            br#"{"errCode": null}"#,
            br#"{"errCode": "  ", "errMsg": ""}"#,
            br#"[{"errCode": "X"}]"#,
            br#""OGGV-00001""#,
            br#"{"code": "X", "message": "m"}"#,
            br#"{"errCode": {"a":1}, "errMsg": "m"}"#,
            br#"{"errCode": "X", "errCode": "Y"}"#,
        ] {
            assert_eq!(ErrorObject::from_body(body), None, "{}", String::from_utf8_lossy(body));
        }
    }

    proptest::proptest! {
        /// The fast path reads every body it settles as the strict reading does.
        #[test]
        fn the_fast_path_agrees_with_the_strict_reading(body in r#"\{( ?"(errCode|errMsg|other)" ?: ?("[a-z \\"]{0,5}"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?|true|false|null|\{\}|\[1\]|01) ?(, ?"(errCode|errMsg|other)" ?: ?("[a-z \\"]{0,5}"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?|true|false|null|\{\}|\[1\]|01) ?){0,5})?\}"#) {
            let texts = BodyTexts::copied(body.as_bytes());
            if let Some(fast) = ErrorObject::fast(&texts) {
                let doc = signoff_core::doc::read_json(body.as_bytes()).map(Document::Json);
                let strict = doc.ok().filter(|d| ENVELOPE.accepts(d).is_ok()).and_then(|d| ErrorObject::of_document(&d, &texts));
                proptest::prop_assert_eq!(Some(fast), strict, "{}", body);
            }
        }
    }
}
