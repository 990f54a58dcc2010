//! Every conformance case passes, and what each produced (the rendered
//! request with secrets redacted, the build error, or the decode report)
//! matches its reviewed insta snapshot. CI runs with `INSTA_UPDATE=no`:
//! a changed output fails until a person reviews and accepts it.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests read case files and run the binary"
)]

use std::path::Path;

use serde_json::Value;
use signoff_conformance::{Run, load_dir, run_case};

fn cases_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("cases")
}

/// A rendered request reads better in YAML as a list of lines.
fn snapshot_value(produced: &Value) -> Value {
    match produced {
        Value::String(s) => Value::Array(s.split("\r\n").map(|l| Value::String(l.to_owned())).collect()),
        other => other.clone(),
    }
}

#[test]
fn every_case_passes() {
    let run = Run::dir(&cases_dir()).unwrap();
    assert!(run.ok(), "{run}");
}

#[test]
fn every_case_matches_its_snapshot() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for loaded in load_dir(&cases_dir()).unwrap() {
            let result = run_case(&loaded);
            let produced = result.produced.as_ref().map(snapshot_value).unwrap_or(Value::Null);
            insta::assert_yaml_snapshot!(result.id.clone(), produced);
        }
    });
}

#[test]
fn no_snapshot_without_a_case() {
    let ids: Vec<String> = load_dir(&cases_dir()).unwrap().iter().map(|c| c.id()).collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(id) = name.strip_suffix(".snap") {
            assert!(ids.iter().any(|i| i == id), "snapshot {name} has no case: delete it");
        }
    }
}

#[test]
fn snapshots_hold_no_secret() {
    // The doc's sample tokens are public; secrets a case marks with the
    // word CANARY must never reach a snapshot.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("CANARY"), "{} holds a canary secret", path.display());
    }
}

#[test]
fn broken_cases_fail_with_their_reason() {
    let run = Run::dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/failing")).unwrap();
    assert_eq!(run.passed(), 0, "{run}");
    let reason = |id: &str| {
        run.results
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.failure.clone())
            .unwrap_or_else(|| panic!("no failing result for {id}: {run}"))
    };
    assert!(reason("unknown-key").contains("unknown field `expected`"));
    assert!(reason("bad.vendor").contains("unknown vendor"));
    assert!(reason("bad.param").contains("invalid_params"));
    assert!(reason("bad.outcome").contains("outcome: expected success, got api_error"));
    assert!(reason("bad.subset").contains("error.kind"));
    assert!(reason("bad.absent").contains("error.message must be absent"));
    assert!(reason("bad.uri").contains("uri: expected"));
    assert!(reason("bad.build-error").contains("expected empty_param"));
    assert!(reason("bad.dup").contains("duplicate case id"));
    assert!(reason("bad.header").contains("a different (secret) value"));
    assert!(!run.to_string().contains("CANARY"));
    assert!(
        run.to_string()
            .ends_with(&format!("0 passed, {} failed", run.results.len()))
    );
}

#[test]
fn an_empty_directory_is_not_green() {
    let dir = std::env::temp_dir().join(format!("signoff-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = Run::dir(&dir).unwrap();
    assert!(!run.ok());
    assert!(run.to_string().ends_with("0 passed, 0 failed"));
    std::fs::remove_dir_all(&dir).unwrap();
}
