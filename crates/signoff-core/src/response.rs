//! Response-side mechanics: a borrowed view of a response, media types,
//! the body limit, request ids, bounded excerpts and JSON parsing with
//! byte offsets.

use std::cell::OnceCell;

use bytes::Bytes;
use bytestring::ByteString;
use http::{HeaderMap, HeaderValue, Response, StatusCode};

use crate::error::{ApiError, ErrorKind, Unexpected, UnexpectedReason};

/// The default body limit: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// The longest excerpt of a body kept in an error, in bytes.
pub const EXCERPT_LIMIT: usize = 512;

/// The UTF-8 byte order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Knobs of a decode. `Default` gives a 1 MiB body limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// Bodies longer than this are answered with `body_too_large` before
    /// any parsing.
    pub body_limit: usize,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }
}

impl DecodeOptions {
    /// Options with the given body limit.
    pub fn with_body_limit(body_limit: usize) -> Self {
        Self { body_limit }
    }
}

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

/// The body without a leading UTF-8 BOM.
pub fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(UTF8_BOM).unwrap_or(body)
}

/// The body without leading ASCII whitespace.
pub fn trim_start(body: &[u8]) -> &[u8] {
    let n = body.iter().take_while(|b| b.is_ascii_whitespace()).count();
    body.get(n..).unwrap_or_default()
}

/// Whether the body is empty or only whitespace (after an optional BOM).
pub fn is_blank(body: &[u8]) -> bool {
    trim_start(strip_bom(body)).is_empty()
}

/// A bounded, lossy UTF-8 excerpt of `body`: at most [`EXCERPT_LIMIT`]
/// bytes, cut on a character boundary, with `…` appended when cut.
pub fn excerpt(body: &[u8]) -> String {
    let cut = body.len() > EXCERPT_LIMIT;
    let head = body.get(..EXCERPT_LIMIT.min(body.len())).unwrap_or(body);
    // UTF-8 is checked by the fast validator first: `from_utf8_lossy` walks
    // byte chunks and costs several times more on the common, valid body.
    let mut s = match std::str::from_utf8(head) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(head).into_owned(),
    };
    if cut {
        // A multi-byte character split at the limit shows up as a trailing
        // replacement character: drop it.
        if s.ends_with('\u{FFFD}') {
            s.pop();
        }
        s.push('…');
    }
    s
}

/// The text of the first `<title>` of an HTML page, trimmed, bounded.
pub fn html_title(body: &[u8]) -> Option<String> {
    let head = body.get(..body.len().min(64 * 1024)).unwrap_or(body);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let open = lower.windows(6).position(|w| w == b"<title")?;
    let after_open = open + lower.get(open..)?.iter().position(|&b| b == b'>')? + 1;
    let close = after_open + lower.get(after_open..)?.windows(8).position(|w| w == b"</title>")?;
    let text = String::from_utf8_lossy(head.get(after_open..close)?);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        None
    } else {
        Some(text.chars().take(200).collect())
    }
}

/// A JSON body that did not parse: the sentence and the byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset into the body as received (a BOM counted).
    pub offset: usize,
    /// serde_json's description.
    pub message: String,
}

/// Parses JSON after an optional BOM, turning serde_json's line/column
/// into a byte offset of the body as received.
pub fn parse_json<'a, T: serde::Deserialize<'a>>(body: &'a [u8]) -> Result<T, JsonError> {
    let bom = body.len() - strip_bom(body).len();
    let text = strip_bom(body);
    serde_json::from_slice(text).map_err(|e| JsonError {
        offset: bom + line_col_to_offset(text, e.line(), e.column()),
        message: e.to_string(),
    })
}

/// Parses a JSON document into a [`serde_json::Value`] after an optional
/// BOM, refusing an object that names the same key twice: a vendor document
/// with two `errorCode`s or two `status`es is ambiguous, and a decoder that
/// silently kept the last one could call a failure success.
pub fn parse_json_value(body: &[u8]) -> Result<serde_json::Value, JsonError> {
    parse_json::<StrictValue>(body).map(|v| v.0)
}

struct StrictValue(serde_json::Value);

impl<'de> serde::Deserialize<'de> for StrictValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = StrictValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<StrictValue, E> {
        Ok(StrictValue(v.into()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<StrictValue, E> {
        Ok(StrictValue(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<StrictValue, E> {
        Ok(StrictValue(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<StrictValue, E> {
        Ok(StrictValue(
            serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number),
        ))
    }

    fn visit_str<E>(self, v: &str) -> Result<StrictValue, E> {
        Ok(StrictValue(v.into()))
    }

    fn visit_string<E>(self, v: String) -> Result<StrictValue, E> {
        Ok(StrictValue(v.into()))
    }

    fn visit_unit<E>(self) -> Result<StrictValue, E> {
        Ok(StrictValue(serde_json::Value::Null))
    }

    fn visit_none<E>(self) -> Result<StrictValue, E> {
        Ok(StrictValue(serde_json::Value::Null))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<StrictValue, A::Error> {
        let mut out = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(StrictValue(serde_json::Value::Array(out)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<StrictValue, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let StrictValue(value) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "the key {:?} appears twice in one object",
                    key.chars().take(64).collect::<String>()
                )));
            }
            out.insert(key, value);
        }
        Ok(StrictValue(serde_json::Value::Object(out)))
    }
}

fn line_col_to_offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|t| t.iter().position(|&b| b == b'\n')) {
            Some(p) => start += p + 1,
            None => break,
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

/// Where `part` lies in `buffer`, when it is a slice of it (checked by
/// address, so a slice taken with the range can never be out of bounds).
///
/// ```
/// let buffer = b"<userId>user5</userId>";
/// assert_eq!(signoff_core::range_within(buffer, &buffer[8..13]), Some(8..13));
/// assert_eq!(signoff_core::range_within(buffer, b"user5"), None);
/// ```
pub fn range_within(buffer: &[u8], part: &[u8]) -> Option<std::ops::Range<usize>> {
    let offset = (part.as_ptr() as usize).checked_sub(buffer.as_ptr() as usize)?;
    let end = offset.checked_add(part.len())?;
    (end <= buffer.len()).then_some(offset..end)
}

/// A body whose texts a reader keeps as [`ByteString`]s: slices of the
/// response's own buffer when the caller holds it and it is UTF-8, else
/// copies.
///
/// A shared body is checked UTF-8 once, over the whole buffer, the first
/// time a text is asked for; the readers then scan that text
/// ([`BodyTexts::text`]) and keep parts of it ([`BodyTexts::keep`]) without
/// checking again, and keeping a part costs a reference count, not an
/// allocation.
///
/// ```
/// use bytes::Bytes;
/// use signoff_core::BodyTexts;
/// let buffer = Bytes::from(br#"{"code":"NotAuthenticated"}"#.to_vec());
/// let body = BodyTexts::shared(&buffer);
/// let [code] = body.flat_strings(["code"]).unwrap();
/// let kept = body.keep(code.unwrap());
/// assert_eq!(kept, "NotAuthenticated");
/// assert_eq!(kept.as_bytes().as_ptr(), buffer[9..].as_ptr()); // no copy
/// assert_eq!(BodyTexts::copied(b"\xff").text(), None);
/// ```
#[derive(Debug, Clone)]
pub struct BodyTexts<'a> {
    body: &'a [u8],
    /// The body as the response's own buffer, when the caller holds it.
    shared: Option<&'a Bytes>,
    /// `shared` as text, checked on first use (`None` inside: not UTF-8).
    whole: OnceCell<Option<ByteString>>,
}

impl<'a> BodyTexts<'a> {
    /// A body given as a slice: texts kept are copies.
    pub fn copied(body: &'a [u8]) -> Self {
        Self {
            body,
            shared: None,
            whole: OnceCell::new(),
        }
    }

    /// A body given as the response's own buffer: texts kept are slices of
    /// it when it is UTF-8, else copies.
    pub fn shared(body: &'a Bytes) -> Self {
        Self {
            body,
            shared: Some(body),
            whole: OnceCell::new(),
        }
    }

    /// The body's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.body
    }

    /// The shared body as text: checked UTF-8 on the first call only;
    /// `None` for a copied body or one that is not UTF-8.
    pub fn shared_text(&self) -> Option<&ByteString> {
        let bytes = self.shared?;
        self.whole
            .get_or_init(|| ByteString::try_from(bytes.clone()).ok())
            .as_ref()
    }

    /// The body as text (for a copied body, checked at each call); `None`
    /// when it is not UTF-8.
    pub fn text(&self) -> Option<&str> {
        match self.shared {
            Some(_) => self.shared_text().map(|whole| &**whole),
            None => std::str::from_utf8(self.body).ok(),
        }
    }

    /// The whole body as one [`ByteString`]: the shared buffer itself (its
    /// check done once), else a copy; `None` when it is not UTF-8.
    pub fn whole(&self) -> Option<ByteString> {
        match self.shared {
            Some(_) => self.shared_text().cloned(),
            None => ByteString::try_from(self.body).ok(),
        }
    }

    /// [`flat_strings_of_text`](crate::flat_strings_of_text) of the body's
    /// text: the envelopes' fast path.
    pub fn flat_strings<const N: usize>(&self, names: [&str; N]) -> Option<[Option<&str>; N]> {
        crate::flat_strings_of_text(self.text()?, names)
    }

    /// `text` as a [`ByteString`]: a slice of the shared buffer when it lies
    /// in it (checked by address), else a copy.
    pub fn keep(&self, text: &str) -> ByteString {
        match self.shared_text() {
            Some(whole) if range_within(whole.as_bytes(), text.as_bytes()).is_some() => whole.slice_ref(text),
            _ => ByteString::from(text),
        }
    }

    /// [`BodyTexts::keep`] of a text a reader borrowed or built.
    pub fn keep_cow(&self, text: std::borrow::Cow<'_, str>) -> ByteString {
        match text {
            std::borrow::Cow::Borrowed(s) => self.keep(s),
            std::borrow::Cow::Owned(s) => ByteString::from(s),
        }
    }

    /// [`excerpt`] of the body: the shared buffer itself when it is UTF-8
    /// and short enough to be its own excerpt.
    pub fn excerpt(&self) -> ByteString {
        if self.shared.is_some_and(|b| b.len() <= EXCERPT_LIMIT)
            && let Some(whole) = self.shared_text()
        {
            return whole.clone();
        }
        ByteString::from(excerpt(self.body))
    }
}

/// A response as a decoder sees it: status, headers and a borrowed body.
#[derive(Debug, Clone)]
pub struct ResponseView<'a> {
    status: StatusCode,
    headers: &'a HeaderMap,
    /// The body, shared with the response's buffer when the caller holds
    /// one: texts of the body kept in a typed error then slice it.
    texts: BodyTexts<'a>,
    request_id: Option<&'a str>,
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
        for (name, value) in headers {
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
            .map(str::trim)
            .filter(|v| !v.is_empty());
        Self {
            status,
            headers,
            texts,
            request_id,
        }
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

    /// The media type the `Content-Type` header declares.
    pub fn declared_media_type(&self) -> MediaType {
        self.headers
            .get(http::header::CONTENT_TYPE)
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

    /// `Err(body_too_large)` when the body is over the limit.
    pub fn check_limit(&self, options: &DecodeOptions) -> Result<(), Unexpected> {
        if self.texts.bytes().len() > options.body_limit {
            Err(self.unexpected(
                UnexpectedReason::BodyTooLarge,
                format!(
                    "the body has {} bytes, over the limit of {} bytes; it was not read",
                    self.texts.bytes().len(),
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
            envelope: envelope.map(Box::new),
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

    #[test]
    fn body_texts_share_only_what_lies_in_a_utf8_buffer() {
        let shared = |t: &ByteString, buffer: &Bytes| range_within(buffer, t.as_bytes()).is_some();
        let buffer = Bytes::from(b"{\"m\":\"caf\xc3\xa9\"}".to_vec());
        let body = BodyTexts::shared(&buffer);
        let text = body.text().unwrap_or_default();
        assert_eq!(text, "{\"m\":\"café\"}");
        let part = text.get(6..11).unwrap_or_default();
        assert!(shared(&body.keep(part), &buffer));
        // A text from elsewhere, or any text of a copied body, is copied.
        assert!(!shared(&body.keep("café"), &buffer));
        assert!(!shared(&BodyTexts::copied(&buffer).keep(part), &buffer));
        // The short body is its own excerpt, shared.
        assert!(shared(&body.excerpt(), &buffer));
        assert!(body.whole().is_some_and(|w| shared(&w, &buffer)));
        assert!(BodyTexts::copied(&buffer).whole().is_some_and(|w| !shared(&w, &buffer)));
        // Not UTF-8: no text, texts copied, the excerpt lossy.
        let bad = Bytes::from(b"{\"m\":\"\xff\"}".to_vec());
        let body = BodyTexts::shared(&bad);
        assert_eq!(body.text(), None);
        assert_eq!(body.flat_strings(["m"]), None);
        assert_eq!(body.whole(), None);
        assert_eq!(body.excerpt(), "{\"m\":\"\u{FFFD}\"}");
        // A long body's excerpt is bounded (a copy).
        let long = Bytes::from(vec![b'a'; EXCERPT_LIMIT + 10]);
        let excerpt = BodyTexts::shared(&long).excerpt();
        assert!(excerpt.len() <= EXCERPT_LIMIT + '…'.len_utf8() && excerpt.ends_with('…'));
    }

    #[test]
    fn excerpt_is_bounded_and_lossy() {
        assert_eq!(excerpt(b"short"), "short");
        assert_eq!(excerpt(b"a\xffb"), "a\u{FFFD}b");
        let long = "é".repeat(600);
        let e = excerpt(long.as_bytes());
        assert!(e.len() <= EXCERPT_LIMIT + '…'.len_utf8());
        assert!(e.ends_with('…'));
        assert!(!e.contains('\u{FFFD}'));
    }

    #[test]
    fn html_title_is_found() {
        let page = b"<html><head><TITLE>\n 503 Service\n Unavailable </TITLE></head></html>";
        assert_eq!(html_title(page).as_deref(), Some("503 Service Unavailable"));
        assert_eq!(html_title(b"<html><title></title></html>"), None);
        assert_eq!(html_title(b"<title>unterminated"), None);
    }

    #[test]
    fn json_errors_carry_byte_offsets() {
        let e = parse_json::<serde_json::Value>(b"{\n  \"a\": x}").unwrap_err();
        assert_eq!(e.offset, 9);
        let e = parse_json::<serde_json::Value>(b"\xEF\xBB\xBF{\"a\" 1}").unwrap_err();
        assert_eq!(e.offset, 3 + 5);
        assert!(parse_json::<serde_json::Value>(b"\xEF\xBB\xBF{}").is_ok());
    }

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        assert_eq!(
            parse_json_value(b"{\"a\":1,\"b\":[{\"c\":2}]}").unwrap()["b"][0]["c"],
            2
        );
        let e = parse_json_value(b"{\"a\":1,\"a\":2}").unwrap_err();
        assert!(e.message.contains("appears twice"), "{e:?}");
        assert_eq!(e.offset, 12);
        assert!(parse_json_value(b"[{\"x\":{\"k\":1,\"k\":1}}]").is_err());
        assert!(parse_json_value(b"{\"a\":1,\"A\":2}").is_ok());
        let deep = "[".repeat(10_000);
        assert!(parse_json_value(deep.as_bytes()).is_err());
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
