//! `signoff send --plan` as offboarding runs it: checks that sessions are
//! gone, steps by person, retries, the journal and its resume, dry runs,
//! against the emulator (and a few hand-made servers) on loopback.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests run the binary, open sockets and write plan and journal files"
)]

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use signoff_emulator::Vendor;

mod common;
use common::{report as doc, signoff, start, text, tmp};

fn write(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path.display().to_string()
}

const VERIDATA_TOKEN: &str = "eyJraWQiOiJzaWduLXJzYSJ9.ZGVtby0x.c2lnbmF0dXJl";

/// A plan ending one session per vendor, each step checked where the
/// vendor has a check: JD Edwards (validate), Veridata (extend), Commvault
/// (the user's session list, given the user), OAM by id (the lookup);
/// Compute Enclave has none (cannot tell).
fn lifecycle_plan(base: &str, dir: &Path) -> String {
    std::fs::write(dir.join("oci.pem"), signoff_emulator::DEMO_OCI_PRIVATE_KEY_PEM).unwrap();
    // A token file ending in a newline, as `echo TOKEN > file` writes it.
    std::fs::write(dir.join("jde.token"), format!("{}\n", signoff_emulator::DEMO_JDE_TOKEN)).unwrap();
    format!(
        r#"
[[call]]
name = "AIS"
vendor = "jde"
params = {{ base_url = "{base}" }}
secret_file = {{ token = "jde.token" }}
[[call]]
name = "Veridata"
vendor = "veridata"
params = {{ base_url = "{base}", token = "{VERIDATA_TOKEN}" }}
[[call]]
name = "Commvault"
vendor = "commvault"
params = {{ base_url = "{base}/webconsole/api", authtoken = "QSDK demo-admin-token", session_ids = ["CF1C660B-396F-44B7-86DA-5608CEC97453"] }}
verify_params = {{ user_id = "1" }}
[[call]]
name = "OAM"
vendor = "oam"
params = {{ base_url = "{base}", username = "weblogic", password = "Welcome1", session_id = "3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA=" }}
[[call]]
name = "enclave"
vendor = "oci"
secret_file = {{ private_key_pem = "oci.pem" }}
params = {{ endpoint = "{base}", tenancy_ocid = "{tenancy}", user_ocid = "{user}", fingerprint = "{fp}" }}
"#,
        tenancy = signoff_emulator::DEMO_OCI_TENANCY,
        user = signoff_emulator::DEMO_OCI_USERS[0],
        fp = signoff_emulator::DEMO_OCI_FINGERPRINT,
    )
}

#[test]
fn every_step_is_checked_where_the_vendor_can_tell() {
    let h = start();
    let dir = tmp("verify");
    let plan = write(&dir, "plan.toml", &lifecycle_plan(&h.base_url(), &dir));
    let o = signoff(&["send", "--plan", &plan, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // No progress line when stderr is not a terminal.
    assert!(o.stderr.is_empty(), "{}", text(&o));
    let d = doc(&o);
    let verified: Vec<&str> = d["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["verified"].as_str().unwrap())
        .collect();
    assert_eq!(verified, ["gone", "gone", "gone", "gone", "cannot_tell"], "{d}");
    assert_eq!(d["summary"]["succeeded"], 5);
    assert_eq!(h.stats().ended.total(), 5);
    // The checks are in the attempts, marked as checks.
    let jde = &d["calls"][0]["attempts"];
    assert_eq!(jde[1]["call"], "validate");
    assert_eq!(jde[1]["check"], true);
    // With verification off, no check is sent.
    let h2 = start();
    let off = write(
        &dir,
        "off.toml",
        &lifecycle_plan(&h2.base_url(), &dir).replace("name = \"AIS\"", "name = \"AIS\"\nverify = false"),
    );
    let d = doc(&signoff(&["send", "--plan", &off, "--json"]));
    assert_eq!(d["calls"][0]["verified"], Value::Null);
    assert_eq!(d["calls"][0]["attempts"].as_array().unwrap().len(), 1);
}

#[test]
fn a_step_can_end_every_session_of_a_user() {
    let h = start();
    let base = h.base_url();
    let dir = tmp("user");
    let plan = write(
        &dir,
        "plan.toml",
        &format!(
            r#"
[[call]]
name = "user3 on OAM"
vendor = "oam"
user = "user3"
params = {{ base_url = "{base}", username = "weblogic", password = "Welcome1" }}
[[call]]
name = "alice on Commvault"
vendor = "commvault"
user = "2"
params = {{ base_url = "{base}/webconsole/api", authtoken = "QSDK demo-admin-token" }}
[[call]]
name = "nobody on OAM"
vendor = "oam"
user = "nobody"
params = {{ base_url = "{base}", username = "weblogic", password = "Welcome1" }}
"#
        ),
    );
    let o = signoff(&["send", "--plan", &plan, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let d = doc(&o);
    let calls = d["calls"].as_array().unwrap();
    assert_eq!(
        (calls[0]["result"].as_str(), calls[0]["ended"].as_u64()),
        (Some("ended"), Some(2))
    );
    assert_eq!(calls[0]["verified"], "gone");
    assert_eq!(
        (calls[1]["result"].as_str(), calls[1]["ended"].as_u64()),
        (Some("ended"), Some(2))
    );
    assert_eq!(calls[1]["verified"], "gone");
    assert_eq!(calls[2]["result"], "nothing_to_end");
    let stats = h.stats();
    assert_eq!((stats.ended.oam, stats.ended.commvault), (2, 2));

    // A vendor that cannot find a user's sessions refuses such a step
    // before anything is sent.
    let bad = write(
        &dir,
        "bad.toml",
        &format!("[[call]]\nvendor = \"jde\"\nuser = \"alice\"\nparams = {{ base_url = \"{base}\" }}\n"),
    );
    let o = signoff(&["send", "--plan", &bad]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("cannot end every session of a user"), "{}", text(&o));
}

#[test]
fn a_busy_server_is_retried_and_every_attempt_reported() {
    let h = start();
    let dir = tmp("retry");
    let base = h.base_url();
    h.fail_next(Vendor::Jde, 503);
    h.fail_next(Vendor::Jde, 503);
    let plan = write(
        &dir,
        "plan.toml",
        &format!(
            "[[call]]\nvendor = \"jde\"\nverify = false\nparams = {{ base_url = \"{base}\", token = \"{}\" }}\n",
            signoff_emulator::DEMO_JDE_TOKEN
        ),
    );
    let d = doc(&signoff(&["send", "--plan", &plan, "--json"]));
    let attempts: Vec<u64> = d["calls"][0]["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_u64().unwrap())
        .collect();
    assert_eq!(attempts, [503, 503, 200], "{d}");
    assert_eq!(d["calls"][0]["result"], "ended");

    // With no retries left, the busy answer is the step's failure.
    h.fail_next(Vendor::Veridata, 503);
    let once = write(
        &dir,
        "once.toml",
        &format!(
            "[[call]]\nvendor = \"veridata\"\nparams = {{ base_url = \"{base}\", token = \"{VERIDATA_TOKEN}\" }}\n"
        ),
    );
    let o = signoff(&["send", "--plan", &once, "--json", "--retries", "0"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(doc(&o)["calls"][0]["result"], "failed");
}

/// A server whose first answer is lost (the connection closes before the
/// status line) and whose second is JD Edwards' dead-token 444: the first
/// attempt ended the session, and the report says how that is known.
#[test]
fn a_lost_answer_then_a_dead_session_is_said_as_such() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        for (i, stream) in listener.incoming().take(2).enumerate() {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            if i == 1 {
                let body = r#"{"message":"Invalid Token"}"#;
                let _ = write!(
                    stream,
                    "HTTP/1.1 444 Invalid Token\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        }
    });
    let dir = tmp("lost");
    let plan = write(
        &dir,
        "plan.toml",
        &format!(
            "[[call]]\nvendor = \"jde\"\nverify = false\nparams = {{ base_url = \"{base}\", token = \"T0KEN-1234\" }}\n"
        ),
    );
    let o = signoff(&["send", "--plan", &plan, "--json"]);
    server.join().unwrap();
    let d = doc(&o);
    assert_eq!(d["calls"][0]["result"], "ended_confirmed_by_dead_session_answer", "{d}");
    assert_eq!(d["calls"][0]["attempts"][0]["outcome"], "transport_error");
    assert_eq!(d["calls"][0]["attempts"][1]["status"], 444);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let human = signoff(&["send", "--plan", &plan]);
    let _ = human;
}

#[test]
fn the_journal_resumes_and_proves_its_own_integrity() {
    let h = start();
    let dir = tmp("journal");
    let plan = write(&dir, "plan.toml", &lifecycle_plan(&h.base_url(), &dir));
    let journal = dir.join("journal.jsonl").display().to_string();
    let o = signoff(&["send", "--plan", &plan, "--json", "--journal", &journal]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let ended = h.stats().ended.total();
    let written = std::fs::read_to_string(&journal).unwrap();
    assert!(!written.contains(signoff_emulator::DEMO_JDE_TOKEN));
    assert!(!written.contains("Welcome1") && !written.contains(VERIDATA_TOKEN));
    let v = signoff(&["journal", "verify", &journal]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));

    // The same plan again: every step is recorded done, nothing is sent.
    let o = signoff(&["send", "--plan", &plan, "--json", "--journal", &journal]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(doc(&o)["summary"]["skipped"], 5);
    assert_eq!(h.stats().ended.total(), ended);
    assert_eq!(signoff(&["journal", "verify", &journal]).status.code(), Some(0));

    // One edited byte, or a cut, and the journal is no longer whole.
    let text_now = std::fs::read_to_string(&journal).unwrap();
    std::fs::write(&journal, text_now.replacen("\"status\":200", "\"status\":201", 1)).unwrap();
    assert_eq!(signoff(&["journal", "verify", &journal]).status.code(), Some(1));
    std::fs::write(&journal, &text_now[..text_now.len() / 2]).unwrap();
    assert_eq!(signoff(&["journal", "verify", &journal]).status.code(), Some(1));
    // A journal of another plan is not resumed.
    std::fs::write(&journal, &text_now).unwrap();
    let other = write(
        &dir,
        "other.toml",
        &lifecycle_plan(&h.base_url(), &dir).replace("\"AIS\"", "\"AIS 2\""),
    );
    let o = signoff(&["send", "--plan", &other, "--journal", &journal]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn a_dry_run_builds_everything_and_sends_nothing() {
    let h = start();
    let dir = tmp("dry");
    let plan = write(&dir, "plan.toml", &lifecycle_plan(&h.base_url(), &dir));
    let o = signoff(&["send", "--plan", &plan, "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("GET /jderest/v2/orchestrator/jde-logout HTTP/1.1"),
        "{out}"
    );
    assert!(out.contains("verify: jde validate"), "{out}");
    assert!(out.contains("verify: cannot_tell"), "{out}");
    assert!(
        !out.contains(signoff_emulator::DEMO_JDE_TOKEN) && !out.contains("Welcome1"),
        "{out}"
    );
    assert_eq!(h.stats().ended.total(), 0);
    // A step that does not build: printed as refused, exit 2.
    let bad = write(
        &dir,
        "bad.toml",
        &format!(
            "{}\n[[call]]\nvendor = \"jde\"\nparams = {{ base_url = \"{}\", token = \"a\\r\\nb\" }}\n",
            lifecycle_plan(&h.base_url(), &dir),
            h.base_url()
        ),
    );
    let o = signoff(&["send", "--plan", &bad, "--dry-run"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("refused: call 6"), "{}", text(&o));
    assert_eq!(h.stats().ended.total(), 0);
}

#[test]
fn plan_only_flags_and_bad_values_are_refused() {
    for args in [
        &[
            "send",
            "jde",
            "--json",
            "--param",
            "base_url=http://127.0.0.1:1",
            "--param",
            "token=t",
        ][..],
        &[
            "send",
            "jde",
            "--concurrency",
            "2",
            "--param",
            "base_url=http://127.0.0.1:1",
        ],
        &["send", "jde", "--dry-run"],
        &["send", "jde", "--journal", "j.jsonl"],
    ] {
        let o = signoff(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains("Usage: signoff send"), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains("is for an offboarding plan"),
            "{args:?}: {}",
            text(&o)
        );
    }
    for (args, flag) in [
        (
            &[
                "send",
                "jde",
                "--timeout",
                "0",
                "--param",
                "base_url=http://127.0.0.1:1",
            ][..],
            "--timeout",
        ),
        (&["send", "--plan", "p.toml", "--concurrency", "0"], "--concurrency"),
    ] {
        let o = signoff(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(flag), "{args:?}: {}", text(&o));
    }
    let o = signoff(&["send", "--version"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("signoff ") && !out.contains("signoff-send"), "{out}");
}

/// A server that answers `head` and then holds the connection open for
/// `hold`, sending nothing more.
fn answering_then_stalling(head: &'static [u8], hold: std::time::Duration) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let t = std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(head);
            std::thread::sleep(hold);
        }
    });
    (base, t)
}

fn jde_send(base: &str, timeout: &str) -> Output {
    signoff(&[
        "send",
        "jde",
        "--timeout",
        timeout,
        "--param",
        &format!("base_url={base}"),
        "--param",
        "token=T0KEN-1234",
    ])
}

/// A body read that fails is classified by what failed inside it: a body
/// that stalls after the headers is a timeout, a malformed chunk is a
/// protocol error.
#[test]
fn a_failed_body_read_says_what_failed() {
    let (base, t) = answering_then_stalling(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"status\":",
        std::time::Duration::from_secs(3),
    );
    let o = jde_send(&base, "1");
    let _ = t.join();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert_eq!(doc(&o)["transport"]["kind"], "timeout", "{}", text(&o));

    let (base, t) = answering_then_stalling(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n",
        std::time::Duration::from_millis(200),
    );
    let o = jde_send(&base, "5");
    let _ = t.join();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert_eq!(doc(&o)["transport"]["kind"], "protocol", "{}", text(&o));
}

/// `decode` and `send` print a report with its keys in one order.
#[test]
fn decode_and_send_print_keys_in_one_order() {
    let (base, t) = answering_then_stalling(
        b"HTTP/1.1 444 Invalid Token\r\ncontent-type: application/json\r\ncontent-length: 27\r\nconnection: close\r\n\r\n{\"message\":\"Invalid Token\"}",
        std::time::Duration::from_millis(10),
    );
    let sent = jde_send(&base, "5");
    let _ = t.join();
    let decoded = Command::new(env!("CARGO_BIN_EXE_signoff"))
        .args([
            "decode",
            "jde",
            "--status",
            "444",
            "-H",
            "content-type: application/json",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(br#"{"message":"Invalid Token"}"#)?;
            c.wait_with_output()
        })
        .unwrap();
    let keys = |o: &Output| -> Vec<String> {
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let v: Value = serde_json::from_str(&text).unwrap();
        let mut order: Vec<(usize, String)> = v
            .as_object()
            .unwrap()
            .keys()
            .map(|k| (text.find(&format!("\"{k}\":")).unwrap(), k.clone()))
            .collect();
        order.sort();
        order.into_iter().map(|(_, k)| k).collect()
    };
    assert_eq!(keys(&sent), keys(&decoded));
}
