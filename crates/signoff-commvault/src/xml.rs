//! A small XML reader over quick-xml events, shared by the request-body
//! decoder and the response decoder.
//!
//! It reads one document into its root element and the root's direct
//! children (names and attributes), which is all the Commvault documents of
//! this call carry. It processes no DTD: a `<!DOCTYPE` is refused, so no
//! entity beyond the five predefined ones and character references is ever
//! expanded. Offsets are byte offsets into the body as received (a UTF-8 BOM
//! counted).

use quick_xml::encoding::Decoder;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use signoff_core::{MAX_XML_DEPTH, XmlFlaw, check_name, check_text, strip_bom};

/// The most attributes kept per element and children kept per root: the
/// body limit already bounds the work, this bounds the memory of a hostile
/// document made of thousands of tiny elements.
const MAX_CHILDREN: usize = 10_000;

/// An element: its local name (any prefix dropped) and its attributes,
/// values normalized and unescaped, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    /// Byte offset of the element's `<` in the body as received.
    pub(crate) offset: usize,
}

impl Element {
    /// The value of the attribute `name` (local name, exact case).
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// One document: the root, its direct children, and whether anything else
/// was inside the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Document {
    pub(crate) root: Element,
    pub(crate) children: Vec<Element>,
    /// Offset of the first element nested below a child, if any.
    pub(crate) deeper: Option<usize>,
    /// Offset of the first non-whitespace character data (text, CDATA or a
    /// reference) inside the root, if any.
    pub(crate) text: Option<usize>,
}

/// Why a body is not a readable XML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum XmlError {
    /// The body is not UTF-8 (the only encoding Commvault sends).
    NotUtf8 { offset: usize },
    /// The body carries a document type declaration, which is never read.
    Doctype { offset: usize },
    /// The body is not well-formed.
    Syntax { offset: usize, message: String },
    /// The body holds no element.
    NoRoot { offset: usize },
    /// Something follows the root element, or text precedes it.
    Outside { offset: usize },
    /// More children than this reader keeps.
    TooManyChildren { offset: usize },
}

impl XmlError {
    /// The byte offset the error concerns.
    pub(crate) fn offset(&self) -> usize {
        match self {
            Self::NotUtf8 { offset }
            | Self::Doctype { offset }
            | Self::Syntax { offset, .. }
            | Self::NoRoot { offset }
            | Self::Outside { offset }
            | Self::TooManyChildren { offset } => *offset,
        }
    }

    /// A sentence naming the offset.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::NotUtf8 { offset } => format!("the XML body is not UTF-8 at byte {offset}"),
            Self::Doctype { offset } => {
                format!("the XML body carries a DOCTYPE at byte {offset}; document type declarations are not processed")
            }
            Self::Syntax { offset, message } => {
                format!("the XML body is not well-formed at byte {offset}: {message}")
            }
            Self::NoRoot { offset } => format!("the XML body has no element (ends at byte {offset})"),
            Self::Outside { offset } => {
                format!("the XML body has content outside its root element at byte {offset}")
            }
            Self::TooManyChildren { offset } => format!(
                "the XML body has more than {MAX_CHILDREN} child elements (at byte {offset}); it was not read further"
            ),
        }
    }

    /// Whether the document was refused for its DOCTYPE (not malformed, but
    /// never read).
    pub(crate) fn is_doctype(&self) -> bool {
        matches!(self, Self::Doctype { .. })
    }
}

fn to_usize(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

/// Text of bytes from the already validated body (never lossy in practice;
/// the fast validator first, `from_utf8_lossy` is several times slower on
/// valid text).
fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn utf8(bytes: &[u8]) -> String {
    text_of(bytes).into_owned()
}

fn flawed(offset: usize, f: XmlFlaw) -> XmlError {
    XmlError::Syntax {
        offset: offset + f.offset,
        message: f.message.to_owned(),
    }
}

fn element(e: &BytesStart<'_>, decoder: Decoder, offset: usize) -> Result<Element, XmlError> {
    check_name(e.name().as_ref()).map_err(|f| flawed(offset + 1, f))?;
    let name = utf8(e.local_name().as_ref());
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| XmlError::Syntax {
            offset,
            message: err.to_string(),
        })?;
        check_name(attr.key.as_ref()).map_err(|f| flawed(offset, f))?;
        check_text(&text_of(&attr.value), true).map_err(|f| flawed(offset, f))?;
        let value = attr
            .decode_and_unescape_value(decoder)
            .map_err(|err| XmlError::Syntax {
                offset,
                message: err.to_string(),
            })?;
        let key = utf8(attr.key.local_name().as_ref());
        if attrs.len() >= MAX_CHILDREN {
            return Err(XmlError::TooManyChildren { offset });
        }
        attrs.push((key, value.into_owned()));
    }
    Ok(Element { name, attrs, offset })
}

/// Reads `body` (optional BOM, optional declaration, comments and
/// processing instructions anywhere, whitespace anywhere between markup).
/// Attribute values are unescaped (the five predefined entities and
/// character references; any other reference is an error); they are not
/// whitespace-normalized, so a literal tab or line break in a value stays
/// one (and a session id holding it is refused by the callers).
pub(crate) fn parse(body: &[u8]) -> Result<Document, XmlError> {
    let bom = body.len() - strip_bom(body).len();
    let text = std::str::from_utf8(strip_bom(body)).map_err(|e| XmlError::NotUtf8 {
        offset: bom + e.valid_up_to(),
    })?;
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.allow_unmatched_ends = false;
    config.expand_empty_elements = false;
    config.trim_markup_names_in_closing_tags = true;

    let mut root: Option<Element> = None;
    let mut children = Vec::new();
    let mut deeper = None;
    let mut inner_text = None;
    let mut depth = 0usize;
    let mut closed = false;

    loop {
        let start = bom + to_usize(reader.buffer_position());
        let event = reader.read_event().map_err(|err| XmlError::Syntax {
            offset: bom + to_usize(reader.error_position()),
            message: err.to_string(),
        })?;
        match event {
            Event::Start(_) | Event::Empty(_) if closed => return Err(XmlError::Outside { offset: start }),
            Event::Start(e) => {
                let el = element(&e, reader.decoder(), start)?;
                note_element(el, depth, &mut root, &mut children, &mut deeper)?;
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(XmlError::Syntax {
                        offset: start,
                        message: format!("elements nest deeper than {MAX_XML_DEPTH} levels"),
                    });
                }
            }
            Event::Empty(e) => {
                let el = element(&e, reader.decoder(), start)?;
                note_element(el, depth, &mut root, &mut children, &mut deeper)?;
                if depth == 0 {
                    closed = true;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    closed = true;
                }
            }
            Event::Text(t) => {
                check_text(&text_of(&t), false).map_err(|f| flawed(start, f))?;
                if let Some(lead) = t.iter().position(|b| !b.is_ascii_whitespace()) {
                    if depth == 0 {
                        return Err(XmlError::Outside { offset: start + lead });
                    }
                    inner_text.get_or_insert(start + lead);
                }
            }
            Event::CData(_) => {
                if depth == 0 {
                    return Err(XmlError::Outside { offset: start });
                }
                inner_text.get_or_insert(start);
            }
            Event::DocType(_) => return Err(XmlError::Doctype { offset: start }),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            Event::Eof => {
                let end = bom + text.len();
                if depth > 0 {
                    return Err(XmlError::Syntax {
                        offset: end,
                        message: "the document ends inside an element".to_owned(),
                    });
                }
                return match root {
                    Some(root) => Ok(Document {
                        root,
                        children,
                        deeper,
                        text: inner_text,
                    }),
                    None => Err(XmlError::NoRoot { offset: end }),
                };
            }
        }
    }
}

fn note_element(
    el: Element,
    depth: usize,
    root: &mut Option<Element>,
    children: &mut Vec<Element>,
    deeper: &mut Option<usize>,
) -> Result<(), XmlError> {
    match depth {
        0 => *root = Some(el),
        1 => {
            if children.len() >= MAX_CHILDREN {
                return Err(XmlError::TooManyChildren { offset: el.offset });
            }
            children.push(el);
        }
        _ => {
            deeper.get_or_insert(el.offset);
        }
    }
    Ok(())
}

/// Escapes an attribute value for a double-quoted attribute: `&`, `<`,
/// `>`, `"` and `'` become the five predefined entities.
pub(crate) fn escape_attr(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_root_and_children() {
        let d = parse(
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c --><a x=\"1&amp;&#38;&#x26;\"><b y='2'/> <c><d/></c></a >\n",
        )
        .unwrap();
        assert_eq!(d.root.name, "a");
        assert_eq!(d.root.attr("x"), Some("1&&&"));
        assert_eq!(d.children.len(), 2);
        assert_eq!(d.children[0].attr("y"), Some("2"));
        assert!(d.deeper.is_some());
        assert_eq!(d.text, None);
    }

    #[test]
    fn refuses_doctype_and_unknown_entities() {
        let e = parse(b"<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"boom\">]><a v=\"&x;\"/>").unwrap_err();
        assert!(e.is_doctype(), "{e:?}");
        assert_eq!(e.offset(), 21);
        let e = parse(b"<a v=\"&x;\"/>").unwrap_err();
        assert!(matches!(e, XmlError::Syntax { .. }), "{e:?}");
    }

    #[test]
    fn offsets_count_the_bom() {
        let e = parse(b"\xEF\xBB\xBF<a>\xff</a>").unwrap_err();
        assert_eq!(e, XmlError::NotUtf8 { offset: 6 });
        let e = parse(b"<a></b>").unwrap_err();
        assert!(matches!(e, XmlError::Syntax { .. }));
        assert_eq!(parse(b"<a>").unwrap_err().offset(), 3);
        assert!(matches!(parse(b"  ").unwrap_err(), XmlError::NoRoot { .. }));
        assert_eq!(parse(b"<a/><b/>").unwrap_err(), XmlError::Outside { offset: 4 });
        assert_eq!(parse(b"<a/> x").unwrap_err(), XmlError::Outside { offset: 5 });
    }

    #[test]
    fn refuses_what_the_tokenizer_lets_through() {
        for bad in [
            &b"<a><1b/></a>"[..],
            b"<a>x & y</a>",
            b"<a>&bogus;</a>",
            b"<a v=\"<\"/>",
            b"<a>\0</a>",
            b"<a>&#xFFFFFFFF;</a>",
            b"<a 1v=\"x\"/>",
        ] {
            assert!(
                matches!(parse(bad), Err(XmlError::Syntax { .. })),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let deep = format!("<a>{}{}</a>", "<b>".repeat(MAX_XML_DEPTH), "</b>".repeat(MAX_XML_DEPTH));
        assert!(matches!(parse(deep.as_bytes()), Err(XmlError::Syntax { .. })));
        let ok = format!(
            "<a>{}{}</a>",
            "<b>".repeat(MAX_XML_DEPTH - 1),
            "</b>".repeat(MAX_XML_DEPTH - 1)
        );
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn escapes_the_five() {
        let mut s = String::new();
        escape_attr("a&b<c>d\"e'f", &mut s);
        assert_eq!(s, "a&amp;b&lt;c&gt;d&quot;e&apos;f");
    }
}
