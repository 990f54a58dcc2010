//! The secret canary (issue 7): every secret-bearing parameter of every
//! vendor set to a canary value, and the canary looked for in every `Debug`
//! and `Display` of builders, params, requests, errors and reports.

use bytes::Bytes;
use serde_json::{Value, json};
use signoff::{DecodeOptions, codec, render_request};

const CANARY: &str = "CANARY-7f3a9c";

const KEY: &str = include_str!("../../signoff-oci/testdata/vector-key.pem");

/// Valid params of every call, with every secret set to a canary.
fn cases() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        (
            "oci",
            "logout",
            json!({
                "endpoint": "https://iaas.enclave.example.com",
                "tenancy_ocid": "ocid1.tenancy.oc1..t", "user_ocid": "ocid1.user.oc1..u",
                "fingerprint": "53:75:5d", "private_key_pem": KEY, "passphrase": CANARY,
                "date": "Mon, 23 Nov 2026 22:00:00 GMT",
            }),
        ),
        (
            "veridata",
            "logout",
            json!({"base_url": "http://v:8830", "token": CANARY}),
        ),
        (
            "veridata",
            "login",
            json!({"base_url": "http://v:8830", "username": "admin", "password": CANARY}),
        ),
        (
            "commvault",
            "logout",
            json!({"base_url": "https://cv/webconsole/api", "authtoken": format!("QSDK {CANARY}"), "session_ids": ["s1"]}),
        ),
        (
            "oam",
            "logout",
            json!({"base_url": "http://oam:14100", "username": "weblogic", "password": CANARY, "session_id": "x"}),
        ),
        (
            "jde",
            "logout",
            json!({"base_url": "https://ais", "token": CANARY, "device": "d"}),
        ),
    ]
}

fn clean(what: &str, text: &str) {
    assert!(!text.contains(CANARY), "{what} leaks the canary: {text}");
    assert!(
        !text.contains("MIIEpAIBAAKCAQEA"),
        "{what} leaks the private key: {text}"
    );
}

#[test]
fn requests_never_show_secrets_unless_asked() {
    for (vendor, call, params) in cases() {
        let request = codec(vendor).unwrap().build(call, params).unwrap();
        clean(&format!("{vendor} {call} Debug"), &format!("{request:?}"));
        clean(&format!("{vendor} {call} rendered"), &render_request(&request, false));
        assert!(
            render_request(&request, false).contains("[REDACTED]"),
            "{vendor} {call}"
        );
    }
    // Asking shows them: the flag is not a no-op.
    let (_, _, params) = cases().into_iter().find(|c| c.0 == "jde").unwrap();
    let request = codec("jde").unwrap().build("logout", params).unwrap();
    assert!(render_request(&request, true).contains(CANARY));
}

#[test]
fn refusals_never_quote_secrets() {
    for (vendor, call, params) in cases() {
        let c = codec(vendor).unwrap();
        // A secret that cannot stand where it goes, and a secret beside
        // another parameter's refusal.
        for secret in c.secret_params(call) {
            let mut p = params.clone();
            if p.get(*secret).is_some_and(Value::is_string) && *secret != "private_key_pem" {
                p[*secret] = json!(format!("{CANARY}\r\nX-Injected: 1\0"));
                if let Err(e) = c.build(call, p) {
                    clean(&format!("{vendor} {call} {secret} error"), &format!("{e} {e:?}"));
                }
            }
        }
        let mut p = params.clone();
        let base = if vendor == "oci" { "endpoint" } else { "base_url" };
        p[base] = json!("not a url");
        let e = c.build(call, p).unwrap_err();
        clean(&format!("{vendor} {call} base error"), &format!("{e} {e:?}"));
        let mut p = params.clone();
        p["unknown_param"] = json!(CANARY);
        let e = c.build(call, p).unwrap_err();
        assert_eq!(e.kind().name(), "invalid_params");
    }
}

#[test]
fn params_and_builders_redact_in_debug() {
    let jde: signoff::jde::LogoutParams =
        serde_json::from_value(json!({"base_url": "https://a", "token": CANARY})).unwrap();
    clean("jde params", &format!("{jde:?}"));
    clean("jde built", &format!("{:?}", jde.build().unwrap()));
    let b = signoff::jde::Logout::builder().base_url("https://a").token(CANARY);
    clean("jde builder", &format!("{b:?}"));

    let v = signoff::veridata::Logout::builder().base_url("http://v").token(CANARY);
    clean("veridata builder", &format!("{v:?}"));
    clean("veridata built", &format!("{:?}", v.build().unwrap()));
    let l = signoff::veridata::Login::builder()
        .base_url("http://v")
        .username("u")
        .password(CANARY);
    clean("veridata login builder", &format!("{l:?}"));
    clean("veridata login built", &format!("{:?}", l.build().unwrap()));

    let cv = signoff::commvault::Logoff::builder()
        .base_url("https://cv/api")
        .authtoken(format!("QSDK {CANARY}"))
        .session_id("s");
    clean("commvault builder", &format!("{cv:?}"));
    clean("commvault built", &format!("{:?}", cv.build().unwrap()));

    let oam = signoff::oam::DeleteSessions::builder()
        .base_url("http://oam")
        .username("weblogic")
        .password(CANARY)
        .session_id("x");
    clean("oam builder", &format!("{oam:?}"));
    clean("oam built", &format!("{:?}", oam.build().unwrap()));

    let key = signoff::oci::signing::PrivateKey::from_pem(KEY).unwrap();
    clean("oci key", &format!("{key:?}"));
}

#[test]
fn echoed_secrets_leave_reports_when_the_caller_names_them() {
    for (vendor, call, params) in cases() {
        let c = codec(vendor).unwrap();
        let secrets: Vec<String> = c
            .secret_params(call)
            .iter()
            .filter_map(|k| params.get(*k).and_then(Value::as_str).map(str::to_owned))
            .collect();
        // A server (or proxy) that echoes the credential it was sent.
        let body = format!(
            r#"{{"code":"{CANARY}","message":"bad token {CANARY}","errCode":"{CANARY}","errMsg":"{CANARY}","errorCode":1,"errorMessage":"{CANARY}"}}"#
        );
        for status in [200, 401, 500] {
            let response = http::Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(Bytes::from(body.clone()))
                .unwrap();
            let mut report = c.decode(call, &response, &DecodeOptions::default()).unwrap();
            let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
            report.redact_secrets(&refs);
            if refs.iter().any(|s| s.contains(CANARY)) {
                clean(
                    &format!("{vendor} {call} {status} report"),
                    &serde_json::to_string(&report).unwrap(),
                );
            }
        }
    }
}

#[test]
fn every_call_names_its_secrets() {
    for (vendor, call, params) in cases() {
        let named = codec(vendor).unwrap().secret_params(call);
        assert!(!named.is_empty(), "{vendor} {call}");
        for k in named {
            assert!(params.get(*k).is_some(), "{vendor} {call}: {k}");
        }
    }
}
