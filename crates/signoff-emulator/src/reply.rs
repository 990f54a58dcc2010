//! Building answers: JSON and XML bodies, content negotiation, escaping.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Response, StatusCode};

/// The media type a request asked for with `Accept`, among JSON and XML:
/// the first of the two the header names (`*/*` or nothing: `default`).
pub(crate) fn wants_xml(headers: &HeaderMap, default_xml: bool) -> bool {
    let Some(accept) = headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return default_xml;
    };
    for part in accept.split(',') {
        let essence = part.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if essence.ends_with("/xml") || essence.ends_with("+xml") {
            return true;
        }
        if essence.ends_with("/json") || essence.ends_with("+json") {
            return false;
        }
    }
    default_xml
}

/// A response with a body and a content type.
pub(crate) fn with_body(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Response<Bytes> {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// A JSON response.
pub(crate) fn json(status: StatusCode, value: &serde_json::Value) -> Response<Bytes> {
    with_body(status, "application/json", value.to_string())
}

/// An XML response.
pub(crate) fn xml(status: StatusCode, text: String) -> Response<Bytes> {
    with_body(status, "application/xml", text)
}

/// A response without a body.
pub(crate) fn empty(status: StatusCode) -> Response<Bytes> {
    let mut r = Response::new(Bytes::new());
    *r.status_mut() = status;
    r
}

/// Sets a header whose value we built (dropped if it cannot stand in a
/// header, which our own values always can).
pub(crate) fn set_header(response: &mut Response<Bytes>, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().insert(HeaderName::from_static(name), v);
    }
}

/// `text` escaped for XML (core's escaping, the one the codecs use).
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    signoff_core::doc::escape_xml(text, &mut out);
    out
}

/// The user and password of a `Basic` authorization value.
pub(crate) fn basic_credentials(value: &[u8]) -> Option<(String, String)> {
    use base64::Engine as _;
    let value = std::str::from_utf8(value).ok()?;
    let (scheme, b64) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("Basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(b64.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, pass) = text.split_once(':')?;
    Some((user.to_owned(), pass.to_owned()))
}

/// The status's reason phrase, or "Error".
pub(crate) fn reason(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Error")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_negotiation() {
        let mut h = HeaderMap::new();
        assert!(wants_xml(&h, true));
        assert!(!wants_xml(&h, false));
        h.insert("accept", HeaderValue::from_static("application/xml"));
        assert!(wants_xml(&h, false));
        h.insert(
            "accept",
            HeaderValue::from_static("text/html, application/json;q=0.9, application/xml"),
        );
        assert!(!wants_xml(&h, true));
        h.insert("accept", HeaderValue::from_static("*/*"));
        assert!(wants_xml(&h, true));
    }

    #[test]
    fn escaping() {
        assert_eq!(xml_escape("a<b&\"c'\u{1}"), "a&lt;b&amp;&quot;c&apos;");
    }
}
