//! The Commvault log-off builder. Fields (see `signoff_fuzz::Fields`):
//! `base_url`, `authtoken`, then every further field is a session id;
//! options bit 0: an `accept` is given, bit 1: it is XML; bit 2: a body
//! format is given, bit 3: it is JSON. The body must decode back
//! (`decode_request_body`) to exactly the ids given.
#![no_main]
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "libfuzzer-sys's fuzz_target! can write inputs to a debug file"
)]

use libfuzzer_sys::fuzz_target;
use signoff_commvault::{
    AUTHTOKEN_HEADER, BodyFormat, CODEC, Login, Logoff, LogoutSelf, SESSIONS_PATH, SessionList, decode_request_body,
};
use signoff_core::{Accept, Codec};
use signoff_fuzz::{Fields, check_request, check_same};

fuzz_target!(|data: &[u8]| {
    let f = Fields::parse(data);
    let (base, token) = (f.get(0), f.get(1));
    let ids = f.from(2);
    let accept = (f.options & 1 != 0).then_some(if f.options & 2 != 0 { Accept::Xml } else { Accept::Json });
    let format = (f.options & 4 != 0).then_some(if f.options & 8 != 0 {
        BodyFormat::Json
    } else {
        BodyFormat::Xml
    });

    let mut b = Logoff::builder().session_ids(ids.iter().cloned());
    if let Some(v) = base {
        b = b.base_url(v);
    }
    if let Some(v) = token {
        b = b.authtoken(v);
    }
    if let Some(a) = accept {
        b = b.accept(a);
    }
    if let Some(fmt) = format {
        b = b.body_format(fmt);
    }
    let typed = b.build().map(|c| c.to_request());

    let mut p = serde_json::Map::new();
    let s = |v: &str| serde_json::Value::String(v.to_owned());
    if let Some(v) = base {
        p.insert("base_url".into(), s(v));
    }
    if let Some(v) = token {
        p.insert("authtoken".into(), s(v));
    }
    p.insert("session_ids".into(), ids.iter().map(|i| s(i)).collect());
    if let Some(a) = accept {
        p.insert("accept".into(), s(a.as_str()));
    }
    if let Some(fmt) = format {
        p.insert("body_format".into(), s(fmt.content_type()));
    }
    let registry = CODEC.build("logout", serde_json::Value::Object(p));
    check_same(&typed, &registry, true);
    lifecycle(base, token, ids.first().map(String::as_str));

    let Ok(request) = typed else { return };
    check_request(&request, &format!("/{SESSIONS_PATH}"));
    assert!(request.uri().query().is_none(), "a query: {}", request.uri());
    assert_eq!(
        request.headers()[AUTHTOKEN_HEADER].as_bytes(),
        token.unwrap_or_default().as_bytes()
    );
    assert_eq!(
        request.headers()["content-length"].to_str().ok(),
        Some(request.body().len().to_string().as_str())
    );
    let content_type = request.headers()["content-type"].to_str().unwrap_or_default();
    match decode_request_body(content_type, request.body()) {
        Ok(back) => assert_eq!(back, ids, "the body does not give back the ids"),
        Err(e) => panic!("the built body does not decode: {e}\n{:?}", request.body()),
    }
});

/// The lifecycle calls on the same fields: the token (or the login's
/// password) and the first id as the user name or user id.
fn lifecycle(base: Option<&str>, token: Option<&str>, first: Option<&str>) {
    let (Some(base), Some(token)) = (base, token) else {
        return;
    };
    let s = |v: &str| serde_json::Value::String(v.to_owned());
    let secret = signoff_core::Secret::new(token);
    let pairs = |extra: &[(&str, &str)]| {
        let mut m = serde_json::Map::new();
        m.insert("base_url".into(), s(base));
        for (k, v) in extra {
            m.insert((*k).into(), s(v));
        }
        serde_json::Value::Object(m)
    };
    let typed = LogoutSelf::new(base, &secret).map(|c| c.to_request());
    check_same(
        &typed,
        &CODEC.build("logout_self", pairs(&[("authtoken", token)])),
        true,
    );
    if let Some(user) = first {
        let typed = SessionList::new(base, &secret, user).map(|c| c.to_request());
        let registry = CODEC.build("sessions", pairs(&[("authtoken", token), ("user_id", user)]));
        check_same(&typed, &registry, true);
        if let Ok(request) = &typed {
            assert_eq!(request.uri().query(), Some(format!("userId={}", user.trim()).as_str()));
        }
        let typed = Login::new(base, user, &secret).map(|c| c.to_request());
        let registry = CODEC.build("login", pairs(&[("username", user), ("password", token)]));
        check_same(&typed, &registry, true);
        if let Ok(request) = &typed {
            let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap_or_default();
            assert_eq!(body["username"].as_str(), Some(user));
        }
    }
}
