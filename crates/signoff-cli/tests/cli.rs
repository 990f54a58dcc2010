//! The `signoff` binary, run as a person would.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests read case files and run the binary"
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn signoff(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_signoff"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn request_prints_redacted_http() {
    let o = signoff(
        &[
            "request",
            "jde",
            "--param",
            "base_url=https://ais.example.com",
            "--param",
            "token=CANARY-123",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        out.starts_with("GET /jderest/v2/orchestrator/jde-logout HTTP/1.1\r\nhost: ais.example.com\r\n"),
        "{out}"
    );
    assert!(out.contains("jde-ais-auth: [REDACTED]"));
    assert!(!text(&o).contains("CANARY"));
}

#[test]
fn reveal_secrets_shows_them() {
    let o = signoff(
        &[
            "request",
            "jde",
            "-p",
            "base_url=https://h",
            "-p",
            "token=CANARY-123",
            "--reveal-secrets",
        ],
        None,
    );
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("jde-ais-auth: CANARY-123\r\n")
    );
}

#[test]
fn params_file_and_override() {
    let dir = std::env::temp_dir().join(format!("signoff-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("p.toml");
    std::fs::write(&file, "base_url = \"https://a\"\ntoken = \"t\"\ndevice = \"d1\"\n").unwrap();
    let o = signoff(
        &[
            "request",
            "jde",
            "--params",
            file.to_str().unwrap(),
            "--param",
            "device=d2",
            "--reveal-secrets",
        ],
        None,
    );
    let out = text(&o);
    assert!(
        out.contains("jde-ais-auth-device: d2\r\n") && out.contains("host: a\r\n"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refused_builds_are_usage_errors_without_secrets() {
    let o = signoff(
        &[
            "request",
            "jde",
            "-p",
            "base_url=https://h",
            "-p",
            "token=CANARY\r\nX: 1",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let t = text(&o);
    assert!(t.contains("invalid_header_value") && !t.contains("CANARY"), "{t}");
    let o = signoff(&["request", "jde", "-p", "base_url=https://h"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("missing_param"));
    let o = signoff(&["request", "sap"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("unknown vendor"));
    let o = signoff(&["request", "jde", "-p", "novalue"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn decode_exit_codes_follow_the_outcome() {
    let o = signoff(
        &[
            "decode",
            "jde",
            "--status",
            "200",
            "-H",
            "Content-Type: application/json",
            "-",
        ],
        Some(br#"{"status":"Success"}"#),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["outcome"], "success");
    assert_eq!(v["request_id"], serde_json::Value::Null);

    let o = signoff(&["decode", "jde", "--status", "444"], None);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "invalid_token");

    let o = signoff(&["decode", "jde", "--status", "302", "--pretty"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("\n  \"outcome\": \"unexpected\"")
    );
}

#[test]
fn decode_bounds_the_body() {
    let o = signoff(
        &["decode", "jde", "--status", "200", "--body-limit", "4", "-"],
        Some(&[b' '; 100]),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("body_too_large"));
}

#[test]
fn decode_usage_errors() {
    for args in [
        &["decode", "jde", "--status", "1000"][..],
        &["decode", "jde", "--status", "200", "-H", "no colon"],
        &["decode", "jde"],
        &["decode", "jde", "--status", "200", "/nonexistent/file"],
    ] {
        let o = signoff(args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
    }
}

#[test]
fn help_has_examples() {
    for sub in ["request", "decode"] {
        let o = signoff(&[sub, "--help"], None);
        assert_eq!(o.status.code(), Some(0));
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(
            out.contains("Examples:") && out.contains(&format!("signoff {sub} ")),
            "{sub}"
        );
    }
}
