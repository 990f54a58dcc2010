//! The adversarial oracle over the whole registry: for every vendor and
//! call, bodies generated from the call's own success declaration and then
//! broken the ways an attacker or a broken proxy breaks them (wrapped in an
//! array, members given twice, an error member tucked inside, junk appended,
//! cut short, a number re-spelled, text or a comment inside the root, the
//! declaration moved), crossed with statuses, content types and encodings.
//!
//! The oracle: `success` only when the status is a declared success status,
//! the body is not encoded, its `Content-Type` is one and not foreign, and a
//! strict reference reading accepts it: core's strict reader judged by the
//! declaration, and an independent reader (serde_json for JSON, with
//! duplicate names refused; roxmltree for XML) that parses it too.

use bytes::Bytes;
use proptest::prelude::*;
use signoff::core::doc::{Document, Documents, JsonType, Occurs, Others, XmlDecl, read_json, read_xml};
use signoff::{DecodeOptions, Outcome, codecs};

/// A JSON text the type accepts.
fn sample_json(ty: &JsonType) -> String {
    match ty {
        JsonType::Any => "{}".into(),
        JsonType::String(values) | JsonType::Text(values) => {
            serde_json::to_string(values.first().copied().unwrap_or("x")).unwrap_or_default()
        }
        JsonType::Bool => "true".into(),
        JsonType::ArrayOf(item) => format!("[{}]", sample_json(item)),
        JsonType::Object(decl) => {
            let members: Vec<String> = decl
                .members
                .iter()
                .filter(|m| m.required)
                .map(|m| {
                    format!(
                        "{}:{}",
                        serde_json::to_string(m.name).unwrap_or_default(),
                        sample_json(&m.ty)
                    )
                })
                .collect();
            format!("{{{}}}", members.join(","))
        }
        _ => "null".into(),
    }
}

/// An XML text the declaration accepts.
fn sample_xml(decl: &XmlDecl) -> String {
    let mut out = format!("<{}", decl.name);
    for a in decl.attributes.iter().filter(|a| a.required) {
        out.push_str(&format!(" {}=\"{}\"", a.name, a.values.first().copied().unwrap_or("x")));
    }
    out.push('>');
    for c in decl.children {
        if matches!(c.occurs, Occurs::One) {
            out.push_str(&sample_xml(c.decl));
        }
    }
    out.push_str(&format!("</{}>", decl.name));
    out
}

/// A name the declaration refuses inside its document, when it names one.
fn refused_name(docs: &Documents) -> &'static str {
    let from = |o: Others| match o {
        Others::TolerateExcept(names) => names.first().copied(),
        _ => None,
    };
    docs.json
        .as_ref()
        .and_then(|t| match t {
            JsonType::Object(o) => from(o.others),
            _ => None,
        })
        .or_else(|| {
            docs.xml
                .as_ref()
                .and_then(|x| from(x.other_children).or(from(x.other_attributes)))
        })
        .unwrap_or("errorCode")
}

/// The seeds of one call: its valid documents, as texts.
fn seeds(docs: &Documents) -> Vec<String> {
    let mut out = vec![String::new()];
    if let Some(t) = &docs.json {
        out.push(sample_json(t));
    }
    if let Some(x) = &docs.xml {
        out.push(sample_xml(x));
    }
    out.extend(docs.text.iter().map(|t| (*t).to_owned()));
    out
}

/// Breaks a document one way.
fn mutate(doc: &str, how: u8, refused: &str) -> String {
    let json_object = doc.trim_start().starts_with('{');
    let xml = doc.trim_start().starts_with('<');
    match how % 24 {
        0 => doc.to_owned(),
        1 => format!("[{doc}]"),
        2 => format!("{doc}{doc}"),
        3 => format!("{doc} x"),
        4 => doc.get(..doc.len() / 2).unwrap_or_default().to_owned(),
        5 if json_object => doc
            .replacen('{', &format!("{{\"{refused}\":\"1\","), 1)
            .replace(",}", "}"),
        5 if xml => doc.replacen('>', &format!("><{refused}>1</{refused}>"), 1),
        6 if json_object => {
            // Every member given twice.
            let inner = doc.trim().trim_start_matches('{').trim_end_matches('}');
            if inner.is_empty() {
                "{\"a\":1,\"a\":1}".into()
            } else {
                format!("{{{inner},{inner}}}")
            }
        }
        6 if xml => doc.replacen('>', " a=\"1\" a=\"2\">", 1),
        7 if xml => doc.replacen('>', ">Success", 1),
        8 if xml => format!("\n<?xml version=\"1.0\"?>{doc}"),
        9 if xml => doc.replacen('>', "><?xml version=\"1.0\"?>", 1),
        10 => format!("<!-- {doc} -->"),
        11 => format!("<html><body>{doc}</body></html>"),
        12 if json_object => doc
            .replacen('{', &format!("{{\"d\":{{\"{refused}\":1}},"), 1)
            .replace(",}", "}"),
        13 => doc
            .replace("\"0\"", "\"-0\"")
            .replace(":0", ":-0")
            .replace("=\"0\"", "=\"-0\""),
        14 => format!("<Wrapper>{doc}</Wrapper>"),
        15 => format!("{{\"data\":{}}}", if doc.is_empty() { "null" } else { doc }),
        16 if xml => doc.replacen('>', " xmlns:p=\"u\" xmlns:q=\"u\" p:x=\"1\" q:x=\"2\">", 1),
        17 => format!("\"{}\"", doc.replace('"', "\\\"")),
        18 => format!("not {doc}"),
        19 => format!("{doc} failed"),
        20 if xml => doc.replacen('>', &format!(" {refused}=\"1\">"), 1),
        21 => doc.replace('"', "'"),
        22 => format!("\u{feff}{doc}"),
        23 => format!("<!DOCTYPE x>{doc}"),
        _ => doc.to_owned(),
    }
}

/// What the reference reading says of a body a decoder called success.
fn reference_accepts(docs: &Documents, body: &str) -> bool {
    let trimmed = body
        .trim_start_matches('\u{feff}')
        .trim_matches([' ', '\t', '\r', '\n']);
    if trimmed.is_empty() {
        return docs.empty;
    }
    let json = read_json(body.as_bytes()).ok().is_some_and(|v| {
        docs.accepts(&Document::Json(v)).is_ok() && signoff::core::parse_json_value(body.as_bytes()).is_ok()
    });
    let xml = read_xml(body.as_bytes())
        .ok()
        .is_some_and(|e| docs.accepts(&Document::Xml(e)).is_ok() && roxmltree::Document::parse(trimmed).is_ok());
    let text = docs.accepts(&Document::Text(trimmed)).is_ok();
    json || xml || text
}

const CONTENT_TYPES: [Option<&str>; 10] = [
    None,
    Some("application/json"),
    Some("application/xml"),
    Some("text/plain"),
    Some("text/html"),
    Some("image/png"),
    Some("application/json; charset=utf-8"),
    Some("text/xml"),
    Some("text/plain; charset=UTF-16"),
    Some("application/xml;charset=\"utf-16\""),
];

const STATUSES: [u16; 10] = [200, 201, 202, 204, 206, 299, 401, 404, 444, 500];

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn success_only_when_the_declaration_accepts(
        vendor in 0usize..16,
        call in 0usize..8,
        seed in 0usize..8,
        hows in proptest::collection::vec(0u8..24, 0..3),
        status in 0usize..STATUSES.len(),
        ct in 0usize..CONTENT_TYPES.len(),
        second_ct in proptest::bool::weighted(0.05),
        encoded in proptest::bool::weighted(0.05),
    ) {
        let codecs = codecs();
        let codec = codecs[vendor % codecs.len()];
        let calls = codec.calls();
        let call = calls[call % calls.len()];
        let Some(declaration) = codec.declaration(call) else {
            return Err(TestCaseError::fail(format!("{} {call} declares nothing", codec.vendor())));
        };
        let seeds = seeds(&declaration.success);
        let mut body = seeds[seed % seeds.len()].clone();
        let refused = refused_name(&declaration.success);
        for how in &hows {
            body = mutate(&body, *how, refused);
        }
        let status = STATUSES[status];
        let mut builder = http::Response::builder().status(status);
        if let Some(ct) = CONTENT_TYPES[ct] {
            builder = builder.header("content-type", ct);
        }
        if second_ct {
            builder = builder.header("content-type", "text/html");
        }
        if encoded {
            builder = builder.header("content-encoding", "gzip");
        }
        let response = builder.body(Bytes::from(body.clone())).unwrap();
        let report = codec.decode(call, &response, &DecodeOptions::default()).unwrap();
        if report.outcome == Outcome::Success {
            let declared_ct = CONTENT_TYPES[ct].unwrap_or("");
            prop_assert!(declaration.success_statuses.contains(&status), "{} {call}: success on {status}: {body:?}", codec.vendor());
            prop_assert!(!encoded && !second_ct, "{} {call}: success with encoding/two types: {body:?}", codec.vendor());
            prop_assert!(!declared_ct.starts_with("text/html") && !declared_ct.starts_with("image/"), "{} {call}: success under {declared_ct}: {body:?}", codec.vendor());
            prop_assert!(body.is_empty() || !declared_ct.to_ascii_lowercase().contains("utf-16"), "{} {call}: success in UTF-16: {body:?}", codec.vendor());
            prop_assert!(reference_accepts(&declaration.success, &body), "{} {call}: success the reference refuses: {body:?} ({declared_ct}, {status})", codec.vendor());
        }
    }
}

/// Every call's own sample documents decode as success on its first
/// success status: the generator above starts from real successes.
#[test]
fn the_samples_are_successes() {
    for codec in codecs() {
        for call in codec.calls() {
            let declaration = codec.declaration(call).unwrap();
            let status = declaration.success_statuses[0];
            for body in seeds(&declaration.success) {
                if reference_accepts(&declaration.success, &body) {
                    let response = http::Response::builder()
                        .status(status)
                        .body(Bytes::from(body.clone()))
                        .unwrap();
                    let report = codec.decode(call, &response, &DecodeOptions::default()).unwrap();
                    assert_eq!(
                        report.outcome,
                        Outcome::Success,
                        "{} {call}: {body:?}: {report:?}",
                        codec.vendor()
                    );
                }
            }
        }
    }
}
