//! Response-side mechanics: a borrowed view of a response ([`view`]),
//! media types ([`media`]), facts about a body's bytes ([`body`]), texts
//! kept from it ([`texts`]), JSON parsing with byte offsets ([`json`]), and
//! the body limit.

mod body;
mod json;
mod media;
mod texts;
mod view;

pub use body::{excerpt, has_text, html_title, is_blank, is_space, range_within, strip_bom, trim_start};
pub use json::{JsonError, parse_json, parse_json_value};
pub use media::{MediaType, charset_of, reads_as_utf8};
pub use texts::BodyTexts;
pub use view::ResponseView;

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
