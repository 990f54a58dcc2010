//! The XML form of `SessionResults`: a decoder straight from quick-xml's
//! reader events (no DOM, no serde) and the server-side encoder.
//!
//! Safety rules of the decoder: a `DOCTYPE` anywhere is refused (no DTD is
//! ever processed), only the five predefined entities and character
//! references are expanded (an unknown entity in a field the decoder reads
//! is refused), the body must be UTF-8 (a BOM is skipped), and nothing
//! recurses on the input: the nesting of skipped elements costs no stack.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesCData, BytesStart, BytesText, Event};
use signoff_core::{MAX_XML_DEPTH, XmlFlaw, check_name, check_text, strip_bom};

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
    let text = strip_bom(body);
    let bom = body.len() - text.len();
    let text = std::str::from_utf8(text).map_err(|e| {
        BodyError::malformed(
            bom + e.valid_up_to(),
            format!("the XML body is not UTF-8 at byte {}", bom + e.valid_up_to()),
        )
    })?;
    let mut p = Parser {
        reader: Reader::from_str(text),
        src: text,
        bom,
        depth: 0,
        plain_until: None,
    };
    p.document()
}

/// [`decode_xml_borrowed`], then owned.
pub fn decode_xml(body: &[u8]) -> Result<SessionResults, BodyError> {
    decode_xml_borrowed(body).map(SessionResultsRef::into_owned)
}

struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    /// The body after the BOM, validated as UTF-8 once: plain texts are
    /// sliced from it, not validated again.
    src: &'a str,
    bom: usize,
    /// Elements open right now, checked against [`MAX_XML_DEPTH`].
    depth: usize,
    /// Where the last text event ended, when [`is_plain`] held for it (so
    /// `unescape` does not scan it twice).
    plain_until: Option<u64>,
}

/// Whether raw text can be taken as it is: no control character but TAB
/// and LF, no CR (end-of-line normalization), no `&` (a reference), no
/// 0xEF (the lead byte of U+FFFE and U+FFFF). Such a text passes
/// [`check_text`] and unescapes to itself, so the hot path skips both; any
/// other text takes the full path. One branch-free pass per text.
fn is_plain(raw: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // SWAR: flags a byte below 0x20, a `&` or a 0xEF in eight bytes at
    // once (exact: no flag is lost); a flagged word is looked at byte by
    // byte, where TAB and LF are fine.
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let byte_ok = |b: &u8| (*b >= 0x20 || *b == b'\t' || *b == b'\n') && *b != b'&' && *b != 0xEF;
    let mut words = raw.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let x = u64::from_le_bytes(w);
        let flagged =
            (x.wrapping_sub(ONES * 0x20) & !x & HIGHS) | zero(x ^ (ONES * u64::from(b'&'))) | zero(x ^ (ONES * 0xEF));
        if flagged != 0 && !word.iter().all(byte_ok) {
            return false;
        }
    }
    words.remainder().iter().all(byte_ok)
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

/// [`check_name`] for the common case first: an ASCII letter, then ASCII
/// letters, digits and `_` (every such name is an XML name); anything
/// else goes to the full check.
fn name_ok(name: &[u8]) -> Result<(), XmlFlaw> {
    match name.split_first() {
        Some((first, rest))
            if first.is_ascii_alphabetic() && rest.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_') =>
        {
            Ok(())
        }
        _ => check_name(name),
    }
}

fn push_piece<'a>(acc: &mut Option<Cow<'a, str>>, piece: Cow<'a, str>) {
    match acc {
        None => *acc = Some(piece),
        Some(a) => a.to_mut().push_str(&piece),
    }
}

impl<'a> Parser<'a> {
    fn pos(&self) -> usize {
        self.bom + usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn next(&mut self) -> Result<Event<'a>, BodyError> {
        let start = self.pos();
        match self.reader.read_event() {
            Ok(Event::DocType(_)) => Err(BodyError::malformed(
                start,
                format!(
                    "a DOCTYPE at byte {start} is refused: this decoder processes no DTD and expands no custom entity"
                ),
            )),
            Ok(event) => {
                self.check(&event, start)?;
                Ok(event)
            }
            Err(e) => {
                let at = self.bom + usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
                Err(BodyError::malformed(
                    at,
                    format!("the XML body does not parse at byte {at}: {e}"),
                ))
            }
        }
    }

    fn eof(&self, inside: &str) -> BodyError {
        let at = self.pos();
        BodyError::malformed(at, format!("the XML body ends at byte {at} inside <{inside}>"))
    }

    /// What the tokenizer does not check (core's shared rules): element and
    /// attribute names, characters and references in text and attribute
    /// values, `<` in attribute values, duplicate attributes, nesting depth.
    fn check(&mut self, event: &Event<'a>, start: usize) -> Result<(), BodyError> {
        let flawed = |f: XmlFlaw, base: usize| {
            let at = base + f.offset;
            BodyError::malformed(
                at,
                format!("the XML body is not well-formed at byte {at}: {}", f.message),
            )
        };
        match event {
            Event::Start(e) | Event::Empty(e) => {
                name_ok(e.name().as_ref()).map_err(|f| flawed(f, start + 1))?;
                // Most elements have no attributes: no iterator then.
                if !e.attributes_raw().is_empty() {
                    check_attributes(e, start)?;
                }
                if matches!(event, Event::Start(_)) {
                    self.depth += 1;
                    if self.depth > MAX_XML_DEPTH {
                        return Err(BodyError::malformed(
                            start,
                            format!("the XML body nests elements deeper than {MAX_XML_DEPTH} levels (byte {start})"),
                        ));
                    }
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Text(t) => {
                if is_plain(t) {
                    self.plain_until = Some(self.reader.buffer_position());
                } else {
                    check_text(std::str::from_utf8(t).unwrap_or("\u{0}"), false).map_err(|f| flawed(f, start))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Skips the subtree of a start tag just read, checking it as it goes
    /// (a broken element the decoder does not need still makes the document
    /// broken).
    fn skip(&mut self, _start: &BytesStart<'a>) -> Result<(), BodyError> {
        let mut open = 1usize;
        while open > 0 {
            match self.next()? {
                Event::Start(_) => open += 1,
                Event::End(_) => open -= 1,
                Event::Eof => return Err(self.eof("an element")),
                _ => {}
            }
        }
        Ok(())
    }

    /// The text of a `Text` event with XML end-of-line normalization and
    /// the predefined entities and character references expanded; any other
    /// entity is refused. Borrowed when nothing was replaced.
    fn unescape(&self, t: &BytesText<'a>) -> Result<Cow<'a, str>, BodyError> {
        let at = self.pos();
        let refused = |e: &dyn std::fmt::Display| {
            BodyError::malformed(
                at,
                format!(
                    "the text before byte {at} holds an unknown entity or a bad character reference ({e}); \
                     only the five predefined entities and character references are expanded"
                ),
            )
        };
        if self.plain_until == Some(self.reader.buffer_position()) {
            // The text just read was plain and ends where the reader
            // stands; slice it from the validated body (the same bytes:
            // checked by address).
            let end = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            if let Some(plain) = end.checked_sub(t.len()).and_then(|start| self.src.get(start..end)) {
                if std::ptr::eq(plain.as_ptr(), t.as_ptr()) {
                    return Ok(Cow::Borrowed(plain));
                }
            }
        }
        if t.contains(&b'\r') {
            let raw = String::from_utf8_lossy(t);
            let normalized = raw.replace("\r\n", "\n").replace('\r', "\n");
            return quick_xml::escape::unescape(&normalized)
                .map(|c| Cow::Owned(c.into_owned()))
                .map_err(|e| refused(&e));
        }
        t.unescape().map_err(|e| refused(&e))
    }

    /// The text of a CDATA section (taken as is).
    fn cdata(&self, c: &BytesCData<'a>) -> Result<Cow<'a, str>, BodyError> {
        let at = self.pos();
        c.clone()
            .decode()
            .map_err(|e| BodyError::malformed(at, format!("bad CDATA before byte {at}: {e}")))
    }

    fn document(&mut self) -> Result<SessionResultsRef<'a>, BodyError> {
        let mut out = SessionResultsRef::default();
        // The prolog.
        loop {
            let at = self.pos();
            match self.next()? {
                Event::Start(e) => {
                    self.check_root(&e)?;
                    self.root(&mut out)?;
                    break;
                }
                Event::Empty(e) => {
                    self.check_root(&e)?;
                    break;
                }
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => return Err(BodyError::malformed(at, "the XML body has no root element")),
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
                Event::Eof => return Ok(out),
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
                Event::PI(_) | Event::Comment(_) => {}
                _ => {
                    return Err(BodyError::malformed(
                        at,
                        format!("content after the root element at byte {at}"),
                    ));
                }
            }
        }
    }

    fn check_root(&self, e: &BytesStart<'a>) -> Result<(), BodyError> {
        let name = e.local_name();
        if name.as_ref() == ROOT.as_bytes() {
            Ok(())
        } else {
            Err(BodyError::unrecognized(format!(
                "the XML root element is <{}>, not <{ROOT}>",
                String::from_utf8_lossy(name.as_ref())
                    .chars()
                    .take(60)
                    .collect::<String>()
            )))
        }
    }

    fn root(&mut self, out: &mut SessionResultsRef<'a>) -> Result<(), BodyError> {
        loop {
            match self.next()? {
                Event::Start(e) => match e.local_name().as_ref() {
                    b"totalRecords" => {
                        let at = self.pos();
                        let text = self.text("totalRecords")?;
                        out.total_records = parse_count(&text, at)?;
                    }
                    b"sessions" => self.sessions(&mut out.sessions)?,
                    b"sessionData" => {
                        let record = self.record()?;
                        out.sessions.push(record);
                    }
                    _ => self.skip(&e)?,
                },
                Event::Empty(e) if e.local_name().as_ref() == b"sessionData" => {
                    out.sessions.push(SessionDataRef::default());
                }
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.eof(ROOT)),
                _ => {}
            }
        }
    }

    fn sessions(&mut self, out: &mut Vec<SessionDataRef<'a>>) -> Result<(), BodyError> {
        loop {
            match self.next()? {
                Event::Start(e) => {
                    if e.local_name().as_ref() == b"sessionData" {
                        let record = self.record()?;
                        out.push(record);
                    } else {
                        self.skip(&e)?;
                    }
                }
                Event::Empty(e) if e.local_name().as_ref() == b"sessionData" => {
                    out.push(SessionDataRef::default());
                }
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.eof("sessions")),
                _ => {}
            }
        }
    }

    fn record(&mut self) -> Result<SessionDataRef<'a>, BodyError> {
        let mut d = SessionDataRef::default();
        loop {
            match self.next()? {
                Event::Start(e) => {
                    let name = e.local_name();
                    let tag = name.as_ref();
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
                            self.skip(&e)?;
                            continue;
                        }
                    };
                    *field = Some(self.text(name)?);
                }
                Event::Empty(e) => match e.local_name().as_ref() {
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
                Event::End(_) => return Ok(d),
                Event::Eof => return Err(self.eof("sessionData")),
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
            let (name, text) = match self.next()? {
                Event::Start(e) => match e.local_name().as_ref() {
                    b"attrName" => ("attrName", self.text("attrName")?),
                    b"attrValue" => ("attrValue", self.text("attrValue")?),
                    _ => {
                        let attr = self.entry()?;
                        out.push(attr);
                        open_pair = false;
                        continue;
                    }
                },
                Event::Empty(e) => match e.local_name().as_ref() {
                    b"attrName" => ("attrName", Cow::Borrowed("")),
                    b"attrValue" => ("attrValue", Cow::Borrowed("")),
                    _ => continue,
                },
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.eof("userAttributes")),
                _ => continue,
            };
            if name == "attrName" {
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
                Event::Start(e) => match e.local_name().as_ref() {
                    b"key" => key = Some(self.text("key")?),
                    b"value" => self.value(&mut attr)?,
                    b"attrName" => attr.attr_name = Some(self.text("attrName")?),
                    b"attrValue" => attr.attr_value = Some(self.text("attrValue")?),
                    _ => self.skip(&e)?,
                },
                Event::Empty(e) => match e.local_name().as_ref() {
                    b"key" => key = Some(Cow::Borrowed("")),
                    b"attrName" => attr.attr_name = Some(Cow::Borrowed("")),
                    b"attrValue" => attr.attr_value = Some(Cow::Borrowed("")),
                    _ => {}
                },
                Event::End(_) => break,
                Event::Eof => return Err(self.eof("entry")),
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
                Event::Start(e) => {
                    match e.local_name().as_ref() {
                        b"attrName" => attr.attr_name = Some(self.text("attrName")?),
                        b"attrValue" => attr.attr_value = Some(self.text("attrValue")?),
                        _ => self.skip(&e)?,
                    }
                    structured = true;
                    continue;
                }
                Event::Empty(e) => {
                    match e.local_name().as_ref() {
                        b"attrName" => attr.attr_name = Some(Cow::Borrowed("")),
                        b"attrValue" => attr.attr_value = Some(Cow::Borrowed("")),
                        _ => {}
                    }
                    structured = true;
                    continue;
                }
                Event::Text(t) => self.unescape(&t)?,
                Event::CData(c) => self.cdata(&c)?,
                Event::End(_) => break,
                Event::Eof => return Err(self.eof("value")),
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
                Event::Text(t) => self.unescape(&t)?,
                Event::CData(c) => self.cdata(&c)?,
                Event::Start(e) => {
                    self.skip(&e)?;
                    continue;
                }
                Event::End(_) => return Ok(acc.unwrap_or_default()),
                Event::Eof => return Err(self.eof(inside)),
                _ => continue,
            };
            push_piece(&mut acc, piece);
        }
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
        let s = |v: &str| Some(v.to_owned());
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
        let opt = || proptest::option::of(text_strategy());
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

    proptest! {
        #[test]
        fn the_word_at_a_time_scan_agrees_with_the_byte_scan(raw in proptest::collection::vec(
            prop_oneof![any::<u8>(), Just(b'&'), Just(0xEF), Just(b'\t'), Just(b'\n'), Just(b'\r'), Just(b'a')], 0..40)
        ) {
            let slow = raw.iter().all(|&b| (b >= 0x20 || b == b'\t' || b == b'\n') && b != b'&' && b != 0xEF);
            prop_assert_eq!(is_plain(&raw), slow);
            prop_assert_eq!(name_ok(&raw).is_ok(), check_name(&raw).is_ok());
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
}
