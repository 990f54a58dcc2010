//! OCI request signing: HTTP Signatures (draft-cavage-http-signatures-08,
//! OCI "version 1"), `rsa-sha256`, usable for any OCI-style request, not
//! only the logout.
//!
//! - [`PrivateKey`]: an RSA key parsed once from PEM (PKCS#1 or PKCS#8),
//!   shared cheaply by clones; its `Debug` is redacted.
//! - [`Signer`]: a key id (`{tenancy}/{user}/{fingerprint}`) plus a key;
//!   [`Signer::sign`] completes and signs any `http::Request`.
//! - [`signing_string`]: the exact text that is signed.
//! - [`verify`] / [`verify_at`]: the server side, for servers and
//!   emulators; [`PublicKey`] reads `BEGIN PUBLIC KEY` (SPKI) and
//!   `BEGIN RSA PUBLIC KEY` (PKCS#1).
//!
//! ```
//! use bytes::Bytes;
//! use signoff_oci::signing::{PrivateKey, Signer, verify};
//! # let pem = include_str!("../../testdata/vector-key.pem");
//! let key = PrivateKey::from_pem(pem)?;            // parsed once
//! let signer = Signer::new(
//!     "ocid1.tenancy.oc1..aaaaaaaatestenancy",
//!     "ocid1.user.oc1..aaaaaaaatestuser",
//!     "53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd",
//!     key.clone(),
//! )?;
//! let mut request = http::Request::post("https://iaas.enclave.example.com/20160918/vcns")
//!     .header("content-type", "application/json")
//!     .body(Bytes::from_static(br#"{"displayName":"dev"}"#))?;
//! signer.sign(&mut request, Some("Mon, 23 Nov 2026 22:00:00 GMT"))?;
//! let auth = request.headers()["authorization"].to_str()?;
//! assert!(auth.starts_with(
//!     r#"Signature algorithm="rsa-sha256",headers="date (request-target) host content-length content-type x-content-sha256",keyId="ocid1.tenancy"#
//! ));
//! verify(&key.public_key(), &request)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use http::Method;
use signoff_core::{BuildError, BuildErrorKind};

/// The only algorithm OCI signs with: RSASSA-PKCS1-v1_5 over SHA-256.
pub const ALGORITHM: &str = "rsa-sha256";

/// The OCI signature version.
pub const VERSION: &str = "1";

/// The pseudo-header naming the method and the path with query.
pub const REQUEST_TARGET: &str = "(request-target)";

/// The body digest header: base64 of the SHA-256 of the body.
pub const X_CONTENT_SHA256: &str = "x-content-sha256";

/// The alternative date header OCI accepts in place of `date`.
pub const X_DATE: &str = "x-date";

/// Headers signed for a request without a body (GET, DELETE, HEAD,
/// OPTIONS and any other method but POST, PUT and PATCH), in this order.
pub const GENERIC_HEADERS: &[&str] = &["date", REQUEST_TARGET, "host"];

/// Headers signed for POST, PUT and PATCH, in this order.
pub const BODY_HEADERS: &[&str] = &[
    "date",
    REQUEST_TARGET,
    "host",
    "content-length",
    "content-type",
    X_CONTENT_SHA256,
];

/// The longest PEM text read, in bytes (a 16384-bit key is well below).
pub const MAX_PEM_LEN: usize = 64 * 1024;

/// The longest `Authorization` header [`verify`] reads, in bytes.
pub const MAX_AUTHORIZATION_LEN: usize = 8 * 1024;

/// The content type [`Signer::sign`] adds to a POST, PUT or PATCH that has
/// none (as the `oci` SDKs do): `content-type` must be signed for them.
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";

const KEY_PARAM: &str = "private_key_pem";
const PUBLIC_KEY_PARAM: &str = "public_key_pem";

/// Whether `method` carries a body in OCI's signing rules (POST, PUT, PATCH).
pub fn has_body(method: &Method) -> bool {
    *method == Method::POST || *method == Method::PUT || *method == Method::PATCH
}

/// The headers OCI requires signed for `method`, in signing order:
/// [`BODY_HEADERS`] for POST, PUT and PATCH, else [`GENERIC_HEADERS`].
pub fn headers_to_sign(method: &Method) -> &'static [&'static str] {
    if has_body(method) {
        BODY_HEADERS
    } else {
        GENERIC_HEADERS
    }
}

/// Formats `time` as an IMF-fixdate (`Mon, 23 Nov 2026 22:00:00 GMT`), the
/// `date` header's form; sub-second precision is dropped. A time before
/// 1970 or after 9999 is `invalid_date` (against `param`).
pub fn format_date(param: &str, time: SystemTime) -> Result<String, BuildError> {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map_err(|_| BuildError::new(BuildErrorKind::InvalidDate, param, "is before 1970"))?
        .as_secs();
    if secs >= 253_402_300_800 {
        return Err(BuildError::new(
            BuildErrorKind::InvalidDate,
            param,
            "is after the year 9999",
        ));
    }
    Ok(httpdate::fmt_http_date(time))
}

/// Checks that `value` is an IMF-fixdate exactly as it will be sent (the
/// RFC 850 and asctime forms HTTP parsers also read are refused: the
/// signed text must be the canonical one) and returns the time it names.
pub fn parse_date(param: &str, value: &str) -> Result<SystemTime, BuildError> {
    let bad = || {
        BuildError::new(
            BuildErrorKind::InvalidDate,
            param,
            "is not an IMF-fixdate such as \"Mon, 23 Nov 2026 22:00:00 GMT\"",
        )
    };
    if value.len() > 64 {
        return Err(bad());
    }
    let time = httpdate::parse_http_date(value).map_err(|_| bad())?;
    if httpdate::fmt_http_date(time) != value {
        return Err(bad());
    }
    Ok(time)
}

mod backend;
mod key;
mod pem;
mod signer;
mod string;
mod verify;

pub use backend::BACKEND;
pub use key::*;
use pem::*;
pub use signer::*;
pub use string::*;
pub use verify::*;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use bytes::Bytes;
    use http::header::{AUTHORIZATION, DATE, HOST};
    use http::{HeaderMap, HeaderValue, Method, Request, Uri};

    const KEY: &str = include_str!("../../testdata/vector-key.pem");
    const KEY_PKCS8: &str = include_str!("../../testdata/vector-key-pkcs8.pem");
    const SPKI: &str = include_str!("../../testdata/vector-key-spki.pem");
    const RSA_PUB: &str = include_str!("../../testdata/vector-key-rsapub.pem");
    const OTHER: &str = include_str!("../../testdata/other-key.pem");
    const VECTORS: &str = include_str!("../../testdata/oci-signing.json");

    fn vectors() -> Vec<serde_json::Value> {
        let v: serde_json::Value = serde_json::from_str(VECTORS).unwrap();
        v["vectors"].as_array().unwrap().clone()
    }

    fn signer_of(inputs: &serde_json::Value, pem: &str) -> Signer {
        Signer::new(
            inputs["tenancy_ocid"].as_str().unwrap(),
            inputs["user_ocid"].as_str().unwrap(),
            inputs["fingerprint"].as_str().unwrap(),
            PrivateKey::from_pem(pem).unwrap(),
        )
        .unwrap()
    }

    /// The vector's request as the SDK built it, before signing.
    fn vector_request(inputs: &serde_json::Value) -> Request<Bytes> {
        let mut b = Request::builder()
            .method(inputs["method"].as_str().unwrap())
            .uri(inputs["url"].as_str().unwrap());
        if let Some(ct) = inputs["content_type"].as_str() {
            b = b.header("content-type", ct);
        }
        let body = inputs["body"]
            .as_str()
            .map(|s| Bytes::from(s.to_owned()))
            .unwrap_or_default();
        b.body(body).unwrap()
    }

    fn sign_vector(v: &serde_json::Value, pem: &str) -> Request<Bytes> {
        let inputs = &v["inputs"];
        let mut r = vector_request(inputs);
        signer_of(inputs, pem).sign(&mut r, inputs["date"].as_str()).unwrap();
        r
    }

    fn signature_param(auth: &str) -> &str {
        auth.split("signature=\"").nth(1).unwrap().split('"').next().unwrap()
    }

    #[test]
    fn both_sdk_vectors_are_reproduced_byte_for_byte() {
        let vs = vectors();
        assert_eq!(vs.len(), 2);
        for v in &vs {
            let r = sign_vector(v, v["inputs"]["private_key_pem"].as_str().unwrap());
            let sdk = &v["sdk_headers"];
            let auth = r.headers()["authorization"].to_str().unwrap();
            let want = sdk["authorization"].as_str().unwrap();
            assert_eq!(signature_param(auth), signature_param(want), "{}", v["name"]);
            assert_eq!(auth, want, "{}", v["name"]);
            // Every header the SDK signed is sent with the SDK's value.
            let parsed = parse_authorization(want).unwrap();
            for name in parsed.headers.iter().filter(|h| *h != REQUEST_TARGET) {
                assert_eq!(
                    r.headers()[name.as_str()],
                    sdk[name.as_str()].as_str().unwrap(),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn pkcs1_and_pkcs8_of_the_same_key_sign_identically() {
        for v in vectors() {
            let a = sign_vector(&v, KEY);
            let b = sign_vector(&v, KEY_PKCS8);
            assert_eq!(a.headers()["authorization"], b.headers()["authorization"]);
            assert_eq!(
                a.headers()["authorization"],
                v["sdk_headers"]["authorization"].as_str().unwrap()
            );
        }
        assert_eq!(
            PrivateKey::from_pem(KEY).unwrap().public_key(),
            PrivateKey::from_pem(KEY_PKCS8).unwrap().public_key()
        );
    }

    #[test]
    fn public_keys_read_spki_and_pkcs1_and_match_the_private_key() {
        let private = PrivateKey::from_pem(KEY).unwrap();
        assert_eq!(private.bits(), 2048);
        assert_eq!(PublicKey::from_pem(SPKI).unwrap(), private.public_key());
        assert_eq!(PublicKey::from_pem(RSA_PUB).unwrap(), private.public_key());
        let kind = |pem: &str| PublicKey::from_pem(pem).unwrap_err().kind();
        assert_eq!(kind(KEY), BuildErrorKind::InvalidKey);
        assert_eq!(
            kind("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
            BuildErrorKind::InvalidKey
        );
        assert_eq!(
            kind("-----BEGIN RSA PUBLIC KEY-----\nMAA=\n-----END RSA PUBLIC KEY-----\n"),
            BuildErrorKind::InvalidKey
        );
    }

    #[test]
    fn sign_then_verify_round_trips() {
        let public = PublicKey::from_pem(SPKI).unwrap();
        for v in vectors() {
            let r = sign_vector(&v, KEY);
            verify(&public, &r).unwrap();
        }
        // A request with a query and a port, and an empty-body PUT.
        let signer = signer_of(&vectors()[0]["inputs"], KEY);
        let mut r = Request::get("http://h:8080/a/b?x=1&y=%2F").body(Bytes::new()).unwrap();
        signer.sign(&mut r, Some("Mon, 23 Nov 2026 22:00:00 GMT")).unwrap();
        assert_eq!(r.headers()["host"], "h:8080");
        verify(&public, &r).unwrap();
        let text = signing_string(r.method(), r.uri(), r.headers(), GENERIC_HEADERS).unwrap();
        assert_eq!(
            text,
            "date: Mon, 23 Nov 2026 22:00:00 GMT\n(request-target): get /a/b?x=1&y=%2F\nhost: h:8080"
        );
        let mut put = Request::put("https://h/x").body(Bytes::new()).unwrap();
        signer.sign(&mut put, Some("Mon, 23 Nov 2026 22:00:00 GMT")).unwrap();
        assert_eq!(put.headers()["content-length"], "0");
        assert_eq!(put.headers()["content-type"], DEFAULT_CONTENT_TYPE);
        assert_eq!(
            put.headers()["x-content-sha256"],
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        verify(&public, &put).unwrap();
    }

    #[test]
    fn tampering_fails_verification() {
        let public = PublicKey::from_pem(SPKI).unwrap();
        let vs = vectors();
        let delete = sign_vector(&vs[0], KEY);
        let post = sign_vector(&vs[1], KEY);

        // A changed signature byte.
        let mut r = delete.clone();
        let auth = r.headers()["authorization"]
            .to_str()
            .unwrap()
            .replace("signature=\"Xsh", "signature=\"Ysh");
        r.headers_mut().insert(AUTHORIZATION, auth.parse().unwrap());
        assert_eq!(verify(&public, &r), Err(VerifyError::BadSignature));

        // A changed signed header, path, or method.
        let mut r = delete.clone();
        r.headers_mut()
            .insert(DATE, "Mon, 23 Nov 2026 22:00:01 GMT".parse().unwrap());
        assert_eq!(verify(&public, &r), Err(VerifyError::BadSignature));
        let mut r = delete.clone();
        *r.uri_mut() = "https://iaas.enclave.example.com/20160918/logout?all=true"
            .parse()
            .unwrap();
        assert_eq!(verify(&public, &r), Err(VerifyError::BadSignature));
        let mut r = delete.clone();
        *r.method_mut() = Method::GET;
        assert_eq!(verify(&public, &r), Err(VerifyError::BadSignature));

        // A changed body is caught by its digest.
        let mut r = post.clone();
        *r.body_mut() = Bytes::from_static(b"{\"displayName\":\"prod\"}");
        assert_eq!(verify(&public, &r), Err(VerifyError::BodyDigestMismatch));

        // The wrong key.
        let other = PrivateKey::from_pem(OTHER).unwrap().public_key();
        assert_eq!(verify(&other, &delete), Err(VerifyError::BadSignature));
        let r = sign_vector(&vs[0], OTHER);
        assert_eq!(verify(&public, &r), Err(VerifyError::BadSignature));
    }

    #[test]
    fn unsigned_required_headers_fail_verification() {
        let public = PublicKey::from_pem(SPKI).unwrap();
        let private = PrivateKey::from_pem(KEY).unwrap();
        // A POST signed over the generic headers only, with a valid signature.
        let mut r = sign_vector(&vectors()[1], KEY);
        let text = signing_string(r.method(), r.uri(), r.headers(), GENERIC_HEADERS).unwrap();
        let sig = STANDARD.encode(private.sign(text.as_bytes()).unwrap());
        let auth = format!(
            "Signature algorithm=\"rsa-sha256\",headers=\"date (request-target) host\",keyId=\"k\",signature=\"{sig}\",version=\"1\""
        );
        r.headers_mut().insert(AUTHORIZATION, auth.parse().unwrap());
        assert_eq!(
            verify(&public, &r),
            Err(VerifyError::UnsignedRequiredHeader("content-length".into()))
        );
        // A DELETE signed without host.
        let mut r = sign_vector(&vectors()[0], KEY);
        let text = signing_string(r.method(), r.uri(), r.headers(), &["date", REQUEST_TARGET]).unwrap();
        let sig = STANDARD.encode(private.sign(text.as_bytes()).unwrap());
        let auth = format!("Signature headers=\"date (request-target)\",keyId=\"k\",signature=\"{sig}\"");
        r.headers_mut().insert(AUTHORIZATION, auth.parse().unwrap());
        assert_eq!(
            verify(&public, &r),
            Err(VerifyError::UnsignedRequiredHeader("host".into()))
        );
        // x-date stands for date.
        let mut r = Request::delete("https://h/x")
            .header("x-date", "Mon, 23 Nov 2026 22:00:00 GMT")
            .header("host", "h")
            .body(Bytes::new())
            .unwrap();
        let names = ["x-date", REQUEST_TARGET, "host"];
        let text = signing_string(r.method(), r.uri(), r.headers(), &names).unwrap();
        let sig = STANDARD.encode(private.sign(text.as_bytes()).unwrap());
        let auth = format!(
            "Signature version=\"1\",keyId=\"k\",algorithm=\"rsa-sha256\",headers=\"x-date (request-target) host\",signature=\"{sig}\""
        );
        r.headers_mut().insert(AUTHORIZATION, auth.parse().unwrap());
        verify(&public, &r).unwrap();
    }

    #[test]
    fn verify_reads_the_authorization_strictly() {
        let public = PublicKey::from_pem(SPKI).unwrap();
        let good = sign_vector(&vectors()[0], KEY);
        let with = |auth: &str| {
            let mut r = good.clone();
            r.headers_mut().insert(AUTHORIZATION, auth.parse().unwrap());
            verify(&public, &r)
        };
        let mut none = good.clone();
        none.headers_mut().remove(AUTHORIZATION);
        assert_eq!(verify(&public, &none), Err(VerifyError::MissingAuthorization));
        assert!(matches!(
            with("Bearer abc"),
            Err(VerifyError::MalformedAuthorization(_))
        ));
        assert!(matches!(
            with("Signature keyId=k"),
            Err(VerifyError::MalformedAuthorization(_))
        ));
        assert!(matches!(
            with("Signature keyId=\"k\""),
            Err(VerifyError::MalformedAuthorization(_))
        ));
        assert!(matches!(
            with("Signature keyId=\"k\",keyId=\"j\",signature=\"a\""),
            Err(VerifyError::MalformedAuthorization(_))
        ));
        assert!(matches!(
            with("Signature keyId=\"k\" signature=\"a\""),
            Err(VerifyError::MalformedAuthorization(_))
        ));
        let auth = good.headers()["authorization"].to_str().unwrap();
        assert!(matches!(
            with(&auth.replace("rsa-sha256", "hmac-sha256")),
            Err(VerifyError::UnsupportedAlgorithm(_))
        ));
        assert!(matches!(
            with(&auth.replace("version=\"1\"", "version=\"2\"")),
            Err(VerifyError::UnsupportedVersion(_))
        ));
        assert_eq!(
            with(&auth.replace("signature=\"Xsh", "signature=\"!sh")),
            Err(VerifyError::SignatureEncoding)
        );
        let mut twice = good.clone();
        twice
            .headers_mut()
            .append(DATE, "Mon, 23 Nov 2026 22:00:00 GMT".parse().unwrap());
        assert_eq!(
            verify(&public, &twice),
            Err(VerifyError::SignedHeader(SigningStringError::Repeated("date".into())))
        );
        let mut no_host = good.clone();
        no_host.headers_mut().remove(HOST);
        assert_eq!(
            verify(&public, &no_host),
            Err(VerifyError::SignedHeader(SigningStringError::Missing("host".into())))
        );
        // Unknown parameters are ignored, order does not matter.
        let p = parse_authorization(auth).unwrap();
        let reordered = format!(
            "Signature version=\"1\", keyId=\"{}\", algorithm=\"rsa-sha256\", headers=\"{}\", signature=\"{}\", extra=\"x\"",
            p.key_id,
            p.headers.join(" "),
            p.signature
        );
        assert_eq!(with(&reordered), Ok(()));
        assert_eq!(
            p.key_id,
            "ocid1.tenancy.oc1..aaaaaaaatestenancy/ocid1.user.oc1..aaaaaaaatestuser/53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd"
        );
    }

    #[test]
    fn verify_at_checks_the_skew_with_the_callers_clock() {
        let public = PublicKey::from_pem(SPKI).unwrap();
        let r = sign_vector(&vectors()[0], KEY);
        let signed = UNIX_EPOCH + Duration::from_secs(1_795_471_200);
        let five = Duration::from_secs(300);
        verify_at(&public, &r, signed + five, five).unwrap();
        verify_at(&public, &r, signed - five, five).unwrap();
        assert_eq!(
            verify_at(&public, &r, signed + Duration::from_secs(301), five),
            Err(VerifyError::ClockSkew {
                skew_secs: 301,
                max_secs: 300
            })
        );
        assert!(matches!(
            verify_at(&public, &r, signed - Duration::from_secs(3600), five),
            Err(VerifyError::ClockSkew { .. })
        ));
    }

    #[test]
    fn sign_needs_a_date_and_checks_it() {
        let signer = signer_of(&vectors()[0]["inputs"], KEY);
        let mut r = Request::delete("https://h/x").body(Bytes::new()).unwrap();
        assert_eq!(
            signer.sign(&mut r, None).unwrap_err().kind(),
            BuildErrorKind::MissingParam
        );
        assert_eq!(
            signer.sign(&mut r, Some("yesterday")).unwrap_err().kind(),
            BuildErrorKind::InvalidDate
        );
        r.headers_mut()
            .insert(DATE, "Mon, 23 Nov 2026 22:00:00 GMT".parse().unwrap());
        signer.sign(&mut r, None).unwrap();
        verify(&PublicKey::from_pem(SPKI).unwrap(), &r).unwrap();
        let mut relative = Request::delete("/x").body(Bytes::new()).unwrap();
        assert_eq!(
            signer
                .sign(&mut relative, Some("Mon, 23 Nov 2026 22:00:00 GMT"))
                .unwrap_err()
                .kind(),
            BuildErrorKind::InvalidParam
        );
        assert_eq!(
            format_date("d", UNIX_EPOCH + Duration::from_secs(253_402_300_800))
                .unwrap_err()
                .kind(),
            BuildErrorKind::InvalidDate
        );
        assert_eq!(format_date("d", UNIX_EPOCH).unwrap(), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn keys_are_read_or_refused_with_a_clear_kind() {
        let kind = |pem: &str| PrivateKey::from_pem(pem).unwrap_err().kind();
        let enc8 = include_str!("../../testdata/vector-key-encrypted-pkcs8.pem");
        let legacy = include_str!("../../testdata/vector-key-encrypted-legacy.pem");
        assert_eq!(kind(enc8), BuildErrorKind::UnsupportedKey);
        assert_eq!(kind(legacy), BuildErrorKind::UnsupportedKey);
        let e = PrivateKey::from_pem(legacy).unwrap_err();
        assert!(e.detail().contains("encrypted"), "{e}");
        assert_eq!(e.param(), "private_key_pem");
        assert_eq!(kind(SPKI), BuildErrorKind::InvalidKey);
        assert_eq!(
            kind("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"),
            BuildErrorKind::InvalidKey
        );
        assert_eq!(
            kind("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"),
            BuildErrorKind::UnsupportedKey
        );
        assert_eq!(
            kind("-----BEGIN RSA PRIVATE KEY-----\n!!!!\n-----END RSA PRIVATE KEY-----"),
            BuildErrorKind::InvalidKey
        );
        assert_eq!(
            kind("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"),
            BuildErrorKind::InvalidKey
        );
        assert_eq!(
            kind("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"),
            BuildErrorKind::InvalidKey
        );
        assert_eq!(
            kind(
                &KEY.replace("BEGIN RSA PRIVATE KEY", "BEGIN PRIVATE KEY")
                    .replace("END RSA", "END")
            ),
            BuildErrorKind::InvalidKey
        );
        assert_eq!(kind(&"A".repeat(MAX_PEM_LEN + 1)), BuildErrorKind::InvalidKey);
        assert_eq!(kind(" \n"), BuildErrorKind::EmptyParam);
        // CRLF line ends and surrounding text are fine.
        let crlf = format!("key for tests\r\n{}", KEY.replace('\n', "\r\n"));
        assert_eq!(
            PrivateKey::from_pem(&crlf).unwrap().public_key(),
            PrivateKey::from_pem(KEY).unwrap().public_key()
        );
    }

    #[test]
    fn key_errors_never_quote_the_key() {
        // A real key body under a label ring will reject: the body must not leak.
        let body: String = KEY.lines().nth(1).unwrap().to_owned();
        for pem in [
            KEY.replace("BEGIN RSA PRIVATE KEY", "BEGIN PRIVATE KEY")
                .replace("END RSA", "END"),
            KEY.replace("BEGIN RSA", "BEGIN FOO").replace("END RSA", "END FOO"),
            KEY.replace("-----END", "#\n-----END"),
            KEY.replace("-----END RSA PRIVATE KEY-----", ""),
        ] {
            let e = PrivateKey::from_pem(&pem).unwrap_err();
            let text = format!("{e} {e:?}");
            assert!(!text.contains(&body), "{text}");
            assert!(!text.contains("MII"), "{text}");
        }
    }

    #[test]
    fn key_id_parts_are_checked() {
        let key = || PrivateKey::from_pem(KEY).unwrap();
        assert_eq!(Signer::new("a/b", "u", "f", key()).unwrap_err().param(), "tenancy_ocid");
        assert_eq!(
            Signer::new("t", "u\"", "f", key()).unwrap_err().kind(),
            BuildErrorKind::InvalidParam
        );
        assert_eq!(
            Signer::new("t", "u", "f\r\n", key()).unwrap_err().kind(),
            BuildErrorKind::InvalidHeaderValue
        );
        assert_eq!(Signer::new("t", "u", "f", key()).unwrap().key_id(), "t/u/f");
        assert_eq!(Signer::with_key_id("ST$abc/def", key()).unwrap().key_id(), "ST$abc/def");
        assert!(Signer::with_key_id("a,b", key()).is_err());
        let s = format!("{:?}", Signer::new("t", "u", "f", key()).unwrap());
        assert!(
            s.contains("t/u/f") && s.contains("[REDACTED]") && !s.contains("MII"),
            "{s}"
        );
    }

    #[test]
    fn signing_string_refuses_what_it_cannot_sign() {
        let uri: Uri = "https://h/".parse().unwrap();
        let mut headers = HeaderMap::new();
        assert_eq!(
            signing_string(&Method::GET, &uri, &headers, &["date"]),
            Err(SigningStringError::Missing("date".into()))
        );
        headers.insert("date", HeaderValue::from_bytes(b"\xe9t\xe9").unwrap());
        assert_eq!(
            signing_string(&Method::GET, &uri, &headers, &["Date"]),
            Err(SigningStringError::NotText("date".into()))
        );
        headers.insert("date", HeaderValue::from_static("  d  "));
        assert_eq!(
            signing_string(&Method::GET, &uri, &headers, &["DATE"]).unwrap(),
            "date: d"
        );
        assert_eq!(
            signing_string(&Method::PATCH, &uri, &headers, &[REQUEST_TARGET]).unwrap(),
            "(request-target): patch /"
        );
    }

    #[test]
    fn der_walk_is_bounded() {
        assert_eq!(der_element(&[]), None);
        assert_eq!(der_element(&[0x30]), None);
        assert_eq!(der_element(&[0x30, 0x05, 0x00]), None);
        assert_eq!(der_element(&[0x30, 0x85, 1, 1, 1, 1, 1]), None);
        assert_eq!(der_element(&[0x30, 0x82, 0xff, 0xff]), None);
        assert_eq!(
            der_element(&[0x30, 0x81, 0x01, 0x07, 0x09]),
            Some((0x30, &[0x07][..], &[0x09][..]))
        );
        assert_eq!(spki_to_pkcs1(&[0x30, 0x00]), None);
        assert_eq!(rsa_public_modulus_bits(&[0x30, 0x03, 0x02, 0x01, 0x01]), None);
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(text in "(-----BEGIN [A-Z ]{0,20}-----)?[A-Za-z0-9+/=:\\-\r\n ]{0,200}(-----END [A-Z ]{0,20}-----)?", der in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let _ = PrivateKey::from_pem(&text);
            let _ = PublicKey::from_pem(&text);
            let _ = PublicKey::from_spki_der(&der);
            let _ = PublicKey::from_pkcs1_der(&der);
            let _ = parse_authorization(&text);
        }
    }

    #[test]
    fn a_session_token_signs_as_st_and_never_shows() {
        let token = signoff_core::Secret::new("eyJhbGciOiJSUzI1NiJ9.CANARY-token.sig");
        let key = PrivateKey::from_pem(KEY).unwrap();
        let signer = Signer::session_token(&token, key.clone()).unwrap();
        assert_eq!(signer.key_id(), "ST$eyJhbGciOiJSUzI1NiJ9.CANARY-token.sig");
        assert!(!format!("{signer:?}").contains("CANARY"), "{signer:?}");
        let mut request = Request::get("https://iaas.example.com/20160918/instances")
            .body(bytes::Bytes::new())
            .unwrap();
        signer
            .sign(&mut request, Some("Mon, 23 Nov 2026 22:00:00 GMT"))
            .unwrap();
        let auth = parse_authorization(request.headers()[AUTHORIZATION].to_str().unwrap()).unwrap();
        assert_eq!(auth.key_id, "ST$eyJhbGciOiJSUzI1NiJ9.CANARY-token.sig");
        assert!(request.headers()[AUTHORIZATION].is_sensitive());
        verify(&key.public_key(), &request).unwrap();
        // A token read from a file keeps no trailing newline.
        let from_file = signoff_core::Secret::new("abc.def\n");
        assert_eq!(
            Signer::session_token(&from_file, key.clone()).unwrap().key_id(),
            "ST$abc.def"
        );
        // An API key's id still shows; a refusal never quotes the token.
        let api = Signer::new("t", "u", "f", key.clone()).unwrap();
        assert!(format!("{api:?}").contains("t/u/f"));
        for bad in ["", "  ", "CANARY a", "CANARY\"x\"", "CANARY\r\nX: 1", "CANARY\u{1}x"] {
            let e = Signer::session_token(&signoff_core::Secret::new(bad), key.clone()).unwrap_err();
            assert_eq!(e.param(), "security_token");
            assert!(!format!("{e} {e:?}").contains("CANARY"), "{e}");
        }
    }
}
