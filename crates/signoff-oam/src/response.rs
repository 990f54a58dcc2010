//! Decoding the session-deletion response.

use std::borrow::Cow;

use bytes::Bytes;
use http::{HeaderMap, Response, StatusCode};
use quick_xml::Reader;
use quick_xml::events::Event;
use signoff_core::ByteString;
use signoff_core::{
    ApiError, BodyTexts, DecodeOptions, FlatValue, MediaType, ResponseView, UnexpectedReason, html_title, is_blank,
    parse_json, strip_bom,
};

use crate::error::{BodyError, Error, ErrorBody};
use crate::json::{decode_json_borrowed, decode_json_shared};
use crate::model::{SessionResults, SessionResultsRef};
use crate::xml::{decode_xml_borrowed, decode_xml_shared};

/// Headers that may carry a request id, by preference: WebLogic's
/// execution context id, then a proxy's.
pub const REQUEST_ID_HEADERS: &[&str] = &["x-oracle-dms-ecid", "x-request-id"];

/// Decodes a response with the default options.
///
/// The records' texts are slices of the response's own buffer (see
/// [`decode_xml_shared`]): no copy per field.
pub fn decode(response: &Response<Bytes>) -> Result<SessionResults, Error> {
    let view = ResponseView::of_bytes(response, REQUEST_ID_HEADERS);
    decode_view(&view, &DecodeOptions::default())
}

/// Decodes a response given as parts plus a body.
pub fn decode_with(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    options: &DecodeOptions,
) -> Result<SessionResults, Error> {
    let view = ResponseView::new(status, headers, body, REQUEST_ID_HEADERS);
    decode_view(&view, options)
}

/// Decodes a view. Records' texts slice the response's own buffer when
/// the view holds it ([`ResponseView::of_bytes`]); else the body is copied
/// once, if it holds sessions.
pub(crate) fn decode_view(view: &ResponseView<'_>, options: &DecodeOptions) -> Result<SessionResults, Error> {
    view.check_limit(options)?;
    match view.status().as_u16() {
        200..=299 => decode_success(view),
        400..=599 => Err(decode_error(view).into()),
        _ => Err(view.unexpected_status().into()),
    }
}

/// What the body is: an HTML declaration wins; otherwise a body that
/// starts like JSON, XML or HTML is read as what it starts like (the page
/// itself labels its XML "JSON"), and any other body keeps its declared
/// type.
fn body_media_type(view: &ResponseView<'_>) -> MediaType {
    match (view.declared_media_type(), MediaType::sniff(view.body())) {
        (MediaType::Html, _) => MediaType::Html,
        (_, sniffed @ (MediaType::Json | MediaType::Xml | MediaType::Html)) => sniffed,
        (declared, _) => declared,
    }
}

fn decode_success(view: &ResponseView<'_>) -> Result<SessionResults, Error> {
    let body = view.body();
    if is_blank(body) {
        return Err(view
            .unexpected(
                UnexpectedReason::UnrecognizedBody,
                "an empty body is not the list of deleted sessions",
            )
            .into());
    }
    // The buffer the records' texts slice: the response's own, else one
    // copy. A body that is not UTF-8 is left to the borrowed readings,
    // which name the byte.
    let text = view.body_texts().whole();
    let decoded = match (body_media_type(view), &text) {
        (MediaType::Json, Some(text)) => decode_json_shared(text),
        (MediaType::Json, None) => decode_json_borrowed(body).map(SessionResultsRef::into_owned),
        (MediaType::Xml, Some(text)) => decode_xml_shared(text),
        (MediaType::Xml, None) => decode_xml_borrowed(body).map(SessionResultsRef::into_owned),
        (MediaType::Html, _) => {
            let title = html_title(body).map(|t| format!(" (title {t:?})")).unwrap_or_default();
            return Err(view
                .unexpected(
                    UnexpectedReason::UnrecognizedBody,
                    format!("an HTML page{title} is not the list of deleted sessions"),
                )
                .into());
        }
        (other, _) => {
            return Err(view
                .unexpected(
                    UnexpectedReason::UnsupportedContentType,
                    format!("a {} body is not an answer this call gives", other.name()),
                )
                .into());
        }
    };
    decoded.map_err(|e| {
        let reason = match e {
            BodyError::Malformed { .. } => UnexpectedReason::MalformedBody,
            BodyError::Unrecognized { .. } => UnexpectedReason::UnrecognizedBody,
        };
        view.unexpected(reason, e.to_string()).into()
    })
}

/// Keys read loosely from an error body, by preference.
const CODE_KEYS: &[&str] = &["errorCode", "code", "error_code"];
const MESSAGE_KEYS: &[&str] = &[
    "errorMessage",
    "message",
    "error_description",
    "errorDescription",
    "detail",
    "error",
];

fn decode_error(view: &ResponseView<'_>) -> ApiError<ErrorBody> {
    let body = view.body();
    match body_media_type(view) {
        MediaType::Json => {
            let envelope = json_error_body(view.body_texts()).filter(|e| !e.is_empty());
            let (code, message) = envelope
                .as_ref()
                .map(|e| (e.code.clone(), e.message.clone()))
                .unwrap_or_default();
            view.api_error(None, code, message, envelope)
        }
        MediaType::Xml => {
            let envelope = xml_error_body(body).filter(|e| !e.is_empty());
            let (code, message) = envelope
                .as_ref()
                .map(|e| (e.code.clone(), e.message.clone()))
                .unwrap_or_default();
            view.api_error(None, code, message, envelope)
        }
        // WebLogic's HTML pages: no code; the title is the message.
        MediaType::Html => view.api_error(None, None, html_title(body).map(ByteString::from), None),
        _ => view.api_error(None, None, None, None),
    }
}

fn scalar_text(v: &serde_json::Value) -> Option<ByteString> {
    let s = match v {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then(|| ByteString::from(bounded(&s)))
}

/// At most the first 1000 characters of `s` (a byte-length check first: a
/// text of at most 1000 bytes is kept whole without walking it).
fn bounded(s: &str) -> &str {
    if s.len() <= 1000 {
        return s;
    }
    let end = s.char_indices().nth(1000).map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or(s)
}

/// The loosely read error object of a JSON body; `text` makes the texts
/// kept (slices of the response's buffer when the view holds one).
fn json_error_body(body: &BodyTexts<'_>) -> Option<ErrorBody> {
    json_error_body_flat(body).unwrap_or_else(|| json_error_body_value(body.bytes()))
}

/// [`json_error_body`]'s fast path: a flat object scanned without serde
/// (`signoff_core::scan_flat_object`). `None` (let the `Value` reading
/// decide) when the scanner gives up (a nested `error` object among
/// others), when a key is matched twice (case-insensitively: the `Value`
/// reading then depends on key order), or a matched value is a number
/// (whose text is serde's to format).
fn json_error_body_flat(body: &BodyTexts<'_>) -> Option<Option<ErrorBody>> {
    // Per wanted key (the code keys, then the message keys): `None` not
    // seen, `Some(text)` seen (text `None` when blank, null or a boolean).
    let mut slots: [Option<Option<&str>>; CODE_KEYS.len() + MESSAGE_KEYS.len()] = Default::default();
    signoff_core::scan_flat_text(body.text()?, |key, value| {
        // A `Value` refuses a number out of `f64`'s range (`1e400`) that
        // the scanner's grammar takes.
        if let FlatValue::Number(n) = value
            && !n.parse::<f64>().is_ok_and(f64::is_finite)
        {
            return false;
        }
        let wanted = wanted_key(key);
        let Some(slot) = wanted.and_then(|i| slots.get_mut(i)) else {
            return true;
        };
        if slot.is_some() {
            return false;
        }
        *slot = Some(match value {
            FlatValue::Str(s) => Some(s.trim()).filter(|t| !t.is_empty()),
            FlatValue::Null | FlatValue::Bool(_) => None,
            _ => return false,
        });
        true
    })?;
    let (codes, messages) = slots.split_at(CODE_KEYS.len());
    let pick = |slots: &[Option<Option<&str>>]| slots.iter().find_map(|s| s.flatten()).map(|t| body.keep(bounded(t)));
    Some(Some(ErrorBody {
        code: pick(codes),
        message: pick(messages),
    }))
}

/// The index of `key` among the code keys then the message keys, ignoring
/// case. Keys as sent match exactly (a match on the string, the common
/// case); any other spelling is compared ignoring case.
fn wanted_key(key: &str) -> Option<usize> {
    let exact = match key {
        "errorCode" => Some(0),
        "code" => Some(1),
        "error_code" => Some(2),
        "errorMessage" => Some(3),
        "message" => Some(4),
        "error_description" => Some(5),
        "errorDescription" => Some(6),
        "detail" => Some(7),
        "error" => Some(8),
        _ => None,
    };
    exact.or_else(|| {
        CODE_KEYS
            .iter()
            .chain(MESSAGE_KEYS)
            .position(|k| k.eq_ignore_ascii_case(key))
    })
}

/// [`json_error_body`] through a `serde_json::Value` (the reference).
fn json_error_body_value(body: &[u8]) -> Option<ErrorBody> {
    let value: serde_json::Value = parse_json(body).ok()?;
    let obj = value.as_object()?;
    let pick = |obj: &serde_json::Map<String, serde_json::Value>, keys: &[&str]| {
        keys.iter().find_map(|k| {
            obj.iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(k))
                .and_then(|(_, v)| scalar_text(v))
        })
    };
    let mut found = ErrorBody {
        code: pick(obj, CODE_KEYS),
        message: pick(obj, MESSAGE_KEYS),
    };
    // {"error": {"code": …, "message": …}}
    if let Some(inner) = obj
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("error"))
        .and_then(|(_, v)| v.as_object())
    {
        found.code = found.code.or_else(|| pick(inner, CODE_KEYS));
        found.message = found.message.or_else(|| pick(inner, MESSAGE_KEYS));
    }
    Some(found)
}

/// The first element texts named like a code and a message in an XML
/// error document; no DTD, a bounded number of events.
fn xml_error_body(body: &[u8]) -> Option<ErrorBody> {
    let text = std::str::from_utf8(strip_bom(body)).ok()?;
    let mut reader = Reader::from_str(text);
    let mut found = ErrorBody::default();
    // Whether the open leaf is named like a code (true) or a message.
    let mut open: Option<bool> = None;
    let mut text_acc: Option<Cow<'_, str>> = None;
    for _ in 0..10_000 {
        match reader.read_event().ok()? {
            Event::DocType(_) => return None,
            Event::Start(e) => {
                let name = e.local_name();
                let name = String::from_utf8_lossy(name.as_ref());
                open = if CODE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&name)) {
                    Some(true)
                } else if MESSAGE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&name)) {
                    Some(false)
                } else {
                    None
                };
                text_acc = None;
            }
            Event::Text(t) if open.is_some() => {
                // An unknown entity: no envelope at all.
                let piece = t.unescape().ok()?;
                match &mut text_acc {
                    None => text_acc = Some(piece),
                    Some(a) => a.to_mut().push_str(&piece),
                }
            }
            Event::End(_) => {
                if let Some(is_code) = open.take() {
                    let t = text_acc.take().map(|t| ByteString::from(bounded(t.trim())));
                    let slot = if is_code { &mut found.code } else { &mut found.message };
                    if slot.is_none() {
                        *slot = t.filter(|t| !t.is_empty());
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::{Error as E, ErrorKind};

    #[test]
    fn the_exact_key_table_follows_the_key_lists() {
        for (i, key) in CODE_KEYS.iter().chain(MESSAGE_KEYS).enumerate() {
            assert_eq!(wanted_key(key), Some(i), "{key}");
            assert_eq!(wanted_key(&key.to_uppercase()), Some(i), "{key}");
        }
        assert_eq!(wanted_key("other"), None);
    }

    proptest::proptest! {
        /// The flat fast path reads every error body it takes as the
        /// `Value` reading does.
        #[test]
        fn the_flat_error_reading_agrees_with_the_value_reading(members in proptest::collection::vec((
            proptest::sample::select(vec![
                "errorCode", "ErrorCode", "code", "error_code", "errorMessage", "message", "Message", "detail",
                "error", "error_description", "other",
            ]),
            proptest::sample::select(vec![
                "\"E1\"", "\" m \"", "\"two words\"", "\" \"", "\"\"", "\"a\\\"b\"", "7", "-1.5", "1e400", "true", "null",
                "{\"code\":\"c\"}", "[1]",
            ]),
        ), 0..5)) {
            let body = format!(
                "{{{}}}",
                members.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(",")
            );
            if let Some(flat) = json_error_body_flat(&BodyTexts::copied(body.as_bytes())) {
                proptest::prop_assert_eq!(flat, json_error_body_value(body.as_bytes()), "{}", body);
            }
        }
    }

    pub(crate) const PAGE_XML_1: &str = include_str!("../../../conformance/cases/oam/page-response-by-session-id.xml");
    pub(crate) const PAGE_XML_2: &str = include_str!("../../../conformance/cases/oam/page-response-by-user-id.xml");

    fn resp(status: u16, ct: Option<&str>, body: &str) -> Response<Bytes> {
        let mut b = Response::builder().status(status);
        if let Some(ct) = ct {
            b = b.header("content-type", ct);
        }
        b.body(Bytes::from(body.to_owned())).unwrap()
    }

    fn api(r: Result<SessionResults, Error>) -> ApiError<ErrorBody> {
        match r {
            Err(E::Api(e)) => e,
            other => panic!("not an api error: {other:?}"),
        }
    }

    fn unexpected(r: Result<SessionResults, Error>) -> signoff_core::Unexpected {
        match r {
            Err(E::Unexpected(u)) => u,
            other => panic!("not unexpected: {other:?}"),
        }
    }

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
            (
                Some("application/json"),
                r#"{"errorCode":"X","errorMessage":"no"}"#,
                UnexpectedReason::UnrecognizedBody,
            ),
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

    #[test]
    fn the_body_limit_holds() {
        let r = resp(200, Some("application/xml"), PAGE_XML_1);
        let e = decode_with(r.status(), r.headers(), r.body(), &DecodeOptions::with_body_limit(16));
        assert_eq!(unexpected(e).reason, UnexpectedReason::BodyTooLarge);
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
