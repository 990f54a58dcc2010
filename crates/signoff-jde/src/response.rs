//! The logout call's answers, declared: its success document and its error
//! envelope. Core's machinery reads and judges them (`signoff_core::Call`).

use bytes::Bytes;
use http::{Request, Response};
use serde::Serialize;
use signoff_core::doc::{Document, Documents, JsonMember, JsonObject, JsonType, Others};
use signoff_core::{BuildError, Call, Param, Probe, ResponseView};

use crate::error::{ERROR_MEMBERS, Error};
use crate::request::{Logout, LogoutParams};

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

/// The success document: an object whose `status` is exactly `Success`
/// (the page's example); other members are tolerated, except any member of
/// the error envelope, at any depth.
pub(crate) const SUCCESS_OBJECT: JsonObject = JsonObject {
    members: &[JsonMember {
        name: "status",
        ty: JsonType::String(&["Success"]),
        required: true,
    }],
    others: Others::TolerateExcept(ERROR_MEMBERS),
};

impl Call for Logout {
    type Vendor = crate::Jde;
    const NAME: &'static str = "logout";
    const PARAMS: &'static [Param] = &[
        Param::required("base_url", "the AIS server root, e.g. https://ais.example.com:9300"),
        Param::required("token", "the AIS token from the token request"),
        Param::optional("device", "the device name the token was requested with"),
        Param::optional("accept", "application/json (default; the one AIS documents)"),
    ];
    const SECRET_PARAMS: &'static [&'static str] = &["token"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 400, 415, 444, 500];
    const SUCCESS: Documents = Documents::json(JsonType::Object(SUCCESS_OBJECT));

    type Params = LogoutParams;
    type Success = LoggedOut;

    fn build(params: LogoutParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn success(doc: &Document<'_>, _: &ResponseView<'_>) -> Result<LoggedOut, String> {
        doc.json()
            .and_then(|v| v.get("status"))
            .and_then(|s| s.as_str())
            .map(|status| LoggedOut {
                status: status.to_owned(),
            })
            .ok_or_else(|| "the success document has no status".to_owned())
    }
    /// Whether the token still opens a session: the Token Request
    /// Service's validate.
    const PROBE: Option<Probe> = Some(Probe {
        call: "validate",
        params: &["base_url", "token", "device"],
        needs: &[],
    });
}

/// Decodes a logout response with the default options.
pub fn decode(response: &Response<Bytes>) -> Result<LoggedOut, Error> {
    signoff_core::decode::<Logout>(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::ErrorKind;
    use signoff_core::testing::{api, unexpected_reason as unexpected};
    use signoff_core::{Error as E, UnexpectedReason};

    use signoff_core::testing::response as resp;

    #[test]
    fn documented_success() {
        let ok = decode(&resp(200, Some("application/json"), r#"{"status": "Success"}"#)).unwrap();
        assert_eq!(ok.status, "Success");
        // no content type, a BOM, extra fields
        decode(&resp(200, None, "\u{feff} {\"status\":\"Success\",\"extra\":1}")).unwrap();
    }

    #[test]
    fn a_200_that_is_not_the_success_document_is_never_success() {
        let json = Some("application/json");
        for (ct, body, reason) in [
            (json, "", UnexpectedReason::UnrecognizedBody),
            (json, "{}", UnexpectedReason::UnrecognizedBody),
            (json, r#"{"status":"Failed"}"#, UnexpectedReason::UnrecognizedBody),
            (json, r#"["Success"]"#, UnexpectedReason::UnrecognizedBody),
            (json, r#"[{"status":"Success"}]"#, UnexpectedReason::UnrecognizedBody),
            (json, r#"{"status":["Success"]}"#, UnexpectedReason::UnrecognizedBody),
            (
                json,
                r#"{"status":"Success","status":"Success"}"#,
                UnexpectedReason::MalformedBody,
            ),
            (json, r#"{"status":"Success"} {}"#, UnexpectedReason::MalformedBody),
            (
                json,
                r#"{"status":"Success","message":"x"}"#,
                UnexpectedReason::UnrecognizedBody,
            ),
            (
                json,
                r#"{"status":"Success","d":{"exception":"x"}}"#,
                UnexpectedReason::UnrecognizedBody,
            ),
            (
                Some("text/html"),
                "<html>login</html>",
                UnexpectedReason::UnrecognizedBody,
            ),
            (json, r#"{"status": "Succ"#, UnexpectedReason::MalformedBody),
            (Some("text/plain"), "ok", UnexpectedReason::UnsupportedContentType),
            (
                Some("text/plain"),
                r#"{"status":"Success"}"#,
                UnexpectedReason::UnsupportedContentType,
            ),
            (
                Some("image/png"),
                r#"{"status":"Success"}"#,
                UnexpectedReason::UnsupportedContentType,
            ),
            (
                None,
                "<status>Success</status>",
                UnexpectedReason::UnsupportedContentType,
            ),
            (
                Some("application/xml"),
                "<r><status>Success</status></r>",
                UnexpectedReason::UnsupportedContentType,
            ),
            (
                None,
                "<!-- <status>Success</status> -->",
                UnexpectedReason::UnsupportedContentType,
            ),
        ] {
            assert_eq!(unexpected(decode(&resp(200, ct, body))), reason, "{ct:?} {body}");
        }
    }

    #[test]
    fn only_200_is_success() {
        for s in [201, 202, 204, 206, 299] {
            let r = decode(&resp(s, Some("application/json"), r#"{"status":"Success"}"#));
            assert_eq!(unexpected(r), UnexpectedReason::UnexpectedStatus, "{s}");
        }
    }

    #[test]
    fn the_body_policy_covers_the_headers() {
        let mut r = resp(200, Some("application/json"), r#"{"status":"Success"}"#);
        r.headers_mut().insert("content-encoding", "gzip".parse().unwrap());
        assert_eq!(unexpected(decode(&r)), UnexpectedReason::EncodedBody);
        let mut r = resp(200, Some("application/json"), r#"{"status":"Success"}"#);
        r.headers_mut().insert("content-encoding", "identity".parse().unwrap());
        assert!(decode(&r).is_ok());
        // Only space and tab are blank in a header: a no-break space is a
        // coding, and one no one can undo.
        for coding in [&b" \t, identity ,"[..], b"\xc2\xa0", b"identity, \xc2\xa0 "] {
            let mut r = resp(200, Some("application/json"), r#"{"status":"Success"}"#);
            r.headers_mut()
                .insert("content-encoding", http::HeaderValue::from_bytes(coding).unwrap());
            let blank = coding.iter().all(|b| b" \t,identity".contains(b));
            assert_eq!(decode(&r).is_ok(), blank, "{coding:?}");
        }
        let mut r = resp(200, Some("application/json"), r#"{"status":"Success"}"#);
        r.headers_mut().append("content-type", "text/html".parse().unwrap());
        assert_eq!(unexpected(decode(&r)), UnexpectedReason::UnsupportedContentType);
    }

    #[test]
    fn a_200_carrying_an_error_document_is_an_api_error() {
        let e = api(decode(&resp(
            200,
            Some("application/json"),
            r#"{"status":"ERROR","message":"no"}"#,
        )));
        assert_eq!((e.kind, e.message.as_deref()), (ErrorKind::Other, Some("no")));
        // A success status beside the envelope's fields is not a success.
        let r = decode(&resp(
            200,
            Some("application/json"),
            r#"{"status":"Success","errorText":"no"}"#,
        ));
        assert_eq!(unexpected(r), UnexpectedReason::UnrecognizedBody);
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
    fn error_texts_come_only_from_a_well_formed_unambiguous_envelope() {
        for body in [
            r#"["Invalid Token"]"#,
            r#"[{"message":"Invalid Token"}]"#,
            r#"{"message":"a","message":"b"}"#,
            r#"{"message":"Invalid Token""#,
            r#"{"message":"Invalid Token"} junk"#,
            r#"{"message":["Invalid Token"]}"#,
            r#"{"message":7}"#,
        ] {
            let e = api(decode(&resp(444, Some("application/json"), body)));
            assert_eq!(
                (e.kind, e.message.as_deref()),
                (ErrorKind::InvalidToken, None),
                "{body}"
            );
        }
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
}
