//! # signoff-veridata
//!
//! A sans-IO codec for Oracle GoldenGate Veridata's session invalidate,
//! `GET {base_url}/veridata/v1/session/invalidate` (seed page
//! `001_a37f00870c2dbca3.txt`): it builds the exact `http::Request<Bytes>`
//! and decodes any `http::Response<Bytes>` into [`LoggedOut`] or a typed
//! [`Error`]. It also builds the Basic login (`GET
//! {base_url}/veridata/v1/auth/login`) and decodes its answer into a
//! [`LoginSession`], since a logout without a way to obtain the token it
//! ends is half a tool. It opens no socket, reads no clock and no file: any
//! transport drives it.
//!
//! **Not for**: Digest login (releases before 23.26.1.0.1 answer the login
//! with a Digest challenge in a non-standard `WWW-Authenticate-Custom`
//! header; answering it needs the server's nonce and a second round trip,
//! which a one-shot codec does not do: use Basic, or obtain the token
//! elsewhere and hand it to [`Logout`]); extending a session
//! (`/session/extend`); ending another user's session (the call ends the
//! session whose token it carries); retrying (see below); sending anything.
//!
//! ## Example: log in, log out
//!
//! ```
//! use bytes::Bytes;
//! use signoff_veridata::{Login, Logout, decode, decode_login};
//!
//! let login = Login::builder()
//!     .base_url("http://veridata.example.com:8830")
//!     .username("admin")
//!     .password("welcome1")
//!     .build()?
//!     .to_request();
//! assert_eq!(login.headers()["authorization"], "Basic YWRtaW46d2VsY29tZTE=");
//!
//! // ... a transport sends `login` and reads the answer:
//! let answer = http::Response::builder()
//!     .status(200)
//!     .header("content-type", "application/json")
//!     .body(Bytes::from_static(br#"{"token":"eyJraWQiOiJzaWduLXJ..","sessionTimeout":"3600","username":"admin"}"#))?;
//! let session = decode_login(&answer)?;
//! assert_eq!(session.session_timeout, Some(3600));
//!
//! let request = Logout::builder()
//!     .base_url("http://veridata.example.com:8830")
//!     .token(session.token.clone())
//!     .build()?
//!     .to_request();
//! assert_eq!(request.uri(), "http://veridata.example.com:8830/veridata/v1/session/invalidate");
//! assert_eq!(request.headers()["authorization"], "Bearer eyJraWQiOiJzaWduLXJ..");
//! assert!(request.headers().get("content-type").is_none());
//!
//! // ... a transport sends `request`:
//! let response = http::Response::builder()
//!     .status(200)
//!     .header("content-type", "application/json")
//!     .body(Bytes::from_static(b"Logout Successful."))?;
//! let logged_out = decode(&response)?;
//! assert_eq!(logged_out.message.as_deref(), Some("Logout Successful."));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## How this codec reads the page
//! - **Absolute `http://` template.** The page writes
//!   `http://{host}:{port}/veridata/v1/...`; the scheme is the caller's
//!   (`https` on 8831 behind a proxy is common). The base URL is scheme,
//!   authority and an optional prefix; a base that already ends in
//!   `/veridata/v1` (the docs' "base path") is not given it twice.
//! - **Authentication** is not on the page: Veridata's REST API takes
//!   `Authorization: Bearer {token}` after login. The token is opaque (a JWT
//!   on the releases seen) and never parsed. An empty token, one with CR,
//!   LF, NUL, another control or a non-ASCII character
//!   (`invalid_header_value`), and one that is not an RFC 6750 `b64token`
//!   (`invalid_param`: spaces, quotes, commas, a pasted `Bearer ` prefix) are
//!   refused at build time.
//! - **Roles.** The page's "Required Role" list is [`ALLOWED_ROLES`]; the
//!   server enforces it, the codec only documents it.
//! - **No body, JSON only.** The GET carries no body and no
//!   `Content-Type`. "Supported Media Types: application/json" is the only
//!   `accept` allowed (`application/xml` is refused with `invalid_param`).
//! - **200 "Logout Successful."** has no schema, so the codec declares
//!   it narrowly: success is an empty body ([`LogoutBody::Empty`]), the
//!   exact text `Logout Successful.` (trimmed; [`LogoutBody::Text`]) under
//!   `text/plain`, no type or the `application/json` a JAX-RS resource
//!   puts on a plain string, or that sentence as a JSON string
//!   ([`LogoutBody::Json`]). Nothing else is proof: not a text that merely
//!   contains a confirming word ("Logout failed"), not a JSON object or
//!   another scalar, not an HTML page anywhere in the body, not XML or
//!   another declared media type, not a status other than 200 (202, 204,
//!   299: `unexpected_status`). The `{errCode, errMsg}` object on a 200
//!   (with its `errCode`) is an `api_error` of kind `other`.
//! - **Errors.** 400, 401, 404, 500 (and every other 4xx/5xx) carry the
//!   `Error` object `{errCode, errMsg}`: both optional, unknown fields
//!   ignored, a numeric code kept as text; `errCode` is the report's `code`
//!   (an opaque string: the page's `OGGV-00001` / "Error message" is one
//!   placeholder for every status), `errMsg` its `message`. A body that is
//!   not such an object (empty, an HTML 401 from a proxy) keeps the
//!   status-derived kind with no code and no message.
//! - **1xx, 3xx** (a redirect to a login page) and statuses above 599 are
//!   `unexpected_status`; a redirect's `Location` is named.
//! - **Request ids.** Veridata documents none; `x-request-id` (a proxy's)
//!   then `x-oracle-dms-ecid` (WebLogic's) are read when present.
//! - **Retries.** A GET that changes state: `retryable` is the core hint
//!   (5xx but 501, 429); a 401 after a first invalidate means the token is
//!   already dead.
//! - **Login** (Basic, release 23.26.1.0.1 and later): `Authorization: Basic
//!   base64(username:password)` over UTF-8; a `:` or a control character in
//!   the user name is refused (`invalid_param`), an empty password
//!   (`empty_param`). The answer's `token` is required; `sessionTimeout` (a
//!   number or a numeric string), `username`, `roles` and `userId` are read
//!   when present (the docs' Login schema has `roles`/`userId`, servers in
//!   the wild send `sessionTimeout`/`username`). The token serializes as
//!   `[REDACTED]`; an answer on 200 that is not the login document keeps no
//!   excerpt (it may hold the token). Login errors decode like logout errors.
//!
//! ## Dependencies, and why
//! - `signoff-core`: the shared contract (secrets, errors, report).
//! - `http`, `bytes`: the request and response types.
//! - `serde`: the params and the serialized success values.
//! - `base64`: the Basic credentials of the login.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod codec;
pub mod error;
pub mod extend;
pub mod login;
pub mod request;
pub mod response;

pub use codec::CODEC;
pub use error::{Error, ErrorObject};
pub use extend::{Extend, ExtendBuilder, ExtendParams, decode_extend};
pub use login::{Login, LoginBuilder, LoginParams, LoginSession, decode_login};
pub use request::{
    ALLOWED_ROLES, BearerGet, CONTEXT_PATH, EXTEND_PATH, LOGIN_PATH, LOGOUT_PATH, Logout, LogoutBuilder, LogoutParams,
    SessionBuilder, SessionCall, SessionParams,
};
pub use response::{LOGOUT_MESSAGE, LoggedOut, LogoutBody, REQUEST_ID_HEADERS, decode};

/// The registry's short name.
pub const VENDOR: &str = "veridata";

/// Oracle GoldenGate Veridata, declared once for all its calls: its name, where its request
/// id travels, its error envelope (see [`signoff_core::Vendor`]).
#[derive(Debug, Clone, Copy)]
pub struct Veridata;

impl signoff_core::Vendor for Veridata {
    type Envelope = error::ErrorObject;
    const NAME: &'static str = VENDOR;
    const REQUEST_ID_HEADERS: &'static [&'static str] = response::REQUEST_ID_HEADERS;
    const ERROR: signoff_core::doc::Documents = error::ENVELOPE;
    const ERROR_ON_SUCCESS: signoff_core::doc::Documents = error::ENVELOPE_ON_SUCCESS;
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use signoff_core::{Codec, DecodeOptions, Secret};

    const CANARY: &str = "CANARY7f3a9Q";

    fn no_canary(what: &str, text: &str) {
        assert!(!text.contains(CANARY), "{what} leaks the canary: {text}");
    }

    #[test]
    fn secrets_never_show() {
        // Logout: builder, call, request, params, refusals.
        let builder = Logout::builder().base_url("http://h:8830").token(CANARY);
        no_canary("builder", &format!("{builder:?}"));
        let call = builder.clone().build().unwrap();
        no_canary("call", &format!("{call:?}"));
        no_canary("request", &format!("{:?}", call.to_request()));
        let params = LogoutParams::new("http://h", Secret::new(CANARY));
        no_canary("params", &format!("{params:?}"));
        for bad in [
            format!("{CANARY}\r\nX: 1"),
            format!("Bearer {CANARY}"),
            format!("{CANARY}\u{e9}"),
        ] {
            let e = Logout::builder().base_url("http://h").token(bad).build().unwrap_err();
            no_canary("build error", &format!("{e} {e:?}"));
        }
        let e = CODEC
            .build("logout", serde_json::json!({"base_url": "http://h", "token": [CANARY]}))
            .unwrap_err();
        no_canary("params error", &format!("{e} {e:?}"));

        // Login: builder, call, request, refusals.
        let builder = Login::builder().base_url("http://h").username("admin").password(CANARY);
        no_canary("login builder", &format!("{builder:?}"));
        let call = builder.clone().build().unwrap();
        no_canary("login call", &format!("{call:?}"));
        let request = call.to_request();
        no_canary("login request", &format!("{request:?}"));
        let e = builder.username("a:b").build().unwrap_err();
        no_canary("login error", &format!("{e} {e:?}"));

        // Login answers: success, report, failures of a 2xx.
        let ok = format!(r#"{{"token":"{CANARY}","username":"admin"}}"#);
        let cut = format!(r#"{{"token":"{CANARY}""#);
        let text = CANARY.to_owned();
        let envelope = format!(r#"{{"errCode":"X","tokenEcho":"{CANARY}"}}"#);
        for body in [ok, cut, text, envelope] {
            let response = http::Response::builder()
                .status(200)
                .body(Bytes::from(body.clone()))
                .unwrap();
            let decoded = decode_login(&response);
            no_canary("decoded login", &format!("{decoded:?}"));
            if let Ok(s) = &decoded {
                no_canary("serialized login", &serde_json::to_string(s).unwrap());
            }
            if let Err(e) = &decoded {
                no_canary("login error display", &e.to_string());
            }
            let report = CODEC.decode("login", &response, &DecodeOptions::default()).unwrap();
            no_canary("login report", &report.to_value().to_string());
            no_canary("login report debug", &format!("{report:?}"));
        }
    }
}
