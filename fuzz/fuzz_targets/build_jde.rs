//! The JD Edwards builders (logout, logout_token, validate, login). Fields (see `signoff_fuzz::Fields`):
//! `base_url`, `token`, `device`; options bit 0: an `accept` is given, bit
//! 1: it is XML.
#![no_main]
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "libfuzzer-sys's fuzz_target! can write inputs to a debug file"
)]

use libfuzzer_sys::fuzz_target;
use signoff_core::{Accept, Codec};
use signoff_fuzz::{Fields, check_request, check_same, params};
use signoff_jde::{AUTH_HEADER, CODEC, DEVICE_HEADER, LOGOUT_PATH, Login, LoginAuth, Logout, LogoutToken, Validate};

fuzz_target!(|data: &[u8]| {
    let f = Fields::parse(data);
    let (base, token, device) = (f.get(0), f.get(1), f.get(2));
    let accept = (f.options & 1 != 0).then_some(if f.options & 2 != 0 { Accept::Xml } else { Accept::Json });
    let mut b = Logout::builder();
    if let Some(v) = base {
        b = b.base_url(v);
    }
    if let Some(v) = token {
        b = b.token(v);
    }
    if let Some(v) = device {
        b = b.device(v);
    }
    if let Some(a) = accept {
        b = b.accept(a);
    }
    // The token calls, on the same fields: the logout's token travels
    // JSON-escaped in its body, so nothing in it can add a member; the
    // validate's in its header.
    for call in ["logout_token", "validate"] {
        let typed = if call == "validate" {
            let mut b = Validate::builder();
            if let Some(v) = base {
                b = b.base_url(v);
            }
            if let Some(v) = token {
                b = b.token(v);
            }
            if let Some(v) = device {
                b = b.device(v);
            }
            b.build().map(|c| c.to_request())
        } else {
            let mut b = LogoutToken::builder();
            if let Some(v) = base {
                b = b.base_url(v);
            }
            if let Some(v) = token {
                b = b.token(v);
            }
            if let Some(v) = device {
                b = b.device(v);
            }
            b.build().map(|c| c.to_request())
        };
        let registry = CODEC.build(
            call,
            params(&[("base_url", base), ("token", token), ("device", device)]),
        );
        check_same(&typed, &registry, true);
        if let Ok(request) = typed {
            if call == "validate" {
                assert_eq!(
                    request.headers()[AUTH_HEADER].as_bytes(),
                    token.unwrap_or_default().as_bytes()
                );
                assert!(request.body().is_empty());
            } else {
                let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap_or_default();
                assert_eq!(body["token"].as_str(), token, "the token round-trips through the body");
                assert_eq!(body.as_object().map(|o| o.len()), Some(1), "one member");
            }
        }
    }
    // The login, on the same fields (`token` as the user name, `device` as
    // the password), in the form option bit 2 picks.
    let json = f.options & 4 != 0;
    let mut l = Login::builder().auth(if json { LoginAuth::Json } else { LoginAuth::Basic });
    if let Some(v) = base {
        l = l.base_url(v);
    }
    if let Some(v) = token {
        l = l.username(v);
    }
    if let Some(v) = device {
        l = l.password(v);
    }
    let typed_login = l.build().map(|c| c.to_request());
    let registry = CODEC.build(
        "login",
        params(&[
            ("base_url", base),
            ("username", token),
            ("password", device),
            ("auth", Some(if json { "json" } else { "basic" })),
        ]),
    );
    check_same(&typed_login, &registry, true);
    if let Ok(request) = typed_login {
        if json {
            let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap_or_default();
            assert_eq!(body["username"].as_str(), token);
            assert_eq!(body["password"].as_str(), device);
        } else {
            assert!(request.body().is_empty());
            assert!(request.headers()["authorization"].is_sensitive());
        }
    }
    let typed = b.build().map(|c| c.to_request());
    let registry = CODEC.build(
        "logout",
        params(&[
            ("base_url", base),
            ("token", token),
            ("device", device),
            ("accept", accept.map(Accept::as_str)),
        ]),
    );
    check_same(&typed, &registry, true);
    let Ok(request) = typed else { return };
    check_request(&request, LOGOUT_PATH);
    assert!(request.uri().query().is_none(), "a query: {}", request.uri());
    assert_eq!(
        request.headers()[AUTH_HEADER].as_bytes(),
        token.unwrap_or_default().as_bytes()
    );
    assert_eq!(
        request.headers().get(DEVICE_HEADER).map(|v| v.as_bytes()),
        device.map(str::as_bytes)
    );
    assert!(request.body().is_empty());
});
