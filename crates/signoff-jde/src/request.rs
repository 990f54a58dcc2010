//! Building the logout request.

use bytes::Bytes;
use http::header::{ACCEPT, HOST};
use http::{HeaderValue, Method, Request, Uri};
use serde::Deserialize;
use signoff_core::{Accept, BaseUrl, BuildError, BuildErrorKind, Secret, header_value};

/// The logout path, joined to the base URL.
pub const LOGOUT_PATH: &str = "/jderest/v2/orchestrator/jde-logout";

/// The token header.
pub const AUTH_HEADER: &str = "jde-AIS-Auth";

/// The device header (the page's table name; its prose's `jde-AIS-Device`
/// is a doc slip and is never sent).
pub const DEVICE_HEADER: &str = "jde-AIS-Auth-Device";

/// The logout call's parameters as data (the registry and conformance
/// cases use this; unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogoutParams {
    /// The AIS server root, e.g. `https://ais.example.com:9300`.
    pub base_url: String,
    /// The AIS token from the token request.
    pub token: Secret,
    /// The device name the token was requested with, if any.
    #[serde(default)]
    pub device: Option<String>,
    /// `application/json`, the default and the one media type AIS
    /// documents its answers in (`application/xml` is refused).
    #[serde(default)]
    pub accept: Option<Accept>,
}

impl LogoutParams {
    /// Validates the parameters.
    pub fn build(self) -> Result<Logout, BuildError> {
        let mut b = Logout::builder().base_url(self.base_url).token(self.token);
        if let Some(d) = self.device {
            b = b.device(d);
        }
        if let Some(a) = self.accept {
            b = b.accept(a);
        }
        b.build()
    }
}

/// A validated logout call. Its `Debug` shows the token as `Sensitive`.
#[derive(Debug, Clone)]
pub struct Logout {
    uri: Uri,
    host: HeaderValue,
    token: HeaderValue,
    device: Option<HeaderValue>,
    accept: Accept,
}

impl Logout {
    /// A builder.
    pub fn builder() -> LogoutBuilder {
        LogoutBuilder::default()
    }

    /// The request: `GET {base}/jderest/v2/orchestrator/jde-logout` with
    /// `host`, `accept`, `jde-AIS-Auth` and, when given,
    /// `jde-AIS-Auth-Device`; no body.
    pub fn to_request(&self) -> Request<Bytes> {
        let mut request = Request::new(Bytes::new());
        *request.method_mut() = Method::GET;
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.insert(HOST, self.host.clone());
        headers.insert(ACCEPT, self.accept.header_value());
        headers.insert(AUTH_HEADER, self.token.clone());
        if let Some(device) = &self.device {
            headers.insert(DEVICE_HEADER, device.clone());
        }
        request
    }
}

/// Builds a [`Logout`]; [`LogoutBuilder::build`] validates everything.
#[derive(Debug, Clone, Default)]
pub struct LogoutBuilder {
    base_url: Option<String>,
    token: Option<Secret>,
    device: Option<String>,
    accept: Accept,
}

impl LogoutBuilder {
    signoff_core::setters! {
        /// The AIS server root (scheme, host, optional port and path prefix).
        base_url: String,
        /// The AIS token.
        token: Secret,
        /// The device name the token was requested with.
        device: String,
        /// The media type asked for.
        accept = Accept,
    }

    /// Validates: a base URL, a non-empty token and device that can stand
    /// in a header value.
    pub fn build(self) -> Result<Logout, BuildError> {
        let base = BaseUrl::required("base_url", self.base_url.as_deref())?;
        let token = BuildError::required("token", self.token)?;
        let token = header_value("token", token.expose(), true)?;
        if self.accept != Accept::Json {
            // The page lists application/xml but documents no XML answer:
            // a codec that cannot read an answer does not ask for it.
            return Err(BuildError::new(
                BuildErrorKind::InvalidParam,
                "accept",
                "AIS documents its logout answers in JSON only; application/xml is not asked for",
            ));
        }
        let device = self.device.map(|d| header_value("device", &d, false)).transpose()?;
        let host = header_value("base_url", base.authority(), false)?;
        Ok(Logout {
            uri: base.join(LOGOUT_PATH, None)?,
            host,
            token,
            device,
            accept: self.accept,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> LogoutBuilder {
        Logout::builder()
            .base_url("https://ais.example.com:9300/")
            .token("t+/=k")
    }

    /// The documented request itself is the conformance case
    /// `jde.logout.request-documented`; here, what only a unit reaches.
    #[test]
    fn the_token_is_sensitive_and_sent_verbatim() {
        let r = base().build().unwrap().to_request();
        assert_eq!(r.headers()["jde-ais-auth"], "t+/=k");
        assert!(r.headers()["jde-ais-auth"].is_sensitive());
        assert_eq!(
            r.uri(),
            "https://ais.example.com:9300/jderest/v2/orchestrator/jde-logout"
        );
    }

    #[test]
    fn device_goes_in_the_table_named_header_only() {
        let r = base().device("kiosk-7").build().unwrap().to_request();
        assert_eq!(r.headers()["jde-AIS-Auth-Device"], "kiosk-7");
        assert!(r.headers().get("jde-AIS-Device").is_none());
        assert_eq!(r.headers()["accept"], "application/json");
        let refused = base().accept(Accept::Xml).build().unwrap_err();
        assert_eq!(
            (refused.kind(), refused.param()),
            (BuildErrorKind::InvalidParam, "accept")
        );
    }

    #[test]
    fn refuses_bad_tokens_and_devices() {
        let kind = |b: LogoutBuilder| b.build().unwrap_err().kind();
        assert_eq!(kind(base().token("")), BuildErrorKind::EmptyParam);
        assert_eq!(kind(base().token("a\r\nX-Evil: 1")), BuildErrorKind::InvalidHeaderValue);
        assert_eq!(kind(base().token("a\0")), BuildErrorKind::InvalidHeaderValue);
        assert_eq!(kind(base().device("")), BuildErrorKind::EmptyParam);
        assert_eq!(kind(base().device("k\n")), BuildErrorKind::InvalidHeaderValue);
        assert_eq!(kind(Logout::builder().token("t")), BuildErrorKind::MissingParam);
        assert_eq!(
            kind(Logout::builder().base_url("https://h")),
            BuildErrorKind::MissingParam
        );
        assert_eq!(kind(base().base_url("ais.example.com")), BuildErrorKind::InvalidBaseUrl);
    }

    #[test]
    fn debug_never_shows_the_token() {
        let l = base().token("SEKRIT-TOKEN").build().unwrap();
        assert!(!format!("{l:?}").contains("SEKRIT"));
        assert!(!format!("{:?}", l.to_request()).contains("SEKRIT"));
        let p = LogoutParams {
            base_url: "https://h".into(),
            token: Secret::new("SEKRIT-TOKEN"),
            device: None,
            accept: None,
        };
        assert!(!format!("{p:?}").contains("SEKRIT"));
    }
}
