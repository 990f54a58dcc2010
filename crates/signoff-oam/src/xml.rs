//! The XML form of `SessionResults`: a decoder straight from tokens into
//! borrowed records (no DOM, no serde) and the server-side encoder.
//!
//! Safety rules of the decoder: a `DOCTYPE` anywhere is refused (no DTD is
//! ever processed), only the five predefined entities and character
//! references are expanded (an unknown entity anywhere is refused), the
//! body must be UTF-8 (a BOM is skipped), and nothing recurses on the
//! input: the nesting of skipped elements costs no stack.
//!
//! ## Two token sources, one reading
//! The reading (which element is a record, which a field, what is skipped)
//! is written once, over tokens, and runs on one of two sources:
//!
//! - `Plain`, the fast path: a scanner for the documents OAM actually
//!   sends (the page's layout: a declaration, then elements with ASCII
//!   names and no attributes, text with no reference, no CR and no control
//!   character). It checks as it goes (end names against an open-element
//!   stack, names, characters, depth) and gives up, at no cost but the
//!   bytes already scanned, on anything else: a comment, CDATA, a
//!   processing instruction after the declaration, an attribute, a prefix,
//!   a reference, a space inside a tag, any error.
//! - `Quick`, the full path: quick-xml's reader plus the checks it does
//!   not make (core's names, characters, references, depth), for every
//!   document the fast path gives up on, and for the exact error.
//!
//! The fast path accepts a strict subset of what the full path accepts, and
//! gives the same result on it: a property test and a fuzz target compare
//! the two on arbitrary documents. It is why the decoder reads the page's
//! layout at about the speed of quick-xml's own tokenizing loop, which
//! only counts events, and four times `quick_xml::de`'s (see the README's
//! benchmark table): quick-xml pays per event for generality these
//! documents do not use.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use signoff_core::ByteString;
use signoff_core::{MAX_XML_DEPTH, XmlFlaw, check_name, check_text, first_special, strip_bom};

use crate::error::BodyError;
use crate::model::{SessionData, SessionDataRef, SessionResults, SessionResultsRef, UserAttributeRef};

/// The root element.
pub const ROOT: &str = "SessionResults";

/// Decodes an XML `SessionResults` body, borrowing every text field that
/// holds no entity or character reference.
///
/// Element names are matched on their local name (a prefix is ignored) and
/// in any order; unknown elements are skipped; `sessionData` is read under
/// `sessions` or directly under the root. Field texts are kept verbatim
/// (XML end-of-line normalization aside); `totalRecords` and
/// `isImpersonating` are trimmed before parsing.
///
/// ```
/// let body = b"<SessionResults><totalRecords>1</totalRecords><sessions><sessionData>\
///     <sessionId>a|b+c=</sessionId><userId>user5</userId></sessionData></sessions></SessionResults>";
/// let results = signoff_oam::decode_xml_borrowed(body).unwrap();
/// assert_eq!(results.sessions[0].session_id.as_deref(), Some("a|b+c="));
/// assert!(matches!(results.sessions[0].user_id, Some(std::borrow::Cow::Borrowed("user5"))));
/// ```
pub fn decode_xml_borrowed(body: &[u8]) -> Result<SessionResultsRef<'_>, BodyError> {
    let (text, bom) = utf8_body(body)?;
    let mut sessions = Vec::new();
    let total_records = read(text, bom, &mut sessions)?;
    Ok(SessionResultsRef {
        total_records,
        sessions,
    })
}

/// [`decode_xml_borrowed`], owned: the body is copied once into a shared
/// buffer the records' texts slice (see [`decode_xml_shared`]).
pub fn decode_xml(body: &[u8]) -> Result<SessionResults, BodyError> {
    match ByteString::try_from(body) {
        Ok(text) => decode_xml_shared(&text),
        // Not UTF-8: the borrowed reading names the byte.
        Err(_) => decode_xml_borrowed(body).map(SessionResultsRef::into_owned),
    }
}

/// Decodes a body held in a [`ByteString`] (the response's own buffer,
/// as `decode` holds it) into owned records whose texts are slices of that
/// buffer: no copy and no allocation per field; only a text with a
/// reference expanded is copied. Records are made owned as they are read
/// (no borrowed list in between).
pub fn decode_xml_shared(body: &ByteString) -> Result<SessionResults, BodyError> {
    // A `ByteString` is UTF-8 already: only the BOM is left to strip.
    let whole: &str = body;
    let text = whole.strip_prefix('\u{feff}').unwrap_or(whole);
    let bom = whole.len() - text.len();
    let mut sink = Shared {
        body,
        sessions: Vec::new(),
    };
    let total_records = read(text, bom, &mut sink)?;
    Ok(SessionResults::new(total_records, sink.sessions))
}

/// The fast path, then (if it gave up) the full path, into `sink`;
/// `totalRecords`.
fn read<'a>(text: &'a str, bom: usize, sink: &mut impl Sink<'a>) -> Result<Option<u64>, BodyError> {
    match Decoder(Plain::new(text, bom)).document(sink) {
        Ok(total) => Ok(total),
        Err(_) => {
            sink.clear();
            Decoder(Quick::new(text, bom)).document(sink)
        }
    }
}

/// Where the reading puts records. The fast path may give up halfway:
/// `clear` forgets what it put.
trait Sink<'a> {
    fn record(&mut self, record: SessionDataRef<'a>);
    fn clear(&mut self);
}

impl<'a> Sink<'a> for Vec<SessionDataRef<'a>> {
    fn record(&mut self, record: SessionDataRef<'a>) {
        self.push(record);
    }

    fn clear(&mut self) {
        Vec::clear(self);
    }
}

/// Owned records sharing the body's buffer, made as they are read.
struct Shared<'b> {
    body: &'b ByteString,
    sessions: Vec<SessionData>,
}

impl<'a> Sink<'a> for Shared<'_> {
    fn record(&mut self, record: SessionDataRef<'a>) {
        self.sessions.push(record.into_shared(self.body));
    }

    fn clear(&mut self) {
        self.sessions.clear();
    }
}

/// The body after its BOM, checked to be UTF-8 once (both sources slice
/// texts from it without checking again), and the BOM's length.
fn utf8_body(body: &[u8]) -> Result<(&str, usize), BodyError> {
    let text = strip_bom(body);
    let bom = body.len() - text.len();
    let text = std::str::from_utf8(text).map_err(|e| {
        BodyError::malformed(
            bom + e.valid_up_to(),
            format!("the XML body is not UTF-8 at byte {}", bom + e.valid_up_to()),
        )
    })?;
    Ok((text, bom))
}

/// The full path alone (the fast path's reference, in tests).
fn decode_full(text: &str, bom: usize) -> Result<SessionResultsRef<'_>, BodyError> {
    let mut sessions = Vec::new();
    let total_records = Decoder(Quick::new(text, bom)).document(&mut sessions)?;
    Ok(SessionResultsRef {
        total_records,
        sessions,
    })
}

/// [`decode_xml_borrowed`] on the full path only (quick-xml's reader), never
/// the fast path: the reference the fuzz target `oam_xml_paths` compares
/// the two against. Not part of the API.
#[doc(hidden)]
pub fn decode_xml_full_path(body: &[u8]) -> Result<SessionResultsRef<'_>, BodyError> {
    let (text, bom) = utf8_body(body)?;
    decode_full(text, bom)
}

/// One token of the document, as the reading sees it. Names are local
/// names (any prefix dropped); texts have their references expanded and
/// their line ends normalized.
#[derive(Debug)]
enum Token<'a> {
    Start(&'a [u8]),
    Empty(&'a [u8]),
    End,
    Text(Cow<'a, str>),
    CData(Cow<'a, str>),
    Decl,
    /// A comment or a processing instruction: ignored everywhere.
    Ignored,
    Eof,
}

/// Where tokens come from.
trait Source<'a> {
    /// The next token, checked (a token is only returned well-formed).
    fn next(&mut self) -> Result<Token<'a>, BodyError>;
    /// The byte offset in the body as received (BOM counted) of the next
    /// token.
    fn pos(&self) -> usize;
}

// ---- the fast path ----------------------------------------------------------

/// Byte classes of the names the fast path takes: ASCII letters, digits,
/// `_`, `-`, `.` (no `:`, so a name is its own local name). Every such name
/// that starts with a letter or `_` is an XML name.
const NAME_CHAR: u8 = 1;
const NAME_START: u8 = 2;
#[allow(
    clippy::indexing_slicing,
    reason = "b < 256 by the loop condition, and this runs at compile time"
)]
static NAME_CLASS: [u8; 256] = {
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

fn class(b: u8) -> u8 {
    NAME_CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

/// Whether raw text can be taken as it is: no control character but TAB
/// and LF, no CR (end-of-line normalization), no `&` (a reference), no
/// 0xEF (the lead byte of U+FFFE and U+FFFF). Such a text passes
/// [`check_text`] and unescapes to itself.
fn is_plain(raw: &[u8]) -> bool {
    plain_prefix(raw, false) == Some(raw.len())
}

/// The length of the plain text at the start of `raw`, up to the first `<`
/// when `to_markup` (else up to the end); `None` when a byte before that is
/// not plain. Word at a time (core's `first_special`); TAB and LF, which
/// it stops at too, are stepped over.
fn plain_prefix(raw: &[u8], to_markup: bool) -> Option<usize> {
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
const FAST_DEPTH: usize = 32;

/// The fast path's scanner (see the module docs). Its errors carry no
/// detail: any error sends the document to the full path, which names it.
struct Plain<'a> {
    src: &'a str,
    bom: usize,
    /// The next byte to read in `src`.
    at: usize,
    /// The open elements' names, as ranges of `src`.
    open: [(usize, usize); FAST_DEPTH],
    depth: usize,
}

/// The fast path gives up (the error is never shown).
fn give_up() -> BodyError {
    BodyError::Unrecognized { detail: String::new() }
}

impl<'a> Plain<'a> {
    fn new(src: &'a str, bom: usize) -> Self {
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

// ---- the full path ----------------------------------------------------------

/// quick-xml's reader plus the checks it does not make.
struct Quick<'a> {
    reader: Reader<&'a [u8]>,
    src: &'a str,
    bom: usize,
    /// Elements open right now, checked against [`MAX_XML_DEPTH`].
    depth: usize,
}

/// The attributes of a start tag at `start`: names, values, duplicates.
fn check_attributes(e: &BytesStart<'_>, start: usize) -> Result<(), BodyError> {
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

fn to_usize(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

impl<'a> Quick<'a> {
    fn new(src: &'a str, bom: usize) -> Self {
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
            Ok(Event::Decl(_)) => Ok(Token::Decl),
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

// ---- the reading ------------------------------------------------------------

fn push_piece<'a>(acc: &mut Option<Cow<'a, str>>, piece: Cow<'a, str>) {
    match acc {
        None => *acc = Some(piece),
        Some(a) => a.to_mut().push_str(&piece),
    }
}

fn lossy(name: &[u8]) -> String {
    String::from_utf8_lossy(name).chars().take(60).collect()
}

/// The reading of a `SessionResults` document, over either source.
struct Decoder<S>(S);

impl<'a, S: Source<'a>> Decoder<S> {
    fn next(&mut self) -> Result<Token<'a>, BodyError> {
        self.0.next()
    }

    fn pos(&self) -> usize {
        self.0.pos()
    }

    fn eof(&self, inside: &str) -> BodyError {
        let at = self.pos();
        BodyError::malformed(at, format!("the XML body ends at byte {at} inside <{inside}>"))
    }

    /// Skips the subtree of a start tag just read (the source checks it as
    /// it goes: a broken element the decoder does not need still makes the
    /// document broken).
    fn skip(&mut self) -> Result<(), BodyError> {
        let mut open = 1usize;
        while open > 0 {
            match self.next()? {
                Token::Start(_) => open += 1,
                Token::End => open -= 1,
                Token::Eof => return Err(self.eof("an element")),
                _ => {}
            }
        }
        Ok(())
    }

    /// Reads the document into `sink`; `totalRecords`.
    fn document(&mut self, sink: &mut impl Sink<'a>) -> Result<Option<u64>, BodyError> {
        let mut total = None;
        // The prolog.
        loop {
            let at = self.pos();
            match self.next()? {
                Token::Start(name) => {
                    check_root(name)?;
                    self.root(&mut total, sink)?;
                    break;
                }
                Token::Empty(name) => {
                    check_root(name)?;
                    break;
                }
                Token::Text(t) if t.bytes().all(|b| b.is_ascii_whitespace()) => {}
                Token::Decl | Token::Ignored => {}
                Token::Eof => return Err(BodyError::malformed(at, "the XML body has no root element")),
                _ => {
                    return Err(BodyError::malformed(
                        at,
                        format!("content before the root element at byte {at}"),
                    ));
                }
            }
        }
        // The epilog.
        loop {
            let at = self.pos();
            match self.next()? {
                Token::Eof => return Ok(total),
                Token::Text(t) if t.bytes().all(|b| b.is_ascii_whitespace()) => {}
                Token::Ignored => {}
                _ => {
                    return Err(BodyError::malformed(
                        at,
                        format!("content after the root element at byte {at}"),
                    ));
                }
            }
        }
    }

    fn root(&mut self, total: &mut Option<u64>, sink: &mut impl Sink<'a>) -> Result<(), BodyError> {
        loop {
            match self.next()? {
                Token::Start(name) => match name {
                    b"totalRecords" => {
                        let at = self.pos();
                        let text = self.text("totalRecords")?;
                        *total = parse_count(&text, at)?;
                    }
                    b"sessions" => self.sessions(sink)?,
                    b"sessionData" => {
                        let record = self.record()?;
                        sink.record(record);
                    }
                    _ => self.skip()?,
                },
                Token::Empty(b"sessionData") => sink.record(SessionDataRef::default()),
                Token::End => return Ok(()),
                Token::Eof => return Err(self.eof(ROOT)),
                _ => {}
            }
        }
    }

    fn sessions(&mut self, sink: &mut impl Sink<'a>) -> Result<(), BodyError> {
        loop {
            match self.next()? {
                Token::Start(b"sessionData") => {
                    let record = self.record()?;
                    sink.record(record);
                }
                Token::Start(_) => self.skip()?,
                Token::Empty(b"sessionData") => sink.record(SessionDataRef::default()),
                Token::End => return Ok(()),
                Token::Eof => return Err(self.eof("sessions")),
                _ => {}
            }
        }
    }

    fn record(&mut self) -> Result<SessionDataRef<'a>, BodyError> {
        let mut d = SessionDataRef::default();
        loop {
            match self.next()? {
                Token::Start(tag) => {
                    let (field, name) = match tag {
                        b"sessionId" => (&mut d.session_id, "sessionId"),
                        b"sessionIndex" => (&mut d.session_index, "sessionIndex"),
                        b"userId" => (&mut d.user_id, "userId"),
                        b"clientIp" => (&mut d.client_ip, "clientIp"),
                        b"idStoreName" => (&mut d.id_store_name, "idStoreName"),
                        b"createTime" => (&mut d.create_time, "createTime"),
                        b"updateTime" => (&mut d.update_time, "updateTime"),
                        b"lastAccessTime" => (&mut d.last_access_time, "lastAccessTime"),
                        b"expiryTime" => (&mut d.expiry_time, "expiryTime"),
                        b"isImpersonating" => {
                            let at = self.pos();
                            let text = self.text("isImpersonating")?;
                            d.is_impersonating = parse_bool(&text, at)?;
                            continue;
                        }
                        b"userAttributes" => {
                            self.attributes(&mut d.user_attributes)?;
                            continue;
                        }
                        _ => {
                            self.skip()?;
                            continue;
                        }
                    };
                    *field = Some(self.text(name)?);
                }
                Token::Empty(tag) => match tag {
                    b"sessionId" => d.session_id = Some(Cow::Borrowed("")),
                    b"sessionIndex" => d.session_index = Some(Cow::Borrowed("")),
                    b"userId" => d.user_id = Some(Cow::Borrowed("")),
                    b"clientIp" => d.client_ip = Some(Cow::Borrowed("")),
                    b"idStoreName" => d.id_store_name = Some(Cow::Borrowed("")),
                    b"createTime" => d.create_time = Some(Cow::Borrowed("")),
                    b"updateTime" => d.update_time = Some(Cow::Borrowed("")),
                    b"lastAccessTime" => d.last_access_time = Some(Cow::Borrowed("")),
                    b"expiryTime" => d.expiry_time = Some(Cow::Borrowed("")),
                    _ => {}
                },
                Token::End => return Ok(d),
                Token::Eof => return Err(self.eof("sessionData")),
                _ => {}
            }
        }
    }

    /// `userAttributes`: `entry` elements (`key` plus `value` holding
    /// `attrName`/`attrValue`), any other wrapper holding
    /// `attrName`/`attrValue`, or a flat list of `attrName`/`attrValue`
    /// pairs.
    fn attributes(&mut self, out: &mut Vec<UserAttributeRef<'a>>) -> Result<(), BodyError> {
        // Whether the last attribute came from a bare attrName still
        // waiting for its attrValue.
        let mut open_pair = false;
        loop {
            let (is_name, text) = match self.next()? {
                Token::Start(b"attrName") => (true, self.text("attrName")?),
                Token::Start(b"attrValue") => (false, self.text("attrValue")?),
                Token::Start(_) => {
                    let attr = self.entry()?;
                    out.push(attr);
                    open_pair = false;
                    continue;
                }
                Token::Empty(b"attrName") => (true, Cow::Borrowed("")),
                Token::Empty(b"attrValue") => (false, Cow::Borrowed("")),
                Token::End => return Ok(()),
                Token::Eof => return Err(self.eof("userAttributes")),
                _ => continue,
            };
            if is_name {
                out.push(UserAttributeRef {
                    name: text.clone(),
                    attr_name: Some(text),
                    attr_value: None,
                });
                open_pair = true;
            } else {
                match out.last_mut() {
                    Some(last) if open_pair => last.attr_value = Some(text),
                    _ => out.push(UserAttributeRef {
                        name: Cow::Borrowed(""),
                        attr_name: None,
                        attr_value: Some(text),
                    }),
                }
                open_pair = false;
            }
        }
    }

    /// One `entry` (or other wrapper) of `userAttributes`.
    fn entry(&mut self) -> Result<UserAttributeRef<'a>, BodyError> {
        let mut key = None;
        let mut attr = UserAttributeRef::default();
        loop {
            match self.next()? {
                Token::Start(tag) => match tag {
                    b"key" => key = Some(self.text("key")?),
                    b"value" => self.value(&mut attr)?,
                    b"attrName" => attr.attr_name = Some(self.text("attrName")?),
                    b"attrValue" => attr.attr_value = Some(self.text("attrValue")?),
                    _ => self.skip()?,
                },
                Token::Empty(tag) => match tag {
                    b"key" => key = Some(Cow::Borrowed("")),
                    b"attrName" => attr.attr_name = Some(Cow::Borrowed("")),
                    b"attrValue" => attr.attr_value = Some(Cow::Borrowed("")),
                    _ => {}
                },
                Token::End => break,
                Token::Eof => return Err(self.eof("entry")),
                _ => {}
            }
        }
        attr.name = key.or_else(|| attr.attr_name.clone()).unwrap_or_default();
        Ok(attr)
    }

    /// An entry's `value`: `attrName`/`attrValue` children, or plain text
    /// taken as the value.
    fn value(&mut self, attr: &mut UserAttributeRef<'a>) -> Result<(), BodyError> {
        let mut text = None;
        let mut structured = false;
        loop {
            let piece = match self.next()? {
                Token::Start(tag) => {
                    match tag {
                        b"attrName" => attr.attr_name = Some(self.text("attrName")?),
                        b"attrValue" => attr.attr_value = Some(self.text("attrValue")?),
                        _ => self.skip()?,
                    }
                    structured = true;
                    continue;
                }
                Token::Empty(tag) => {
                    match tag {
                        b"attrName" => attr.attr_name = Some(Cow::Borrowed("")),
                        b"attrValue" => attr.attr_value = Some(Cow::Borrowed("")),
                        _ => {}
                    }
                    structured = true;
                    continue;
                }
                Token::Text(t) | Token::CData(t) => t,
                Token::End => break,
                Token::Eof => return Err(self.eof("value")),
                _ => continue,
            };
            push_piece(&mut text, piece);
        }
        if !structured {
            attr.attr_value = Some(text.unwrap_or_default());
        }
        Ok(())
    }

    /// The text of a leaf element whose start tag was just read, up to its
    /// end tag. Nested elements are skipped; comments and processing
    /// instructions are dropped. Borrowed unless the text holds a
    /// reference, a CDATA section after other text, or a CR.
    fn text(&mut self, inside: &str) -> Result<Cow<'a, str>, BodyError> {
        let mut acc = None;
        loop {
            let piece = match self.next()? {
                Token::Text(t) | Token::CData(t) => t,
                Token::Start(_) => {
                    self.skip()?;
                    continue;
                }
                Token::End => return Ok(acc.unwrap_or_default()),
                Token::Eof => return Err(self.eof(inside)),
                _ => continue,
            };
            push_piece(&mut acc, piece);
        }
    }
}

fn check_root(name: &[u8]) -> Result<(), BodyError> {
    if name == ROOT.as_bytes() {
        Ok(())
    } else {
        Err(BodyError::unrecognized(format!(
            "the XML root element is <{}>, not <{ROOT}>",
            lossy(name)
        )))
    }
}

fn parse_count(text: &str, at: usize) -> Result<Option<u64>, BodyError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| BodyError::malformed(at, format!("totalRecords at byte {at} is not a non-negative integer")))
}

fn parse_bool(text: &str, at: usize) -> Result<Option<bool>, BodyError> {
    let t = text.trim();
    if t.is_empty() {
        Ok(None)
    } else if t.eq_ignore_ascii_case("true") {
        Ok(Some(true))
    } else if t.eq_ignore_ascii_case("false") {
        Ok(Some(false))
    } else {
        Err(BodyError::malformed(
            at,
            format!("isImpersonating at byte {at} is neither true nor false"),
        ))
    }
}

/// Writes `text` as XML character data: `&`, `<`, `>` as entities, CR as
/// a character reference (so it survives end-of-line normalization); the
/// other C0 controls but TAB and LF, and U+FFFE/U+FFFF, which XML 1.0
/// cannot carry at all (not even as references), as U+FFFD.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

fn element(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        out.push('<');
        out.push_str(name);
        out.push('>');
        escape_into(out, v);
        out.push_str("</");
        out.push_str(name);
        out.push_str(">\n");
    }
}

/// Encodes results as the server does (the page's layout: declaration,
/// `SessionResults`, `totalRecords`, `sessions/sessionData` with the
/// fields in the page's order); `userAttributes` in the JAXB map form
/// (`entry`/`key`/`value`). [`decode_xml`] of the output gives back the
/// same value (NUL, which XML cannot carry, excepted).
pub fn encode_xml(results: &SessionResults) -> String {
    let mut out = String::with_capacity(96 + results.sessions.len() * 640);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SessionResults>\n");
    if let Some(total) = results.total_records {
        out.push_str("<totalRecords>");
        out.push_str(&total.to_string());
        out.push_str("</totalRecords>\n");
    }
    out.push_str("<sessions>\n");
    for s in &results.sessions {
        encode_session(&mut out, s);
    }
    out.push_str("</sessions>\n</SessionResults>\n");
    out
}

fn encode_session(out: &mut String, s: &SessionData) {
    out.push_str("<sessionData>\n");
    element(out, "sessionId", s.session_id.as_deref());
    element(out, "sessionIndex", s.session_index.as_deref());
    element(out, "createTime", s.create_time.as_deref());
    element(out, "updateTime", s.update_time.as_deref());
    element(out, "lastAccessTime", s.last_access_time.as_deref());
    element(out, "expiryTime", s.expiry_time.as_deref());
    element(out, "userId", s.user_id.as_deref());
    element(out, "clientIp", s.client_ip.as_deref());
    element(out, "idStoreName", s.id_store_name.as_deref());
    element(
        out,
        "isImpersonating",
        s.is_impersonating.map(|b| if b { "true" } else { "false" }),
    );
    if !s.user_attributes.is_empty() {
        out.push_str("<userAttributes>\n");
        for a in &s.user_attributes {
            out.push_str("<entry>");
            element(out, "key", Some(&a.name));
            // A value with neither part is left out: an empty <value/>
            // would read back as an empty attrValue.
            if a.attr_name.is_some() || a.attr_value.is_some() {
                out.push_str("<value>");
                element(out, "attrName", a.attr_name.as_deref());
                element(out, "attrValue", a.attr_value.as_deref());
                out.push_str("</value>");
            }
            out.push_str("</entry>\n");
        }
        out.push_str("</userAttributes>\n");
    }
    out.push_str("</sessionData>\n");
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::UserAttribute;
    use proptest::prelude::*;

    const PAGE_1: &str = include_str!("../../../conformance/cases/oam/page-response-by-session-id.xml");
    const PAGE_2: &str = include_str!("../../../conformance/cases/oam/page-response-by-user-id.xml");

    fn malformed(body: &str) -> (usize, String) {
        match decode_xml_borrowed(body.as_bytes()) {
            Err(BodyError::Malformed { offset, detail }) => (offset, detail),
            other => panic!("not malformed: {other:?}"),
        }
    }

    fn is_borrowed(c: &Option<Cow<'_, str>>) -> bool {
        matches!(c, Some(Cow::Borrowed(_)))
    }

    #[test]
    fn the_page_examples_decode_without_copying() {
        let r = decode_xml_borrowed(PAGE_2.as_bytes()).unwrap();
        assert_eq!(r.total_records, Some(2));
        assert_eq!(r.sessions.len(), 2);
        for s in &r.sessions {
            for f in [
                &s.session_id,
                &s.user_id,
                &s.client_ip,
                &s.id_store_name,
                &s.create_time,
                &s.update_time,
                &s.last_access_time,
                &s.expiry_time,
            ] {
                assert!(is_borrowed(f), "{f:?}");
            }
            assert_eq!(s.is_impersonating, Some(false));
            assert_eq!(s.session_index, None);
            assert!(s.user_attributes.is_empty());
        }
        assert_eq!(
            r.sessions[1].session_id.as_deref(),
            Some("3e8fd79e-03b8-4c90-bf4d-964119460a0a|c+4quN74tM7P6qvbYVqa6BQOg3RYHDsFT3PzPajvEzM=")
        );
        let r = decode_xml(PAGE_1.as_bytes()).unwrap();
        assert_eq!(r.sessions[0].user_id.as_deref(), Some("user5"));
    }

    #[test]
    fn references_are_expanded_and_crlf_normalized() {
        let body = "<SessionResults><sessions><sessionData><userId>a &amp; b&#x7C;&#61;&lt;&gt;&quot;&apos;</userId>\
                    <clientIp><![CDATA[<raw&>]]></clientIp><idStoreName>x\r\ny\rz</idStoreName>\
                    <sessionId>a<!-- c -->b</sessionId></sessionData></sessions></SessionResults>";
        let r = decode_xml_borrowed(body.as_bytes()).unwrap();
        let s = &r.sessions[0];
        assert_eq!(s.user_id.as_deref(), Some("a & b|=<>\"'"));
        assert!(matches!(s.user_id, Some(Cow::Owned(_))));
        assert_eq!(s.client_ip.as_deref(), Some("<raw&>"));
        assert_eq!(s.id_store_name.as_deref(), Some("x\ny\nz"));
        assert_eq!(s.session_id.as_deref(), Some("ab"));
    }

    #[test]
    fn unknown_entities_are_refused() {
        let (_, d) = malformed(
            "<SessionResults><sessions><sessionData><userId>&xxe;</userId></sessionData></sessions></SessionResults>",
        );
        assert!(d.contains("entity"), "{d}");
        let (_, d) = malformed("<SessionResults><totalRecords>&#0;</totalRecords></SessionResults>");
        assert!(d.contains("character"), "{d}");
    }

    #[test]
    fn a_doctype_anywhere_is_refused() {
        for body in [
            "<!DOCTYPE SessionResults><SessionResults/>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"b\">]>\n<SessionResults><totalRecords>1</totalRecords></SessionResults>",
            "<SessionResults/><!DOCTYPE x>",
            "<SessionResults><sessions><!DOCTYPE x></sessions></SessionResults>",
            "<SessionResults><sessions><sessionData><userId><!DOCTYPE x></userId></sessionData></sessions></SessionResults>",
        ] {
            let (_, d) = malformed(body);
            assert!(d.contains("DOCTYPE"), "{body}: {d}");
        }
        let (at, _) = malformed("<?xml version=\"1.0\"?><!DOCTYPE x><SessionResults/>");
        assert_eq!(at, 21);
    }

    #[test]
    fn malformed_xml_names_the_byte_offset() {
        let body = "<SessionResults><totalRecords>1</totalRecord></SessionResults>";
        let (at, d) = malformed(body);
        assert!((31..=45).contains(&at), "{at}");
        assert!(d.contains(&format!("byte {at}")), "{d}");
        let (at, _) = malformed("\u{feff}<SessionResults><a></b></SessionResults>");
        assert!(at >= 3);
        let (at, d) = malformed("<SessionResults><sessions>");
        assert!(d.contains("ends"), "{d}");
        assert_eq!(at, 26);
        let (at, _) = match decode_xml_borrowed(b"<SessionResults>\xff</SessionResults>") {
            Err(BodyError::Malformed { offset, detail }) => (offset, detail),
            other => panic!("{other:?}"),
        };
        assert_eq!(at, 16);
        for body in [
            "",
            "junk<SessionResults/>",
            "<SessionResults/><x/>",
            "<SessionResults/>junk",
            "<SessionResults><totalRecords>-1</totalRecords></SessionResults>",
            "<SessionResults><sessionData><isImpersonating>yes</isImpersonating></sessionData></SessionResults>",
        ] {
            malformed(body);
        }
    }

    #[test]
    fn another_root_is_unrecognized() {
        for body in [
            "<Error><message>x</message></Error>",
            "<sessionResults/>",
            "<?xml version=\"1.0\"?><html/>",
        ] {
            assert!(
                matches!(
                    decode_xml_borrowed(body.as_bytes()),
                    Err(BodyError::Unrecognized { .. })
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn tolerant_reading() {
        let body = "\u{feff}<?xml version=\"1.0\"?><!-- c --><ns:SessionResults xmlns:ns=\"urn:x\">\
            <unknown><sessionData><userId>not me</userId></sessionData><unknown/></unknown>\
            <ns:totalRecords> 3 </ns:totalRecords>\
            <sessions><other>text</other><sessionData><userId>u1</userId><isImpersonating> TRUE </isImpersonating>\
            <sessionIndex>idx</sessionIndex><extra><userId>nested</userId></extra><clientIp/></sessionData>\
            <sessionData/></sessions>\
            <sessionData><expiryTime>t</expiryTime><userId>u<b>ignored</b>2</userId></sessionData>\
            </ns:SessionResults>\n<!-- trailing -->\n";
        let r = decode_xml(body.as_bytes()).unwrap();
        assert_eq!(r.total_records, Some(3));
        assert!(!r.more_may_remain());
        assert_eq!(r.sessions.len(), 3);
        assert_eq!(r.sessions[0].user_id.as_deref(), Some("u1"));
        assert_eq!(r.sessions[0].is_impersonating, Some(true));
        assert_eq!(r.sessions[0].session_index.as_deref(), Some("idx"));
        assert_eq!(r.sessions[0].client_ip.as_deref(), Some(""));
        assert_eq!(r.sessions[1], SessionData::default());
        assert_eq!(r.sessions[2].user_id.as_deref(), Some("u2"));
        assert_eq!(r.sessions[2].expiry_time.as_deref(), Some("t"));
        let r = decode_xml(b"<SessionResults/>").unwrap();
        assert_eq!(r, SessionResults::default());
    }

    #[test]
    fn user_attributes_in_every_form() {
        let body = "<SessionResults><sessions><sessionData><userAttributes>\
            <attrValue>orphan</attrValue>\
            <entry><key>mail</key><value><attrName>mail</attrName><attrValue>a@b</attrValue></value></entry>\
            <entry><key>plain</key><value>v</value></entry>\
            <attribute><attrName>cn</attrName><attrValue>C N</attrValue></attribute>\
            <attrName>uid</attrName><attrValue>u1</attrValue>\
            <attrName>lonely</attrName>\
            </userAttributes></sessionData></sessions></SessionResults>";
        let r = decode_xml(body.as_bytes()).unwrap();
        let attrs = &r.sessions[0].user_attributes;
        let s = |v: &str| Some(signoff_core::ByteString::from(v));
        assert_eq!(
            attrs,
            &vec![
                UserAttribute::new("", None, s("orphan")),
                UserAttribute::new("mail", s("mail"), s("a@b")),
                UserAttribute::new("plain", None, s("v")),
                UserAttribute::new("cn", s("cn"), s("C N")),
                UserAttribute::new("uid", s("uid"), s("u1")),
                UserAttribute::new("lonely", s("lonely"), None),
            ]
        );
    }

    #[test]
    fn the_encoder_writes_the_page_layout() {
        let page = decode_xml(PAGE_1.as_bytes()).unwrap();
        assert_eq!(encode_xml(&page), PAGE_1);
        let page = decode_xml(PAGE_2.as_bytes()).unwrap();
        assert_eq!(encode_xml(&page), PAGE_2);
        let mut d = SessionData::new("a<b>&\r\u{1}\0");
        d.user_attributes.push(UserAttribute::new("k", None, None));
        let xml = encode_xml(&SessionResults::new(None, vec![d]));
        assert!(
            xml.contains("<userId>a&lt;b&gt;&amp;&#13;\u{FFFD}\u{FFFD}</userId>"),
            "{xml}"
        );
        assert!(xml.contains("<entry><key>k</key>\n</entry>"), "{xml}");
    }

    pub(crate) fn text_strategy() -> impl Strategy<Value = String> {
        // Every character XML 1.0 can carry (C0 controls but TAB, LF and CR
        // cannot travel in XML at all; the encoder replaces them).
        proptest::string::string_regex("(\\PC|[\r\n\t\u{7f}&<>;#]){0,12}").unwrap()
    }

    pub(crate) fn results_strategy() -> impl Strategy<Value = SessionResults> {
        let opt = || proptest::option::of(text_strategy().prop_map(ByteString::from));
        let attr = (text_strategy(), opt(), opt()).prop_map(|(n, a, v)| UserAttribute::new(n, a, v));
        let session = (
            (opt(), opt(), opt(), opt(), opt(), proptest::option::of(any::<bool>())),
            (opt(), opt(), opt(), opt()),
            proptest::collection::vec(attr, 0..3),
        )
            .prop_map(|((id, idx, user, ip, store, imp), (c, u, l, e), attrs)| {
                let mut d = SessionData::default();
                (d.session_id, d.session_index, d.user_id, d.client_ip, d.id_store_name) = (id, idx, user, ip, store);
                d.is_impersonating = imp;
                (d.create_time, d.update_time, d.last_access_time, d.expiry_time) = (c, u, l, e);
                d.user_attributes = attrs;
                d
            });
        (proptest::option::of(0u64..40), proptest::collection::vec(session, 0..4))
            .prop_map(|(t, s)| SessionResults::new(t, s))
    }

    #[derive(Debug, Clone)]
    enum Node {
        /// An element, its children, and whether its end tag is misspelt.
        El(&'static str, Vec<Node>, bool),
        Empty(&'static str),
        Text(&'static str),
    }

    fn render(node: &Node, out: &mut String) {
        match node {
            Node::El(name, children, bad_end) => {
                out.push('<');
                out.push_str(name);
                out.push('>');
                for c in children {
                    render(c, out);
                }
                out.push_str(if *bad_end { "</wrong" } else { "</" });
                out.push_str(name);
                out.push('>');
            }
            Node::Empty(name) => {
                out.push('<');
                out.push_str(name);
                out.push_str("/>");
            }
            Node::Text(t) => out.push_str(t),
        }
    }

    fn node_strategy() -> impl Strategy<Value = Node> {
        let name = prop_oneof![
            8 => Just("sessionData"), 4 => Just("sessions"), 8 => Just("userId"), 4 => Just("sessionId"),
            4 => Just("totalRecords"), 4 => Just("isImpersonating"), 4 => Just("userAttributes"),
            4 => Just("entry"), 4 => Just("key"), 4 => Just("value"), 4 => Just("attrName"),
            4 => Just("attrValue"), 2 => Just("x-y.z"), 1 => Just("ns:userId"), 1 => Just("_\u{e9}"),
        ];
        let text = prop_oneof![
            80 => Just("u1"), 60 => Just("\n"), 30 => Just(" 2 "), 30 => Just("true"), 1 => Just("a>b ]]>"),
            1 => Just("&amp;"), 1 => Just("&bad;"), 1 => Just("\r\n"), 1 => Just("<!-- c -->"),
            1 => Just("<![CDATA[<c>]]>"), 1 => Just("<?pi x?>"), 1 => Just("\u{1}"), 1 => Just("\u{e9}\t"),
            1 => Just("<?>"), 1 => Just("<!DOCTYPE x>"), 1 => Just("<a b=\"1\"/>"), 1 => Just("<1a/>"),
            1 => Just("\u{FFFE}"), 1 => Just("</x>"),
        ];
        let leaf = prop_oneof![name.clone().prop_map(Node::Empty), text.prop_map(Node::Text)];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            (
                name.clone(),
                proptest::collection::vec(inner, 0..6),
                proptest::bool::weighted(0.01),
            )
                .prop_map(|(n, c, bad)| Node::El(n, c, bad))
        })
    }

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

        #[test]
        fn encode_then_decode_is_identity(results in results_strategy()) {
            let xml = encode_xml(&results);
            prop_assert_eq!(decode_xml(xml.as_bytes()).unwrap(), results);
        }

        #[test]
        fn decoding_arbitrary_text_never_panics(body in "(\\PC|<|>|&|/){0,200}") {
            let _ = decode_xml_borrowed(body.as_bytes());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// The fast path accepts a subset of what the full path accepts and
        /// reads it the same way: trees of the page's elements, with a
        /// sprinkle of what sends a document to the full path or breaks it.
        #[test]
        fn the_fast_path_agrees_with_the_full_path(
            children in proptest::collection::vec(node_strategy(), 0..6),
            decl in any::<bool>(),
            tail in prop_oneof![Just(""), Just("\n"), Just("\n<!-- t -->"), Just("x"), Just("<a/>")],
        ) {
            let mut doc = String::new();
            if decl {
                doc.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            }
            render(&Node::El("SessionResults", children, false), &mut doc);
            doc.push_str(tail);
            let (text, bom) = utf8_body(doc.as_bytes()).unwrap();
            let full = decode_full(text, bom);
            let mut sessions = Vec::new();
            let fast = Decoder(Plain::new(text, bom)).document(&mut sessions);
            if let Ok(total_records) = fast {
                let fast = SessionResultsRef { total_records, sessions };
                prop_assert_eq!(Ok(fast), full.clone(), "{}", doc);
            }
            prop_assert_eq!(decode_xml_borrowed(doc.as_bytes()), full);
        }
    }
}
