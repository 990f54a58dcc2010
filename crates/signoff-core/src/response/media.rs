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

/// The `charset` parameter of a `Content-Type` value, unquoted, when it
/// has one (the first, when named twice).
///
/// ```
/// use signoff_core::charset_of;
/// assert_eq!(charset_of(b"text/plain; Charset=\"UTF-16\""), Some(&b"UTF-16"[..]));
/// assert_eq!(charset_of(b"application/json"), None);
/// ```
pub fn charset_of(content_type: &[u8]) -> Option<&[u8]> {
    content_type.split(|&b| b == b';').skip(1).find_map(|param| {
        let (name, value) = param.split_at(param.iter().position(|&b| b == b'=')?);
        if !name.trim_ascii().eq_ignore_ascii_case(b"charset") {
            return None;
        }
        let value = value.get(1..).unwrap_or_default().trim_ascii();
        Some(
            value
                .strip_prefix(b"\"")
                .and_then(|v| v.strip_suffix(b"\""))
                .unwrap_or(value),
        )
    })
}

/// Whether a body in `charset` reads as the UTF-8 these codecs read: UTF-8
/// itself, or a charset that agrees with it on ASCII (US-ASCII, the
/// ISO-8859 family, the Windows code pages 1250 to 1258), in which every
/// document a vendor declares is written. A body in UTF-16, UTF-32, EBCDIC
/// or an unknown charset would mean other characters than its bytes read
/// as UTF-8: it is never read.
///
/// ```
/// use signoff_core::reads_as_utf8;
/// assert!(reads_as_utf8(b"utf-8") && reads_as_utf8(b"ISO-8859-1") && reads_as_utf8(b"windows-1252"));
/// assert!(!reads_as_utf8(b"UTF-16") && !reads_as_utf8(b"ibm037") && !reads_as_utf8(b""));
/// ```
pub fn reads_as_utf8(charset: &[u8]) -> bool {
    const NAMES: [&[u8]; 7] = [
        b"utf-8",
        b"utf8",
        b"us-ascii",
        b"ascii",
        b"latin1",
        b"iso-8859-1",
        b"iso_8859-1",
    ];
    // A prefix (any case) and then one to `digits` digits.
    let numbered = |prefix: &[u8], digits: usize| {
        charset.len() > prefix.len()
            && charset.len() <= prefix.len() + digits
            && charset
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
            && charset
                .get(prefix.len()..)
                .is_some_and(|n| n.iter().all(u8::is_ascii_digit))
    };
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(charset))
        || numbered(b"iso-8859-", 2)
        || numbered(b"windows-125", 1)
        || numbered(b"cp125", 1)
}

fn looks_like_html(body: &[u8]) -> bool {
    const TAGS: [&[u8]; 5] = [b"!doctype html", b"html", b"head", b"body", b"title"];
    let head = body.get(..body.len().min(256)).unwrap_or(body);
    // Only at each `<` (found with memchr, not byte by byte),
    // case-insensitively, with no lowercased copy: this runs on every XML
    // body whose content type is not trusted.
    memchr::memchr_iter(b'<', head).any(|i| {
        let after = head.get(i + 1..).unwrap_or_default();
        TAGS.iter()
            .any(|tag| after.get(..tag.len()).is_some_and(|w| w.eq_ignore_ascii_case(tag)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_charset_is_read_from_the_parameters() {
        for (ct, want) in [
            (&b"text/plain"[..], None),
            (b"text/plain;charset=utf-8", Some(&b"utf-8"[..])),
            (b"text/plain ; CHARSET = \"UTF-16\" ; q=1", Some(b"UTF-16")),
            (b"text/plain; format=flowed; charset=latin1", Some(b"latin1")),
            (b"text/plain; charset", None),
            (b"text/plain; xcharset=utf-16", None),
            (b"text/plain; charset=", Some(b"")),
        ] {
            assert_eq!(charset_of(ct), want, "{}", String::from_utf8_lossy(ct));
        }
        for read in [
            "UTF-8",
            "utf8",
            "US-ASCII",
            "iso-8859-15",
            "ISO_8859-1",
            "Windows-1252",
            "cp1250",
        ] {
            assert!(reads_as_utf8(read.as_bytes()), "{read}");
        }
        for foreign in [
            "utf-16",
            "UTF-16LE",
            "utf-32",
            "ucs-2",
            "ibm037",
            "iso-8859-",
            "iso-8859-123",
            "windows-12",
            "shift_jis",
            "",
        ] {
            assert!(!reads_as_utf8(foreign.as_bytes()), "{foreign}");
        }
    }

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
