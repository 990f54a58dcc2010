//! # signoff-oci
//!
//! A sans-IO codec for the Oracle Compute Enclave logout,
//! `DELETE {endpoint}/20160918/logout` (seed page `000_4dec5be12205d005.txt`;
//! the Compute Enclave API of Oracle's Private Cloud Appliance speaks the
//! OCI API conventions): it builds the exact, signed
//! `http::Request<Bytes>` and decodes any `http::Response<Bytes>` into
//! [`LoggedOut`] or a typed [`Error`]. It opens no socket, reads no clock
//! and no file: any transport drives it.
//!
//! Its [`signing`] module is a reusable OCI request signer (HTTP
//! Signatures, `rsa-sha256`) for any OCI-style request, with the server's
//! side ([`signing::verify`]) for servers and emulators.
//!
//! Signers come from an API key (`{tenancy}/{user}/{fingerprint}`, see
//! [`Signer::new`]) or from a session token (`ST${token}`, the form `oci
//! session authenticate` produces, see [`Signer::session_token`]).
//!
//! **Proof of ending**: the Compute Enclave API documents no call that
//! tells whether a session is still alive, so the logout declares no probe
//! and a check of it reports `cannot_tell`, never `gone`.
//!
//! Its [`config`] module reads the OCI configuration file's text (every
//! OCI tool's `~/.oci/config`: profiles, `[DEFAULT]` inherited) into a
//! profile's signer settings, and names the files (`key_file`,
//! `security_token_file`) for the caller to read.
//!
//! **Not for**: creating sessions or API keys, reading files, instance or
//! resource principals, encrypted keys, or sending anything.
//!
//! ## Example: build, hand to a transport, decode
//!
//! ```
//! use bytes::Bytes;
//! use signoff_oci::{Logout, PrivateKey, Signer, decode};
//! # let pem = include_str!("../testdata/vector-key.pem");
//!
//! // Parse the key once; the signer is cheap to clone and reuse.
//! let signer = Signer::new(
//!     "ocid1.tenancy.oc1..aaaaaaaatestenancy",
//!     "ocid1.user.oc1..aaaaaaaatestuser",
//!     "53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd",
//!     PrivateKey::from_pem(pem)?,
//! )?;
//! let request = Logout::builder()
//!     .endpoint("https://iaas.enclave.example.com")
//!     .signer(signer)
//!     .date("Mon, 23 Nov 2026 22:00:00 GMT") // or .date_time(SystemTime)
//!     .opc_request_id("3F2504E04F8941D39A0C0305E82C3301")
//!     .build()?
//!     .to_request();
//! assert_eq!(request.method(), "DELETE");
//! assert_eq!(request.uri(), "https://iaas.enclave.example.com/20160918/logout");
//! assert!(request.headers()["authorization"].to_str()?.starts_with("Signature algorithm=\"rsa-sha256\""));
//!
//! // ... a transport sends `request` and reads the answer:
//! let response = http::Response::builder()
//!     .status(200)
//!     .header("opc-request-id", "A1B2C3/D4E5")
//!     .body(Bytes::new())?;
//! let logged_out = decode(&response)?;
//! assert_eq!(logged_out.request_id.as_deref(), Some("A1B2C3/D4E5"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## How this codec reads the page
//! - **Authentication is not on the page.** It says "There are no request
//!   parameters"; the appliance's guide says the Compute Enclave is used
//!   with OCI API keys, so every request carries the OCI signature: `date`,
//!   `host` and `Authorization: Signature ...` over
//!   `date (request-target) host`, key id
//!   `{tenancy_ocid}/{user_ocid}/{fingerprint}`.
//! - **The Authorization parameter order** differs between Oracle's docs
//!   (`version`, `keyId`, `algorithm`, `headers`, `signature`), the Go SDK
//!   and the Python SDK. Servers read them by name; this codec writes the
//!   Python SDK's order (`algorithm`, `headers`, `keyId`, `signature`,
//!   `version`) so the SDK's own vectors are reproduced byte for byte.
//! - **The signed host** is the endpoint's authority exactly as given, the
//!   port included when the endpoint names one (as the SDK's `netloc`).
//! - **The date.** The codec has no clock: `date` is a required parameter,
//!   an IMF-fixdate exactly as sent (other HTTP date forms are refused, so
//!   the signed text is the canonical one); the typed builder also takes a
//!   `SystemTime`. Servers refuse dates more than 5 minutes off.
//! - **Content-Type.** The Python SDK adds `content-type: application/json`
//!   to a DELETE by accident (unsigned); the logout has no body, so none is
//!   sent and none is signed. `accept: application/json` is sent (the
//!   page's only media type).
//! - **`opc-request-id`.** Sent when the caller gives one (unsigned, as the
//!   SDK does); read from every response into [`LoggedOut::request_id`], the
//!   error, and the report's `request_id`.
//! - **200 "The User is authorized for the request."** is a copy-paste
//!   description and the page defines no 200 body: a 200 or 204 with an
//!   empty body or `{}` is success, nothing else. The page's `Error` on a
//!   2xx is an `api_error`; a JSON object with members, an array, an HTML
//!   page, a text body or another 2xx (202, 299) is `unexpected`, never
//!   success; broken JSON is `malformed_body`.
//! - **`Error {code, message}`, "both required".** Either may be missing
//!   and unknown fields are ignored; a numeric `code` is kept as written;
//!   a member of the wrong type, a name given twice, an array or trailing
//!   junk make the body no `Error` (no code, no message);
//!   codes are an open set (the page links OCI's public API Errors
//!   catalogue). 401, 404, 412, 500 and every other 4xx/5xx decode the
//!   envelope when the body holds one; an HTML, text, empty or broken body
//!   keeps the status-derived kind with no code and no message.
//!   Retryable: 429 and 5xx but 501 (core's rule; the docs' own retry
//!   column has changed over time). 1xx, 3xx and statuses above 599 are
//!   `unexpected_status`.
//! - **Keys.** PKCS#1 (`BEGIN RSA PRIVATE KEY`) and PKCS#8 (`BEGIN PRIVATE
//!   KEY`) RSA keys. Encrypted keys (`BEGIN ENCRYPTED PRIVATE KEY`,
//!   `Proc-Type: 4,ENCRYPTED`) are refused with `unsupported_key` and a
//!   sentence saying how to decrypt one; a passphrase given for a clear key
//!   is accepted and unused. The key, the passphrase and the signature are
//!   never printed: `Debug` redacts them and `authorization` is a
//!   sensitive header.
//! - **Key id parts** must not hold `"`, `,`, `\`, `/` or whitespace: they
//!   would break `keyId="..."` (a `/` would split it wrongly).
//!
//! ## The signing backend
//! RSA and SHA-256 come from aws-lc-rs by default (feature `aws-lc`), or
//! from ring (`default-features = false, features = ["ring"]`) for those
//! who want no C build. Both are constant-time and well reviewed, and give
//! byte-identical signatures (the SDK and Go SDK vectors run under each:
//! CI tests both). aws-lc-rs is the default by measurement: on the 2-core
//! machine these figures come from, an RSA-2048 PKCS#1 v1.5 signature
//! takes about 240 µs with aws-lc-rs (the same as `openssl speed
//! rsa2048`) against about 420 µs with ring, and every OCI request is
//! signed; its C part builds in about 40 s with the system's `cc`, nothing
//! more. [`BACKEND`] names the one built.
//!
//! ## The one random source
//! Both backends' RSA signing APIs take a `&dyn SecureRandom`, a sealed
//! trait. RSASSA-PKCS1-v1_5 signatures are deterministic (the vectors prove
//! it), so one private function in [`signing`] creates the backend's
//! `SystemRandom` to satisfy that API, under
//! `#[expect(clippy::disallowed_methods, reason = ...)]`: the only exception
//! to the crate's no-randomness rule.
//!
//! ## Dependencies, and why
//! - `signoff-core`: the shared contract (secrets, errors, report).
//! - `http`, `bytes`: the request and response types.
//! - `serde`, `serde_json`: parameters and the JSON documents.
//! - `aws-lc-rs` (default) or `ring`: RSA PKCS#1 v1.5 signing and
//!   verifying and SHA-256, constant time and well reviewed (not the `rsa`
//!   crate: RUSTSEC-2023-0071).
//! - `base64`: PEM bodies, the signature and `x-content-sha256`.
//! - `httpdate`: IMF-fixdates.
//! - `zeroize`: wiping the decoded key bytes.
//! - `thiserror`: the signing error types.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod codec;
pub mod config;
pub mod error;
pub mod request;
pub mod response;
pub mod signing;

pub use codec::CODEC;
pub use error::{Error, ErrorBody};
pub use request::{LOGOUT_PATH, Logout, LogoutBuilder, LogoutParams, OPC_REQUEST_ID};
pub use response::{LoggedOut, decode};
pub use signing::{BACKEND, PrivateKey, PublicKey, Signer, VerifyError, signing_string, verify, verify_at};

/// The registry's short name.
pub const VENDOR: &str = "oci";

/// Oracle Compute Enclave, declared once for all its calls: its name, where its request
/// id travels, its error envelope (see [`signoff_core::Vendor`]).
#[derive(Debug, Clone, Copy)]
pub struct Oci;

impl signoff_core::Vendor for Oci {
    type Envelope = error::ErrorBody;
    const NAME: &'static str = VENDOR;
    const REQUEST_ID_HEADERS: &'static [&'static str] = response::REQUEST_ID_HEADERS;
    const ERROR: signoff_core::doc::Documents = error::ENVELOPE;
    const ERROR_ON_SUCCESS: signoff_core::doc::Documents = error::ENVELOPE_ON_SUCCESS;
}
