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
    // Sessions know their user: another user's list does not hold it.
    let other = exchange(
        &e,
        "commvault",
        "sessions",
        json!({"base_url": base, "authtoken": token, "user_id": "2"}),
    );
    let other: Value = serde_json::from_slice(other.body()).unwrap();
    assert!(!other.to_string().contains(&id), "{other}");
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

/// The configured users, and only they, log in: each vendor with a login
/// accepts a user from `--config` and refuses a wrong password.
#[test]
fn configured_users_log_in_and_no_one_else() {
    let config = Config::from_toml_str(
        r#"
[[jde.users]]
username = "carol"
password = "c4rol-pw"
[[veridata.users]]
username = "carol"
password = "c4rol-pw"
[[commvault.users]]
username = "carol"
password = "c4rol-pw"
"#,
    )
    .unwrap();
    let e = Emulator::new(config);
    let base = "http://127.0.0.1:9/webconsole/api";
    for (vendor, base) in [("jde", BASE), ("veridata", BASE), ("commvault", base)] {
        let answer = exchange(
            &e,
            vendor,
            "login",
            json!({"base_url": base, "username": "carol", "password": "c4rol-pw"}),
        );
        success(vendor, "login", &answer);
        if vendor == "commvault" {
            // The reference's XML form of the login, answered in JSON.
            let xml = json!({"base_url": base, "username": "carol", "password": "c4rol-pw", "body_format": "xml"});
            success(vendor, "login", &exchange(&e, vendor, "login", xml));
        }
        for (user, password) in [("carol", "wrong"), ("demo", "demo")] {
            let answer = exchange(
                &e,
                vendor,
                "login",
                json!({"base_url": base, "username": user, "password": password}),
            );
            let report = codec(vendor)
                .unwrap()
                .decode("login", &answer, &DecodeOptions::default())
                .unwrap();
            assert_eq!(report.outcome.name(), "api_error", "{vendor} {user}: {report:?}");
        }
    }
}

/// Commvault's session details answer per user (a user's id is its
/// position in the configuration), and keep an ended session with its
/// logout time: the one opened by a login ends with that login's own
/// logout.
#[test]
fn commvault_sessions_belong_to_their_user_and_show_their_end() {
    let e = Emulator::new(Config::demo());
    let base = "http://127.0.0.1:9/webconsole/api";
    let list = |token: &str, user: &str| -> Vec<Value> {
        let answer = exchange(
            &e,
            "commvault",
            "sessions",
            json!({"base_url": base, "authtoken": token, "user_id": user}),
        );
        success("commvault", "sessions", &answer);
        let v: Value = serde_json::from_slice(answer.body()).unwrap();
        v["sessions"].as_array().unwrap().clone()
    };
    let admin = signoff_emulator::DEMO_COMMVAULT_TOKEN;
    let alice = list(admin, "2");
    let ids: Vec<&str> = alice.iter().filter_map(|s| s["sessionId"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "DEMO0001-0000-4000-8000-000000000001",
            "DEMO0002-0000-4000-8000-000000000002"
        ]
    );
    assert!(
        alice
            .iter()
            .all(|s| s["user"]["userName"] == "alice" && s["logoutTime"] == 0)
    );
    assert_eq!(list(admin, "1").len(), 2, "demo's two sample sessions");

    let answer = exchange(
        &e,
        "commvault",
        "login",
        json!({"base_url": base, "username": "alice", "password": "alice"}),
    );
    let token = token_of(&answer, &["token"]);
    let opened = list(admin, "2");
    assert_eq!(opened.len(), 3);
    success(
        "commvault",
        "logout_self",
        &exchange(
            &e,
            "commvault",
            "logout_self",
            json!({"base_url": base, "authtoken": token}),
        ),
    );
    let after = list(admin, "2");
    let ended: Vec<&Value> = after.iter().filter(|s| s["logoutTime"] != 0).collect();
    assert_eq!(ended.len(), 1, "{after:?}");
    assert!(ended[0]["sessionId"].as_str().unwrap().starts_with("EMU-SESSION-"));
    assert!(ended[0]["logoutTime"].as_u64().unwrap() >= ended[0]["loginTime"].as_u64().unwrap());

    // A deletion also leaves the session listed, ended.
    let one = json!({"base_url": base, "authtoken": admin, "session_ids": ["DEMO0001-0000-4000-8000-000000000001"]});
    success("commvault", "logout", &exchange(&e, "commvault", "logout", one.clone()));
    let after = list(admin, "2");
    assert_eq!(after.iter().filter(|s| s["logoutTime"] != 0).count(), 2);
    assert_eq!(e.stats().live.commvault, 3, "two of demo's, one of alice's");
    // Ending it again is the vendor's dead-session answer.
    let again = codec("commvault")
        .unwrap()
        .decode(
            "logout",
            &exchange(&e, "commvault", "logout", one),
            &DecodeOptions::default(),
        )
        .unwrap();
    assert_eq!(again.outcome.name(), "api_error");
}
