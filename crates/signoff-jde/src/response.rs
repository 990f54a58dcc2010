//! Decoding the logout response.

use bytes::Bytes;
use http::{HeaderMap, Response, StatusCode};
use serde::{Deserialize, Serialize};
use signoff_core::{DecodeOptions, ErrorKind, MediaType, ResponseView, UnexpectedReason, is_blank, parse_json_value};

use crate::error::{Error, ServiceErrorResponse};

/// Headers that may carry a request id (AIS has none of its own; a proxy
/// may add one).
pub const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "x-oracle-dms-ecid"];

/// The session was ended: the server answered `{"status":"Success"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoggedOut {
    /// The body's `status`, `Success`.
    pub status: String,
}

/// Decodes a logout response with the default options.
pub fn decode(response: &Response<Bytes>) -> Result<LoggedOut, Error> {
    decode_view(
        &ResponseView::of_bytes(response, REQUEST_ID_HEADERS),
        &DecodeOptions::default(),
    )
}

/// Decodes a logout response given as parts plus a body.
pub fn decode_with(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    options: &DecodeOptions,
) -> Result<LoggedOut, Error> {
    let view = ResponseView::new(status, headers, body, REQUEST_ID_HEADERS);
    decode_view(&view, options)
}

pub(crate) fn decode_view(view: &ResponseView<'_>, options: &DecodeOptions) -> Result<LoggedOut, Error> {
    view.check_limit(options)?;
    let code = view.status().as_u16();
    match code {
        200..=299 => decode_success(view),
        400..=599 => Err(decode_error(view).into()),
        _ => Err(view.unexpected_status().into()),
    }
}

#[derive(Deserialize)]
struct SuccessDoc<'a> {
    #[serde(borrow)]
    status: Option<std::borrow::Cow<'a, str>>,
}

fn decode_success(view: &ResponseView<'_>) -> Result<LoggedOut, Error> {
    let body = view.body();
    if is_blank(body) {
        return Err(view
            .unexpected(
                UnexpectedReason::UnrecognizedBody,
                "an empty body is not the success document",
            )
            .into());
    }
    match view.media_type() {
        MediaType::Json => {
            let value: serde_json::Value = parse_json_value(body).map_err(|e| {
                view.unexpected(
                    UnexpectedReason::MalformedBody,
                    format!("the JSON body does not parse at byte {}: {}", e.offset, e.message),
                )
            })?;
            if let Ok(doc) = SuccessDoc::deserialize(&value) {
                if let Some(s) = doc.status.filter(|s| s.eq_ignore_ascii_case("success")) {
                    return Ok(LoggedOut { status: s.into_owned() });
                }
            }
            if let Ok(env) = ServiceErrorResponse::deserialize(&value) {
                if env.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("error")) {
                    let message = env.best_message();
                    return Err(view.api_error(Some(ErrorKind::Other), None, message, Some(env)).into());
                }
            }
            Err(view
                .unexpected(
                    UnexpectedReason::UnrecognizedBody,
                    "the JSON body is not {\"status\":\"Success\"}",
                )
                .into())
        }
        MediaType::Xml => match xml_status(body) {
            Some(s) if s.eq_ignore_ascii_case("success") => Ok(LoggedOut { status: s }),
            _ => Err(view
                .unexpected(
                    UnexpectedReason::UnrecognizedBody,
                    "the XML body has no status element reading Success",
                )
                .into()),
        },
        MediaType::Html => Err(view
            .unexpected(
                UnexpectedReason::UnrecognizedBody,
                "an HTML page is not proof of logout",
            )
            .into()),
        other => Err(view
            .unexpected(
                UnexpectedReason::UnsupportedContentType,
                format!("a {} body is not an answer this call gives", other.name()),
            )
            .into()),
    }
}

/// The text of the first `<status>` element of a small XML document, found
/// by a bounded byte scan (AIS documents no XML form; this accepts
/// `<status>Success</status>` under any root).
fn xml_status(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(signoff_core::strip_bom(body)).ok()?;
    if text.contains("<!DOCTYPE") || text.contains("<!ENTITY") {
        return None;
    }
    let start = text.find("<status>")? + "<status>".len();
    let end = start + text.get(start..)?.find("</status>")?;
    let value = text.get(start..end)?.trim();
    (!value.contains('<') && !value.contains('&')).then(|| value.to_owned())
}

fn decode_error(view: &ResponseView<'_>) -> signoff_core::ApiError<ServiceErrorResponse> {
    let kind = match view.status().as_u16() {
        444 => Some(ErrorKind::InvalidToken),
        _ => None,
    };
    let envelope = match view.media_type() {
        MediaType::Json => ServiceErrorResponse::read(view.body_texts()),
        _ => None,
    };
    let message = envelope.as_ref().and_then(ServiceErrorResponse::best_message);
    view.api_error(kind, None, message, envelope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::Error as E;

    fn resp(status: u16, ct: Option<&str>, body: &'static str) -> Response<Bytes> {
        let mut b = Response::builder().status(status);
        if let Some(ct) = ct {
            b = b.header("content-type", ct);
        }
        b.body(Bytes::from_static(body.as_bytes())).unwrap()
    }

    fn api(r: Result<LoggedOut, Error>) -> signoff_core::ApiError<ServiceErrorResponse> {
        match r {
            Err(E::Api(e)) => e,
            other => panic!("not an api error: {other:?}"),
        }
    }

    fn unexpected(r: Result<LoggedOut, Error>) -> UnexpectedReason {
        match r {
            Err(E::Unexpected(u)) => u.reason,
            other => panic!("not unexpected: {other:?}"),
        }
    }

    #[test]
    fn documented_success() {
        let ok = decode(&resp(200, Some("application/json"), r#"{"status": "Success"}"#)).unwrap();
        assert_eq!(ok.status, "Success");
        // no content type, a BOM, extra fields
        decode(&resp(200, None, "\u{feff} {\"status\":\"Success\",\"extra\":1}")).unwrap();
        decode(&resp(
            200,
            Some("application/xml"),
            "<?xml version=\"1.0\"?><r><status>Success</status></r>",
        ))
        .unwrap();
    }

    #[test]
    fn a_200_that_is_not_the_success_document_is_never_success() {
        assert_eq!(
            unexpected(decode(&resp(200, Some("application/json"), ""))),
            UnexpectedReason::UnrecognizedBody
        );
        assert_eq!(
            unexpected(decode(&resp(200, Some("application/json"), "{}"))),
            UnexpectedReason::UnrecognizedBody
        );
        assert_eq!(
            unexpected(decode(&resp(200, Some("application/json"), r#"{"status":"Failed"}"#))),
            UnexpectedReason::UnrecognizedBody
        );
        assert_eq!(
            unexpected(decode(&resp(200, Some("text/html"), "<html>login</html>"))),
            UnexpectedReason::UnrecognizedBody
        );
        assert_eq!(
            unexpected(decode(&resp(200, Some("application/json"), r#"{"status": "Succ"#))),
            UnexpectedReason::MalformedBody
        );
        assert_eq!(
            unexpected(decode(&resp(200, Some("text/plain"), "ok"))),
            UnexpectedReason::UnsupportedContentType
        );
    }

    #[test]
    fn a_200_carrying_an_error_document_is_an_api_error() {
        let e = api(decode(&resp(
            200,
            Some("application/json"),
            r#"{"status":"ERROR","message":"no"}"#,
        )));
        assert_eq!((e.kind, e.message.as_deref()), (ErrorKind::Other, Some("no")));
    }

    #[test]
    fn documented_errors() {
        let body = r#"{"message":"Invalid Token","errorText":"x","exception":"com.X","status":"ERROR","timeStamp":"t","type":"y","unknown":[1]}"#;
        let e = api(decode(&resp(444, Some("application/json"), body)));
        assert_eq!(e.kind, ErrorKind::InvalidToken);
        assert_eq!(e.message.as_deref(), Some("Invalid Token"));
        assert_eq!(e.code, None);
        assert!(!e.retryable);
        let env = e.envelope.unwrap();
        assert_eq!(env.exception.as_deref(), Some("com.X"));
        assert_eq!(env.r#type.as_deref(), Some("y"));

        let e = api(decode(&resp(500, Some("application/json"), r#"{"errorText":"boom"}"#)));
        assert_eq!(
            (e.kind, e.message.as_deref(), e.retryable),
            (ErrorKind::ServerError, Some("boom"), true)
        );
        assert_eq!(api(decode(&resp(400, None, ""))).kind, ErrorKind::BadRequest);
        assert_eq!(api(decode(&resp(415, None, ""))).kind, ErrorKind::UnsupportedMediaType);
        assert_eq!(api(decode(&resp(403, None, ""))).kind, ErrorKind::Forbidden);
    }

    #[test]
    fn non_json_error_bodies_invent_nothing() {
        let e = api(decode(&resp(
            503,
            Some("text/html"),
            "<html><title>Down</title></html>",
        )));
        assert_eq!((e.kind, e.code, e.message), (ErrorKind::ServerError, None, None));
        assert!(e.envelope.is_none());
        assert!(e.excerpt.contains("Down"));
        let e = api(decode(&resp(444, Some("application/json"), "[1,2]")));
        assert_eq!((e.kind, e.message), (ErrorKind::InvalidToken, None));
    }

    #[test]
    fn other_statuses_are_unexpected() {
        for s in [101, 204, 302, 600, 999] {
            let r = decode(&resp(s, None, ""));
            assert!(matches!(r, Err(E::Unexpected(_))), "{s}");
        }
        let mut r = resp(302, None, "");
        r.headers_mut().insert("location", "https://sso/login".parse().unwrap());
        match decode(&r) {
            Err(E::Unexpected(u)) => {
                assert_eq!(u.reason, UnexpectedReason::UnexpectedStatus);
                assert!(u.detail.contains("https://sso/login"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_body_limit_holds() {
        let r = resp(200, Some("application/json"), r#"{"status": "Success"}"#);
        let e = decode_with(r.status(), r.headers(), r.body(), &DecodeOptions::with_body_limit(4));
        assert!(matches!(e, Err(E::Unexpected(u)) if u.reason == UnexpectedReason::BodyTooLarge));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(status in 100u16..1000, ct in proptest::option::of("[a-z/+;= ]{0,30}"), body in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let mut b = Response::builder().status(status);
            if let Some(ct) = ct { b = b.header("content-type", ct); }
            let r = b.body(Bytes::from(body)).unwrap();
            let _ = decode(&r);
        }
    }
}
