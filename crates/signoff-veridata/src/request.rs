//! Building the session invalidate request (the `logout` call), and what
//! every Veridata request shares: the context path, the base URL.

use std::marker::PhantomData;

use bytes::Bytes;
use http::header::AUTHORIZATION;
use http::{HeaderValue, Method, Request};
use serde::Deserialize;
use signoff_core::{Accept, BaseUrl, BuildError, BuildErrorKind, Secret, Target, header_value};

/// The REST context path every Veridata call lives under. A base URL that
/// already ends with it is not given it twice.
pub const CONTEXT_PATH: &str = "/veridata/v1";

/// The session invalidate (logout) path, joined to the base URL.
pub const LOGOUT_PATH: &str = "/veridata/v1/session/invalidate";

/// The session extend path, joined to the base URL.
pub const EXTEND_PATH: &str = "/veridata/v1/session/extend";

/// The login path, joined to the base URL.
pub const LOGIN_PATH: &str = "/veridata/v1/auth/login";

/// The roles the page allows to call session invalidate, spelled as the
/// page spells them ("Required Role: Administrator, SuperUser, ...").
///
/// The login answer lists a user's roles in upper case (`ADMINISTRATOR`);
/// compare case-insensitively. The codec does not enforce this list (the
/// server does): it is here so a caller can explain a 401/403 or check a
/// [`LoginSession`](crate::LoginSession)'s roles before calling.
pub const ALLOWED_ROLES: &[&str] = &[
    "Administrator",
    "SuperUser",
    "DetailMonitoringOperator",
    "MonitoringOperator",
    "CommandLineOperator",
    "JobOperator",
];

/// Joins a Veridata path to the base, once: a base whose path already ends
/// with [`CONTEXT_PATH`] (the docs' "base path" `https://host:port/veridata/v1/`)
/// gets only the part after it.
pub(crate) fn target(base: &BaseUrl, path: &str) -> Result<Target, BuildError> {
    let path = if base.prefix().ends_with(CONTEXT_PATH) {
        path.strip_prefix(CONTEXT_PATH).unwrap_or(path)
    } else {
        path
    };
    base.target(path, None)
}

pub(crate) fn parse_base(base_url: Option<&str>) -> Result<BaseUrl, BuildError> {
    let base = BaseUrl::parse("base_url", base_url.ok_or_else(|| BuildError::missing("base_url"))?)?;
    Ok(base)
}

fn json_only(accept: Accept) -> Result<(), BuildError> {
    match accept {
        Accept::Json => Ok(()),
        _ => Err(BuildError::new(
            BuildErrorKind::InvalidParam,
            "accept",
            "Veridata answers application/json only",
        )),
    }
}

/// Whether `token` is an RFC 6750 `b64token`: letters, digits, `- . _ ~ + /`,
/// then optional trailing `=`.
fn is_b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/'))
}

/// `Bearer {token}` as a sensitive header value, after refusing an empty
/// token, one that cannot stand in a header, and one that is not a bearer
/// token (a pasted `Bearer ` prefix, spaces, quotes, commas).
fn bearer(token: &Secret) -> Result<HeaderValue, BuildError> {
    header_value("token", token.expose(), true)?;
    if !is_b64token(token.expose()) {
        return Err(BuildError::new(
            BuildErrorKind::InvalidParam,
            "token",
            "is not a bearer token (RFC 6750 allows letters, digits, - . _ ~ + / and trailing =; \
             give the token without a `Bearer ` prefix)",
        ));
    }
    let mut value = String::with_capacity("Bearer ".len() + token.expose().len());
    value.push_str("Bearer ");
    value.push_str(token.expose());
    let value = Secret::new(value);
    header_value("token", value.expose(), true)
}

/// The parameters of a call that carries the session token and nothing
/// else (`logout`, `extend`), as data (the registry and conformance cases
/// use this; unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionParams<C> {
    /// The Veridata server root, e.g. `http://veridata.example.com:8830`
    /// (a base ending in `/veridata/v1` is accepted as well).
    pub base_url: String,
    /// The session token from the login answer.
    pub token: Secret,
    /// `application/json`, the default and the only media type Veridata
    /// answers with.
    #[serde(default)]
    pub accept: Option<Accept>,
    #[serde(skip)]
    call: PhantomData<fn() -> C>,
}

/// The logout call's parameters.
pub type LogoutParams = SessionParams<Logout>;

/// The parameters of the calls that take the session's token
/// ([`SessionParams`]).
pub(crate) const SESSION_PARAMS: &[signoff_core::Param] = &[
    signoff_core::Param::required(
        "base_url",
        "the Veridata server root, e.g. http://veridata.example.com:8830",
    ),
    signoff_core::Param::required("token", "the session token from the login"),
    signoff_core::Param::optional(
        "accept",
        "application/json (default; the only one Veridata answers with)",
    ),
];

impl<C: SessionCall> SessionParams<C> {
    /// The parameters of a call to `base_url` with `token` (JSON asked
    /// for).
    pub fn new(base_url: impl Into<String>, token: impl Into<Secret>) -> Self {
        Self {
            base_url: base_url.into(),
            token: token.into(),
            accept: None,
            call: PhantomData,
        }
    }

    /// Validates the parameters.
    pub fn build(self) -> Result<C, BuildError> {
        let mut b = SessionBuilder::<C>::default().base_url(self.base_url).token(self.token);
        if let Some(a) = self.accept {
            b = b.accept(a);
        }
        b.build()
    }
}

/// A call that carries the session token and nothing else: a `GET` of its
/// path with `Authorization: Bearer {token}`.
pub trait SessionCall: Sized {
    /// The path, joined to the base URL.
    const PATH: &'static str;
    /// The call from its validated request.
    fn from_request(request: BearerGet) -> Self;
}

/// A validated `GET` carrying the session token. Its `Debug` shows the
/// authorization as `Sensitive`.
#[derive(Debug, Clone)]
pub struct BearerGet {
    target: Target,
    authorization: HeaderValue,
}

impl BearerGet {
    /// The request: `GET {base}{path}` with `host`, `accept` and
    /// `authorization: Bearer {token}`; no body, no `content-type`.
    pub fn to_request(&self) -> Request<Bytes> {
        self.target
            .json_request(Method::GET, &[(AUTHORIZATION, &self.authorization)], Bytes::new())
    }
}

/// A validated session invalidate call: `GET
/// {base}/veridata/v1/session/invalidate` with the bearer token.
#[derive(Debug, Clone)]
pub struct Logout(BearerGet);

impl Logout {
    /// A builder.
    pub fn builder() -> LogoutBuilder {
        LogoutBuilder::default()
    }

    /// The request: `GET {base}/veridata/v1/session/invalidate` with `host`,
    /// `accept` and `authorization: Bearer {token}`; no body, no
    /// `content-type`.
    pub fn to_request(&self) -> Request<Bytes> {
        self.0.to_request()
    }
}

impl SessionCall for Logout {
    const PATH: &'static str = LOGOUT_PATH;

    fn from_request(request: BearerGet) -> Self {
        Self(request)
    }
}

/// Builds a session call ([`Logout`], [`Extend`](crate::Extend));
/// [`SessionBuilder::build`] validates everything.
#[derive(Debug, Clone)]
pub struct SessionBuilder<C> {
    base_url: Option<String>,
    token: Option<Secret>,
    accept: Accept,
    call: PhantomData<fn() -> C>,
}

/// Builds a [`Logout`].
pub type LogoutBuilder = SessionBuilder<Logout>;

impl<C> Default for SessionBuilder<C> {
    fn default() -> Self {
        Self {
            base_url: None,
            token: None,
            accept: Accept::default(),
            call: PhantomData,
        }
    }
}

impl<C: SessionCall> SessionBuilder<C> {
    signoff_core::setters! {
        /// The Veridata server root (scheme, host, optional port and path
        /// prefix).
        base_url: String,
        /// The session token (without the `Bearer ` scheme).
        token: Secret,
        /// The media type asked for; only [`Accept::Json`] is accepted.
        accept = Accept,
    }

    /// Validates: a base URL; a non-empty RFC 6750 bearer token that can
    /// stand in a header value; `application/json`.
    pub fn build(self) -> Result<C, BuildError> {
        let base = parse_base(self.base_url.as_deref())?;
        let token = BuildError::required("token", self.token)?;
        let authorization = bearer(&token)?;
        json_only(self.accept)?;
        Ok(C::from_request(BearerGet {
            target: target(&base, C::PATH)?,
            authorization,
        }))
    }
}
pub use crate::login::{Login, LoginBuilder, LoginParams};

#[cfg(test)]
mod tests {
    use super::*;

    const DOC_TOKEN: &str = "eyJraWQiOiJzaWduLXJ..";

    fn base() -> LogoutBuilder {
        Logout::builder()
            .base_url("http://veridata.example.com:8830")
            .token(DOC_TOKEN)
    }

    #[test]
    fn builds_the_documented_request() {
        let r = base().build().unwrap().to_request();
        assert_eq!(r.method(), Method::GET);
        assert_eq!(
            r.uri(),
            "http://veridata.example.com:8830/veridata/v1/session/invalidate"
        );
        assert_eq!(r.headers()["authorization"], "Bearer eyJraWQiOiJzaWduLXJ..");
        assert!(r.headers()["authorization"].is_sensitive());
        assert_eq!(r.headers()["accept"], "application/json");
        assert_eq!(r.headers()["host"], "veridata.example.com:8830");
        assert!(r.headers().get("content-type").is_none());
        assert_eq!(r.headers().len(), 3);
        assert!(r.body().is_empty());
    }

    #[test]
    fn the_context_path_is_not_doubled() {
        for b in [
            "https://v.example.com:8831/veridata/v1",
            "https://v.example.com:8831/veridata/v1/",
        ] {
            let r = base().base_url(b).build().unwrap().to_request();
            assert_eq!(r.uri(), "https://v.example.com:8831/veridata/v1/session/invalidate");
            let r = Login::builder()
                .base_url(b)
                .username("u")
                .password("p")
                .build()
                .unwrap()
                .to_request();
            assert_eq!(r.uri(), "https://v.example.com:8831/veridata/v1/auth/login");
        }
        let r = base()
            .base_url("https://gw.example.com/proxy/")
            .build()
            .unwrap()
            .to_request();
        assert_eq!(r.uri(), "https://gw.example.com/proxy/veridata/v1/session/invalidate");
        let r = base()
            .base_url("https://gw.example.com/myveridata/v1")
            .build()
            .unwrap()
            .to_request();
        assert_eq!(
            r.uri(),
            "https://gw.example.com/myveridata/v1/veridata/v1/session/invalidate"
        );
    }

    #[test]
    fn refuses_bad_tokens() {
        let kind = |b: LogoutBuilder| b.build().unwrap_err().kind();
        assert_eq!(kind(base().token("")), BuildErrorKind::EmptyParam);
        assert_eq!(kind(base().token("   ")), BuildErrorKind::EmptyParam);
        for bad in [
            "a\r\nX-Evil: 1",
            "a\nb",
            "a\rb",
            "a\0b",
            "a\x7f",
            "jwt\u{e9}",
            " eyJ",
            "eyJ ",
        ] {
            assert_eq!(kind(base().token(bad)), BuildErrorKind::InvalidHeaderValue, "{bad:?}");
        }
        for bad in ["Bearer eyJ", "a b", "a,b", "\"a\"", "a\tb", "==", "a=b"] {
            assert_eq!(kind(base().token(bad)), BuildErrorKind::InvalidParam, "{bad:?}");
        }
        for good in ["eyJhbGciOi.eyJzdWIi.sig-_~+/", "abc==", "0"] {
            assert!(base().token(good).build().is_ok(), "{good:?}");
        }
    }

    #[test]
    fn refuses_missing_params_bad_bases_and_xml() {
        let kind = |b: LogoutBuilder| b.build().unwrap_err().kind();
        assert_eq!(kind(Logout::builder().token("t")), BuildErrorKind::MissingParam);
        assert_eq!(
            kind(Logout::builder().base_url("https://h")),
            BuildErrorKind::MissingParam
        );
        assert_eq!(kind(base().base_url("veridata:8830")), BuildErrorKind::InvalidBaseUrl);
        assert_eq!(
            kind(base().base_url("https://h/a\r\nb")),
            BuildErrorKind::InvalidBaseUrl
        );
        assert_eq!(kind(base().base_url("")), BuildErrorKind::EmptyParam);
        let e = base().accept(Accept::Xml).build().unwrap_err();
        assert_eq!((e.kind(), e.param()), (BuildErrorKind::InvalidParam, "accept"));
    }

    #[test]
    fn params_go_through_the_builders() {
        let p: LogoutParams = serde_json::from_value(serde_json::json!({
            "base_url": "http://h:8830", "token": "t0k", "accept": "application/json"
        }))
        .unwrap();
        assert_eq!(p.build().unwrap().to_request().headers()["authorization"], "Bearer t0k");
        let p: LogoutParams =
            serde_json::from_value(serde_json::json!({"base_url": "http://h", "token": "t", "accept": "xml"})).unwrap();
        assert_eq!(p.build().unwrap_err().kind(), BuildErrorKind::InvalidParam);
        assert!(
            serde_json::from_value::<LogoutParams>(serde_json::json!({"base_url": "x", "token": "t", "x": 1})).is_err()
        );
    }

    #[test]
    fn allowed_roles_are_the_pages_six() {
        assert_eq!(ALLOWED_ROLES.len(), 6);
        assert!(ALLOWED_ROLES.iter().any(|r| r.eq_ignore_ascii_case("ADMINISTRATOR")));
        assert!(ALLOWED_ROLES.contains(&"JobOperator"));
    }
}
