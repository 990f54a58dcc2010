//! Decoding the log-off response.

use bytes::Bytes;
use http::{HeaderMap, Response, StatusCode};
use serde::Serialize;
use serde_json::{Map, Value};
use signoff_core::{
    ByteString, DecodeOptions, ErrorKind, MediaType, ResponseView, UnexpectedReason, html_title, is_blank,
    parse_json_value, strip_bom,
};

use crate::error::{CommvaultError, Error};
use crate::xml::{self, Document, Element};

/// Headers that may carry a request id. Commvault documents none; a proxy
/// or load balancer in front of the web server may add `X-Request-Id`.
pub const REQUEST_ID_HEADERS: &[&str] = &["x-request-id"];

/// The documented success document's root element.
pub const RESPONSE_ROOT: &str = "Api_LogoffUsersResponse";

/// The longest plain-text error body used as a message, in characters.
pub const TEXT_MESSAGE_LIMIT: usize = 200;

/// What the success body was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SuccessBody {
    /// No body (or only whitespace).
    Empty,
    /// An XML document (`<Api_LogoffUsersResponse />`, or a Commvault
    /// document with `errorCode="0"`).
    Xml,
    /// A JSON document (`{}`, or one with `errorCode` 0).
    Json,
}

/// The sessions were logged off: a 2xx whose body is the documented
/// `<Api_LogoffUsersResponse />` (any spelling), `{}`, empty, or a
/// Commvault document whose `errorCode` is 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoggedOff {
    /// What the body was.
    pub body: SuccessBody,
    /// The XML root element, for an XML body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_element: Option<String>,
    /// `"0"` when the body carried an explicit `errorCode` of 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

/// Decodes a log-off response with the default options.
pub fn decode(response: &Response<Bytes>) -> Result<LoggedOff, Error> {
    decode_view(
        &ResponseView::of_bytes(response, REQUEST_ID_HEADERS),
        &DecodeOptions::default(),
    )
}

/// Decodes a log-off response given as parts plus a body.
pub fn decode_with(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    options: &DecodeOptions,
) -> Result<LoggedOff, Error> {
    let view = ResponseView::new(status, headers, body, REQUEST_ID_HEADERS);
    decode_view(&view, options)
}

pub(crate) fn decode_view(view: &ResponseView<'_>, options: &DecodeOptions) -> Result<LoggedOff, Error> {
    view.check_limit(options)?;
    match view.status().as_u16() {
        200..=299 => decode_success(view),
        400..=599 => Err(decode_error(view)),
        _ => Err(view.unexpected_status().into()),
    }
}

/// The body, read as what it is.
enum Parsed {
    Blank,
    Json(Result<Value, signoff_core::JsonError>),
    Xml(Result<Document, xml::XmlError>),
    Html,
    Text,
}

/// JSON, XML and HTML are told apart by the body's first byte (a mislabelled
/// IIS page is still a page); a body that looks like none of them is read as
/// the declared JSON or XML (so it reports where it breaks), else as text.
fn parse(view: &ResponseView<'_>) -> Parsed {
    let body = view.body();
    if is_blank(body) {
        return Parsed::Blank;
    }
    let media = match MediaType::sniff(body) {
        m @ (MediaType::Json | MediaType::Xml | MediaType::Html) => m,
        _ => match view.declared_media_type() {
            m @ (MediaType::Json | MediaType::Xml) => m,
            _ => MediaType::Text,
        },
    };
    match media {
        MediaType::Json => Parsed::Json(parse_json_value(body)),
        MediaType::Xml => Parsed::Xml(xml::parse(body)),
        MediaType::Html => Parsed::Html,
        _ => Parsed::Text,
    }
}

/// What the Commvault fields of a body say.
enum Verdict {
    /// A non-zero `errorCode`, or an error message without a code.
    Error(CommvaultError),
    /// An explicit `errorCode` of 0 and no error anywhere.
    Zero(CommvaultError),
    /// No Commvault field.
    Nothing,
}

/// The decimal string of a numeric code; a non-numeric code is kept as
/// given (trimmed); a blank one is no code.
fn normalize_code(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(n) = t.parse::<i128>() {
        return Some(n.to_string());
    }
    Some(t.to_owned())
}

fn json_code(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i.to_string())
            } else if let Some(u) = n.as_u64() {
                Some(u.to_string())
            } else {
                // a float: keep serde_json's spelling ("1.5", "1e3")
                Some(n.to_string())
            }
        }
        Value::String(s) => normalize_code(s),
        _ => None,
    }
}

fn json_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `errorCode` 0 is a success marker; any other code is an error; no code
/// but an error message (the `{"error":{"errLogMessage":..}}` of renew) is
/// an error without a code.
fn classify(env: CommvaultError) -> Verdict {
    match env.error_code.as_deref() {
        Some("0") => Verdict::Zero(env),
        Some(_) => Verdict::Error(env),
        None if env.best_message().is_some() => Verdict::Error(env),
        None => Verdict::Nothing,
    }
}

fn json_candidate(obj: &Map<String, Value>, location: String) -> Verdict {
    let env = CommvaultError {
        error_code: obj.get("errorCode").and_then(json_code).map(ByteString::from),
        error_message: json_text(obj.get("errorMessage")).map(ByteString::from),
        error_string: json_text(obj.get("errorString")).map(ByteString::from),
        err_log_message: json_text(obj.get("errLogMessage")).map(ByteString::from),
        warning_code: obj.get("warningCode").and_then(json_code).map(ByteString::from),
        warning_message: json_text(obj.get("warningMessage")).map(ByteString::from),
        location,
        root_element: None,
    };
    classify(env)
}

/// Combines candidates in order: the first error wins; else the first
/// explicit zero; else nothing.
fn combine(verdicts: impl Iterator<Item = Verdict>) -> Verdict {
    let mut zero = None;
    for v in verdicts {
        match v {
            Verdict::Error(e) => return Verdict::Error(e),
            Verdict::Zero(e) => {
                zero.get_or_insert(e);
            }
            Verdict::Nothing => {}
        }
    }
    zero.map_or(Verdict::Nothing, Verdict::Zero)
}

const CONTAINERS: [&str; 3] = ["error", "response", "errList"];

fn json_verdict(value: &Value) -> Verdict {
    let Some(root) = value.as_object() else {
        return Verdict::Nothing;
    };
    let mut candidates = vec![json_candidate(root, "root".to_owned())];
    for name in CONTAINERS {
        match root.get(name) {
            Some(Value::Object(o)) => candidates.push(json_candidate(o, name.to_owned())),
            Some(Value::Array(a)) => {
                for (i, item) in a.iter().enumerate() {
                    if let Some(o) = item.as_object() {
                        candidates.push(json_candidate(o, format!("{name}[{i}]")));
                    }
                }
            }
            _ => {}
        }
    }
    combine(candidates.into_iter())
}

fn xml_candidate(el: &Element, location: String, root: &str) -> Verdict {
    let text = |name: &str| el.attr(name).map(ByteString::from);
    let env = CommvaultError {
        error_code: el.attr("errorCode").and_then(normalize_code).map(ByteString::from),
        error_message: text("errorMessage"),
        error_string: text("errorString"),
        err_log_message: text("errLogMessage"),
        warning_code: el.attr("warningCode").and_then(normalize_code).map(ByteString::from),
        warning_message: text("warningMessage"),
        location,
        root_element: Some(ByteString::from(root)),
    };
    classify(env)
}

fn xml_verdict(doc: &Document) -> Verdict {
    let root = doc.root.name.as_str();
    let mut candidates = vec![xml_candidate(&doc.root, "root".to_owned(), root)];
    for name in CONTAINERS {
        let same: Vec<&Element> = doc.children.iter().filter(|c| c.name == name).collect();
        let many = same.len() > 1;
        for (i, el) in same.into_iter().enumerate() {
            let location = if many { format!("{name}[{i}]") } else { name.to_owned() };
            candidates.push(xml_candidate(el, location, root));
        }
    }
    combine(candidates.into_iter())
}

fn api_error(view: &ResponseView<'_>, kind: Option<ErrorKind>, env: CommvaultError) -> Error {
    let code = env.error_code.clone();
    let message = env.best_message();
    view.api_error(kind, code, message, Some(env)).into()
}

fn decode_success(view: &ResponseView<'_>) -> Result<LoggedOff, Error> {
    // A failure reported inside a 2xx is an `api_error` of kind `other`.
    let other = Some(ErrorKind::Other);
    match parse(view) {
        Parsed::Blank => Ok(LoggedOff {
            body: SuccessBody::Empty,
            root_element: None,
            error_code: None,
        }),
        Parsed::Json(Err(e)) => Err(view
            .unexpected(
                UnexpectedReason::MalformedBody,
                format!("the JSON body does not parse at byte {}: {}", e.offset, e.message),
            )
            .into()),
        Parsed::Json(Ok(value)) => match json_verdict(&value) {
            Verdict::Error(env) => Err(api_error(view, other, env)),
            Verdict::Zero(env) => Ok(LoggedOff {
                body: SuccessBody::Json,
                root_element: None,
                error_code: env.error_code.map(String::from),
            }),
            Verdict::Nothing if value.as_object().is_some_and(Map::is_empty) => Ok(LoggedOff {
                body: SuccessBody::Json,
                root_element: None,
                error_code: None,
            }),
            Verdict::Nothing => Err(view
                .unexpected(
                    UnexpectedReason::UnrecognizedBody,
                    "the JSON body is neither {} nor a Commvault document carrying errorCode",
                )
                .into()),
        },
        Parsed::Xml(Err(e)) => {
            let reason = if e.is_doctype() {
                UnexpectedReason::UnrecognizedBody
            } else {
                UnexpectedReason::MalformedBody
            };
            Err(view.unexpected(reason, e.describe()).into())
        }
        Parsed::Xml(Ok(doc)) => match xml_verdict(&doc) {
            Verdict::Error(env) => Err(api_error(view, other, env)),
            verdict if doc.root.name == RESPONSE_ROOT || matches!(verdict, Verdict::Zero(_)) => Ok(LoggedOff {
                body: SuccessBody::Xml,
                error_code: match verdict {
                    Verdict::Zero(env) => env.error_code.map(String::from),
                    _ => None,
                },
                root_element: Some(doc.root.name),
            }),
            _ => Err(view
                .unexpected(
                    UnexpectedReason::UnrecognizedBody,
                    format!(
                        "the XML root element is {}, not {RESPONSE_ROOT}, and carries no errorCode",
                        doc.root.name.chars().take(100).collect::<String>()
                    ),
                )
                .into()),
        },
        Parsed::Html => {
            let mut detail = "an HTML page is not this call's answer".to_owned();
            if let Some(title) = html_title(view.body()) {
                detail.push_str(&format!(" (title: {title})"));
            }
            Err(view.unexpected(UnexpectedReason::UnrecognizedBody, detail).into())
        }
        Parsed::Text => Err(view
            .unexpected(
                UnexpectedReason::UnrecognizedBody,
                "a text body is not this call's answer (Api_LogoffUsersResponse, {} or empty)",
            )
            .into()),
    }
}

/// A short single-line text body (such as `Invalid authorization token
/// provided.`), trimmed: used as the message of a 4xx/5xx.
fn text_message(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(strip_bom(body)).ok()?.trim();
    let ok = !text.is_empty() && text.chars().count() <= TEXT_MESSAGE_LIMIT && !text.chars().any(char::is_control);
    ok.then(|| text.to_owned())
}

fn decode_error(view: &ResponseView<'_>) -> Error {
    let verdict = match parse(view) {
        Parsed::Json(Ok(value)) => json_verdict(&value),
        Parsed::Xml(Ok(doc)) => xml_verdict(&doc),
        Parsed::Html => {
            return view
                .api_error(None, None, html_title(view.body()).map(ByteString::from), None)
                .into();
        }
        Parsed::Text => {
            return view
                .api_error(None, None, text_message(view.body()).map(ByteString::from), None)
                .into();
        }
        Parsed::Blank | Parsed::Json(Err(_)) | Parsed::Xml(Err(_)) => Verdict::Nothing,
    };
    match verdict {
        Verdict::Error(env) => api_error(view, None, env),
        // An explicit errorCode 0 on an error status: the status decides,
        // the document is kept, no code is invented.
        Verdict::Zero(env) => {
            let message = env.best_message();
            view.api_error(None, None, message, Some(env)).into()
        }
        Verdict::Nothing => view.api_error(None, None, None, None).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::{ApiError, Error as E};

    fn resp(status: u16, ct: Option<&str>, body: &str) -> Response<Bytes> {
        let mut b = Response::builder().status(status);
        if let Some(ct) = ct {
            b = b.header("content-type", ct);
        }
        b.body(Bytes::from(body.to_owned())).unwrap()
    }

    fn ok(status: u16, ct: Option<&str>, body: &str) -> LoggedOff {
        match decode(&resp(status, ct, body)) {
            Ok(s) => s,
            other => panic!("not a success for {body:?}: {other:?}"),
        }
    }

    fn api(status: u16, ct: Option<&str>, body: &str) -> ApiError<CommvaultError> {
        match decode(&resp(status, ct, body)) {
            Err(E::Api(e)) => e,
            other => panic!("not an api error for {body:?}: {other:?}"),
        }
    }

    fn unexpected(status: u16, ct: Option<&str>, body: &str) -> signoff_core::Unexpected {
        match decode(&resp(status, ct, body)) {
            Err(E::Unexpected(u)) => u,
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
        ] {
            let s = ok(200, XML, body);
            assert_eq!(s.body, SuccessBody::Xml);
            assert_eq!(s.root_element.as_deref(), Some(RESPONSE_ROOT));
        }
        // without a content type, sniffed
        assert_eq!(ok(200, None, "<Api_LogoffUsersResponse />").body, SuccessBody::Xml);
        // a mislabelled content type does not matter when the body is clear
        assert_eq!(
            ok(200, Some("text/plain"), "<Api_LogoffUsersResponse />").body,
            SuccessBody::Xml
        );
    }

    #[test]
    fn empty_and_json_success() {
        assert_eq!(ok(200, None, "").body, SuccessBody::Empty);
        assert_eq!(ok(204, XML, " \r\n").body, SuccessBody::Empty);
        assert_eq!(ok(200, JSON, "{}").body, SuccessBody::Json);
        assert_eq!(ok(200, JSON, "\u{feff} { } ").body, SuccessBody::Json);
        let s = ok(200, JSON, r#"{"errorCode": 0, "errorMessage": ""}"#);
        assert_eq!(s.error_code.as_deref(), Some("0"));
        let s = ok(200, JSON, r#"{"error": {"errorCode": "0", "errorString": "ignored"}}"#);
        assert_eq!(s.error_code.as_deref(), Some("0"));
        let s = ok(200, XML, r#"<App_GenericResp errorCode="0"/>"#);
        assert_eq!(
            (s.root_element.as_deref(), s.error_code.as_deref()),
            (Some("App_GenericResp"), Some("0"))
        );
        let s = ok(
            200,
            XML,
            r#"<TMMsg_GenericResp><response errorCode="0"/></TMMsg_GenericResp>"#,
        );
        assert_eq!(s.error_code.as_deref(), Some("0"));
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
        assert!(!e.retryable);
        let env = e.envelope.unwrap();
        assert_eq!(
            (env.location.as_str(), env.root_element.as_deref()),
            ("root", Some("App_GenericResp"))
        );

        // the documented root itself may carry the error
        let e = api(
            200,
            XML,
            r#"<Api_LogoffUsersResponse errorCode="2" errorString="Session not found"/>"#,
        );
        assert_eq!(
            (e.code.as_deref(), e.message.as_deref()),
            (Some("2"), Some("Session not found"))
        );

        // XML child elements
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
        let e = api(200, XML, r#"<R><error errorCode=" 0042 " errorMessage="m"/></R>"#);
        assert_eq!(e.code.as_deref(), Some("42"));

        // JSON at the root, numeric or string code
        let e = api(
            200,
            JSON,
            r#"{"errorCode": 100, "errorMessage": "Invalid session", "warningCode": 0, "warningMessage": ""}"#,
        );
        assert_eq!(
            (e.code.as_deref(), e.message.as_deref()),
            (Some("100"), Some("Invalid session"))
        );
        let env = e.envelope.unwrap();
        assert_eq!(
            (env.warning_code.as_deref(), env.location.as_str()),
            (Some("0"), "root")
        );
        let e = api(200, JSON, r#"{"errorCode": "-1", "errorString": "x"}"#);
        assert_eq!(e.code.as_deref(), Some("-1"));

        // JSON containers
        let e = api(200, JSON, r#"{"error": {"errorCode": 1, "errorMessage": "nope"}}"#);
        assert_eq!(
            (e.code.as_deref(), e.envelope.unwrap().location.as_str()),
            (Some("1"), "error")
        );
        let e = api(
            200,
            JSON,
            r#"{"errList": [{"errorCode": 587, "errLogMessage": "Session is invalid"}]}"#,
        );
        assert_eq!(e.message.as_deref(), Some("Session is invalid"));
        assert_eq!(e.envelope.unwrap().location, "errList[0]");
        let e = api(
            200,
            JSON,
            r#"{"response": [{"errorCode": 0}, {"errorCode": 9, "errorString": "second"}]}"#,
        );
        assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("9"), Some("second")));
        assert_eq!(e.envelope.unwrap().location, "response[1]");

        // a message without a code is an error without a code
        let e = api(200, JSON, r#"{"error": {"errLogMessage": "Renew failed"}}"#);
        assert_eq!((e.code, e.message.as_deref()), (None, Some("Renew failed")));
        // a code without a message is an error without a message
        let e = api(200, JSON, r#"{"errorCode": 3}"#);
        assert_eq!((e.code.as_deref(), e.message), (Some("3"), None));
    }

    #[test]
    fn error_fields_decide_whatever_the_status() {
        let body = r#"{"errorCode": 5, "errorMessage": "Access denied"}"#;
        for (status, kind) in [
            (400, ErrorKind::BadRequest),
            (401, ErrorKind::Unauthorized),
            (403, ErrorKind::Forbidden),
            (404, ErrorKind::NotFound),
            (500, ErrorKind::ServerError),
            (201, ErrorKind::Other),
        ] {
            let e = api(status, JSON, body);
            assert_eq!(
                (e.kind, e.code.as_deref(), e.message.as_deref()),
                (kind, Some("5"), Some("Access denied"))
            );
        }
        let e = api(500, XML, r#"<App_GenericResp errorCode="1" errorMessage="boom"/>"#);
        assert_eq!(
            (e.kind, e.retryable, e.code.as_deref()),
            (ErrorKind::ServerError, true, Some("1"))
        );
    }

    #[test]
    fn error_statuses_without_commvault_fields_keep_the_status_kind() {
        let e = api(401, None, "");
        assert_eq!((e.kind, e.code, e.message), (ErrorKind::Unauthorized, None, None));
        assert!(e.envelope.is_none());
        let e = api(401, Some("text/plain"), "Invalid authorization token provided.\r\n");
        assert_eq!(
            (e.kind, e.code, e.message.as_deref()),
            (
                ErrorKind::Unauthorized,
                None,
                Some("Invalid authorization token provided.")
            )
        );
        // long or multi-line text is not a message
        assert_eq!(api(500, Some("text/plain"), "line one\nline two").message, None);
        assert_eq!(
            api(500, Some("text/plain"), &"x".repeat(TEXT_MESSAGE_LIMIT + 1)).message,
            None
        );
        let page = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\"><html><head><title>500 - Internal server error.</title></head><body>...</body></html>";
        let e = api(500, Some("text/html"), page);
        assert_eq!(
            (e.kind, e.code, e.message.as_deref()),
            (ErrorKind::ServerError, None, Some("500 - Internal server error."))
        );
        assert!(e.retryable);
        // an IIS page labelled XML is still a page
        assert_eq!(
            api(503, XML, page).message.as_deref(),
            Some("500 - Internal server error.")
        );
        assert_eq!(api(404, JSON, "{\"unrelated\": 1}").code, None);
        assert_eq!(api(404, JSON, "{not json").message, None);
        assert_eq!(api(409, XML, "<a>").kind, ErrorKind::Other);
        let e = api(500, JSON, r#"{"errorCode": 0, "errorMessage": "odd"}"#);
        assert_eq!(
            (e.kind, e.code, e.message.as_deref()),
            (ErrorKind::ServerError, None, Some("odd"))
        );
        assert!(e.envelope.is_some());
    }

    #[test]
    fn a_2xx_that_is_not_the_answer_is_unexpected() {
        for (ct, body) in [
            (JSON, r#"{"sessions": []}"#),
            (JSON, "[]"),
            (JSON, "null"),
            (
                XML,
                "<Api_LogoffUsersRequest><sessions val=\"a\"/></Api_LogoffUsersRequest>",
            ),
            (Some("text/html"), "<html><title>Login</title></html>"),
            (Some("text/plain"), "User logged out"),
            (
                XML,
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><Api_LogoffUsersResponse/>",
            ),
        ] {
            assert_eq!(
                unexpected(200, ct, body).reason,
                UnexpectedReason::UnrecognizedBody,
                "{body}"
            );
        }
        assert!(
            unexpected(200, Some("text/html"), "<html><title>Login</title></html>")
                .detail
                .contains("Login")
        );
        let u = unexpected(200, JSON, "{\"a\": tru}");
        assert_eq!(u.reason, UnexpectedReason::MalformedBody);
        assert!(u.detail.contains("at byte 9"), "{}", u.detail);
        let u = unexpected(200, XML, "<Api_LogoffUsersResponse>");
        assert_eq!(u.reason, UnexpectedReason::MalformedBody);
        assert!(u.detail.contains("byte 25"), "{}", u.detail);
        let u = unexpected(200, XML, "<Api_LogoffUsersResponse></Api_LogoffUsersRequest>");
        assert_eq!(u.reason, UnexpectedReason::MalformedBody);
        // a body that looks like nothing, declared XML, reports where it breaks
        assert_eq!(unexpected(200, XML, "oops").reason, UnexpectedReason::MalformedBody);
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
    fn request_id_and_limit() {
        let mut r = resp(401, None, "");
        r.headers_mut().insert("x-request-id", "rid-1".parse().unwrap());
        match decode(&r) {
            Err(e) => assert_eq!(e.request_id(), Some("rid-1")),
            Ok(_) => panic!(),
        }
        let r = resp(200, XML, "<Api_LogoffUsersResponse />");
        let e = decode_with(r.status(), r.headers(), r.body(), &DecodeOptions::with_body_limit(4));
        assert!(matches!(e, Err(E::Unexpected(u)) if u.reason == UnexpectedReason::BodyTooLarge));
    }

    #[test]
    fn codes_normalize_to_decimal_strings() {
        assert_eq!(normalize_code(" 007 ").as_deref(), Some("7"));
        assert_eq!(normalize_code("+5").as_deref(), Some("5"));
        assert_eq!(normalize_code("-0").as_deref(), Some("0"));
        assert_eq!(normalize_code("E123").as_deref(), Some("E123"));
        assert_eq!(normalize_code("  "), None);
        assert_eq!(
            json_code(&serde_json::json!(18446744073709551615u64)).as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(json_code(&serde_json::json!(true)), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(
            status in 100u16..1000,
            ct in proptest::option::of("[a-z/+;= ]{0,30}"),
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..512),
        ) {
            let mut b = Response::builder().status(status);
            if let Some(ct) = ct { b = b.header("content-type", ct); }
            let r = b.body(Bytes::from(body)).unwrap();
            let _ = decode(&r);
        }

        #[test]
        fn near_miss_documents_never_panic(
            status in proptest::sample::select(vec![200u16, 401, 500]),
            s in "[<>/=\"' a-zA-Z&;#0-9?!{}:,\\[\\]-]{0,80}",
        ) {
            for body in [format!("<Api_LogoffUsersResponse {s}"), format!("{{\"errorCode\":{s}"), s.clone()] {
                let r = Response::builder().status(status).body(Bytes::from(body)).unwrap();
                let _ = decode(&r);
            }
        }
    }
}
