//! The JD Edwards logout builder. Fields (see `signoff_fuzz::Fields`):
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
use signoff_jde::{AUTH_HEADER, CODEC, DEVICE_HEADER, LOGOUT_PATH, Logout};

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
