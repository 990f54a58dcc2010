//! Writes the seed corpora: every conformance case under
//! `conformance/cases/` becomes one input of the fuzz target that reads its
//! kind of data, in that target's byte layout, as
//! `fuzz/corpus/<target>/seed-<case id>`.
//!
//! Run by `cargo xtask fuzz` before fuzzing:
//! `cargo run --manifest-path fuzz/Cargo.toml --features seed --example seed`.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "a tool that writes files"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use signoff_commvault::BodyFormat;
use signoff_conformance::{Case, CaseKind, load_dir};
use signoff_core::{Accept, opens_json_object};
use signoff_fuzz::{Fields, encode_response};

fn main() -> ExitCode {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = fuzz.parent().unwrap_or(Path::new(".."));
    let cases = match load_dir(&root.join("conformance/cases")) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("seed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut written: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut write = |target: &'static str, name: &str, bytes: Vec<u8>| {
        let dir = fuzz.join("corpus").join(target);
        let path = dir.join(format!("seed-{name}"));
        match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, bytes)) {
            Ok(()) => *written.entry(target).or_default() += 1,
            Err(e) => eprintln!("seed: cannot write {}: {e}", path.display()),
        }
    };
    for loaded in &cases {
        let Ok(case) = &loaded.case else { continue };
        match case.kind {
            CaseKind::Response => {
                if let Some((target, bytes)) = response_seed(&loaded.path, case) {
                    write(target, &case.id, bytes);
                }
                if let Some(body) = response_body(&loaded.path, case) {
                    if case.vendor == "oam" {
                        write("oam_xml_paths", &case.id, body.clone());
                    }
                    if opens_json_object(&body) {
                        write("json_flat_scan", &case.id, body);
                    }
                }
            }
            CaseKind::Request => {
                let Some(params) = &case.params else { continue };
                if let Some((target, bytes)) = request_seed(case, params) {
                    write(target, &case.id, bytes);
                }
                if case.vendor == "commvault"
                    && let Some(bytes) = commvault_body_seed(params)
                {
                    write("commvault_request_body", &case.id, bytes);
                }
            }
        }
    }
    if let Ok(sample) = std::fs::read(root.join("conformance/cases/commvault/sample-request.body.xml")) {
        let mut bytes = vec![15];
        bytes.extend_from_slice(b"application/xml");
        bytes.extend_from_slice(&sample);
        write("commvault_request_body", "sample-request", bytes);
    }
    for (target, n) in &written {
        println!("seed: {n:4} inputs in fuzz/corpus/{target}/");
    }
    ExitCode::SUCCESS
}

/// A response case's body, inline or from its file.
fn response_body(path: &Path, case: &Case) -> Option<Vec<u8>> {
    let spec = case.response.as_ref()?;
    Some(match (&spec.body, &spec.body_file) {
        (Some(b), _) => b.clone().into_bytes(),
        (None, Some(file)) => std::fs::read(
            path.parent()
                .map(|d| d.join(file))
                .unwrap_or_else(|| PathBuf::from(file)),
        )
        .ok()?,
        (None, None) => Vec::new(),
    })
}

fn response_seed(path: &Path, case: &Case) -> Option<(&'static str, Vec<u8>)> {
    let spec = case.response.as_ref()?;
    let body = response_body(path, case)?;
    let (target, ids): (&'static str, &[&str]) = match case.vendor.as_str() {
        "oci" => ("decode_oci", signoff_oci::response::REQUEST_ID_HEADERS),
        "veridata" => ("decode_veridata", signoff_veridata::REQUEST_ID_HEADERS),
        "commvault" => ("decode_commvault", signoff_commvault::REQUEST_ID_HEADERS),
        "oam" => ("decode_oam", signoff_oam::REQUEST_ID_HEADERS),
        "jde" => ("decode_jde", signoff_jde::response::REQUEST_ID_HEADERS),
        _ => return None,
    };
    let headers: Vec<(String, String)> = spec.headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    encode_response(spec.status, &headers, &body, ids).map(|b| (target, b))
}

fn text(params: &toml::Table, key: &str) -> Option<String> {
    match params.get(key)? {
        toml::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn accept_bits(params: &toml::Table) -> u8 {
    match text(params, "accept").map(|a| Accept::parse("accept", &a)) {
        Some(Ok(Accept::Xml)) => 0b11,
        Some(Ok(_)) => 0b01,
        _ => 0,
    }
}

fn request_seed(case: &Case, params: &toml::Table) -> Option<(&'static str, Vec<u8>)> {
    let get = |keys: &[&str]| keys.iter().map(|k| text(params, k)).collect::<Vec<_>>();
    let encode = |options: u8, fields: Vec<Option<String>>| {
        let refs: Vec<Option<&str>> = fields.iter().map(|f| f.as_deref()).collect();
        Fields::encode(options, &refs)
    };
    let call = case.call.as_deref().unwrap_or("logout");
    Some(match (case.vendor.as_str(), call) {
        ("jde", _) => (
            "build_jde",
            encode(accept_bits(params), get(&["base_url", "token", "device"])),
        ),
        ("veridata", "login") => ("build_veridata", encode(0, get(&["base_url", "username", "password"]))),
        ("veridata", _) => (
            "build_veridata",
            encode(accept_bits(params), get(&["base_url", "token"])),
        ),
        ("oam", _) => (
            "build_oam",
            encode(
                accept_bits(params),
                get(&["base_url", "username", "password", "session_id", "user_id", "id_store"]),
            ),
        ),
        ("oci", _) => (
            "build_oci",
            encode(
                1,
                get(&[
                    "endpoint",
                    "tenancy_ocid",
                    "user_ocid",
                    "fingerprint",
                    "date",
                    "opc_request_id",
                ]),
            ),
        ),
        ("commvault", _) => {
            let mut options = accept_bits(params);
            match text(params, "body_format").map(|f| BodyFormat::parse("body_format", &f)) {
                Some(Ok(BodyFormat::Json)) => options |= 0b1100,
                Some(Ok(_)) => options |= 0b0100,
                _ => {}
            }
            let mut fields = get(&["base_url", "authtoken"]);
            if let Some(toml::Value::Array(ids)) = params.get("session_ids") {
                fields.extend(
                    ids.iter()
                        .map(|v| Some(v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string()))),
                );
            }
            ("build_commvault", encode(options, fields))
        }
        _ => return None,
    })
}

/// The body the registry builds for a Commvault request case, as
/// `commvault_request_body` reads it: `len: u8` + content type + body.
fn commvault_body_seed(params: &toml::Table) -> Option<Vec<u8>> {
    let json = serde_json::to_value(params).ok()?;
    let request = signoff::codec("commvault")?.build("logout", json).ok()?;
    let ct = request.headers().get("content-type")?.as_bytes();
    let mut bytes = vec![u8::try_from(ct.len()).ok()?];
    bytes.extend_from_slice(ct);
    bytes.extend_from_slice(request.body());
    Some(bytes)
}
