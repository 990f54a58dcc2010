//! The fast path: a scanner for the layout OAM actually sends, giving up
//! on anything else.

use std::borrow::Cow;

use signoff_core::first_special;

use super::{Source, Token};
use crate::error::BodyError;

/// Byte classes of the names the fast path takes: ASCII letters, digits,
/// `_`, `-`, `.` (no `:`, so a name is its own local name). Every such name
/// that starts with a letter or `_` is an XML name.
pub(super) const NAME_CHAR: u8 = 1;
pub(super) const NAME_START: u8 = 2;
#[allow(
    clippy::indexing_slicing,
    reason = "b < 256 by the loop condition, and this runs at compile time"
)]
pub(super) static NAME_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'_' {
            t[b] = NAME_CHAR | NAME_START;
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            t[b] = NAME_CHAR;
        }
        b += 1;
    }
    t
};

pub(super) fn class(b: u8) -> u8 {
    NAME_CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

/// Whether raw text can be taken as it is: no control character but TAB
/// and LF, no CR (end-of-line normalization), no `&` (a reference), no
/// 0xEF (the lead byte of U+FFFE and U+FFFF). Such a text passes
/// [`check_text`] and unescapes to itself.
pub(super) fn is_plain(raw: &[u8]) -> bool {
    plain_prefix(raw, false) == Some(raw.len())
}

/// The length of the plain text at the start of `raw`, up to the first `<`
/// when `to_markup` (else up to the end); `None` when a byte before that is
/// not plain. Word at a time (core's `first_special`); TAB and LF, which
/// it stops at too, are stepped over.
pub(super) fn plain_prefix(raw: &[u8], to_markup: bool) -> Option<usize> {
    let stop = if to_markup { b'<' } else { b'&' };
    let mut from = 0;
    loop {
        let rest = raw.get(from..)?;
        let Some(i) = first_special(rest, 0x20, [stop, b'&', 0xEF]) else {
            return Some(raw.len());
        };
        let at = from + i;
        match raw.get(at) {
            Some(b'\t' | b'\n') => from = at + 1,
            Some(b'<') if to_markup => return Some(at),
            _ => return None,
        }
    }
}

/// The deepest nesting the fast path follows (the page's documents nest
/// five deep; deeper ones take the full path, which allows
/// [`MAX_XML_DEPTH`]).
pub(super) const FAST_DEPTH: usize = 32;

/// The fast path's scanner (see the module docs). Its errors carry no
/// detail: any error sends the document to the full path, which names it.
pub(super) struct Plain<'a> {
    src: &'a str,
    bom: usize,
    /// The next byte to read in `src`.
    at: usize,
    /// The open elements' names, as ranges of `src`.
    open: [(usize, usize); FAST_DEPTH],
    depth: usize,
}

/// The fast path gives up (the error is never shown).
pub(super) fn give_up() -> BodyError {
    BodyError::Unrecognized { detail: String::new() }
}

impl<'a> Plain<'a> {
    pub(super) fn new(src: &'a str, bom: usize) -> Self {
        Self {
            src,
            bom,
            at: 0,
            open: [(0, 0); FAST_DEPTH],
            depth: 0,
        }
    }

    /// A tag, `rest` starting at its `<`: an end tag that closes the open
    /// element, or a start or empty tag of a simple name, with no space,
    /// attribute or anything else inside.
    fn markup(&mut self, rest: &'a [u8]) -> Result<Token<'a>, BodyError> {
        let (token, len) = match rest.get(1) {
            Some(b'/') => {
                let depth = self.depth.checked_sub(1).ok_or_else(give_up)?;
                let &(start, end) = self.open.get(depth).ok_or_else(give_up)?;
                let name = self.src.as_bytes().get(start..end).ok_or_else(give_up)?;
                let n = name.len();
                if rest.get(2..2 + n) != Some(name) || rest.get(2 + n) != Some(&b'>') {
                    return Err(give_up());
                }
                self.depth = depth;
                (Token::End, n + 3)
            }
            // The declaration, first thing in the document (a `>` inside
            // it, or a PI anywhere else, is for the full path).
            Some(b'?') if self.at == 0 => {
                let gt = rest.iter().position(|&b| b == b'>').ok_or_else(give_up)?;
                if gt < 3 || rest.get(gt - 1) != Some(&b'?') {
                    return Err(give_up());
                }
                // One not of XML 1.0's form is refused by the full path.
                signoff_core::check_declaration(rest.get(2..gt - 1).unwrap_or_default()).map_err(|_| give_up())?;
                (Token::Decl, gt + 1)
            }
            Some(&first) if class(first) & NAME_START != 0 => {
                let tail = rest.get(2..).unwrap_or_default();
                let n = 1 + tail
                    .iter()
                    .position(|&b| class(b) & NAME_CHAR == 0)
                    .ok_or_else(give_up)?;
                let name = rest.get(1..1 + n).ok_or_else(give_up)?;
                match rest.get(1 + n) {
                    Some(b'>') => {
                        let slot = self.open.get_mut(self.depth).ok_or_else(give_up)?;
                        *slot = (self.at + 1, self.at + 1 + n);
                        self.depth += 1;
                        (Token::Start(name), n + 2)
                    }
                    Some(b'/') if rest.get(2 + n) == Some(&b'>') => (Token::Empty(name), n + 3),
                    _ => return Err(give_up()),
                }
            }
            _ => return Err(give_up()),
        };
        self.at += len;
        Ok(token)
    }
}

impl<'a> Source<'a> for Plain<'a> {
    fn next(&mut self) -> Result<Token<'a>, BodyError> {
        let src = self.src;
        let rest = src.as_bytes().get(self.at..).ok_or_else(give_up)?;
        match rest.first() {
            None => Ok(Token::Eof),
            Some(b'<') => self.markup(rest),
            Some(_) => {
                // Indentation between tags first (most texts of a
                // pretty-printed document), then any plain text.
                let blank = rest.iter().take_while(|b| matches!(b, b'\n' | b' ' | b'\t')).count();
                let len = match rest.get(blank) {
                    Some(b'<') => blank,
                    _ => plain_prefix(rest, true).ok_or_else(give_up)?,
                };
                let end = self.at + len;
                let text = src.get(self.at..end).ok_or_else(give_up)?;
                self.at = end;
                Ok(Token::Text(Cow::Borrowed(text)))
            }
        }
    }

    fn pos(&self) -> usize {
        self.bom + self.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use signoff_core::check_name;

    proptest! {
        #[test]
        fn the_word_at_a_time_scan_agrees_with_the_byte_scan(raw in proptest::collection::vec(
            prop_oneof![any::<u8>(), Just(b'&'), Just(0xEF), Just(b'\t'), Just(b'\n'), Just(b'\r'), Just(b'a'), Just(b'<')],
            0..40)
        ) {
            let plain = |b: &u8| (*b >= 0x20 || *b == b'\t' || *b == b'\n') && *b != b'&' && *b != 0xEF;
            prop_assert_eq!(is_plain(&raw), raw.iter().all(plain));
            let to_markup = raw.iter().position(|&b| b == b'<').unwrap_or(raw.len());
            let slow = raw[..to_markup].iter().all(plain).then_some(to_markup);
            prop_assert_eq!(plain_prefix(&raw, true), slow);
        }

        #[test]
        fn a_name_the_fast_path_takes_is_an_xml_name(name in "[a-zA-Z0-9_.:\\-\u{e9} <>/?!]{0,12}") {
            let doc = format!("<{name}/>");
            let mut plain = Plain::new(&doc, 0);
            match plain.next() {
                Ok(Token::Empty(n)) => {
                    prop_assert!(check_name(n).is_ok(), "{:?}", n);
                    // `<a/>/>`: the empty tag `<a/>`.
                    if !name.contains('>') {
                        prop_assert_eq!(n, name.as_bytes());
                    }
                }
                // `<A>/>`: the start tag `<A>`.
                Ok(Token::Start(n)) => prop_assert!(check_name(n).is_ok(), "{:?}", n),
                _ => {}
            }
        }
    }
}
