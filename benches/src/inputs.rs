//! Deterministic inputs: every byte is a function of the arguments.
//!
//! OAM records are shaped like the page's examples (a UUID plus a base64
//! digest as the session id, four timestamps, user, client address, store,
//! `isImpersonating`): about 450 bytes of XML each, so 28 records are a
//! 14 KB document. The error envelopes are the vendors' documented shapes
//! filled with realistic text, a few hundred bytes each.

use bytes::Bytes;
use http::Response;
use signoff_oam::{SessionData, SessionResults};

/// The record counts of the OAM benches: one, the page's cap, and many.
pub const OAM_SIZES: [usize; 3] = [1, signoff_oam::MAX_SESSIONS_PER_RESPONSE, 1000];

/// The Commvault session counts.
pub const COMMVAULT_SIZES: [usize; 2] = [1, 1000];

/// A 64-bit mix of `i` (splitmix64's finalizer): deterministic, well spread.
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A session id like the page's: `uuid|base64(32 bytes)`.
pub fn session_id(i: usize) -> String {
    let i = i as u64;
    let (a, b) = (mix(i), mix(i ^ 0xABCD));
    let mut id = format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}|",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFF,
        (b >> 48) | 0x8000,
        b & 0xFFFF_FFFF_FFFF
    );
    let mut x = mix(i ^ 0x5555);
    for k in 0..43 {
        if k % 10 == 9 {
            x = mix(x);
        }
        id.push(char::from(B64[(x & 63) as usize]));
        x >>= 6;
    }
    id.push('=');
    id
}

fn time(i: usize, hours: usize) -> String {
    format!(
        "2017-05-31T{:02}:{:02}:{:02}.{:03}-07:00",
        (13 + hours + i / 3600) % 24,
        (i / 60) % 60,
        i % 60,
        (i * 7) % 1000
    )
}

/// One OAM record, as the page shows them.
pub fn oam_record(i: usize) -> SessionData {
    let mut d = SessionData::new(format!("user{}", i % 97));
    d.session_id = Some(session_id(i).into());
    d.create_time = Some(time(i, 0).into());
    d.update_time = Some(time(i, 0).into());
    d.last_access_time = Some(time(i, 0).into());
    d.expiry_time = Some(time(i, 8).into());
    d.client_ip = Some(format!("10.{}.{}.{}", i % 251, (i / 7) % 251, (i / 13) % 251).into());
    d.id_store_name = Some("UserIdentityStore1".into());
    d.is_impersonating = Some(i % 11 == 5);
    d
}

/// `n` records with `totalRecords` = `n`.
pub fn oam_results(n: usize) -> SessionResults {
    SessionResults::new(Some(n as u64), (0..n).map(oam_record).collect())
}

/// The XML `SessionResults` of `n` records, as the server writes it.
pub fn oam_xml(n: usize) -> Vec<u8> {
    signoff_oam::encode_xml(&oam_results(n)).into_bytes()
}

/// The JSON object form of the same records.
pub fn oam_json(n: usize) -> Vec<u8> {
    signoff_oam::encode_json(&oam_results(n)).into_bytes()
}

/// `n` Commvault session ids (hex, like the page's sample).
pub fn commvault_ids(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{:016x}{:016x}", mix(i as u64), mix(!(i as u64))))
        .collect()
}

/// The Commvault XML request body for `n` sessions.
pub fn commvault_request_xml(n: usize) -> Bytes {
    signoff_commvault::encode_request_body(signoff_commvault::BodyFormat::Xml, &commvault_ids(n)).unwrap_or_default()
}

/// The documented Commvault success body.
pub const COMMVAULT_RESPONSE: &[u8] = b"<Api_LogoffUsersResponse />";

/// A Commvault generic error reply.
pub const COMMVAULT_ERROR: &[u8] =
    br#"<App_GenericResp errorCode="5" errorMessage="The session token is invalid or has expired; log in again."/>"#;

/// A Compute Enclave `Error` (294 bytes).
pub const OCI_ERROR: &[u8] = br#"{"code":"NotAuthorizedOrNotFound","message":"Authorization failed or requested resource not found. The user ocid1.user.oc1..aaaaaaaatestuser has no policy allowing this operation on the compartment, or the session was already ended by another request."}"#;

/// A Veridata error object (253 bytes).
pub const VERIDATA_ERROR: &[u8] = br#"{"errCode":"OGGV-60017","errMsg":"The session token is not valid: it has expired or was invalidated by an earlier logout. Log in again with POST /veridata/v1/auth/login to obtain a new token before calling this service."}"#;

/// A JD Edwards `ServiceErrorResponse` (389 bytes).
pub const JDE_ERROR: &[u8] = br#"{"message":"Token is invalid or has expired","exception":"com.oracle.e1.jdemf.JDERestServiceException","timeStamp":"2024-03-05:14.22.31","userDefinedErrorText":"","status":"ERROR","type":"SECURITY","errorText":"The AIS token provided was not valid for this server: log in again.","exceptionId":"1709648551234"}"#;

/// An OAM JSON error body (loosely read by the codec).
pub const OAM_ERROR: &[u8] = br#"{"errorCode":"OAM-07","errorMessage":"An incorrect Username or Password was specified, or the session store is unavailable."}"#;

/// `body` as a transport hands it over: a heap buffer already shared (a
/// client's body chunk is a slice of its read buffer), so keeping a part of
/// it costs a reference count, as it would in the field. (A
/// `Bytes::from_static` body would make that free; a `Bytes` fresh from a
/// `Vec` would allocate its shared header on the first slice.)
pub fn shared(body: &[u8]) -> Bytes {
    let bytes = Bytes::from(body.to_vec());
    // Slicing promotes the buffer to shared, in place.
    drop(bytes.slice(..));
    bytes
}

/// A response with one content type, its body [`shared`].
pub fn response(status: u16, content_type: &str, body: &[u8]) -> Response<Bytes> {
    let mut r = Response::new(shared(body));
    *r.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = http::HeaderValue::from_str(content_type) {
        r.headers_mut().insert(http::header::CONTENT_TYPE, v);
    }
    r
}

/// The whole-response cases, one small error per vendor: (vendor, the
/// response).
pub fn error_responses() -> Vec<(&'static str, Response<Bytes>)> {
    let mut oci = response(401, "application/json", OCI_ERROR);
    oci.headers_mut().insert(
        "opc-request-id",
        http::HeaderValue::from_static("E1F2A3B4C5D6/7A8B9C0D1E2F3A4B5C6D7E8F9/0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5"),
    );
    vec![
        ("oci", oci),
        ("veridata", response(401, "application/json", VERIDATA_ERROR)),
        ("jde", response(444, "application/json", JDE_ERROR)),
        ("oam", response(500, "application/json", OAM_ERROR)),
        ("commvault", response(401, "application/xml", COMMVAULT_ERROR)),
    ]
}

/// The Compute Enclave crate's throwaway test key (PKCS#1 PEM).
pub const OCI_KEY_PEM: &str = include_str!("../../crates/signoff-oci/testdata/vector-key.pem");

/// The fixed date every signed request carries.
pub const OCI_DATE: &str = "Mon, 23 Nov 2026 22:00:00 GMT";

/// The Compute Enclave endpoint.
pub const OCI_ENDPOINT: &str = "https://identity.us-ashburn-1.oci.oraclecloud.com";

/// A signer over [`OCI_KEY_PEM`].
pub fn oci_signer() -> Option<signoff_oci::Signer> {
    let key = signoff_oci::PrivateKey::from_pem(OCI_KEY_PEM).ok()?;
    signoff_oci::Signer::new(
        "ocid1.tenancy.oc1..aaaaaaaatestenancy",
        "ocid1.user.oc1..aaaaaaaatestuser",
        "53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd",
        key,
    )
    .ok()
}

/// The key's PKCS#1 DER, for ring directly.
pub fn oci_key_der() -> Vec<u8> {
    use base64::Engine as _;
    let b64: String = OCI_KEY_PEM.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .unwrap_or_default()
}

/// The sizes the worst-shape bodies are built at (both past the caches, the
/// larger just under the 1 MiB body limit): linear work shows as a constant
/// cost per byte across them.
pub const WORST_SIZES: [usize; 2] = [256 * 1024, 1000 * 1024];

/// `unit` repeated inside `open` ... `close` until the body reaches `size`.
fn filled(open: &str, unit: &str, separator: &str, close: &str, size: usize) -> Vec<u8> {
    let mut body = String::with_capacity(size + unit.len() + close.len());
    body.push_str(open);
    let mut first = true;
    while body.len() + unit.len() + close.len() < size {
        if !first {
            body.push_str(separator);
        }
        body.push_str(unit);
        first = false;
    }
    body.push_str(close);
    body.into_bytes()
}

/// Numbered units (distinct names) inside `open` ... `close` until the body
/// reaches `size`.
fn numbered(open: &str, unit: impl Fn(usize) -> String, separator: &str, close: &str, size: usize) -> Vec<u8> {
    let mut body = String::with_capacity(size);
    body.push_str(open);
    for i in 0.. {
        let next = unit(i);
        if body.len() + separator.len() + next.len() + close.len() >= size {
            break;
        }
        if i > 0 {
            body.push_str(separator);
        }
        body.push_str(&next);
    }
    body.push_str(close);
    body.into_bytes()
}

/// The plain OAM XML page (records as the server writes them) of about
/// `size` bytes.
pub fn oam_xml_of_size(size: usize) -> Vec<u8> {
    of_size(size, oam_xml)
}

/// The plain OAM JSON page of about `size` bytes.
pub fn oam_json_of_size(size: usize) -> Vec<u8> {
    of_size(size, oam_json)
}

/// The largest page of `page(n)` records that is at most `size` bytes.
fn of_size(size: usize, page: fn(usize) -> Vec<u8>) -> Vec<u8> {
    let per = (page(2).len() - page(1).len()).max(1);
    let mut n = size / per + 1;
    loop {
        let body = page(n);
        if body.len() <= size || n == 0 {
            return body;
        }
        n -= 1;
    }
}

/// The worst XML shapes a strict reader meets, each about `size` bytes
/// (name, body): one element with as many attributes as fit (refused past
/// the cap), elements with the most attributes allowed, nesting at the
/// depth limit, over and over.
pub fn worst_xml(size: usize) -> Vec<(&'static str, Vec<u8>)> {
    let attributes: String = (0..signoff_core::doc::MAX_XML_ATTRIBUTES)
        .map(|i| format!(" a{i}=\"v\""))
        .collect();
    let depth = signoff_core::MAX_XML_DEPTH - 2;
    let nested = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    vec![
        (
            "attributes_one_element",
            numbered("<SessionResults", |i| format!(" a{i}=\"\""), "", "/>", size),
        ),
        (
            "attributes_at_the_cap",
            filled(
                "<SessionResults>",
                &format!("<x{attributes}/>"),
                "",
                "</SessionResults>",
                size,
            ),
        ),
        (
            "nesting_at_the_limit",
            filled("<SessionResults>", &nested, "", "</SessionResults>", size),
        ),
    ]
}

/// The worst JSON shapes, each about `size` bytes (name, body): one object
/// with as many distinct keys as fit (refused past the cap), objects with
/// the most members allowed, arrays nested to the depth limit over
/// and over, strings made only of `\u` escapes.
pub fn worst_json(size: usize) -> Vec<(&'static str, Vec<u8>)> {
    let depth = signoff_core::doc::MAX_JSON_DEPTH - 2;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let at_the_cap = format!(
        "{{{}}}",
        (0..signoff_core::doc::MAX_JSON_MEMBERS)
            .map(|i| format!("\"k{i}\":0"))
            .collect::<Vec<_>>()
            .join(",")
    );
    vec![
        (
            "keys_one_object",
            numbered("{", |i| format!("\"k{i}\":0"), ",", "}", size),
        ),
        ("keys_at_the_cap", filled("{\"a\":[", &at_the_cap, ",", "]}", size)),
        ("nesting_at_the_limit", filled("{\"a\":[", &nested, ",", "]}", size)),
        (
            "escaped_strings",
            filled(
                "{\"sessions\":[",
                &format!("\"{}\"", "\\u0041".repeat(64)),
                ",",
                "]}",
                size,
            ),
        ),
    ]
}
