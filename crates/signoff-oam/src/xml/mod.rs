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

use signoff_core::ByteString;
use signoff_core::strip_bom;

use crate::error::BodyError;
use crate::model::{SessionData, SessionDataRef, SessionResults, SessionResultsRef};

mod encode;
mod plain;
mod quick;
mod read;

pub use encode::encode_xml;
use plain::*;
use quick::*;
use read::*;

/// The root element.
pub const ROOT: &str = "SessionResults";

/// Decodes an XML `SessionResults` body, borrowing every text field that
/// holds no entity or character reference.
///
/// Element names are matched on their local name (a prefix is ignored) and
/// in any order; unknown elements are skipped; `sessionData` is read under
/// `sessions` or directly under the root. Field texts are kept verbatim
/// (XML end-of-line normalization aside); `totalRecords` and
/// `isImpersonating` are trimmed before parsing. This reads records out of
/// a body; whether the body is proof of deletion is the call's `decode`,
/// which judges the document first and refuses, among the rest, an element
/// in a namespace (OAM's elements name none).
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
pub(super) trait Sink<'a> {
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
pub(super) enum Token<'a> {
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
pub(super) trait Source<'a> {
    /// The next token, checked (a token is only returned well-formed).
    fn next(&mut self) -> Result<Token<'a>, BodyError>;
    /// The byte offset in the body as received (BOM counted) of the next
    /// token.
    fn pos(&self) -> usize;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::UserAttribute;
    use proptest::prelude::*;

    pub(super) const PAGE_1: &str = include_str!("../../testdata/page-response-by-session-id.xml");
    pub(super) const PAGE_2: &str = include_str!("../../testdata/page-response-by-user-id.xml");

    fn malformed(body: impl AsRef<[u8]>) -> (usize, String) {
        let body = body.as_ref();
        match decode_xml_borrowed(body) {
            Err(BodyError::Malformed { offset, detail }) => (offset, detail),
            other => panic!("{}: not malformed: {other:?}", String::from_utf8_lossy(body)),
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
    fn a_declaration_stands_first_and_in_xml_1_0_form() {
        for body in [
            "\n<?xml version=\"1.0\"?><SessionResults/>",
            "<!-- c --><?xml version=\"1.0\"?><SessionResults/>",
            "<?xml version=\"1.0\"?><?xml version=\"1.0\"?><SessionResults/>",
            "<SessionResults><?xml version=\"1.0\"?></SessionResults>",
            "<?xml version=\"2.0\"?><SessionResults/>",
            "<?xml encoding=\"UTF-8\"?><SessionResults/>",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><SessionResults/>",
            "<?xml version=\"1.0\" standalone=\"maybe\"?><SessionResults/>",
            "\u{feff}<?xml version=\"1.0\" encoding=\"EBCDIC-US\"?><SessionResults/>",
        ] {
            malformed(body);
        }
        for body in [
            "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?><SessionResults/>",
            "\u{feff}<?xml version='1.0'?>\n<SessionResults/>",
        ] {
            assert!(decode_xml_borrowed(body.as_bytes()).is_ok(), "{body}");
        }
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
        let (at, _) = malformed(b"<SessionResults>\xff</SessionResults>");
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
