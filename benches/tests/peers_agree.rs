//! Every peer extracts the same fields as signoff from the bench inputs, so
//! each criterion group measures the same work.

use signoff_benches::inputs;
use signoff_benches::peers::{self, Record};

#[test]
fn the_xml_peers_read_what_signoff_reads() {
    for n in inputs::OAM_SIZES {
        let body = inputs::oam_xml(n);
        let ours = signoff_oam::decode_xml_borrowed(&body).unwrap();
        let ours_records: Vec<Record<'_>> = ours.sessions.iter().map(Record::of_ours).collect();
        assert_eq!(ours_records.len(), n);
        assert_eq!(ours.total_records, Some(n as u64));

        let de = peers::oam_quick_xml_de(&body).unwrap();
        assert_eq!(de.total_records, ours.total_records);
        let de_records: Vec<Record<'_>> = de.sessions.session_data.iter().map(|r| r.record()).collect();
        assert_eq!(de_records, ours_records);

        let doc = roxmltree::Document::parse(std::str::from_utf8(&body).unwrap()).unwrap();
        let (total, rox) = peers::oam_roxmltree(&doc).unwrap();
        assert_eq!(total, ours.total_records);
        assert_eq!(rox, ours_records);
        assert_eq!(peers::oam_roxmltree_count(&body), Some(n));

        // declaration, root, totalRecords, sessions, 9 fields per record,
        // and the whitespace between them: the tokenizer sees them all.
        assert!(peers::tokenize(&body).unwrap() > n * 9 * 3);
    }
}

#[test]
fn the_json_peers_read_what_signoff_reads() {
    for n in inputs::OAM_SIZES {
        let body = inputs::oam_json(n);
        let ours = signoff_oam::decode_json_borrowed(&body).unwrap();
        let ours_records: Vec<Record<'_>> = ours.sessions.iter().map(Record::of_ours).collect();
        let borrowed: peers::JsonResultsRef<'_> = serde_json::from_slice(&body).unwrap();
        assert_eq!(borrowed.total_records, ours.total_records);
        let records: Vec<Record<'_>> = borrowed.sessions.iter().map(|r| r.record()).collect();
        assert_eq!(records, ours_records);
        let owned: peers::JsonResults = serde_json::from_slice(&body).unwrap();
        let records: Vec<Record<'_>> = owned.sessions.iter().map(|r| r.record()).collect();
        assert_eq!(records, ours_records);
    }
}

#[test]
fn the_envelope_peers_read_what_signoff_reads() {
    let oci = signoff_oci::ErrorBody::from_body(inputs::OCI_ERROR).unwrap();
    let peer: peers::OciRef<'_> = serde_json::from_slice(inputs::OCI_ERROR).unwrap();
    assert_eq!(oci.code.as_deref(), peer.code.as_deref());
    assert_eq!(oci.message.as_deref(), peer.message.as_deref());

    let v = signoff_veridata::ErrorObject::from_body(inputs::VERIDATA_ERROR).unwrap();
    let peer: peers::VeridataRef<'_> = serde_json::from_slice(inputs::VERIDATA_ERROR).unwrap();
    assert_eq!(v.err_code.as_deref(), peer.err_code.as_deref());
    assert_eq!(v.err_msg.as_deref(), peer.err_msg.as_deref());

    let j = signoff_jde::ServiceErrorResponse::from_body(inputs::JDE_ERROR).unwrap();
    let peer: peers::JdeOwned = serde_json::from_slice(inputs::JDE_ERROR).unwrap();
    assert_eq!(j.message.as_deref(), peer.message.as_deref());
    assert_eq!(j.error_text.as_deref(), peer.error_text.as_deref());
    assert_eq!(j.exception_id.as_deref(), peer.exception_id.as_deref());
    assert_eq!(j.r#type.as_deref(), peer.r#type.as_deref());
}

#[test]
fn the_commvault_error_peer_reads_what_signoff_reads() {
    let peer = peers::commvault_error_quick_xml_de(inputs::COMMVAULT_ERROR).unwrap();
    let r = inputs::response(401, "application/xml", inputs::COMMVAULT_ERROR);
    let Err(signoff_core::Error::Api(e)) = signoff_commvault::decode(&r) else {
        panic!("not an api error");
    };
    assert_eq!(e.code.as_deref(), peer.error_code.as_deref());
    assert_eq!(e.message.as_deref(), peer.error_message.as_deref());
}

#[test]
fn every_error_response_is_an_api_error() {
    use signoff_core::Error::Api;
    for (vendor, r) in inputs::error_responses() {
        let api = match vendor {
            "oci" => matches!(signoff_oci::decode(&r), Err(Api(e)) if e.code.is_some()),
            "veridata" => matches!(signoff_veridata::decode(&r), Err(Api(e)) if e.code.is_some()),
            "jde" => matches!(signoff_jde::decode(&r), Err(Api(e)) if e.message.is_some()),
            "oam" => matches!(signoff_oam::decode(&r), Err(Api(e)) if e.code.is_some()),
            _ => matches!(signoff_commvault::decode(&r), Err(Api(e)) if e.code.is_some()),
        };
        assert!(api, "{vendor}");
    }
}

#[test]
fn the_commvault_peers_read_what_signoff_reads() {
    for n in inputs::COMMVAULT_SIZES {
        let ids = inputs::commvault_ids(n);
        let body = inputs::commvault_request_xml(n);
        let ours = signoff_commvault::decode_request_body_as(signoff_commvault::BodyFormat::Xml, &body).unwrap();
        assert_eq!(ours, ids);
        assert_eq!(peers::commvault_quick_xml_de(&body).unwrap(), ids);
        assert_eq!(peers::commvault_roxmltree(&body).unwrap(), ids);
        assert_eq!(peers::commvault_quick_xml_se(&ids).unwrap().as_bytes(), &body[..]);
    }
}

#[test]
fn the_bare_signature_is_the_requests_signature() {
    use base64::Engine as _;
    let signer = inputs::oci_signer().unwrap();
    let logout = signoff_oci::Logout::builder()
        .endpoint(inputs::OCI_ENDPOINT)
        .signer(signer)
        .date(inputs::OCI_DATE)
        .build()
        .unwrap();
    let pair = ring::signature::RsaKeyPair::from_der(&inputs::oci_key_der()).unwrap();
    let bare = peers::rsa_sign(&pair, logout.signing_string().as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD.encode(bare);
    let request = logout.to_request();
    let auth = request.headers()["authorization"].to_str().unwrap();
    assert!(auth.contains(&format!("signature=\"{b64}\"")), "{auth}");
}

/// The worst-shape bodies are what their names say: about the size asked,
/// and never a success.
#[test]
fn worst_shapes_are_sized_and_never_success() {
    for size in signoff_benches::inputs::WORST_SIZES {
        let xml = signoff_benches::inputs::worst_xml(size)
            .into_iter()
            .map(|(n, b)| (n, "application/xml", b));
        let json = signoff_benches::inputs::worst_json(size)
            .into_iter()
            .map(|(n, b)| (n, "application/json", b));
        for (name, content_type, body) in xml.chain(json) {
            assert!(
                body.len() <= size && body.len() > size * 9 / 10,
                "{name}: {}",
                body.len()
            );
            let response = signoff_benches::inputs::response(200, content_type, &body);
            assert!(signoff_oam::decode(&response).is_err(), "{name} decoded as a success");
        }
        for (content_type, body) in [
            ("application/xml", signoff_benches::inputs::oam_xml_of_size(size)),
            ("application/json", signoff_benches::inputs::oam_json_of_size(size)),
        ] {
            assert!(
                body.len() <= size && body.len() > size * 9 / 10,
                "plain: {}",
                body.len()
            );
            let response = signoff_benches::inputs::response(200, content_type, &body);
            assert!(signoff_oam::decode(&response).is_ok(), "the plain page is a success");
        }
    }
}

/// sonic-rs reads the same borrowed structs to the same values as
/// serde_json, on every input it is measured on.
#[test]
fn sonic_rs_reads_what_serde_json_reads() {
    for n in inputs::OAM_SIZES {
        let body = inputs::oam_json(n);
        let serde: peers::JsonResultsRef<'_> = serde_json::from_slice(&body).unwrap();
        let sonic: peers::JsonResultsRef<'_> = sonic_rs::from_slice(&body).unwrap();
        assert_eq!(sonic.total_records, serde.total_records);
        let a: Vec<Record<'_>> = serde.sessions.iter().map(|r| r.record()).collect();
        let b: Vec<Record<'_>> = sonic.sessions.iter().map(|r| r.record()).collect();
        assert_eq!(a, b);
    }
    let oci: peers::OciRef<'_> = sonic_rs::from_slice(inputs::OCI_ERROR).unwrap();
    let serde: peers::OciRef<'_> = serde_json::from_slice(inputs::OCI_ERROR).unwrap();
    assert_eq!((oci.code, oci.message), (serde.code, serde.message));
    let v: peers::VeridataRef<'_> = sonic_rs::from_slice(inputs::VERIDATA_ERROR).unwrap();
    let serde: peers::VeridataRef<'_> = serde_json::from_slice(inputs::VERIDATA_ERROR).unwrap();
    assert_eq!((v.err_code, v.err_msg), (serde.err_code, serde.err_msg));
    let j: peers::JdeRef<'_> = sonic_rs::from_slice(inputs::JDE_ERROR).unwrap();
    assert!(format!("{j:?}").contains("Token is invalid"));
}

/// xmlparser sees every token quick-xml does on the OAM pages (at least
/// as many: it splits attributes out).
#[test]
fn xmlparser_tokenizes_the_whole_page() {
    for n in inputs::OAM_SIZES {
        let body = inputs::oam_xml(n);
        let x = peers::xmlparser_tokenize(&body).unwrap();
        assert!(x >= peers::tokenize(&body).unwrap(), "{n}");
    }
}

/// Every case runs once, and the instruction counter finds its group:
/// both harnesses measure work that completes.
#[test]
fn every_case_runs() {
    for (_, groups) in signoff_benches::cases::all() {
        for g in groups {
            let built = signoff_benches::cases::builder_of(&g.name)
                .map(|b| b())
                .unwrap_or_default();
            assert!(built.iter().any(|b| b.name == g.name), "{} has no builder", g.name);
            if g.name.starts_with("worst_") {
                continue;
            }
            for (_, run) in &g.cases {
                run();
            }
        }
    }
}
