//! The reading of a `SessionResults` document over either token source:
//! which element is a record, which a field, what is skipped.

use std::borrow::Cow;

use super::*;
use crate::error::BodyError;
use crate::model::{SessionDataRef, UserAttributeRef};

pub(super) fn push_piece<'a>(acc: &mut Option<Cow<'a, str>>, piece: Cow<'a, str>) {
    match acc {
        None => *acc = Some(piece),
        Some(a) => a.to_mut().push_str(&piece),
    }
}

pub(super) fn lossy(name: &[u8]) -> String {
    String::from_utf8_lossy(name).chars().take(60).collect()
}

/// The reading of a `SessionResults` document, over either source.
pub(super) struct Decoder<S>(pub(super) S);

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
    pub(super) fn document(&mut self, sink: &mut impl Sink<'a>) -> Result<Option<u64>, BodyError> {
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
                Token::Text(t) if t.bytes().all(signoff_core::is_space) => {}
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
                Token::Text(t) if t.bytes().all(signoff_core::is_space) => {}
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

pub(super) fn check_root(name: &[u8]) -> Result<(), BodyError> {
    if name == ROOT.as_bytes() {
        Ok(())
    } else {
        Err(BodyError::unrecognized(format!(
            "the XML root element is <{}>, not <{ROOT}>",
            lossy(name)
        )))
    }
}

pub(super) fn parse_count(text: &str, at: usize) -> Result<Option<u64>, BodyError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| BodyError::malformed(at, format!("totalRecords at byte {at} is not a non-negative integer")))
}

pub(super) fn parse_bool(text: &str, at: usize) -> Result<Option<bool>, BodyError> {
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
