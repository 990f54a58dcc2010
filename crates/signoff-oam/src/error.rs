//! The error side: the loosely read error body of a 4xx/5xx, and why a
//! success body could not be read.

use std::fmt;

use serde::Serialize;
use signoff_core::doc::{Document, Documents, Json, JsonMember, JsonObject, JsonType, Others, XmlDecl, XmlText};
use signoff_core::{BodyTexts, ByteString, Envelope, FlatValue};

/// Where an error body may name its code, in order of preference.
pub(crate) const CODE_KEYS: &[&str] = &["errorCode", "code", "error_code"];
/// Where it may name its message, in order of preference.
pub(crate) const MESSAGE_KEYS: &[&str] = &[
    "errorMessage",
    "message",
    "error_description",
    "errorDescription",
    "detail",
    "error",
];

const fn text(name: &'static str) -> JsonMember {
    JsonMember {
        name,
        ty: JsonType::Text(&[]),
        required: false,
    }
}

/// The page's 500 `Error` lists no fields: an object whose code and
/// message members, when present, are strings or numbers (`error` may also
/// be an object holding them), anything else tolerated; in XML, any
/// document, its code and message read from elements so named.
pub(crate) const ENVELOPE: Documents = Documents {
    empty: false,
    json: Some(JsonType::Object(JsonObject {
        members: &[
            text("errorCode"),
            text("code"),
            text("error_code"),
            text("errorMessage"),
            text("message"),
            text("error_description"),
            text("errorDescription"),
            text("detail"),
            JsonMember {
                name: "error",
                ty: JsonType::OneOf(&[
                    JsonType::Text(&[]),
                    JsonType::Object(JsonObject {
                        members: &[],
                        others: Others::Tolerated,
                    }),
                ]),
                required: false,
            },
        ],
        others: Others::Tolerated,
    })),
    xml: Some(XmlDecl {
        name: XmlDecl::ANY_NAME,
        attributes: &[],
        other_attributes: Others::Tolerated,
        children: &[],
        other_children: Others::Tolerated,
        text: XmlText::Any,
    }),
    text: &[],
};

/// What a 4xx/5xx body said, read loosely: the page documents no error
/// body (its 500 schema `Error` lists no field), so the codec takes a code
/// from `errorCode`/`code`/`error_code` and a message from
/// `errorMessage`/`message`/`error_description`/`detail`/`error` (a JSON
/// object, possibly nested under `error`, or an XML document's elements of
/// those names). Serialized (in the report's `details`) with snake_case
/// names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ErrorBody {
    /// The code the body carried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ByteString>,
    /// The message the body carried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<ByteString>,
}

/// The first of `keys` that `value` holds as non-blank text.
fn pick<'v>(value: &'v Json<'_>, keys: &[&str]) -> Option<&'v str> {
    keys.iter().find_map(|k| {
        value
            .get(k)
            .and_then(Json::as_text)
            .filter(|t| signoff_core::has_text(t))
    })
}

impl ErrorBody {
    /// Whether neither a code nor a message was found.
    pub fn is_empty(&self) -> bool {
        self.code.is_none() && self.message.is_none()
    }
}

/// The decode error of this codec.
pub type Error = signoff_core::Error<ErrorBody>;

/// Why a body is not a readable `SessionResults`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyError {
    /// The body does not parse (bad XML or JSON, a DOCTYPE, an unknown
    /// entity, a field of the wrong type).
    Malformed {
        /// The byte offset into the body as received (a BOM counted).
        offset: usize,
        /// A human sentence.
        detail: String,
    },
    /// The body parses but is another document.
    Unrecognized {
        /// A human sentence.
        detail: String,
    },
}

impl BodyError {
    pub(crate) fn malformed(offset: usize, detail: impl Into<String>) -> Self {
        Self::Malformed {
            offset,
            detail: detail.into(),
        }
    }

    pub(crate) fn unrecognized(detail: impl Into<String>) -> Self {
        Self::Unrecognized { detail: detail.into() }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed { offset, detail } => write!(f, "malformed at byte {offset}: {detail}"),
            Self::Unrecognized { detail } => f.write_str(detail),
        }
    }
}

impl std::error::Error for BodyError {}

/// `text` without the JSON whitespace around it (a byte scan: the texts
/// are short and the envelope's hot path reads two of them).
fn trim(text: &str) -> &str {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|b| !ws(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !ws(b)).map_or(start, |i| i + 1);
    text.get(start..end).unwrap_or_default()
}

impl Envelope for ErrorBody {
    /// The error body of a document the declaration accepted: the first
    /// code and message keys present (JSON: at the root, then inside an
    /// `error` object; XML: the first element so named, up to two levels
    /// below the root), blank values skipped; `None` when it names none.
    fn of_document(doc: &Document<'_>, body: &BodyTexts<'_>) -> Option<Self> {
        let keep = |t: Option<&str>| t.map(trim).filter(|t| !t.is_empty()).map(|t| body.keep(t));
        let found = match doc {
            Document::Json(value) => {
                let inner = value.get("error").filter(|e| matches!(e, Json::Object(_)));
                Self {
                    code: keep(pick(value, CODE_KEYS).or_else(|| inner.and_then(|i| pick(i, CODE_KEYS)))),
                    message: keep(pick(value, MESSAGE_KEYS).or_else(|| inner.and_then(|i| pick(i, MESSAGE_KEYS)))),
                }
            }
            Document::Xml(root) => {
                let pick = |keys: &[&str]| {
                    crate::response::find_named(root, keys)
                        .filter(|e| e.children.is_empty())
                        .map(|e| &*e.text)
                };
                Self {
                    code: keep(pick(CODE_KEYS)),
                    message: keep(pick(MESSAGE_KEYS)),
                }
            }
            _ => return None,
        };
        (!found.is_empty()).then_some(found)
    }

    /// The fast path: a flat object of plain strings, scanned without a
    /// tree; anything else is left to the strict reading, which it agrees
    /// with on every body it settles.
    fn fast(body: &BodyTexts<'_>) -> Option<Self> {
        // The first code key and the first message key (in the order of
        // preference) holding non-blank text, read in one pass with no
        // table of every key's value; a number or a boolean under one of
        // those keys gives up (the strict reading decides).
        let mut code: Option<(usize, &str)> = None;
        let mut message: Option<(usize, &str)> = None;
        signoff_core::scan_flat_text(body.text()?, |key, value| {
            let (slot, rank) = match CODE_KEYS.iter().position(|k| *k == key) {
                Some(rank) => (&mut code, rank),
                None => match MESSAGE_KEYS.iter().position(|k| *k == key) {
                    Some(rank) => (&mut message, rank),
                    None => return true,
                },
            };
            match value {
                FlatValue::Str(text) => {
                    let text = trim(text);
                    if !text.is_empty() && slot.is_none_or(|(best, _)| rank < best) {
                        *slot = Some((rank, text));
                    }
                    true
                }
                FlatValue::Null => true,
                _ => false,
            }
        })?;
        let found = Self {
            code: code.map(|(_, t)| body.keep(t)),
            message: message.map(|(_, t)| body.keep(t)),
        };
        (!found.is_empty()).then_some(found)
    }

    fn code_message(&self) -> (Option<ByteString>, Option<ByteString>) {
        (self.code.clone(), self.message.clone())
    }
}

#[cfg(test)]
mod fast_tests {
    use super::*;

    proptest::proptest! {
        /// The fast path reads every body it settles as the strict reading does.
        #[test]
        fn the_fast_path_agrees_with_the_strict_reading(members in proptest::collection::vec((
            proptest::sample::select(vec!["errorCode", "code", "error_code", "errorMessage", "message", "error_description", "errorDescription", "detail", "error", "other"]),
            proptest::sample::select(vec!["\"E1\"", "\" m \"", "\" \"", "\"\"", "\"a\\\"b\"", "7", "true", "null", "{\"code\":\"c\"}", "[1]"]),
        ), 0..5)) {
            let body = format!("{{{}}}", members.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(","));
            let texts = BodyTexts::copied(body.as_bytes());
            if let Some(fast) = ErrorBody::fast(&texts) {
                let doc = signoff_core::doc::read_json(body.as_bytes()).map(Document::Json);
                let strict = doc.ok().filter(|d| ENVELOPE.accepts(d).is_ok()).and_then(|d| ErrorBody::of_document(&d, &texts));
                proptest::prop_assert_eq!(Some(fast), strict, "{}", body);
            }
        }
    }
}
