//! The `signoff` binary, run as a person would.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests read case files and run the binary"
)]

mod common;
use common::{signoff_stdin as signoff, text};

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
    // The refusal names its kind once.
    assert_eq!(text(&o).matches("missing_param").count(), 1, "{}", text(&o));
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

/// The canary: every secret of every vendor, never in the CLI's
/// output unless `--reveal-secrets`.
#[test]
fn no_vendor_prints_a_secret_without_reveal() {
    const CANARY: &str = "CANARY-5e1f";
    let key = include_str!("../../signoff-oci/testdata/vector-key.pem");
    let key_param = format!("private_key_pem={key}");
    let auth = format!("authtoken=QSDK {CANARY}");
    let secret = |k: &str| format!("{k}={CANARY}");
    let cases: Vec<Vec<String>> = vec![
        vec![
            "oci".into(),
            "-p".into(),
            "endpoint=https://iaas.example.com".into(),
            "-p".into(),
            "tenancy_ocid=ocid1.tenancy.oc1..t".into(),
            "-p".into(),
            "user_ocid=ocid1.user.oc1..u".into(),
            "-p".into(),
            "fingerprint=53:75".into(),
            "-p".into(),
            key_param.clone(),
            "-p".into(),
            secret("passphrase"),
            "-p".into(),
            "date=Mon, 23 Nov 2026 22:00:00 GMT".into(),
        ],
        vec![
            "veridata".into(),
            "-p".into(),
            "base_url=http://v".into(),
            "-p".into(),
            secret("token"),
        ],
        vec![
            "veridata".into(),
            "--call".into(),
            "login".into(),
            "-p".into(),
            "base_url=http://v".into(),
            "-p".into(),
            "username=admin".into(),
            "-p".into(),
            secret("password"),
        ],
        vec![
            "commvault".into(),
            "-p".into(),
            "base_url=https://cv/webconsole/api".into(),
            "-p".into(),
            auth.clone(),
            "-p".into(),
            "session_ids=[\"s1\"]".into(),
        ],
        vec![
            "oam".into(),
            "-p".into(),
            "base_url=http://oam".into(),
            "-p".into(),
            "username=weblogic".into(),
            "-p".into(),
            secret("password"),
            "-p".into(),
            "session_id=x".into(),
        ],
        vec![
            "jde".into(),
            "-p".into(),
            "base_url=https://ais".into(),
            "-p".into(),
            secret("token"),
        ],
    ];
    for case in cases {
        let mut args: Vec<&str> = vec!["request"];
        args.extend(case.iter().map(String::as_str));
        let o = signoff(&args, None);
        assert_eq!(o.status.code(), Some(0), "{case:?}: {}", text(&o));
        let out = text(&o);
        assert!(!out.contains(CANARY), "{}: {out}", case[0]);
        assert!(!out.contains("MIIEpAIBAAKCAQEA"), "{}: the key leaks", case[0]);
        assert!(out.contains("[REDACTED]"), "{}", case[0]);
        // A refused build quotes no secret either.
        let mut bad = args.clone();
        bad.extend(["-p", "base_url=not a url", "-p", "endpoint=not a url"]);
        let o = signoff(&bad, None);
        assert_eq!(o.status.code(), Some(2));
        assert!(!text(&o).contains(CANARY), "{}", text(&o));
    }
}

#[test]
fn a_wrong_typed_secret_is_refused_without_quoting_it() {
    // A token given as a boolean on the command line.
    let o = signoff(
        &["request", "jde", "-p", "base_url=https://h", "-p", "token=true"],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("token"), "{t}");
    assert!(!t.contains("true"), "{t}");
    // A numeric password in a params file.
    let dir = std::env::temp_dir().join(format!("signoff-cli-typed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("p.toml");
    std::fs::write(
        &file,
        "base_url = \"https://h\"\nusername = \"u\"\npassword = 73519264\n",
    )
    .unwrap();
    let o = signoff(
        &[
            "request",
            "veridata",
            "--call",
            "login",
            "--params",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("password") && !t.contains("73519264"), "{t}");
    // A params file that is not TOML never quotes its line.
    std::fs::write(&file, "token = \"SECRET-LINE\" junk\n").unwrap();
    let o = signoff(&["request", "jde", "--params", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("p.toml:1") && !t.contains("SECRET-LINE"), "{t}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_oci_signer_comes_from_an_oci_config_profile() {
    let dir = std::env::temp_dir().join(format!("signoff-cli-oci-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = concat!(env!("CARGO_MANIFEST_DIR"), "/../signoff-oci/testdata/vector-key.pem");
    let token = dir.join("token");
    std::fs::write(&token, "eyJ.CANARY-session.sig\n").unwrap();
    let config = dir.join("config");
    std::fs::write(
        &config,
        format!(
            "[DEFAULT]\nuser=ocid1.user.oc1..u\nfingerprint=53:75:5d\ntenancy=ocid1.tenancy.oc1..t\nkey_file={key}\npass_phrase=CANARY-phrase\n\n[SESSION]\nsecurity_token_file={}\nkey_file={key}\n",
            token.display()
        ),
    )
    .unwrap();
    let request = |profile: &str| {
        signoff(
            &[
                "request",
                "oci",
                "--oci-config",
                config.to_str().unwrap(),
                "--profile",
                profile,
                "-p",
                "endpoint=https://iaas.enclave.example.com",
                "-p",
                "date=Mon, 23 Nov 2026 22:00:00 GMT",
            ],
            None,
        )
    };
    let o = request("DEFAULT");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("keyId=\"ocid1.tenancy.oc1..t/ocid1.user.oc1..u/53:75:5d\""),
        "{t}"
    );
    assert!(!t.contains("CANARY") && !t.contains("MII"), "{t}");
    let o = request("SESSION");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("keyId=\"ST$[REDACTED]\""), "{t}");
    assert!(!t.contains("CANARY"), "{t}");
    // Refusals name the file, the profile or the key, never a value.
    let o = request("NOPE");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("no profile [NOPE]"), "{}", text(&o));
    let o = signoff(&["request", "jde", "--profile", "DEFAULT"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("for the oci vendor"), "{}", text(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_logins_token_shows_only_when_asked() {
    let body = br#"{"username":"JDE","userInfo":{"token":"044CANARY-token"}}"#;
    let decode = |extra: &[&str]| {
        let mut args = vec![
            "decode",
            "jde",
            "--call",
            "login",
            "--status",
            "200",
            "-H",
            "Content-Type: application/json",
        ];
        args.extend_from_slice(extra);
        args.push("-");
        signoff(&args, Some(body))
    };
    let o = decode(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("\"token\":\"[REDACTED]\"") && !text(&o).contains("CANARY"),
        "{}",
        text(&o)
    );
    let o = decode(&["--reveal-secrets"]);
    assert!(text(&o).contains("\"token\":\"044CANARY-token\""), "{}", text(&o));
}

/// A new user finds every call's parameters without trial and error:
/// required or not, secret or not, and what the tool fills.
#[test]
fn params_lists_every_call_and_what_fills_it() {
    let o = signoff(&["params", "oci"], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let t = text(&o);
    let line = |name: &str| {
        t.lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line("private_key_pem").contains("required, secret"), "{t}");
    assert!(line("date ").contains("send fills it from its clock"), "{t}");
    assert!(line("tenancy_ocid").contains("--oci-config"), "{t}");
    let o = signoff(&["params", "commvault", "--json"], None);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let calls: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["call"].as_str().unwrap())
        .collect();
    assert_eq!(calls, ["logout", "sessions", "login", "logout_self"]);
    let login = &v[2]["params"];
    assert_eq!(login[2]["name"], "password");
    assert_eq!(
        (login[2]["required"].as_bool(), login[2]["secret"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(
        signoff(&["params", "jde", "--call", "nope"], None).status.code(),
        Some(2)
    );
    assert_eq!(signoff(&["params", "sap"], None).status.code(), Some(2));
}
