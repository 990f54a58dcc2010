//! The Veridata logout, extend and login builders on the same fields (see
//! `signoff_fuzz::Fields`): `base_url`, `token` (the login's `username`),
//! `password` (login only); options bit 0: an `accept` is given (logout),
//! bit 1: it is XML.
#![no_main]
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "libfuzzer-sys's fuzz_target! can write inputs to a debug file"
)]

use libfuzzer_sys::fuzz_target;
use signoff_core::{Accept, Codec};
use signoff_fuzz::{Fields, check_request, check_same, params};
use signoff_veridata::{CODEC, EXTEND_PATH, Extend, LOGIN_PATH, LOGOUT_PATH, Login, Logout};

fuzz_target!(|data: &[u8]| {
    let f = Fields::parse(data);
    let (base, second, password) = (f.get(0), f.get(1), f.get(2));
    let accept = (f.options & 1 != 0).then_some(if f.options & 2 != 0 { Accept::Xml } else { Accept::Json });

    let mut b = Logout::builder();
    if let Some(v) = base {
        b = b.base_url(v);
    }
    if let Some(v) = second {
        b = b.token(v);
    }
    if let Some(a) = accept {
        b = b.accept(a);
    }
    let typed = b.build().map(|c| c.to_request());
    let registry = CODEC.build(
        "logout",
        params(&[
            ("base_url", base),
            ("token", second),
            ("accept", accept.map(Accept::as_str)),
        ]),
    );
    check_same(&typed, &registry, true);
    if let Ok(request) = typed {
        check_request(&request, LOGOUT_PATH);
        assert!(request.uri().query().is_none(), "a query: {}", request.uri());
        let want = format!("Bearer {}", second.unwrap_or_default());
        assert_eq!(request.headers()["authorization"].as_bytes(), want.as_bytes());
    }

    // The extend is the logout's request on its own path.
    let mut b = Extend::builder();
    if let Some(v) = base {
        b = b.base_url(v);
    }
    if let Some(v) = second {
        b = b.token(v);
    }
    if let Some(a) = accept {
        b = b.accept(a);
    }
    let typed = b.build().map(|c| c.to_request());
    let registry = CODEC.build(
        "extend",
        params(&[
            ("base_url", base),
            ("token", second),
            ("accept", accept.map(Accept::as_str)),
        ]),
    );
    check_same(&typed, &registry, true);
    if let Ok(request) = typed {
        check_request(&request, EXTEND_PATH);
    }

    let mut b = Login::builder();
    if let Some(v) = base {
        b = b.base_url(v);
    }
    if let Some(v) = second {
        b = b.username(v);
    }
    if let Some(v) = password {
        b = b.password(v);
    }
    let typed = b.build().map(|c| c.to_request());
    let registry = CODEC.build(
        "login",
        params(&[("base_url", base), ("username", second), ("password", password)]),
    );
    check_same(&typed, &registry, true);
    if let Ok(request) = typed {
        check_request(&request, LOGIN_PATH);
        assert!(request.uri().query().is_none(), "a query: {}", request.uri());
        let auth = request.headers()["authorization"].to_str().unwrap_or_default();
        assert!(
            auth.starts_with("Basic ") && !auth[6..].contains(' '),
            "authorization {auth:?}"
        );
    }
});
