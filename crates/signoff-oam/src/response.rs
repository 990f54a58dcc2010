//! The session deletion's answers, declared: the `SessionResults`
//! document in its XML and JSON forms, and the loosely documented error
//! body. Core's machinery reads and judges them (`signoff_core::Call`);
//! the records are then read by the crate's own readers (the fast XML
//! scanner, the borrowing JSON reader) from a document the declaration has
//! already accepted.
//!
//! What the declaration refuses inside a success, wherever it appears:
//! text outside the leaf fields, an element or member named like an error
//! (`error`, `errorCode`, `errorMessage`, `code`, `message`...), anything
//! but `totalRecords` and `sessions` at the root, anything but
//! `sessionData` records in `sessions`. Unknown fields inside a record are
//! tolerated (JAXB servers add some). `totalRecords` is a count written in
//! decimal digits; any other spelling (`-0`, `1e2`, `1.0`) is not a count.

use bytes::Bytes;
use http::{Request, Response};
use signoff_core::doc::{
    Document, Documents, Json, JsonMember, JsonObject, JsonType, Occurs, Others, XmlChild, XmlDecl, XmlElement, XmlText,
};
use signoff_core::{BuildError, Call, Param, Probe, ResponseView};

use crate::error::{BodyError, Error};
use crate::json::{decode_json_borrowed, decode_json_shared};
use crate::model::{SessionResults, SessionResultsRef};
use crate::request::{DeleteSessions, DeleteSessionsParams};
use crate::xml::{decode_xml_borrowed, decode_xml_shared};

/// Headers that may carry a request id: WebLogic's ECID, a proxy's id.
pub const REQUEST_ID_HEADERS: &[&str] = &["x-oracle-dms-ecid", "x-request-id"];

/// Names of error fields: never inside a success.
pub(crate) const ERROR_NAMES: &[&str] = &[
    "error",
    "errors",
    "errorCode",
    "errorMessage",
    "error_code",
    "error_description",
    "errorDescription",
    "code",
    "message",
    "exception",
    "fault",
    "Fault",
];

/// The record fields, as the page's `SessionData` names them.
const FIELDS: [&str; 10] = [
    "sessionId",
    "sessionIndex",
    "userId",
    "clientIp",
    "idStoreName",
    "isImpersonating",
    "createTime",
    "updateTime",
    "lastAccessTime",
    "expiryTime",
];

const fn leaf(name: &'static str) -> XmlDecl {
    XmlDecl {
        name,
        attributes: &[],
        other_attributes: Others::TolerateExcept(ERROR_NAMES),
        children: &[],
        other_children: Others::Refused,
        text: XmlText::Any,
    }
}

const fn optional_child(decl: &'static XmlDecl) -> XmlChild {
    XmlChild {
        decl,
        occurs: Occurs::Optional,
    }
}

const XML_FIELDS: [XmlDecl; 10] = [
    leaf("sessionId"),
    leaf("sessionIndex"),
    leaf("userId"),
    leaf("clientIp"),
    leaf("idStoreName"),
    leaf("isImpersonating"),
    leaf("createTime"),
    leaf("updateTime"),
    leaf("lastAccessTime"),
    leaf("expiryTime"),
];

const USER_ATTRIBUTES: XmlDecl = XmlDecl {
    name: "userAttributes",
    attributes: &[],
    other_attributes: Others::TolerateExcept(ERROR_NAMES),
    children: &[],
    other_children: Others::TolerateExcept(ERROR_NAMES),
    text: XmlText::None,
};

const SESSION_DATA: XmlDecl = XmlDecl {
    name: "sessionData",
    attributes: &[],
    other_attributes: Others::TolerateExcept(ERROR_NAMES),
    children: &[
        optional_child(&XML_FIELDS[0]),
        optional_child(&XML_FIELDS[1]),
        optional_child(&XML_FIELDS[2]),
        optional_child(&XML_FIELDS[3]),
        optional_child(&XML_FIELDS[4]),
        optional_child(&XML_FIELDS[5]),
        optional_child(&XML_FIELDS[6]),
        optional_child(&XML_FIELDS[7]),
        optional_child(&XML_FIELDS[8]),
        optional_child(&XML_FIELDS[9]),
        optional_child(&USER_ATTRIBUTES),
    ],
    other_children: Others::TolerateExcept(ERROR_NAMES),
    text: XmlText::None,
};

const SESSIONS: XmlDecl = XmlDecl {
    name: "sessions",
    attributes: &[],
    other_attributes: Others::TolerateExcept(ERROR_NAMES),
    children: &[XmlChild {
        decl: &SESSION_DATA,
        occurs: Occurs::Many,
    }],
    other_children: Others::Refused,
    text: XmlText::None,
};

const TOTAL_RECORDS: XmlDecl = leaf("totalRecords");

/// `<SessionResults>`: an optional `totalRecords`, an optional `sessions`.
const RESULTS_XML: XmlDecl = XmlDecl {
    name: "SessionResults",
    attributes: &[],
    other_attributes: Others::TolerateExcept(ERROR_NAMES),
    children: &[optional_child(&TOTAL_RECORDS), optional_child(&SESSIONS)],
    other_children: Others::Refused,
    text: XmlText::None,
};

const fn scalar(name: &'static str) -> JsonMember {
    JsonMember {
        name,
        ty: JsonType::Scalar,
        required: false,
    }
}

/// A JSON record: the page's fields as strings (numbers and booleans read
/// as their text), `userAttributes` in any of its forms, other members
/// tolerated but for error names.
const SESSION_DATA_JSON: JsonObject = JsonObject {
    members: &[
        scalar(FIELDS[0]),
        scalar(FIELDS[1]),
        scalar(FIELDS[2]),
        scalar(FIELDS[3]),
        scalar(FIELDS[4]),
        scalar(FIELDS[5]),
        scalar(FIELDS[6]),
        scalar(FIELDS[7]),
        scalar(FIELDS[8]),
        scalar(FIELDS[9]),
        JsonMember {
            name: "userAttributes",
            ty: JsonType::Any,
            required: false,
        },
    ],
    others: Others::TolerateExcept(ERROR_NAMES),
};

const RECORD: JsonType = JsonType::Object(SESSION_DATA_JSON);
const RECORDS: JsonType = JsonType::ArrayOf(&RECORD);

/// JAXB's `{"sessionData": [ … ] | { … }}`.
const SESSION_DATA_WRAPPER: JsonObject = JsonObject {
    members: &[JsonMember {
        name: "sessionData",
        ty: JsonType::OneOf(&[RECORDS, RECORD]),
        required: false,
    }],
    others: Others::Refused,
};

/// `{"totalRecords": n, "sessions": …}`.
const RESULTS_JSON: JsonObject = JsonObject {
    members: &[
        JsonMember {
            name: "totalRecords",
            ty: JsonType::Text(&[]),
            required: false,
        },
        JsonMember {
            name: "sessions",
            ty: JsonType::OneOf(&[RECORDS, JsonType::Object(SESSION_DATA_WRAPPER)]),
            required: false,
        },
    ],
    others: Others::Refused,
};

/// `{"SessionResults": { … }}`.
const WRAPPED_JSON: JsonObject = JsonObject {
    members: &[JsonMember {
        name: "SessionResults",
        ty: JsonType::Object(RESULTS_JSON),
        required: true,
    }],
    others: Others::Refused,
};

impl Call for DeleteSessions {
    type Vendor = crate::Oam;
    const NAME: &'static str = "logout";
    const PARAMS: &'static [Param] = &[
        Param::required("base_url", "the OAM server root, e.g. https://oam.example.com:14100"),
        Param::required("username", "the administrator's user name (Basic authentication)"),
        Param::required("password", "the administrator's password"),
        Param::optional("session_id", "the one session to delete (this or user_id)"),
        Param::optional(
            "user_id",
            "the user whose sessions are deleted, at most 28 a call (this or session_id)",
        ),
        Param::optional("id_store", "the identity store of user_id"),
        Param::optional("accept", "application/json (default) or application/xml"),
    ];
    const SECRET_PARAMS: &'static [&'static str] = &["password"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 404, 500];
    const SUCCESS: Documents = RESULTS;
    /// The session lookup by id. A deletion by user carries no session id:
    /// its probe cannot be built, and the check reports that it cannot
    /// tell (ending every session of a user is deleting until fewer than
    /// 28 come back).
    const PROBE: Option<Probe> = Some(Probe {
        call: "session",
        params: &["base_url", "username", "password", "session_id"],
        needs: &[],
    });

    type Params = DeleteSessionsParams;
    type Success = SessionResults;

    fn build(params: DeleteSessionsParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn success(doc: &Document<'_>, view: &ResponseView<'_>) -> Result<SessionResults, String> {
        results_of(doc, view)
    }
}

/// `SessionResults` in each of its forms: the records as an array, the
/// object of `totalRecords` and `sessions`, that object wrapped in
/// `SessionResults`, or the XML page. The answer of a deletion and of a
/// search.
pub(crate) const RESULTS: Documents = Documents::json(JsonType::OneOf(&[
    RECORDS,
    JsonType::Object(RESULTS_JSON),
    JsonType::Object(WRAPPED_JSON),
]))
.or_xml(RESULTS_XML);

/// The records of a document [`RESULTS`] accepted, their texts slicing the
/// response's buffer.
pub(crate) fn results_of(doc: &Document<'_>, view: &ResponseView<'_>) -> Result<SessionResults, String> {
    let total = match doc {
        Document::Xml(root) => root
            .child("totalRecords")
            .map(|t| t.text.trim_matches([' ', '\t', '\r', '\n'])),
        Document::Json(value) => {
            let results = value.get("SessionResults").unwrap_or(value);
            results.get("totalRecords").and_then(Json::as_text)
        }
        _ => None,
    };
    if let Some(total) = total
        && (total.is_empty() || !total.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "totalRecords {:?} is not a count written in decimal digits",
            total.chars().take(32).collect::<String>()
        ));
    }
    let body = view.body();
    // The buffer the records' texts slice: the response's own, else
    // one copy.
    let text = view.body_texts().whole();
    let decoded = match (doc, &text) {
        (Document::Json(_), Some(text)) => decode_json_shared(text),
        (Document::Json(_), None) => decode_json_borrowed(body).map(SessionResultsRef::into_owned),
        (Document::Xml(_), Some(text)) => decode_xml_shared(text),
        (Document::Xml(_), None) => decode_xml_borrowed(body).map(SessionResultsRef::into_owned),
        _ => Err(BodyError::unrecognized("not a SessionResults document")),
    };
    decoded.map_err(|e| e.to_string())
}

/// Decodes a session deletion response with the default options; the
/// records' texts share the response's buffer.
pub fn decode(response: &Response<Bytes>) -> Result<SessionResults, Error> {
    signoff_core::decode::<DeleteSessions>(response)
}

/// The first element named `name` among `element` and its descendants,
/// breadth first, at most two levels down.
pub(crate) fn find_named<'e, 'a>(element: &'e XmlElement<'a>, names: &[&str]) -> Option<&'e XmlElement<'a>> {
    let mut level: Vec<&XmlElement<'a>> = vec![element];
    for _ in 0..3 {
        if let Some(found) = level.iter().find(|e| names.contains(&e.name)) {
            return Some(found);
        }
        level = level.iter().flat_map(|e| e.children.iter()).collect();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::testing::{api, unexpected};
    use signoff_core::{ErrorKind, UnexpectedReason};

    pub(crate) const PAGE_XML_1: &str = include_str!("../testdata/page-response-by-session-id.xml");
    pub(crate) const PAGE_XML_2: &str = include_str!("../testdata/page-response-by-user-id.xml");

    use signoff_core::testing::response as resp;

    #[test]
    fn the_page_responses_decode() {
        let r = decode(&resp(200, Some("application/xml"), PAGE_XML_1)).unwrap();
        assert_eq!(r.total_records, Some(1));
        assert!(!r.more_may_remain());
        let s = &r.sessions[0];
        assert_eq!(
            s.session_id.as_deref(),
            Some("3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA=")
        );
        assert_eq!(s.user_id.as_deref(), Some("user5"));
        assert_eq!(s.client_ip.as_deref(), Some("5.6.7.8"));
        assert_eq!(s.id_store_name.as_deref(), Some("UserIdentityStore1"));
        assert_eq!(s.is_impersonating, Some(false));
        assert_eq!(s.create_time.as_deref(), Some("2017-05-31T13:57:59.545-07:00"));
        assert_eq!(s.created_at().unwrap().offset_minutes(), -420);
        assert_eq!(
            s.expires_at().unwrap().unix_millis() - s.last_accessed_at().unwrap().unix_millis(),
            8 * 3_600_000
        );
        let r = decode(&resp(200, Some("application/xml"), PAGE_XML_2)).unwrap();
        assert_eq!((r.total_records, r.sessions.len()), (Some(2), 2));
        assert_eq!(r.sessions[1].client_ip.as_deref(), Some("5.6.7.8"));
    }

    #[test]
    fn the_xml_labelled_json_still_decodes() {
        // The page calls its XML "JSON"; a server might too.
        let r = decode(&resp(200, Some("application/json"), PAGE_XML_1)).unwrap();
        assert_eq!(r.sessions.len(), 1);
        let r = decode(&resp(200, None, PAGE_XML_2)).unwrap();
        assert_eq!(r.sessions.len(), 2);
    }

    #[test]
    fn json_forms_decode_to_the_same_value() {
        let xml = decode(&resp(200, Some("application/xml"), PAGE_XML_2)).unwrap();
        let json = crate::json::encode_json(&xml);
        assert_eq!(decode(&resp(200, Some("application/json"), &json)).unwrap(), xml);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let array = serde_json::to_string(&v["sessions"]).unwrap();
        let from_array = decode(&resp(200, Some("application/json"), &array)).unwrap();
        assert_eq!(from_array.sessions, xml.sessions);
        assert_eq!(from_array.total_records, None);
        let jaxb = serde_json::json!({"totalRecords": "2", "sessions": {"sessionData": v["sessions"]}}).to_string();
        assert_eq!(decode(&resp(200, Some("application/json"), &jaxb)).unwrap(), xml);
    }

    #[test]
    fn truncation_says_more_may_remain() {
        let body = PAGE_XML_1.replace("<totalRecords>1<", "<totalRecords>40<");
        let r = decode(&resp(200, Some("application/xml"), &body)).unwrap();
        assert!(r.more_may_remain());
        let r = decode(&resp(
            200,
            Some("application/json"),
            r#"{"totalRecords":29,"sessions":[{"userId":"u"}]}"#,
        ))
        .unwrap();
        assert!(r.more_may_remain());
    }

    #[test]
    fn a_2xx_that_is_not_session_results_is_unexpected() {
        for (ct, body, reason) in [
            (Some("application/json"), "", UnexpectedReason::UnrecognizedBody),
            (Some("application/json"), "{}", UnexpectedReason::UnrecognizedBody),
            (Some("application/json"), "[1]", UnexpectedReason::UnrecognizedBody),
            (Some("application/json"), "\"ok\"", UnexpectedReason::UnrecognizedBody),
            (
                Some("application/json"),
                "{\"sessions\": [",
                UnexpectedReason::MalformedBody,
            ),
            (Some("application/xml"), "<Other/>", UnexpectedReason::UnrecognizedBody),
            (
                Some("application/xml"),
                "<SessionResults><sessions>",
                UnexpectedReason::MalformedBody,
            ),
            (
                Some("text/html"),
                "<html><title>Login</title></html>",
                UnexpectedReason::UnrecognizedBody,
            ),
            (None, "<!DOCTYPE html><html></html>", UnexpectedReason::UnrecognizedBody),
            (Some("text/plain"), "deleted", UnexpectedReason::UnsupportedContentType),
        ] {
            let u = unexpected(decode(&resp(200, ct, body)));
            assert_eq!(u.reason, reason, "{body:?}");
        }
        let u = unexpected(decode(&resp(
            200,
            Some("text/html"),
            "<html><title>Login</title></html>",
        )));
        assert!(u.detail.contains("Login"));
        // A 200 carrying an error body is the vendor's refusal.
        let e = api(decode(&resp(
            200,
            Some("application/json"),
            r#"{"errorCode":"X","errorMessage":"no"}"#,
        )));
        assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Other, Some("X")));
    }

    #[test]
    fn nothing_but_the_declared_document_is_proof() {
        let json = Some("application/json");
        let xml = Some("application/xml");
        for (status, ct, body) in [
            (
                200,
                xml,
                "<SessionResults><totalRecords>1</totalRecords>oops</SessionResults>",
            ),
            (200, xml, "<SessionResults><error>x</error></SessionResults>"),
            (
                200,
                xml,
                "<SessionResults><sessions><sessionData><errorCode>5</errorCode></sessionData></sessions></SessionResults>",
            ),
            (200, xml, "<SessionResults errorCode=\"5\"/>"),
            (200, xml, "<SessionResults><other/></SessionResults>"),
            (
                200,
                xml,
                "<SessionResults><sessions><sessionData><userId>a</userId><userId>b</userId></sessionData></sessions></SessionResults>",
            ),
            (
                200,
                xml,
                "<SessionResults xmlns:a=\"u\" xmlns:b=\"u\" a:x=\"1\" b:x=\"2\"/>",
            ),
            (200, xml, "\n<?xml version=\"1.0\"?><SessionResults/>"),
            (200, xml, "<SessionResults><?xml version=\"1.0\"?></SessionResults>"),
            (200, xml, "<SessionResults/><SessionResults/>"),
            (
                200,
                xml,
                "<SessionResults><totalRecords>-0</totalRecords></SessionResults>",
            ),
            (
                200,
                xml,
                "<SessionResults><totalRecords>1e2</totalRecords></SessionResults>",
            ),
            (200, json, r#"[{"foo":1}, {"code":"X"}]"#),
            (200, json, r#"[["a"]]"#),
            (200, json, r#"[{"userId":"a","userId":"b"}]"#),
            (200, json, r#"{"totalRecords":1,"sessions":[],"message":"failed"}"#),
            (200, json, r#"{"totalRecords":-0,"sessions":[]}"#),
            (200, json, r#"{"totalRecords":1.0,"sessions":[]}"#),
            (200, json, r#"[{"userId":{"a":1}}]"#),
            (200, json, "[] x"),
            (202, json, "[]"),
            (206, xml, "<SessionResults/>"),
            (200, Some("image/png"), "[]"),
            (200, Some("text/plain"), "<SessionResults/>"),
        ] {
            let r = decode(&resp(status, ct, body));
            assert!(r.is_err(), "{status} {ct:?} {body}: {r:?}");
        }
        // What is declared decodes.
        for body in [
            "[]",
            r#"[{"userId":"u","isImpersonating":"false"}]"#,
            r#"{"totalRecords":"3","sessions":{"sessionData":{"userId":"user3"}}}"#,
            r#"{"SessionResults":{"totalRecords":0,"sessions":[]}}"#,
        ] {
            decode(&resp(200, json, body)).unwrap_or_else(|e| panic!("{body}: {e}"));
        }
    }

    #[test]
    fn a_doctype_is_refused() {
        let body = "<?xml version=\"1.0\"?><!DOCTYPE SessionResults [<!ENTITY x \"y\">]><SessionResults/>";
        let u = unexpected(decode(&resp(200, Some("application/xml"), body)));
        assert_eq!(u.reason, UnexpectedReason::MalformedBody);
        assert!(u.detail.contains("DOCTYPE"), "{}", u.detail);
    }

    #[test]
    fn documented_errors_keep_the_status_and_invent_nothing() {
        let e = api(decode(&resp(404, None, "")));
        assert_eq!(
            (e.kind, e.code, e.message, e.retryable),
            (ErrorKind::NotFound, None, None, false)
        );
        let e = api(decode(&resp(500, Some("text/plain"), "Unexpected error")));
        assert_eq!((e.kind, e.retryable), (ErrorKind::ServerError, true));
        assert_eq!((e.code, e.message), (None, None));
        assert_eq!(e.excerpt, "Unexpected error");
        let e = api(decode(&resp(408, None, "")));
        assert_eq!((e.kind, e.retryable), (ErrorKind::Other, false));
        let e = api(decode(&resp(503, Some("application/json"), "[1,2]")));
        assert!(e.envelope.is_none() && e.message.is_none());
    }

    #[test]
    fn error_bodies_are_read_loosely() {
        let e = api(decode(&resp(
            500,
            Some("application/json"),
            r#"{"errorCode":"OAM-1","errorMessage":"boom"}"#,
        )));
        assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("OAM-1"), Some("boom")));
        assert_eq!(e.envelope.unwrap().code.as_deref(), Some("OAM-1"));
        let e = api(decode(&resp(
            404,
            Some("application/json"),
            r#"{"message":"Session not found"}"#,
        )));
        assert_eq!((e.code, e.message.as_deref()), (None, Some("Session not found")));
        let e = api(decode(&resp(
            400,
            Some("application/json"),
            r#"{"error":{"code":42,"message":"m"}}"#,
        )));
        assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("42"), Some("m")));
        let e = api(decode(&resp(
            500,
            Some("application/xml"),
            "<Error><errorCode>E1</errorCode><errorMessage>a &amp; b</errorMessage></Error>",
        )));
        assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("E1"), Some("a & b")));
        let e = api(decode(&resp(
            500,
            Some("application/xml"),
            "<!DOCTYPE x><Error><message>m</message></Error>",
        )));
        assert_eq!(e.message, None);
    }

    #[test]
    fn weblogic_html_401_has_no_code_and_its_title() {
        let page = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0 Draft//EN\"><HTML><HEAD><TITLE>Error 401--Unauthorized</TITLE></HEAD><BODY>…</BODY></HTML>";
        let mut r = resp(401, Some("text/html; charset=UTF-8"), page);
        r.headers_mut()
            .insert("www-authenticate", "Basic realm=\"weblogic\"".parse().unwrap());
        r.headers_mut().insert("x-oracle-dms-ecid", "ecid-1".parse().unwrap());
        let e = api(decode(&r));
        assert_eq!(e.kind, ErrorKind::Unauthorized);
        assert_eq!(e.code, None);
        assert_eq!(e.message.as_deref(), Some("Error 401--Unauthorized"));
        assert_eq!(e.request_id.as_deref(), Some("ecid-1"));
    }

    #[test]
    fn other_statuses_are_unexpected() {
        for s in [100, 101, 301, 302, 304, 600, 999] {
            assert_eq!(
                unexpected(decode(&resp(s, None, ""))).reason,
                UnexpectedReason::UnexpectedStatus,
                "{s}"
            );
        }
    }

    #[test]
    fn request_ids_by_preference() {
        let mut r = resp(404, None, "");
        r.headers_mut().insert("x-request-id", "proxy".parse().unwrap());
        assert_eq!(api(decode(&r)).request_id.as_deref(), Some("proxy"));
        r.headers_mut().insert("x-oracle-dms-ecid", "ecid".parse().unwrap());
        assert_eq!(api(decode(&r)).request_id.as_deref(), Some("ecid"));
    }

    proptest::proptest! {

        #[test]
        fn never_panics_on_near_miss_documents(
            status in proptest::sample::select(vec![200u16, 404, 500]),
            cut in 0usize..2000,
            junk in "[<>&;/!\\[\\]{}\":, a-zA-Z#0-9]{0,12}",
        ) {
            for doc in [PAGE_XML_2.to_owned(), crate::json::encode_json(&crate::xml::decode_xml(PAGE_XML_2.as_bytes()).unwrap())] {
                let cut = cut.min(doc.len());
                let mut body = doc.as_bytes().get(..cut).unwrap().to_vec();
                body.extend_from_slice(junk.as_bytes());
                body.extend_from_slice(doc.as_bytes().get(cut..).unwrap());
                for ct in ["application/xml", "application/json"] {
                    let _ = decode(&resp(status, Some(ct), &String::from_utf8_lossy(&body)));
                }
            }
        }
    }
}
