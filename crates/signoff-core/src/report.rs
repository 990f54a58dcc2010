//! The decode report of the conformance format: one serializable shape for
//! every vendor's typed outcome.

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, ErrorKind, UnexpectedReason};

/// The outcome class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// A 2xx the codec understood.
    Success,
    /// The vendor said no.
    ApiError,
    /// The codec cannot say.
    Unexpected,
}

impl Outcome {
    /// The stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::ApiError => "api_error",
            Self::Unexpected => "unexpected",
        }
    }
}

/// The `error` member of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReportError {
    /// The kind.
    pub kind: ErrorKind,
    /// The vendor's code, or null.
    pub code: Option<String>,
    /// The vendor's message, or null.
    pub message: Option<String>,
    /// Whether the same request may succeed when sent again.
    pub retryable: bool,
    /// Every field of the vendor's envelope, snake_case (null without one).
    pub details: Value,
    /// A bounded excerpt of the body.
    pub excerpt: String,
}

/// The `unexpected` member of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReportUnexpected {
    /// Why.
    pub reason: UnexpectedReason,
    /// A human sentence.
    pub detail: String,
    /// A bounded excerpt of the body.
    pub excerpt: String,
}

/// The decode report: what `signoff decode` prints, what conformance cases
/// match against and what snapshots store.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The vendor's short name.
    pub vendor: String,
    /// The call decoded (`logout` unless another was named).
    pub call: String,
    /// The HTTP status.
    pub status: u16,
    /// The vendor's request id, or null.
    pub request_id: Option<String>,
    /// The outcome class.
    pub outcome: Outcome,
    /// The typed result, for a success.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<Value>,
    /// The error, for an `api_error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ReportError>,
    /// The reason, for an `unexpected`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unexpected: Option<ReportUnexpected>,
}

impl Report {
    /// Builds the report of a typed decode. `status` and `request_id` come
    /// from the response (a success value need not carry them).
    pub fn new<S: Serialize, D: Serialize>(
        vendor: &str,
        call: &str,
        status: u16,
        request_id: Option<&str>,
        result: &Result<S, Error<D>>,
    ) -> Self {
        let mut report = Self {
            vendor: vendor.to_owned(),
            call: call.to_owned(),
            status,
            request_id: request_id.map(str::to_owned),
            outcome: Outcome::Success,
            success: None,
            error: None,
            unexpected: None,
        };
        match result {
            Ok(s) => report.success = Some(serde_json::to_value(s).unwrap_or(Value::Null)),
            Err(Error::Api(e)) => {
                report.outcome = Outcome::ApiError;
                report.error = Some(ReportError {
                    kind: e.kind,
                    code: e.code.clone(),
                    message: e.message.clone(),
                    retryable: e.retryable,
                    details: e
                        .envelope
                        .as_ref()
                        .and_then(|d| serde_json::to_value(d).ok())
                        .unwrap_or(Value::Null),
                    excerpt: e.excerpt.clone(),
                });
            }
            Err(Error::Unexpected(u)) => {
                report.outcome = Outcome::Unexpected;
                report.unexpected = Some(ReportUnexpected {
                    reason: u.reason,
                    detail: u.detail.clone(),
                    excerpt: u.excerpt.clone(),
                });
            }
        }
        report
    }

    /// The report as a JSON value.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiError, Unexpected};

    #[derive(Serialize)]
    struct Env {
        err_code: &'static str,
    }

    #[test]
    fn success_report() {
        let r: Result<_, Error<Env>> = Ok(serde_json::json!({"logged_out": true}));
        let v = Report::new("jde", "logout", 200, None, &r).to_value();
        assert_eq!(v["outcome"], "success");
        assert_eq!(v["request_id"], Value::Null);
        assert_eq!(v["success"]["logged_out"], true);
        assert!(v.get("error").is_none() && v.get("unexpected").is_none());
    }

    #[test]
    fn api_error_report() {
        let r: Result<(), _> = Err(Error::Api(ApiError {
            status: 503,
            kind: ErrorKind::ServerError,
            code: Some("X".into()),
            message: None,
            retryable: true,
            request_id: Some("rid".into()),
            envelope: Some(Box::new(Env { err_code: "X" })),
            excerpt: String::new(),
        }));
        let v = Report::new("veridata", "logout", 503, Some("rid"), &r).to_value();
        assert_eq!(v["outcome"], "api_error");
        assert_eq!(v["error"]["kind"], "server_error");
        assert_eq!(v["error"]["code"], "X");
        assert_eq!(v["error"]["message"], Value::Null);
        assert_eq!(v["error"]["retryable"], true);
        assert_eq!(v["error"]["details"]["err_code"], "X");
        assert_eq!(v["request_id"], "rid");
    }

    #[test]
    fn unexpected_report() {
        let r: Result<(), Error<Env>> = Err(Error::Unexpected(Unexpected {
            status: 302,
            reason: UnexpectedReason::UnexpectedStatus,
            detail: "d".into(),
            request_id: None,
            excerpt: String::new(),
        }));
        let v = Report::new("oam", "logout", 302, None, &r).to_value();
        assert_eq!(v["outcome"], "unexpected");
        assert_eq!(v["unexpected"]["reason"], "unexpected_status");
    }
}
