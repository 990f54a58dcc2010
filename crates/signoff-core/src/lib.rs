//! # signoff-core
//!
//! The mechanics every signoff vendor codec shares, written once:
//!
//! - the codec contract ([`Call`], [`decode`], [`VendorCodec`]): a vendor
//!   call is a declaration (parameters, secrets, documents, statuses) and
//!   the status dispatch, the body policy, the judging of documents, the
//!   report and the registry's [`Codec`] impl are served here, once;
//! - the strict document readers and declarations ([`doc`]): JSON and XML
//!   read into trees that keep numbers as written and refuse a name given
//!   twice, judged against what a call declares; nothing is recognised by
//!   searching text;
//! - the request side: [`BuildError`] with stable snake_case kinds,
//!   [`header_value`] (no input can inject a header), [`BaseUrl`] (only
//!   what makes a valid request line), strict query encoding;
//! - the response side: [`ResponseView`], [`MediaType`] recognition, the
//!   body limit of [`DecodeOptions`], request ids, bounded excerpts,
//!   [`BodyTexts`] (texts kept as slices of the response's buffer), and the
//!   JSON envelopes' fast path ([`scan_flat_object`], [`flat_strings`]);
//! - the typed error every vendor returns ([`Error`], [`ApiError`],
//!   [`Unexpected`]) and the status-to-kind and retryable rules;
//! - the decode [`Report`] of the conformance format, its texts bounded and
//!   free of raw control characters ([`clean_text`]);
//! - secrets: [`Secret`] (prints as `[REDACTED]`, wiped on drop) and the
//!   [`Redactor`] that finds a secret a server echoes back in any form.
//!
//! **Not for**: knowledge of any one vendor (that lives in the vendor
//! crates), I/O of any kind, clocks or randomness. This crate never opens a
//! socket or a file and never reads the time: clippy's `disallowed-methods`
//! checks that.
//!
//! ## The codec contract
//!
//! Every vendor crate (`signoff-jde`, `signoff-oci`, ...) reads the same way:
//! a `request` module with a params struct and a builder that validates and
//! produces `http::Request<bytes::Bytes>`; a `response` module whose
//! `decode(&http::Response<Bytes>)` returns `Result<Success, Error>` through
//! its [`Call`]; an `error` module with the vendor's envelope and `type
//! Error = signoff_core::Error<Envelope>`; a `codec` module with the
//! registry's `static CODEC: VendorCodec`.
//!
//! ```
//! use signoff_core::{DecodeOptions, ResponseView, MediaType};
//! let response = http::Response::builder()
//!     .status(503)
//!     .header("content-type", "text/html")
//!     .body(bytes::Bytes::from_static(b"<html><title>Down</title></html>"))
//!     .unwrap();
//! let view = ResponseView::of(&response, &["x-request-id"]);
//! assert!(view.check_limit(&DecodeOptions::default()).is_ok());
//! assert_eq!(view.media_type(), MediaType::Html);
//! let err = view.api_error::<()>(None, None, None, None);
//! assert!(err.retryable);
//! ```
//!
//! ## Dependencies, and why
//! - `http`, `bytes`: the request and response types every Rust transport speaks.
//! - `bytestring`: [`ByteString`], UTF-8 text in a shared `Bytes` buffer, so
//!   texts a decoder keeps (error fields, excerpts, OAM's records) slice the
//!   response body instead of being copied (the safe `str` view over
//!   `Bytes` this workspace, which forbids `unsafe`, cannot write itself).
//! - `serde`, `serde_json`: the report and the registry's data parameters.
//! - `serde_path_to_error`: which parameter a refusal concerns, so it is
//!   named without quoting the value (serde's own message quotes it).
//! - `quick-xml`: the tokenizer under the strict XML reader ([`doc::read_xml`]).
//! - `thiserror`: `std::error::Error` for [`BuildError`] without boilerplate.
//! - `zeroize`: wiping [`Secret`] on drop, done right (no elided writes).
//! - `percent-encoding`: query components, encoded with a strict set.
//! - `base64`: the Basic authorization header, and the base64 forms of a
//!   secret the [`Redactor`] looks for.
//! - `memchr`: the [`Redactor`]'s linear substring search.
//! - `httpdate`: `Retry-After` and `Date` as HTTP dates ([`RetryAfter`]).

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod build;
mod call;
mod codec;
pub mod doc;
mod envelope;
mod error;
mod json;
mod param;
mod probe;
mod redact;
mod report;
mod response;
mod retry_after;
mod scan;
mod secret;
mod setters;
mod sweep;
#[cfg(feature = "testing")]
pub mod testing;
mod xml;

pub use build::{
    Accept, BaseUrl, BuildError, BuildErrorKind, CredentialParams, QUERY_COMPONENT, Target, basic_authorization,
    check_credentials, encode_query_component, header_value, plain_text,
};
/// Text sharing a response body's buffer (typed errors and records hold it).
pub use bytestring::ByteString;
pub use call::{
    Call, CallEntry, Declaration, Entry, EnvelopeOf, Vendor, VendorCodec, decode, decode_view, decode_with, envelope_of,
};
pub use codec::{Codec, params, unknown_call};
pub use envelope::Envelope;
pub use error::{ApiError, Error, ErrorKind, Unexpected, UnexpectedReason};
pub use json::{
    FLAT_MEMBERS, FlatValue, JsonString, JsonText, flat_strings, flat_strings_of_text, opens_json_object,
    scan_flat_object, scan_flat_text,
};
pub use param::{CREDENTIAL_PARAMS, Param};
pub use probe::{Liveness, Probe};
pub use redact::{MIN_PART_LEN, MIN_SECRET_LEN, Redactor};
pub use report::{ID_LIMIT, Lines, Outcome, Report, ReportError, ReportUnexpected, TEXT_LIMIT, clean_text};
pub use response::{
    BodyTexts, DEFAULT_BODY_LIMIT, DecodeOptions, EXCERPT_LIMIT, JsonError, MediaType, ResponseView, UTF8_BOM,
    charset_of, excerpt, has_text, html_title, is_blank, is_space, parse_json, parse_json_value, range_within,
    reads_as_utf8, strip_bom, trim_start,
};
pub use retry_after::{MAX_RETRY_AFTER, RetryAfter, retry_after_seconds};
pub use scan::first_special;
pub use secret::{REDACTED, Secret, serialize_exposed};
pub use sweep::Sweep;
pub use xml::{MAX_XML_DEPTH, XmlFlaw, check_declaration, check_name, check_text};
