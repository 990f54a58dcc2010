//! The Compute Enclave signed logout builder, with the fixed test key of
//! `crates/signoff-oci/testdata/vector-key.pem`. Fields (see
//! `signoff_fuzz::Fields`): `endpoint`, `tenancy_ocid`, `user_ocid`,
//! `fingerprint`, `date`, `opc_request_id`; options bit 0: also build
//! through the registry (which parses the PEM each time) and compare. The
//! signature must verify over the request as read back from its HTTP text.
#![no_main]
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "libfuzzer-sys's fuzz_target! can write inputs to a debug file"
)]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use signoff_core::Codec;
use signoff_fuzz::{Fields, check_request, check_same, params};
use signoff_oci::signing::parse_authorization;
use signoff_oci::{CODEC, LOGOUT_PATH, Logout, OPC_REQUEST_ID, PrivateKey, Signer, verify};

const PEM: &str = include_str!("../../crates/signoff-oci/testdata/vector-key.pem");

fn key() -> PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| PrivateKey::from_pem(PEM).unwrap_or_else(|e| panic!("the test key: {e}")))
        .clone()
}

fuzz_target!(|data: &[u8]| {
    let f = Fields::parse(data);
    let [endpoint, tenancy, user, fingerprint, date, request_id] = std::array::from_fn(|i| f.get(i));

    let mut b = Logout::builder();
    if let Some(v) = endpoint {
        b = b.endpoint(v);
    }
    if let Some(v) = date {
        b = b.date(v);
    }
    if let Some(v) = request_id {
        b = b.opc_request_id(v);
    }
    let typed = match (tenancy, user, fingerprint) {
        (Some(t), Some(u), Some(fp)) => Signer::new(t, u, fp, key()).and_then(|s| b.signer(s).build()),
        _ => b.build(),
    }
    .map(|c| c.to_request());
    if f.options & 1 != 0 {
        let registry = CODEC.build(
            "logout",
            params(&[
                ("endpoint", endpoint),
                ("tenancy_ocid", tenancy),
                ("user_ocid", user),
                ("fingerprint", fingerprint),
                ("private_key_pem", Some(PEM)),
                ("date", date),
                ("opc_request_id", request_id),
            ]),
        );
        // The typed path checks the key id before the endpoint, the
        // registry after: compare requests, not refusal kinds.
        check_same(&typed, &registry, false);
    }

    let Ok(request) = typed else { return };
    let parsed = check_request(&request, LOGOUT_PATH);
    assert!(request.uri().query().is_none(), "a query: {}", request.uri());
    assert_eq!(
        request.headers()["date"].as_bytes(),
        date.unwrap_or_default().as_bytes()
    );
    assert_eq!(
        request.headers().get(OPC_REQUEST_ID).map(|v| v.as_bytes()),
        request_id.map(str::as_bytes)
    );
    let auth = request.headers()["authorization"].to_str().unwrap_or_default();
    let header = parse_authorization(auth).unwrap_or_else(|e| panic!("{e}: {auth:?}"));
    let key_id = format!(
        "{}/{}/{}",
        tenancy.unwrap_or_default(),
        user.unwrap_or_default(),
        fingerprint.unwrap_or_default()
    );
    assert_eq!(header.key_id, key_id);
    assert_eq!(header.headers, ["date", "(request-target)", "host"]);

    // What a server receives: the request rebuilt from the HTTP text.
    let mut wire = http::Request::new(bytes::Bytes::from(parsed.body.clone()));
    *wire.method_mut() = http::Method::from_bytes(parsed.method.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    *wire.uri_mut() = parsed
        .target
        .parse()
        .unwrap_or_else(|e| panic!("target {:?}: {e}", parsed.target));
    for (name, value) in &parsed.headers {
        let n = http::HeaderName::from_bytes(name.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let v = http::HeaderValue::from_bytes(value).unwrap_or_else(|e| panic!("{e}"));
        wire.headers_mut().append(n, v);
    }
    if let Err(e) = verify(&key().public_key(), &wire) {
        panic!("the signature does not verify over the wire request: {e}");
    }
});
