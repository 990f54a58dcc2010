//! The AIS error envelope, `ServiceErrorResponse`.

use serde::{Deserialize, Serialize};

/// The AIS `ServiceErrorResponse`: every field optional, unknown fields
/// ignored. Serialized (in the report's `details`) with snake_case names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(deserialize = "camelCase"))]
#[non_exhaustive]
pub struct ServiceErrorResponse {
    /// Error text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_text: Option<String>,
    /// The Java exception class, when one was thrown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
    /// The F980060 exception record id, when one was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception_id: Option<String>,
    /// Details about the error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `ERROR` or `WARNING`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// When the error was returned (format unspecified: kept as text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_stamp: Option<String>,
    /// Optional type of error.
    #[serde(rename(deserialize = "type"), skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// Optional text added to an orchestration step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_defined_error_text: Option<String>,
}

impl ServiceErrorResponse {
    /// The human message: `message`, else `errorText`, else
    /// `userDefinedErrorText` (blank ones skipped).
    pub fn best_message(&self) -> Option<String> {
        [&self.message, &self.error_text, &self.user_defined_error_text]
            .into_iter()
            .flatten()
            .find(|m| !m.trim().is_empty())
            .cloned()
    }

    /// The envelope of a response body, as the codec reads it: the body
    /// parsed as JSON (after an optional BOM) into this type; `None` when it
    /// does not parse or sets no field.
    ///
    /// ```
    /// let e = signoff_jde::ServiceErrorResponse::from_body(br#"{"message":"Token is invalid","status":"ERROR"}"#).unwrap();
    /// assert_eq!(e.best_message().as_deref(), Some("Token is invalid"));
    /// assert_eq!(signoff_jde::ServiceErrorResponse::from_body(b"{}"), None);
    /// ```
    pub fn from_body(body: &[u8]) -> Option<Self> {
        signoff_core::parse_json::<Self>(body).ok().filter(|e| !e.is_empty())
    }

    /// Whether any field is set (an empty object is not an envelope).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The decode error of this codec.
pub type Error = signoff_core::Error<ServiceErrorResponse>;
