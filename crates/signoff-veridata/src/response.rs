//! Decoding the session invalidate (logout) and login responses.

use bytes::Bytes;
use http::{HeaderMap, Response, StatusCode};
use serde::{Serialize, Serializer};
use serde_json::Value;
use signoff_core::{
    ApiError, ByteString, DecodeOptions, ErrorKind, MediaType, REDACTED, ResponseView, Secret, Unexpected,
    UnexpectedReason, html_title, is_blank, parse_json_value, strip_bom,
};

use crate::error::{Error, ErrorObject, text_of};
use crate::request::LogoutBuilder;

/// Headers that may carry a request id. Veridata documents none; a proxy
/// may add `x-request-id`, WebLogic `x-oracle-dms-ecid`.
pub const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "x-oracle-dms-ecid"];

/// The longest 2xx text body (after trimming) read as the logout's short
/// message, in bytes; a longer text is not "Logout Successful.".
pub const TEXT_MESSAGE_LIMIT: usize = 512;

/// What a logout 2xx body held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LogoutBody {
    /// No body (or only whitespace).
    Empty,
    /// A short text, such as the page's "Logout Successful.".
    Text,
    /// A JSON document that is not an error object.
    Json,
}

/// The session was invalidated: a 2xx with an empty body, a short text or
/// a JSON document that is not an error object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoggedOut {
    /// What the body held.
    pub body: LogoutBody,
    /// The server's words: the text body (trimmed), a JSON string, or a
    /// JSON object's `message` string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A login answer: the token that [`Logout`](crate::Logout) ends, and what
/// else the server said about the session.
///
/// `Debug` and `Serialize` show the token as `[REDACTED]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoginSession {
    /// The session token (a JWT on the releases seen), sent back as
    /// `Authorization: Bearer {token}`.
    #[serde(serialize_with = "redacted")]
    pub token: Secret,
    /// `sessionTimeout`, a number or a numeric string, as sent (the unit is
    /// not documented). A value that is neither is dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_timeout: Option<u64>,
    /// `username`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `roles` (upper case on the releases seen, e.g. `ADMINISTRATOR`); a
    /// single string is read as a list of one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// `userId`, a number or a string, kept as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

impl LoginSession {
    /// A logout builder carrying this session's token; add the base URL.
    pub fn logout(&self) -> LogoutBuilder {
        crate::Logout::builder().token(self.token.clone())
    }
}

fn redacted<S: Serializer>(_: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(REDACTED)
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
    decode_view(&ResponseView::new(status, headers, body, REQUEST_ID_HEADERS), options)
}

/// Decodes a login response with the default options.
pub fn decode_login(response: &Response<Bytes>) -> Result<LoginSession, Error> {
    decode_login_view(
        &ResponseView::of_bytes(response, REQUEST_ID_HEADERS),
        &DecodeOptions::default(),
    )
}

/// Decodes a login response given as parts plus a body.
pub fn decode_login_with(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    options: &DecodeOptions,
) -> Result<LoginSession, Error> {
    decode_login_view(&ResponseView::new(status, headers, body, REQUEST_ID_HEADERS), options)
}

pub(crate) fn decode_view(view: &ResponseView<'_>, options: &DecodeOptions) -> Result<LoggedOut, Error> {
    view.check_limit(options)?;
    match view.status().as_u16() {
        200..=299 => decode_logout_success(view),
        400..=599 => Err(decode_error(view).into()),
        _ => Err(view.unexpected_status().into()),
    }
}

pub(crate) fn decode_login_view(view: &ResponseView<'_>, options: &DecodeOptions) -> Result<LoginSession, Error> {
    let status = view.status().as_u16();
    let result = view
        .check_limit(options)
        .map_err(Error::from)
        .and_then(|()| match status {
            200..=299 => decode_login_success(view),
            400..=599 => Err(decode_error(view).into()),
            _ => Err(view.unexpected_status().into()),
        });
    // A 2xx login body may hold the token even when it does not decode
    // (cut short, wrapped in a page, sent as text): never excerpt it.
    if (200..=299).contains(&status) {
        result.map_err(redact_excerpt)
    } else {
        result
    }
}

fn redact_excerpt(mut error: Error) -> Error {
    match &mut error {
        Error::Api(e) => e.excerpt = ByteString::from_static(REDACTED),
        Error::Unexpected(u) => u.excerpt = ByteString::from_static(REDACTED),
        _ => {}
    }
    error
}

/// What a 2xx body is, by its declared type and its first bytes.
enum Shape {
    Blank,
    Html,
    Json,
    Text,
    Unsupported(MediaType),
}

fn shape(view: &ResponseView<'_>) -> Shape {
    let body = view.body();
    if is_blank(body) {
        return Shape::Blank;
    }
    let declared = view.declared_media_type();
    let sniffed = MediaType::sniff(body);
    if declared == MediaType::Html || sniffed == MediaType::Html {
        return Shape::Html;
    }
    if declared == MediaType::Other {
        return Shape::Unsupported(declared);
    }
    if declared == MediaType::Xml || sniffed == MediaType::Xml {
        return Shape::Unsupported(MediaType::Xml);
    }
    let first = signoff_core::trim_start(strip_bom(body)).first().copied();
    // A body opening like a JSON document is JSON whatever its label; one
    // that does not (the page's "Logout Successful.") is text, even under
    // the `application/json` a JAX-RS resource puts on a plain string.
    // Anything that opens like a JSON value (a number, a stray bracket, a
    // `true`/`false`/`null` prefix) is read as JSON too, so a broken JSON
    // document is never mistaken for the text message.
    let trimmed = signoff_core::trim_start(strip_bom(body));
    let literal_prefix = [&b"true"[..], b"false", b"null"]
        .iter()
        .any(|lit| trimmed.starts_with(lit) || lit.starts_with(trimmed));
    match first {
        Some(b'{' | b'[' | b'"' | b']' | b'}' | b'-' | b'0'..=b'9') => Shape::Json,
        _ if literal_prefix => Shape::Json,
        _ => Shape::Text,
    }
}

/// Whether a text body reads as a logout confirmation (the page's
/// "Logout Successful."): arbitrary text on a 200 is not proof of logout.
fn confirms_logout(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "logout",
        "logged out",
        "log out",
        "logoff",
        "logged off",
        "success",
        "invalidated",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn malformed(view: &ResponseView<'_>, e: &signoff_core::JsonError) -> Unexpected {
    view.unexpected(
        UnexpectedReason::MalformedBody,
        format!("the JSON body does not parse at byte {}: {}", e.offset, e.message),
    )
}

fn unrecognized(view: &ResponseView<'_>, detail: impl Into<String>) -> Error {
    view.unexpected(UnexpectedReason::UnrecognizedBody, detail).into()
}

fn unsupported(view: &ResponseView<'_>, media: MediaType) -> Error {
    view.unexpected(
        UnexpectedReason::UnsupportedContentType,
        format!("a {} body is not an answer this call gives", media.name()),
    )
    .into()
}

/// The trimmed text of a short, printable UTF-8 body.
fn short_text(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(strip_bom(body)).ok()?.trim();
    let printable = !text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'));
    (text.len() <= TEXT_MESSAGE_LIMIT && printable && !text.is_empty()).then(|| text.to_owned())
}

fn api_error_on_2xx(view: &ResponseView<'_>, value: &Value) -> Error {
    let envelope = ErrorObject::from_json(value);
    let code = envelope.as_ref().and_then(|e| e.err_code.clone());
    let message = envelope.as_ref().and_then(|e| e.err_msg.clone());
    view.api_error(Some(ErrorKind::Other), code, message, envelope).into()
}

fn decode_logout_success(view: &ResponseView<'_>) -> Result<LoggedOut, Error> {
    match shape(view) {
        Shape::Blank => Ok(LoggedOut {
            body: LogoutBody::Empty,
            message: None,
        }),
        Shape::Html => {
            let mut detail = "an HTML page is not proof of logout".to_owned();
            if let Some(title) = html_title(view.body()) {
                detail.push_str(&format!(" (page title: {title})"));
            }
            Err(unrecognized(view, detail))
        }
        Shape::Unsupported(media) => Err(unsupported(view, media)),
        Shape::Text => match short_text(view.body()) {
            Some(text) if confirms_logout(&text) => Ok(LoggedOut {
                body: LogoutBody::Text,
                message: Some(text),
            }),
            Some(_) => Err(unrecognized(
                view,
                "a text body that does not confirm the logout (no \"logout\", \"success\", ...) is not proof of it",
            )),
            None => Err(unrecognized(
                view,
                format!(
                    "a text body that is not short printable UTF-8 (at most {TEXT_MESSAGE_LIMIT} bytes) \
                     is not the logout message"
                ),
            )),
        },
        Shape::Json => {
            let value: Value = parse_json_value(view.body()).map_err(|e| malformed(view, &e))?;
            if ErrorObject::is_named_in(&value) {
                return Err(api_error_on_2xx(view, &value));
            }
            let message = match &value {
                Value::String(s) => Some(s.trim()),
                Value::Object(m) => m.get("message").and_then(Value::as_str).map(str::trim),
                _ => None,
            }
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
            Ok(LoggedOut {
                body: LogoutBody::Json,
                message,
            })
        }
    }
}

fn decode_login_success(view: &ResponseView<'_>) -> Result<LoginSession, Error> {
    match shape(view) {
        Shape::Blank => Err(unrecognized(view, "an empty body carries no token")),
        Shape::Html => Err(unrecognized(view, "an HTML page is not the login answer")),
        Shape::Unsupported(media) => Err(unsupported(view, media)),
        Shape::Text => Err(unsupported(view, MediaType::Text)),
        Shape::Json => {
            let value: Value = parse_json_value(view.body()).map_err(|e| malformed(view, &e))?;
            let Value::Object(mut map) = value else {
                return Err(unrecognized(view, "the JSON body is not an object"));
            };
            // Moved, not copied, into the Secret.
            let token = match map.remove("token") {
                Some(Value::String(t)) if !t.trim().is_empty() => Secret::new(t),
                _ => {
                    let value = Value::Object(map);
                    if ErrorObject::is_named_in(&value) {
                        return Err(api_error_on_2xx(view, &value));
                    }
                    return Err(unrecognized(view, "the JSON body has no token"));
                }
            };
            let session_timeout = map.get("sessionTimeout").and_then(|v| match v {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            });
            let username = map
                .get("username")
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned);
            let roles = match map.get("roles") {
                Some(Value::Array(a)) => a.iter().filter_map(text_of).collect(),
                Some(v) => text_of(v).into_iter().collect(),
                None => Vec::new(),
            };
            let user_id = map.get("userId").and_then(text_of);
            Ok(LoginSession {
                token,
                session_timeout,
                username,
                roles,
                user_id,
            })
        }
    }
}

/// A 4xx/5xx: the status-derived kind, and the error object's code and
/// message when the body is one; nothing invented otherwise.
fn decode_error(view: &ResponseView<'_>) -> ApiError<ErrorObject> {
    let envelope = match MediaType::sniff(view.body()) {
        MediaType::Json => ErrorObject::read(view.body_texts()),
        _ => None,
    };
    let code = envelope.as_ref().and_then(|e| e.err_code.clone());
    let message = envelope.as_ref().and_then(|e| e.err_msg.clone());
    view.api_error(None, code, message, envelope)
}

#[cfg(test)]
mod text_tests {
    use super::*;

    fn ok200(ct: &str, body: &'static str) -> Result<LoggedOut, Error> {
        let r = Response::builder()
            .status(200)
            .header("content-type", ct)
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap();
        decode(&r)
    }

    #[test]
    fn only_confirming_text_is_success() {
        assert!(ok200("application/json", "Logout Successful.").is_ok());
        assert!(ok200("text/plain", "User logged out").is_ok());
        for junk in ["abc", "*", "\u{e5}", "Session"] {
            assert!(ok200("application/json", junk).is_err(), "{junk}");
        }
    }

    #[test]
    fn json_looking_bodies_are_parsed_as_json() {
        for broken in ["2@", "]", "1]", "-", "tru", "nul", "falsey", "}"] {
            match ok200("application/json", broken) {
                Err(signoff_core::Error::Unexpected(u)) => {
                    assert_eq!(u.reason, UnexpectedReason::MalformedBody, "{broken}")
                }
                other => panic!("{broken}: {other:?}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::Error as E;

    const DOC_ERROR: &str = "{\n    \"errCode\":\"OGGV-00001\",\n    \"errMsg\":\"Error message\"\n}";

    fn resp(status: u16, ct: Option<&str>, body: &str) -> Response<Bytes> {
        let mut b = Response::builder().status(status);
        if let Some(ct) = ct {
            b = b.header("content-type", ct);
        }
        b.body(Bytes::copy_from_slice(body.as_bytes())).unwrap()
    }

    fn api<T: std::fmt::Debug>(r: Result<T, Error>) -> ApiError<ErrorObject> {
        match r {
            Err(E::Api(e)) => e,
            other => panic!("not an api error: {other:?}"),
        }
    }

    fn unexpected<T: std::fmt::Debug>(r: Result<T, Error>) -> Unexpected {
        match r {
            Err(E::Unexpected(u)) => u,
            other => panic!("not unexpected: {other:?}"),
        }
    }

    #[test]
    fn an_empty_200_is_success() {
        for (ct, body) in [
            (None, ""),
            (Some("application/json"), ""),
            (Some("text/plain"), " \r\n"),
        ] {
            let ok = decode(&resp(200, ct, body)).unwrap();
            assert_eq!((ok.body, ok.message), (LogoutBody::Empty, None));
        }
        assert_eq!(decode(&resp(204, None, "")).unwrap().body, LogoutBody::Empty);
    }

    #[test]
    fn the_documented_text_is_success_whatever_its_label() {
        for ct in [
            Some("text/plain"),
            Some("application/json"),
            None,
            Some("text/plain; charset=UTF-8"),
        ] {
            let ok = decode(&resp(200, ct, "Logout Successful.\n")).unwrap();
            assert_eq!(ok.body, LogoutBody::Text, "{ct:?}");
            assert_eq!(ok.message.as_deref(), Some("Logout Successful."));
        }
        let ok = decode(&resp(200, Some("application/json"), "\u{feff}\"Logout Successful.\"")).unwrap();
        assert_eq!(
            (ok.body, ok.message.as_deref()),
            (LogoutBody::Json, Some("Logout Successful."))
        );
    }

    #[test]
    fn long_or_binary_text_is_not_the_message() {
        let long = format!("Logout Successful.{}", "x".repeat(TEXT_MESSAGE_LIMIT - 17));
        assert_eq!(
            unexpected(decode(&resp(200, Some("text/plain"), &long))).reason,
            UnexpectedReason::UnrecognizedBody
        );
        assert!(decode(&resp(200, Some("text/plain"), &long[1..])).is_ok());
        assert_eq!(
            unexpected(decode(&resp(200, Some("text/plain"), "ok\u{1}"))).reason,
            UnexpectedReason::UnrecognizedBody
        );
        let r = Response::builder()
            .status(200)
            .body(Bytes::from_static(b"ok\xff"))
            .unwrap();
        assert_eq!(unexpected(decode(&r)).reason, UnexpectedReason::UnrecognizedBody);
    }

    #[test]
    fn a_json_200_is_success_unless_it_is_an_error_object() {
        let ok = decode(&resp(200, Some("application/json"), "{}")).unwrap();
        assert_eq!((ok.body, ok.message), (LogoutBody::Json, None));
        let ok = decode(&resp(200, None, r#"{"message":"Logout Successful.","x":1}"#)).unwrap();
        assert_eq!(ok.message.as_deref(), Some("Logout Successful."));
        assert!(decode(&resp(200, None, r#"{"errCode":null}"#)).is_ok());
        let e = api(decode(&resp(200, Some("application/json"), DOC_ERROR)));
        assert_eq!(e.kind, ErrorKind::Other);
        assert_eq!(e.code.as_deref(), Some("OGGV-00001"));
        assert_eq!(e.message.as_deref(), Some("Error message"));
        assert!(!e.retryable);
        let e = api(decode(&resp(200, None, r#"{"errCode":""}"#)));
        assert_eq!((e.kind, e.code, e.envelope), (ErrorKind::Other, None, None));
    }

    #[test]
    fn an_html_200_is_not_proof_of_logout() {
        for ct in [Some("text/html"), None, Some("application/json"), Some("text/plain")] {
            let u = unexpected(decode(&resp(
                200,
                ct,
                "<!DOCTYPE html><html><head><title>Veridata Login</title></head></html>",
            )));
            assert_eq!(u.reason, UnexpectedReason::UnrecognizedBody, "{ct:?}");
            assert!(u.detail.contains("Veridata Login"));
        }
        let u = unexpected(decode(&resp(200, Some("text/html"), "Logged out")));
        assert_eq!(u.reason, UnexpectedReason::UnrecognizedBody);
    }

    #[test]
    fn malformed_json_names_the_byte_offset() {
        let u = unexpected(decode(&resp(200, Some("application/json"), "{\"errCode\": OGGV}")));
        assert_eq!(u.reason, UnexpectedReason::MalformedBody);
        assert!(u.detail.contains("at byte 12"), "{}", u.detail);
        let u = unexpected(decode(&resp(200, None, "[1,")));
        assert_eq!(u.reason, UnexpectedReason::MalformedBody);
    }

    #[test]
    fn xml_and_foreign_media_types_are_unsupported() {
        for (ct, body) in [
            (Some("application/xml"), "<ok/>"),
            (None, "<?xml version=\"1.0\"?><ok/>"),
            (Some("application/octet-stream"), "Logout Successful."),
            (Some("image/png"), "\u{89}PNG"),
        ] {
            assert_eq!(
                unexpected(decode(&resp(200, ct, body))).reason,
                UnexpectedReason::UnsupportedContentType,
                "{ct:?}"
            );
        }
    }

    #[test]
    fn documented_errors() {
        for (status, kind, retryable) in [
            (400, ErrorKind::BadRequest, false),
            (401, ErrorKind::Unauthorized, false),
            (404, ErrorKind::NotFound, false),
            (500, ErrorKind::ServerError, true),
        ] {
            let e = api(decode(&resp(status, Some("application/json"), DOC_ERROR)));
            assert_eq!((e.status, e.kind, e.retryable), (status, kind, retryable));
            assert_eq!(e.code.as_deref(), Some("OGGV-00001"));
            assert_eq!(e.message.as_deref(), Some("Error message"));
            let env = e.envelope.unwrap();
            assert_eq!(env.err_code.as_deref(), Some("OGGV-00001"));
        }
    }

    #[test]
    fn error_objects_are_read_leniently() {
        let e = api(decode(&resp(
            401,
            None,
            r#"{"errCode":1001,"errMsg":"Token expired","timestamp":1}"#,
        )));
        assert_eq!(
            (e.code.as_deref(), e.message.as_deref()),
            (Some("1001"), Some("Token expired"))
        );
        let e = api(decode(&resp(
            403,
            Some("application/json"),
            r#"{"errMsg":"Forbidden role"}"#,
        )));
        assert_eq!(
            (e.kind, e.code, e.message.as_deref()),
            (ErrorKind::Forbidden, None, Some("Forbidden role"))
        );
        let e = api(decode(&resp(
            409,
            Some("application/json"),
            r#"{"errCode":"OGGV-01234"}"#,
        )));
        assert_eq!(
            (e.kind, e.code.as_deref(), e.message),
            (ErrorKind::Other, Some("OGGV-01234"), None)
        );
        let e = api(decode(&resp(429, None, "")));
        assert!(e.retryable);
        assert!(!api(decode(&resp(501, None, ""))).retryable);
    }

    #[test]
    fn non_json_error_bodies_invent_nothing() {
        for (ct, body) in [
            (
                Some("text/html"),
                "<html><head><title>401 Unauthorized</title></head></html>",
            ),
            (None, ""),
            (Some("application/json"), ""),
            (Some("application/json"), "{\"errCode\": "),
            (Some("application/json"), "[{\"errCode\":\"X\"}]"),
            (Some("application/json"), "{}"),
            (Some("text/plain"), "Unauthorized"),
        ] {
            let e = api(decode(&resp(401, ct, body)));
            assert_eq!(
                (e.kind, e.code, e.message),
                (ErrorKind::Unauthorized, None, None),
                "{body:?}"
            );
            assert!(e.envelope.is_none());
            assert_eq!(e.excerpt, body);
        }
    }

    #[test]
    fn redirects_informational_and_odd_statuses_are_unexpected() {
        for s in [100, 101, 301, 302, 303, 307, 600, 999] {
            let u = unexpected(decode(&resp(s, None, "")));
            assert_eq!(u.reason, UnexpectedReason::UnexpectedStatus, "{s}");
            assert_eq!(u.status, s);
        }
        let mut r = resp(302, Some("text/html"), "<html>moved</html>");
        r.headers_mut()
            .insert("location", "https://v.example.com/veridata/login.jsp".parse().unwrap());
        let u = unexpected(decode(&r));
        assert!(u.detail.contains("/veridata/login.jsp"));
        let u = unexpected(decode_login(&r));
        assert_eq!(u.reason, UnexpectedReason::UnexpectedStatus);
    }

    #[test]
    fn request_ids_are_read() {
        let mut r = resp(500, Some("application/json"), DOC_ERROR);
        r.headers_mut().insert("x-oracle-dms-ecid", "ecid-1".parse().unwrap());
        assert_eq!(api(decode(&r)).request_id.as_deref(), Some("ecid-1"));
        r.headers_mut().insert("x-request-id", "rid-1".parse().unwrap());
        assert_eq!(api(decode(&r)).request_id.as_deref(), Some("rid-1"));
        assert_eq!(api(decode(&resp(500, None, ""))).request_id, None);
    }

    #[test]
    fn the_body_limit_holds() {
        let r = resp(200, Some("text/plain"), "Logout Successful.");
        for result in [
            decode_with(r.status(), r.headers(), r.body(), &DecodeOptions::with_body_limit(4)).map(|_| ()),
            decode_login_with(r.status(), r.headers(), r.body(), &DecodeOptions::with_body_limit(4)).map(|_| ()),
        ] {
            assert_eq!(unexpected(result).reason, UnexpectedReason::BodyTooLarge);
        }
        assert!(decode_with(r.status(), r.headers(), r.body(), &DecodeOptions::with_body_limit(18)).is_ok());
    }

    #[test]
    fn login_reads_the_documented_and_the_wild_shapes() {
        let s = decode_login(&resp(
            200,
            Some("application/json"),
            r#"{"roles":["ADMINISTRATOR"],"token":"eyJraWQiOiJzaWduLXJ..","userId":1004}"#,
        ))
        .unwrap();
        assert_eq!(s.token.expose(), "eyJraWQiOiJzaWduLXJ..");
        assert_eq!(s.roles, ["ADMINISTRATOR"]);
        assert_eq!(s.user_id.as_deref(), Some("1004"));
        assert_eq!((s.session_timeout, s.username.as_deref()), (None, None));

        let s = decode_login(&resp(
            200,
            None,
            r#"{"token":"tok","sessionTimeout":"3600","username":"admin","roles":"ADMINISTRATOR"}"#,
        ))
        .unwrap();
        assert_eq!(s.session_timeout, Some(3600));
        assert_eq!(s.username.as_deref(), Some("admin"));
        assert_eq!(s.roles, ["ADMINISTRATOR"]);
        for (timeout, want) in [
            ("1800", Some(1800)),
            ("\"x\"", None),
            ("-1", None),
            ("1.5", None),
            ("null", None),
        ] {
            let body = format!(r#"{{"token":"t","sessionTimeout":{timeout}}}"#);
            assert_eq!(
                decode_login(&resp(200, None, &body)).unwrap().session_timeout,
                want,
                "{timeout}"
            );
        }
    }

    #[test]
    fn login_without_a_token_is_never_success() {
        for (ct, body, reason) in [
            (None, "", UnexpectedReason::UnrecognizedBody),
            (None, "{}", UnexpectedReason::UnrecognizedBody),
            (None, r#"{"token":""}"#, UnexpectedReason::UnrecognizedBody),
            (None, r#"{"token":42}"#, UnexpectedReason::UnrecognizedBody),
            (None, r#"["eyJ"]"#, UnexpectedReason::UnrecognizedBody),
            (
                Some("text/html"),
                "<html>login</html>",
                UnexpectedReason::UnrecognizedBody,
            ),
            (
                Some("text/plain"),
                "eyJhbGciOi",
                UnexpectedReason::UnsupportedContentType,
            ),
            (
                Some("application/json"),
                r#"{"token":"eyJ"#,
                UnexpectedReason::MalformedBody,
            ),
        ] {
            assert_eq!(
                unexpected(decode_login(&resp(200, ct, body))).reason,
                reason,
                "{body:?}"
            );
        }
        let e = api(decode_login(&resp(200, None, DOC_ERROR)));
        assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Other, Some("OGGV-00001")));
    }

    #[test]
    fn login_errors_decode_like_logout_errors() {
        let e = api(decode_login(&resp(401, Some("application/json"), DOC_ERROR)));
        assert_eq!(
            (e.kind, e.code.as_deref()),
            (ErrorKind::Unauthorized, Some("OGGV-00001"))
        );
        assert_eq!(e.excerpt, DOC_ERROR);
        let e = api(decode_login(&resp(401, Some("text/html"), "<html>no</html>")));
        assert_eq!((e.code, e.message), (None, None));
    }

    #[test]
    fn a_login_2xx_that_fails_is_never_excerpted() {
        let u = unexpected(decode_login(&resp(200, None, r#"{"token":"eyJhbGciOiJSUzI1NiJ9.cut"#)));
        assert_eq!(u.excerpt, REDACTED);
        assert!(!u.detail.contains("eyJhbGci"));
        let e = api(decode_login(&resp(200, None, DOC_ERROR)));
        assert_eq!(e.excerpt, REDACTED);
    }

    #[test]
    fn a_login_session_serializes_its_token_redacted() {
        let s = decode_login(&resp(200, None, r#"{"token":"eyJtoken","username":"admin"}"#)).unwrap();
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v, serde_json::json!({"token": "[REDACTED]", "username": "admin"}));
        assert_eq!(format!("{s:?}").matches("eyJtoken").count(), 0);
        let r = s.logout().base_url("http://h:8830").build().unwrap().to_request();
        assert_eq!(r.headers()["authorization"], "Bearer eyJtoken");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(
            status in 100u16..1000,
            ct in proptest::option::of("[a-z/+;= -]{0,30}"),
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..512),
        ) {
            let mut b = Response::builder().status(status);
            if let Some(ct) = ct { b = b.header("content-type", ct); }
            let r = b.body(Bytes::from(body)).unwrap();
            let _ = decode(&r);
            let _ = decode_login(&r);
        }

        #[test]
        fn never_panics_on_json_like_bodies(
            status in proptest::sample::select(vec![200u16, 401, 500]),
            body in r#"[\{\}\[\]"a-zA-Z0-9:, \\]{0,64}"#,
        ) {
            let r = Response::builder().status(status).body(Bytes::from(body)).unwrap();
            let _ = decode(&r);
            let _ = decode_login(&r);
        }
    }
}
