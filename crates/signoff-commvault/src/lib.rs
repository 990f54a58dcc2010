//! # signoff-commvault
//!
//! A sans-IO codec for the Commvault REST API's log off,
//! `DELETE {base_url}/Sessions` (seed page `002_084c356bd585fddd.txt`,
//! "REST API - DELETE Sessions"): it builds the exact
//! `http::Request<Bytes>` that logs the given sessions off the Web Server
//! and the command line interface, and decodes any `http::Response<Bytes>`
//! into [`LoggedOff`] or a typed [`Error`]. It also reads the request body
//! back ([`decode_request_body`]) for servers, proxies and emulators. It
//! opens no socket, reads no clock and no file: any transport drives it.
//!
//! Around it: the session details ([`session_list`], `GET
//! /Session?userId=`), which find a user's session ids and show which
//! still live (logout time `0`), and the caller's own token ([`token`]):
//! `POST /Login` (JSON or the reference's XML
//! `DM2ContentIndexing_CheckCredentialReq`, the password base64-encoded,
//! an optional `domain`) and `POST /Logout`, what cvpysdk sends to end its
//! own session.
//!
//! **Not for**: renewing a token (`POST /RenewLoginToken`), or sending
//! anything.
//!
//! ## Example: build, hand to a transport, decode
//!
//! ```
//! use bytes::Bytes;
//! use signoff_commvault::{Logoff, decode};
//!
//! let request = Logoff::builder()
//!     .base_url("https://client.mydomain.com/webconsole/api/")
//!     .authtoken("QSDK 38568012f4d1e8ee1841d283a47aa3ba")
//!     .session_id("EMCAE92D1DD-0C68-49A6-BEBB-404D96D7A4BF")
//!     .session_id("CF1C660B-396F-44B7-86DA-5608CEC97453")
//!     .build()?
//!     .to_request();
//! assert_eq!(request.method(), "DELETE");
//! assert_eq!(request.uri(), "https://client.mydomain.com/webconsole/api/Sessions");
//! assert_eq!(request.headers()["content-type"], "application/xml");
//! assert!(request.body().starts_with(b"<Api_LogoffUsersRequest><sessions val=\"EMCAE92D1DD"));
//!
//! // ... a transport sends `request` and reads the answer:
//! let response = http::Response::builder()
//!     .status(200)
//!     .header("content-type", "application/xml")
//!     .body(Bytes::from_static(b"<Api_LogoffUsersResponse />"))?;
//! let logged_off = decode(&response)?;
//! assert_eq!(logged_off.root_element.as_deref(), Some("Api_LogoffUsersResponse"));
//!
//! // Commvault reports many failures inside a 200:
//! let response = http::Response::builder()
//!     .status(200)
//!     .body(Bytes::from_static(br#"<App_GenericResp errorCode="5" errorMessage="Invalid session"/>"#))?;
//! match decode(&response) {
//!     Err(signoff_commvault::Error::Api(e)) => assert_eq!(e.code.as_deref(), Some("5")),
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## How this codec reads the page
//! - **`Accep`.** The request-header table names the header `Accep`, a
//!   typo: the syntax block and the sample say `Accept`, and `Accept` is
//!   what is sent (`Accep` never is). Default `application/xml`, as the
//!   page documents, or `application/json` on request; when no `accept` is
//!   given and the body is JSON, `application/json` is asked for.
//! - **`</Api_LogoffUsersRequest >`.** The sample request closes its root
//!   with a space before `>`: legal XML (whitespace may follow the name in
//!   an end tag). [`decode_request_body`] accepts it; the encoder emits the
//!   canonical `</Api_LogoffUsersRequest>`. The sample's XML declaration and
//!   indentation are not sent either: the body is
//!   `<Api_LogoffUsersRequest><sessions val="ID1"/>...</Api_LogoffUsersRequest>`,
//!   the same document.
//! - **The wrapped sample token.** The sample `Authtoken` is wrapped over
//!   six lines and one of them reads `...cexampl4s437...`, which is not hex.
//!   A header value is one line, so the token is the six lines joined; it is
//!   **not** validated as hex (nor as anything but a header value) and is
//!   sent verbatim as given: `QSDK ...` from `POST /Login`, `Bearer ...`
//!   from newer servers, or anything else (no `QSDK ` prefix is added). An
//!   empty token, or one holding CR, LF, NUL, another control or a non-ASCII
//!   character, is refused at build time; the header is marked sensitive.
//! - **The JSON body is inferred.** The page documents only XML. By the
//!   XML-attribute ↔ JSON-member convention of Commvault's dual bindings,
//!   the JSON form ([`BodyFormat::Json`], opt-in) is
//!   `{"sessions":[{"val":"ID1"},{"val":"ID2"}]}`, sent as
//!   `application/json`. Unverified against a server: XML is the default.
//! - **Session ids** are opaque (the sample's first id has an `EMC` prefix
//!   before a GUID, the second is a bare GUID). They travel in the body, in
//!   the given order, attribute-escaped (`&amp; &lt; &gt; &quot; &apos;`) so
//!   no id can add an element. An empty list (`empty_list`), an empty or
//!   whitespace-only id (`empty_param`), or an id with a control character
//!   or U+FFFE/U+FFFF (`invalid_param`) is refused.
//! - **Body headers.** `Content-Type` (`application/xml` or
//!   `application/json`) and an explicit `Content-Length` are sent: a
//!   DELETE with a body is unusual and some stacks drop a body whose length
//!   they were not told.
//! - **Responses.** Success is a 200 whose body is
//!   `<Api_LogoffUsersResponse />` in any well-formed spelling (declaration
//!   at the first byte or none, self-closing or not, whitespace or comments
//!   inside, BOM), `{}`, or an empty body (see **Success** below for the
//!   attributes allowed). A body carrying Commvault's error fields is an
//!   `api_error` whatever the status (kind `other` on a 2xx, the status's
//!   kind otherwise, so 401 stays `unauthorized`): the first place, in the
//!   order root, `error`, `response`, `errList`, that holds a code other
//!   than `0` or a message is reported. A 2xx with another document, an
//!   HTML page or text is `unexpected` (`unrecognized_body`); one that is
//!   not one well-formed document (a DOCTYPE included) is `malformed_body`,
//!   its detail naming the byte offset. Another 2xx (202, 204, 299), 1xx,
//!   3xx and statuses above 599 are
//!   `unexpected_status`. No request id header is documented;
//!   `X-Request-Id` is read when a proxy adds one.
//! - **XML safety.** Documents are read by core's strict reader
//!   (`signoff_core::doc::read_xml`): no DTD is processed, a DOCTYPE is
//!   refused, no entity beyond the five predefined ones and character
//!   references is expanded, an attribute named twice (after namespace
//!   resolution) or anything after the root is refused.
//! - **Success** is only the documented `<Api_LogoffUsersResponse />` on
//!   200: no text, no child element, its only attributes the success
//!   marker `errorCode="0"` (exactly `0`) and blank `errorMessage` /
//!   `errorString`; its JSON form `{}` with the same members; or an empty
//!   body. Another root with `errorCode="0"` (`App_GenericResp`) is not
//!   the documented answer and is `unexpected`; the request's own root
//!   echoed back likewise.
//! - **Errors** are read wherever Commvault puts them (200 included): the
//!   root's or an `error` / `response` / `errList` child's `errorCode`,
//!   `errorMessage`, `errorString`, `errLogMessage` (JSON: members, or
//!   objects and arrays of objects under those names), from a document the
//!   error declaration accepts; codes are reported as written (`0042`,
//!   `-0`), never through a number. A plain-text body is no Commvault
//!   document: the status-derived kind, no code, no message; an IIS HTML
//!   page's `<title>` is the message.
//!
//! ## Dependencies, and why
//! - `base64`: the login's password, encoded as the reference requires.
//! - `signoff-core`: the shared contract (secrets, errors, report).
//! - `http`, `bytes`: the request and response types.
//! - `serde`, `serde_json`: the JSON body and documents, the report.
//! - `thiserror`: `std::error::Error` for [`RequestBodyError`].
//! - `memchr`: finding the end of each id in the log-off request a server
//!   reads.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod codec;
pub mod error;
pub mod request;
pub mod request_body;
pub mod response;
pub mod session_list;
pub mod token;

pub use codec::CODEC;
pub use error::{CommvaultError, Error, RequestBodyError, RequestBodyErrorKind};
pub use request::{
    AUTHTOKEN_HEADER, BodyFormat, Logoff, LogoffBuilder, LogoffParams, REQUEST_ROOT, SESSIONS_ELEMENT, SESSIONS_PATH,
    decode_request_body, decode_request_body_as, decode_request_body_xml_strict, encode_request_body,
};
pub use response::{LoggedOff, REQUEST_ID_HEADERS, RESPONSE_ROOT, SuccessBody, decode};
pub use session_list::{SESSION_DETAILS_PATH, SessionInfo, SessionList, SessionListParams, Sessions, decode_sessions};
pub use token::{
    LOGGED_OUT_TEXT, LOGIN_PATH, LOGIN_REQUEST_ROOT, LOGOUT_PATH, LoggedIn, LoggedOutSelf, Login, LoginParams,
    LogoutSelf, LogoutSelfParams, decode_login, decode_logout_self,
};

/// The registry's short name.
pub const VENDOR: &str = "commvault";

/// Commvault, declared once for all its calls: its name, where its request
/// id travels, its error envelope (see [`signoff_core::Vendor`]).
#[derive(Debug, Clone, Copy)]
pub struct Commvault;

impl signoff_core::Vendor for Commvault {
    type Envelope = error::CommvaultError;
    const NAME: &'static str = VENDOR;
    const REQUEST_ID_HEADERS: &'static [&'static str] = response::REQUEST_ID_HEADERS;
    const ERROR: signoff_core::doc::Documents = error::ENVELOPE;
    const HTML_TITLE_IS_MESSAGE: bool = true;
}
