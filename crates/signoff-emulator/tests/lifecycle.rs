//! A session's whole life against the emulator's demo table, through the
//! registry only (as any data-driven caller drives it): log in (or take a
//! demo session), ask the probe (alive), end the session, ask again
//! (gone). Compute Enclave documents no probe: its check is cannot tell.

use bytes::Bytes;
use serde_json::{Value, json};
use signoff::core::Liveness;
use signoff::{DecodeOptions, codec};
use signoff_emulator::{Config, Emulator};

const BASE: &str = "http://127.0.0.1:9";

/// Builds `call` of `vendor` from `params` and answers it in process.
fn exchange(emulator: &Emulator, vendor: &str, call: &str, params: Value) -> http::Response<Bytes> {
    let request = codec(vendor)
        .unwrap()
        .build(call, params)
        .unwrap_or_else(|e| panic!("{vendor} {call}: {e}"));
    emulator.respond(&request)
}

/// What the ending call's probe says now.
fn probe(emulator: &Emulator, vendor: &str, ending: &str, ended: &Value, needs: &[(&str, &str)]) -> Liveness {
    let c = codec(vendor).unwrap();
    let probe = c
        .probe(ending)
        .unwrap_or_else(|| panic!("{vendor} {ending} has no probe"));
    let mut params = probe.params_from(ended).unwrap();
    for (k, v) in needs {
        params[*k] = json!(v);
    }
    let response = exchange(emulator, vendor, probe.call, params);
    c.liveness(probe.call, &response, &DecodeOptions::default(), ended)
        .unwrap()
}

/// The secret a login report hides, read from the raw answer.
fn token_of(response: &http::Response<Bytes>, path: &[&str]) -> String {
    let v: Value = serde_json::from_slice(response.body()).unwrap();
    path.iter().fold(&v, |v, k| &v[*k]).as_str().unwrap().to_owned()
}

fn success(vendor: &str, call: &str, response: &http::Response<Bytes>) {
    let report = codec(vendor)
        .unwrap()
        .decode(call, response, &DecodeOptions::default())
        .unwrap();
    assert_eq!(report.outcome.name(), "success", "{vendor} {call}: {report:?}");
}

#[test]
fn veridata_login_extend_logout_extend() {
    let e = Emulator::new(Config::demo());
    let answer = exchange(
        &e,
        "veridata",
        "login",
        json!({"base_url": BASE, "username": "demo", "password": "demo"}),
    );
    success("veridata", "login", &answer);
    let ended = json!({"base_url": BASE, "token": token_of(&answer, &["token"])});
    assert_eq!(probe(&e, "veridata", "logout", &ended, &[]), Liveness::Alive);
    success("veridata", "logout", &exchange(&e, "veridata", "logout", ended.clone()));
    assert_eq!(probe(&e, "veridata", "logout", &ended, &[]), Liveness::Gone);
}

#[test]
fn jde_login_validate_logout_validate() {
    for ending in ["logout", "logout_token"] {
        let e = Emulator::new(Config::demo());
        let answer = exchange(
            &e,
            "jde",
            "login",
            json!({"base_url": BASE, "username": "demo", "password": "demo"}),
        );
        success("jde", "login", &answer);
        let ended = json!({"base_url": BASE, "token": token_of(&answer, &["userInfo", "token"])});
        assert_eq!(probe(&e, "jde", ending, &ended, &[]), Liveness::Alive, "{ending}");
        success("jde", ending, &exchange(&e, "jde", ending, ended.clone()));
        assert_eq!(probe(&e, "jde", ending, &ended, &[]), Liveness::Gone, "{ending}");
    }
}

#[test]
fn commvault_login_sessions_logout_sessions() {
    let e = Emulator::new(Config::demo());
    let base = "http://127.0.0.1:9/webconsole/api";
    let answer = exchange(
        &e,
        "commvault",
        "login",
        json!({"base_url": base, "username": "demo", "password": "demo"}),
    );
    success("commvault", "login", &answer);
    let token = token_of(&answer, &["token"]);
    let list = exchange(
        &e,
        "commvault",
        "sessions",
        json!({"base_url": base, "authtoken": token, "user_id": "1"}),
    );
    let listed: Value = serde_json::from_slice(list.body()).unwrap();
    let id = listed["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["sessionId"].as_str())
        .find(|id| id.starts_with("EMU-SESSION-"))
        .unwrap()
        .to_owned();
    // Sessions know their user: another user's list holds none of them.
    let other = exchange(
        &e,
        "commvault",
        "sessions",
        json!({"base_url": base, "authtoken": token, "user_id": "2"}),
    );
    let other: Value = serde_json::from_slice(other.body()).unwrap();
    assert_eq!(other["sessions"].as_array().map(Vec::len), Some(0), "{other}");
    let ended = json!({"base_url": base, "authtoken": token, "session_ids": [id]});
    assert_eq!(
        probe(&e, "commvault", "logout", &ended, &[("user_id", "1")]),
        Liveness::Alive
    );
    success(
        "commvault",
        "logout",
        &exchange(&e, "commvault", "logout", ended.clone()),
    );
    assert_eq!(
        probe(&e, "commvault", "logout", &ended, &[("user_id", "1")]),
        Liveness::Gone
    );
}

#[test]
fn oam_session_delete_session() {
    let e = Emulator::new(Config::demo());
    let ended = json!({
        "base_url": BASE, "username": "weblogic", "password": "Welcome1",
        "session_id": "3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA=",
    });
    assert_eq!(probe(&e, "oam", "logout", &ended, &[]), Liveness::Alive);
    success("oam", "logout", &exchange(&e, "oam", "logout", ended.clone()));
    assert_eq!(probe(&e, "oam", "logout", &ended, &[]), Liveness::Gone);
}

#[test]
fn compute_enclave_has_no_probe() {
    assert!(codec("oci").unwrap().probe("logout").is_none());
}
