//! The Commvault error envelope, the decode error, and the request-body
//! decoder's error.

use std::fmt;

use serde::Serialize;
use signoff_core::doc::{
    Document, Documents, Json, JsonMember, JsonObject, JsonType, Occurs, Others, XmlAttribute, XmlChild, XmlDecl,
    XmlElement, XmlText,
};
use signoff_core::{BodyTexts, ByteString, Envelope};

/// The names Commvault gives its error fields, as attributes (XML) or
/// members (JSON).
const FIELDS: [&str; 6] = [
    "errorCode",
    "errorMessage",
    "errorString",
    "errLogMessage",
    "warningCode",
    "warningMessage",
];

/// The elements (or members) under the root where Commvault also puts
/// them.
const CONTAINERS: [&str; 3] = ["error", "response", "errList"];

const fn attribute(name: &'static str) -> XmlAttribute {
    XmlAttribute {
        name,
        required: false,
        values: &[],
    }
}

const ATTRIBUTES: [XmlAttribute; 6] = [
    attribute("errorCode"),
    attribute("errorMessage"),
    attribute("errorString"),
    attribute("errLogMessage"),
    attribute("warningCode"),
    attribute("warningMessage"),
];

const fn container(name: &'static str) -> XmlDecl {
    XmlDecl {
        name,
        attributes: &ATTRIBUTES,
        other_attributes: Others::Tolerated,
        children: &[],
        other_children: Others::Tolerated,
        text: XmlText::Any,
    }
}

const ERROR: XmlDecl = container("error");
const RESPONSE: XmlDecl = container("response");
const ERR_LIST: XmlDecl = container("errList");

const fn member(name: &'static str, ty: JsonType) -> JsonMember {
    JsonMember {
        name,
        ty,
        required: false,
    }
}

/// Commvault's error documents: under any root (`App_GenericResp`,
/// `TMMsg_GenericResp`, the call's own root...), its error fields on the
/// root or on `error`, `response` and `errList` children (JSON: members,
/// objects or arrays of objects), other content tolerated. Codes are text
/// or numbers, kept as written.
pub(crate) const ENVELOPE: Documents = Documents {
    empty: false,
    json: Some(JsonType::Object(JsonObject {
        members: &[
            member("errorCode", JsonType::Text(&[])),
            member("errorMessage", JsonType::String(&[])),
            member("errorString", JsonType::String(&[])),
            member("errLogMessage", JsonType::String(&[])),
            member("warningCode", JsonType::Text(&[])),
            member("warningMessage", JsonType::String(&[])),
            member("error", JsonType::Any),
            member("response", JsonType::Any),
            member("errList", JsonType::Any),
        ],
        others: Others::Tolerated,
    })),
    xml: Some(XmlDecl {
        name: XmlDecl::ANY_NAME,
        attributes: &ATTRIBUTES,
        other_attributes: Others::Tolerated,
        children: &[
            XmlChild {
                decl: &ERROR,
                occurs: Occurs::Many,
            },
            XmlChild {
                decl: &RESPONSE,
                occurs: Occurs::Many,
            },
            XmlChild {
                decl: &ERR_LIST,
                occurs: Occurs::Many,
            },
        ],
        other_children: Others::Tolerated,
        text: XmlText::Any,
    }),
    text: &[],
};

/// A Commvault error document: the fields Commvault uses to report a
/// failure, found at the root of the body or under `error`, `response` or
/// `errList` (JSON keys; in XML, attributes of the root element or of a
/// child element of those names). Serialized (in the report's `details`)
/// with snake_case names; fields the body did not carry are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CommvaultError {
    /// `errorCode` as its decimal string (`"587204050"`, `"-1"`); a code
    /// that is not a number is kept as given, trimmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<ByteString>,
    /// `errorMessage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<ByteString>,
    /// `errorString`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_string: Option<ByteString>,
    /// `errLogMessage` (the `errList` / `error` form of login and renew).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub err_log_message: Option<ByteString>,
    /// `warningCode`, as its decimal string, when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning_code: Option<ByteString>,
    /// `warningMessage`, when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning_message: Option<ByteString>,
    /// Where the fields were found: `root`, `error`, `response`, `errList`,
    /// with the array index for JSON arrays (`response[1]`).
    pub location: String,
    /// The XML root element (`App_GenericResp`, ...); absent for JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_element: Option<ByteString>,
}

impl CommvaultError {
    fn of_element(el: &XmlElement<'_>, location: String, root: &str, body: &BodyTexts<'_>) -> Self {
        let [code, message, string, log, warning_code, warning_message] =
            FIELDS.map(|name| el.attribute(name).map(|v| body.keep(v)));
        Self {
            error_code: code,
            error_message: message,
            error_string: string,
            err_log_message: log,
            warning_code,
            warning_message,
            location,
            root_element: Some(body.keep(root)),
        }
    }

    fn of_object(value: &Json<'_>, location: String, body: &BodyTexts<'_>) -> Self {
        let [code, message, string, log, warning_code, warning_message] =
            FIELDS.map(|name| value.get(name).and_then(Json::as_text).map(|v| body.keep(v)));
        Self {
            error_code: code,
            error_message: message,
            error_string: string,
            err_log_message: log,
            warning_code,
            warning_message,
            location,
            root_element: None,
        }
    }

    fn carries_any(&self) -> bool {
        [
            &self.error_code,
            &self.error_message,
            &self.error_string,
            &self.err_log_message,
            &self.warning_code,
            &self.warning_message,
        ]
        .iter()
        .any(|f| f.is_some())
    }

    /// The code as reported: the `errorCode` as written, trimmed; none when
    /// blank or the success marker `0`.
    pub fn report_code(&self) -> Option<ByteString> {
        self.error_code
            .as_ref()
            .map(|c| c.slice_ref(c.trim()))
            .filter(|c| !c.is_empty() && **c != *"0")
    }

    /// Whether this envelope reports a failure: a code other than the
    /// success marker, or a message.
    pub fn is_failure(&self) -> bool {
        self.report_code().is_some() || self.best_message().is_some()
    }

    /// The human message: `errorMessage`, else `errorString`, else
    /// `errLogMessage` (blank ones skipped), trimmed.
    pub fn best_message(&self) -> Option<ByteString> {
        [&self.error_message, &self.error_string, &self.err_log_message]
            .into_iter()
            .flatten()
            .find(|m| signoff_core::has_text(m))
            .map(|m| m.slice_ref(m.trim()))
    }
}

/// The decode error of this codec.
pub type Error = signoff_core::Error<CommvaultError>;

/// Why [`decode_request_body`](crate::request::decode_request_body)
/// refused a body. Each kind has a stable snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestBodyErrorKind {
    /// The content type is neither XML nor JSON (and the body does not look
    /// like either).
    UnsupportedMediaType,
    /// The body is over the decoder's limit.
    TooLarge,
    /// The body does not parse (not UTF-8, not well-formed XML, not JSON).
    Malformed,
    /// The XML body carries a document type declaration (never processed).
    Doctype,
    /// The document is not an `Api_LogoffUsersRequest` (wrong root, JSON
    /// without a `sessions` member).
    WrongRoot,
    /// The document carries something this call's body never holds (an
    /// element other than `sessions`, text, a nested element, a `sessions`
    /// entry that is not an object).
    UnexpectedContent,
    /// A `sessions` entry has no `val`.
    MissingVal,
    /// A `val` is empty or only whitespace.
    EmptyId,
    /// A `val` holds a control character or a character XML cannot carry.
    InvalidId,
    /// The body names no session.
    NoSessions,
}

impl RequestBodyErrorKind {
    /// The stable snake_case name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::TooLarge => "too_large",
            Self::Malformed => "malformed",
            Self::Doctype => "doctype",
            Self::WrongRoot => "wrong_root",
            Self::UnexpectedContent => "unexpected_content",
            Self::MissingVal => "missing_val",
            Self::EmptyId => "empty_id",
            Self::InvalidId => "invalid_id",
            Self::NoSessions => "no_sessions",
        }
    }
}

impl fmt::Display for RequestBodyErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A request body the decoder refused: the kind, the byte offset it
/// concerns when there is one, and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail} ({kind})")]
pub struct RequestBodyError {
    kind: RequestBodyErrorKind,
    offset: Option<usize>,
    detail: String,
}

impl RequestBodyError {
    pub(crate) fn new(kind: RequestBodyErrorKind, offset: Option<usize>, detail: impl Into<String>) -> Self {
        Self {
            kind,
            offset,
            detail: detail.into(),
        }
    }

    /// The kind.
    pub fn kind(&self) -> RequestBodyErrorKind {
        self.kind
    }

    /// The byte offset into the body as received (a BOM counted), when the
    /// refusal concerns one place.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// A human sentence.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl Envelope for CommvaultError {
    /// The envelope of a document the declaration accepted: the first
    /// place (the root, then each container in order) that reports a
    /// failure, else the first that carries a code; `None` when no place
    /// carries any error field.
    fn of_document(doc: &Document<'_>, body: &BodyTexts<'_>) -> Option<Self> {
        let mut places: Vec<Self> = Vec::new();
        match doc {
            Document::Xml(root) => {
                places.push(Self::of_element(root, "root".to_owned(), root.name, body));
                for name in CONTAINERS {
                    let same: Vec<&XmlElement<'_>> = root.children.iter().filter(|c| c.name == name).collect();
                    let many = same.len() > 1;
                    for (i, el) in same.into_iter().enumerate() {
                        let location = if many { format!("{name}[{i}]") } else { name.to_owned() };
                        places.push(Self::of_element(el, location, root.name, body));
                    }
                }
            }
            Document::Json(root) => {
                places.push(Self::of_object(root, "root".to_owned(), body));
                for name in CONTAINERS {
                    match root.get(name) {
                        Some(o @ Json::Object(_)) => places.push(Self::of_object(o, name.to_owned(), body)),
                        Some(Json::Array(items)) => {
                            for (i, o) in items.iter().enumerate().filter(|(_, o)| matches!(o, Json::Object(_))) {
                                places.push(Self::of_object(o, format!("{name}[{i}]"), body));
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => return None,
        }
        places.retain(Self::carries_any);
        let failure = places.iter().position(Self::is_failure);
        let chosen = failure.or_else(|| places.iter().position(|p| p.error_code.is_some()))?;
        places.into_iter().nth(chosen)
    }

    fn is_failure(&self) -> bool {
        CommvaultError::is_failure(self)
    }

    fn code_message(&self) -> (Option<ByteString>, Option<ByteString>) {
        (self.report_code(), self.best_message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_message_prefers_error_message_and_skips_blanks() {
        let mut e = CommvaultError {
            error_message: Some("  ".into()),
            error_string: Some(" s ".into()),
            err_log_message: Some("l".into()),
            ..CommvaultError::default()
        };
        assert_eq!(e.best_message().as_deref(), Some("s"));
        e.error_message = Some("m".into());
        assert_eq!(e.best_message().as_deref(), Some("m"));
        e.error_message = None;
        e.error_string = None;
        assert_eq!(e.best_message().as_deref(), Some("l"));
        e.err_log_message = None;
        assert_eq!(e.best_message(), None);
    }

    #[test]
    fn envelope_serializes_snake_case_without_absent_fields() {
        let e = CommvaultError {
            error_code: Some("5".into()),
            err_log_message: Some("x".into()),
            location: "errList[0]".into(),
            ..CommvaultError::default()
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"error_code": "5", "err_log_message": "x", "location": "errList[0]"})
        );
    }

    #[test]
    fn request_body_error_kinds_have_stable_names() {
        assert_eq!(RequestBodyErrorKind::Doctype.name(), "doctype");
        assert_eq!(RequestBodyErrorKind::NoSessions.to_string(), "no_sessions");
        let e = RequestBodyError::new(RequestBodyErrorKind::Malformed, Some(3), "bad at byte 3");
        assert_eq!(e.to_string(), "bad at byte 3 (malformed)");
        assert_eq!(
            (e.kind(), e.offset(), e.detail()),
            (RequestBodyErrorKind::Malformed, Some(3), "bad at byte 3")
        );
    }
}
