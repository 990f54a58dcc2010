//! The AIS error envelope, `ServiceErrorResponse`.

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use signoff_core::{BodyTexts, ByteString};

/// The AIS `ServiceErrorResponse`: every field optional, unknown fields
/// ignored. Serialized (in the report's `details`) with snake_case names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(deserialize = "camelCase"))]
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
    #[serde(rename(deserialize = "type"), skip_serializing_if = "Option::is_none")]
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
            .find(|m| !m.trim().is_empty())
            .cloned()
    }

    /// The envelope of a response body, as the codec reads it: the body
    /// parsed as JSON (after an optional BOM) into this type (a flat object
    /// of plain strings by core's serde-free scanner, any other by the
    /// derive); `None` when it does not parse or sets no field.
    ///
    /// ```
    /// let e = signoff_jde::ServiceErrorResponse::from_body(br#"{"message":"Token is invalid","status":"ERROR"}"#).unwrap();
    /// assert_eq!(e.best_message().as_deref(), Some("Token is invalid"));
    /// assert_eq!(signoff_jde::ServiceErrorResponse::from_body(b"{}"), None);
    /// ```
    pub fn from_body(body: &[u8]) -> Option<Self> {
        Self::read(&BodyTexts::copied(body))
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
        Self::read(&BodyTexts::shared(body))
    }

    /// The reading, `body` deciding how the texts are kept.
    pub(crate) fn read(body: &BodyTexts<'_>) -> Option<Self> {
        // The fast path: a flat object of plain strings, scanned without
        // serde (see `signoff_core::scan_flat_object`); anything else, or a
        // member it does not take, goes to the derive, the reference.
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
        match body.flat_strings(names) {
            Some(
                [
                    error_text,
                    exception,
                    exception_id,
                    message,
                    status,
                    time_stamp,
                    r#type,
                    user_defined,
                ],
            ) => {
                let keep = |t: Option<&str>| t.map(|s| body.keep(s));
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
            None => Self::from_body_serde(body.bytes()),
        }
    }

    /// [`ServiceErrorResponse::from_body`] without its fast path.
    fn from_body_serde(body: &[u8]) -> Option<Self> {
        signoff_core::parse_json::<Self>(body).ok().filter(|e| !e.is_empty())
    }

    /// Whether any field is set (an empty object is not an envelope).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The decode error of this codec.
pub type Error = signoff_core::Error<ServiceErrorResponse>;

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast path reads every body it takes as the derive does.
        #[test]
        fn the_fast_path_agrees_with_the_derive(body in r#"\{( ?"(message|status|errorText|exception|type|userDefinedErrorText|other)" ?: ?("[a-z \\"]{0,5}"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?([eE][+-]?[0-9])?|true|false|null|\{\}|\[1\]|01) ?(, ?"(message|status|errorText|exception|type|userDefinedErrorText|other)" ?: ?("[a-z \\"]{0,5}"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?([eE][+-]?[0-9])?|true|false|null|\{\}|\[1\]|01) ?){0,5})?\}"#) {
            proptest::prop_assert_eq!(ServiceErrorResponse::from_body(body.as_bytes()), ServiceErrorResponse::from_body_serde(body.as_bytes()), "{}", body);
        }
    }
}
