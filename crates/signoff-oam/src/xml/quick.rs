//! The full path: quick-xml's reader plus the checks it does not make.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use signoff_core::{MAX_XML_DEPTH, XmlFlaw, check_name, check_text};

use super::plain::is_plain;
use super::{Source, Token};
use crate::error::BodyError;

/// quick-xml's reader plus the checks it does not make.
pub(super) struct Quick<'a> {
    reader: Reader<&'a [u8]>,
    src: &'a str,
    bom: usize,
    /// Elements open right now, checked against [`MAX_XML_DEPTH`].
    depth: usize,
}

/// The attributes of a start tag at `start`: names, values, duplicates.
pub(super) fn check_attributes(e: &BytesStart<'_>, start: usize) -> Result<(), BodyError> {
    let flawed = |f: XmlFlaw| {
        let at = start + f.offset;
        BodyError::malformed(
            at,
            format!("the XML body is not well-formed at byte {at}: {}", f.message),
        )
    };
    for attr in e.attributes() {
        let attr = attr.map_err(|err| {
            BodyError::malformed(start, format!("the XML body is not well-formed at byte {start}: {err}"))
        })?;
        check_name(attr.key.as_ref()).map_err(flawed)?;
        check_text(std::str::from_utf8(&attr.value).unwrap_or("\u{0}"), true).map_err(flawed)?;
    }
    Ok(())
}

pub(super) fn to_usize(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

impl<'a> Quick<'a> {
    pub(super) fn new(src: &'a str, bom: usize) -> Self {
        Self {
            reader: Reader::from_str(src),
            src,
            bom,
            depth: 0,
        }
    }

    fn flawed(f: XmlFlaw, base: usize) -> BodyError {
        let at = base + f.offset;
        BodyError::malformed(
            at,
            format!("the XML body is not well-formed at byte {at}: {}", f.message),
        )
    }

    /// The local name of the tag whose `<` is at `start` (offset in `src`),
    /// sliced from the body (so it lives as long as the body).
    fn local_name(&self, e: &BytesStart<'_>, start: usize) -> Result<&'a [u8], BodyError> {
        let len = e.name().as_ref().len();
        let name = self
            .src
            .as_bytes()
            .get(start + 1..start + 1 + len)
            .filter(|n| *n == e.name().as_ref())
            .ok_or_else(|| BodyError::malformed(self.bom + start, "the XML reader lost its place"))?;
        Ok(match name.iter().position(|&b| b == b':') {
            Some(colon) => name.get(colon + 1..).unwrap_or_default(),
            None => name,
        })
    }

    /// A start tag at `start` (offset in `src`): name, attributes, depth.
    fn element(&mut self, e: &BytesStart<'_>, start: usize, opens: bool) -> Result<&'a [u8], BodyError> {
        let at = self.bom + start;
        check_name(e.name().as_ref()).map_err(|f| Self::flawed(f, at + 1))?;
        // Most elements have no attributes: no iterator then.
        if !e.attributes_raw().is_empty() {
            check_attributes(e, at)?;
        }
        if opens {
            self.depth += 1;
            if self.depth > MAX_XML_DEPTH {
                return Err(BodyError::malformed(
                    at,
                    format!("the XML body nests elements deeper than {MAX_XML_DEPTH} levels (byte {at})"),
                ));
            }
        }
        self.local_name(e, start)
    }

    /// A text event's bytes, `raw`, which end where the reader stands:
    /// checked, then with XML end-of-line normalization and the predefined
    /// entities and character references expanded. Borrowed from the body
    /// when nothing was replaced.
    fn text(&self, raw: &[u8], start: usize) -> Result<Cow<'a, str>, BodyError> {
        let at = self.bom + start;
        let end = to_usize(self.reader.buffer_position());
        let text = end
            .checked_sub(raw.len())
            .and_then(|s| self.src.get(s..end))
            .filter(|t| t.as_bytes() == raw)
            .ok_or_else(|| BodyError::malformed(at, "the XML reader lost its place"))?;
        if is_plain(raw) {
            return Ok(Cow::Borrowed(text));
        }
        check_text(text, false).map_err(|f| Self::flawed(f, at))?;
        let refused = |e: &dyn std::fmt::Display| {
            BodyError::malformed(
                at,
                format!(
                    "the text at byte {at} holds an unknown entity or a bad character reference ({e}); \
                     only the five predefined entities and character references are expanded"
                ),
            )
        };
        if text.contains('\r') {
            let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
            return quick_xml::escape::unescape(&normalized)
                .map(|c| Cow::Owned(c.into_owned()))
                .map_err(|e| refused(&e));
        }
        quick_xml::escape::unescape(text).map_err(|e| refused(&e))
    }
}

impl<'a> Source<'a> for Quick<'a> {
    fn next(&mut self) -> Result<Token<'a>, BodyError> {
        let start = to_usize(self.reader.buffer_position());
        let at = self.bom + start;
        match self.reader.read_event() {
            Ok(Event::Start(e)) => self.element(&e, start, true).map(Token::Start),
            Ok(Event::Empty(e)) => self.element(&e, start, false).map(Token::Empty),
            Ok(Event::End(_)) => {
                self.depth = self.depth.saturating_sub(1);
                Ok(Token::End)
            }
            Ok(Event::Text(t)) => self.text(&t, start).map(Token::Text),
            Ok(Event::CData(c)) => c
                .decode()
                .map(|c| Token::CData(Cow::Owned(c.into_owned())))
                .map_err(|e| BodyError::malformed(at, format!("bad CDATA at byte {at}: {e}"))),
            Ok(Event::Decl(_)) if start != 0 => Err(BodyError::malformed(
                at,
                format!("an XML declaration at byte {at}: one may stand only at the first byte"),
            )),
            Ok(Event::Decl(d)) => signoff_core::check_declaration(&d).map(|()| Token::Decl).map_err(|f| {
                BodyError::malformed(
                    at,
                    format!("the XML declaration at byte {at} is not well-formed: {}", f.message),
                )
            }),
            Ok(Event::PI(_) | Event::Comment(_)) => Ok(Token::Ignored),
            Ok(Event::DocType(_)) => Err(BodyError::malformed(
                at,
                format!(
                    "a DOCTYPE at byte {at} is refused: this decoder processes no DTD and expands no custom entity"
                ),
            )),
            Ok(Event::Eof) => Ok(Token::Eof),
            Err(e) => {
                let at = self.bom + to_usize(self.reader.error_position());
                Err(BodyError::malformed(
                    at,
                    format!("the XML body does not parse at byte {at}: {e}"),
                ))
            }
        }
    }

    fn pos(&self) -> usize {
        self.bom + to_usize(self.reader.buffer_position())
    }
}
