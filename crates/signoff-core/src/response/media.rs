//! What a body is: its media type, from `Content-Type` or, failing that,
//! the body itself.

use super::*;

/// What a `Content-Type` (or, failing that, the body) says the body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MediaType {
    /// `application/json`, `*/*+json`, `text/json`.
    Json,
    /// `application/xml`, `text/xml`, `*/*+xml`.
    Xml,
    /// `text/html`, `application/xhtml+xml`.
    Html,
    /// `text/plain`.
    Text,
    /// Something else.
    Other,
    /// No (or an empty) `Content-Type`.
    Missing,
}

impl MediaType {
    /// Classifies a `Content-Type` value; parameters and case are ignored.
    ///
    /// ```
    /// use signoff_core::MediaType;
    /// assert_eq!(MediaType::from_content_type("Application/JSON; charset=UTF-8"), MediaType::Json);
    /// assert_eq!(MediaType::from_content_type("application/problem+json"), MediaType::Json);
    /// assert_eq!(MediaType::from_content_type("text/xml"), MediaType::Xml);
    /// ```
    pub fn from_content_type(value: &str) -> Self {
        // The values servers send most, as sent, first; then the general
        // reading, on bytes (`str`'s pattern searchers cost more than the
        // whole check needs, and this runs on every response).
        match value {
            "application/json" | "application/json;charset=UTF-8" | "application/json; charset=utf-8" => {
                return Self::Json;
            }
            "application/xml" | "text/xml" => return Self::Xml,
            "text/html" | "text/html; charset=utf-8" => return Self::Html,
            _ => {}
        }
        let essence = value
            .as_bytes()
            .split(|&b| b == b';')
            .next()
            .unwrap_or_default()
            .trim_ascii();
        if essence.is_empty() {
            return Self::Missing;
        }
        let Some(slash) = essence.iter().position(|&b| b == b'/') else {
            return Self::Other;
        };
        let ty = essence.get(..slash).unwrap_or_default().trim_ascii();
        let sub = essence.get(slash + 1..).unwrap_or_default().trim_ascii();
        let is = |a: &[u8], b: &str| a.eq_ignore_ascii_case(b.as_bytes());
        let ends = |s: &[u8], suffix: &str| {
            s.len() >= suffix.len()
                && s.get(s.len() - suffix.len()..)
                    .is_some_and(|t| t.eq_ignore_ascii_case(suffix.as_bytes()))
        };
        if is(ty, "text") && is(sub, "html") || is(ty, "application") && is(sub, "xhtml+xml") {
            Self::Html
        } else if is(sub, "json") || ends(sub, "+json") {
            Self::Json
        } else if is(sub, "xml") || ends(sub, "+xml") {
            Self::Xml
        } else if is(ty, "text") && is(sub, "plain") {
            Self::Text
        } else {
            Self::Other
        }
    }

    /// Guesses from the first non-blank byte after an optional BOM: `{`/`[`
    /// is JSON, `<` is XML unless it opens an HTML page, anything else is
    /// text, and an empty body is [`MediaType::Missing`].
    pub fn sniff(body: &[u8]) -> Self {
        let body = trim_start(strip_bom(body));
        match body.first() {
            None => Self::Missing,
            Some(b'{' | b'[') => Self::Json,
            Some(b'<') => {
                if looks_like_html(body) {
                    Self::Html
                } else {
                    Self::Xml
                }
            }
            Some(_) => Self::Text,
        }
    }

    /// The stable lower-case name used in details.
    pub fn name(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Xml => "xml",
            Self::Html => "html",
            Self::Text => "text",
            Self::Other => "other",
            Self::Missing => "missing",
        }
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    const TAGS: [&[u8]; 5] = [b"!doctype html", b"html", b"head", b"body", b"title"];
    let head = body.get(..body.len().min(256)).unwrap_or(body);
    // Only at each `<`, case-insensitively, with no lowercased copy (this
    // runs on every XML body whose content type is not trusted).
    head.iter().enumerate().filter(|&(_, &b)| b == b'<').any(|(i, _)| {
        let after = head.get(i + 1..).unwrap_or_default();
        TAGS.iter()
            .any(|tag| after.get(..tag.len()).is_some_and(|w| w.eq_ignore_ascii_case(tag)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_ignore_case_and_parameters() {
        use MediaType::*;
        for (ct, want) in [
            ("application/json", Json),
            ("APPLICATION/JSON;charset=utf-8", Json),
            ("application/json;charset=UTF-8", Json),
            ("application/json; charset=utf-8", Json),
            ("Application/Json; Charset=UTF-8", Json),
            ("text/xml", Xml),
            ("text/html; charset=utf-8", Html),
            (" application/vnd.oracle+json ; q=1", Json),
            ("application/xml", Xml),
            ("text/xml; charset=ISO-8859-1", Xml),
            ("application/atom+xml", Xml),
            ("text/html", Html),
            ("Text/HTML; charset=utf-8", Html),
            ("text/plain", Text),
            ("image/png", Other),
            ("garbage", Other),
            ("", Missing),
            ("  ;charset=utf-8", Missing),
        ] {
            assert_eq!(MediaType::from_content_type(ct), want, "{ct:?}");
        }
    }

    #[test]
    fn sniffing() {
        use MediaType::*;
        assert_eq!(MediaType::sniff(b"\xEF\xBB\xBF  {}"), Json);
        assert_eq!(MediaType::sniff(b"[1]"), Json);
        assert_eq!(MediaType::sniff(b"<?xml version='1.0'?><a/>"), Xml);
        assert_eq!(MediaType::sniff(b"<!DOCTYPE html><html>"), Html);
        assert_eq!(MediaType::sniff(b"<HTML><HEAD><TITLE>x"), Html);
        assert_eq!(MediaType::sniff(b"<?xml version=\"1.0\"?>\n<Body/>"), Html);
        assert_eq!(MediaType::sniff(b"<Api_LogoffUsersResponse errorCode=\"0\"/>"), Xml);
        // Only the first 256 bytes are looked at, and a tag cut there is no tag.
        let mut late = b"<a>".to_vec();
        late.extend(std::iter::repeat_n(b' ', 249));
        late.extend_from_slice(b"<html>");
        assert_eq!(MediaType::sniff(&late), Xml);
        late.truncate(251);
        late.extend_from_slice(b"<html>");
        assert_eq!(MediaType::sniff(&late), Html);
        assert_eq!(MediaType::sniff(b"Logout Successful."), Text);
        assert_eq!(MediaType::sniff(b" \r\n"), Missing);
    }
}
