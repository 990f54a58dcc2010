//! Helpers for the vendor crates' own tests (feature `testing`, enabled
//! only as a dev-dependency): never part of a codec's build.

use bytes::Bytes;
use http::Response;

/// A response of `status` with an optional `Content-Type` and `body`.
///
/// # Panics
/// On a status outside 100-999 (a test's own mistake).
#[allow(clippy::expect_used, reason = "a test helper; the status is the test's own")]
pub fn response(status: u16, content_type: Option<&str>, body: &str) -> Response<Bytes> {
    let mut r = Response::new(Bytes::copy_from_slice(body.as_bytes()));
    *r.status_mut() = http::StatusCode::from_u16(status).expect("a test's status is 100-999");
    if let Some(ct) = content_type.and_then(|ct| http::HeaderValue::from_str(ct).ok()) {
        r.headers_mut().insert(http::header::CONTENT_TYPE, ct);
    }
    r
}

/// The API error of a decode that must have been one.
///
/// # Panics
/// When the decode gave anything else.
#[allow(clippy::panic, reason = "a test helper: the panic is the test's failure")]
pub fn api<T: std::fmt::Debug, D: std::fmt::Debug>(r: Result<T, crate::Error<D>>) -> crate::ApiError<D> {
    match r {
        Err(crate::Error::Api(e)) => *e,
        other => panic!("not an api error: {other:?}"),
    }
}

/// The `unexpected` of a decode that must have been one.
///
/// # Panics
/// When the decode gave anything else.
#[allow(clippy::panic, reason = "a test helper: the panic is the test's failure")]
pub fn unexpected<T: std::fmt::Debug, D: std::fmt::Debug>(r: Result<T, crate::Error<D>>) -> crate::Unexpected {
    match r {
        Err(crate::Error::Unexpected(u)) => *u,
        other => panic!("not unexpected: {other:?}"),
    }
}

/// The reason of a decode that must have been `unexpected`.
///
/// # Panics
/// When the decode gave anything else.
pub fn unexpected_reason<T: std::fmt::Debug, D: std::fmt::Debug>(
    r: Result<T, crate::Error<D>>,
) -> crate::UnexpectedReason {
    unexpected(r).reason
}
