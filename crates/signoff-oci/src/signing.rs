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
//! # let pem = include_str!("../testdata/vector-key.pem");
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

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, DATE, HOST};
use http::{HeaderMap, HeaderValue, Method, Request, Uri};
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair, UnparsedPublicKey};
use signoff_core::{BuildError, BuildErrorKind, header_value};
use zeroize::Zeroizing;

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

// ---------------------------------------------------------------------------
// PEM and a tiny DER reader

/// One PEM block: its label, whether RFC 1421 headers mark it encrypted,
/// and the decoded DER (wiped on drop).
struct Pem {
    label: String,
    encrypted: bool,
    der: Zeroizing<Vec<u8>>,
}

/// Reads the first PEM block of `text`. Errors name `param` and never
/// quote the text.
fn parse_pem(param: &str, text: &str) -> Result<Pem, BuildError> {
    let invalid = |why: &str| BuildError::new(BuildErrorKind::InvalidKey, param, why.to_owned());
    if text.trim().is_empty() {
        return Err(BuildError::new(BuildErrorKind::EmptyParam, param, "must not be empty"));
    }
    if text.len() > MAX_PEM_LEN {
        return Err(invalid("is longer than 64 KiB: not a PEM key"));
    }
    let (_, after_begin) = text
        .split_once("-----BEGIN ")
        .ok_or_else(|| invalid("is not PEM: no \"-----BEGIN\" line"))?;
    let (label, rest) = after_begin
        .split_once("-----")
        .ok_or_else(|| invalid("is not PEM: the BEGIN line is not closed"))?;
    if label.is_empty()
        || label.len() > 64
        || !label
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b' ' || b.is_ascii_digit())
    {
        return Err(invalid("is not PEM: the BEGIN line's label is not a PEM label"));
    }
    let end = format!("-----END {label}-----");
    let (body, _) = rest
        .split_once(end.as_str())
        .ok_or_else(|| invalid("is not PEM: no END line matching the BEGIN line"))?;
    let mut encrypted = false;
    let mut b64 = Zeroizing::new(String::with_capacity(body.len()));
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            // RFC 1421 encapsulated headers (Proc-Type, DEK-Info).
            if name.trim().eq_ignore_ascii_case("Proc-Type") && value.to_ascii_uppercase().contains("ENCRYPTED") {
                encrypted = true;
            }
            continue;
        }
        b64.push_str(line);
    }
    if encrypted {
        // Never decode: the body is ciphertext.
        return Ok(Pem {
            label: label.to_owned(),
            encrypted,
            der: Zeroizing::new(Vec::new()),
        });
    }
    let der = STANDARD
        .decode(b64.as_bytes())
        .map_err(|_| invalid("is not PEM: the body between BEGIN and END is not base64"))?;
    Ok(Pem {
        label: label.to_owned(),
        encrypted,
        der: Zeroizing::new(der),
    })
}

/// One DER element: tag, contents, and what follows it. Definite lengths
/// of up to four bytes only; everything bounded by the input.
fn der_element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let (len_bytes, rest) = rest.split_at(n);
        let len = len_bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, rest)
    };
    if rest.len() < len {
        return None;
    }
    let (contents, after) = rest.split_at(len);
    Some((tag, contents, after))
}

const DER_SEQUENCE: u8 = 0x30;
const DER_INTEGER: u8 = 0x02;
const DER_BIT_STRING: u8 = 0x03;
const DER_OID: u8 = 0x06;
const DER_NULL: u8 = 0x05;
/// 1.2.840.113549.1.1.1, rsaEncryption.
const RSA_ENCRYPTION_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/// The PKCS#1 `RSAPublicKey` inside an SPKI `SubjectPublicKeyInfo` whose
/// algorithm is rsaEncryption.
fn spki_to_pkcs1(der: &[u8]) -> Option<&[u8]> {
    let (tag, spki, rest) = der_element(der)?;
    if tag != DER_SEQUENCE || !rest.is_empty() {
        return None;
    }
    let (tag, algorithm, rest) = der_element(spki)?;
    if tag != DER_SEQUENCE {
        return None;
    }
    let (tag, oid, params) = der_element(algorithm)?;
    if tag != DER_OID || oid != RSA_ENCRYPTION_OID {
        return None;
    }
    if !params.is_empty() && params != [DER_NULL, 0x00] {
        return None;
    }
    let (tag, bits, rest) = der_element(rest)?;
    if tag != DER_BIT_STRING || !rest.is_empty() {
        return None;
    }
    match bits.split_first() {
        Some((0, key)) => Some(key),
        _ => None,
    }
}

/// Whether `der` is shaped like a PKCS#1 `RSAPublicKey`: a SEQUENCE of two
/// INTEGERs and nothing else.
fn is_rsa_public_key(der: &[u8]) -> bool {
    let Some((DER_SEQUENCE, seq, rest)) = der_element(der) else {
        return false;
    };
    let Some((DER_INTEGER, _, after_n)) = der_element(seq) else {
        return false;
    };
    let Some((DER_INTEGER, _, after_e)) = der_element(after_n) else {
        return false;
    };
    rest.is_empty() && after_e.is_empty()
}

// ---------------------------------------------------------------------------
// Keys

/// An RSA private key, parsed once and shared by clones (an `Arc`). Its
/// `Debug` shows the modulus size, never the key.
#[derive(Clone)]
pub struct PrivateKey {
    pair: Arc<RsaKeyPair>,
}

impl PrivateKey {
    /// Parses a PEM RSA key: PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8
    /// (`BEGIN PRIVATE KEY`), 2048 to 8192 bits.
    ///
    /// Refused: an encrypted key (`BEGIN ENCRYPTED PRIVATE KEY`, or a
    /// `Proc-Type: 4,ENCRYPTED` header) and other PEM kinds are
    /// `unsupported_key`; bad PEM, a key that is not RSA or that ring
    /// rejects is `invalid_key`. Errors name the parameter
    /// `private_key_pem` and never quote the key.
    pub fn from_pem(pem: &str) -> Result<Self, BuildError> {
        let block = parse_pem(KEY_PARAM, pem)?;
        let unsupported = |why: &str| BuildError::new(BuildErrorKind::UnsupportedKey, KEY_PARAM, why.to_owned());
        if block.label == "ENCRYPTED PRIVATE KEY" || block.encrypted {
            return Err(unsupported(
                "is an encrypted key, which this codec does not support (with or without a passphrase): \
                 decrypt it first, e.g. `openssl pkey -in key.pem -out key-clear.pem`, and keep the clear key secret",
            ));
        }
        match block.label.as_str() {
            "RSA PRIVATE KEY" => Self::from_pkcs1_der(&block.der),
            "PRIVATE KEY" => Self::from_pkcs8_der(&block.der),
            "EC PRIVATE KEY" | "DSA PRIVATE KEY" => Err(BuildError::new(
                BuildErrorKind::InvalidKey,
                KEY_PARAM,
                "is not an RSA key: OCI signs with RSA only",
            )),
            "PUBLIC KEY" | "RSA PUBLIC KEY" => Err(BuildError::new(
                BuildErrorKind::InvalidKey,
                KEY_PARAM,
                "is a public key: signing needs the private key",
            )),
            _ => Err(unsupported(
                "is not a PEM form this codec reads: use `BEGIN RSA PRIVATE KEY` (PKCS#1) or `BEGIN PRIVATE KEY` (PKCS#8)",
            )),
        }
    }

    /// Reads a PKCS#1 `RSAPrivateKey` in DER.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, BuildError> {
        RsaKeyPair::from_der(der).map(Self::wrap).map_err(|e| rejected(&e))
    }

    /// Reads a PKCS#8 `PrivateKeyInfo` (unencrypted) holding an RSA key, in DER.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, BuildError> {
        RsaKeyPair::from_pkcs8(der).map(Self::wrap).map_err(|e| rejected(&e))
    }

    fn wrap(pair: RsaKeyPair) -> Self {
        Self { pair: Arc::new(pair) }
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            pkcs1: self.pair.public().as_ref().to_vec(),
        }
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.pair.public().modulus_len() * 8
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 over SHA-256.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, BuildError> {
        let mut signature = vec![0; self.pair.public().modulus_len()];
        pkcs1_sign(&self.pair, message, &mut signature)
            .map_err(|_| BuildError::new(BuildErrorKind::SigningFailed, KEY_PARAM, "RSA signing failed"))?;
        Ok(signature)
    }
}

/// The single place a codec touches a random source. ring's RSA `sign`
/// takes a `&dyn SecureRandom` (a sealed trait: no fixed source can stand
/// in), but RSASSA-PKCS1-v1_5 output is deterministic: the signature is a
/// function of the key and the message only, as the SDK vectors prove.
#[expect(
    clippy::disallowed_types,
    clippy::disallowed_methods,
    reason = "ring's RSA sign requires a SecureRandom; PKCS#1 v1.5 signatures are deterministic, so the output does not depend on it"
)]
fn pkcs1_sign(pair: &RsaKeyPair, message: &[u8], out: &mut [u8]) -> Result<(), ring::error::Unspecified> {
    let rng = ring::rand::SystemRandom::new();
    pair.sign(&RSA_PKCS1_SHA256, &rng, message, out)
}

fn rejected(e: &ring::error::KeyRejected) -> BuildError {
    // KeyRejected's description is a fixed phrase ("InvalidEncoding",
    // "TooSmall", ...): it never holds key material.
    BuildError::new(
        BuildErrorKind::InvalidKey,
        KEY_PARAM,
        format!("is not a usable RSA private key ({e})"),
    )
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("bits", &self.bits())
            .field("key", &signoff_core::REDACTED)
            .finish()
    }
}

/// An RSA public key, kept as a PKCS#1 `RSAPublicKey` in DER.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    pkcs1: Vec<u8>,
}

impl PublicKey {
    /// Parses a PEM public key: `BEGIN PUBLIC KEY` (SPKI, rsaEncryption) or
    /// `BEGIN RSA PUBLIC KEY` (PKCS#1). Errors name `public_key_pem`.
    pub fn from_pem(pem: &str) -> Result<Self, BuildError> {
        let block = parse_pem(PUBLIC_KEY_PARAM, pem)?;
        match block.label.as_str() {
            "PUBLIC KEY" => Self::from_spki_der(&block.der),
            "RSA PUBLIC KEY" => Self::from_pkcs1_der(&block.der),
            _ => Err(BuildError::new(
                BuildErrorKind::InvalidKey,
                PUBLIC_KEY_PARAM,
                "is not a PEM public key (`BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC KEY`)",
            )),
        }
    }

    /// Reads an SPKI `SubjectPublicKeyInfo` of an RSA key, in DER.
    pub fn from_spki_der(der: &[u8]) -> Result<Self, BuildError> {
        let pkcs1 = spki_to_pkcs1(der).ok_or_else(|| {
            BuildError::new(
                BuildErrorKind::InvalidKey,
                PUBLIC_KEY_PARAM,
                "is not an RSA SubjectPublicKeyInfo",
            )
        })?;
        Self::from_pkcs1_der(pkcs1)
    }

    /// Reads a PKCS#1 `RSAPublicKey`, in DER.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, BuildError> {
        if !is_rsa_public_key(der) {
            return Err(BuildError::new(
                BuildErrorKind::InvalidKey,
                PUBLIC_KEY_PARAM,
                "is not a PKCS#1 RSAPublicKey",
            ));
        }
        Ok(Self { pkcs1: der.to_vec() })
    }

    /// The PKCS#1 `RSAPublicKey` DER.
    pub fn pkcs1_der(&self) -> &[u8] {
        &self.pkcs1
    }

    /// Checks an RSASSA-PKCS1-v1_5 SHA-256 `signature` of `message` (keys
    /// of 2048 to 8192 bits).
    pub fn verify_signature(&self, message: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.pkcs1)
            .verify(message, signature)
            .map_err(|_| VerifyError::BadSignature)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("pkcs1_der_len", &self.pkcs1.len())
            .finish()
    }
}

// ---------------------------------------------------------------------------
// The signing string

/// A header the signing string needs cannot be read from the request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SigningStringError {
    /// The header is not in the request.
    #[error("header {0} is to be signed but is not in the request")]
    Missing(String),
    /// The header appears more than once.
    #[error("header {0} appears more than once")]
    Repeated(String),
    /// The header's value is not visible ASCII.
    #[error("header {0} holds a byte that cannot be signed (not visible ASCII)")]
    NotText(String),
}

/// The signing string of a request: one `name: value` line per name of
/// `signed_headers`, in that order, joined by `\n` (no trailing newline).
///
/// `(request-target)` is the lower-case method, a space and the path with
/// query exactly as in `uri`; any other name is a header of `headers`
/// (names compared without case, written lower-case), its value with
/// surrounding spaces and tabs removed, as a server reads it.
///
/// ```
/// use signoff_oci::signing::{GENERIC_HEADERS, signing_string};
/// let mut headers = http::HeaderMap::new();
/// headers.insert("date", "Mon, 23 Nov 2026 22:00:00 GMT".parse().unwrap());
/// headers.insert("host", "h:8443".parse().unwrap());
/// let uri: http::Uri = "https://h:8443/20160918/logout".parse().unwrap();
/// let s = signing_string(&http::Method::DELETE, &uri, &headers, GENERIC_HEADERS).unwrap();
/// assert_eq!(s, "date: Mon, 23 Nov 2026 22:00:00 GMT\n(request-target): delete /20160918/logout\nhost: h:8443");
/// ```
pub fn signing_string<S: AsRef<str>>(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    signed_headers: &[S],
) -> Result<String, SigningStringError> {
    let mut lines = Vec::with_capacity(signed_headers.len());
    for name in signed_headers {
        let name = name.as_ref().to_ascii_lowercase();
        if name == REQUEST_TARGET {
            let target = uri.path_and_query().map_or("/", |pq| pq.as_str());
            lines.push(format!(
                "{REQUEST_TARGET}: {} {target}",
                method.as_str().to_ascii_lowercase()
            ));
            continue;
        }
        let mut values = headers.get_all(name.as_str()).iter();
        let value = values.next().ok_or_else(|| SigningStringError::Missing(name.clone()))?;
        if values.next().is_some() {
            return Err(SigningStringError::Repeated(name));
        }
        let value = value
            .to_str()
            .ok()
            .filter(|v| v.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)))
            .ok_or_else(|| SigningStringError::NotText(name.clone()))?;
        lines.push(format!("{name}: {}", value.trim_matches([' ', '\t'])));
    }
    Ok(lines.join("\n"))
}

fn body_digest(body: &[u8]) -> String {
    STANDARD.encode(ring::digest::digest(&ring::digest::SHA256, body))
}

// ---------------------------------------------------------------------------
// The signer

/// Signs OCI-style requests: a key id and a parsed [`PrivateKey`]. Cheap to
/// clone; its `Debug` shows the key id and redacts the key.
#[derive(Debug, Clone)]
pub struct Signer {
    key_id: String,
    key: PrivateKey,
}

/// Refuses what would break `keyId="..."` or a naive parser of it: quotes,
/// backslashes, commas, whitespace (and, within one part, `/`).
fn key_id_part(param: &str, value: &str, slash_ok: bool) -> Result<(), BuildError> {
    header_value(param, value, false)?;
    if let Some(c) = value
        .chars()
        .find(|&c| c == '"' || c == ',' || c == '\\' || c.is_whitespace() || (!slash_ok && c == '/'))
    {
        let what = match c {
            '"' => "a double quote",
            ',' => "a comma",
            '\\' => "a backslash",
            '/' => "a slash (it separates the parts of the signature's keyId)",
            _ => "whitespace",
        };
        return Err(BuildError::new(
            BuildErrorKind::InvalidParam,
            param,
            format!("must not contain {what}"),
        ));
    }
    Ok(())
}

impl Signer {
    /// A signer for API-key authentication: the key id is
    /// `{tenancy_ocid}/{user_ocid}/{fingerprint}`.
    ///
    /// Each part must stand in a header and must not hold `"`, `,`, `\`,
    /// `/` or whitespace (`invalid_param`).
    pub fn new(tenancy_ocid: &str, user_ocid: &str, fingerprint: &str, key: PrivateKey) -> Result<Self, BuildError> {
        key_id_part("tenancy_ocid", tenancy_ocid, false)?;
        key_id_part("user_ocid", user_ocid, false)?;
        key_id_part("fingerprint", fingerprint, false)?;
        Ok(Self {
            key_id: format!("{tenancy_ocid}/{user_ocid}/{fingerprint}"),
            key,
        })
    }

    /// A signer with a ready key id (other OCI key id forms, such as a
    /// session token's `ST$...`). It must not hold `"`, `,`, `\` or
    /// whitespace.
    pub fn with_key_id(key_id: &str, key: PrivateKey) -> Result<Self, BuildError> {
        key_id_part("key_id", key_id, true)?;
        Ok(Self {
            key_id: key_id.to_owned(),
            key,
        })
    }

    /// The key id.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The key.
    pub fn key(&self) -> &PrivateKey {
        &self.key
    }

    /// Completes and signs `request` in place:
    ///
    /// - `date` when given (an IMF-fixdate, checked: `invalid_date`);
    ///   without it the request must already carry a `date` header
    ///   (`missing_param`);
    /// - `host` from the URI's authority, port kept, unless the request
    ///   has one;
    /// - for POST, PUT and PATCH: `x-content-sha256` and `content-length`
    ///   computed from the body (replacing any given), and
    ///   `content-type: application/json` when there is none;
    /// - `authorization`: `Signature algorithm="rsa-sha256",headers="...",
    ///   keyId="...",signature="...",version="1"`, in the `oci` Python
    ///   SDK's parameter order, marked sensitive.
    pub fn sign<B: AsRef<[u8]>>(&self, request: &mut Request<B>, date: Option<&str>) -> Result<(), BuildError> {
        if let Some(date) = date {
            parse_date("date", date)?;
            request.headers_mut().insert(DATE, header_value("date", date, false)?);
        }
        if !request.headers().contains_key(DATE) {
            return Err(BuildError::new(
                BuildErrorKind::MissingParam,
                "date",
                "is required: pass it or set the request's date header",
            ));
        }
        if !request.headers().contains_key(HOST) {
            let authority = request
                .uri()
                .authority()
                .map(|a| a.as_str().to_owned())
                .ok_or_else(|| {
                    BuildError::new(
                        BuildErrorKind::InvalidParam,
                        "uri",
                        "the request has no host header and its URI no authority",
                    )
                })?;
            let host = header_value("host", &authority, false)?;
            request.headers_mut().insert(HOST, host);
        }
        if has_body(request.method()) {
            let body = request.body().as_ref();
            let digest = HeaderValue::try_from(body_digest(body)).map_err(|_| signing_failed())?;
            let length = HeaderValue::from(body.len());
            let headers = request.headers_mut();
            headers.insert(X_CONTENT_SHA256, digest);
            headers.insert(CONTENT_LENGTH, length);
            if !headers.contains_key(CONTENT_TYPE) {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(DEFAULT_CONTENT_TYPE));
            }
        }
        let authorization = self.authorization(request.method(), request.uri(), request.headers())?;
        request.headers_mut().insert(AUTHORIZATION, authorization);
        Ok(())
    }

    /// The `Authorization` value for a request whose headers are complete
    /// (see [`Signer::sign`]), marked sensitive.
    pub fn authorization(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Result<HeaderValue, BuildError> {
        let names = headers_to_sign(method);
        let text = signing_string(method, uri, headers, names).map_err(|e| {
            let kind = match e {
                SigningStringError::Missing(_) => BuildErrorKind::MissingParam,
                _ => BuildErrorKind::InvalidHeaderValue,
            };
            let param = match &e {
                SigningStringError::Missing(h) | SigningStringError::Repeated(h) | SigningStringError::NotText(h) => {
                    h.clone()
                }
            };
            BuildError::new(kind, param, e.to_string())
        })?;
        let signature = STANDARD.encode(self.key.sign(text.as_bytes())?);
        let value = format!(
            "Signature algorithm=\"{ALGORITHM}\",headers=\"{}\",keyId=\"{}\",signature=\"{signature}\",version=\"{VERSION}\"",
            names.join(" "),
            self.key_id,
        );
        header_value("authorization", &value, true)
    }
}

fn signing_failed() -> BuildError {
    BuildError::new(
        BuildErrorKind::SigningFailed,
        "authorization",
        "could not build a header value",
    )
}

// ---------------------------------------------------------------------------
// Verifying

/// Why a request's signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// No `Authorization` header.
    #[error("the request has no authorization header")]
    MissingAuthorization,
    /// The `Authorization` header is not a well-formed `Signature`.
    #[error("the authorization header is not a well-formed Signature: {0}")]
    MalformedAuthorization(&'static str),
    /// `algorithm` is not `rsa-sha256`.
    #[error("algorithm {0:?} is not rsa-sha256")]
    UnsupportedAlgorithm(String),
    /// `version` is not `1`.
    #[error("signature version {0:?} is not 1")]
    UnsupportedVersion(String),
    /// A header the method requires is not in the signed list.
    #[error("header {0} is required for this method but is not signed")]
    UnsignedRequiredHeader(String),
    /// A signed header cannot be read from the request.
    #[error(transparent)]
    SignedHeader(#[from] SigningStringError),
    /// `x-content-sha256` is not the SHA-256 of the body.
    #[error("x-content-sha256 is not the SHA-256 of the body")]
    BodyDigestMismatch,
    /// `content-length` is not the body's length.
    #[error("content-length is not the length of the body")]
    ContentLengthMismatch,
    /// The `signature` parameter is not base64.
    #[error("the signature parameter is not base64")]
    SignatureEncoding,
    /// The signature does not verify with the key.
    #[error("the signature does not verify with this key")]
    BadSignature,
    /// The signed date is not an HTTP date ([`verify_at`]).
    #[error("the signed date is not an HTTP date")]
    InvalidDate,
    /// The signed date is too far from `now` ([`verify_at`]).
    #[error("the signed date is {skew_secs} s from now, over the {max_secs} s allowed")]
    ClockSkew {
        /// How far, in whole seconds.
        skew_secs: u64,
        /// The allowed skew, in whole seconds.
        max_secs: u64,
    },
}

/// The parameters of a `Signature` authorization header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignatureHeader {
    /// `keyId`: for API keys `{tenancy}/{user}/{fingerprint}`; a server
    /// picks the public key by it.
    pub key_id: String,
    /// `algorithm`, when present.
    pub algorithm: Option<String>,
    /// `headers`, lower-cased, in order (`["date"]` when absent, as the
    /// draft says).
    pub headers: Vec<String>,
    /// `signature`, base64 as sent.
    pub signature: String,
    /// `version`, when present.
    pub version: Option<String>,
}

/// Parses an `Authorization: Signature k="v",...` value (parameters in any
/// order, unknown ones ignored, duplicates refused, bounded).
pub fn parse_authorization(value: &str) -> Result<SignatureHeader, VerifyError> {
    use VerifyError::MalformedAuthorization as Bad;
    if value.len() > MAX_AUTHORIZATION_LEN {
        return Err(Bad("longer than 8 KiB"));
    }
    let (scheme, params) = value.trim().split_once(' ').ok_or(Bad("no parameters"))?;
    if !scheme.eq_ignore_ascii_case("Signature") {
        return Err(Bad("the scheme is not Signature"));
    }
    let (mut key_id, mut algorithm, mut headers, mut signature, mut version) = (None, None, None, None, None);
    let mut rest = params.trim();
    let mut count = 0;
    while !rest.is_empty() {
        count += 1;
        if count > 16 {
            return Err(Bad("too many parameters"));
        }
        let (name, after) = rest.split_once('=').ok_or(Bad("a parameter has no value"))?;
        let after = after
            .trim_start()
            .strip_prefix('"')
            .ok_or(Bad("a value is not quoted"))?;
        let (val, after) = after.split_once('"').ok_or(Bad("a quoted value is not closed"))?;
        let mut ignored = None;
        let slot = match name.trim() {
            "keyId" => &mut key_id,
            "algorithm" => &mut algorithm,
            "headers" => &mut headers,
            "signature" => &mut signature,
            "version" => &mut version,
            _ => &mut ignored,
        };
        if slot.is_some() {
            return Err(Bad("a parameter appears twice"));
        }
        *slot = Some(val.to_owned());
        rest = after.trim_start();
        if !rest.is_empty() {
            rest = rest
                .strip_prefix(',')
                .ok_or(Bad("parameters are not separated by commas"))?
                .trim_start();
        }
    }
    let headers = headers.map_or_else(
        || vec!["date".to_owned()],
        |h| h.split_ascii_whitespace().map(str::to_ascii_lowercase).collect(),
    );
    Ok(SignatureHeader {
        key_id: key_id.ok_or(Bad("no keyId"))?,
        algorithm,
        headers,
        signature: signature.ok_or(Bad("no signature"))?,
        version,
    })
}

/// Verifies a signed request with `public_key`: parses its
/// `Authorization`, checks that every header [`headers_to_sign`] requires
/// for the method is signed (`x-date` standing for `date`), that
/// `x-content-sha256` and `content-length`, when signed, match the body,
/// rebuilds the [`signing_string`] from the request's own headers and
/// checks the signature.
///
/// It reads no clock, so it does not check the date: see [`verify_at`].
/// It does not check `keyId` either: pick the key by
/// [`parse_authorization`]'s `key_id` first.
pub fn verify<B: AsRef<[u8]>>(public_key: &PublicKey, request: &Request<B>) -> Result<(), VerifyError> {
    let header = authorization_of(request)?;
    if let Some(a) = &header.algorithm
        && !a.eq_ignore_ascii_case(ALGORITHM)
    {
        return Err(VerifyError::UnsupportedAlgorithm(a.chars().take(64).collect()));
    }
    if let Some(v) = &header.version
        && v != VERSION
    {
        return Err(VerifyError::UnsupportedVersion(v.chars().take(64).collect()));
    }
    let signed = |name: &str| header.headers.iter().any(|h| h == name);
    for &required in headers_to_sign(request.method()) {
        let ok = signed(required) || (required == "date" && signed(X_DATE));
        if !ok {
            return Err(VerifyError::UnsignedRequiredHeader(required.to_owned()));
        }
    }
    let body = request.body().as_ref();
    if signed(X_CONTENT_SHA256) {
        let sent = single_header(request.headers(), X_CONTENT_SHA256)?;
        if sent.trim() != body_digest(body) {
            return Err(VerifyError::BodyDigestMismatch);
        }
    }
    if signed("content-length") {
        let sent = single_header(request.headers(), "content-length")?;
        if sent.trim().parse::<usize>().ok() != Some(body.len()) {
            return Err(VerifyError::ContentLengthMismatch);
        }
    }
    let text = signing_string(request.method(), request.uri(), request.headers(), &header.headers)?;
    if header.signature.len() > 4096 {
        return Err(VerifyError::SignatureEncoding);
    }
    let signature = STANDARD
        .decode(header.signature.as_bytes())
        .map_err(|_| VerifyError::SignatureEncoding)?;
    public_key.verify_signature(text.as_bytes(), &signature)
}

/// [`verify`], then checks that the signed date (`x-date` when signed,
/// else `date`) is within `max_skew` of `now` (OCI allows 5 minutes).
/// The time is the caller's: this crate reads no clock.
pub fn verify_at<B: AsRef<[u8]>>(
    public_key: &PublicKey,
    request: &Request<B>,
    now: SystemTime,
    max_skew: Duration,
) -> Result<(), VerifyError> {
    verify(public_key, request)?;
    let header = authorization_of(request)?;
    let name = if header.headers.iter().any(|h| h == X_DATE) {
        X_DATE
    } else {
        "date"
    };
    let sent = single_header(request.headers(), name)?;
    let date = httpdate::parse_http_date(sent.trim()).map_err(|_| VerifyError::InvalidDate)?;
    let skew = date
        .duration_since(now)
        .or_else(|_| now.duration_since(date))
        .unwrap_or(Duration::MAX);
    if skew > max_skew {
        return Err(VerifyError::ClockSkew {
            skew_secs: skew.as_secs(),
            max_secs: max_skew.as_secs(),
        });
    }
    Ok(())
}

fn authorization_of<B>(request: &Request<B>) -> Result<SignatureHeader, VerifyError> {
    let mut values = request.headers().get_all(AUTHORIZATION).iter();
    let value = values.next().ok_or(VerifyError::MissingAuthorization)?;
    if values.next().is_some() {
        return Err(VerifyError::MalformedAuthorization(
            "more than one authorization header",
        ));
    }
    let value = value
        .to_str()
        .map_err(|_| VerifyError::MalformedAuthorization("not visible ASCII"))?;
    parse_authorization(value)
}

fn single_header<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, VerifyError> {
    let mut values = headers.get_all(name).iter();
    let value = values
        .next()
        .ok_or_else(|| SigningStringError::Missing(name.to_owned()))?;
    if values.next().is_some() {
        return Err(SigningStringError::Repeated(name.to_owned()).into());
    }
    value
        .to_str()
        .map_err(|_| SigningStringError::NotText(name.to_owned()).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    const KEY: &str = include_str!("../testdata/vector-key.pem");
    const KEY_PKCS8: &str = include_str!("../testdata/vector-key-pkcs8.pem");
    const SPKI: &str = include_str!("../testdata/vector-key-spki.pem");
    const RSA_PUB: &str = include_str!("../testdata/vector-key-rsapub.pem");
    const OTHER: &str = include_str!("../testdata/other-key.pem");
    const VECTORS: &str = include_str!("../testdata/oci-signing.json");

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
        let enc8 = include_str!("../testdata/vector-key-encrypted-pkcs8.pem");
        let legacy = include_str!("../testdata/vector-key-encrypted-legacy.pem");
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
        assert!(!is_rsa_public_key(&[0x30, 0x03, 0x02, 0x01, 0x01]));
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
}
