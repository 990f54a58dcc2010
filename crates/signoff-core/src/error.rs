//! The typed decode error every vendor shares: an API error (the vendor
//! said no) or an unexpected answer (the codec cannot tell).

use std::fmt;

use bytestring::ByteString;
use serde::Serialize;

/// What kind of refusal an `api_error` is. Serialized snake_case, as in the
/// decode report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400.
    BadRequest,
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// 412.
    PreconditionFailed,
    /// 415.
    UnsupportedMediaType,
    /// 429.
    RateLimited,
    /// A vendor's own "this token is not valid" (JD Edwards 444), or an
    /// error document that says so.
    InvalidToken,
    /// 5xx.
    ServerError,
    /// Any other 4xx, or an error document on a 2xx.
    Other,
}

impl ErrorKind {
    /// The kind a status maps to when the vendor says nothing more.
    pub fn from_status(status: u16) -> Self {
        match status {
            400 => Self::BadRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            412 => Self::PreconditionFailed,
            415 => Self::UnsupportedMediaType,
            429 => Self::RateLimited,
            500..=599 => Self::ServerError,
            _ => Self::Other,
        }
    }

    /// Whether the same request sent again may succeed: 429 and every 5xx
    /// but 501 (Not Implemented), 505 (HTTP Version Not Supported) and 511
    /// (Network Authentication Required), which will not change their mind
    /// on a retry. 4xx never (a vendor may say more: see
    /// [`Envelope::retryable`](crate::Envelope::retryable)).
    pub fn retryable_status(self, status: u16) -> bool {
        match self {
            Self::RateLimited => true,
            Self::ServerError => !matches!(status, 501 | 505 | 511),
            _ => false,
        }
    }

    /// The stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::PreconditionFailed => "precondition_failed",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::RateLimited => "rate_limited",
            Self::InvalidToken => "invalid_token",
            Self::ServerError => "server_error",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an answer is `unexpected`. Serialized snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnexpectedReason {
    /// A 1xx or 3xx, or a status the call never gives.
    UnexpectedStatus,
    /// A 2xx body that parsed but is not this call's result (an HTML page,
    /// another document).
    UnrecognizedBody,
    /// A 2xx body in the right media type that does not parse.
    MalformedBody,
    /// A 2xx body in a media type the call never answers with.
    UnsupportedContentType,
    /// A body over the configured limit.
    BodyTooLarge,
    /// A body sent with a `Content-Encoding` other than identity, which a
    /// codec never reads as plain: the transport decodes it (and removes
    /// the header) first.
    EncodedBody,
}

impl UnexpectedReason {
    /// The stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::UnexpectedStatus => "unexpected_status",
            Self::UnrecognizedBody => "unrecognized_body",
            Self::MalformedBody => "malformed_body",
            Self::UnsupportedContentType => "unsupported_content_type",
            Self::BodyTooLarge => "body_too_large",
            Self::EncodedBody => "encoded_body",
        }
    }
}

impl fmt::Display for UnexpectedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The vendor said no: a 4xx/5xx, or a 2xx carrying an error document.
/// `D` is the vendor's error envelope.
///
/// Texts read from the body (code, message, excerpt, and the envelope's
/// fields) are [`ByteString`]s: read through `ResponseView::of_bytes` they
/// are slices of the response's own buffer, so an error costs no copy of
/// them (`Deref<Target = str>`, `Display`, compared with `&str`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError<D> {
    /// The HTTP status (non-standard ones such as 444 included).
    pub status: u16,
    /// The kind.
    pub kind: ErrorKind,
    /// The envelope's code, normalized to a string.
    pub code: Option<ByteString>,
    /// The envelope's human message.
    pub message: Option<ByteString>,
    /// Whether sending the same request again may succeed.
    pub retryable: bool,
    /// The vendor's request id.
    pub request_id: Option<String>,
    /// The envelope, when the body carried one.
    pub envelope: Option<D>,
    /// A bounded excerpt of the body.
    pub excerpt: ByteString,
}

/// The codec cannot say whether the call worked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unexpected {
    /// The HTTP status.
    pub status: u16,
    /// Why.
    pub reason: UnexpectedReason,
    /// A human sentence; for a malformed body it names the byte offset.
    pub detail: String,
    /// The vendor's request id.
    pub request_id: Option<String>,
    /// A bounded excerpt of the body.
    pub excerpt: ByteString,
}

/// A decode that is not a success. `D` is the vendor's error envelope.
///
/// Each outcome is boxed, as `std::io::Error` and `reqwest::Error` box
/// theirs: the error is two words, so a decode's `Result` stays small and
/// moves in registers whichever way it went. The price is one allocation
/// per error, which an envelope of any size would cost anyway to keep the
/// `Result` small.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error<D> {
    /// The vendor said no.
    Api(Box<ApiError<D>>),
    /// The codec cannot say whether the call worked.
    Unexpected(Box<Unexpected>),
}

impl<D> Error<D> {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Self::Api(e) => e.status,
            Self::Unexpected(u) => u.status,
        }
    }

    /// The vendor's request id.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.request_id.as_deref(),
            Self::Unexpected(u) => u.request_id.as_deref(),
        }
    }

    /// Whether sending the same request again may succeed (never for an
    /// unexpected answer: a person should look first).
    pub fn retryable(&self) -> bool {
        matches!(self, Self::Api(e) if e.retryable)
    }
}

impl<D> From<ApiError<D>> for Error<D> {
    fn from(e: ApiError<D>) -> Self {
        Self::Api(Box::new(e))
    }
}

impl<D> From<Unexpected> for Error<D> {
    fn from(u: Unexpected) -> Self {
        Self::Unexpected(Box::new(u))
    }
}

impl<D> fmt::Display for Error<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => {
                write!(f, "HTTP {}: {}", e.status, e.kind)?;
                if let Some(code) = &e.code {
                    write!(f, " [{code}]")?;
                }
                if let Some(message) = &e.message {
                    write!(f, ": {message}")?;
                }
                if let Some(id) = &e.request_id {
                    write!(f, " (request id {id})")?;
                }
                Ok(())
            }
            Self::Unexpected(u) => {
                write!(f, "HTTP {}: unexpected answer ({}): {}", u.status, u.reason, u.detail)?;
                if let Some(id) = &u.request_id {
                    write!(f, " (request id {id})")?;
                }
                Ok(())
            }
        }
    }
}

impl<D: fmt::Debug> std::error::Error for Error<D> {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error is two words whatever the envelope: a decode's `Result`
    /// moves in registers.
    #[test]
    fn the_error_is_two_words() {
        assert_eq!(
            std::mem::size_of::<Error<[u8; 512]>>(),
            2 * std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn status_to_kind() {
        let cases = [
            (400, ErrorKind::BadRequest),
            (401, ErrorKind::Unauthorized),
            (403, ErrorKind::Forbidden),
            (404, ErrorKind::NotFound),
            (409, ErrorKind::Other),
            (412, ErrorKind::PreconditionFailed),
            (415, ErrorKind::UnsupportedMediaType),
            (429, ErrorKind::RateLimited),
            (444, ErrorKind::Other),
            (500, ErrorKind::ServerError),
            (503, ErrorKind::ServerError),
            (599, ErrorKind::ServerError),
            (200, ErrorKind::Other),
        ];
        for (status, kind) in cases {
            assert_eq!(ErrorKind::from_status(status), kind, "{status}");
        }
    }

    #[test]
    fn retryable_is_429_and_5xx_but_501() {
        for s in [429, 500, 502, 503, 504] {
            assert!(ErrorKind::from_status(s).retryable_status(s), "{s}");
        }
        for s in [400, 401, 403, 404, 412, 415, 444, 501] {
            assert!(!ErrorKind::from_status(s).retryable_status(s), "{s}");
        }
        assert!(!ErrorKind::InvalidToken.retryable_status(444));
        for s in [505, 511] {
            assert!(!ErrorKind::from_status(s).retryable_status(s), "{s}");
        }
    }

    #[test]
    fn names_match_serde() {
        for k in [ErrorKind::InvalidToken, ErrorKind::PreconditionFailed, ErrorKind::Other] {
            assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        }
        for r in [UnexpectedReason::BodyTooLarge, UnexpectedReason::UnsupportedContentType] {
            assert_eq!(serde_json::to_value(r).unwrap(), r.name());
        }
    }
}
