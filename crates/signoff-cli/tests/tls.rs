//! `signoff send` over TLS against the emulator's generated CA: every
//! vendor reached with `--cacert`, and each refusal typed by what is wrong
//! (unknown issuer, name mismatch, expired, a missing client certificate).

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests run the binary, open sockets and write certificate files"
)]

use std::io::BufRead as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use signoff_emulator::{Config, Emulator, Handle, TlsIdentity, TlsSettings};

mod common;
use common::{report, signoff, tmp};

fn serve(settings: &TlsSettings, dir: &Path) -> (Handle, TlsIdentity, String) {
    let identity = TlsIdentity::generate(settings).unwrap();
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, identity.ca_pem()).unwrap();
    let h = Emulator::new(Config::demo())
        .spawn_tls("127.0.0.1:0".parse().unwrap(), &identity)
        .unwrap();
    (h, identity, ca.display().to_string())
}

/// `send VENDOR` of a demo session at `base`, with `extra` flags.
fn send(vendor: &str, base: &str, extra: &[&str]) -> Output {
    let params: Vec<String> = match vendor {
        "oci" => vec![
            format!("endpoint={base}"),
            format!("tenancy_ocid={}", signoff_emulator::DEMO_OCI_TENANCY),
            format!("user_ocid={}", signoff_emulator::DEMO_OCI_USERS[0]),
            format!("fingerprint={}", signoff_emulator::DEMO_OCI_FINGERPRINT),
            format!("private_key_pem={}", signoff_emulator::DEMO_OCI_PRIVATE_KEY_PEM),
        ],
        "veridata" => vec![
            format!("base_url={base}"),
            "token=eyJraWQiOiJzaWduLXJzYSJ9.ZGVtby0x.c2lnbmF0dXJl".to_owned(),
        ],
        "commvault" => vec![
            format!("base_url={base}/webconsole/api"),
            format!("authtoken={}", signoff_emulator::DEMO_COMMVAULT_TOKEN),
            r#"session_ids=["CF1C660B-396F-44B7-86DA-5608CEC97453"]"#.to_owned(),
        ],
        "oam" => vec![
            format!("base_url={base}"),
            "username=weblogic".to_owned(),
            "password=Welcome1".to_owned(),
            "user_id=user3".to_owned(),
        ],
        _ => vec![
            format!("base_url={base}"),
            format!("token={}", signoff_emulator::DEMO_JDE_TOKEN),
        ],
    };
    let mut args = vec![
        "send".to_owned(),
        vendor.to_owned(),
        "--timeout".to_owned(),
        "10".to_owned(),
    ];
    for kv in params {
        args.push("--param".to_owned());
        args.push(kv);
    }
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    signoff(&args)
}

fn tls_failure(o: &Output) -> (String, String) {
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stdout));
    let r = report(o);
    (
        r["transport"]["kind"].as_str().unwrap_or_default().to_owned(),
        r["transport"]["tls"].as_str().unwrap_or_default().to_owned(),
    )
}

#[test]
fn every_vendor_over_tls_with_the_emulators_ca() {
    let dir = tmp("every");
    let (h, _, ca) = serve(&TlsSettings::new(), &dir);
    let base = h.base_url();
    assert!(base.starts_with("https://127.0.0.1:"), "{base}");
    for vendor in ["oci", "veridata", "commvault", "oam", "jde"] {
        let o = send(vendor, &base, &["--cacert", &ca]);
        assert_eq!(
            report(&o)["outcome"],
            "success",
            "{vendor}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    assert_eq!(h.stats().ended.total(), 6, "oam ended user3's two sessions");
    // Without the CA: the issuer is unknown, and nothing was ended.
    let o = send("jde", &base, &[]);
    assert_eq!(tls_failure(&o), ("tls".to_owned(), "unknown_issuer".to_owned()));
}

#[test]
fn a_wrong_name_and_an_expired_certificate_are_told_apart() {
    let dir = tmp("names");
    let (h, _, ca) = serve(&TlsSettings::new().names(&["ais.example.com"]), &dir);
    let o = send("jde", &h.base_url(), &["--cacert", &ca]);
    assert_eq!(tls_failure(&o), ("tls".to_owned(), "name_mismatch".to_owned()));
    let dir = tmp("expired");
    let (h, _, ca) = serve(&TlsSettings::new().expired(), &dir);
    let o = send("jde", &h.base_url(), &["--cacert", &ca]);
    assert_eq!(tls_failure(&o), ("tls".to_owned(), "expired".to_owned()));
    // A file that is no certificate is a usage error naming the file.
    std::fs::write(dir.join("junk.pem"), "not a certificate").unwrap();
    let junk = dir.join("junk.pem").display().to_string();
    let o = send("jde", &h.base_url(), &["--cacert", &junk]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("junk.pem"));
}

#[test]
fn mutual_tls_presents_the_client_certificate() {
    let dir = tmp("mtls");
    let (h, identity, ca) = serve(&TlsSettings::new().require_client_certificate(), &dir);
    let (cert, key) = identity.client_certificate("offboarding").unwrap();
    std::fs::write(dir.join("client.pem"), cert).unwrap();
    std::fs::write(dir.join("client.key"), key).unwrap();
    let (cert, key) = (
        dir.join("client.pem").display().to_string(),
        dir.join("client.key").display().to_string(),
    );
    let o = send("jde", &h.base_url(), &["--cacert", &ca]);
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(report(&o)["transport"]["kind"], "tls");
    let o = send("jde", &h.base_url(), &["--cacert", &ca, "--cert", &cert, "--key", &key]);
    assert_eq!(
        report(&o)["outcome"],
        "success",
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn emulate_tls_writes_its_ca_before_its_first_line() {
    let dir = tmp("emulate");
    let ca = dir.join("ca.pem").display().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_signoff"))
        .args(["emulate", "--tls", "--ca-out", &ca])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        std::fs::read_to_string(&ca)
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    let base = first.strip_prefix("listening on ").unwrap().to_owned();
    assert!(base.starts_with("https://127.0.0.1:"), "{first}");
    let o = send("jde", &base, &["--cacert", &ca]);
    assert_eq!(report(&o)["outcome"], "success");
    let _ = child.kill();
    let _ = child.wait();
    // --tls needs somewhere to put the CA, and --ca-out needs --tls.
    assert_eq!(signoff(&["emulate", "--tls"]).status.code(), Some(2));
    assert_eq!(
        signoff(&["emulate".into(), "--ca-out".into(), ca]).status.code(),
        Some(2)
    );
}

/// A plan names its CA and client certificate itself (relative to the
/// plan), for a run with no TLS flags.
#[test]
fn a_plan_carries_its_own_ca_and_client_certificate() {
    let dir = tmp("plan");
    let (h, identity, _) = serve(&TlsSettings::new().require_client_certificate(), &dir);
    let (cert, key) = identity.client_certificate("offboarding").unwrap();
    std::fs::write(dir.join("client.pem"), cert).unwrap();
    std::fs::write(dir.join("client.key"), key).unwrap();
    let plan = dir.join("plan.toml");
    let body = format!(
        "ca_file = \"ca.pem\"\ncert_file = \"client.pem\"\nkey_file = \"client.key\"\n[[call]]\nvendor = \"jde\"\nparams = {{ base_url = \"{}\", token = \"{}\" }}\n",
        h.base_url(),
        signoff_emulator::DEMO_JDE_TOKEN
    );
    std::fs::write(&plan, &body).unwrap();
    let o = signoff(&[
        "send".into(),
        "--plan".into(),
        plan.display().to_string(),
        "--json".into(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(report(&o)["calls"][0]["verified"], "gone");
    // Without the client certificate the server refuses the handshake.
    std::fs::write(
        &plan,
        body.replace("cert_file = \"client.pem\"\nkey_file = \"client.key\"\n", ""),
    )
    .unwrap();
    let o = signoff(&[
        "send".into(),
        "--plan".into(),
        plan.display().to_string(),
        "--json".into(),
        "--retries".into(),
        "0".into(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(report(&o)["calls"][0]["report"]["transport"]["kind"], "tls");
}
