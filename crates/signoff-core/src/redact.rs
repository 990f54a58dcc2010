//! Redaction of secrets a server echoes back, in every form it may echo
//! them.
//!
//! A caller that knows what it sent (the CLI's `send`) redacts the
//! *response* before decoding it: every text a report, a trace or a journal
//! later cuts or quotes then comes from a body that no longer holds the
//! secret, so no cut can leave the start of a secret behind.
//!
//! A secret is found in these forms, each with one linear pass over the
//! text (a decoded copy with a map back to the original offsets, searched
//! with `memchr`'s linear substring search):
//!
//! - plain;
//! - JSON-escaped (`\u003d`, `\/`, surrogate pairs, any mix with plain
//!   characters);
//! - percent-encoded (`%3D`, either case, any mix), as in a `Location` or
//!   a query string;
//! - XML character references and the five predefined entities;
//! - base64 (standard and URL-safe, padded or not) of the secret itself, and
//!   every sensitive header value sent (so `Basic <base64(user:password)>`
//!   is found whole and without its scheme).
//!
//! Secrets shorter than [`MIN_SECRET_LEN`] bytes are not searched for (they
//! would redact ordinary words). A secret with a scheme (`QSDK 3856...`,
//! `Bearer eyJ...`) is also searched for by its parts of at least
//! [`MIN_PART_LEN`] bytes, since a server may echo the token without it.
//!
//! Redaction only ever replaces text by [`REDACTED`]: a document a
//! redaction makes unreadable decodes as `unexpected`, never as a success
//! it was not.

use std::borrow::Cow;

use base64::Engine as _;
use bytes::Bytes;
use memchr::memmem;

use crate::REDACTED;

/// The shortest secret searched for, in bytes.
pub const MIN_SECRET_LEN: usize = 4;

/// The shortest part of a secret with a scheme searched for on its own.
pub const MIN_PART_LEN: usize = 8;

/// The secrets a caller sent, ready to be found in what came back. Its
/// `Debug` shows how many it holds, never one of them.
#[derive(Default, Clone)]
pub struct Redactor {
    needles: Vec<Vec<u8>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} forms)", self.needles.len())
    }
}

impl Redactor {
    /// A redactor that knows no secret.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a secret: its text, its credentials after a scheme (`QSDK
    /// 3856...`, `Bearer eyJ...`, `Basic dXNl...`), and their base64 forms.
    pub fn secret(&mut self, secret: &str) -> &mut Self {
        let mut texts = vec![secret];
        if let Some((_, credentials)) = secret.trim().split_once(char::is_whitespace) {
            let credentials = credentials.trim();
            if credentials.len() >= MIN_PART_LEN && !credentials.contains(char::is_whitespace) {
                texts.push(credentials);
            }
        }
        for text in texts {
            if text.len() < MIN_SECRET_LEN {
                continue;
            }
            self.add(text.as_bytes().to_vec());
            for engine in [
                &base64::engine::general_purpose::STANDARD,
                &base64::engine::general_purpose::URL_SAFE,
            ] {
                let encoded = engine.encode(text);
                self.add(encoded.trim_end_matches('=').as_bytes().to_vec());
            }
        }
        self
    }

    /// Adds every header value marked sensitive (an authorization, a token
    /// header) as a secret. Of an HTTP `Signature` authorization only the
    /// signature is secret: its key id and header list are not.
    pub fn sensitive_headers(&mut self, headers: &http::HeaderMap) -> &mut Self {
        for value in headers.values().filter(|v| v.is_sensitive()) {
            let Ok(text) = value.to_str() else { continue };
            match text.strip_prefix("Signature ") {
                Some(params) => {
                    for param in params.split(',') {
                        if let Some(signature) = param.trim().strip_prefix("signature=") {
                            self.secret(signature.trim_matches('"'));
                        }
                    }
                }
                None => {
                    self.secret(text);
                }
            }
        }
        self
    }

    fn add(&mut self, needle: Vec<u8>) {
        if needle.len() >= MIN_SECRET_LEN && !self.needles.contains(&needle) {
            self.needles.push(needle);
        }
    }

    /// Whether it knows no secret.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// `text` with every form of every secret replaced by [`REDACTED`];
    /// borrowed when there was none.
    pub fn redact<'a>(&self, text: &'a [u8]) -> Cow<'a, [u8]> {
        if self.needles.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut spans = Vec::new();
        self.find(text, &mut spans);
        for form in [Form::Json, Form::Percent, Form::Xml] {
            if memchr::memchr(form.trigger(), text).is_some() {
                let decoded = Decoded::of(text, form);
                let mut found = Vec::new();
                self.find(&decoded.bytes, &mut found);
                spans.extend(found.into_iter().map(|(s, e)| decoded.original(s, e, text.len())));
            }
        }
        if spans.is_empty() {
            return Cow::Borrowed(text);
        }
        spans.sort_unstable();
        let mut out = Vec::with_capacity(text.len());
        let mut at = 0;
        for (start, end) in spans {
            if end <= at {
                continue;
            }
            if start >= at {
                out.extend_from_slice(text.get(at..start).unwrap_or_default());
                out.extend_from_slice(REDACTED.as_bytes());
            }
            at = end;
        }
        out.extend_from_slice(text.get(at..).unwrap_or_default());
        Cow::Owned(out)
    }

    /// [`Redactor::redact`] for a text.
    pub fn redact_str<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.redact(text.as_bytes()) {
            Cow::Borrowed(_) => Cow::Borrowed(text),
            Cow::Owned(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
        }
    }

    /// The response with its body and every header value redacted; the
    /// status and version kept. Decode this one and every text a report
    /// quotes is clean before anything cuts it.
    pub fn redact_response(&self, response: &http::Response<Bytes>) -> http::Response<Bytes> {
        let mut out = http::Response::new(match self.redact(response.body()) {
            Cow::Borrowed(_) => response.body().clone(),
            Cow::Owned(bytes) => Bytes::from(bytes),
        });
        *out.status_mut() = response.status();
        *out.version_mut() = response.version();
        for (name, value) in response.headers() {
            let value = match self.redact(value.as_bytes()) {
                Cow::Borrowed(_) => value.clone(),
                Cow::Owned(bytes) => http::HeaderValue::from_bytes(&bytes).unwrap_or_else(|_| value.clone()),
            };
            out.headers_mut().append(name.clone(), value);
        }
        out
    }

    /// Every `(start, end)` where a secret occurs in `haystack`,
    /// overlapping occurrences included (`abcdabcd` in `abcdabcdabcd` is
    /// found twice, so no half of it is left).
    fn find(&self, haystack: &[u8], spans: &mut Vec<(usize, usize)>) {
        for needle in &self.needles {
            let finder = memmem::Finder::new(needle);
            let mut from = 0;
            while let Some(at) = haystack.get(from..).and_then(|rest| finder.find(rest)) {
                let (start, end) = (from + at, from + at + needle.len());
                // Overlapping occurrences merge into one span as they are
                // found: one span per run, however repetitive the body.
                match spans.last_mut() {
                    Some(last) if last.1 >= start && last.0 <= start => last.1 = last.1.max(end),
                    _ => spans.push((start, end)),
                }
                from = start + 1;
            }
        }
    }
}

/// An encoding a secret may be echoed in.
#[derive(Clone, Copy)]
enum Form {
    Json,
    Percent,
    Xml,
}

impl Form {
    /// The byte without which the text holds nothing of this form.
    fn trigger(self) -> u8 {
        match self {
            Self::Json => b'\\',
            Self::Percent => b'%',
            Self::Xml => b'&',
        }
    }
}

/// A text with one form's escapes decoded, and for each decoded byte the
/// offset of the escape (or byte) it came from.
struct Decoded {
    bytes: Vec<u8>,
    origin: Vec<usize>,
}

impl Decoded {
    fn of(text: &[u8], form: Form) -> Self {
        let mut d = Self {
            bytes: Vec::with_capacity(text.len()),
            origin: Vec::with_capacity(text.len()),
        };
        let mut i = 0;
        while i < text.len() {
            let rest = text.get(i..).unwrap_or_default();
            let (decoded, used) = match form {
                Form::Json => json_escape(rest),
                Form::Percent => percent_escape(rest),
                Form::Xml => xml_reference(rest),
            }
            .unwrap_or_else(|| (Unit::Byte(rest.first().copied().unwrap_or_default()), 1));
            match decoded {
                Unit::Byte(b) => d.push(b, i),
                Unit::Char(c) => {
                    let mut buf = [0; 4];
                    for &b in c.encode_utf8(&mut buf).as_bytes() {
                        d.push(b, i);
                    }
                }
            }
            i += used;
        }
        d
    }

    fn push(&mut self, byte: u8, origin: usize) {
        self.bytes.push(byte);
        self.origin.push(origin);
    }

    /// The original span of the decoded span `start..end`: from the escape
    /// the first byte came from to the escape after the last one.
    fn original(&self, start: usize, end: usize, len: usize) -> (usize, usize) {
        let from = self.origin.get(start).copied().unwrap_or(len);
        let to = self.origin.get(end).copied().unwrap_or(len);
        (from, to.max(from))
    }
}

/// What one escape decodes to.
enum Unit {
    Byte(u8),
    Char(char),
}

fn hex(digits: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(text, 16)
        .ok()
        .filter(|_| text.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A JSON escape at the start of `s`: its decoded unit and length.
fn json_escape(s: &[u8]) -> Option<(Unit, usize)> {
    let (&backslash, rest) = s.split_first()?;
    if backslash != b'\\' {
        return None;
    }
    let byte = |b: u8| Some((Unit::Byte(b), 2));
    match rest.first()? {
        b'"' => byte(b'"'),
        b'\\' => byte(b'\\'),
        b'/' => byte(b'/'),
        b'b' => byte(0x08),
        b'f' => byte(0x0c),
        b'n' => byte(b'\n'),
        b'r' => byte(b'\r'),
        b't' => byte(b'\t'),
        b'u' => {
            let high = hex(rest.get(1..5)?)?;
            if (0xD800..0xDC00).contains(&high) {
                let low = match rest.get(5..7) {
                    Some(b"\\u") => hex(rest.get(7..11)?)?,
                    _ => return None,
                };
                if !(0xDC00..0xE000).contains(&low) {
                    return None;
                }
                let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?;
                Some((Unit::Char(c), 12))
            } else {
                Some((Unit::Char(char::from_u32(high)?), 6))
            }
        }
        _ => None,
    }
}

/// A percent escape at the start of `s`.
fn percent_escape(s: &[u8]) -> Option<(Unit, usize)> {
    if s.first() != Some(&b'%') {
        return None;
    }
    let value = hex(s.get(1..3)?)?;
    Some((Unit::Byte(u8::try_from(value).ok()?), 3))
}

/// An XML character or entity reference at the start of `s`.
fn xml_reference(s: &[u8]) -> Option<(Unit, usize)> {
    if s.first() != Some(&b'&') {
        return None;
    }
    let end = s.iter().take(12).position(|&b| b == b';')?;
    let name = s.get(1..end)?;
    let unit = match name {
        b"amp" => Unit::Byte(b'&'),
        b"lt" => Unit::Byte(b'<'),
        b"gt" => Unit::Byte(b'>'),
        b"quot" => Unit::Byte(b'"'),
        b"apos" => Unit::Byte(b'\''),
        [b'#', b'x' | b'X', digits @ ..] => Unit::Char(char::from_u32(hex(digits)?)?),
        [b'#', digits @ ..] => {
            let text = std::str::from_utf8(digits)
                .ok()
                .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))?;
            Unit::Char(char::from_u32(text.parse().ok()?)?)
        }
        _ => return None,
    };
    Some((unit, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor(secrets: &[&str]) -> Redactor {
        let mut r = Redactor::new();
        for s in secrets {
            r.secret(s);
        }
        r
    }

    fn redacted(r: &Redactor, text: &str) -> String {
        String::from_utf8(r.redact(text.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn every_form_is_found() {
        let r = redactor(&["s3cr=t/pa+ss"]);
        for echo in [
            "s3cr=t/pa+ss",
            r"s3cr\u003dt\/pa\u002bss",
            r"s3cr\u003Dt/pa+ss",
            r"\u0073\u0033\u0063\u0072\u003d\u0074\u002f\u0070\u0061\u002b\u0073\u0073",
            "s3cr%3Dt%2Fpa%2Bss",
            "s3cr%3dt/pa%2bss",
            "s3cr&#61;t&#x2F;pa&#43;ss",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain([
            base64::engine::general_purpose::STANDARD.encode("s3cr=t/pa+ss"),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("s3cr=t/pa+ss"),
        ]) {
            let out = redacted(&r, &format!("<a>{echo}</a>"));
            assert_eq!(out, "<a>[REDACTED]</a>", "{echo}");
        }
    }

    #[test]
    fn basic_credentials_and_schemes() {
        let mut r = Redactor::new();
        let mut headers = http::HeaderMap::new();
        let mut v = http::HeaderValue::from_static("Basic dXNlcjpwYXNzd29yZA==");
        v.set_sensitive(true);
        headers.insert("authorization", v);
        headers.insert("accept", http::HeaderValue::from_static("application/json"));
        r.sensitive_headers(&headers);
        assert_eq!(redacted(&r, "got dXNlcjpwYXNzd29yZA== x"), "got [REDACTED] x");
        assert_eq!(redacted(&r, "application/json"), "application/json");
        // Of a Signature authorization, only the signature.
        let mut r = Redactor::new();
        let mut headers = http::HeaderMap::new();
        let mut v = http::HeaderValue::from_static(
            "Signature algorithm=\"rsa-sha256\",headers=\"date (request-target) host\",keyId=\"t/u/f\",signature=\"c2lnbmF0dXJlLWJ5dGVz\",version=\"1\"",
        );
        v.set_sensitive(true);
        headers.insert("authorization", v);
        r.sensitive_headers(&headers);
        assert_eq!(
            redacted(&r, "date (request-target) host t/u/f c2lnbmF0dXJlLWJ5dGVz"),
            "date (request-target) host t/u/f [REDACTED]"
        );
        let r = redactor(&["QSDK 0123456789"]);
        assert_eq!(
            redacted(&r, "a QSDK 0123456789 b 0123456789 QSDK"),
            "a [REDACTED] b [REDACTED] QSDK"
        );
    }

    #[test]
    fn short_secrets_and_clean_text_are_left_alone() {
        let r = redactor(&["abc", ""]);
        assert!(r.is_empty());
        let r = redactor(&["CANARY-1"]);
        assert!(matches!(r.redact(b"nothing here \\n %41 &amp;"), Cow::Borrowed(_)));
    }

    #[test]
    fn overlapping_and_adjacent_echoes() {
        let r = redactor(&["abcdabcd", "cdab"]);
        assert_eq!(redacted(&r, "xabcdabcdabcdx"), "x[REDACTED]x");
        assert_eq!(redacted(&r, "abcd%61bcd"), "[REDACTED]");
    }

    #[test]
    fn a_response_is_redacted_in_body_and_headers() {
        let r = redactor(&["t0k3n-CANARY"]);
        let response = http::Response::builder()
            .status(302)
            .header("location", "https://h/login?t=t0k3n%2DCANARY")
            .header("x-request-id", "rid")
            .body(Bytes::from_static(br#"{"m":"t0k3n\u002dCANARY"}"#))
            .unwrap();
        let out = r.redact_response(&response);
        assert_eq!(out.status(), 302);
        assert_eq!(out.headers()["location"], "https://h/login?t=[REDACTED]");
        assert_eq!(out.headers()["x-request-id"], "rid");
        assert_eq!(out.body().as_ref(), br#"{"m":"[REDACTED]"}"#);
        assert!(!format!("{r:?}").contains("CANARY"));
    }

    proptest::proptest! {
        #[test]
        fn no_form_of_a_secret_survives(
            secret in "[!-~]{4,24}",
            before in "[ a-zA-Z0-9]{0,16}",
            after in "[ a-zA-Z0-9]{0,16}",
            form in 0..4usize,
        ) {
            let echo: String = match form {
                0 => secret.clone(),
                1 => secret.chars().map(|c| format!("\\u{:04x}", c as u32)).collect(),
                2 => secret.bytes().map(|b| format!("%{b:02X}")).collect(),
                _ => secret.chars().map(|c| format!("&#{};", c as u32)).collect(),
            };
            let r = redactor(&[&secret]);
            let out = redacted(&r, &format!("{before}{echo}{after}"));
            proptest::prop_assert!(!out.contains(&echo), "{out}");
            proptest::prop_assert!(out.contains(REDACTED));
        }
    }
}
