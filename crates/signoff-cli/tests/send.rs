//! `signoff send`, `send --plan` and `emulate`, run as a person would,
//! against the emulator on loopback.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests run the binary, open sockets, write plan files and read the clock"
)]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

use serde_json::Value;
use signoff_emulator::Vendor;

mod common;
use common::{report, signoff_env as signoff, start, text, tmp};

/// `send VENDOR --param k=v ...` for the demo session of each vendor.
fn send_args(vendor: Vendor, base: &str) -> Vec<String> {
    let p = |kv: &str| ["--param".to_owned(), kv.to_owned()];
    let mut args = vec!["send".to_owned(), vendor.name().to_owned()];
    let params: Vec<String> = match vendor {
        Vendor::Oci => vec![
            format!("endpoint={base}"),
            format!("tenancy_ocid={}", signoff_emulator::DEMO_OCI_TENANCY),
            format!("user_ocid={}", signoff_emulator::DEMO_OCI_USERS[0]),
            format!("fingerprint={}", signoff_emulator::DEMO_OCI_FINGERPRINT),
            format!("private_key_pem={}", signoff_emulator::DEMO_OCI_PRIVATE_KEY_PEM),
        ],
        Vendor::Veridata => vec![
            format!("base_url={base}"),
            "token=eyJraWQiOiJzaWduLXJzYSJ9.ZGVtby0x.c2lnbmF0dXJl".to_owned(),
        ],
        Vendor::Commvault => vec![
            format!("base_url={base}/webconsole/api"),
            format!("authtoken={}", signoff_emulator::DEMO_COMMVAULT_TOKEN),
            r#"session_ids=["EMCAE92D1DD-0C68-49A6-BEBB-404D96D7A4BF","CF1C660B-396F-44B7-86DA-5608CEC97453"]"#
                .to_owned(),
        ],
        Vendor::Oam => vec![
            format!("base_url={base}"),
            "username=weblogic".to_owned(),
            "password=Welcome1".to_owned(),
            "user_id=user3".to_owned(),
        ],
        Vendor::Jde => vec![
            format!("base_url={base}"),
            format!("token={}", signoff_emulator::DEMO_JDE_TOKEN),
        ],
        _ => unreachable!(),
    };
    for kv in params {
        args.extend(p(&kv));
    }
    args
}

fn dead_status(vendor: Vendor) -> u16 {
    match vendor {
        Vendor::Oci | Vendor::Veridata | Vendor::Commvault => 401,
        Vendor::Oam => 404,
        _ => 444,
    }
}

/// The documented error statuses of each page (Commvault's page documents
/// none: its 400, 401 and 500 are the emulator's).
fn documented_errors(vendor: Vendor) -> &'static [u16] {
    match vendor {
        Vendor::Oci => &[401, 404, 412, 500],
        Vendor::Veridata => &[400, 401, 404, 500],
        Vendor::Commvault => &[400, 401, 500],
        Vendor::Oam => &[404, 500],
        _ => &[400, 415, 444, 500],
    }
}

#[test]
fn every_vendor_success_errors_and_the_session_gone() {
    let h = start();
    let base = h.base_url();
    for vendor in Vendor::ALL {
        let args = send_args(vendor, &base);
        for &status in documented_errors(vendor) {
            h.fail_next(vendor, status);
            let o = signoff(&args, &[]);
            let r = report(&o);
            assert_eq!(o.status.code(), Some(0), "{vendor} {status}: {}", text(&o));
            assert_eq!(
                (r["outcome"].as_str(), r["status"].as_u64()),
                (Some("api_error"), Some(u64::from(status))),
                "{vendor}: {r}"
            );
        }
        let o = signoff(&args, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        let r = report(&o);
        assert_eq!(r["outcome"], "success", "{vendor}: {r}");
        assert_eq!(r["vendor"], vendor.name());
        let o = signoff(&args, &[]);
        let r = report(&o);
        assert_eq!(
            (r["outcome"].as_str(), r["status"].as_u64()),
            (Some("api_error"), Some(u64::from(dead_status(vendor)))),
            "{vendor}: {r}"
        );
    }
    let stats = h.stats();
    assert_eq!(stats.ended.total(), 1 + 1 + 2 + 2 + 1);
    // OCI's success carries its request id; the report names it.
    assert_eq!(stats.live.oci, 2);
}

#[test]
fn oci_date_is_the_clis_and_a_stale_one_is_refused() {
    let h = start();
    let base = h.base_url();
    let mut args = send_args(Vendor::Oci, &base);
    let stale = signoff::oci::signing::format_date("date", SystemTime::now() - Duration::from_secs(600)).unwrap();
    args.extend(["--param".to_owned(), format!("date={stale}")]);
    let r = report(&signoff(&args, &[]));
    assert_eq!(
        (r["status"].as_u64(), r["error"]["code"].as_str()),
        (Some(401), Some("NotAuthenticated"))
    );
    assert!(r["request_id"].as_str().unwrap().starts_with("EMU"));
    // Without a date, the CLI signs the current time.
    let r = report(&signoff(&send_args(Vendor::Oci, &base), &[]));
    assert_eq!(r["outcome"], "success", "{r}");
}

#[test]
fn verbose_shows_the_exchange_without_secrets() {
    let h = start();
    let mut args = send_args(Vendor::Jde, &h.base_url());
    args.push("--verbose".to_owned());
    let o = signoff(&args, &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("> GET /jderest/v2/orchestrator/jde-logout HTTP/1.1"),
        "{err}"
    );
    assert!(err.contains("> jde-ais-auth: [REDACTED]"), "{err}");
    assert!(err.contains("< HTTP/1.1 200 OK"), "{err}");
    assert!(!text(&o).contains(signoff_emulator::DEMO_JDE_TOKEN));
    assert_eq!(report(&o)["outcome"], "success");
}

fn transport_error(args: &[String]) -> (String, Output) {
    let o = signoff(args, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let r = report(&o);
    assert_eq!(r["outcome"], "transport_error", "{r}");
    assert!(r["transport"]["detail"].is_string());
    (r["transport"]["kind"].as_str().unwrap().to_owned(), o)
}

fn jde_at(base: &str) -> Vec<String> {
    [
        "send",
        "jde",
        "--param",
        &format!("base_url={base}"),
        "--param",
        "token=t0k3n",
    ]
    .map(str::to_owned)
    .to_vec()
}

#[test]
fn transport_failures_are_typed() {
    // Refused: a port that was free a moment ago.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (kind, _) = transport_error(&jde_at(&format!("http://127.0.0.1:{port}")));
    assert_eq!(kind, "connection_refused");

    // Timeout: a server that accepts and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let mut args = jde_at(&format!("http://{addr}"));
    args.extend(["--timeout".to_owned(), "1".to_owned()]);
    let (kind, _) = transport_error(&args);
    assert_eq!(kind, "timeout");
    drop(silent);

    // TLS: https to a plain HTTP server.
    let h = start();
    let (kind, o) = transport_error(&jde_at(&format!("https://{}", h.local_addr())));
    assert_eq!(kind, "tls", "{}", text(&o));
}

/// A one-shot server answering every connection with `answer`.
fn fixed_server(answer: &'static [u8]) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let t = std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(answer);
        }
    });
    (base, t)
}

#[test]
fn a_redirect_is_not_followed_but_decoded() {
    let (base, t) = fixed_server(
        b"HTTP/1.1 302 Found\r\nlocation: https://sso.example.com/login\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    );
    let o = signoff(&jde_at(&base), &[]);
    t.join().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let r = report(&o);
    assert_eq!(
        (r["outcome"].as_str(), r["status"].as_u64()),
        (Some("unexpected"), Some(302))
    );
    assert!(r["unexpected"]["detail"].as_str().unwrap().contains("sso.example.com"));
}

fn write_plan(dir: &std::path::Path, body: &str) -> String {
    let path = dir.join("plan.toml");
    std::fs::write(&path, body).unwrap();
    path.display().to_string()
}

#[test]
fn a_plan_runs_every_call_and_summarizes() {
    let h = start();
    let base = h.base_url();
    let dir = tmp("plan");
    std::fs::write(dir.join("oci.pem"), signoff_emulator::DEMO_OCI_PRIVATE_KEY_PEM).unwrap();
    let plan = write_plan(
        &dir,
        &format!(
            r#"
concurrency = 3
[[call]]
name = "alice on AIS"
vendor = "jde"
params = {{ base_url = "{base}" }}
secret_env = {{ token = "SIGNOFF_TEST_JDE_TOKEN" }}
[[call]]
name = "alice on Veridata"
vendor = "veridata"
params = {{ base_url = "{base}", token = "eyJraWQiOiJzaWduLXJzYSJ9.ZGVtby0y.c2lnbmF0dXJl" }}
[[call]]
name = "alice on the enclave"
vendor = "oci"
secret_file = {{ private_key_pem = "oci.pem" }}
[call.params]
endpoint = "{base}"
tenancy_ocid = "{tenancy}"
user_ocid = "{user}"
fingerprint = "{fp}"
[[call]]
name = "alice on OAM"
vendor = "oam"
params = {{ base_url = "{base}", username = "weblogic", password = "Welcome1", user_id = "alice" }}
"#,
            tenancy = signoff_emulator::DEMO_OCI_TENANCY,
            user = signoff_emulator::DEMO_OCI_USERS[1],
            fp = signoff_emulator::DEMO_OCI_FINGERPRINT,
        ),
    );
    let env = [("SIGNOFF_TEST_JDE_TOKEN", signoff_emulator::DEMO_JDE_TOKEN)];
    let o = signoff(&["send".into(), "--plan".into(), plan.clone(), "--json".into()], &env);
    // OAM has no session of alice: one call did not succeed, so exit 1.
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let doc = report(&o);
    assert_eq!(doc["summary"]["total"], 4);
    assert_eq!(doc["summary"]["succeeded"], 3);
    let calls = doc["calls"].as_array().unwrap();
    let outcomes: Vec<&str> = calls.iter().map(|c| c["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["success", "success", "success", "api_error"]);
    assert_eq!(calls[3]["status"], 404);
    assert!(calls[2]["request_id"].as_str().unwrap().starts_with("EMU"));
    assert_eq!(calls[0]["report"]["vendor"], "jde");
    assert!(!text(&o).contains(signoff_emulator::DEMO_JDE_TOKEN));
    assert_eq!(h.stats().ended.total(), 3);

    // The human form: a report per call, then the table.
    let h2 = start();
    let plan_path = write_plan(
        &dir,
        &std::fs::read_to_string(&plan).unwrap().replace(&base, &h2.base_url()),
    );
    let o = signoff(&["send".into(), "--plan".into(), plan_path], &env);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("== [1] alice on AIS (jde logout): success"), "{out}");
    assert!(out.contains("#  name"), "{out}");
    assert!(out.contains("4 calls: 3 succeeded, 1 did not"), "{out}");
    let row = out.lines().find(|l| l.starts_with("4  alice on OAM")).unwrap();
    assert!(
        row.contains("oam") && row.contains("api_error") && row.contains("404"),
        "{row}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_plan_that_cannot_run_sends_nothing() {
    let h = start();
    let base = h.base_url();
    let dir = tmp("bad-plan");
    let plan = write_plan(
        &dir,
        &format!(
            r#"
[[call]]
vendor = "jde"
params = {{ base_url = "{base}", token = "{token}" }}
[[call]]
vendor = "veridata"
params = {{ base_url = "{base}" }}
secret_env = {{ token = "SIGNOFF_TEST_UNSET_VARIABLE" }}
"#,
            token = signoff_emulator::DEMO_JDE_TOKEN
        ),
    );
    let o = signoff(&["send".into(), "--plan".into(), plan], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("SIGNOFF_TEST_UNSET_VARIABLE"));
    assert_eq!(h.stats().ended.total(), 0);
    // An all-success plan exits 0.
    let plan = write_plan(
        &dir,
        &format!(
            "[[call]]\nvendor = \"jde\"\nparams = {{ base_url = \"{base}\", token = \"{}\" }}\n",
            signoff_emulator::DEMO_JDE_TOKEN
        ),
    );
    let o = signoff(&["send".into(), "--plan".into(), plan, "--json".into()], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn emulate_prints_its_address_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_signoff"))
        .args(["emulate", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let base = first.strip_prefix("listening on ").unwrap().to_owned();
    assert!(
        base.starts_with("http://127.0.0.1:") && base[17..].parse::<u16>().is_ok(),
        "{first}"
    );
    let second = lines.next().unwrap().unwrap();
    assert!(
        second.contains("oci") && second.contains("/20160918/logout"),
        "{second}"
    );
    let o = signoff(&send_args(Vendor::Jde, &base), &[]);
    assert_eq!(report(&o)["outcome"], "success", "{}", text(&o));
    let o = signoff(&send_args(Vendor::Jde, &base), &[]);
    assert_eq!(report(&o)["status"], 444);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn emulate_refuses_a_bad_config() {
    let dir = tmp("bad-config");
    let path = dir.join("sessions.toml");
    std::fs::write(&path, "[jde]\ntokenz = []\n").unwrap();
    let o = signoff(&["emulate".into(), "--config".into(), path.display().to_string()], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("tokenz"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_server_echoing_the_token_does_not_make_send_print_it() {
    // Plain, JSON-escaped and percent-encoded echoes.
    let body = br#"{"message":"token t0k3n is not valid","errorText":"t\u00300k3n \u0074\u0030\u006b\u0033\u006e"}"#;
    let answer: &'static [u8] = Box::leak(
        [
            format!(
                "HTTP/1.1 444 Invalid Token\r\ncontent-type: application/json\r\nlocation: /login?t=%74%30k3n\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            )
            .as_bytes(),
            body,
        ]
        .concat()
        .into_boxed_slice(),
    );
    let (base, t) = fixed_server(answer);
    let mut args = jde_at(&base);
    args.push("--verbose".to_owned());
    let o = signoff(&args, &[]);
    t.join().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let r = report(&o);
    assert_eq!(r["error"]["kind"], "invalid_token");
    assert_eq!(r["error"]["message"], "token [REDACTED] is not valid");
    assert!(!text(&o).contains("t0k3n"), "{}", text(&o));
    assert!(!text(&o).contains("%74%30k3n"), "{}", text(&o));
    assert!(!text(&o).contains("u0074"), "{}", text(&o));
    assert!(text(&o).contains("< location: /login?t=[REDACTED]"), "{}", text(&o));
}

#[test]
fn a_plan_with_a_wrong_typed_secret_never_quotes_it() {
    let dir = tmp("typed-plan");
    let plan = write_plan(
        &dir,
        "[[call]]\nvendor = \"jde\"\nparams = { base_url = \"http://127.0.0.1:9\", token = 73519264 }\n",
    );
    let o = signoff(&["send".into(), "--plan".into(), plan], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("token") && !t.contains("73519264"), "{t}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_plan_table_stays_a_table_whatever_a_server_sends() {
    let id = "r".repeat(8000);
    let body = r#"{"message":"\u001b[2J\u202Eevil\u0085\nline\u009b","exception":"x"}"#;
    let answer: &'static [u8] = Box::leak(
        format!(
            "HTTP/1.1 444 Invalid Token\r\ncontent-type: application/json\r\nx-request-id: {id}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
        .into_boxed_slice(),
    );
    let (base, t) = fixed_server(answer);
    let dir = tmp("hostile-table");
    let plan = write_plan(
        &dir,
        &format!(
            "[[call]]\nname = \"n\\u001b[31m\"\nvendor = \"jde\"\nparams = {{ base_url = \"{base}\", token = \"t0k3n\" }}\n"
        ),
    );
    let o = signoff(&["send".into(), "--plan".into(), plan], &[]);
    t.join().unwrap();
    let out = text(&o);
    for raw in ['\u{1b}', '\u{202E}', '\u{85}', '\u{9b}'] {
        assert!(!out.contains(raw), "{raw:?} left raw: {out}");
    }
    let table: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("# ")).collect();
    assert!(table.len() >= 2, "{out}");
    assert!(table.iter().all(|l| l.chars().count() < 160), "{table:?}");
    let report: Value = serde_json::from_str(
        out.split("== [1]")
            .nth(1)
            .unwrap()
            .split_once('\n')
            .unwrap()
            .1
            .split("\n\n")
            .next()
            .unwrap(),
    )
    .unwrap();
    let rid = report["request_id"].as_str().unwrap();
    assert!(rid.len() <= signoff::core::ID_LIMIT + 3 && rid.ends_with('…'), "{rid}");
    assert_eq!(
        report["error"]["message"],
        "\u{FFFD}[2J\u{FFFD}evil\u{FFFD} line\u{FFFD}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_login_sent_shows_its_token_only_when_asked() {
    let h = start();
    let args = |reveal: bool| {
        let mut a: Vec<String> = [
            "send",
            "jde",
            "--call",
            "login",
            "-p",
            &format!("base_url={}", h.base_url()),
            "-p",
            "username=demo",
            "-p",
            "password=demo",
        ]
        .map(str::to_owned)
        .to_vec();
        if reveal {
            a.push("--reveal-secrets".to_owned());
        }
        a
    };
    let o = signoff(&args(false), &[]);
    let r = report(&o);
    assert_eq!(r["outcome"], "success", "{}", text(&o));
    assert_eq!(r["success"]["token"], "[REDACTED]");
    let o = signoff(&args(true), &[]);
    let token = report(&o)["success"]["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("EMU-JDE-"), "{token}");
}
