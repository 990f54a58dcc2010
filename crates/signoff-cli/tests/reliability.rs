//! Offboarding at scale against the emulator: a plan ending 1,000
//! sessions across the five vendors, with faults injected (busy answers,
//! a 429 asking to wait, resets, a stall past the timeout), killed midway
//! and run again with its journal, ends every session exactly once and
//! reports every step truthfully; the journal verifies, and one edited
//! byte makes it fail.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "the test runs the binary, opens sockets, writes files and waits"
)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use signoff_emulator::{Config, Emulator, Fault, Vendor};

const OCI: usize = 20;
const VERIDATA: usize = 300;
const JDE: usize = 280;
/// Commvault users, and sessions each.
const COMMVAULT: (usize, usize) = (5, 40);
/// OAM users with many sessions (more than one deletion of 28 each), and
/// users with few.
const OAM_MANY: (usize, usize) = (2, 60);
const OAM_FEW: (usize, usize) = (8, 10);

fn oci_key_id(i: usize) -> String {
    format!(
        "{}/ocid1.user.oc1..rel{i}/{}",
        signoff_emulator::DEMO_OCI_TENANCY,
        signoff_emulator::DEMO_OCI_FINGERPRINT
    )
}

/// The session table: 1,000 live sessions.
fn config() -> String {
    let mut t = String::new();
    for i in 0..OCI {
        let _ = writeln!(
            t,
            "[[oci.keys]]\nkey_id = \"{}\"\npublic_key_pem = \"@demo\"",
            oci_key_id(i)
        );
    }
    let tokens: Vec<String> = (0..VERIDATA).map(|i| format!("\"rel-vd-{i}\"")).collect();
    let _ = writeln!(t, "[veridata]\ntokens = [{}]", tokens.join(","));
    let _ = writeln!(t, "[commvault]\ntokens = [\"QSDK rel-admin\"]");
    for u in 0..COMMVAULT.0 {
        let ids: Vec<String> = (0..COMMVAULT.1).map(|i| format!("\"CV-{u}-{i}\"")).collect();
        let _ = writeln!(
            t,
            "[[commvault.users]]\nusername = \"cv{u}\"\npassword = \"pw\"\nsessions = [{}]",
            ids.join(",")
        );
    }
    let _ = writeln!(t, "[[oam.admins]]\nusername = \"weblogic\"\npassword = \"Welcome1\"");
    for (prefix, (users, each)) in [("many", OAM_MANY), ("few", OAM_FEW)] {
        for u in 0..users {
            for i in 0..each {
                let _ = writeln!(
                    t,
                    "[[oam.sessions]]\nsession_id = \"OAM-{prefix}{u}-{i}\"\nuser_id = \"{prefix}{u}\""
                );
            }
        }
    }
    for i in 0..JDE {
        let _ = writeln!(t, "[[jde.tokens]]\ntoken = \"rel-jde-{i}\"");
    }
    t
}

/// One step per Veridata, JD Edwards and Compute Enclave session, one per
/// Commvault and OAM user.
fn plan_text(base: &str) -> String {
    let mut p = String::from("concurrency = 8\ntimeout = 2\nmax_wait = 2\n");
    for i in 0..VERIDATA {
        let _ = writeln!(
            p,
            "[[call]]\nname = \"vd{i}\"\nvendor = \"veridata\"\nparams = {{ base_url = \"{base}\", token = \"rel-vd-{i}\" }}"
        );
    }
    for i in 0..JDE {
        let _ = writeln!(
            p,
            "[[call]]\nname = \"jde{i}\"\nvendor = \"jde\"\nparams = {{ base_url = \"{base}\", token = \"rel-jde-{i}\" }}"
        );
    }
    for i in 0..OCI {
        let _ = writeln!(
            p,
            "[[call]]\nname = \"oci{i}\"\nvendor = \"oci\"\nsecret_file = {{ private_key_pem = \"oci.pem\" }}\n\
             params = {{ endpoint = \"{base}\", tenancy_ocid = \"{}\", user_ocid = \"ocid1.user.oc1..rel{i}\", fingerprint = \"{}\" }}",
            signoff_emulator::DEMO_OCI_TENANCY,
            signoff_emulator::DEMO_OCI_FINGERPRINT
        );
    }
    for u in 0..COMMVAULT.0 {
        let _ = writeln!(
            p,
            "[[call]]\nname = \"cv{u}\"\nvendor = \"commvault\"\nuser = \"{}\"\nparams = {{ base_url = \"{base}/webconsole/api\", authtoken = \"QSDK rel-admin\" }}",
            u + 1
        );
    }
    for (prefix, (users, _)) in [("many", OAM_MANY), ("few", OAM_FEW)] {
        for u in 0..users {
            let _ = writeln!(
                p,
                "[[call]]\nname = \"oam-{prefix}{u}\"\nvendor = \"oam\"\nuser = \"{prefix}{u}\"\nparams = {{ base_url = \"{base}\", username = \"weblogic\", password = \"Welcome1\" }}"
            );
        }
    }
    p
}

fn step_lines(journal: &Path) -> usize {
    std::fs::read_to_string(journal)
        .map(|t| t.lines().filter(|l| l.contains("\"type\":\"step\"")).count())
        .unwrap_or(0)
}

#[test]
fn a_thousand_sessions_end_exactly_once_through_faults_and_a_kill() {
    let config = Config::from_toml_str(&config()).unwrap();
    let h = Emulator::new(config).spawn("127.0.0.1:0".parse().unwrap()).unwrap();
    assert_eq!(h.stats().live.total(), 1000);
    let dir = std::env::temp_dir().join(format!("signoff-reliability-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("oci.pem"), signoff_emulator::DEMO_OCI_PRIVATE_KEY_PEM).unwrap();
    let plan = dir.join("plan.toml");
    std::fs::write(&plan, plan_text(&h.base_url())).unwrap();
    let journal = dir.join("journal.jsonl");
    let args = |json: bool| {
        let mut a = vec![
            "send".to_owned(),
            "--plan".to_owned(),
            plan.display().to_string(),
            "--journal".to_owned(),
            journal.display().to_string(),
        ];
        if json {
            a.push("--json".to_owned());
        }
        a
    };
    // Busy servers along the way.
    for vendor in [
        Vendor::Jde,
        Vendor::Veridata,
        Vendor::Oam,
        Vendor::Commvault,
        Vendor::Oci,
    ] {
        h.fail_next(vendor, 503);
        h.fail_next(vendor, 503);
    }
    h.inject(Vendor::Jde, Fault::status(429).with_retry_after(1), 2);
    h.inject(Vendor::Veridata, Fault::Reset, 2);
    h.inject(Vendor::Commvault, Fault::Reset, 1);
    h.inject(Vendor::Oam, Fault::Stall, 1);

    // The first run, killed once a good part is done.
    let mut child = Command::new(env!("CARGO_BIN_EXE_signoff"))
        .args(args(false))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while step_lines(&journal) < 150 && started.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    let ended_first = h.stats().ended.total();
    assert!(
        ended_first > 0 && ended_first < 1000,
        "the kill came at {ended_first} sessions"
    );
    // Killed mid-run: the journal is whole up to its last line, but the
    // run has no end.
    let verify = |path: &Path| {
        Command::new(env!("CARGO_BIN_EXE_signoff"))
            .args(["journal", "verify", &path.display().to_string()])
            .output()
            .unwrap()
    };
    assert_eq!(verify(&journal).status.code(), Some(1));

    // The same plan again with its journal: the rest ends, nothing twice.
    let o = Command::new(env!("CARGO_BIN_EXE_signoff"))
        .args(args(true))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(o.status.code(), Some(0), "{}", doc["summary"]);
    let stats = h.stats();
    assert_eq!(stats.live.total(), 0, "{stats:?}");
    assert_eq!(stats.ended.total(), 1000, "every session ended exactly once: {stats:?}");
    let calls = doc["calls"].as_array().unwrap();
    let skipped = calls.iter().filter(|c| c["result"] == "skipped").count();
    assert!(skipped >= 150, "{skipped} skipped");
    for c in calls {
        // Truthful: each step ended (or was done before), and every check
        // that ran says gone, except Compute Enclave's, which cannot tell.
        let result = c["result"].as_str().unwrap();
        assert!(
            [
                "ended",
                "nothing_to_end",
                "skipped",
                "ended_confirmed_by_dead_session_answer"
            ]
            .contains(&result),
            "{c}"
        );
        if result != "skipped" {
            let expected = if c["vendor"] == "oci" { "cannot_tell" } else { "gone" };
            assert_eq!(c["verified"], expected, "{c}");
        }
    }
    assert_eq!(
        verify(&journal).status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify(&journal).stdout)
    );
    let whole = std::fs::read_to_string(&journal).unwrap();
    // Every fault was met, recorded, and retried past (across both runs).
    assert_eq!(
        whole.matches("\"status\":503").count(),
        10,
        "the ten 503s in the journal"
    );
    assert_eq!(whole.matches("\"status\":429").count(), 2, "the two 429s");
    assert_eq!(
        whole.matches("\"retry_after\":1,").count(),
        2,
        "each asking to wait a second"
    );
    // Three resets (no answer: an I/O failure) and a stall (a timeout),
    // each retried.
    assert_eq!(whole.matches("\"transport\":\"io\"").count(), 3, "three resets");
    assert_eq!(whole.matches("\"transport\":\"timeout\"").count(), 1, "a stall");
    assert!(!whole.contains("Welcome1") && !whole.contains("rel-vd-") && !whole.contains("rel-jde-"));
    let at = whole.find("\"status\":200").unwrap() + "\"status\":20".len();
    let mut edited = whole.clone().into_bytes();
    edited[at] = b'1';
    std::fs::write(&journal, edited).unwrap();
    assert_eq!(verify(&journal).status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}
