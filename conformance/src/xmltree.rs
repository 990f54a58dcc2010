//! Semantic XML comparison: element trees with names, attributes (order
//! ignored) and text, whitespace between elements dropped, the declaration
//! optional.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::Event;

#[derive(Debug, PartialEq, Eq)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
}

#[derive(Debug, PartialEq, Eq)]
enum Node {
    Element(Element),
    Text(String),
}

fn parse(xml: &[u8]) -> Result<Element, String> {
    let xml = signoff_core::strip_bom(xml);
    let mut reader = Reader::from_reader(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML does not parse at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(s) | Event::Empty(s) if root.is_some() => {
                return Err(format!(
                    "content after the root element: <{}>",
                    String::from_utf8_lossy(s.name().as_ref())
                ));
            }
            Event::Start(s) => stack.push(element(&s)?),
            Event::Empty(s) => {
                let e = element(&s)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(e)),
                    None => root = Some(e),
                }
            }
            Event::End(_) => {
                let e = stack.pop().ok_or("unbalanced end tag")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(e)),
                    None => root = Some(e),
                }
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| e.to_string())?;
                push_text(&mut stack, &text);
            }
            Event::CData(c) => push_text(&mut stack, &String::from_utf8_lossy(&c)),
            Event::DocType(_) => return Err("a DOCTYPE is not compared".into()),
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("unclosed element".into());
    }
    let mut root = root.ok_or("no root element")?;
    normalize(&mut root);
    Ok(root)
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(parent) = stack.last_mut() {
        if let Some(Node::Text(prev)) = parent.children.last_mut() {
            prev.push_str(text);
        } else {
            parent.children.push(Node::Text(text.to_owned()));
        }
    }
}

fn normalize(e: &mut Element) {
    let has_elements = e.children.iter().any(|c| matches!(c, Node::Element(_)));
    e.children.retain_mut(|c| match c {
        Node::Text(t) => {
            if has_elements {
                !t.trim().is_empty()
            } else {
                *t = t.trim().to_owned();
                !t.is_empty()
            }
        }
        Node::Element(child) => {
            normalize(child);
            true
        }
    });
}

fn element(s: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
    let name = String::from_utf8_lossy(s.name().as_ref()).into_owned();
    let mut attrs = BTreeMap::new();
    for a in s.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let v = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
        attrs.insert(String::from_utf8_lossy(a.key.as_ref()).into_owned(), v);
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

/// `Ok` when both documents are the same element tree, else the first
/// difference.
pub fn xml_equal(want: &[u8], got: &[u8]) -> Result<(), String> {
    let w = parse(want).map_err(|e| format!("expected XML: {e}"))?;
    let g = parse(got).map_err(|e| format!("produced XML: {e}"))?;
    diff(&w, &g, "")
}

fn diff(w: &Element, g: &Element, at: &str) -> Result<(), String> {
    let here = format!("{at}/{}", w.name);
    if w.name != g.name {
        return Err(format!("{here}: expected element {}, got {}", w.name, g.name));
    }
    if w.attrs != g.attrs {
        return Err(format!("{here}: expected attributes {:?}, got {:?}", w.attrs, g.attrs));
    }
    if w.children.len() != g.children.len() {
        return Err(format!(
            "{here}: expected {} children, got {}",
            w.children.len(),
            g.children.len()
        ));
    }
    for (wc, gc) in w.children.iter().zip(&g.children) {
        match (wc, gc) {
            (Node::Element(a), Node::Element(b)) => diff(a, b, &here)?,
            (Node::Text(a), Node::Text(b)) if a == b => {}
            (a, b) => return Err(format!("{here}: expected {a:?}, got {b:?}")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semantic_xml() {
        let seed =
            b"<Api_LogoffUsersRequest>\n  <sessions val=\"a\"/>\n  <sessions val=\"b\"/>\n</Api_LogoffUsersRequest >";
        let ours = b"<?xml version=\"1.0\"?><Api_LogoffUsersRequest><sessions val=\"a\"/><sessions val=\"b\"></sessions></Api_LogoffUsersRequest>";
        assert!(xml_equal(seed, ours).is_ok());
        assert!(xml_equal(b"<a x='1' y='2'/>", b"<a y=\"2\" x=\"1\"/>").is_ok());
        assert!(xml_equal(b"<a><b> t </b></a>", b"<a><b>t</b></a>").is_ok());
        assert!(xml_equal(b"<a>&amp;</a>", b"<a>&#38;</a>").is_ok());
        assert!(xml_equal(b"<a x='1'/>", b"<a x='2'/>").is_err());
        assert!(xml_equal(b"<a><b/><c/></a>", b"<a><c/><b/></a>").is_err());
        assert!(xml_equal(b"<a/>", b"<a/><b/>").is_err());
    }
}
