//! Documents, read strictly and judged against a call's declaration.
//!
//! A vendor call declares the documents it answers with ([`Documents`]):
//! its success document and its error envelope, per media type. Core reads
//! a body with a strict reader ([`read_json`], [`read_xml`]) and
//! [`Documents::accepts`] says whether the declaration accepts what was
//! read. A decoder makes a success only from a document its success
//! declaration accepted; nothing is recognised by searching text.

mod decl;
mod json;
mod xml;

pub use decl::{
    Documents, JsonMember, JsonObject, JsonType, Mismatch, Occurs, Others, XmlAttribute, XmlChild, XmlDecl, XmlText,
};
pub use json::{Json, MAX_JSON_DEPTH, MAX_JSON_MEMBERS, read_json};
pub use xml::{MAX_XML_ATTRIBUTES, XmlElement, escape_xml, read_xml};

/// Why a body is not one strict document: the byte offset (into the body
/// as received, a BOM counted) and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    /// Byte offset into the body.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.message)
    }
}

/// A body read by a strict reader, in the media type it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Document<'a> {
    /// No body, or only whitespace.
    Empty,
    /// A JSON document.
    Json(Json<'a>),
    /// An XML document's root element.
    Xml(XmlElement<'a>),
    /// A plain text, trimmed.
    Text(&'a str),
}

impl Document<'_> {
    /// The JSON value, for a JSON document.
    pub fn json(&self) -> Option<&Json<'_>> {
        match self {
            Self::Json(v) => Some(v),
            _ => None,
        }
    }

    /// The root element, for an XML document.
    pub fn xml(&self) -> Option<&XmlElement<'_>> {
        match self {
            Self::Xml(e) => Some(e),
            _ => None,
        }
    }
}
