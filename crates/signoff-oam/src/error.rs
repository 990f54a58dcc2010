//! The error side: the loosely read error body of a 4xx/5xx, and why a
//! success body could not be read.

use std::fmt;

use serde::Serialize;
use signoff_core::ByteString;

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
