//! The logout's answers, declared: its success documents and the
//! `{errCode, errMsg}` envelope every Veridata call shares.
//! Core's machinery reads and judges them (`signoff_core::Call`).

use bytes::Bytes;
use http::{Request, Response};
use serde::Serialize;
use signoff_core::doc::{Document, Documents, JsonType};
use signoff_core::{BuildError, Call, Param, Probe, ResponseView};

use crate::error::Error;
use crate::request::{Logout, LogoutParams};

/// Headers that may carry a request id. Veridata documents none; a proxy
/// may add `x-request-id`, WebLogic `x-oracle-dms-ecid`.
pub const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "x-oracle-dms-ecid"];

/// The page's 200 answer, exactly.
pub const LOGOUT_MESSAGE: &str = "Logout Successful.";

/// What a logout 2xx body held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LogoutBody {
    /// No body (or only whitespace).
    Empty,
    /// A short text, such as the page's "Logout Successful.".
    Text,
    /// The JSON string `"Logout Successful."`.
    Json,
}

/// The session was invalidated: a 200 with an empty body, the text
/// `Logout Successful.` or that text as a JSON string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoggedOut {
    /// What the body held.
    pub body: LogoutBody,
    /// The server's words (`Logout Successful.`), when it sent them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The logout's success: an empty body, the page's sentence as text
/// (under `text/plain`, no type, or the `application/json` a JAX-RS
/// resource puts on a plain string), or that sentence as a JSON string.
/// A text that merely contains a confirming word is not it.
const LOGOUT_SUCCESS: Documents = Documents {
    empty: true,
    json: Some(JsonType::String(&[LOGOUT_MESSAGE])),
    xml: None,
    text: &[LOGOUT_MESSAGE],
};

impl Call for Logout {
    type Vendor = crate::Veridata;
    const NAME: &'static str = "logout";
    const PARAMS: &'static [Param] = crate::request::SESSION_PARAMS;
    const SECRET_PARAMS: &'static [&'static str] = &["token"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 400, 401, 404, 500];
    const SUCCESS: Documents = LOGOUT_SUCCESS;
    /// The session extend answers while the session lives and 401 once it
    /// is gone.
    const PROBE: Option<Probe> = Some(Probe {
        call: "extend",
        params: &["base_url", "token"],
        needs: &[],
    });

    type Params = LogoutParams;
    type Success = LoggedOut;

    fn build(params: LogoutParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn success(doc: &Document<'_>, _: &ResponseView<'_>) -> Result<LoggedOut, String> {
        Ok(match doc {
            Document::Text(text) => LoggedOut {
                body: LogoutBody::Text,
                message: Some((*text).to_owned()),
            },
            Document::Json(value) => LoggedOut {
                body: LogoutBody::Json,
                message: value.as_str().map(str::to_owned),
            },
            _ => LoggedOut {
                body: LogoutBody::Empty,
                message: None,
            },
        })
    }
}

/// Decodes a logout response with the default options.
pub fn decode(response: &Response<Bytes>) -> Result<LoggedOut, Error> {
    signoff_core::decode::<Logout>(response)
}

pub use crate::login::{LoginSession, decode_login};

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::testing::{api, unexpected};
    use signoff_core::{Error as E, ErrorKind, UnexpectedReason};

    const DOC_ERROR: &str = "{\n    \"errCode\":\"OGGV-00001\",\n    \"errMsg\":\"Error message\"\n}";

    use signoff_core::testing::response as resp;

    const JSON: Option<&str> = Some("application/json");

    #[test]
    fn the_documented_logout_answers_are_success() {
        for (ct, body, kind) in [
            (JSON, "Logout Successful.", LogoutBody::Text),
            (Some("text/plain"), " Logout Successful.\r\n", LogoutBody::Text),
            (None, "Logout Successful.", LogoutBody::Text),
            (JSON, "\"Logout Successful.\"", LogoutBody::Json),
            (JSON, "", LogoutBody::Empty),
            (None, "  ", LogoutBody::Empty),
        ] {
            let ok = decode(&resp(200, ct, body)).unwrap_or_else(|e| panic!("{body:?}: {e}"));
            assert_eq!(ok.body, kind, "{body:?}");
        }
    }

    #[test]
    fn nothing_else_is_proof_of_logout() {
        for (status, ct, body) in [
            (200, JSON, "Logout failed"),
            (200, JSON, "not Logout Successful."),
            (200, JSON, "Logout Successful. Not."),
            (200, Some("text/plain"), "User logged out"),
            (200, JSON, "{}"),
            (200, JSON, r#"{"message":"Logout Successful."}"#),
            (200, JSON, r#"["Logout Successful."]"#),
            (200, JSON, "true"),
            (200, JSON, "1"),
            (200, JSON, "\"Logout Successful.\" x"),
            (200, JSON, "2@"),
            (200, Some("text/html"), "Logout Successful."),
            (200, None, "<p>Logout Successful.</p>"),
            (200, None, "Logout Successful.<html><title>x</title></html>"),
            (200, Some("image/png"), "Logout Successful."),
            (200, Some("application/xml"), "<r>Logout Successful.</r>"),
            (202, JSON, "Logout Successful."),
            (204, None, ""),
            (299, JSON, "Logout Successful."),
        ] {
            let r = decode(&resp(status, ct, body));
            assert!(matches!(r, Err(E::Unexpected(_))), "{status} {ct:?} {body:?}: {r:?}");
        }
        let mut r = resp(200, JSON, "Logout Successful.");
        r.headers_mut().insert("content-encoding", "gzip".parse().unwrap());
        assert_eq!(unexpected(decode(&r)).reason, UnexpectedReason::EncodedBody);
    }

    #[test]
    fn a_200_carrying_the_error_object_is_an_api_error() {
        let e = api(decode(&resp(200, JSON, DOC_ERROR)));
        assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Other, Some("OGGV-00001")));
        // errMsg alone on a 200 is no error object, and no success either.
        assert!(matches!(
            decode(&resp(200, JSON, r#"{"errMsg":"x"}"#)),
            Err(E::Unexpected(_))
        ));
    }

    #[test]
    fn documented_errors_keep_code_and_message() {
        for (status, kind) in [
            (400, ErrorKind::BadRequest),
            (401, ErrorKind::Unauthorized),
            (404, ErrorKind::NotFound),
            (500, ErrorKind::ServerError),
        ] {
            let e = api(decode(&resp(status, JSON, DOC_ERROR)));
            assert_eq!(
                (e.kind, e.code.as_deref(), e.message.as_deref()),
                (kind, Some("OGGV-00001"), Some("Error message"))
            );
        }
        let e = api(decode(&resp(500, JSON, r#"{"errCode": -0, "errMsg": "m"}"#)));
        assert_eq!(e.code.as_deref(), Some("-0"));
        for body in [
            r#"["OGGV-00001","Error message"]"#,
            r#"{"errCode":"a","errCode":"b"}"#,
            r#"{"errCode":"a"} x"#,
            r#"{"errCode":"a""#,
            r#"{"errCode":["a"]}"#,
            r#"{"errCode":"  ","errMsg":""}"#,
        ] {
            let e = api(decode(&resp(401, JSON, body)));
            assert_eq!((e.code, e.message), (None, None), "{body}");
        }
    }

    proptest::proptest! {

        /// Texts near the page's sentence are success only when they are it.
        #[test]
        fn only_the_sentence_itself_is_success(body in "[ \"]?(Logout|logout|Not|not) ?(Successful|successful|failed)[.!]?[ \"]?") {
            if decode(&resp(200, JSON, &body)).is_ok() {
                let t = body.trim();
                proptest::prop_assert!(t == LOGOUT_MESSAGE || t == "\"Logout Successful.\"", "{body:?}");
            }
        }
    }
}
