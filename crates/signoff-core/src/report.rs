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
                    code: e.code.as_deref().map(str::to_owned),
                    message: e.message.as_deref().map(str::to_owned),
                    retryable: e.retryable,
                    details: e
                        .envelope
                        .as_ref()
                        .and_then(|d| serde_json::to_value(d).ok())
                        .unwrap_or(Value::Null),
                    excerpt: e.excerpt.to_string(),
                });
            }
            Err(Error::Unexpected(u)) => {
                report.outcome = Outcome::Unexpected;
                report.unexpected = Some(ReportUnexpected {
                    reason: u.reason,
                    detail: u.detail.clone(),
                    excerpt: u.excerpt.to_string(),
                });
            }
        }
        report
    }

    /// [`Report::new`] with the status and request id of the response the
    /// result was decoded from: the body of every vendor's `Codec::decode`.
    pub fn of_view<S: Serialize, D: Serialize>(
        vendor: &str,
        call: &str,
        view: &crate::ResponseView<'_>,
        result: &Result<S, Error<D>>,
    ) -> Self {
        Self::new(vendor, call, view.status().as_u16(), view.request_id(), result)
    }

    /// Replaces every occurrence of each secret in the report's strings
    /// (code, message, details, excerpts, detail, the success value) with
    /// [`REDACTED`](crate::REDACTED): a server that echoes the token it was
    /// sent must not make a report, a log or a snapshot carry it. Secrets
    /// shorter than 4 characters are left alone (they would redact ordinary
    /// words). A secret with a scheme (`QSDK 3856...`, `Bearer eyJ...`) is
    /// also redacted by its parts of 8 characters or more, since a server
    /// may echo the token without its scheme.
    pub fn redact_secrets(&mut self, secrets: &[&str]) {
        let mut secrets: Vec<&str> = secrets.iter().copied().filter(|s| s.len() >= 4).collect();
        let parts: Vec<&str> = secrets
            .iter()
            .flat_map(|s| s.split_whitespace())
            .filter(|p| p.len() >= 8)
            .collect();
        secrets.extend(parts);
        // Longest first, so a whole secret is replaced before its parts.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        if secrets.is_empty() {
            return;
        }
        let scrub = |s: &mut String| {
            for secret in &secrets {
                if s.contains(secret) {
                    *s = s.replace(secret, crate::REDACTED);
                }
            }
        };
        if let Some(id) = &mut self.request_id {
            scrub(id);
        }
        if let Some(e) = &mut self.error {
            e.code.as_mut().map(&scrub);
            e.message.as_mut().map(&scrub);
            scrub(&mut e.excerpt);
            scrub_value(&mut e.details, &scrub);
        }
        if let Some(u) = &mut self.unexpected {
            scrub(&mut u.detail);
            scrub(&mut u.excerpt);
        }
        if let Some(v) = &mut self.success {
            scrub_value(v, &scrub);
        }
    }

    /// The report as a JSON value.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

fn scrub_value(v: &mut Value, scrub: &dyn Fn(&mut String)) {
    match v {
        Value::String(s) => scrub(s),
        Value::Array(a) => a.iter_mut().for_each(|x| scrub_value(x, scrub)),
        Value::Object(o) => o.values_mut().for_each(|x| scrub_value(x, scrub)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiError, Unexpected};
    use bytestring::ByteString;

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
            excerpt: ByteString::new(),
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
    fn echoed_secrets_are_redacted_everywhere() {
        let r: Result<(), _> = Err(Error::Api(ApiError {
            status: 401,
            kind: ErrorKind::Unauthorized,
            code: Some("bad CANARY1".into()),
            message: Some("token CANARY1 expired".into()),
            retryable: false,
            request_id: Some("CANARY1".into()),
            envelope: Some(Box::new(Env { err_code: "CANARY1" })),
            excerpt: "{\"token\":\"CANARY1\"}".into(),
        }));
        let mut report = Report::new("veridata", "logout", 401, Some("CANARY1"), &r);
        report.redact_secrets(&["CANARY1", "", "ab"]);
        let text = serde_json::to_string(&report).unwrap();
        assert!(!text.contains("CANARY1"), "{text}");
        assert!(text.contains("token [REDACTED] expired"));
        let ok: Result<_, Error<Env>> = Ok(serde_json::json!({"list": ["x CANARY1"]}));
        let mut report = Report::new("jde", "logout", 200, None, &ok);
        report.redact_secrets(&["CANARY1"]);
        assert_eq!(report.to_value()["success"]["list"][0], "x [REDACTED]");
        let ok: Result<_, Error<Env>> = Ok(serde_json::json!({"a": "QSDK 0123456789", "b": "0123456789", "c": "QSDK"}));
        let mut report = Report::new("commvault", "logout", 200, None, &ok);
        report.redact_secrets(&["QSDK 0123456789"]);
        let v = report.to_value();
        assert_eq!(
            (v["success"]["a"].as_str(), v["success"]["b"].as_str()),
            (Some("[REDACTED]"), Some("[REDACTED]"))
        );
        assert_eq!(v["success"]["c"], "QSDK");
    }

    #[test]
    fn unexpected_report() {
        let r: Result<(), Error<Env>> = Err(Error::Unexpected(Unexpected {
            status: 302,
            reason: UnexpectedReason::UnexpectedStatus,
            detail: "d".into(),
            request_id: None,
            excerpt: ByteString::new(),
        }));
        let v = Report::new("oam", "logout", 302, None, &r).to_value();
        assert_eq!(v["outcome"], "unexpected");
        assert_eq!(v["unexpected"]["reason"], "unexpected_status");
    }
}
