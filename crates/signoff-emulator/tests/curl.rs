//! The seed pages' own examples, repaired of their scrape damage and
//! pointed at the emulator, run with `curl` when it is on PATH (skipped
//! with a note otherwise). Each produces the page's documented result.
//!
//! Repairs: OAM's first example loses the `???` around its URL (curly
//! quotes lost in the scrape) and the space after `sessionId=`, and its
//! `<Base64 encoded auth header>` becomes the demo administrator's; the
//! JD Edwards example keeps its token (the demo table holds it); the
//! Commvault sample request (raw HTTP, not curl) becomes a curl call with
//! its six-line token joined and its body, `</Api_LogoffUsersRequest >`
//! included, sent as is.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests run curl against a loopback server"
)]

use std::process::Command;

use signoff_emulator::{Config, DEMO_COMMVAULT_TOKEN, Emulator};

fn curl_available() -> bool {
    let ok = Command::new("curl")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: curl is not on PATH; the seed pages' curl examples were not run");
    }
    ok
}

/// Runs curl with `args`; returns (status, body).
fn curl(args: &[&str]) -> (u16, String) {
    let mut all = vec!["-sS", "--max-time", "10", "-w", "\n%{http_code}"];
    all.extend_from_slice(args);
    let o = Command::new("curl").args(&all).output().unwrap();
    assert!(
        o.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    let (body, code) = out.rsplit_once('\n').unwrap();
    (code.parse().unwrap(), body.to_owned())
}

/// `weblogic:Welcome1`, the demo administrator, in Base64.
const BASIC: &str = "Authorization: Basic d2VibG9naWM6V2VsY29tZTE=";

#[test]
fn oam_seed_examples() {
    if !curl_available() {
        return;
    }
    let h = Emulator::new(Config::demo())
        .spawn("127.0.0.1:0".parse().unwrap())
        .unwrap();
    let base = h.base_url();
    // Example 1: delete a single session by id.
    let url = format!(
        "{base}/oam/services/rest/access/api/v1/session?sessionId=3b844e4d-9019-4928-9dca-3ba2ebbf475d%7CU90idWYSK4hXcdo6LlVD2%2BJuHBLvbGtCbbhlfmoDvMA%3D"
    );
    let (status, body) = curl(&[
        "-H",
        "Content-Type: application/json",
        "-H",
        BASIC,
        "-X",
        "DELETE",
        &url,
    ]);
    assert_eq!(status, 200, "{body}");
    let results = signoff_oam::decode_xml(body.as_bytes()).unwrap();
    assert_eq!(results.total_records, Some(1));
    let s = &results.sessions[0];
    assert_eq!(
        s.session_id.as_deref(),
        Some("3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA=")
    );
    assert_eq!(
        (s.user_id.as_deref(), s.id_store_name.as_deref(), s.is_impersonating),
        (Some("user5"), Some("UserIdentityStore1"), Some(false))
    );
    assert!(body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SessionResults>"));
    // Sent again: the session is gone.
    assert_eq!(curl(&["-H", BASIC, "-X", "DELETE", &url]).0, 404);

    // Example 2: delete every session of user3.
    let url = format!("{base}/oam/services/rest/access/api/v1/session?userId=user3");
    let (status, body) = curl(&[
        "-H",
        "Content-Type: application/json",
        "-H",
        BASIC,
        "-X",
        "DELETE",
        &url,
    ]);
    assert_eq!(status, 200, "{body}");
    let results = signoff_oam::decode_xml(body.as_bytes()).unwrap();
    assert_eq!(results.total_records, Some(2));
    let ids: Vec<_> = results.sessions.iter().map(|s| s.session_id.clone().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "32de23f1-9f53-47e7-b4d5-9d0376187241|c+4quN74tM7P6qvbYVqa6BQOg3RYHDsFT3PzPajvEzM=",
            "3e8fd79e-03b8-4c90-bf4d-964119460a0a|c+4quN74tM7P6qvbYVqa6BQOg3RYHDsFT3PzPajvEzM=",
        ]
    );
    assert_eq!(h.stats().live.oam, 0);
}

#[test]
fn jde_seed_example() {
    if !curl_available() {
        return;
    }
    let h = Emulator::new(Config::demo())
        .spawn("127.0.0.1:0".parse().unwrap())
        .unwrap();
    let url = format!("{}/jderest/v2/orchestrator/jde-logout", h.base_url());
    let auth = "jde-AIS-Auth:044MyjuQDgaZAYfKd0ZEAUqM6x1LcnwBAblOqcGLL9KN98=MDE5MDEyNjU0MzUyNzQ1ODIwMjE1MTY5NTEwLjcxLjYyLjEyMzE3NTcxMDA0NjI3OTI=";
    let (status, body) = curl(&[&url, "-H", "Accept: application/json", "-H", auth]);
    assert_eq!((status, body.as_str()), (200, r#"{"status":"Success"}"#));
    let (status, body) = curl(&[&url, "-H", "Accept: application/json", "-H", auth]);
    assert_eq!(status, 444, "{body}");
    assert!(body.contains("Invalid Token"));
}

#[test]
fn commvault_sample_request() {
    if !curl_available() {
        return;
    }
    let h = Emulator::new(Config::demo())
        .spawn("127.0.0.1:0".parse().unwrap())
        .unwrap();
    let url = format!("{}/webconsole/api/Sessions", h.base_url());
    let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n <Api_LogoffUsersRequest>\n   <sessions val=\"EMCAE92D1DD-0C68-49A6-BEBB-404D96D7A4BF\"/>\n   <sessions val=\"CF1C660B-396F-44B7-86DA-5608CEC97453\"/>\n</Api_LogoffUsersRequest >\n";
    let token = format!("Authtoken: {DEMO_COMMVAULT_TOKEN}");
    let args = [
        "-X",
        "DELETE",
        &url,
        "-H",
        "Accept: application/xml",
        "-H",
        &token,
        "-H",
        "Content-type: application/xml",
        "--data-binary",
        body,
    ];
    let (status, answer) = curl(&args);
    assert_eq!((status, answer.as_str()), (200, "<Api_LogoffUsersResponse />"));
    let (status, answer) = curl(&args);
    assert_eq!(status, 401, "{answer}");
    assert_eq!(h.stats().ended.commvault, 2);
}

/// The value of `key` in a JSON answer, reached through `path`.
fn json_at(body: &str, path: &[&str]) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    path.iter().fold(&v, |v, k| &v[*k]).as_str().unwrap().to_owned()
}

/// Login to logout with curl, as the vendors' references show each call:
/// log in (OAM: an administrator's credentials, it has no login), see the
/// session live, end it, see it gone. Compute Enclave's signed requests
/// are beyond curl; its round trip runs through the codec in
/// `tests/emulator.rs`.
#[test]
fn login_to_logout_round_trips() {
    if !curl_available() {
        return;
    }
    let h = Emulator::new(Config::demo())
        .spawn("127.0.0.1:0".parse().unwrap())
        .unwrap();
    let base = h.base_url();

    // JD Edwards: Basic token request, validate, orchestrator logout, validate.
    let (status, body) = curl(&[
        "-X",
        "POST",
        &format!("{base}/jderest/v2/tokenrequest"),
        "-H",
        "Accept: application/json",
        "-H",
        "Authorization: Basic ZGVtbzpkZW1v",
    ]);
    assert_eq!(status, 200, "{body}");
    let auth = format!("jde-AIS-Auth: {}", json_at(&body, &["userInfo", "token"]));
    let validate = format!("{base}/jderest/v2/orchestrator/jde-validate-session");
    assert_eq!(curl(&[&validate, "-H", &auth]).0, 200);
    assert_eq!(
        curl(&[&format!("{base}/jderest/v2/orchestrator/jde-logout"), "-H", &auth]).0,
        200
    );
    assert_eq!(curl(&[&validate, "-H", &auth]).0, 403);

    // Veridata: Basic login, extend, invalidate, extend.
    let (status, body) = curl(&[
        &format!("{base}/veridata/v1/auth/login"),
        "-H",
        "Authorization: Basic ZGVtbzpkZW1v",
    ]);
    assert_eq!(status, 200, "{body}");
    let bearer = format!("Authorization: Bearer {}", json_at(&body, &["token"]));
    let extend = format!("{base}/veridata/v1/session/extend");
    assert_eq!(curl(&[&extend, "-H", &bearer]).0, 200);
    assert_eq!(
        curl(&[&format!("{base}/veridata/v1/session/invalidate"), "-H", &bearer]).0,
        200
    );
    assert_eq!(curl(&[&extend, "-H", &bearer]).0, 401);

    // Commvault: JSON login (the password base64), its own logout, then the
    // token opens nothing.
    let (status, body) = curl(&[
        "-X",
        "POST",
        &format!("{base}/webconsole/api/Login"),
        "-H",
        "Content-Type: application/json",
        "-H",
        "Accept: application/json",
        "-d",
        r#"{"username":"demo","password":"ZGVtbw=="}"#,
    ]);
    assert_eq!(status, 200, "{body}");
    let token = format!("Authtoken: {}", json_at(&body, &["token"]));
    let sessions = format!("{base}/webconsole/api/Session?userId=1");
    assert_eq!(curl(&[&sessions, "-H", &token]).0, 200);
    let (status, body) = curl(&["-X", "POST", &format!("{base}/webconsole/api/Logout"), "-H", &token]);
    assert_eq!((status, body.as_str()), (200, "User logged out"));
    assert_eq!(curl(&[&sessions, "-H", &token]).0, 401);
    // The session the login opened is listed as ended, with its logout time.
    let admin = format!("Authtoken: {}", signoff_emulator::DEMO_COMMVAULT_TOKEN);
    let (status, body) = curl(&[&sessions, "-H", &admin, "-H", "Accept: application/json"]);
    assert_eq!(status, 200, "{body}");
    let listed: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ended = listed["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["sessionId"].as_str().is_some_and(|id| id.starts_with("EMU-SESSION-")))
        .map(|s| s["logoutTime"].as_u64().unwrap())
        .collect::<Vec<_>>();
    assert!(matches!(ended[..], [t] if t > 0), "{body}");

    // OAM has no login (an administrator's Basic credentials): search a
    // user's sessions, look one up, delete it, look again.
    let api = format!("{base}/oam/services/rest/access/api/v1");
    let (status, body) = curl(&[
        "-X",
        "POST",
        &format!("{api}/sessions"),
        "-H",
        BASIC,
        "-H",
        "Content-Type: application/json",
        "-H",
        "Accept: application/json",
        "-d",
        r#"{"userId":"user5"}"#,
    ]);
    assert_eq!(status, 200, "{body}");
    let found: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = found["sessions"][0]["sessionId"].as_str().unwrap().to_owned();
    let encoded = percent_encoding::utf8_percent_encode(&id, percent_encoding::NON_ALPHANUMERIC).to_string();
    let lookup = format!("{api}/session/{encoded}");
    let json = "Accept: application/json";
    assert_eq!(curl(&[&lookup, "-H", BASIC, "-H", json]).0, 200);
    let delete = format!("{api}/session?sessionId={encoded}");
    assert_eq!(curl(&["-X", "DELETE", &delete, "-H", BASIC]).0, 200);
    assert_eq!(curl(&[&lookup, "-H", BASIC, "-H", json]).0, 404);
}
