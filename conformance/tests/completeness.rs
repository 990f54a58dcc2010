//! The completeness test over the registry: every vendor and call the
//! registry serves has what the project promises for it. A new vendor or
//! call that misses any of these fails here, naming what is missing (see
//! ARCHITECTURE.md, "Adding a vendor or a call").
//!
//! - it declares its documented statuses and its success and error
//!   documents;
//! - a conformance response case for every documented status;
//! - a canary case (a secret set to a canary value);
//! - a fuzz target that decodes it and one that builds it;
//! - the emulator serves it.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests read case files"
)]

use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."))
}

#[test]
fn every_call_has_its_cases_fuzz_targets_and_emulator_route() {
    let cases = signoff_conformance::load_dir(&root().join("conformance/cases")).unwrap();
    let cases: Vec<_> = cases.into_iter().filter_map(|c| c.case.ok()).collect();
    let served = signoff_emulator::served_calls();
    let mut missing = Vec::new();
    for codec in signoff::codecs() {
        let vendor = codec.vendor();
        let calls = codec.calls();
        let default_call = calls.first().copied().unwrap_or("logout");
        for call in &calls {
            let call = *call;
            let of_call = |c: &&signoff_conformance::Case| {
                c.vendor == vendor && c.call.as_deref().unwrap_or(default_call) == call
            };
            let Some(declaration) = codec.declaration(call) else {
                missing.push(format!("{vendor} {call}: no declaration"));
                continue;
            };
            if declaration.documented_statuses.is_empty() {
                missing.push(format!("{vendor} {call}: no documented statuses declared"));
            }
            let statuses: BTreeSet<u16> = cases
                .iter()
                .filter(of_call)
                .filter_map(|c| c.response.as_ref().map(|r| r.status))
                .collect();
            for status in declaration.documented_statuses {
                if !statuses.contains(status) {
                    missing.push(format!(
                        "{vendor} {call}: no response case for documented status {status}"
                    ));
                }
            }
            if !cases.iter().filter(of_call).any(|c| c.id.contains("canary")) {
                missing.push(format!("{vendor} {call}: no canary case"));
            }
            for (kind, file) in [
                ("decode", format!("decode_{vendor}.rs")),
                ("build", format!("build_{vendor}.rs")),
            ] {
                let path = root().join("fuzz/fuzz_targets").join(&file);
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if !text.contains(&format!("\"{call}\"")) {
                    missing.push(format!("{vendor} {call}: fuzz target {file} does not {kind} it"));
                }
            }
            if !served.contains(&(vendor, call)) {
                missing.push(format!("{vendor} {call}: the emulator does not serve it"));
            }
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

/// A case's `source` cites what the case is checked against (a seed page,
/// the vendor notes, the README's contract, an RFC), never how it came to be.
#[test]
fn every_case_cites_a_document() {
    const CITED: &[&str] = &[
        "000_4dec5be12205d005.txt",
        "001_a37f00870c2dbca3.txt",
        "002_084c356bd585fddd.txt",
        "003_aef4ca1f6c2dc754.txt",
        "004_f40d52f63abf7935.txt",
        "vendors.md",
        "README.md",
        "FORMAT.md",
        "RFC",
        "oci-signing.json",
        "signoff-core",
    ];
    let cases = signoff_conformance::load_dir(&root().join("conformance/cases")).unwrap();
    let mut wrong = Vec::new();
    for case in cases.into_iter().filter_map(|c| c.case.ok()) {
        let history = case
            .source
            .to_ascii_lowercase()
            .split("issue")
            .skip(1)
            .any(|after| after.starts_with(':') || after.trim_start().starts_with(|c: char| c.is_ascii_digit()));
        if history || !CITED.iter().any(|doc| case.source.starts_with(doc)) {
            wrong.push(format!("{}: {}", case.id, case.source));
        }
    }
    assert!(
        wrong.is_empty(),
        "cases whose source cites no document:\n{}",
        wrong.join("\n")
    );
}
