//! The decode report of the conformance format: one serializable shape for
//! every vendor's typed outcome.

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, ErrorKind, UnexpectedReason};
use crate::redact::Redactor;

/// The longest `code` and `request_id` a report keeps, in bytes (before
/// the `…` that marks a cut).
pub const ID_LIMIT: usize = 256;

/// The longest `message`, `detail`, and string in `details` or `success` a
/// report keeps, in bytes (before the `…` that marks a cut).
pub const TEXT_LIMIT: usize = 1024;

/// An excerpt is cut to [`EXCERPT_LIMIT`](crate::EXCERPT_LIMIT) bytes when
/// the body is read; cleaning may widen a character, so its report bound
/// leaves room for that.
const EXCERPT_BOUND: usize = 4 * crate::EXCERPT_LIMIT;

/// What [`clean_text`] does with line breaks and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lines {
    /// Kept (a body excerpt, whose lines are its shape).
    Keep,
    /// Each becomes a space (a code, a message, a table cell).
    Join,
}

/// `text` cut to at most `limit` bytes on a character boundary (then `…`
/// appended) with no control character left raw: C0 and C1 controls, DEL,
/// and the bidirectional and line-separator marks that reorder or break a
/// terminal line each become U+FFFD, except tab, CR and LF, which
/// [`Lines`] decides. A byte order mark that opens the text is dropped.
/// What a report, a table or a log shows of a server's text goes through
/// here.
pub fn clean_text(text: &str, limit: usize, lines: Lines) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = String::with_capacity(text.len().min(limit + 3));
    for c in text.chars() {
        let c = match c {
            '\t' | '\n' | '\r' if lines == Lines::Keep => c,
            '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => ' ',
            c if c.is_control() || is_format_mark(c) => '\u{FFFD}',
            c => c,
        };
        if out.len() + c.len_utf8() > limit {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// The bidirectional controls and zero-width marks that change how a line
/// reads without showing themselves.
fn is_format_mark(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// [`clean_text`] in place, allocating only when something changes.
fn bound(s: &mut String, limit: usize, lines: Lines) {
    if s.len() > limit
        || s.chars()
            .any(|c| c.is_control() || is_format_mark(c) || c == '\u{2028}' || c == '\u{2029}')
    {
        *s = clean_text(s, limit, lines);
    }
}

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
    /// The seconds the server asked the client to wait (`Retry-After` as
    /// delay seconds, or as an HTTP date less the response's `Date`), on
    /// any answer that carries one; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
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
            request_id: request_id.map(|id| clean_text(id, ID_LIMIT, Lines::Join)),
            outcome: Outcome::Success,
            success: None,
            error: None,
            unexpected: None,
            retry_after: None,
        };
        match result {
            Ok(s) => {
                let mut value = serde_json::to_value(s).unwrap_or(Value::Null);
                scrub_value(&mut value, &|s: &mut String| bound(s, TEXT_LIMIT, Lines::Join));
                report.success = Some(value);
            }
            Err(Error::Api(e)) => {
                report.outcome = Outcome::ApiError;
                report.error = Some(ReportError {
                    kind: e.kind,
                    code: e.code.as_deref().map(|c| clean_text(c, ID_LIMIT, Lines::Join)),
                    message: e.message.as_deref().map(|m| clean_text(m, TEXT_LIMIT, Lines::Join)),
                    retryable: e.retryable,
                    details: {
                        let mut details = e
                            .envelope
                            .as_ref()
                            .and_then(|d| serde_json::to_value(d).ok())
                            .unwrap_or(Value::Null);
                        scrub_value(&mut details, &|s: &mut String| bound(s, TEXT_LIMIT, Lines::Join));
                        details
                    },
                    excerpt: clean_text(&e.excerpt, EXCERPT_BOUND, Lines::Keep),
                });
            }
            Err(Error::Unexpected(u)) => {
                report.outcome = Outcome::Unexpected;
                report.unexpected = Some(ReportUnexpected {
                    reason: u.reason,
                    detail: clean_text(&u.detail, TEXT_LIMIT, Lines::Join),
                    excerpt: clean_text(&u.excerpt, EXCERPT_BOUND, Lines::Keep),
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
        let mut report = Self::new(vendor, call, view.status().as_u16(), view.request_id(), result);
        report.retry_after = crate::retry_after_seconds(view.headers());
        report
    }

    /// Replaces every form of every secret the redactor knows in the
    /// report's strings (code, message, details, excerpts, detail, request
    /// id, the success value) with [`REDACTED`](crate::REDACTED).
    ///
    /// A report's texts were already cut to their bounds, so a secret that
    /// straddled a cut leaves its start behind: a caller holding the
    /// response redacts it first ([`Redactor::redact_response`]) and decodes
    /// that. This is the second layer, for a caller that holds only a report.
    pub fn redact(&mut self, redactor: &Redactor) {
        if redactor.is_empty() {
            return;
        }
        let scrub = |s: &mut String| {
            if let std::borrow::Cow::Owned(clean) = redactor.redact_str(s) {
                *s = clean;
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
        let r: Result<(), _> = Err(Error::from(ApiError {
            status: 503,
            kind: ErrorKind::ServerError,
            code: Some("X".into()),
            message: None,
            retryable: true,
            request_id: Some("rid".into()),
            envelope: Some(Env { err_code: "X" }),
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
        let r: Result<(), _> = Err(Error::from(ApiError {
            status: 401,
            kind: ErrorKind::Unauthorized,
            code: Some("bad CANARY1".into()),
            message: Some("token CANARY1 expired".into()),
            retryable: false,
            request_id: Some("CANARY1".into()),
            envelope: Some(Env { err_code: "CANARY1" }),
            excerpt: "{\"token\":\"CANARY1\"}".into(),
        }));
        let mut redactor = Redactor::new();
        redactor.secret("CANARY1").secret("").secret("ab");
        let mut report = Report::new("veridata", "logout", 401, Some("CANARY1"), &r);
        report.redact(&redactor);
        let text = serde_json::to_string(&report).unwrap();
        assert!(!text.contains("CANARY1"), "{text}");
        assert!(text.contains("token [REDACTED] expired"));
        let ok: Result<_, Error<Env>> = Ok(serde_json::json!({"list": ["x CANARY1"]}));
        let mut report = Report::new("jde", "logout", 200, None, &ok);
        report.redact(&redactor);
        assert_eq!(report.to_value()["success"]["list"][0], "x [REDACTED]");
    }

    #[test]
    fn every_text_is_bounded_and_clean() {
        let long = "é".repeat(5000);
        let hostile = "a\u{1b}[2J\u{202E}b\u{85}\nc\td\u{7f}\u{200B}e";
        let r: Result<(), _> = Err(Error::from(ApiError {
            status: 500,
            kind: ErrorKind::ServerError,
            code: Some(long.as_str().into()),
            message: Some(hostile.into()),
            retryable: true,
            request_id: None,
            envelope: Some(serde_json::json!({"detail": long, "nested": [hostile]})),
            excerpt: "line1\nline2\u{1b}".into(),
        }));
        let report = Report::new("jde", "logout", 500, Some(&long), &r);
        let e = report.error.as_ref().unwrap();
        let code = e.code.as_deref().unwrap();
        assert!(code.len() <= ID_LIMIT + 3 && code.ends_with('…'));
        assert!(report.request_id.as_deref().unwrap().len() <= ID_LIMIT + 3);
        assert_eq!(
            e.message.as_deref(),
            Some("a\u{FFFD}[2J\u{FFFD}b\u{FFFD} c d\u{FFFD}\u{FFFD}e")
        );
        assert!(e.details["detail"].as_str().unwrap().len() <= TEXT_LIMIT + 3);
        assert_eq!(e.details["nested"][0], e.message.as_deref().unwrap());
        assert_eq!(e.excerpt, "line1\nline2\u{FFFD}");
        // Cut on a character boundary, never inside one.
        assert_eq!(clean_text("ééé", 5, Lines::Join), "éé…");
        assert_eq!(clean_text("plain", 5, Lines::Join), "plain");
    }

    #[test]
    fn unexpected_report() {
        let r: Result<(), Error<Env>> = Err(Error::from(Unexpected {
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
