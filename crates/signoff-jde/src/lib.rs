//! # signoff-jde
//!
//! A sans-IO codec for the JD Edwards EnterpriseOne AIS Server's logout,
//! `GET {base_url}/jderest/v2/orchestrator/jde-logout` (seed page
//! `004_f40d52f63abf7935.txt`): it builds the exact `http::Request<Bytes>`
//! and decodes any `http::Response<Bytes>` into [`LoggedOut`] or a typed
//! [`Error`]. It opens no socket, reads no clock and no file: any transport
//! drives it.
//!
//! Around the logout: the [`login`] that yields the token (`POST
//! /jderest/v2/tokenrequest`, Basic or JSON credentials), and the calls on
//! a token ([`token`]): `logout_token` (`POST /jderest/v2/tokenrequest/logout`) and
//! `validate` (`POST /jderest/v2/tokenrequest/validate`), the probe that
//! proves a logout: 403 and 444 mean the session is gone.
//!
//! **Not for**: sending anything.
//!
//! ## Example: build, hand to a transport, decode
//!
//! ```
//! use bytes::Bytes;
//! use signoff_jde::{Logout, decode};
//!
//! let request = Logout::builder()
//!     .base_url("https://ais.example.com")
//!     .token("044MyjuQDgaZAYfKd0ZEAUqM6x1LcnwBAblOqcGLL9KN98=MDE5MDEy")
//!     .device("kiosk-7")
//!     .build()?
//!     .to_request();
//! assert_eq!(request.uri(), "https://ais.example.com/jderest/v2/orchestrator/jde-logout");
//!
//! // ... a transport sends `request` and reads the answer:
//! let response = http::Response::builder()
//!     .status(200)
//!     .header("content-type", "application/json")
//!     .body(Bytes::from_static(br#"{"status": "Success"}"#))?;
//! let logged_out = decode(&response)?;
//! assert_eq!(logged_out.status, "Success");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## How this codec reads the page
//! - **The device header.** The page's parameter table names it
//!   `jde-AIS-Auth-Device`; its example prose says `jde-AIS-Device`. Every
//!   other AIS page, and Oracle's "Using a Token" guide, use
//!   `jde-AIS-Auth-Device`, so that is the header sent (as [`DEVICE_HEADER`]);
//!   `jde-AIS-Device` is never sent. A token minted with a device name must
//!   be sent with the same device name, or the server treats it as invalid.
//! - **Tokens** are passed verbatim (they contain `+ / =`); an empty token or
//!   device, or one holding CR, LF, NUL, another control character or a
//!   non-ASCII character, is refused at build time.
//! - **Content-Type.** The GET has no body, so no `Content-Type` is sent (the
//!   page's 400 "Invalid JSON" and 415 answers are left over from the POST
//!   variants' template; they still decode).
//! - **JSON only.** The page lists `application/xml` among its media types
//!   but documents no XML answer; a codec that cannot declare an answer
//!   does not ask for it: `accept = application/xml` is refused
//!   (`invalid_param`), and an XML body is `unsupported_content_type`.
//! - **Responses.** 200 with the JSON object whose `status` is exactly
//!   `Success` is success (other members tolerated, but none of
//!   `ServiceErrorResponse`'s, at any depth). Nothing else is: not an
//!   array, not a text or comment containing the word, not 202/204/299. A
//!   `ServiceErrorResponse` with `status` `ERROR` or `WARNING` on 200 is an
//!   `api_error`. 400, 415, 444 (kind `invalid_token`), 500 and every other
//!   4xx/5xx decode the `ServiceErrorResponse` when the body holds one, with
//!   `message` (else `errorText`) as the message; a body that is not one
//!   keeps the status-derived kind and invents no message. 1xx, 3xx and
//!   statuses above 599 are `unexpected_status`.
//!
//! ## Dependencies, and why
//! - `signoff-core`: the shared contract (secrets, errors, report).
//! - `http`, `bytes`: the request and response types.
//! - `serde`: the params and the serialized success value (the JSON
//!   documents are read by core's strict reader).
//! - `serde_json`: the token calls' JSON request bodies, escaped by the
//!   reference writer (no input can add a member).

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod codec;
pub mod error;
pub mod login;
pub mod request;
pub mod response;
pub mod token;

pub use codec::CODEC;
pub use error::{Error, ServiceErrorResponse};
pub use login::{
    AisSession, ENVIRONMENT_HEADER, LOGIN_PATH, Login, LoginAuth, LoginBuilder, LoginParams, ROLE_HEADER, decode_login,
};
pub use request::{AUTH_HEADER, DEVICE_HEADER, LOGOUT_PATH, Logout, LogoutBuilder, LogoutParams};
pub use response::{LoggedOut, decode};
pub use token::{
    LogoutToken, LogoutTokenBuilder, LogoutTokenParams, TOKEN_LOGOUT_PATH, TokenBuilder, TokenCall, TokenParams,
    TokenPost, VALIDATE_PATH, ValidSession, Validate, ValidateBuilder, ValidateParams, decode_logout_token,
    decode_validate,
};

/// The registry's short name.
pub const VENDOR: &str = "jde";

/// JD Edwards AIS, declared once for all its calls: its name, where its request
/// id travels, its error envelope (see [`signoff_core::Vendor`]).
#[derive(Debug, Clone, Copy)]
pub struct Jde;

impl signoff_core::Vendor for Jde {
    type Envelope = error::ServiceErrorResponse;
    const NAME: &'static str = VENDOR;
    const REQUEST_ID_HEADERS: &'static [&'static str] = response::REQUEST_ID_HEADERS;
    const ERROR: signoff_core::doc::Documents = error::ENVELOPE;
    const ERROR_ON_SUCCESS: signoff_core::doc::Documents = error::ENVELOPE_ON_SUCCESS;
}
