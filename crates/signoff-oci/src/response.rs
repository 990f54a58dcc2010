//! Decoding the logout response.

use bytes::Bytes;
use http::{HeaderMap, Response, StatusCode};
use serde::Serialize;
use signoff_core::{ApiError, DecodeOptions, MediaType, ResponseView, UnexpectedReason, is_blank, parse_json_value};

use crate::error::{Error, ErrorBody};

/// The header carrying the server's request id.
pub const REQUEST_ID_HEADERS: &[&str] = &[crate::request::OPC_REQUEST_ID];

/// The session was ended (any 2xx with an empty body or a JSON object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoggedOut {
    /// The `opc-request-id` the server answered with: quote it to Oracle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
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
    match view.status().as_u16() {
        200..=299 => decode_success(view),
        400..=599 => Err(decode_error(view).into()),
        _ => Err(view.unexpected_status().into()),
    }
}

fn decode_success(view: &ResponseView<'_>) -> Result<LoggedOut, Error> {
    let ok = || LoggedOut {
        request_id: view.request_id().map(str::to_owned),
    };
    let body = view.body();
    if is_blank(body) {
        return Ok(ok());
    }
    match view.media_type() {
        MediaType::Json => {
            let value: serde_json::Value = parse_json_value(body).map_err(|e| {
                view.unexpected(
                    UnexpectedReason::MalformedBody,
                    format!("the JSON body does not parse at byte {}: {}", e.offset, e.message),
                )
            })?;
            if value.is_object() {
                Ok(ok())
            } else {
                Err(view
                    .unexpected(
                        UnexpectedReason::UnrecognizedBody,
                        "the JSON body is not an object (the logout answers with an empty body or {})",
                    )
                    .into())
            }
        }
        MediaType::Html => Err(view
            .unexpected(
                UnexpectedReason::UnrecognizedBody,
                "an HTML page is not proof of logout (a proxy or login page answered)",
            )
            .into()),
        other => Err(view
            .unexpected(
                UnexpectedReason::UnsupportedContentType,
                format!(
                    "a {} body is not an answer this call gives (it answers application/json)",
                    other.name()
                ),
            )
            .into()),
    }
}

fn decode_error(view: &ResponseView<'_>) -> ApiError<ErrorBody> {
    let envelope = match view.media_type() {
        MediaType::Json => ErrorBody::read(view.body_texts()),
        _ => None,
    };
    let code = envelope.as_ref().and_then(ErrorBody::report_code);
    let message = envelope.as_ref().and_then(ErrorBody::report_message);
    view.api_error(None, code, message, envelope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::{Error as E, ErrorKind};

    fn resp(status: u16, ct: Option<&str>, body: &'static str) -> Response<Bytes> {
        let mut b = Response::builder().status(status).header("opc-request-id", "RID/1");
        if let Some(ct) = ct {
            b = b.header("content-type", ct);
        }
        b.body(Bytes::from_static(body.as_bytes())).unwrap()
    }

    fn api(r: Result<LoggedOut, Error>) -> ApiError<ErrorBody> {
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
    fn success_is_any_2xx_with_an_empty_body_or_a_json_object() {
        for (status, ct, body) in [
            (200, None, ""),
            (200, Some("application/json"), ""),
            (200, Some("application/json"), "{}"),
            (200, Some("application/json"), "\u{feff} \r\n"),
            (200, None, "\u{feff}{}"),
            (
                200,
                Some("application/json"),
                r#"{"anything":[1,2],"nested":{"a":null}}"#,
            ),
            (204, None, ""),
            (202, Some("text/plain"), "{}"),
        ] {
            let ok = decode(&resp(status, ct, body)).unwrap_or_else(|e| panic!("{status} {body:?}: {e}"));
            assert_eq!(ok.request_id.as_deref(), Some("RID/1"));
        }
        let bare = Response::builder().status(200).body(Bytes::new()).unwrap();
        assert_eq!(decode(&bare).unwrap().request_id, None);
    }

    #[test]
    fn a_200_that_is_not_empty_or_an_object_is_unexpected() {
        assert_eq!(
            unexpected(decode(&resp(
                200,
                Some("text/html"),
                "<html><title>Sign in</title></html>"
            ))),
            UnexpectedReason::UnrecognizedBody
        );
        assert_eq!(
            unexpected(decode(&resp(200, None, "<!DOCTYPE html><html></html>"))),
            UnexpectedReason::UnrecognizedBody
        );
        assert_eq!(
            unexpected(decode(&resp(200, Some("application/json"), "[1]"))),
            UnexpectedReason::UnrecognizedBody
        );
        assert_eq!(
            unexpected(decode(&resp(200, Some("application/json"), "{\"a\":"))),
            UnexpectedReason::MalformedBody
        );
        assert_eq!(
            unexpected(decode(&resp(200, Some("text/plain"), "ok"))),
            UnexpectedReason::UnsupportedContentType
        );
        assert_eq!(
            unexpected(decode(&resp(200, Some("application/xml"), "<ok/>"))),
            UnexpectedReason::UnsupportedContentType
        );
    }

    #[test]
    fn documented_errors_keep_code_message_and_request_id() {
        for (status, code, kind, retryable) in [
            (401, "NotAuthenticated", ErrorKind::Unauthorized, false),
            (404, "NotAuthorizedOrNotFound", ErrorKind::NotFound, false),
            (412, "NoEtagMatch", ErrorKind::PreconditionFailed, false),
            (500, "InternalServerError", ErrorKind::ServerError, true),
        ] {
            let body = format!(r#"{{"code":"{code}","message":"m {status}"}}"#);
            let r = Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .header("opc-request-id", "RID")
                .body(Bytes::from(body))
                .unwrap();
            let e = api(decode(&r));
            assert_eq!(e.kind, kind);
            assert_eq!(e.code.as_deref(), Some(code));
            assert_eq!(e.message.as_deref(), Some(format!("m {status}").as_str()));
            assert_eq!(e.retryable, retryable, "{status}");
            assert_eq!(e.request_id.as_deref(), Some("RID"));
            assert_eq!(e.envelope.unwrap().code.as_deref(), Some(code));
        }
    }

    #[test]
    fn other_statuses_decode_the_same_envelope() {
        for (status, kind, retryable) in [
            (400, ErrorKind::BadRequest, false),
            (409, ErrorKind::Other, false),
            (429, ErrorKind::RateLimited, true),
            (501, ErrorKind::ServerError, false),
            (502, ErrorKind::ServerError, true),
            (503, ErrorKind::ServerError, true),
            (504, ErrorKind::ServerError, true),
        ] {
            let e = api(decode(&resp(
                status,
                Some("application/json"),
                r#"{"code":"X","message":"y"}"#,
            )));
            assert_eq!((e.kind, e.retryable), (kind, retryable), "{status}");
            assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("X"), Some("y")));
        }
    }

    #[test]
    fn the_envelope_tolerates_missing_and_unknown_fields() {
        let e = api(decode(&resp(
            401,
            Some("application/json"),
            r#"{"code":"NotAuthenticated"}"#,
        )));
        assert_eq!((e.code.as_deref(), e.message), (Some("NotAuthenticated"), None));
        let e = api(decode(&resp(
            404,
            Some("application/json"),
            r#"{"message":"gone","extra":{"x":1}}"#,
        )));
        assert_eq!((e.code, e.message.as_deref()), (None, Some("gone")));
        let e = api(decode(&resp(500, None, r#"{"code":500,"message":"  "}"#)));
        assert_eq!((e.code.as_deref(), e.message), (Some("500"), None));
        let e = api(decode(&resp(500, Some("application/json"), "{}")));
        assert!(e.envelope.is_none());
    }

    #[test]
    fn html_or_empty_error_bodies_invent_nothing() {
        for (status, ct, body) in [
            (
                401,
                Some("text/html"),
                "<html><title>401 Authorization Required</title></html>",
            ),
            (502, Some("text/html"), "<html><body>Bad Gateway</body></html>"),
            (500, None, ""),
            (503, Some("application/json"), ""),
            (404, Some("application/json"), "{\"code\":"),
            (404, Some("application/json"), "[\"NotFound\"]"),
            (412, Some("text/plain"), "Precondition Failed"),
        ] {
            let e = api(decode(&resp(status, ct, body)));
            assert_eq!(e.kind, ErrorKind::from_status(status));
            assert_eq!((e.code, e.message), (None, None), "{status} {body:?}");
            assert!(e.envelope.is_none());
            assert_eq!(e.request_id.as_deref(), Some("RID/1"));
        }
    }

    #[test]
    fn informational_redirect_and_unknown_statuses_are_unexpected() {
        for s in [100, 101, 301, 302, 304, 600, 999] {
            assert_eq!(
                unexpected(decode(&resp(s, None, ""))),
                UnexpectedReason::UnexpectedStatus,
                "{s}"
            );
        }
    }

    #[test]
    fn the_body_limit_holds() {
        let r = resp(200, Some("application/json"), "{}");
        let e = decode_with(r.status(), r.headers(), r.body(), &DecodeOptions::with_body_limit(1));
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

        #[test]
        fn never_panics_on_json_like_bodies(status in 100u16..1000, body in "[{}\\[\\]\":,a-z0-9 ]{0,64}") {
            let r = Response::builder().status(status).header("content-type", "application/json").body(Bytes::from(body)).unwrap();
            let _ = decode(&r);
        }
    }
}
