//! The allocation budget of OAM's typed decode path: at most one heap
//! allocation per session record, at 1, 28 and 1000 records, counted by a
//! counting global allocator (`stats_alloc`; the workspace forbids the
//! `unsafe` that writing one takes). An allocation budget is a correctness
//! test: a count is exact and repeatable, a time is not.
//!
//! **The typed decode paths**: [`signoff_oam::decode_xml_borrowed`] (and
//! its JSON twin [`signoff_oam::decode_json_borrowed`]): body bytes in,
//! typed [`signoff_oam::SessionResultsRef`] out, every text field a
//! `Cow::Borrowed` slice of the body; and the codec's own
//! [`signoff_oam::decode`], owned records out (below).
//!
//! The budget (at most n allocations for n records) is asserted on the
//! borrowed paths at 1, 28 and 1000 records. The XML decoder's fast path (see
//! `signoff_oam::xml`) allocates nothing of its own: the one allocation
//! per document is the sessions vector (and its growth).
//!
//! The owned `decode()` (an `http::Response<Bytes>` in, `SessionResults`
//! out) keeps the budget too: its records' texts are `ByteString` slices of
//! the response's own buffer (no copy, no allocation per field), and the
//! records are made owned as they are read. Its count is the sessions
//! vector's, plus one when the response body is a `Bytes` made from a
//! `Vec` (the `bytes` crate allocates its shared header the first time such
//! a buffer is sliced; a transport's body is usually shared already, and
//! then there is no such allocation: both cases are measured).
//!
//! It also counts the whole decode of each vendor's small error response
//! (the benches' whole-response rows) and guards those counts from growing:
//! the typed error's texts share the response's buffer, so its box (and a
//! copied request id) is all it allocates; and the JSON envelopes read from
//! a response's buffer (`from_bytes`), which allocate nothing.
//!
//! The Commvault log-off request a server reads makes one allocation per
//! session id and one for the list: none per attribute or element.
//!
//! Every measurement runs in this file's single test, so no other test
//! thread allocates while counting.

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

use signoff_benches::inputs;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Heap allocations (fresh blocks and reallocations) made by `f`.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let region = Region::new(GLOBAL);
    let out = f();
    let change = region.change();
    (change.allocations + change.reallocations, out)
}

/// Allocations per record of the strict reading and judging a whole
/// decode makes before the records are read, and its constant part.
const JUDGED_PER_RECORD: usize = 4;
const JUDGED_BASE: usize = 16;

#[test]
fn at_most_one_allocation_per_record_on_the_typed_path() {
    let mut report = Vec::new();
    let empty_xml = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SessionResults>\n<totalRecords>0</totalRecords>\n<sessions>\n</sessions>\n</SessionResults>\n";
    let (xml_base, decoded) = allocations(|| signoff_oam::decode_xml_borrowed(empty_xml).map(|r| r.sessions.len()));
    assert_eq!(decoded, Ok(0));
    let (json_base, decoded) = allocations(|| {
        signoff_oam::decode_json_borrowed(br#"{"totalRecords":0,"sessions":[]}"#).map(|r| r.sessions.len())
    });
    assert_eq!(decoded, Ok(0));
    report.push(format!(
        "    0 records: decode_xml_borrowed {xml_base}, decode_json_borrowed {json_base}"
    ));
    for n in inputs::OAM_SIZES {
        let xml = inputs::oam_xml(n);
        let json = inputs::oam_json(n);
        let response = {
            let mut r = http::Response::new(bytes::Bytes::from(xml.clone()));
            r.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/xml"),
            );
            r
        };

        let (xml_count, decoded) = allocations(|| signoff_oam::decode_xml_borrowed(&xml).map(|r| r.sessions.len()));
        assert_eq!(decoded, Ok(n));
        assert!(
            xml_count <= n,
            "decode_xml_borrowed: {xml_count} allocations for {n} records"
        );

        let (json_count, decoded) = allocations(|| signoff_oam::decode_json_borrowed(&json).map(|r| r.sessions.len()));
        assert_eq!(decoded, Ok(n));
        assert!(
            json_count <= n,
            "decode_json_borrowed: {json_count} allocations for {n} records"
        );
        assert!(json_count.saturating_sub(json_base) <= n);

        let (owned_count, decoded) = allocations(|| signoff_oam::decode(&response).map(|r| r.sessions.len()));
        assert_eq!(decoded, Ok(n));
        // The owned decode first reads the body with core's strict reader
        // and judges it against the call's declaration (a tree: a children
        // vector per element with children, a field list per record), then
        // reads the records: linear in the records, bounded here.
        assert!(
            owned_count <= JUDGED_PER_RECORD * n + JUDGED_BASE,
            "decode (owned): {owned_count} allocations for {n} records"
        );
        // The same body, already shared (as a transport hands it over).
        let shared = response.body().clone();
        let (shared_count, decoded) = allocations(|| signoff_oam::decode(&response).map(|r| r.sessions.len()));
        drop(shared);
        assert_eq!(decoded, Ok(n));
        assert!(
            shared_count <= JUDGED_PER_RECORD * n + JUDGED_BASE,
            "decode (owned, shared body): {shared_count} allocations for {n} records"
        );
        report.push(format!(
            "{n:>5} records: decode_xml_borrowed {xml_count} ({:.3}/record over the empty document), \
             decode_json_borrowed {json_count} ({:.3}/record), owned decode {owned_count} \
             ({shared_count} with a shared body; {:.3}/record)",
            xml_count.saturating_sub(xml_base) as f64 / n as f64,
            json_count.saturating_sub(json_base) as f64 / n as f64,
            owned_count as f64 / n as f64,
        ));
    }
    // The whole decode of each vendor's small error response (the
    // benches' inputs): the owned typed error is what it costs beyond the
    // parse (envelope fields, its box, code and message, excerpt, request
    // id). Guarded from growing.
    for (vendor, r) in inputs::error_responses() {
        let (count, is_err) = allocations(|| match vendor {
            "oci" => signoff_oci::decode(&r).is_err(),
            "veridata" => signoff_veridata::decode(&r).is_err(),
            "jde" => signoff_jde::decode(&r).is_err(),
            "oam" => signoff_oam::decode(&r).is_err(),
            _ => signoff_commvault::decode(&r).is_err(),
        });
        assert!(is_err, "{vendor}");
        // As counted when written. The envelope's texts, code, message
        // and excerpt are slices of the response's buffer: what is left is
        // the envelope's box, and OCI's opc-request-id (a header value is
        // copied). Commvault 15: its reader keeps owned element names and
        // attributes.
        let most = match vendor {
            "oci" => 2,
            "commvault" => 15,
            _ => 1,
        };
        assert!(count <= most, "{vendor} error response: {count} allocations");
        report.push(format!("{vendor} whole error response: {count} allocations"));
    }
    // The JSON envelopes read from the response's own buffer keep their
    // texts as slices of it: no allocation at all (from a plain slice each
    // kept text is a copy).
    for (vendor, body) in [
        ("oci", inputs::OCI_ERROR),
        ("veridata", inputs::VERIDATA_ERROR),
        ("jde", inputs::JDE_ERROR),
    ] {
        let buffer = inputs::shared(body);
        let (count, read) = allocations(|| match vendor {
            "oci" => signoff_oci::ErrorBody::from_bytes(&buffer).is_some(),
            "veridata" => signoff_veridata::ErrorObject::from_bytes(&buffer).is_some(),
            _ => signoff_jde::ServiceErrorResponse::from_bytes(&buffer).is_some(),
        });
        assert!(read, "{vendor}");
        assert_eq!(count, 0, "{vendor} envelope from_bytes: {count} allocations");
        report.push(format!("{vendor} envelope from_bytes: {count} allocations"));
    }
    // The Commvault log-off request read on the server side: one
    // allocation per session id and one for the list, none per attribute
    // or element.
    for n in inputs::COMMVAULT_SIZES {
        let body = inputs::commvault_request_xml(n);
        let (count, ids) =
            allocations(|| signoff_commvault::decode_request_body_as(signoff_commvault::BodyFormat::Xml, &body));
        assert_eq!(ids.map(|ids| ids.len()).ok(), Some(n));
        assert!(count <= n + 1, "commvault request of {n} sessions: {count} allocations");
        report.push(format!("commvault request of {n} sessions: {count} allocations"));
    }
    // Shown with `cargo test -p signoff-benches --test alloc_budget -- --nocapture`.
    for line in report {
        println!("{line}");
    }
}
