//! The logout call's answers, declared: its success document and its error
//! envelope. Core's machinery reads and judges them (`signoff_core::Call`).
//!
//! The page defines no 200 body (its 200 description, "The User is
//! authorized for the request.", is a copy-paste): success is an empty body
//! or the empty JSON object, on 200 or 204. A 2xx carrying the page's
//! `Error` is `api_error`; any other body is `unexpected`.

use bytes::Bytes;
use http::{Request, Response};
use serde::Serialize;
use signoff_core::doc::{Document, Documents, JsonObject, JsonType, Others};
use signoff_core::{BuildError, Call, Param, ResponseView};

use crate::error::Error;
use crate::request::{Logout, LogoutParams};

/// The header carrying the server's request id.
pub const REQUEST_ID_HEADERS: &[&str] = &[crate::request::OPC_REQUEST_ID];

/// The session was ended: a 200 or 204 with an empty body or `{}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoggedOut {
    /// The `opc-request-id` the server answered with: quote it to Oracle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The only JSON success: an object with no member.
const EMPTY_OBJECT: JsonObject = JsonObject {
    members: &[],
    others: Others::Refused,
};

impl Call for Logout {
    type Vendor = crate::Oci;
    const NAME: &'static str = "logout";
    const PARAMS: &'static [Param] = &[
        Param::required(
            "endpoint",
            "the Compute Enclave endpoint, e.g. https://iaas.enclave.example.com",
        ),
        Param::optional(
            "tenancy_ocid",
            "the tenancy OCID (with an API key; not with security_token)",
        ),
        Param::optional("user_ocid", "the user OCID (with an API key)"),
        Param::optional("fingerprint", "the API key's fingerprint, aa:bb:... (with an API key)"),
        Param::optional(
            "security_token",
            "a session token, instead of tenancy_ocid, user_ocid and fingerprint",
        ),
        Param::required(
            "private_key_pem",
            "the RSA private key, PEM (PKCS#1 or PKCS#8, not encrypted)",
        ),
        Param::optional("passphrase", "accepted for an unencrypted key and ignored"),
        Param::required(
            "date",
            "the date header, an IMF-fixdate (Mon, 23 Nov 2026 22:00:00 GMT)",
        ),
        Param::optional("opc_request_id", "sent as opc-request-id, for tracing"),
    ];
    const SECRET_PARAMS: &'static [&'static str] = &["private_key_pem", "passphrase", "security_token"];
    const CLOCK_PARAMS: &'static [&'static str] = &["date"];
    const SUCCESS_STATUSES: &'static [u16] = &[200, 204];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 401, 404, 412, 500];
    const SUCCESS: Documents = Documents::json(JsonType::Object(EMPTY_OBJECT)).or_empty();

    type Params = LogoutParams;
    type Success = LoggedOut;

    fn build(params: LogoutParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn success(_: &Document<'_>, view: &ResponseView<'_>) -> Result<LoggedOut, String> {
        Ok(LoggedOut {
            request_id: view.request_id().map(str::to_owned),
        })
    }
}

/// Decodes a logout response with the default options.
pub fn decode(response: &Response<Bytes>) -> Result<LoggedOut, Error> {
    signoff_core::decode::<Logout>(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::testing::{api, unexpected_reason as unexpected};
    use signoff_core::{ErrorKind, UnexpectedReason};

    fn resp(status: u16, ct: Option<&str>, body: &str) -> Response<Bytes> {
        let mut r = signoff_core::testing::response(status, ct, body);
        r.headers_mut()
            .insert("opc-request-id", http::HeaderValue::from_static("RID/1"));
        r
    }

    #[test]
    fn success_is_200_or_204_with_an_empty_body_or_an_empty_object() {
        for (status, ct, body) in [
            (200, None, ""),
            (200, Some("application/json"), ""),
            (200, Some("application/json"), "{}"),
            (200, Some("application/json"), "\u{feff} \r\n"),
            (200, None, "\u{feff}{}"),
            (204, None, ""),
        ] {
            let ok = decode(&resp(status, ct, body)).unwrap_or_else(|e| panic!("{status} {body:?}: {e}"));
            assert_eq!(ok.request_id.as_deref(), Some("RID/1"));
        }
        let bare = Response::builder().status(200).body(Bytes::new()).unwrap();
        assert_eq!(decode(&bare).unwrap().request_id, None);
    }

    #[test]
    fn nothing_else_is_proof() {
        let json = Some("application/json");
        for (status, ct, body, reason) in [
            (202, json, "", UnexpectedReason::UnexpectedStatus),
            (206, json, "{}", UnexpectedReason::UnexpectedStatus),
            (299, None, "", UnexpectedReason::UnexpectedStatus),
            (200, json, r#"{"anything":[1,2]}"#, UnexpectedReason::UnrecognizedBody),
            (200, json, "[{}]", UnexpectedReason::UnrecognizedBody),
            (200, json, "{} {}", UnexpectedReason::MalformedBody),
            (200, json, "{}x", UnexpectedReason::MalformedBody),
            (200, json, "{", UnexpectedReason::MalformedBody),
            (200, json, "null", UnexpectedReason::UnrecognizedBody),
            (
                200,
                json,
                r#"{"code":"NotAuthenticated","code":"x"}"#,
                UnexpectedReason::MalformedBody,
            ),
            (200, Some("image/png"), "{}", UnexpectedReason::UnsupportedContentType),
            (200, Some("text/plain"), "{}", UnexpectedReason::UnsupportedContentType),
        ] {
            assert_eq!(
                unexpected(decode(&resp(status, ct, body))),
                reason,
                "{status} {ct:?} {body}"
            );
        }
        let mut r = resp(200, None, "");
        r.headers_mut().insert("content-encoding", "br".parse().unwrap());
        assert_eq!(unexpected(decode(&r)), UnexpectedReason::EncodedBody);
    }

    #[test]
    fn a_2xx_carrying_the_error_is_an_api_error() {
        let e = api(decode(&resp(
            200,
            Some("application/json"),
            r#"{"code":"NotAuthenticated","message":"The required information to complete authentication was not provided."}"#,
        )));
        assert_eq!(
            (e.kind, e.code.as_deref()),
            (ErrorKind::Other, Some("NotAuthenticated"))
        );
        // A message alone on a 2xx is no error document, and no success.
        let r = decode(&resp(200, Some("application/json"), r#"{"message":"x"}"#));
        assert_eq!(unexpected(r), UnexpectedReason::UnrecognizedBody);
    }

    #[test]
    fn codes_keep_their_text_and_come_only_from_one_unambiguous_envelope() {
        let e = api(decode(&resp(
            500,
            Some("application/json"),
            r#"{"code":-0,"message":"m"}"#,
        )));
        assert_eq!(e.code.as_deref(), Some("-0"));
        let e = api(decode(&resp(500, Some("application/json"), r#"{"code":1e2}"#)));
        assert_eq!(e.code.as_deref(), Some("1e2"));
        for body in [
            r#"["NotAuthenticated","m"]"#,
            r#"{"code":"a","code":"b"}"#,
            r#"{"code":"a"} junk"#,
            r#"{"code":"a""#,
            r#"{"code":{"x":"a"}}"#,
            r#"{"code":["a"]}"#,
        ] {
            let e = api(decode(&resp(401, Some("application/json"), body)));
            assert_eq!((e.code, e.message), (None, None), "{body}");
        }
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

    proptest::proptest! {

        #[test]
        fn never_panics_on_json_like_bodies(status in 100u16..1000, body in "[{}\\[\\]\":,a-z0-9 ]{0,64}") {
            let r = Response::builder().status(status).header("content-type", "application/json").body(Bytes::from(body)).unwrap();
            let _ = decode(&r);
        }
    }
}
