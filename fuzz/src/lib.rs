//! # signoff-fuzz
//!
//! What the cargo-fuzz targets in `fuzz_targets/` share: the byte layouts
//! they read their input in (so the `seed` example can write conformance
//! cases in the same layouts), and the checks they make.
//!
//! Decoder targets read a [`ResponseInput`]; builder targets read
//! [`Fields`]. Every check panics on failure: a panic is what libFuzzer
//! records as a crash.
//!
//! ## Dependencies, and why
//! - `libfuzzer-sys`: the `fuzz_target!` entry points (targets only).
//! - the signoff crates: what is fuzzed.
//! - `http`, `bytes`, `serde_json`: requests, responses, reports, params.
//! - `percent-encoding`: decoding the query strings the builders encode.
//! - `signoff-conformance`, `toml` (feature `seed`): the `seed` example
//!   reads the conformance cases.

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode};
use serde::Serialize;
use signoff_core::{BuildError, BuildErrorKind, Codec, DecodeOptions, EXCERPT_LIMIT, Error, Outcome, Report};

// ---------------------------------------------------------------------------
// Decoder input

/// The `Content-Type` values a decoder input picks from (index 1..=6 of the
/// flags' low three bits; 0 is none, 7 is arbitrary bytes from the input).
pub const CONTENT_TYPES: [&str; 6] = [
    "application/json",
    "application/xml",
    "text/html; charset=utf-8",
    "text/plain",
    "application/json; charset=utf-8",
    "text/xml",
];

/// The names of the one extra header a decoder input may carry.
pub const OTHER_HEADERS: [&str; 5] = [
    "location",
    "www-authenticate",
    "www-authenticate-custom",
    "content-length",
    "content-encoding",
];

/// The body limit used when the input's flags ask for a small one.
pub const SMALL_BODY_LIMIT: usize = 64;

const CT_MASK: u8 = 0b0000_0111;
const CT_ARBITRARY: u8 = 7;
const RID_PRESENT: u8 = 0b0000_1000;
const RID_SHIFT: u8 = 4;
const SMALL_LIMIT: u8 = 0b0100_0000;
const OTHER_PRESENT: u8 = 0b1000_0000;

/// A response drawn from fuzz input.
///
/// Layout: `status: u16 BE` (the status is `100 + n % 900`), `flags: u8`,
/// then, as the flags say, `len: u8` + a content type (low three bits 7),
/// `len: u8` + a request id (bit 3; bits 4-5 pick the vendor's request id
/// header), `name: u8` + `len: u8` + an extra header (bit 7, name from
/// [`OTHER_HEADERS`]); the rest is the body. Bit 6 asks for a body limit of
/// [`SMALL_BODY_LIMIT`]. Header values a `HeaderValue` cannot hold are left
/// out.
#[derive(Debug, Clone)]
pub struct ResponseInput {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    /// The decode options (default, or a small body limit).
    pub options: DecodeOptions,
    /// Whether the small body limit is in force.
    pub small_limit: bool,
}

struct Cursor<'a> {
    data: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.data.split_first()?;
        self.data = rest;
        Some(b)
    }

    fn take_prefixed(&mut self) -> &'a [u8] {
        let n = usize::from(self.byte().unwrap_or(0)).min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        head
    }
}

fn insert(headers: &mut HeaderMap, name: &str, value: &[u8]) {
    if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_bytes(value)) {
        headers.append(n, v);
    }
}

impl ResponseInput {
    /// Reads a response from fuzz input; `None` when it is shorter than
    /// the status and flags.
    pub fn parse(data: &[u8], request_id_headers: &[&str]) -> Option<Self> {
        let mut c = Cursor { data };
        let raw = u16::from_be_bytes([c.byte()?, c.byte()?]);
        let status = StatusCode::from_u16(100 + raw % 900).ok()?;
        let flags = c.byte()?;
        let mut headers = HeaderMap::new();
        match flags & CT_MASK {
            0 => {}
            CT_ARBITRARY => {
                let v = c.take_prefixed();
                insert(&mut headers, "content-type", v);
            }
            i => insert(
                &mut headers,
                "content-type",
                CONTENT_TYPES[usize::from(i - 1)].as_bytes(),
            ),
        }
        if flags & RID_PRESENT != 0 && !request_id_headers.is_empty() {
            let name = request_id_headers[usize::from((flags >> RID_SHIFT) & 3) % request_id_headers.len()];
            let v = c.take_prefixed();
            insert(&mut headers, name, v);
        }
        if flags & OTHER_PRESENT != 0 {
            let name = OTHER_HEADERS[usize::from(c.byte().unwrap_or(0)) % OTHER_HEADERS.len()];
            let v = c.take_prefixed();
            insert(&mut headers, name, v);
        }
        let small_limit = flags & SMALL_LIMIT != 0;
        Some(Self {
            status,
            headers,
            body: Bytes::copy_from_slice(c.data),
            options: if small_limit {
                DecodeOptions::with_body_limit(SMALL_BODY_LIMIT)
            } else {
                DecodeOptions::default()
            },
            small_limit,
        })
    }

    /// The response, for the registry's `decode`.
    pub fn response(&self) -> Response<Bytes> {
        let mut r = Response::new(self.body.clone());
        *r.status_mut() = self.status;
        *r.headers_mut() = self.headers.clone();
        r
    }
}

/// Writes a response in the [`ResponseInput`] layout (for seeds): the
/// content type, the first request id header of `request_id_headers` and
/// the first header of [`OTHER_HEADERS`] found in `headers` are kept, the
/// others dropped; values are cut at 255 bytes. `None` for a status outside
/// `100..=999`.
pub fn encode_response(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    request_id_headers: &[&str],
) -> Option<Vec<u8>> {
    if !(100..=999).contains(&status) {
        return None;
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_bytes())
    };
    let cut = |v: &[u8]| v.get(..255.min(v.len())).unwrap_or(v).to_vec();
    let mut flags = 0u8;
    let mut tail = Vec::new();
    if let Some(ct) = find("content-type") {
        match CONTENT_TYPES.iter().position(|p| p.as_bytes() == ct) {
            Some(i) => flags |= (i + 1) as u8,
            None => {
                flags |= CT_ARBITRARY;
                let v = cut(ct);
                tail.push(v.len() as u8);
                tail.extend_from_slice(&v);
            }
        }
    }
    if let Some((i, v)) = request_id_headers
        .iter()
        .enumerate()
        .take(4)
        .find_map(|(i, n)| find(n).map(|v| (i, v)))
    {
        flags |= RID_PRESENT | ((i as u8) << RID_SHIFT);
        let v = cut(v);
        tail.push(v.len() as u8);
        tail.extend_from_slice(&v);
    }
    if let Some((i, v)) = OTHER_HEADERS
        .iter()
        .enumerate()
        .find_map(|(i, n)| find(n).map(|v| (i, v)))
    {
        flags |= OTHER_PRESENT;
        let v = cut(v);
        tail.push(i as u8);
        tail.push(v.len() as u8);
        tail.extend_from_slice(&v);
    }
    let mut out = (status - 100).to_be_bytes().to_vec();
    out.push(flags);
    out.extend_from_slice(&tail);
    out.extend_from_slice(body);
    Some(out)
}

// ---------------------------------------------------------------------------
// Decoder checks

fn outcome_of<S, D>(result: &Result<S, Error<D>>) -> Outcome {
    match result {
        Ok(_) => Outcome::Success,
        Err(Error::Api(_)) => Outcome::ApiError,
        Err(Error::Unexpected(_)) => Outcome::Unexpected,
        Err(_) => panic!("an error variant this harness does not know"),
    }
}

/// Checks one decode of `input`: the typed result (from the vendor's
/// `decode_with`, the body a slice) and the registry's report for `call`
/// (the body the response's shared buffer) agree on the outcome and on
/// every field of the report; the report and a success value serialize; excerpts are
/// bounded; the report's size is bounded by the input's; a body over the
/// limit is `body_too_large` and nothing else is; the report's request id
/// is one of the response's header values, trimmed.
/// The oracle: `success` only for a declared success status, an unencoded
/// body under one `Content-Type` that is not foreign, and a body that the
/// strict reference reading (core's strict readers, judged by the call's
/// declaration) accepts.
pub fn assert_success_is_proof(codec: &dyn Codec, call: &str, response: &http::Response<Bytes>, report: &Report) {
    use signoff_core::doc::{Document, read_json, read_xml};
    if report.outcome != signoff_core::Outcome::Success {
        return;
    }
    let Some(declaration) = codec.declaration(call) else {
        panic!("{} {call} declares nothing", codec.vendor());
    };
    let status = response.status().as_u16();
    assert!(
        declaration.success_statuses.contains(&status),
        "success on status {status}"
    );
    let headers = response.headers();
    assert!(
        headers.get_all(http::header::CONTENT_ENCODING).iter().all(|v| v
            .as_bytes()
            .split(|&b| b == b',')
            .all(|c| c.trim_ascii().is_empty() || c.trim_ascii().eq_ignore_ascii_case(b"identity"))),
        "success of an encoded body"
    );
    let mut types = headers.get_all(http::header::CONTENT_TYPE).iter();
    if let Some(first) = types.next() {
        assert!(types.all(|t| t == first), "success under two Content-Types");
        // A text's or XML body's charset says what its bytes mean; only one
        // that spells ASCII as UTF-8 does is read (a JSON label has no effect).
        let ct = String::from_utf8_lossy(first.as_bytes()).to_ascii_lowercase();
        let mut parts = ct.split(';');
        let essence = parts.next().unwrap_or_default().trim();
        let charset = parts
            .filter_map(|p| p.split_once('='))
            .find(|(name, _)| name.trim() == "charset")
            .map(|(_, value)| value.trim().trim_matches('"').to_owned());
        if let Some(charset) = charset
            && !(essence.ends_with("/json") || essence.ends_with("+json"))
            && !response.body().is_empty()
        {
            let read = ["utf-8", "utf8", "us-ascii", "ascii", "latin1"].contains(&charset.as_str())
                || ["iso-8859-", "iso_8859-", "windows-125", "cp125"].iter().any(|p| {
                    charset
                        .strip_prefix(p)
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                });
            assert!(read, "success of a body in charset {charset:?}");
        }
    }
    let body = response.body();
    let docs = &declaration.success;
    let text = std::str::from_utf8(signoff_core::strip_bom(body)).ok();
    let trimmed = text.map(|t| t.trim_matches([' ', '\t', '\r', '\n']));
    let accepted = match trimmed {
        Some("") => docs.empty,
        _ => {
            read_json(body).is_ok_and(|v| docs.accepts(&Document::Json(v)).is_ok())
                || read_xml(body).is_ok_and(|e| docs.accepts(&Document::Xml(e)).is_ok())
                || trimmed.is_some_and(|t| docs.accepts(&Document::Text(t)).is_ok())
        }
    };
    assert!(accepted, "success for a body the declaration does not accept");
}

pub fn check_decode<S: Serialize, D: Serialize>(
    codec: &dyn Codec,
    call: &str,
    input: &ResponseInput,
    typed: &Result<S, Error<D>>,
) -> Report {
    let response = input.response();
    let report = match codec.decode(call, &response, &input.options) {
        Ok(r) => r,
        Err(e) => panic!("the registry refused call {call:?}: {e}"),
    };
    assert_eq!(report.outcome, outcome_of(typed), "typed and registry outcomes differ");
    // The typed result read the body as a slice (texts copied), the registry
    // from the response's buffer (texts shared): the two readings must
    // report the same, field for field.
    let from_slice = Report::new(&report.vendor, call, report.status, report.request_id.as_deref(), typed);
    assert_eq!(
        serde_json::to_value(&from_slice).ok(),
        serde_json::to_value(&report).ok(),
        "the slice and shared-buffer readings differ"
    );
    assert_eq!(report.status, input.status.as_u16());
    assert_success_is_proof(codec, call, &response, &report);
    if let Ok(s) = typed
        && let Err(e) = serde_json::to_vec(s)
    {
        panic!("the success value does not serialize: {e}");
    }
    let json = match serde_json::to_vec(&report) {
        Ok(j) => j,
        Err(e) => panic!("the report does not serialize: {e}"),
    };
    let input_len = input.body.len()
        + input
            .headers
            .iter()
            .map(|(n, v)| n.as_str().len() + v.len())
            .sum::<usize>();
    assert!(
        json.len() <= 16 * input_len + 16_384,
        "a {input_len}-byte response gave a {}-byte report",
        json.len()
    );
    for excerpt in [
        report.error.as_ref().map(|e| &e.excerpt),
        report.unexpected.as_ref().map(|u| &u.excerpt),
    ]
    .into_iter()
    .flatten()
    {
        assert!(
            excerpt.chars().count() <= EXCERPT_LIMIT + 1,
            "an excerpt of {} characters",
            excerpt.chars().count()
        );
    }
    let too_large = report
        .unexpected
        .as_ref()
        .is_some_and(|u| u.reason.name() == "body_too_large");
    assert_eq!(
        too_large,
        input.body.len() > input.options.body_limit,
        "body of {} bytes, limit {}: report {:?}",
        input.body.len(),
        input.options.body_limit,
        report.unexpected
    );
    if let Some(id) = &report.request_id {
        // As a report shows it: trimmed, cut to ID_LIMIT, a tab or a
        // control character replaced.
        assert!(
            input.headers.values().any(|v| {
                let raw = String::from_utf8_lossy(v.as_bytes().trim_ascii());
                signoff_core::clean_text(&raw, signoff_core::ID_LIMIT, signoff_core::Lines::Join) == *id
            }),
            "request id {id:?} is in no header (trimmed, as a report shows it)"
        );
    }
    report
}

// ---------------------------------------------------------------------------
// Builder input

/// The field separator of [`Fields`]: `0xFF` never occurs in UTF-8.
pub const SEPARATOR: u8 = 0xFF;

/// Builder parameters drawn from fuzz input.
///
/// Layout: `mask: u8` (bit `i` set: field `i` is given, for the first
/// eight fields), `options: u8` (target-specific choices such as the
/// `accept`), then the fields separated by `0xFF`, each read as lossy
/// UTF-8 (so any byte a fuzzer writes, CR, LF and NUL included, reaches
/// the builder). Fields from index 8 on are given when present.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Target-specific option bits.
    pub options: u8,
    fields: Vec<Option<String>>,
}

impl Fields {
    /// Reads fields from fuzz input.
    pub fn parse(data: &[u8]) -> Self {
        let mask = data.first().copied().unwrap_or(0);
        let options = data.get(1).copied().unwrap_or(0);
        let rest = data.get(2..).unwrap_or(&[]);
        let fields = if rest.is_empty() {
            Vec::new()
        } else {
            rest.split(|&b| b == SEPARATOR)
                .enumerate()
                .map(|(i, piece)| {
                    let given = i >= 8 || mask & (1 << i) != 0;
                    given.then(|| String::from_utf8_lossy(piece).into_owned())
                })
                .collect()
        };
        Self { options, fields }
    }

    /// Field `i`, when given.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.fields.get(i).and_then(|f| f.as_deref())
    }

    /// The fields from `i` on (for lists), given ones only.
    pub fn from(&self, i: usize) -> Vec<String> {
        self.fields.iter().skip(i).flatten().cloned().collect()
    }

    /// Writes fields in this layout (for seeds): `fields[i]` `None` is a
    /// field not given (only meaningful for the first eight).
    pub fn encode(options: u8, fields: &[Option<&str>]) -> Vec<u8> {
        let mut mask = 0u8;
        let mut out = vec![0, options];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(SEPARATOR);
            }
            if let Some(f) = f {
                if i < 8 {
                    mask |= 1 << i;
                }
                out.extend_from_slice(f.as_bytes());
            }
        }
        out[0] = mask;
        out
    }
}

/// A JSON object of the given parameters (the absent ones left out), for
/// the registry's `build`.
pub fn params(pairs: &[(&str, Option<&str>)]) -> serde_json::Value {
    let map = pairs
        .iter()
        .filter_map(|(k, v)| v.map(|v| ((*k).to_owned(), serde_json::Value::String(v.to_owned()))))
        .collect();
    serde_json::Value::Object(map)
}

// ---------------------------------------------------------------------------
// Builder checks

/// A request read back from HTTP/1.1 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRequest {
    /// The method.
    pub method: String,
    /// The request target (origin form).
    pub target: String,
    /// The header fields, in order, names lower-cased.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body.
    pub body: Vec<u8>,
}

/// RFC 3986 `pchar`, `/`, `?` and `%` (escapes): what an origin-form
/// target may hold. No non-ASCII byte, no `"`, `<`, `>`, `\`, `^`, backtick,
/// `{`, `|`, `}`, `[`, `]`, `#`, space or control.
fn is_target_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b)
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A strict HTTP/1.1 request parser: the head ends at the first CRLF CRLF;
/// every line ends in CRLF (no bare CR or LF, no NUL anywhere in the
/// head); the request line is `token SP target SP HTTP/1.1` with an
/// origin-form target of RFC 3986 characters only; each field is `token ":" OWS value OWS` with a value
/// of visible ASCII, SP and HTAB, no obsolete line folding.
pub fn parse_http1(text: &[u8]) -> Result<ParsedRequest, String> {
    let end = text.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no end of head")?;
    let (head, body) = (&text[..end], &text[end + 4..]);
    if head.contains(&0) {
        return Err("NUL in the head".into());
    }
    for (i, &b) in head.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| head[j]);
        let next = head.get(i + 1).copied();
        if (b == b'\r' && next != Some(b'\n')) || (b == b'\n' && prev != Some(b'\r')) {
            return Err(format!("bare CR or LF at byte {i}"));
        }
    }
    let mut lines = head.split(|&b| b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let request_line = lines.next().ok_or("no request line")?;
    let parts: Vec<&[u8]> = request_line.split(|&b| b == b' ').collect();
    let [method, target, version] = parts.as_slice() else {
        return Err(format!("request line {:?}", String::from_utf8_lossy(request_line)));
    };
    if method.is_empty() || !method.iter().all(|&b| is_tchar(b)) {
        return Err("bad method".into());
    }
    if !target.starts_with(b"/") || !target.iter().all(|&b| is_target_char(b)) {
        return Err(format!("bad target {:?}", String::from_utf8_lossy(target)));
    }
    if *version != b"HTTP/1.1" {
        return Err("bad version".into());
    }
    let mut headers = Vec::new();
    for line in lines {
        let colon = line.iter().position(|&b| b == b':').ok_or("a field without a colon")?;
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
            return Err(format!("bad field name {:?}", String::from_utf8_lossy(name)));
        }
        if !value.iter().all(|&b| b == b'\t' || (0x20..0x7f).contains(&b)) {
            return Err(format!("bad field value in {:?}", String::from_utf8_lossy(name)));
        }
        let value = value.trim_ascii();
        headers.push((String::from_utf8_lossy(name).to_ascii_lowercase(), value.to_vec()));
    }
    Ok(ParsedRequest {
        method: String::from_utf8_lossy(method).into_owned(),
        target: String::from_utf8_lossy(target).into_owned(),
        headers,
        body: body.to_vec(),
    })
}

/// Checks a built request: (a) no header value holds CR, LF or NUL; (b)
/// its HTTP/1.1 text ([`signoff::render_request`], secrets shown) parses
/// back strictly with the same method, target, body and exactly the
/// headers the codec set (plus `host` from the URI when it set none), each
/// value byte for byte; the target has no fragment and the path ends with
/// `path_suffix`. Returns the parsed request.
pub fn check_request(request: &Request<Bytes>, path_suffix: &str) -> ParsedRequest {
    for (name, value) in request.headers() {
        assert!(
            !value.as_bytes().iter().any(|b| matches!(b, b'\r' | b'\n' | 0)),
            "header {name} holds CR, LF or NUL"
        );
    }
    let text = signoff::render_request(request, true);
    let parsed = match parse_http1(text.as_bytes()) {
        Ok(p) => p,
        Err(e) => panic!("the request does not parse back ({e}):\n{text:?}"),
    };
    assert_eq!(parsed.method, request.method().as_str());
    let target = request.uri().path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
    assert_eq!(parsed.target, target);
    assert!(!parsed.target.contains('#'), "a fragment in {target:?}");
    assert!(
        request.uri().path().ends_with(path_suffix),
        "path {:?} does not end with {path_suffix:?}",
        request.uri().path()
    );
    let mut want: Vec<(String, Vec<u8>)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    if !request.headers().contains_key(http::header::HOST)
        && let Some(a) = request.uri().authority()
    {
        want.push(("host".to_owned(), a.as_str().as_bytes().to_vec()));
    }
    let mut got = parsed.headers.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want, "the headers read back are not the headers set:\n{text:?}");
    assert_eq!(parsed.body, request.body().as_ref(), "the body read back differs");
    parsed
}

/// The query of a target as `(name, decoded value)` pairs, checking that
/// every name and value holds only unreserved characters and `%XX`
/// escapes (so no `&`, `=`, `#`, `+` or space was left raw).
pub fn query_pairs(target: &str) -> Vec<(String, String)> {
    let Some((_, query)) = target.split_once('?') else {
        return Vec::new();
    };
    assert!(!query.contains('?'), "a second `?` in {target:?}");
    query
        .split('&')
        .map(|pair| {
            let (name, value) = pair
                .split_once('=')
                .unwrap_or_else(|| panic!("query pair {pair:?} without `=` in {target:?}"));
            for part in [name, value] {
                let b = part.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    if b[i] == b'%' {
                        assert!(
                            b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit),
                            "a bad escape in {target:?}"
                        );
                        i += 3;
                    } else {
                        assert!(
                            b[i].is_ascii_alphanumeric() || b"-._~".contains(&b[i]),
                            "a raw {:?} in query {target:?}",
                            b[i] as char
                        );
                        i += 1;
                    }
                }
            }
            let decoded = percent_encoding::percent_decode_str(value)
                .decode_utf8()
                .unwrap_or_else(|e| panic!("query value not UTF-8 in {target:?}: {e}"))
                .into_owned();
            (name.to_owned(), decoded)
        })
        .collect()
}

/// Checks that the typed builder and the registry agree: both refuse (with
/// the same kind when `same_kind`, unless the registry says `missing_param`) or both build the same request.
pub fn check_same(
    typed: &Result<Request<Bytes>, BuildError>,
    registry: &Result<Request<Bytes>, BuildError>,
    same_kind: bool,
) {
    match (typed, registry) {
        (Ok(a), Ok(b)) => assert_eq!(
            signoff::render_request(a, true),
            signoff::render_request(b, true),
            "typed and registry requests differ"
        ),
        (Err(a), Err(b)) => {
            // The registry reports a missing parameter before validating
            // anything (serde reads the params first); the builder may meet
            // another fault first.
            if same_kind && b.kind() != BuildErrorKind::MissingParam {
                assert_eq!(a.kind(), b.kind(), "typed: {a}; registry: {b}");
            }
        }
        (a, b) => panic!(
            "typed and registry builds disagree: typed {:?}, registry {:?}",
            a.as_ref().err(),
            b.as_ref().err()
        ),
    }
}
