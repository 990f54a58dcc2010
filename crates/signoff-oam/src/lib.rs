//! # signoff-oam
//!
//! A sans-IO codec for Oracle Access Management's session deletion,
//! `DELETE {base_url}/oam/services/rest/access/api/v1/session?sessionId=…`
//! or `…?userId=…[&idStore=…]` (seed page `003_aef4ca1f6c2dc754.txt`): it
//! builds the exact `http::Request<Bytes>` and decodes any
//! `http::Response<Bytes>` into the deleted sessions ([`SessionResults`])
//! or a typed [`Error`]. It opens no socket, reads no clock and no file:
//! any transport drives it.
//!
//! Beside it, the session lookup ([`lookup`]): `GET
//! .../session/{sessionId}`, the probe that proves a deletion by id (404
//! and 408 mean the session is gone).
//!
//! **Search and delete return at most 28 sessions and are not paginated**
//! ([`MAX_SESSIONS_PER_RESPONSE`], [`SessionResults::more_may_remain`]):
//! ending every session of a busy user means deleting by user until fewer
//! than 28 come back.
//!
//! The session search ([`search`], `POST .../sessions` with the
//! documented filter) finds a user's sessions without ending them.
//!
//! **Not for**: creating sessions (`POST /session`), deleting "all sessions of an identity store" (the
//! page's summary promises it, its parameter text says `idStore` is ignored
//! without `userId`: not offered), or sending anything.
//!
//! ## Example: build, hand to a transport, decode
//!
//! ```
//! use bytes::Bytes;
//! use signoff_oam::{DeleteSessions, Selector, decode};
//!
//! let request = DeleteSessions::builder()
//!     .base_url("https://oam.example.com:14101")
//!     .username("oamadmin")
//!     .password("example-password")
//!     .selector(Selector::session_id("3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA="))
//!     .build()?
//!     .to_request();
//! assert_eq!(
//!     request.uri().query(),
//!     Some("sessionId=3b844e4d-9019-4928-9dca-3ba2ebbf475d%7CU90idWYSK4hXcdo6LlVD2%2BJuHBLvbGtCbbhlfmoDvMA%3D")
//! );
//!
//! // ... a transport sends `request` and reads the answer:
//! let response = http::Response::builder()
//!     .status(200)
//!     .header("content-type", "application/xml")
//!     .body(Bytes::from_static(b"<SessionResults><totalRecords>30</totalRecords><sessions>\
//!         <sessionData><userId>user3</userId><isImpersonating>false</isImpersonating></sessionData>\
//!         </sessions></SessionResults>"))?;
//! let deleted = decode(&response)?;
//! assert_eq!(deleted.sessions[0].user_id.as_deref(), Some("user3"));
//! assert!(deleted.more_may_remain()); // 30 matched, 1 returned: call again
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Parameters
//! `base_url`, `username`, `password` (a [`signoff_core::Secret`]),
//! `session_id` **or** `user_id` (with an optional `id_store`), `accept`
//! (`application/json` by default, or `application/xml`). No selector is
//! `missing_selector`; `session_id` with `user_id`, or `id_store` without
//! `user_id`, is `conflicting_params` (the server would silently ignore the
//! extra parameter, so a caller would delete something other than asked).
//!
//! ## How this codec reads the page
//! - **The `???` quotes** around the first cURL URL are curly quotes lost
//!   in the scrape: the URL is the plain `http://<HOST>:<PORT>/oam/…`.
//! - **The space after `sessionId=`** in the first cURL example is scrape
//!   damage: ids are trimmed of surrounding whitespace before encoding, and
//!   an id that is empty after trimming is `empty_param`. Control
//!   characters anywhere are `invalid_param`.
//! - **Encoding.** The page's example encodes the id (`%7C`, `%2B`, `%3D`)
//!   while the response shows it raw (`|`, `+`, `=`): ids are given raw and
//!   every byte outside `A-Z a-z 0-9 - . _ ~` is percent-encoded (a space is
//!   `%20`, never `+`, which Java servers read as a space). The page's own
//!   example request is reproduced byte for byte.
//! - **Parameter names.** The scrape lost them from the parameter list
//!   (one description says "idStoreParameter"): they are `sessionId`,
//!   `userId` and `idStore`, as in the cURL examples and the prose.
//! - **Content-Type.** The cURL examples send `Content-Type:
//!   application/json` on a DELETE without a body; it is harmless and
//!   meaningless, and left out. The request carries `host`, `accept` and
//!   `authorization` (Basic over the UTF-8 `username:password`; a `:` in the
//!   user name is `invalid_param`, as Basic cannot carry it).
//! - **"Example of Request Body … in JSON format"** heads both examples,
//!   which are XML *response* bodies. They are decoded as the XML
//!   responses they are. A body is read as what it starts like (`<` is XML,
//!   `{`/`[` is JSON) whatever its `Content-Type` says, so XML labelled
//!   JSON still decodes; an HTML page never does.
//! - **JSON shapes.** The page's schema says a bare array of
//!   `SessionData`; servers also send the object form mirroring the XML
//!   and JAXB's `{"sessions": {"sessionData": …}}` (a single record as a
//!   bare object), with numbers and booleans possibly as strings. All
//!   decode to the same [`SessionResults`] (see [`json`]).
//! - **The 28-session cap.** One answer holds at most 28 sessions
//!   ([`MAX_SESSIONS_PER_RESPONSE`]); the codec never enforces it, and when
//!   `totalRecords` exceeds the sessions returned, `more_may_remain` is
//!   true so the caller can send the same call again.
//! - **Times** (`2017-05-31T13:57:59.545-07:00`) are kept as text; the
//!   parsed [`Timestamp`] is offered by [`SessionData::created_at`] and its
//!   siblings.
//! - **`userAttributes`** has no example: the JSON map of
//!   `{attrName, attrValue}` objects from the schema, JAXB's XML
//!   `entry`/`key`/`value` map and a flat `attrName`/`attrValue` list are
//!   all read, in document order.
//! - **Errors.** The page documents no error body (404 has none; the 500
//!   schema `Error` lists no field). 404, 500 and every other 4xx/5xx (401
//!   and 408 appear on sibling operations) take the status-derived kind and
//!   keep a body excerpt; a JSON or XML body with `errorCode`/`code` and
//!   `errorMessage`/`message` is read loosely into [`ErrorBody`]; WebLogic's
//!   HTML pages give no code and their `<title>` as the message; nothing is
//!   invented otherwise. Only 200 is success, and only with the
//!   `SessionResults` document its declaration accepts (see [`response`]);
//!   a 200 carrying an error body is an `api_error`; a 2xx HTML page or
//!   another document is `unexpected`/`unrecognized_body`; other 2xx, 1xx,
//!   3xx and statuses above 599 are `unexpected_status`.
//! - **XML safety.** A `DOCTYPE` anywhere is refused as `malformed_body`;
//!   only the five predefined entities and character references are
//!   expanded; malformed XML names the byte offset (see [`xml`]).
//!
//! ## Speed
//! The XML decoder reads tokens straight into borrowed records
//! ([`decode_xml_borrowed`] gives [`SessionResultsRef`], whose text fields
//! borrow from the body unless they held a reference), with no DOM and no
//! serde detour. The owned records of [`decode`] share the response's own
//! buffer: their texts are [`signoff_core::ByteString`] slices of it (no copy,
//! no allocation per field; see [`SessionResultsRef::into_shared`]). The tokens
//! come from a fast scanner for the page's plain layout, else from
//! quick-xml's reader (see [`xml`]): the page's documents decode without a
//! heap allocation of their own, at about the speed quick-xml merely
//! tokenizes them.
//! [`encode_xml`] and [`encode_json`] are the server side (for emulators
//! and round-trip tests).
//!
//! ## Dependencies, and why
//! - `signoff-core`: the shared contract (secrets, errors, report).
//! - `http`, `bytes`: the request and response types.
//! - `serde`, `serde_json`: the JSON forms, streamed through visitors.
//! - `quick-xml`: the XML pull parser (no DTD support at all, which is the
//!   point), for every document the fast path does not take.
//! - `base64`: the Basic credentials.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod codec;
pub mod error;
pub mod json;
pub mod lookup;
pub mod model;
pub mod request;
pub mod response;
pub mod search;
pub mod time;
pub mod xml;

pub use codec::CODEC;
pub use error::{BodyError, Error, ErrorBody};
pub use json::{decode_json, decode_json_borrowed, decode_json_shared, encode_json};
pub use lookup::{SessionFound, SessionLookup, SessionLookupBuilder, SessionLookupParams, decode_session};
pub use model::{
    MAX_SESSIONS_PER_RESPONSE, SessionData, SessionDataRef, SessionResults, SessionResultsRef, UserAttribute,
    UserAttributeRef,
};
pub use request::{DeleteSessions, DeleteSessionsBuilder, DeleteSessionsParams, SESSION_PATH, Selector};
pub use response::{REQUEST_ID_HEADERS, decode};
pub use search::{SEARCH_PATH, Search, SearchParams, decode_search};
pub use time::Timestamp;
pub use xml::{decode_xml, decode_xml_borrowed, decode_xml_shared, encode_xml};

/// The registry's short name.
pub const VENDOR: &str = "oam";

/// Oracle Access Management, declared once for all its calls: its name, where its request
/// id travels, its error envelope (see [`signoff_core::Vendor`]).
#[derive(Debug, Clone, Copy)]
pub struct Oam;

impl signoff_core::Vendor for Oam {
    type Envelope = error::ErrorBody;
    const NAME: &'static str = VENDOR;
    const REQUEST_ID_HEADERS: &'static [&'static str] = response::REQUEST_ID_HEADERS;
    const ERROR: signoff_core::doc::Documents = error::ENVELOPE;
    const HTML_TITLE_IS_MESSAGE: bool = true;
}
