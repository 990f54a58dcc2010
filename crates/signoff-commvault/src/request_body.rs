//! The request body's codec, both ways: the log-off body a client sends
//! (`encode_request_body`) and the reading a server, proxy or emulator
//! makes of it (`decode_request_body`), through core's strict readers.

use bytes::Bytes;
use serde::Serialize;
use signoff_core::{BuildError, BuildErrorKind, DEFAULT_BODY_LIMIT, MediaType, parse_json_value};

use crate::error::{RequestBodyError, RequestBodyErrorKind};
use signoff_core::doc::{escape_xml, read_xml};

use crate::request::{BodyFormat, REQUEST_ROOT, SESSIONS_ELEMENT};

/// Why a session id cannot be sent, if it cannot: empty (or only
/// whitespace), a control character (CR, LF, NUL, tab, DEL, C1), or
/// U+FFFE / U+FFFF (not characters XML can carry).
pub(crate) fn check_id(id: &str) -> Option<(BuildErrorKind, String)> {
    if id.trim().is_empty() {
        return Some((BuildErrorKind::EmptyParam, "must not be empty".to_owned()));
    }
    id.chars()
        .position(|c| c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
        .map(|pos| {
            (
                BuildErrorKind::InvalidParam,
                format!("character {pos} is a control character or one XML cannot carry"),
            )
        })
}

/// Validates session ids and encodes the body: XML
/// `<Api_LogoffUsersRequest><sessions val="ID1"/>...</Api_LogoffUsersRequest>`
/// (ids attribute-escaped: `&amp; &lt; &gt; &quot; &apos;`; no declaration)
/// or JSON `{"sessions":[{"val":"ID1"},...]}`.
///
/// ```
/// use signoff_commvault::{BodyFormat, encode_request_body};
/// let xml = encode_request_body(BodyFormat::Xml, &["a&b", "c"])?;
/// assert_eq!(&xml[..], br#"<Api_LogoffUsersRequest><sessions val="a&amp;b"/><sessions val="c"/></Api_LogoffUsersRequest>"#);
/// let json = encode_request_body(BodyFormat::Json, &["a"])?;
/// assert_eq!(&json[..], br#"{"sessions":[{"val":"a"}]}"#);
/// # Ok::<(), signoff_core::BuildError>(())
/// ```
pub fn encode_request_body<S: AsRef<str>>(format: BodyFormat, ids: &[S]) -> Result<Bytes, BuildError> {
    if ids.is_empty() {
        return Err(BuildError::new(
            BuildErrorKind::EmptyList,
            "session_ids",
            "needs at least one session id",
        ));
    }
    for (i, id) in ids.iter().enumerate() {
        if let Some((kind, why)) = check_id(id.as_ref()) {
            return Err(BuildError::new(kind, "session_ids", format!("entry {i}: {why}")));
        }
    }
    match format {
        BodyFormat::Xml => {
            let mut out = String::with_capacity(64 + ids.iter().map(|s| s.as_ref().len() + 24).sum::<usize>());
            out.push('<');
            out.push_str(REQUEST_ROOT);
            out.push('>');
            for id in ids {
                out.push('<');
                out.push_str(SESSIONS_ELEMENT);
                out.push_str(" val=\"");
                escape_xml(id.as_ref(), &mut out);
                out.push_str("\"/>");
            }
            out.push_str("</");
            out.push_str(REQUEST_ROOT);
            out.push('>');
            Ok(Bytes::from(out))
        }
        BodyFormat::Json => {
            #[derive(Serialize)]
            struct Val<'a> {
                val: &'a str,
            }
            #[derive(Serialize)]
            struct Body<'a> {
                sessions: Vec<Val<'a>>,
            }
            let body = Body {
                sessions: ids.iter().map(|s| Val { val: s.as_ref() }).collect(),
            };
            serde_json::to_vec(&body)
                .map(Bytes::from)
                .map_err(|e| BuildError::new(BuildErrorKind::InvalidParam, "session_ids", e.to_string()))
        }
    }
}

/// Reads a log-off request body back into its session ids, in order: for
/// servers, proxies and emulators.
///
/// `content_type` is the request's `Content-Type` value (or the short form
/// `xml` / `json`); when it is empty the body decides (`<` XML, `{` JSON).
/// Accepted: a UTF-8 BOM, an XML declaration, comments, any whitespace
/// between markup, the page's `</Api_LogoffUsersRequest >`, extra
/// attributes (XML) or members (JSON). Refused: a DOCTYPE (no DTD is
/// processed and no entity beyond the five predefined ones and character
/// references is expanded), another root, an element other than
/// `sessions`, text, a `sessions` without `val`, an empty id, an id with a
/// control character, a body naming no session, a body over 1 MiB.
///
/// ```
/// use signoff_commvault::decode_request_body;
/// let body = b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n <Api_LogoffUsersRequest>\n   <sessions val=\"A\"/>\n</Api_LogoffUsersRequest >";
/// assert_eq!(decode_request_body("application/xml", body)?, ["A"]);
/// assert_eq!(decode_request_body("application/json", br#"{"sessions":[{"val":"B"}]}"#)?, ["B"]);
/// # Ok::<(), signoff_commvault::RequestBodyError>(())
/// ```
pub fn decode_request_body(content_type: &str, body: &[u8]) -> Result<Vec<String>, RequestBodyError> {
    let format = match BodyFormat::parse("content_type", content_type) {
        Ok(f) => f,
        Err(_) => match (MediaType::from_content_type(content_type), MediaType::sniff(body)) {
            (MediaType::Missing, MediaType::Json) => BodyFormat::Json,
            (MediaType::Missing, MediaType::Xml | MediaType::Missing) => BodyFormat::Xml,
            (declared, _) => {
                return Err(RequestBodyError::new(
                    RequestBodyErrorKind::UnsupportedMediaType,
                    None,
                    format!(
                        "a {} body is not a log-off request (application/xml or application/json)",
                        declared.name()
                    ),
                ));
            }
        },
    };
    decode_request_body_as(format, body)
}

/// [`decode_request_body`] for a known format.
pub fn decode_request_body_as(format: BodyFormat, body: &[u8]) -> Result<Vec<String>, RequestBodyError> {
    if body.len() > DEFAULT_BODY_LIMIT {
        return Err(RequestBodyError::new(
            RequestBodyErrorKind::TooLarge,
            None,
            format!(
                "the body has {} bytes, over the limit of {DEFAULT_BODY_LIMIT} bytes",
                body.len()
            ),
        ));
    }
    let ids = match format {
        BodyFormat::Xml => match fast_xml(body) {
            Some(ids) => ids,
            None => decode_xml(body)?,
        },
        BodyFormat::Json => decode_json(body)?,
    };
    if ids.is_empty() {
        return Err(RequestBodyError::new(
            RequestBodyErrorKind::NoSessions,
            None,
            "the body names no session",
        ));
    }
    Ok(ids)
}

fn checked(id: String, index: usize, offset: Option<usize>) -> Result<String, RequestBodyError> {
    match check_id(&id) {
        None => Ok(id),
        Some((BuildErrorKind::EmptyParam, _)) => Err(RequestBodyError::new(
            RequestBodyErrorKind::EmptyId,
            offset,
            format!("session {index} has an empty val"),
        )),
        Some((_, why)) => Err(RequestBodyError::new(
            RequestBodyErrorKind::InvalidId,
            offset,
            format!("session {index}: val {why}"),
        )),
    }
}

/// The strict reading of an XML log-off body, with no fast path: what
/// [`decode_request_body_as`] must agree with on every body (the fuzz
/// target and a property test check it).
#[doc(hidden)]
pub fn decode_request_body_xml_strict(body: &[u8]) -> Result<Vec<String>, RequestBodyError> {
    decode_xml(body)
}

/// XML whitespace.
fn trim_space(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| signoff_core::is_space(**b)).count();
    bytes.get(n..).unwrap_or_default()
}

/// The bytes an id may hold on the fast path: printable ASCII but the
/// markup that starts a reference or a tag.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of bounds fails the build, it cannot panic"
)]
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        table[b] = !matches!(b as u8, b'&' | b'<' | b'>');
        b += 1;
    }
    table
};

/// An id the fast path takes as it is: printable ASCII with no reference
/// or markup and not blank (one pass, no UTF-8 check needed), or any other
/// text [`check_id`] accepts with no byte below U+0020 nor `& < >`.
fn plain_id(value: &[u8]) -> Option<&str> {
    let ascii = value
        .iter()
        .all(|&b| PLAIN.get(usize::from(b)).copied().unwrap_or(false));
    if ascii {
        let id = std::str::from_utf8(value).ok()?;
        return value.iter().any(|&b| b != b' ').then_some(id);
    }
    if value
        .iter()
        .any(|&b| b < 0x20 || matches!(b, b'&' | b'<' | b'>' | 0x7f))
    {
        return None;
    }
    let id = std::str::from_utf8(value).ok()?;
    check_id(id).is_none().then_some(id)
}

/// The form every client sends, read without a tree:
/// `<Api_LogoffUsersRequest>`, `<sessions val="ID"/>` elements with only
/// whitespace between them, the end tag, whitespace. An id holding a
/// reference, markup, a control or anything [`check_id`] refuses, or any
/// other shape (a declaration, a comment, another attribute, no session)
/// is left to the strict reading: `None`. On every body it settles, this
/// gives what the strict reading gives.
fn fast_xml(body: &[u8]) -> Option<Vec<String>> {
    const OPEN: &[u8] = b"<Api_LogoffUsersRequest>";
    const CLOSE: &[u8] = b"</Api_LogoffUsersRequest>";
    const ITEM: &[u8] = b"<sessions val=\"";
    let mut rest = body.strip_prefix(OPEN)?;
    // The smallest element is 20 bytes: one allocation holds every id.
    let mut ids = Vec::with_capacity(body.len() / 20);
    loop {
        rest = trim_space(rest);
        let Some(after) = rest.strip_prefix(ITEM) else {
            let after = rest.strip_prefix(CLOSE)?;
            return (trim_space(after).is_empty() && !ids.is_empty()).then_some(ids);
        };
        let end = memchr::memchr(b'"', after)?;
        let (value, tail) = after.split_at(end);
        rest = tail.get(1..)?.strip_prefix(b"/>")?;
        let id = plain_id(value)?;
        ids.push(id.to_owned());
    }
}

fn decode_xml(body: &[u8]) -> Result<Vec<String>, RequestBodyError> {
    let root = read_xml(body).map_err(|e| {
        let kind = if e.message.contains("DOCTYPE") {
            RequestBodyErrorKind::Doctype
        } else {
            RequestBodyErrorKind::Malformed
        };
        RequestBodyError::new(
            kind,
            Some(e.offset),
            format!("the XML body is not well-formed at byte {}: {}", e.offset, e.message),
        )
    })?;
    if root.name != REQUEST_ROOT {
        return Err(RequestBodyError::new(
            RequestBodyErrorKind::WrongRoot,
            Some(root.offset),
            format!("the root element is not {REQUEST_ROOT}"),
        ));
    }
    if !root.text_is_blank() {
        return Err(RequestBodyError::new(
            RequestBodyErrorKind::UnexpectedContent,
            Some(root.offset),
            format!("text inside {REQUEST_ROOT}"),
        ));
    }
    let mut ids = Vec::with_capacity(root.children.len());
    for (index, child) in root.children.iter().enumerate() {
        let offset = child.offset;
        if child.name != SESSIONS_ELEMENT {
            return Err(RequestBodyError::new(
                RequestBodyErrorKind::UnexpectedContent,
                Some(offset),
                format!("an element other than {SESSIONS_ELEMENT} inside {REQUEST_ROOT} at byte {offset}"),
            ));
        }
        if !child.children.is_empty() || !child.text_is_blank() {
            return Err(RequestBodyError::new(
                RequestBodyErrorKind::UnexpectedContent,
                Some(offset),
                format!("content inside the {SESSIONS_ELEMENT} element at byte {offset}"),
            ));
        }
        let Some(val) = child.attribute("val") else {
            return Err(RequestBodyError::new(
                RequestBodyErrorKind::MissingVal,
                Some(offset),
                format!("session {index} (byte {offset}) has no val attribute"),
            ));
        };
        ids.push(checked(val.to_owned(), index, Some(offset))?);
    }
    Ok(ids)
}

fn decode_json(body: &[u8]) -> Result<Vec<String>, RequestBodyError> {
    let value: serde_json::Value = parse_json_value(body).map_err(|e| {
        RequestBodyError::new(
            RequestBodyErrorKind::Malformed,
            Some(e.offset),
            format!("the JSON body does not parse at byte {}: {}", e.offset, e.message),
        )
    })?;
    let Some(sessions) = value.as_object().and_then(|o| o.get(SESSIONS_ELEMENT)) else {
        return Err(RequestBodyError::new(
            RequestBodyErrorKind::WrongRoot,
            None,
            "the JSON body is not an object with a sessions member",
        ));
    };
    // Commvault's JSON bindings render a one-element list either as an
    // array or as the bare object: accept both.
    let entries: Vec<&serde_json::Value> = match sessions {
        serde_json::Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    let mut ids = Vec::with_capacity(entries.len());
    for (index, entry) in entries.into_iter().enumerate() {
        let Some(entry) = entry.as_object() else {
            return Err(RequestBodyError::new(
                RequestBodyErrorKind::UnexpectedContent,
                None,
                format!("session {index} is not an object"),
            ));
        };
        match entry.get("val") {
            None | Some(serde_json::Value::Null) => {
                return Err(RequestBodyError::new(
                    RequestBodyErrorKind::MissingVal,
                    None,
                    format!("session {index} has no val"),
                ));
            }
            Some(serde_json::Value::String(s)) => ids.push(checked(s.clone(), index, None)?),
            Some(_) => {
                return Err(RequestBodyError::new(
                    RequestBodyErrorKind::UnexpectedContent,
                    None,
                    format!("session {index}: val is not a string"),
                ));
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bodies around the fast path's form: ids from a set that holds
    /// references, markup, controls, blanks, non-ASCII; spacing, other
    /// attributes, declarations, comments, a missing end.
    fn body() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let id = prop_oneof![
            "[A-Za-z0-9-]{1,12}",
            Just(String::new()),
            Just(" ".to_owned()),
            Just("a&amp;b".to_owned()),
            Just("a&b".to_owned()),
            Just("a<b".to_owned()),
            Just("a>b".to_owned()),
            Just("a'b".to_owned()),
            Just("a\tb".to_owned()),
            Just("a\u{85}b".to_owned()),
            Just("é\u{FFFE}".to_owned()),
            Just("a&#10;b".to_owned()),
        ];
        let element = (
            id,
            prop_oneof![Just(""), Just(" "), Just("\n  ")],
            prop_oneof![
                Just("<sessions val=\"{}\"/>"),
                Just("<sessions val=\"{}\" />"),
                Just("<sessions val='{}'/>"),
                Just("<sessions val=\"{}\" x=\"1\"/>"),
                Just("<sessions val=\"{}\"></sessions>"),
                Just("<session val=\"{}\"/>"),
            ],
        )
            .prop_map(|(id, space, form)| format!("{space}{}", form.replace("{}", &id)));
        (
            prop_oneof![
                Just("<Api_LogoffUsersRequest>"),
                Just("<?xml version=\"1.0\"?><Api_LogoffUsersRequest>"),
                Just("<Api_LogoffUsersRequest >"),
                Just("<!-- c --><Api_LogoffUsersRequest>"),
            ],
            proptest::collection::vec(element, 0..5),
            prop_oneof![
                Just("</Api_LogoffUsersRequest>"),
                Just("</Api_LogoffUsersRequest >\n"),
                Just(""),
                Just("</Api_LogoffUsersRequest><x/>"),
                Just("</Api_LogoffUsersRequest>junk"),
            ],
        )
            .prop_map(|(open, elements, close)| format!("{open}{}{close}", elements.concat()))
    }

    proptest::proptest! {
        /// The fast path gives what the strict reading gives, on every
        /// body it settles.
        #[test]
        fn the_fast_path_agrees_with_the_strict_reading(body in body()) {
            if let Some(fast) = fast_xml(body.as_bytes()) {
                proptest::prop_assert_eq!(Ok(fast), decode_xml(body.as_bytes()), "{}", body);
            }
        }
    }

    #[test]
    fn the_fast_path_takes_the_common_form_only() {
        let common =
            b"<Api_LogoffUsersRequest><sessions val=\"A\"/>\n <sessions val=\"B-2\"/></Api_LogoffUsersRequest>\n";
        assert_eq!(fast_xml(common), Some(vec!["A".to_owned(), "B-2".to_owned()]));
        for other in [
            &b"<Api_LogoffUsersRequest><sessions val=\"a&amp;b\"/></Api_LogoffUsersRequest>"[..],
            b"<Api_LogoffUsersRequest></Api_LogoffUsersRequest>",
            b"<Api_LogoffUsersRequest><sessions val=\"A\"/>",
            b"<Api_LogoffUsersRequest><sessions val=\" \"/></Api_LogoffUsersRequest>",
            b"<Api_LogoffUsersRequest><sessions val=\"A\"/></Api_LogoffUsersRequest><x/>",
        ] {
            assert_eq!(fast_xml(other), None, "{}", String::from_utf8_lossy(other));
        }
    }
}
