//! A strict XML reader into a small tree: the reference reading every
//! vendor XML document is judged on.
//!
//! quick-xml tokenizes; this reader adds what makes a token stream one
//! well-formed, namespace-well-formed document, and refuses the rest: an
//! XML declaration anywhere but the first byte (after an optional BOM) or
//! not of XML 1.0's form ([`check_declaration`](crate::check_declaration)), a
//! `DOCTYPE` (no entity beyond the five predefined is ever expanded),
//! processing instructions, anything but whitespace and comments outside
//! the root, a second root, an unclosed root, names and texts XML does not
//! allow ([`check_name`](crate::check_name), [`check_text`](crate::check_text)),
//! an undeclared prefix, and an attribute named twice, compared after
//! namespace resolution (`p:x` and `q:x` collide when `p` and `q` name the
//! same namespace). Attributes per element are capped at
//! [`MAX_XML_ATTRIBUTES`] and checked for repeats with a hash set, and
//! nesting stops at [`MAX_XML_DEPTH`](crate::MAX_XML_DEPTH): the work is
//! linear in the body's size.

use std::borrow::Cow;
use std::collections::HashSet;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::DocError;
use crate::{MAX_XML_DEPTH, check_name, check_text};

/// The most attributes one element may carry. The documents of these calls
/// carry at most a handful; a hostile element with 100,000 stops here.
pub const MAX_XML_ATTRIBUTES: usize = 64;

/// The namespace of the `xml:` prefix, bound by definition.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// An element: its local name, its namespace, attributes (local names,
/// unescaped values), child elements, and its character data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct XmlElement<'a> {
    /// The local name (after any prefix).
    pub name: &'a str,
    /// The namespace the name resolves to, when it has one.
    pub namespace: Option<Cow<'a, str>>,
    /// Attributes other than namespace declarations: (local name, value).
    pub attributes: Vec<(&'a str, Cow<'a, str>)>,
    /// Child elements, in order.
    pub children: Vec<XmlElement<'a>>,
    /// The character data directly inside the element (text and CDATA),
    /// unescaped: its non-blank pieces joined (the whitespace between child
    /// elements is dropped), or a blank piece when it has only those.
    pub text: Cow<'a, str>,
    /// Byte offset of the element's `<` in the body as received.
    pub offset: usize,
}

impl<'a> XmlElement<'a> {
    /// The value of attribute `name` (local name).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| *k == name).map(|(_, v)| &**v)
    }

    /// The first child named `name` (local name).
    pub fn child(&self, name: &str) -> Option<&XmlElement<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Whether the element's character data is only whitespace.
    pub fn text_is_blank(&self) -> bool {
        self.text.trim_matches([' ', '\t', '\r', '\n']).is_empty()
    }
}

/// Reads one XML document into its root element.
///
/// ```
/// use signoff_core::doc::read_xml;
/// let root = read_xml(b"<?xml version=\"1.0\"?><r a=\"1\"><c>x</c></r>").unwrap();
/// assert_eq!((root.name, root.attribute("a")), ("r", Some("1")));
/// assert!(read_xml(b"\n<?xml version=\"1.0\"?><r/>").is_err());
/// assert!(read_xml(b"<r xmlns:p=\"u\" xmlns:q=\"u\" p:x=\"1\" q:x=\"2\"/>").is_err());
/// assert!(read_xml(b"<r/><r/>").is_err());
/// ```
pub fn read_xml(body: &[u8]) -> Result<XmlElement<'_>, DocError> {
    let bom = body.len() - crate::strip_bom(body).len();
    let text = std::str::from_utf8(body.get(bom..).unwrap_or_default()).map_err(|e| DocError {
        offset: bom + e.valid_up_to(),
        message: "the body is not UTF-8".into(),
    })?;
    let mut reader = Reader::from_str(text);
    {
        let config = reader.config_mut();
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
    }
    let at = |reader: &Reader<&[u8]>, message: &str| DocError {
        offset: bom + usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX),
        message: message.into(),
    };
    let mut open: Vec<XmlElement<'_>> = Vec::new();
    // The children of the open elements, innermost last, and where each
    // open element's own begin: a closing element takes its children as a
    // `Vec` of exactly their number. Pushed onto each parent's own `Vec`,
    // an only child would sit in room for four (elements of one child
    // nested to the depth limit: four times the memory and the cache
    // misses).
    let mut kids: Vec<XmlElement<'_>> = Vec::new();
    let mut kids_from: Vec<usize> = Vec::new();
    // Namespace bindings in scope: (prefix, uri), and how many each open
    // element added.
    let mut bindings: Vec<(&str, Cow<'_, str>)> = Vec::new();
    let mut added: Vec<usize> = Vec::new();
    let mut root: Option<XmlElement<'_>> = None;
    let mut first = true;
    loop {
        let start = bom + usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| DocError {
            offset: bom + usize::try_from(reader.error_position()).unwrap_or(usize::MAX),
            message: format!("not well-formed: {e}"),
        })?;
        let was_first = std::mem::replace(&mut first, false);
        match event {
            Event::Decl(decl) => {
                if !was_first || start != bom {
                    return Err(DocError {
                        offset: start,
                        message: "an XML declaration anywhere but at the first byte".into(),
                    });
                }
                crate::check_declaration(&decl).map_err(|f| DocError {
                    offset: start + 2 + f.offset,
                    message: format!("not well-formed: {}", f.message),
                })?;
            }
            Event::DocType(_) => {
                return Err(DocError {
                    offset: start,
                    message: "a DOCTYPE; document type declarations are never processed".into(),
                });
            }
            Event::PI(_) => {
                return Err(DocError {
                    offset: start,
                    message: "a processing instruction".into(),
                });
            }
            Event::Comment(_) => {}
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(DocError {
                    offset: start,
                    message: "a second root element".into(),
                });
            }
            Event::Start(e) => {
                if open.len() >= MAX_XML_DEPTH {
                    return Err(DocError {
                        offset: start,
                        message: format!("elements nest deeper than {MAX_XML_DEPTH}"),
                    });
                }
                let element = element(text, &e, start, &mut bindings, &mut added)?;
                open.push(element);
                kids_from.push(kids.len());
            }
            Event::Empty(e) => {
                let element = element(text, &e, start, &mut bindings, &mut added)?;
                close(&mut bindings, &mut added);
                attach(&open, &mut kids, &mut root, element);
            }
            Event::End(_) => {
                let Some(mut element) = open.pop() else {
                    return Err(at(&reader, "an end tag with no open element"));
                };
                element.children = kids.split_off(kids_from.pop().unwrap_or(0));
                close(&mut bindings, &mut added);
                attach(&open, &mut kids, &mut root, element);
            }
            Event::Text(t) => {
                let raw = borrowed_str(text, t.as_ref(), start)?;
                match open.last_mut() {
                    None => {
                        if !raw.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
                            return Err(DocError {
                                offset: start,
                                message: "text outside the root element".into(),
                            });
                        }
                    }
                    Some(parent) => {
                        check_text(raw, false).map_err(|f| DocError {
                            offset: start + f.offset,
                            message: f.message.into(),
                        })?;
                        let value = quick_xml::escape::unescape(raw).map_err(|e| DocError {
                            offset: start,
                            message: format!("a reference XML does not define: {e}"),
                        })?;
                        append(&mut parent.text, value);
                    }
                }
            }
            Event::CData(c) => {
                let raw = borrowed_str(text, c.as_ref(), start)?;
                let Some(parent) = open.last_mut() else {
                    return Err(DocError {
                        offset: start,
                        message: "CDATA outside the root element".into(),
                    });
                };
                check_text(&raw.replace('&', "&amp;"), false).map_err(|f| DocError {
                    offset: start + f.offset,
                    message: f.message.into(),
                })?;
                append(&mut parent.text, Cow::Borrowed(raw));
            }
            Event::Eof => {
                if !open.is_empty() {
                    return Err(at(&reader, "the document ends inside an element"));
                }
                return root.ok_or_else(|| at(&reader, "the document has no element"));
            }
        }
    }
}

/// Adds a piece of character data to an element's text. Whitespace-only
/// pieces beside other text are dropped (they separate elements; keeping
/// them would copy every text around child elements), so an element's
/// text is its non-blank pieces joined, or one blank piece.
fn append<'a>(text: &mut Cow<'a, str>, more: Cow<'a, str>) {
    let blank = |t: &str| t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
    if text.is_empty() || (blank(text) && !blank(&more)) {
        *text = more;
    } else if !blank(&more) {
        text.to_mut().push_str(&more);
    }
}

/// Places a closed element: among its parent's children when one is open,
/// else as the root.
fn attach<'a>(
    open: &[XmlElement<'a>],
    kids: &mut Vec<XmlElement<'a>>,
    root: &mut Option<XmlElement<'a>>,
    element: XmlElement<'a>,
) {
    if open.is_empty() {
        *root = Some(element);
    } else {
        kids.push(element);
    }
}

fn close(bindings: &mut Vec<(&str, Cow<'_, str>)>, added: &mut Vec<usize>) {
    let n = added.pop().unwrap_or(0);
    bindings.truncate(bindings.len().saturating_sub(n));
}

fn resolve<'b>(bindings: &'b [(&str, Cow<'_, str>)], prefix: &str) -> Option<&'b str> {
    if prefix == "xml" {
        return Some(XML_NAMESPACE);
    }
    bindings
        .iter()
        .rev()
        .find(|(p, _)| *p == prefix)
        .map(|(_, uri)| &**uri)
        .filter(|uri| !uri.is_empty())
}

fn split_name(qname: &str) -> (&str, &str) {
    match qname.split_once(':') {
        Some((prefix, local)) => (prefix, local),
        None => ("", qname),
    }
}

fn element<'a>(
    source: &'a str,
    e: &BytesStart<'_>,
    offset: usize,
    bindings: &mut Vec<(&'a str, Cow<'a, str>)>,
    added: &mut Vec<usize>,
) -> Result<XmlElement<'a>, DocError> {
    let flawed = |at: usize, message: &str| DocError {
        offset: offset + at,
        message: message.into(),
    };
    let qname = borrowed_str(source, e.name().into_inner(), offset)?;
    check_name(qname.as_bytes()).map_err(|f| flawed(1 + f.offset, f.message))?;
    let mut raw: Vec<(&'a str, Cow<'a, str>)> = Vec::new();
    let mut declared = 0;
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(|err| flawed(0, &format!("a malformed attribute: {err}")))?;
        if raw.len() >= MAX_XML_ATTRIBUTES {
            return Err(flawed(
                0,
                &format!("more than {MAX_XML_ATTRIBUTES} attributes on one element"),
            ));
        }
        let key = borrowed_str(source, attr.key.into_inner(), offset)?;
        check_name(key.as_bytes()).map_err(|f| flawed(0, f.message))?;
        let value_raw = match attr.value {
            Cow::Borrowed(b) => borrowed_str(source, b, offset)?,
            Cow::Owned(_) => return Err(flawed(0, "an attribute value the reader copied")),
        };
        check_text(value_raw, true).map_err(|f| flawed(0, f.message))?;
        // Literal whitespace characters become spaces (XML's attribute
        // value normalization); character references keep what they name.
        let normalized = if value_raw.contains(['\t', '\n', '\r']) {
            Cow::Owned(value_raw.replace("\r\n", " ").replace(['\t', '\n', '\r'], " "))
        } else {
            Cow::Borrowed(value_raw)
        };
        let value = match normalized {
            Cow::Borrowed(raw) => quick_xml::escape::unescape(raw),
            Cow::Owned(raw) => quick_xml::escape::unescape(&raw).map(|v| Cow::Owned(v.into_owned())),
        }
        .map_err(|err| flawed(0, &format!("a reference XML does not define: {err}")))?;
        if key == "xmlns" || key.starts_with("xmlns:") {
            let prefix = key.strip_prefix("xmlns:").unwrap_or("");
            if prefix == "xmlns" || (prefix == "xml") != (value == XML_NAMESPACE) {
                return Err(flawed(0, "a reserved namespace prefix rebound"));
            }
            if !prefix.is_empty() && value.is_empty() {
                return Err(flawed(0, "a prefix bound to no namespace"));
            }
            if raw.iter().any(|(k, _)| *k == key) {
                return Err(flawed(0, "an attribute given twice"));
            }
            bindings.push((prefix, value.clone()));
            declared += 1;
        }
        raw.push((key, value));
    }
    added.push(declared);
    let (prefix, name) = split_name(qname);
    let namespace = if prefix.is_empty() {
        bindings
            .iter()
            .rev()
            .find(|(p, _)| p.is_empty())
            .map(|(_, uri)| uri.clone())
            .filter(|uri| !uri.is_empty())
    } else {
        Some(Cow::Owned(
            resolve(bindings, prefix)
                .ok_or_else(|| flawed(1, "a prefix no namespace declaration binds"))?
                .to_owned(),
        ))
    };
    // Attributes are compared as (namespace, local name); unprefixed ones
    // are in no namespace.
    let mut attributes = Vec::with_capacity(raw.len());
    let mut seen: HashSet<(Option<&str>, &str)> = HashSet::with_capacity(raw.len());
    for (key, value) in raw {
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let (prefix, local) = split_name(key);
        let ns = if prefix.is_empty() {
            None
        } else {
            Some(resolve(bindings, prefix).ok_or_else(|| flawed(0, "a prefix no namespace declaration binds"))?)
        };
        if !seen.insert((ns, local)) {
            return Err(flawed(
                0,
                &format!("the attribute {} is given twice", super::json::quoted(local)),
            ));
        }
        attributes.push((local, value));
    }
    Ok(XmlElement {
        name,
        namespace,
        attributes,
        children: Vec::new(),
        text: Cow::Borrowed(""),
        offset,
    })
}

/// `part`, a slice of the reader's input, as text borrowed from `source`
/// itself (the tokenizer's slices are tied to its events, the tree's to the
/// body).
fn borrowed_str<'a>(source: &'a str, part: &[u8], offset: usize) -> Result<&'a str, DocError> {
    crate::range_within(source.as_bytes(), part)
        .and_then(|range| source.get(range))
        .ok_or_else(|| DocError {
            offset,
            message: "the body is not UTF-8".into(),
        })
}

/// Appends `text` escaped for XML character data or an attribute value
/// (either quote): the five markup characters as entities, tab, line feed
/// and carriage return as character references (an attribute keeps them
/// through a reader's normalization), and characters XML 1.0 cannot carry
/// (other controls, U+FFFE, U+FFFF) left out. No input can add an element
/// or an attribute.
///
/// ```
/// let mut out = String::new();
/// signoff_core::doc::escape_xml("a\"/><b c='&\u{1}", &mut out);
/// assert_eq!(out, "a&quot;/&gt;&lt;b c=&apos;&amp;");
/// ```
pub fn escape_xml(text: &str, out: &mut String) {
    // Runs of plain text are copied whole; only the bytes that need it are
    // replaced. Every byte matched is ASCII or the lead byte of U+FFFE /
    // U+FFFF, so each cut falls on a character boundary.
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (replacement, width) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' => ("&#9;", 1),
            b'\n' => ("&#10;", 1),
            b'\r' => ("&#13;", 1),
            b if b < b' ' => ("", 1),
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(text.get(start..i).unwrap_or_default());
        out.push_str(replacement);
        i += width;
        start = i;
    }
    out.push_str(text.get(start..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::escape_xml;

    /// Every element's children take exactly their room, at every level,
    /// and keep their order.
    #[test]
    fn children_hold_no_spare_room() {
        let root = super::read_xml(b"<r><a><b/></a><c/><d><e><f/></e></d></r>").unwrap();
        let mut todo = vec![&root];
        let mut names = Vec::new();
        while let Some(e) = todo.pop() {
            assert_eq!(e.children.capacity(), e.children.len(), "{}", e.name);
            names.push(e.name);
            todo.extend(e.children.iter().rev());
        }
        assert_eq!(names, ["r", "a", "b", "c", "d", "e", "f"]);
    }

    /// The escaping, one character at a time: what the run-copying
    /// `escape_xml` must equal.
    fn escape_by_char(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                '\t' => out.push_str("&#9;"),
                '\n' => out.push_str("&#10;"),
                '\r' => out.push_str("&#13;"),
                c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_copies_runs_as_escaping_by_character_would(text in "(\\PC|[&<>\"'\t\n\r\u{1}\u{FFFE}\u{FFFF}\u{FFFD}\u{EFBF}é]){0,40}") {
            let mut out = String::new();
            escape_xml(&text, &mut out);
            proptest::prop_assert_eq!(out, escape_by_char(&text));
        }
    }

    use super::*;

    #[test]
    fn reads_a_tree() {
        let root = read_xml(
            "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c --><a x=\"1&amp;2\"><b>t&lt;<![CDATA[&]]></b><c/></a >\n<!-- after -->\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.attribute("x"), Some("1&2"));
        assert_eq!(root.child("b").map(|b| &*b.text), Some("t<&"));
        assert_eq!(root.children.len(), 2);
        assert!(root.text_is_blank());
    }

    #[test]
    fn refuses_what_is_not_one_well_formed_document() {
        for bad in [
            &b""[..],
            b"  ",
            b"text",
            b"<a>",
            b"<a></b>",
            b"<a/><b/>",
            b"<a/>x",
            b"x<a/>",
            b"\n<?xml version=\"1.0\"?><a/>",
            b"<!-- c --><?xml version=\"1.0\"?><a/>",
            b"<a><?xml version=\"1.0\"?></a>",
            b"<?xml version=\"2.0\"?><a/>",
            b"<?xml encoding=\"UTF-8\"?><a/>",
            b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>",
            b"<?xml version=\"1.0\" standalone=\"maybe\"?><a/>",
            b"<?xml version=\"1.0\"?><?xml version=\"1.0\"?><a/>",
            b"<!DOCTYPE a><a/>",
            b"<?pi x?><a/>",
            b"<a x=\"1\" x=\"2\"/>",
            b"<a xmlns:p=\"u\" xmlns:q=\"u\" p:x=\"1\" q:x=\"2\"/>",
            b"<p:a/>",
            b"<a p:x=\"1\"/>",
            b"<a>&foo;</a>",
            b"<a>&#0;</a>",
            b"<a x=\"<\"/>",
            b"<1a/>",
            b"<a>\x01</a>",
            b"<a>\xff</a>",
            b"<a><!-- x -- y --></a>",
        ] {
            assert!(read_xml(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        let deep = "<a>".repeat(MAX_XML_DEPTH + 1);
        assert!(read_xml(deep.as_bytes()).is_err());
    }

    proptest::proptest! {
        /// Escaped text read back as an attribute value is the text, with
        /// the characters XML cannot carry left out.
        #[test]
        fn escaping_round_trips(text in "\\PC{0,24}|[<>&\"'\t\n\r\u{1}a]{0,12}") {
            let mut doc = String::from("<a v=\"");
            escape_xml(&text, &mut doc);
            doc.push_str("\">");
            escape_xml(&text, &mut doc);
            doc.push_str("</a>");
            let root = read_xml(doc.as_bytes()).unwrap();
            let kept: String = text.chars().filter(|&c| c >= ' ' || matches!(c, '\t' | '\n' | '\r')).filter(|&c| c != '\u{FFFE}' && c != '\u{FFFF}').collect();
            proptest::prop_assert_eq!(root.attribute("v"), Some(kept.as_str()));
            proptest::prop_assert_eq!(&*root.text, kept.as_str());
            proptest::prop_assert!(root.children.is_empty());
        }
    }

    #[test]
    fn namespaces_resolve() {
        let root = read_xml(b"<p:a xmlns:p=\"urn:x\" xmlns:q=\"urn:y\" p:v=\"1\" q:v=\"2\" v=\"3\"/>").unwrap();
        assert_eq!((root.name, root.namespace.as_deref()), ("a", Some("urn:x")));
        assert_eq!(root.attributes.len(), 3);
        assert!(read_xml(b"<a xmlns=\"urn:x\" xmlns:p=\"urn:x\" p:v=\"1\" v=\"2\"/>").is_ok());
    }

    #[test]
    fn attributes_are_capped_and_checked_in_linear_time() {
        let many = |n: usize| {
            let mut s = String::from("<a");
            for i in 0..n {
                s.push_str(&format!(" a{i}=\"\""));
            }
            s + "/>"
        };
        assert!(read_xml(many(MAX_XML_ATTRIBUTES).as_bytes()).is_ok());
        let e = read_xml(many(120_000).as_bytes()).unwrap_err();
        assert!(e.message.contains("attributes"), "{e:?}");
    }
}
