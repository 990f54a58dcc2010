//! [`ResponseView`]: a response as a decoder sees it.

use bytes::Bytes;
use bytestring::ByteString;
use http::{HeaderMap, HeaderValue, Response, StatusCode};

use super::*;
use crate::error::{ApiError, ErrorKind, Unexpected, UnexpectedReason};

/// A response as a decoder sees it: status, headers and a borrowed body.
#[derive(Debug, Clone)]
pub struct ResponseView<'a> {
    status: StatusCode,
    headers: &'a HeaderMap,
    /// The body, shared with the response's buffer when the caller holds
    /// one: texts of the body kept in a typed error then slice it.
    texts: BodyTexts<'a>,
    request_id: Option<&'a str>,
    /// The first `Content-Type`, and whether another one differs from it.
    content_type: Option<&'a HeaderValue>,
    content_type_conflict: bool,
    /// Whether any `Content-Encoding` header is present.
    encoded: bool,
}

impl<'a> ResponseView<'a> {
    /// A view of parts plus a body. `request_id_headers` names the headers
    /// that carry the vendor's request id, in order of preference.
    pub fn new(status: StatusCode, headers: &'a HeaderMap, body: &'a [u8], request_id_headers: &[&str]) -> Self {
        Self::with_texts(status, headers, BodyTexts::copied(body), request_id_headers)
    }

    fn with_texts(
        status: StatusCode,
        headers: &'a HeaderMap,
        texts: BodyTexts<'a>,
        request_id_headers: &[&str],
    ) -> Self {
        // One pass over the (few) headers a response carries, comparing
        // names, instead of parsing and hashing each wanted name; the first
        // wanted name present wins, and its first value.
        let mut found: Option<(usize, &HeaderValue)> = None;
        let mut content_type: Option<&HeaderValue> = None;
        let mut content_type_conflict = false;
        let mut encoded = false;
        for (name, value) in headers {
            // The body's own headers are noted in the same pass (standard
            // names compare without hashing).
            if name == http::header::CONTENT_TYPE {
                match content_type {
                    None => content_type = Some(value),
                    Some(first) => content_type_conflict |= first != value,
                }
                continue;
            }
            if name == http::header::CONTENT_ENCODING {
                encoded = true;
                continue;
            }
            // Header names are lowercase: the exact comparison settles the
            // common case.
            let rank = request_id_headers
                .iter()
                .position(|wanted| *wanted == name.as_str() || wanted.eq_ignore_ascii_case(name.as_str()));
            if let Some(rank) = rank
                && found.is_none_or(|(best, _)| rank < best)
            {
                found = Some((rank, value));
            }
        }
        let request_id = found
            .map(|(_, v)| v)
            .and_then(|v| v.to_str().ok())
            // A visible-ASCII value (`to_str`): its blanks are ASCII ones.
            .map(str::trim_ascii)
            .filter(|v| !v.is_empty());
        Self {
            status,
            headers,
            texts,
            request_id,
            content_type,
            content_type_conflict,
            encoded,
        }
    }

    /// Whether two `Content-Type` headers disagree (the body's type is
    /// then ambiguous).
    pub fn content_type_conflict(&self) -> bool {
        self.content_type_conflict
    }

    /// Whether the response carries a `Content-Encoding` header (of any
    /// value, `identity` included).
    pub fn has_content_encoding(&self) -> bool {
        self.encoded
    }

    /// A view of a whole response held in `Bytes`: texts of its body kept
    /// in a typed error (envelope fields, code, message, excerpt) are slices
    /// of the response's own buffer, not copies.
    pub fn of_bytes(response: &'a Response<Bytes>, request_id_headers: &[&str]) -> Self {
        Self::with_texts(
            response.status(),
            response.headers(),
            BodyTexts::shared(response.body()),
            request_id_headers,
        )
    }

    /// The body's [`BodyTexts`]: shared with the response's buffer when the
    /// view was made with [`ResponseView::of_bytes`], else copied.
    pub fn body_texts(&self) -> &BodyTexts<'a> {
        &self.texts
    }

    /// [`excerpt`] of the body (see [`BodyTexts::excerpt`]).
    pub fn excerpt(&self) -> ByteString {
        self.texts.excerpt()
    }

    /// A view of a whole response.
    pub fn of<B: AsRef<[u8]>>(response: &'a Response<B>, request_id_headers: &[&str]) -> Self {
        Self::new(
            response.status(),
            response.headers(),
            response.body().as_ref(),
            request_id_headers,
        )
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &'a HeaderMap {
        self.headers
    }

    /// The body.
    pub fn body(&self) -> &'a [u8] {
        self.texts.bytes()
    }

    /// The vendor's request id, when the response carried one.
    pub fn request_id(&self) -> Option<&'a str> {
        self.request_id
    }

    /// The `charset` the `Content-Type` header declares, when it declares
    /// one that does not read as UTF-8 ([`reads_as_utf8`](crate::reads_as_utf8)).
    pub fn foreign_charset(&self) -> Option<&'a [u8]> {
        self.content_type
            .and_then(|v| crate::charset_of(v.as_bytes()))
            .filter(|c| !crate::reads_as_utf8(c))
    }

    /// The media type the `Content-Type` header declares.
    pub fn declared_media_type(&self) -> MediaType {
        self.content_type
            .map(|v| match std::str::from_utf8(v.as_bytes()) {
                Ok(text) => MediaType::from_content_type(text),
                Err(_) => MediaType::from_content_type(&String::from_utf8_lossy(v.as_bytes())),
            })
            .unwrap_or(MediaType::Missing)
    }

    /// The media type of the body: the declared one when it is JSON, XML or
    /// HTML, else what the body looks like.
    pub fn media_type(&self) -> MediaType {
        match self.declared_media_type() {
            m @ (MediaType::Json | MediaType::Xml | MediaType::Html) => m,
            _ => MediaType::sniff(self.texts.bytes()),
        }
    }

    /// `Err(body_too_large)` when the body is over the limit. The detail
    /// says only what is known: a transport reads at most one byte past
    /// the limit, so the body's real size is not.
    pub fn check_limit(&self, options: &DecodeOptions) -> Result<(), Unexpected> {
        if self.texts.bytes().len() > options.body_limit {
            Err(self.unexpected(
                UnexpectedReason::BodyTooLarge,
                format!(
                    "the body is larger than the limit of {} bytes; it was not read",
                    options.body_limit
                ),
            ))
        } else {
            Ok(())
        }
    }

    /// An `unexpected` outcome for this response.
    pub fn unexpected(&self, reason: UnexpectedReason, detail: impl Into<String>) -> Unexpected {
        Unexpected {
            status: self.status.as_u16(),
            reason,
            detail: detail.into(),
            request_id: self.request_id.map(str::to_owned),
            excerpt: self.excerpt(),
        }
    }

    /// The `unexpected_status` outcome for a 1xx or 3xx (or any status a
    /// call does not expect); a redirect's `Location` is named.
    pub fn unexpected_status(&self) -> Unexpected {
        let mut detail = format!("HTTP status {} is not an answer this call gives", self.status.as_u16());
        if self.status.is_redirection()
            && let Some(loc) = self.headers.get(http::header::LOCATION).and_then(|v| v.to_str().ok())
        {
            detail.push_str(&format!(
                " (a redirect to {}, often a login page)",
                loc.chars().take(200).collect::<String>()
            ));
        }
        self.unexpected(UnexpectedReason::UnexpectedStatus, detail)
    }

    /// An `api_error` of the status-derived kind with the given envelope
    /// fields. `kind` overrides the status mapping (for vendor statuses like
    /// JD Edwards' 444).
    pub fn api_error<D>(
        &self,
        kind: Option<ErrorKind>,
        code: Option<ByteString>,
        message: Option<ByteString>,
        envelope: Option<D>,
    ) -> ApiError<D> {
        let kind = kind.unwrap_or_else(|| ErrorKind::from_status(self.status.as_u16()));
        ApiError {
            status: self.status.as_u16(),
            kind,
            retryable: kind.retryable_status(self.status.as_u16()),
            code,
            message,
            request_id: self.request_id.map(str::to_owned),
            envelope,
            excerpt: self.excerpt(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_id_is_the_first_wanted_header_present_and_its_first_value() {
        let wanted = ["x-request-id", "X-Oracle-DMS-ECID"];
        let mut h = HeaderMap::new();
        h.insert("x-oracle-dms-ecid", HeaderValue::from_static(" ecid "));
        h.insert("content-type", HeaderValue::from_static("application/json"));
        let id = |h: &HeaderMap| {
            ResponseView::new(StatusCode::OK, h, b"", &wanted)
                .request_id()
                .map(str::to_owned)
        };
        assert_eq!(id(&h).as_deref(), Some("ecid"));
        h.append("x-request-id", HeaderValue::from_static("first"));
        h.append("x-request-id", HeaderValue::from_static("second"));
        assert_eq!(id(&h).as_deref(), Some("first"));
        // A blank value of the preferred header is no id (not a fall-back).
        h.insert("x-request-id", HeaderValue::from_static("  "));
        assert_eq!(id(&h), None);
        assert_eq!(id(&HeaderMap::new()), None);
    }

    #[test]
    fn the_limit_answers_body_too_large() {
        let headers = HeaderMap::new();
        let body = vec![b' '; 11];
        let view = ResponseView::new(StatusCode::OK, &headers, &body, &[]);
        assert!(view.check_limit(&DecodeOptions::with_body_limit(11)).is_ok());
        let u = view.check_limit(&DecodeOptions::with_body_limit(10)).unwrap_err();
        assert_eq!(u.reason, UnexpectedReason::BodyTooLarge);
        assert_eq!(DecodeOptions::default().body_limit, 1 << 20);
    }

    #[test]
    fn request_id_is_read_by_preference() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "second".parse().unwrap());
        headers.insert("opc-request-id", "first".parse().unwrap());
        let view = ResponseView::new(StatusCode::OK, &headers, b"", &["opc-request-id", "x-request-id"]);
        assert_eq!(view.request_id(), Some("first"));
        let view = ResponseView::new(StatusCode::OK, &headers, b"", &["nope"]);
        assert_eq!(view.request_id(), None);
    }
}
