//! The calls on a token beside the orchestrator logout: `logout_token`,
//! the Token Request Service's logout (`POST
//! {base}/jderest/v2/tokenrequest/logout`, "Logout Session v2", the token
//! in a JSON body `{"token": ...}`, JSON only: AIS answers 415 to any other
//! `Content-Type`), and `validate` ("Validate Token v2", `GET
//! {base}/jderest/v2/orchestrator/jde-validate-session` with the token in
//! `jde-AIS-Auth`).
//!
//! Of the validate's documented forms (the Token Request Service's `POST
//! .../tokenrequest/validate` with the token in the body, and the
//! orchestrator's `GET` with it in the header) the codec sends the `GET`:
//! the token then travels in a header marked sensitive, as the logout's
//! does, never in a body a `Debug` of the request would print.
//!
//! The logout answers `{"status": "Success"}`, like the orchestrator
//! logout. The validate answers `{"isValidSession": true}` while the token
//! opens a session; the reference says every other status means an invalid
//! token, with 403 ("Token is Invalid") and 444 ("Invalid Token") the
//! documented ones: those two are the probe's "gone", everything else
//! cannot tell.
//!
//! `logout_token`'s request body holds the token, as the service requires:
//! print such a request with `signoff::render_request_hiding`, not `Debug`.

use std::marker::PhantomData;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, HOST};
use http::{HeaderValue, Method, Request, Response, Uri};
use serde::{Deserialize, Serialize};
use signoff_core::doc::{Document, Documents, JsonMember, JsonType, Others};
use signoff_core::{Accept, BaseUrl, BuildError, Call, Param, Probe, ResponseView, Secret, header_value};

use crate::error::{ERROR_MEMBERS, Error};
use crate::request::DEVICE_HEADER;
use crate::response::{LoggedOut, SUCCESS_OBJECT};

/// The token logout path, joined to the base URL.
pub const TOKEN_LOGOUT_PATH: &str = "/jderest/v2/tokenrequest/logout";

/// The token validate path (the orchestrator's `GET` form), joined to the
/// base URL.
pub const VALIDATE_PATH: &str = "/jderest/v2/orchestrator/jde-validate-session";

/// The parameters of a call on a token (`logout_token`, `validate`), as
/// data (unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenParams<C> {
    /// The AIS server root, e.g. `https://ais.example.com:9300`.
    pub base_url: String,
    /// The AIS token.
    pub token: Secret,
    /// The device name the token was requested with, if any (sent as
    /// `jde-AIS-Auth-Device`).
    #[serde(default)]
    pub device: Option<String>,
    #[serde(skip)]
    call: PhantomData<fn() -> C>,
}

impl<C: TokenCall> TokenParams<C> {
    /// The parameters of a call to `base_url` on `token`.
    pub fn new(base_url: impl Into<String>, token: impl Into<Secret>) -> Self {
        Self {
            base_url: base_url.into(),
            token: token.into(),
            device: None,
            call: PhantomData,
        }
    }

    /// Validates the parameters.
    pub fn build(self) -> Result<C, BuildError> {
        let mut b = TokenBuilder::<C>::default().base_url(self.base_url).token(self.token);
        if let Some(d) = self.device {
            b = b.device(d);
        }
        b.build()
    }
}

/// A call on a token.
pub trait TokenCall: Sized {
    /// The path, joined to the base URL.
    const PATH: &'static str;
    /// The call from its validated request.
    fn from_request(request: TokenPost) -> Self;
}

/// A validated call on a token. Its `Debug` shows the token as
/// `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct TokenPost {
    uri: Uri,
    host: HeaderValue,
    device: Option<HeaderValue>,
    token: Secret,
}

/// The body, `{"token": ...}`, with the token JSON-escaped.
#[derive(Serialize)]
struct TokenBody<'a> {
    token: &'a str,
}

impl TokenPost {
    /// The request: `POST {base}{path}` with `host`, `accept` and
    /// `content-type: application/json`, `jde-AIS-Auth-Device` when given,
    /// and the body `{"token":"..."}`.
    pub fn to_request(&self) -> Request<Bytes> {
        let body = serde_json::to_vec(&TokenBody {
            token: self.token.expose(),
        })
        .unwrap_or_default();
        let mut request = Request::new(Bytes::from(body));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.insert(HOST, self.host.clone());
        headers.insert(ACCEPT, Accept::Json.header_value());
        headers.insert(CONTENT_TYPE, Accept::Json.header_value());
        if let Some(device) = &self.device {
            headers.insert(DEVICE_HEADER, device.clone());
        }
        request
    }

    /// The request as a `GET {base}{path}` with `host`, `accept`, the token
    /// in `jde-AIS-Auth` (sensitive) and `jde-AIS-Auth-Device` when given;
    /// no body.
    pub fn to_get(&self) -> Request<Bytes> {
        let mut request = Request::new(Bytes::new());
        *request.method_mut() = Method::GET;
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.insert(HOST, self.host.clone());
        headers.insert(ACCEPT, Accept::Json.header_value());
        if let Ok(token) = header_value("token", self.token.expose(), true) {
            headers.insert(crate::request::AUTH_HEADER, token);
        }
        if let Some(device) = &self.device {
            headers.insert(DEVICE_HEADER, device.clone());
        }
        request
    }
}

/// Builds a call on a token ([`LogoutToken`], [`Validate`]);
/// [`TokenBuilder::build`] validates everything.
#[derive(Debug, Clone)]
pub struct TokenBuilder<C> {
    base_url: Option<String>,
    token: Option<Secret>,
    device: Option<String>,
    call: PhantomData<fn() -> C>,
}

impl<C> Default for TokenBuilder<C> {
    fn default() -> Self {
        Self {
            base_url: None,
            token: None,
            device: None,
            call: PhantomData,
        }
    }
}

impl<C: TokenCall> TokenBuilder<C> {
    signoff_core::setters! {
        /// The AIS server root (scheme, host, optional port and path prefix).
        base_url: String,
        /// The AIS token.
        token: Secret,
        /// The device name the token was requested with.
        device: String,
    }

    /// Validates: a base URL, a non-empty token that can stand in a header
    /// value (as every AIS token can: the validate sends it in one), a
    /// device that can stand in a header.
    pub fn build(self) -> Result<C, BuildError> {
        let base = BaseUrl::required("base_url", self.base_url.as_deref())?;
        let token = BuildError::required("token", self.token)?;
        header_value("token", token.expose(), true)?;
        let device = self.device.map(|d| header_value("device", &d, false)).transpose()?;
        Ok(C::from_request(TokenPost {
            uri: base.join(C::PATH, None)?,
            host: header_value("base_url", base.authority(), false)?,
            device,
            token,
        }))
    }
}

/// Ends the session of a token: the Token Request Service's logout.
#[derive(Debug, Clone)]
pub struct LogoutToken(TokenPost);

/// Asks whether a token still opens a session.
#[derive(Debug, Clone)]
pub struct Validate(TokenPost);

/// The token logout's parameters.
pub type LogoutTokenParams = TokenParams<LogoutToken>;

/// The parameters of the calls that take only a token ([`TokenParams`]).
const TOKEN_PARAMS: &[Param] = &[
    Param::required("base_url", "the AIS server root"),
    Param::required("token", "the AIS token"),
    Param::optional("device", "the device name the token was requested with"),
];
/// The validate's parameters.
pub type ValidateParams = TokenParams<Validate>;
/// Builds a [`LogoutToken`].
pub type LogoutTokenBuilder = TokenBuilder<LogoutToken>;
/// Builds a [`Validate`].
pub type ValidateBuilder = TokenBuilder<Validate>;

impl LogoutToken {
    /// A builder.
    pub fn builder() -> LogoutTokenBuilder {
        LogoutTokenBuilder::default()
    }

    /// The request: `POST {base}/jderest/v2/tokenrequest/logout`, body
    /// `{"token":"..."}`.
    pub fn to_request(&self) -> Request<Bytes> {
        self.0.to_request()
    }
}

impl Validate {
    /// A builder.
    pub fn builder() -> ValidateBuilder {
        ValidateBuilder::default()
    }

    /// The request: `GET {base}/jderest/v2/orchestrator/jde-validate-session`
    /// with the token in `jde-AIS-Auth`; no body.
    pub fn to_request(&self) -> Request<Bytes> {
        self.0.to_get()
    }
}

impl TokenCall for LogoutToken {
    const PATH: &'static str = TOKEN_LOGOUT_PATH;

    fn from_request(request: TokenPost) -> Self {
        Self(request)
    }
}

impl TokenCall for Validate {
    const PATH: &'static str = VALIDATE_PATH;

    fn from_request(request: TokenPost) -> Self {
        Self(request)
    }
}

impl Call for LogoutToken {
    type Vendor = crate::Jde;
    const NAME: &'static str = "logout_token";
    const PARAMS: &'static [Param] = TOKEN_PARAMS;
    const SECRET_PARAMS: &'static [&'static str] = &["token"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 400, 415, 444, 500];
    const SUCCESS: Documents = Documents::json(JsonType::Object(SUCCESS_OBJECT));
    const PROBE: Option<Probe> = Some(Probe {
        call: "validate",
        params: &["base_url", "token", "device"],
        needs: &[],
    });

    type Params = LogoutTokenParams;
    type Success = LoggedOut;

    fn build(params: LogoutTokenParams) -> Result<Request<Bytes>, BuildError> {
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
}

/// The token opens a session: the validate answered `{"isValidSession":
/// true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ValidSession {
    /// `isValidSession`, always `true` here (a `false` on 200 proves
    /// nothing either way and is `unexpected`).
    pub is_valid_session: bool,
}

impl Call for Validate {
    type Vendor = crate::Jde;
    const NAME: &'static str = "validate";
    const PARAMS: &'static [Param] = TOKEN_PARAMS;
    const SECRET_PARAMS: &'static [&'static str] = &["token"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 400, 403, 415, 444, 500];
    const SUCCESS: Documents = Documents::json(JsonType::object(
        &[JsonMember::required("isValidSession", JsonType::Bool)],
        Others::TolerateExcept(ERROR_MEMBERS),
    ));
    /// 403 "Token is Invalid" and 444 "Invalid Token".
    const GONE_STATUSES: &'static [u16] = &[403, 444];

    type Params = ValidateParams;
    type Success = ValidSession;

    fn build(params: ValidateParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn success(doc: &Document<'_>, _: &ResponseView<'_>) -> Result<ValidSession, String> {
        match doc.json().and_then(|v| v.get("isValidSession")) {
            Some(signoff_core::doc::Json::Bool(true)) => Ok(ValidSession { is_valid_session: true }),
            _ => Err("isValidSession is not true".to_owned()),
        }
    }
}

/// Decodes a token logout response with the default options.
pub fn decode_logout_token(response: &Response<Bytes>) -> Result<LoggedOut, Error> {
    LogoutToken::decode(response)
}

/// Decodes a validate response with the default options.
pub fn decode_validate(response: &Response<Bytes>) -> Result<ValidSession, Error> {
    Validate::decode(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::testing::{api, response as resp, unexpected};
    use signoff_core::{BuildErrorKind, ErrorKind, Liveness};

    const JSON: Option<&str> = Some("application/json");

    #[test]
    fn builds_the_documented_requests() {
        let r = LogoutToken::builder()
            .base_url("https://ais.example.com:9300")
            .token("044FZz4bnE7F+=Md")
            .device("kiosk-7")
            .build()
            .unwrap()
            .to_request();
        assert_eq!(r.method(), Method::POST);
        assert_eq!(r.uri(), "https://ais.example.com:9300/jderest/v2/tokenrequest/logout");
        assert_eq!(r.headers()["content-type"], "application/json");
        assert_eq!(r.headers()["jde-AIS-Auth-Device"], "kiosk-7");
        assert_eq!(r.body().as_ref(), br#"{"token":"044FZz4bnE7F+=Md"}"#);
        assert!(!format!("{:?}", LogoutToken::builder().token("SEKRIT")).contains("SEKRIT"));
        let r = Validate::builder()
            .base_url("https://ais.example.com:9300")
            .token("t")
            .build()
            .unwrap()
            .to_request();
        assert_eq!(r.method(), Method::GET);
        assert_eq!(
            r.uri(),
            "https://ais.example.com:9300/jderest/v2/orchestrator/jde-validate-session"
        );
        assert_eq!(r.headers()["jde-AIS-Auth"], "t");
        assert!(r.headers()["jde-AIS-Auth"].is_sensitive());
        assert!(r.body().is_empty());
        let e = Validate::builder()
            .base_url("https://h")
            .token(" ")
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::EmptyParam);
        let e = Validate::builder()
            .base_url("https://h")
            .token("a\r\nX: 1")
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), BuildErrorKind::InvalidHeaderValue);
    }

    #[test]
    fn the_validate_answers_say_alive_gone_or_cannot_tell() {
        let liveness =
            |status, body| Validate::liveness(&decode_validate(&resp(status, JSON, body)), &serde_json::Value::Null);
        let invalid =
            r#"{"message":"Invalid Token","exception":"java.lang.Exception","timeStamp":"2018-01-16:15.17.29"}"#;
        assert_eq!(liveness(200, r#"{"isValidSession":true}"#), Liveness::Alive);
        assert_eq!(liveness(403, invalid), Liveness::Gone);
        assert_eq!(liveness(444, invalid), Liveness::Gone);
        for (status, body) in [
            (500, invalid),
            (400, invalid),
            (200, r#"{"isValidSession":false}"#),
            (200, "{}"),
        ] {
            assert_eq!(liveness(status, body), Liveness::CannotTell, "{status} {body}");
        }
        assert_eq!(
            api(decode_validate(&resp(444, JSON, invalid))).kind,
            ErrorKind::InvalidToken
        );
        let u = unexpected(decode_validate(&resp(200, JSON, r#"{"isValidSession":"true"}"#)));
        assert_eq!(u.reason.name(), "unrecognized_body");
    }

    #[test]
    fn the_token_logout_answers() {
        assert_eq!(
            decode_logout_token(&resp(200, JSON, r#"{"status": "Success"}"#))
                .unwrap()
                .status,
            "Success"
        );
        let e = api(decode_logout_token(&resp(444, JSON, r#"{"message":"Invalid Token"}"#)));
        assert_eq!(e.kind, ErrorKind::InvalidToken);
        assert!(decode_logout_token(&resp(200, JSON, r#"{"isValidSession":true}"#)).is_err());
    }
}
