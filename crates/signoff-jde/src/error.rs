//! The AIS error envelope, `ServiceErrorResponse`.

use bytes::Bytes;
use serde::Serialize;
use signoff_core::doc::{Document, Documents, JsonMember, JsonType, Others};
use signoff_core::{BodyTexts, ByteString, Envelope};

use crate::request::Logout;

/// The members of `ServiceErrorResponse`, as the page lists them.
pub(crate) const ERROR_MEMBERS: &[&str] = &[
    "errorText",
    "exception",
    "exceptionId",
    "message",
    "status",
    "timeStamp",
    "type",
    "userDefinedErrorText",
];

const fn text(name: &'static str) -> JsonMember {
    JsonMember {
        name,
        ty: JsonType::String(&[]),
        required: false,
    }
}

const fn members(status: JsonMember) -> [JsonMember; 8] {
    [
        text("errorText"),
        text("exception"),
        text("exceptionId"),
        text("message"),
        status,
        text("timeStamp"),
        text("type"),
        text("userDefinedErrorText"),
    ]
}

const ENVELOPE_MEMBERS: [JsonMember; 8] = members(JsonMember {
    name: "status",
    ty: JsonType::String(&["ERROR", "WARNING"]),
    required: false,
});

const ENVELOPE_ON_SUCCESS_MEMBERS: [JsonMember; 8] = members(JsonMember {
    name: "status",
    ty: JsonType::String(&["ERROR", "WARNING"]),
    required: true,
});

/// `ServiceErrorResponse`: an object of the page's string members, each
/// optional, others tolerated.
pub(crate) const ENVELOPE: Documents = Documents::json(JsonType::object(&ENVELOPE_MEMBERS, Others::Tolerated));

/// On a 2xx the envelope is recognised only with its `status` (`ERROR` or
/// `WARNING`): an unrelated object on a 2xx is no error document.
pub(crate) const ENVELOPE_ON_SUCCESS: Documents =
    Documents::json(JsonType::object(&ENVELOPE_ON_SUCCESS_MEMBERS, Others::Tolerated));

/// The AIS `ServiceErrorResponse`: every field optional, unknown fields
/// ignored. Serialized (in the report's `details`) with snake_case names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ServiceErrorResponse {
    /// Error text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_text: Option<ByteString>,
    /// The Java exception class, when one was thrown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<ByteString>,
    /// The F980060 exception record id, when one was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception_id: Option<ByteString>,
    /// Details about the error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<ByteString>,
    /// `ERROR` or `WARNING`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ByteString>,
    /// When the error was returned (format unspecified: kept as text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_stamp: Option<ByteString>,
    /// Optional type of error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ByteString>,
    /// Optional text added to an orchestration step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_defined_error_text: Option<ByteString>,
}

impl ServiceErrorResponse {
    /// The human message: `message`, else `errorText`, else
    /// `userDefinedErrorText` (blank ones skipped).
    pub fn best_message(&self) -> Option<ByteString> {
        [&self.message, &self.error_text, &self.user_defined_error_text]
            .into_iter()
            .flatten()
            .find(|m| signoff_core::has_text(m))
            .cloned()
    }

    /// The envelope of a response body, as the codec reads it: one strict
    /// JSON document the declaration accepts (a flat object of plain
    /// strings read by core's serde-free scanner); `None` otherwise, or
    /// when it sets no field.
    ///
    /// ```
    /// let e = signoff_jde::ServiceErrorResponse::from_body(br#"{"message":"Token is invalid","status":"ERROR"}"#).unwrap();
    /// assert_eq!(e.best_message().as_deref(), Some("Token is invalid"));
    /// assert_eq!(signoff_jde::ServiceErrorResponse::from_body(b"{}"), None);
    /// assert_eq!(signoff_jde::ServiceErrorResponse::from_body(br#"["Token is invalid"]"#), None);
    /// ```
    pub fn from_body(body: &[u8]) -> Option<Self> {
        signoff_core::envelope_of::<Logout>(&BodyTexts::copied(body))
    }

    /// [`ServiceErrorResponse::from_body`] of a body held as the response's
    /// own buffer (what `decode` reads): the texts kept are slices of it,
    /// not copies.
    ///
    /// ```
    /// let body = bytes::Bytes::from_static(br#"{"message":"Token is invalid","status":"ERROR"}"#);
    /// let e = signoff_jde::ServiceErrorResponse::from_bytes(&body).unwrap();
    /// assert_eq!(e.status.as_deref(), Some("ERROR"));
    /// ```
    pub fn from_bytes(body: &Bytes) -> Option<Self> {
        signoff_core::envelope_of::<Logout>(&BodyTexts::shared(body))
    }

    fn of_texts(body: &BodyTexts<'_>, found: [Option<&str>; 8]) -> Option<Self> {
        let keep = |t: Option<&str>| t.map(|s| body.keep(s));
        let [
            error_text,
            exception,
            exception_id,
            message,
            status,
            time_stamp,
            r#type,
            user_defined,
        ] = found;
        let e = Self {
            error_text: keep(error_text),
            exception: keep(exception),
            exception_id: keep(exception_id),
            message: keep(message),
            status: keep(status),
            time_stamp: keep(time_stamp),
            r#type: keep(r#type),
            user_defined_error_text: keep(user_defined),
        };
        (!e.is_empty()).then_some(e)
    }

    /// Whether any field is set (an empty object is not an envelope).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The decode error of this codec.
pub type Error = signoff_core::Error<ServiceErrorResponse>;

impl Envelope for ServiceErrorResponse {
    /// The envelope of a document the declaration accepted.
    fn of_document(doc: &Document<'_>, body: &BodyTexts<'_>) -> Option<Self> {
        let names = [
            "errorText",
            "exception",
            "exceptionId",
            "message",
            "status",
            "timeStamp",
            "type",
            "userDefinedErrorText",
        ];
        Self::of_texts(body, doc.json()?.strings(names))
    }

    /// The fast path: a flat object of plain strings, scanned without a
    /// tree (see `signoff_core::scan_flat_object`), whose `status`, when
    /// present, is one the declaration allows; anything else is left to
    /// the strict reading.
    fn fast(body: &BodyTexts<'_>) -> Option<Self> {
        let found = body.flat_strings(<[&str; 8]>::try_from(ERROR_MEMBERS).ok()?)?;
        let [_, _, _, _, status, ..] = found;
        if status.is_some_and(|s| s != "ERROR" && s != "WARNING") {
            return None;
        }
        Self::of_texts(body, found)
    }

    fn error_kind(status: u16, _: Option<&Self>) -> Option<signoff_core::ErrorKind> {
        // 444 is AIS's own "Invalid Token", on every call.
        (status == 444).then_some(signoff_core::ErrorKind::InvalidToken)
    }

    fn code_message(&self) -> (Option<ByteString>, Option<ByteString>) {
        (None, self.best_message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast path reads every body it settles as the strict reading does.
        #[test]
        fn the_fast_path_agrees_with_the_strict_reading(body in r#"\{( ?"(message|status|errorText|exception|type|userDefinedErrorText|other)" ?: ?("[a-zA-Z \\"]{0,5}"|"ERROR"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?([eE][+-]?[0-9])?|true|false|null|\{\}|\[1\]|01) ?(, ?"(message|status|errorText|exception|type|userDefinedErrorText|other)" ?: ?("[a-zA-Z \\"]{0,5}"|"ERROR"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?([eE][+-]?[0-9])?|true|false|null|\{\}|\[1\]|01) ?){0,5})?\}"#) {
            let texts = BodyTexts::copied(body.as_bytes());
            if let Some(fast) = ServiceErrorResponse::fast(&texts) {
                let doc = signoff_core::doc::read_json(body.as_bytes()).map(Document::Json);
                let strict = doc.ok().filter(|d| ENVELOPE.accepts(d).is_ok()).and_then(|d| ServiceErrorResponse::of_document(&d, &texts));
                proptest::prop_assert_eq!(Some(fast), strict, "{}", body);
            }
        }
    }
}
