//! Oracle's own signing example, the test vector of Oracle's Go SDK
//! (`oracle/oci-go-sdk`, `common/http_signer_test.go`): a GET with a query
//! string and a POST whose body is signed. Its signing strings, body digest
//! and signed-header lists are reproduced byte for byte, showing the signer
//! is right for any OCI request, not only the logout. Its key is 1,024
//! bits: the signer refuses to sign with it and a public key that small is
//! refused when parsed, so the requests here are signed with this crate's
//! 2,048-bit vector key and checked for the same signing strings.
//!
//! The example's date, `Thu, 05 Jan 2014`, names the wrong weekday (that
//! day was a Sunday): the signer's `date` parameter refuses it as no
//! IMF-fixdate, so it is set here as the request's own `date` header, which
//! the signer signs as given.

use bytes::Bytes;
use signoff_oci::signing::{PrivateKey, PublicKey, Signer, parse_authorization, signing_string, verify};

const TENANCY: &str = "ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq";
const USER: &str = "ocid1.user.oc1..aaaaaaaat5nvwcna5j6aqzjcaty5eqbb6qt2jvpkanghtgdaqedqw3rynjq";
const FINGERPRINT: &str = "20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34";
const DATE: &str = "Thu, 05 Jan 2014 21:31:40 GMT";

const GET_URL: &str = "https://iaas.us-phoenix-1.oraclecloud.com/20160918/instances?availabilityDomain=Pjwf%3A%20PHX-AD-1&compartmentId=ocid1.compartment.oc1..aaaaaaaam3we6vgnherjq5q2idnccdflvjsnog7mlr6rtdb25gilchfeyjxa&displayName=TeamXInstances&volumeId=ocid1.volume.oc1.phx.abyhqljrgvttnlx73nmrwfaux7kcvzfs3s66izvxf2h4lgvyndsdsnoiwr5q";
const POST_URL: &str = "https://iaas.us-phoenix-1.oraclecloud.com/20160918/volumeAttachments";
const POST_BODY: &str = "{\n    \"compartmentId\": \"ocid1.compartment.oc1..aaaaaaaam3we6vgnherjq5q2idnccdflvjsnog7mlr6rtdb25gilchfeyjxa\",\n    \"instanceId\": \"ocid1.instance.oc1.phx.abuw4ljrlsfiqw6vzzxb43vyypt4pkodawglp3wqxjqofakrwvou52gb6s5a\",\n    \"volumeId\": \"ocid1.volume.oc1.phx.abyhqljrgvttnlx73nmrwfaux7kcvzfs3s66izvxf2h4lgvyndsdsnoiwr5q\"\n}";

const GET_SIGNING_STRING: &str = "date: Thu, 05 Jan 2014 21:31:40 GMT\n(request-target): get /20160918/instances?availabilityDomain=Pjwf%3A%20PHX-AD-1&compartmentId=ocid1.compartment.oc1..aaaaaaaam3we6vgnherjq5q2idnccdflvjsnog7mlr6rtdb25gilchfeyjxa&displayName=TeamXInstances&volumeId=ocid1.volume.oc1.phx.abyhqljrgvttnlx73nmrwfaux7kcvzfs3s66izvxf2h4lgvyndsdsnoiwr5q\nhost: iaas.us-phoenix-1.oraclecloud.com";
const POST_SIGNING_STRING: &str = "date: Thu, 05 Jan 2014 21:31:40 GMT\n(request-target): post /20160918/volumeAttachments\nhost: iaas.us-phoenix-1.oraclecloud.com\ncontent-length: 316\ncontent-type: application/json\nx-content-sha256: V9Z20UJTvkvpJ50flBzKE32+6m2zJjweHpDMX/U4Uy0=";

const GO_KEY_1024: &str = include_str!("../testdata/go-sdk-key-1024.pem");
const GO_KEY_1024_SPKI: &str = include_str!("../testdata/go-sdk-key-1024-spki.pem");
const GO_KEY_1024_RSAPUB: &str = include_str!("../testdata/go-sdk-key-1024-rsapub.pem");
const KEY: &str = include_str!("../testdata/vector-key.pem");

fn signer() -> Signer {
    Signer::new(TENANCY, USER, FINGERPRINT, PrivateKey::from_pem(KEY).unwrap()).unwrap()
}

/// The signing string of a signed request, rebuilt from the headers its
/// `Authorization` names.
fn signed_string<B>(request: &http::Request<B>) -> (Vec<String>, String) {
    let auth = parse_authorization(request.headers()["authorization"].to_str().unwrap()).unwrap();
    let text = signing_string(request.method(), request.uri(), request.headers(), &auth.headers).unwrap();
    (auth.headers, text)
}

#[test]
fn the_get_with_a_query_string_signs_the_go_sdk_string() {
    let mut request = http::Request::get(GET_URL)
        .header("date", DATE)
        .body(Bytes::new())
        .unwrap();
    signer().sign(&mut request, None).unwrap();
    let (headers, text) = signed_string(&request);
    assert_eq!(headers, ["date", "(request-target)", "host"]);
    assert_eq!(text, GET_SIGNING_STRING);
    let auth = parse_authorization(request.headers()["authorization"].to_str().unwrap()).unwrap();
    assert_eq!(auth.key_id, format!("{TENANCY}/{USER}/{FINGERPRINT}"));
    assert_eq!(auth.algorithm.as_deref(), Some("rsa-sha256"));
    assert_eq!(auth.version.as_deref(), Some("1"));
    verify(&PrivateKey::from_pem(KEY).unwrap().public_key(), &request).unwrap();
}

#[test]
fn the_post_with_a_body_signs_the_go_sdk_string() {
    let mut request = http::Request::post(POST_URL)
        .header("date", DATE)
        .header("content-type", "application/json")
        .body(Bytes::from_static(POST_BODY.as_bytes()))
        .unwrap();
    signer().sign(&mut request, None).unwrap();
    assert_eq!(request.headers()["content-length"], "316");
    assert_eq!(
        request.headers()["x-content-sha256"],
        "V9Z20UJTvkvpJ50flBzKE32+6m2zJjweHpDMX/U4Uy0="
    );
    let (headers, text) = signed_string(&request);
    assert_eq!(
        headers,
        [
            "date",
            "(request-target)",
            "host",
            "content-length",
            "content-type",
            "x-content-sha256"
        ]
    );
    assert_eq!(text, POST_SIGNING_STRING);
    verify(&PrivateKey::from_pem(KEY).unwrap().public_key(), &request).unwrap();
}

#[test]
fn the_go_sdk_key_of_1024_bits_is_refused_to_sign_and_to_verify() {
    let e = PrivateKey::from_pem(GO_KEY_1024).unwrap_err();
    assert_eq!(e.kind().name(), "invalid_key");
    for pem in [GO_KEY_1024_SPKI, GO_KEY_1024_RSAPUB] {
        let e = PublicKey::from_pem(pem).unwrap_err();
        assert_eq!(e.kind().name(), "invalid_key", "{e}");
        assert!(e.to_string().contains("1024-bit"), "{e}");
    }
    // The crate's own 2,048-bit key still parses both ways.
    assert!(PublicKey::from_pem(include_str!("../testdata/vector-key-spki.pem")).is_ok());
    assert!(PublicKey::from_pem(include_str!("../testdata/vector-key-rsapub.pem")).is_ok());
}

#[test]
fn the_examples_date_is_refused_as_a_parameter() {
    let mut request = http::Request::get(GET_URL).body(Bytes::new()).unwrap();
    let e = signer().sign(&mut request, Some(DATE)).unwrap_err();
    assert_eq!(e.kind().name(), "invalid_date");
}
