//! Decoding the log-off response.

use bytes::Bytes;
use http::{Request, Response};
use serde::Serialize;
use signoff_core::doc::{
    Document, Documents, JsonMember, JsonObject, JsonType, Others, XmlAttribute, XmlDecl, XmlText,
};
use signoff_core::{BuildError, Call, Param, Probe, ResponseView};

use crate::error::Error;
use crate::request::{Logoff, LogoffParams};

/// Headers that may carry a request id (Commvault documents none; a proxy
/// may add one).
pub const REQUEST_ID_HEADERS: &[&str] = &["x-request-id"];

/// The documented response root.
pub const RESPONSE_ROOT: &str = "Api_LogoffUsersResponse";

/// What the success body was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SuccessBody {
    /// No body (or only whitespace).
    Empty,
    /// `<Api_LogoffUsersResponse/>`.
    Xml,
    /// `{}` (or the success marker alone).
    Json,
}

/// The sessions were logged off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoggedOff {
    /// What the body was.
    pub body: SuccessBody,
    /// The XML root element (`Api_LogoffUsersResponse`), for an XML body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_element: Option<String>,
    /// The success marker `errorCode` (`0`), when the body carried it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

/// The success marker and the blank texts Commvault sends beside it.
const MARKER: XmlAttribute = XmlAttribute {
    name: "errorCode",
    required: false,
    values: &["0"],
};
const BLANK_MESSAGE: XmlAttribute = XmlAttribute {
    name: "errorMessage",
    required: false,
    values: &[""],
};
const BLANK_STRING: XmlAttribute = XmlAttribute {
    name: "errorString",
    required: false,
    values: &[""],
};

/// `<Api_LogoffUsersResponse />`: no text, no child element; its only
/// attributes the success marker `errorCode="0"` (exactly `0`: `-0`, `00`
/// or `0.0` are not the marker) and blank `errorMessage`/`errorString`.
const SUCCESS_XML: XmlDecl = XmlDecl {
    name: RESPONSE_ROOT,
    attributes: &[MARKER, BLANK_MESSAGE, BLANK_STRING],
    other_attributes: Others::Refused,
    children: &[],
    other_children: Others::Refused,
    text: XmlText::None,
};

/// `{}`, or the same marker and blank texts as members.
const SUCCESS_JSON: JsonObject = JsonObject {
    members: &[
        JsonMember {
            name: "errorCode",
            ty: JsonType::Text(&["0"]),
            required: false,
        },
        JsonMember {
            name: "errorMessage",
            ty: JsonType::String(&[""]),
            required: false,
        },
        JsonMember {
            name: "errorString",
            ty: JsonType::String(&[""]),
            required: false,
        },
    ],
    others: Others::Refused,
};

impl Call for Logoff {
    type Vendor = crate::Commvault;
    const NAME: &'static str = "logout";
    const PARAMS: &'static [Param] = &[
        Param::required("base_url", "the web service root, e.g. https://host/webconsole/api"),
        Param::required(
            "authtoken",
            "the token from login (QSDK ...) or an access token, sent verbatim",
        ),
        Param::required("session_ids", "the session ids to log off, an array (at least one)"),
        Param::optional(
            "accept",
            "application/xml or application/json (default: the body format's)",
        ),
        Param::optional("body_format", "xml (default) or json"),
    ];
    const SECRET_PARAMS: &'static [&'static str] = &["authtoken"];
    /// The user's session details: the ended ids no longer live. The
    /// logout names no user: the caller adds `user_id`.
    const PROBE: Option<Probe> = Some(Probe {
        call: "sessions",
        params: &["base_url", "authtoken"],
        needs: &["user_id"],
    });
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 401, 500];
    const SUCCESS: Documents = Documents::json(JsonType::Object(SUCCESS_JSON))
        .or_xml(SUCCESS_XML)
        .or_empty();

    type Params = LogoffParams;
    type Success = LoggedOff;

    fn build(params: LogoffParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn success(doc: &Document<'_>, _: &ResponseView<'_>) -> Result<LoggedOff, String> {
        Ok(match doc {
            Document::Xml(root) => LoggedOff {
                body: SuccessBody::Xml,
                root_element: Some(root.name.to_owned()),
                error_code: root.attribute("errorCode").map(str::to_owned),
            },
            Document::Json(value) => LoggedOff {
                body: SuccessBody::Json,
                root_element: None,
                error_code: value
                    .get("errorCode")
                    .and_then(signoff_core::doc::Json::as_text)
                    .map(str::to_owned),
            },
            _ => LoggedOff {
                body: SuccessBody::Empty,
                root_element: None,
                error_code: None,
            },
        })
    }
}

/// Decodes a log-off response with the default options.
pub fn decode(response: &Response<Bytes>) -> Result<LoggedOff, Error> {
    signoff_core::decode::<Logoff>(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::{ApiError, Error as E, ErrorKind, UnexpectedReason};

    use signoff_core::testing::response as resp;

    fn ok(status: u16, ct: Option<&str>, body: &str) -> LoggedOff {
        match decode(&resp(status, ct, body)) {
            Ok(s) => s,
            other => panic!("not a success for {body:?}: {other:?}"),
        }
    }

    fn api(status: u16, ct: Option<&str>, body: &str) -> ApiError<crate::CommvaultError> {
        match decode(&resp(status, ct, body)) {
            Err(E::Api(e)) => *e,
            other => panic!("not an api error for {body:?}: {other:?}"),
        }
    }

    fn unexpected(status: u16, ct: Option<&str>, body: &str) -> signoff_core::Unexpected {
        match decode(&resp(status, ct, body)) {
            Err(E::Unexpected(u)) => *u,
            other => panic!("not unexpected for {body:?}: {other:?}"),
        }
    }

    const XML: Option<&str> = Some("application/xml");
    const JSON: Option<&str> = Some("application/json");

    #[test]
    fn documented_success_in_any_spelling() {
        for body in [
            "<Api_LogoffUsersResponse />",
            "<Api_LogoffUsersResponse/>",
            "<Api_LogoffUsersResponse></Api_LogoffUsersResponse >",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Api_LogoffUsersResponse />\r\n",
            "\u{feff}  <Api_LogoffUsersResponse\n/>",
            "<Api_LogoffUsersResponse errorCode=\"0\"/>",
            "<Api_LogoffUsersResponse errorCode=\"0\" errorString=\"\"/>",
            "<Api_LogoffUsersResponse><!-- done --></Api_LogoffUsersResponse>",
        ] {
            let s = ok(200, XML, body);
            assert_eq!(s.body, SuccessBody::Xml);
            assert_eq!(s.root_element.as_deref(), Some(RESPONSE_ROOT));
        }
        assert_eq!(ok(200, None, "<Api_LogoffUsersResponse />").body, SuccessBody::Xml);
        // The page's own default Accept is XML; a JSON label on the XML
        // document (or the reverse) is read by the body's look.
        assert_eq!(ok(200, JSON, "<Api_LogoffUsersResponse />").body, SuccessBody::Xml);
    }

    #[test]
    fn empty_and_json_success() {
        assert_eq!(ok(200, None, "").body, SuccessBody::Empty);
        assert_eq!(ok(200, XML, " \r\n").body, SuccessBody::Empty);
        assert_eq!(ok(200, JSON, "{}").body, SuccessBody::Json);
        assert_eq!(ok(200, JSON, "\u{feff} { } ").body, SuccessBody::Json);
        let s = ok(200, JSON, r#"{"errorCode": 0, "errorMessage": ""}"#);
        assert_eq!(s.error_code.as_deref(), Some("0"));
    }

    #[test]
    fn nothing_else_is_proof() {
        for (status, ct, body) in [
            (204, None, ""),
            (202, XML, "<Api_LogoffUsersResponse/>"),
            (299, JSON, "{}"),
            (200, Some("text/plain"), "<Api_LogoffUsersResponse />"),
            (200, Some("image/png"), "<Api_LogoffUsersResponse />"),
            (200, XML, "<Api_LogoffUsersResponse>ok</Api_LogoffUsersResponse>"),
            (200, XML, "<Api_LogoffUsersResponse><x/></Api_LogoffUsersResponse>"),
            (
                200,
                XML,
                "<Api_LogoffUsersResponse><x><error errorCode=\"5\"/></x></Api_LogoffUsersResponse>",
            ),
            (200, XML, "<Api_LogoffUsersResponse errorCode=\"-0\"/>"),
            (200, XML, "<Api_LogoffUsersResponse errorCode=\"00\"/>"),
            (200, XML, "<Api_LogoffUsersResponse errorCode=\"\"/>"),
            (200, XML, "<Api_LogoffUsersResponse errorCode=\"0\" errorCode=\"5\"/>"),
            (
                200,
                XML,
                "<Api_LogoffUsersResponse xmlns:a=\"u\" xmlns:b=\"u\" a:errorCode=\"0\" b:errorCode=\"5\"/>",
            ),
            (200, XML, "<Api_LogoffUsersResponse/><Api_LogoffUsersResponse/>"),
            (200, XML, "\n<?xml version=\"1.0\"?><Api_LogoffUsersResponse/>"),
            (200, XML, "<!-- <Api_LogoffUsersResponse/> -->"),
            (200, XML, "<App_GenericResp errorCode=\"0\"/>"),
            (
                200,
                XML,
                "<Api_LogoffUsersRequest><sessions val=\"a\"/></Api_LogoffUsersRequest>",
            ),
            (200, JSON, r#"{"errorCode": -0}"#),
            (200, JSON, r#"{"errorCode": "0", "errorCode": "0"}"#),
            (200, JSON, r#"[{}]"#),
            (200, JSON, r#"{"sessions": []}"#),
            (200, JSON, "{} junk"),
            (200, JSON, "null"),
            (200, Some("text/html"), "<html><title>Login</title></html>"),
            (200, Some("text/plain"), "User logged out"),
        ] {
            let r = decode(&resp(status, ct, body));
            assert!(r.is_err(), "{status} {ct:?} {body}: {r:?}");
        }
        let mut r = resp(200, XML, "<Api_LogoffUsersResponse/>");
        r.headers_mut().insert("content-encoding", "gzip".parse().unwrap());
        assert!(matches!(decode(&r), Err(E::Unexpected(u)) if u.reason == UnexpectedReason::EncodedBody));
    }

    #[test]
    fn a_200_carrying_an_error_is_an_api_error() {
        let e = api(
            200,
            XML,
            r#"<App_GenericResp errorCode="587204050" errorMessage="Failed to run task. No associations exist."/>"#,
        );
        assert_eq!(e.kind, ErrorKind::Other);
        assert_eq!(e.code.as_deref(), Some("587204050"));
        assert_eq!(e.message.as_deref(), Some("Failed to run task. No associations exist."));
        let env = e.envelope.unwrap();
        assert_eq!(
            (env.location.as_str(), env.root_element.as_deref()),
            ("root", Some("App_GenericResp"))
        );
        let e = api(
            200,
            XML,
            r#"<Api_LogoffUsersResponse errorCode="2" errorString="Session not found"/>"#,
        );
        assert_eq!(
            (e.code.as_deref(), e.message.as_deref()),
            (Some("2"), Some("Session not found"))
        );
        let e = api(
            200,
            XML,
            r#"<EVGui_GenericResp><errList errorCode="5" errLogMessage="denied"/></EVGui_GenericResp>"#,
        );
        assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("5"), Some("denied")));
        assert_eq!(e.envelope.unwrap().location, "errList");
        let e = api(
            200,
            XML,
            r#"<R><response errorCode="0"/><response errorCode="7" errorMessage="b"/></R>"#,
        );
        assert_eq!(e.envelope.unwrap().location, "response[1]");
        let e = api(
            200,
            JSON,
            r#"{"errorCode": 100, "errorMessage": "Invalid session", "warningCode": 0}"#,
        );
        assert_eq!(
            (e.code.as_deref(), e.message.as_deref()),
            (Some("100"), Some("Invalid session"))
        );
        let e = api(
            200,
            JSON,
            r#"{"errList": [{"errorCode": 587, "errLogMessage": "Session is invalid"}]}"#,
        );
        assert_eq!(e.envelope.unwrap().location, "errList[0]");
        let e = api(200, JSON, r#"{"errorCode": 3}"#);
        assert_eq!((e.code.as_deref(), e.message), (Some("3"), None));
    }

    #[test]
    fn codes_are_reported_as_written() {
        // `-0` is not the marker `0`: an error code, reported as written.
        assert_eq!(api(200, JSON, r#"{"errorCode": -0}"#).code.as_deref(), Some("-0"));
        assert_eq!(api(500, JSON, r#"{"errorCode": -0}"#).code.as_deref(), Some("-0"));
        assert_eq!(api(500, JSON, r#"{"errorCode": 1e2}"#).code.as_deref(), Some("1e2"));
        assert_eq!(
            api(500, XML, r#"<R errorCode=" 0042 "/>"#).code.as_deref(),
            Some("0042")
        );
        assert_eq!(api(500, JSON, r#"{"errorCode": "E123"}"#).code.as_deref(), Some("E123"));
    }

    #[test]
    fn error_texts_come_only_from_a_well_formed_unambiguous_envelope() {
        for (ct, body) in [
            (JSON, r#"[{"errorCode": 5, "errorMessage": "x"}]"#),
            (JSON, r#"{"errorCode": 5, "errorCode": 6}"#),
            (JSON, r#"{"errorCode": 5"#),
            (JSON, r#"{"errorCode": 5} x"#),
            (JSON, r#"{"errorCode": [5]}"#),
            (XML, r#"<R errorCode="5" errorCode="6"/>"#),
            (XML, r#"<R errorCode="5">"#),
            (XML, r#"<R errorCode="5"/><S/>"#),
            (Some("text/plain"), "Invalid authorization token provided."),
        ] {
            let e = api(401, ct, body);
            assert_eq!(
                (e.kind, e.code, e.message),
                (ErrorKind::Unauthorized, None, None),
                "{body}"
            );
        }
        let page = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\"><html><head><title>500 - Internal server error.</title></head><body>...</body></html>";
        let e = api(500, Some("text/html"), page);
        assert_eq!(
            (e.kind, e.code, e.message.as_deref()),
            (ErrorKind::ServerError, None, Some("500 - Internal server error."))
        );
        let e = api(500, JSON, r#"{"errorCode": 0, "errorMessage": "odd"}"#);
        assert_eq!(
            (e.kind, e.code, e.message.as_deref()),
            (ErrorKind::ServerError, None, Some("odd"))
        );
    }

    #[test]
    fn other_statuses_are_unexpected() {
        for s in [100, 101, 301, 302, 304, 600, 999] {
            assert_eq!(
                unexpected(s, None, "").reason,
                UnexpectedReason::UnexpectedStatus,
                "{s}"
            );
        }
    }

    #[test]
    fn the_request_id_is_kept() {
        let mut r = resp(401, None, "");
        r.headers_mut().insert("x-request-id", "rid-1".parse().unwrap());
        assert_eq!(
            decode(&r)
                .err()
                .and_then(|e| e.request_id().map(str::to_owned))
                .as_deref(),
            Some("rid-1")
        );
    }

    proptest::proptest! {

        #[test]
        fn near_miss_documents_are_never_success(
            body in r#"(<\?xml version="1.0"\?>)?<(Api_LogoffUsersResponse|App_GenericResp|R)( (errorCode|errorMessage|a)="(0|-0|5|x|)"){0,3}(/>|>(x|<error errorCode="5"/>|)</(Api_LogoffUsersResponse|App_GenericResp|R)>)"#,
        ) {
            if let Ok(s) = decode(&resp(200, XML, &body)) {
                let root = signoff_core::doc::read_xml(body.as_bytes()).unwrap();
                proptest::prop_assert!(Logoff::SUCCESS.accepts(&Document::Xml(root)).is_ok(), "{body}: {s:?}");
            }
        }
    }
}
