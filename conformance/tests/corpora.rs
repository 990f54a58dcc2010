//! Outside corpora against every decoder: JSONTestSuite's parsing
//! files and a not-well-formed XML set, fed as the body of every documented
//! status of every call. Every input gets a typed outcome (a report that
//! serializes), never a panic; a malformed document on a success status is
//! never `success`.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests read corpus files"
)]

use std::path::Path;

use bytes::Bytes;
use serde_json::Value;
use signoff::{DecodeOptions, Outcome};

/// Each vendor call and the statuses its page documents, from the
/// registry's declarations.
fn documented() -> Vec<(&'static str, &'static str, &'static [u16])> {
    signoff::codecs()
        .iter()
        .flat_map(|codec| {
            codec.calls().into_iter().map(move |call| {
                let statuses = codec.declaration(call).map(|d| d.documented_statuses).unwrap_or(&[]);
                (codec.vendor(), call, statuses)
            })
        })
        .collect()
}

/// Calls whose documented success is an empty body: for them a blank body
/// is success whatever the Content-Type says, so JSONTestSuite's three
/// blank `n_` files (no data, one space, a lone BOM) are exempt there.
fn empty_success(vendor: &str, call: &str) -> bool {
    signoff::codec(vendor)
        .and_then(|c| c.declaration(call))
        .is_some_and(|d| d.success.empty)
}

fn decode(vendor: &str, call: &str, status: u16, content_type: &str, body: &[u8]) -> Value {
    let codec = signoff::codec(vendor).unwrap();
    let response = http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(Bytes::copy_from_slice(body))
        .unwrap();
    let report = codec.decode(call, &response, &DecodeOptions::default()).unwrap();
    let value = report.to_value();
    assert_eq!(value["status"], status);
    match report.outcome {
        Outcome::Success => assert!(value.get("success").is_some()),
        Outcome::ApiError => assert!(value["error"]["kind"].is_string()),
        Outcome::Unexpected => assert!(value["unexpected"]["reason"].is_string()),
        _ => unreachable!(),
    }
    value
}

fn is_blank(body: &[u8]) -> bool {
    signoff::core::is_blank(body)
}

#[test]
fn jsontestsuite_never_panics_and_n_files_are_never_success() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/jsontestsuite/test_parsing");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() > 300, "the corpus is missing: {}", dir.display());
    let mut wrong = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let body = std::fs::read(path).unwrap();
        for (vendor, call, statuses) in documented() {
            for &status in statuses {
                let report = decode(vendor, call, status, "application/json", &body);
                let exempt = is_blank(&body) && empty_success(vendor, call);
                if name.starts_with("n_") && (200..300).contains(&status) && report["outcome"] == "success" && !exempt {
                    wrong.push(format!("{vendor} {call} {status} {name}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "n_ files decoded as success:\n{}", wrong.join("\n"));
}

/// Not-well-formed XML: unclosed tags, mismatched names, bad characters,
/// duplicate attributes, stray `&`, DOCTYPEs. Each is built on the vendor's
/// own success document so that only the flaw stands between it and success.
fn broken_xml(root: &str) -> Vec<(String, Vec<u8>)> {
    let mut set: Vec<(String, Vec<u8>)> = vec![
        ("unclosed root".into(), format!("<{root}>").into_bytes()),
        (
            "unclosed child".into(),
            format!("<{root}><sessions></{root}>").into_bytes(),
        ),
        ("mismatched end".into(), format!("<{root}></{root}X>").into_bytes()),
        (
            "mismatched nesting".into(),
            format!("<{root}><a><b></a></b></{root}>").into_bytes(),
        ),
        ("bad name char".into(), format!("<{root}><1a/></{root}>").into_bytes()),
        (
            "duplicate attribute".into(),
            format!("<{root} a=\"1\" a=\"2\"/>").into_bytes(),
        ),
        ("stray ampersand".into(), format!("<{root}>a & b</{root}>").into_bytes()),
        (
            "stray ampersand in attribute".into(),
            format!("<{root} a=\"&\"/>").into_bytes(),
        ),
        (
            "unknown entity".into(),
            format!("<{root}>&bogus;</{root}>").into_bytes(),
        ),
        ("unquoted attribute".into(), format!("<{root} a=1/>").into_bytes()),
        ("lt in attribute".into(), format!("<{root} a=\"<\"/>").into_bytes()),
        ("two roots".into(), format!("<{root}/><{root}/>").into_bytes()),
        ("text before root".into(), format!("junk<{root}/>").into_bytes()),
        ("nul byte".into(), format!("<{root}>\u{0}</{root}>").into_bytes()),
        (
            "invalid utf-8".into(),
            [
                format!("<{root}>").as_bytes(),
                b"\xff\xfe",
                format!("</{root}>").as_bytes(),
            ]
            .concat(),
        ),
        ("truncated declaration".into(), b"<?xml version=\"1.0\"".to_vec()),
        (
            "bad char reference".into(),
            format!("<{root}>&#xFFFFFFFF;</{root}>").into_bytes(),
        ),
        (
            "unterminated comment".into(),
            format!("<{root}><!-- </{root}>").into_bytes(),
        ),
        (
            "unterminated cdata".into(),
            format!("<{root}><![CDATA[ </{root}>").into_bytes(),
        ),
    ];
    let laughs = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE {root} [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><{root}>&c;</{root}>"
    );
    set.push(("billion laughs".into(), laughs.into_bytes()));
    set.push((
        "external entity".into(),
        format!("<!DOCTYPE {root} [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><{root}>&x;</{root}>").into_bytes(),
    ));
    set.push((
        "deep nesting".into(),
        format!("<{root}>{}{}</{root}>", "<a>".repeat(10_000), "</a>".repeat(10_000)).into_bytes(),
    ));
    set
}

#[test]
fn not_well_formed_xml_is_never_success() {
    let cases: &[(&str, &str, &str)] = &[
        ("commvault", "logout", "Api_LogoffUsersResponse"),
        ("oam", "logout", "SessionResults"),
        ("jde", "logout", "status"),
        ("oci", "logout", "Error"),
        ("veridata", "logout", "response"),
    ];
    let mut wrong = Vec::new();
    for (vendor, call, root) in cases {
        for (what, body) in broken_xml(root) {
            for ct in ["application/xml", "text/xml; charset=utf-8"] {
                for status in [200, 404, 500] {
                    let report = decode(vendor, call, status, ct, &body);
                    if report["outcome"] == "success" {
                        wrong.push(format!("{vendor} {status} {ct}: {what}"));
                    }
                    if status >= 400 {
                        assert_eq!(report["outcome"], "api_error", "{vendor} {status} {what}");
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "broken XML decoded as success:\n{}", wrong.join("\n"));
}

#[test]
fn commvault_request_body_decoder_refuses_broken_xml() {
    for (what, body) in broken_xml("Api_LogoffUsersRequest") {
        assert!(
            signoff::commvault::decode_request_body("application/xml", &body).is_err(),
            "accepted: {what}"
        );
    }
}

#[test]
fn deep_json_nesting_is_a_typed_outcome() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    for (vendor, call, statuses) in documented() {
        for &status in statuses {
            for body in [&deep, &deep_obj] {
                let report = decode(vendor, call, status, "application/json", body.as_bytes());
                if (200..300).contains(&status) {
                    assert_ne!(report["outcome"], "success", "{vendor} {call} {status}");
                }
            }
        }
    }
}
