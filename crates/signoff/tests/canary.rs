//! The secret canary: every secret-bearing parameter of every
//! vendor set to a canary value, and the canary looked for in every `Debug`
//! and `Display` of builders, params, requests, errors and reports.

use base64::Engine as _;
use bytes::Bytes;
use serde_json::{Value, json};
use signoff::{DecodeOptions, codec, render_request, render_request_hiding};

const CANARY: &str = "CANARY-7f3a9c";

/// The calls whose request body may carry a secret, where the vendor takes
/// it there (their requests are shown with `render_request_hiding`, never
/// `Debug`).
const BODY_SECRET_CALLS: &[(&str, &str)] = &[("jde", "logout_token"), ("jde", "login"), ("commvault", "login")];

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
            "oci",
            "logout",
            json!({
                "endpoint": "https://iaas.enclave.example.com", "security_token": CANARY,
                "private_key_pem": KEY, "date": "Mon, 23 Nov 2026 22:00:00 GMT",
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
            "commvault",
            "login",
            json!({"base_url": "https://cv/webconsole/api", "username": "admin", "password": CANARY}),
        ),
        (
            "commvault",
            "login",
            json!({"base_url": "https://cv/webconsole/api", "username": "admin", "password": CANARY, "domain": "CORP", "body_format": "xml"}),
        ),
        (
            "commvault",
            "logout_self",
            json!({"base_url": "https://cv/webconsole/api", "authtoken": format!("QSDK {CANARY}")}),
        ),
        (
            "commvault",
            "sessions",
            json!({"base_url": "https://cv/webconsole/api", "authtoken": format!("QSDK {CANARY}"), "user_id": "10"}),
        ),
        (
            "oam",
            "search",
            json!({"base_url": "http://oam:14100", "username": "weblogic", "password": CANARY, "user_id": "u"}),
        ),
        (
            "oam",
            "session",
            json!({"base_url": "http://oam:14100", "username": "weblogic", "password": CANARY, "session_id": "x"}),
        ),
        (
            "jde",
            "logout",
            json!({"base_url": "https://ais", "token": CANARY, "device": "d"}),
        ),
        (
            "jde",
            "logout_token",
            json!({"base_url": "https://ais", "token": CANARY, "device": "d"}),
        ),
        (
            "jde",
            "login",
            json!({"base_url": "https://ais", "username": "JDE", "password": CANARY}),
        ),
        (
            "jde",
            "login",
            json!({"base_url": "https://ais", "username": "JDE", "password": CANARY, "auth": "json"}),
        ),
        ("jde", "validate", json!({"base_url": "https://ais", "token": CANARY})),
        (
            "veridata",
            "extend",
            json!({"base_url": "http://v:8830", "token": CANARY}),
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
    let mut in_body = Vec::new();
    for (vendor, call, params) in cases() {
        let c = codec(vendor).unwrap();
        let request = c.build(call, params.clone()).unwrap();
        // A request's headers and target never show a secret; its body
        // holds one only where the vendor requires it there.
        clean(
            &format!("{vendor} {call} Debug"),
            &format!("{:?} {:?}", request.uri(), request.headers()),
        );
        let body = String::from_utf8_lossy(request.body()).into_owned();
        let encoded = base64::engine::general_purpose::STANDARD.encode(CANARY);
        if body.contains(CANARY) || body.contains(encoded.trim_end_matches('=')) {
            assert!(
                BODY_SECRET_CALLS.contains(&(vendor, call)),
                "{vendor} {call}: a secret in the body, and the call is not in BODY_SECRET_CALLS"
            );
            in_body.push((vendor, call));
        }
        let shown = render_request_hiding(&request, &c.redactor(call, &params, &request));
        clean(&format!("{vendor} {call} rendered"), &shown);
        assert!(shown.contains("[REDACTED]"), "{vendor} {call}");
    }
    for listed in BODY_SECRET_CALLS {
        assert!(
            in_body.contains(listed),
            "{listed:?} in BODY_SECRET_CALLS carries no secret in its body"
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

/// The forms a server or proxy may echo a text in.
fn echoes(text: &str) -> Vec<String> {
    vec![
        text.to_owned(),
        text.chars().map(|c| format!("\\u{:04x}", c as u32)).collect(),
        text.replace('-', "\\u002D").replace('/', "\\/"),
        text.bytes().map(|b| format!("%{b:02X}")).collect(),
        text.chars().map(|c| format!("&#{};", c as u32)).collect(),
    ]
}

#[test]
fn echoed_secrets_leave_reports_in_every_form_and_across_any_cut() {
    for (vendor, call, params) in cases() {
        let c = codec(vendor).unwrap();
        let request = c.build(call, params.clone()).unwrap();
        let redactor = c.redactor(call, &params, &request);
        // What was sent: the canary, and every sensitive header value
        // (Basic credentials as base64, signatures, tokens with a scheme).
        let mut sent = vec![CANARY.to_owned()];
        for value in request.headers().values().filter(|v| v.is_sensitive()) {
            let value = value.to_str().unwrap();
            match value.strip_prefix("Signature ") {
                // Of a signature, only the signature is secret.
                Some(params) => sent.extend(
                    params
                        .split(',')
                        .filter_map(|p| p.strip_prefix("signature="))
                        .map(|s| s.trim_matches('"').to_owned()),
                ),
                None => {
                    sent.push(value.to_owned());
                    if let Some((_, credentials)) = value.split_once(' ') {
                        sent.push(credentials.to_owned());
                    }
                }
            }
        }
        for secret in &sent {
            for echo in echoes(secret) {
                // Plain in JSON, as an HTML page (its excerpt), in a
                // `Location`, and straddling the excerpt's cut.
                let json_body = format!(
                    r#"{{"code":"{echo}","message":"bad token {echo}","errCode":"{echo}","errMsg":"{echo}","errorCode":1,"errorMessage":"{echo}"}}"#
                );
                let padded = format!("<html>{}{echo}</html>", "x".repeat(signoff::core::EXCERPT_LIMIT - 9));
                for (status, content_type, body) in [
                    (200, "application/json", json_body.clone()),
                    (401, "application/json", json_body.clone()),
                    (500, "application/json", json_body),
                    (503, "text/html", padded.clone()),
                    (502, "text/plain", padded),
                ] {
                    let response = http::Response::builder()
                        .status(status)
                        .header("content-type", content_type)
                        .header("location", format!("https://h/?t={echo}"))
                        .header("x-request-id", echo.clone())
                        .header("opc-request-id", echo.clone())
                        .body(Bytes::from(body))
                        .unwrap();
                    let response = redactor.redact_response(&response);
                    let report = c.decode(call, &response, &DecodeOptions::default()).unwrap();
                    let text = serde_json::to_string(&report).unwrap();
                    let what = format!("{vendor} {call} {status} echo {echo}");
                    clean(&what, &text);
                    assert!(!text.contains(secret.as_str()), "{what}: {text}");
                    assert!(!text.contains(&secret[..8]), "{what} leaks a secret's start: {text}");
                    assert!(!format!("{:?}", response.headers()).contains(&echo), "{what}");
                }
            }
        }
    }
}

#[test]
fn a_report_alone_is_redacted_as_a_second_layer() {
    let c = codec("jde").unwrap();
    let (_, _, params) = cases().into_iter().find(|c| c.0 == "jde").unwrap();
    let request = c.build("logout", params.clone()).unwrap();
    let redactor = c.redactor("logout", &params, &request);
    let response = http::Response::builder()
        .status(401)
        .header("content-type", "application/json")
        .body(Bytes::from(format!(r#"{{"message":"bad {CANARY}"}}"#)))
        .unwrap();
    let mut report = c.decode("logout", &response, &DecodeOptions::default()).unwrap();
    assert!(serde_json::to_string(&report).unwrap().contains(CANARY));
    report.redact(&redactor);
    clean("jde report", &serde_json::to_string(&report).unwrap());
}
