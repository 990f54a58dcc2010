//! The caller's own token: `login` (`POST {base}/Login`, "REST API - POST
//! Login") and `logout_self` (`POST {base}/Logout` with the `Authtoken`
//! header, what Commvault's own Python SDK sends to end its session).
//!
//! The login's body is JSON, `{"username": ..., "password": ...}`
//! (the default, as Commvault's API Explorer and Python SDK send it), or
//! with `body_format = "xml"` the reference's XML form,
//! `<DM2ContentIndexing_CheckCredentialReq username=".." password=".."/>`
//! (attribute-escaped); `domain` is added when given. The password is
//! base64-encoded as the reference requires; the body holds it (encoded),
//! so show such a request with `signoff::render_request_hiding`, not
//! `Debug`. Both forms ask for the answer in JSON (`Accept:
//! application/json`): the reference lets the caller choose, and it
//! documents the answer's schema (`LoginResponse`) in JSON only. Its
//! `token` (a [`Secret`], `QSDK ...`) is the `Authtoken` every other call
//! sends. The login answers failures inside a 200 as well (`errList`),
//! which decode as `api_error`.
//!
//! The logout answers the text `User logged out` on 200.

use base64::Engine as _;
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method, Request, Response};
use serde::{Deserialize, Serialize};
use signoff_core::doc::{Document, Documents, Json, JsonMember, JsonType, Others, escape_xml};
use signoff_core::{
    BaseUrl, BuildError, BuildErrorKind, Call, Param, ResponseView, Secret, Target, check_credentials, header_value,
    plain_text,
};

use crate::error::Error;
use crate::request::{AUTHTOKEN_HEADER, BodyFormat};

/// The login path, joined to the web service root.
pub const LOGIN_PATH: &str = "Login";

/// The logout path, joined to the web service root.
pub const LOGOUT_PATH: &str = "Logout";

/// The logout's answer on 200.
pub const LOGGED_OUT_TEXT: &str = "User logged out";

/// The XML login body's root element.
pub const LOGIN_REQUEST_ROOT: &str = "DM2ContentIndexing_CheckCredentialReq";

/// The login's parameters as data (unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginParams {
    /// The web service root, e.g. `https://host/webconsole/api`.
    pub base_url: String,
    /// The user name (an email address for an Active Directory user).
    pub username: String,
    /// The password (sent base64-encoded).
    pub password: Secret,
    /// The user's domain, for a domain user.
    #[serde(default)]
    pub domain: Option<String>,
    /// `json` (default) or `xml`: the request body's form.
    #[serde(default)]
    pub body_format: Option<BodyFormat>,
}

/// A validated login. Its `Debug` redacts the password.
#[derive(Debug, Clone)]
pub struct Login {
    target: Target,
    body: LoginBody,
    format: BodyFormat,
}

/// The login body: the user name, the base64 of the password, the domain.
#[derive(Debug, Clone, Serialize)]
struct LoginBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    domain: Option<String>,
    username: String,
    #[serde(serialize_with = "signoff_core::serialize_exposed")]
    password: Secret,
}

impl Login {
    /// Validates: a base URL, a non-blank user name with no control
    /// character, a non-empty password; the JSON form, no domain.
    pub fn new(base_url: &str, username: &str, password: &Secret) -> Result<Self, BuildError> {
        let base = BaseUrl::parse("base_url", base_url)?;
        check_credentials(username, password)?;
        let encoded = Secret::new(base64::engine::general_purpose::STANDARD.encode(password.expose()));
        Ok(Self {
            target: base.target(LOGIN_PATH, None)?,
            body: LoginBody {
                domain: None,
                username: username.to_owned(),
                password: encoded,
            },
            format: BodyFormat::Json,
        })
    }

    /// The same login for a domain user: a non-blank domain with no
    /// control character.
    pub fn with_domain(mut self, domain: &str) -> Result<Self, BuildError> {
        if domain.trim().is_empty() {
            return Err(BuildError::new(
                BuildErrorKind::EmptyParam,
                "domain",
                "must not be empty",
            ));
        }
        plain_text("domain", domain)?;
        self.body.domain = Some(domain.to_owned());
        Ok(self)
    }

    /// The same login in another body form.
    pub fn with_body_format(mut self, format: BodyFormat) -> Self {
        self.format = format;
        self
    }

    /// The request: `POST {base}/Login`, the answer asked for in JSON, the
    /// body `{"username":"...","password":"<base64>"}` (`domain` first when
    /// given) or `<DM2ContentIndexing_CheckCredentialReq domain=".."
    /// username=".." password="<base64>"/>` as `application/xml`.
    pub fn to_request(&self) -> Request<Bytes> {
        match self.format {
            BodyFormat::Xml => {
                let mut request = self
                    .target
                    .json_request(Method::POST, &[], Bytes::from(self.xml_body()));
                request.headers_mut().insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static(BodyFormat::Xml.content_type()),
                );
                request
            }
            _ => {
                let body = serde_json::to_vec(&self.body).unwrap_or_default();
                self.target.json_request(Method::POST, &[], Bytes::from(body))
            }
        }
    }

    fn xml_body(&self) -> String {
        let b = &self.body;
        let mut out = String::with_capacity(96 + b.username.len() + b.password.expose().len());
        out.push('<');
        out.push_str(LOGIN_REQUEST_ROOT);
        let attributes = [
            ("domain", b.domain.as_deref()),
            ("username", Some(b.username.as_str())),
            ("password", Some(b.password.expose())),
        ];
        for (name, value) in attributes {
            if let Some(value) = value {
                out.push(' ');
                out.push_str(name);
                out.push_str("=\"");
                escape_xml(value, &mut out);
                out.push('"');
            }
        }
        out.push_str("/>");
        out
    }
}

/// A session the login opened: its token (`Debug` and `Serialize` show
/// `[REDACTED]`) and the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoggedIn {
    /// `token`, `QSDK ...`: the `Authtoken` of every later call.
    pub token: Secret,
    /// `userName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

/// No element: what only an empty array matches.
const NOTHING: JsonType = JsonType::OneOf(&[]);

impl Call for Login {
    type Vendor = crate::Commvault;
    const NAME: &'static str = "login";
    const PARAMS: &'static [Param] = &[
        Param::required("base_url", "the web service root"),
        Param::required(
            "username",
            "the user name (an email address for an Active Directory user)",
        ),
        Param::required("password", "the password (sent base64-encoded)"),
        Param::optional("domain", "the user's domain, for a domain user"),
        Param::optional("body_format", "json (default) or xml"),
    ];
    const SECRET_PARAMS: &'static [&'static str] = &["password"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 401, 500];
    /// An object with a string `token`, `userName` a string, an `errList`
    /// that is empty when present; other members tolerated, except
    /// Commvault's error fields.
    const SUCCESS: Documents = Documents::json(JsonType::object(
        &[
            JsonMember::required("token", JsonType::String(&[])),
            JsonMember::optional("userName", JsonType::String(&[])),
            JsonMember::optional("errList", JsonType::ArrayOf(&NOTHING)),
        ],
        Others::TolerateExcept(&["errorCode", "errorMessage", "errorString", "errLogMessage", "error"]),
    ));
    const SUCCESS_HOLDS_SECRETS: bool = true;

    type Params = LoginParams;
    type Success = LoggedIn;

    fn build(params: LoginParams) -> Result<Request<Bytes>, BuildError> {
        let mut login = Login::new(&params.base_url, &params.username, &params.password)?;
        if let Some(domain) = &params.domain {
            login = login.with_domain(domain)?;
        }
        if let Some(format) = params.body_format {
            login = login.with_body_format(format);
        }
        Ok(login.to_request())
    }

    fn revealed(success: &LoggedIn) -> Vec<(&'static str, String)> {
        vec![("token", success.token.expose().to_owned())]
    }

    fn success(doc: &Document<'_>, _: &ResponseView<'_>) -> Result<LoggedIn, String> {
        let value = doc.json().ok_or("the answer is not a JSON object")?;
        let token = value.secret_at(&["token"])?;
        Ok(LoggedIn {
            token,
            user_name: value.get("userName").and_then(Json::as_str).map(str::to_owned),
        })
    }
}

/// The logout's parameters as data (unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogoutSelfParams {
    /// The web service root.
    pub base_url: String,
    /// The token to end.
    pub authtoken: Secret,
}

impl LogoutSelfParams {
    /// Validates the parameters.
    pub fn build(self) -> Result<LogoutSelf, BuildError> {
        LogoutSelf::new(&self.base_url, &self.authtoken)
    }
}

/// A validated logout of the caller's own token. Its `Debug` shows the
/// token as `Sensitive`.
#[derive(Debug, Clone)]
pub struct LogoutSelf {
    target: Target,
    authtoken: HeaderValue,
}

impl LogoutSelf {
    /// Validates: a base URL and a token that can stand in a header.
    pub fn new(base_url: &str, authtoken: &Secret) -> Result<Self, BuildError> {
        let base = BaseUrl::parse("base_url", base_url)?;
        Ok(Self {
            target: base.target(LOGOUT_PATH, None)?,
            authtoken: header_value("authtoken", authtoken.expose(), true)?,
        })
    }

    /// The request: `POST {base}/Logout` with `host`, `accept` and
    /// `Authtoken`; an empty body.
    pub fn to_request(&self) -> Request<Bytes> {
        self.target.json_request(
            Method::POST,
            &[(HeaderName::from_static(AUTHTOKEN_HEADER), &self.authtoken)],
            Bytes::new(),
        )
    }
}

/// The token's session ended: the server answered `User logged out`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoggedOutSelf {
    /// The server's words.
    pub message: String,
}

impl Call for LogoutSelf {
    type Vendor = crate::Commvault;
    const NAME: &'static str = "logout_self";
    const PARAMS: &'static [Param] = &[
        Param::required("base_url", "the web service root"),
        Param::required("authtoken", "the token to end"),
    ];
    const SECRET_PARAMS: &'static [&'static str] = &["authtoken"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 401];
    /// The text `User logged out`, exactly (a JSON string of it as well).
    const SUCCESS: Documents = Documents {
        text: &[LOGGED_OUT_TEXT],
        ..Documents::json(JsonType::String(&[LOGGED_OUT_TEXT]))
    };

    type Params = LogoutSelfParams;
    type Success = LoggedOutSelf;

    fn build(params: LogoutSelfParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn success(_: &Document<'_>, _: &ResponseView<'_>) -> Result<LoggedOutSelf, String> {
        Ok(LoggedOutSelf {
            message: LOGGED_OUT_TEXT.to_owned(),
        })
    }
}

/// Decodes a login response with the default options.
pub fn decode_login(response: &Response<Bytes>) -> Result<LoggedIn, Error> {
    Login::decode(response)
}

/// Decodes a logout (own token) response with the default options.
pub fn decode_logout_self(response: &Response<Bytes>) -> Result<LoggedOutSelf, Error> {
    LogoutSelf::decode(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::testing::{api, response as resp};

    const JSON: Option<&str> = Some("application/json");

    #[test]
    fn the_login_encodes_the_password() {
        let r = Login::new("https://h/webconsole/api", "admin", &Secret::new("p\"w"))
            .unwrap()
            .to_request();
        assert_eq!(r.method(), Method::POST);
        assert_eq!(r.uri(), "https://h/webconsole/api/Login");
        assert_eq!(r.body().as_ref(), br#"{"username":"admin","password":"cCJ3"}"#);
        assert!(Login::new("https://h", " ", &Secret::new("p")).is_err());
        assert!(Login::new("https://h", "a", &Secret::new("")).is_err());
        assert!(!format!("{:?}", Login::new("https://h", "a", &Secret::new("SEKRIT")).unwrap()).contains("U0VL"));
    }

    #[test]
    fn the_xml_login_escapes_and_asks_for_json() {
        let r = Login::new("https://h/webconsole/api", "a\"/><x y='&", &Secret::new("pw"))
            .unwrap()
            .with_domain("CORP")
            .unwrap()
            .with_body_format(BodyFormat::Xml)
            .to_request();
        assert_eq!(
            r.body().as_ref(),
            br#"<DM2ContentIndexing_CheckCredentialReq domain="CORP" username="a&quot;/&gt;&lt;x y=&apos;&amp;" password="cHc="/>"#
        );
        assert_eq!(r.headers()["content-type"], "application/xml");
        assert_eq!(r.headers()["accept"], "application/json");
        let root = signoff_core::doc::read_xml(r.body()).unwrap();
        assert_eq!(root.attribute("username"), Some("a\"/><x y='&"));
        assert!(root.children.is_empty());
        let json = Login::new("https://h", "u", &Secret::new("pw"))
            .unwrap()
            .with_domain("CORP")
            .unwrap()
            .to_request();
        assert_eq!(
            json.body().as_ref(),
            br#"{"domain":"CORP","username":"u","password":"cHc="}"#
        );
        for bad in ["", " ", "a\rb"] {
            assert!(
                Login::new("https://h", "u", &Secret::new("p"))
                    .unwrap()
                    .with_domain(bad)
                    .is_err()
            );
        }
    }

    #[test]
    fn the_login_answers() {
        let ok = decode_login(&resp(
            200,
            JSON,
            r#"{"aliasName":"1","userGUID":"x","loginAttempts":0,"userName":"admin","token":"QSDK 3f2a","errList":[]}"#,
        ))
        .unwrap();
        assert_eq!(ok.token.expose(), "QSDK 3f2a");
        assert!(!format!("{ok:?}").contains("3f2a"));
        let e = api(decode_login(&resp(
            200,
            JSON,
            r#"{"errList":[{"errLogMessage":"Username or password is incorrect","errorCode":1116}]}"#,
        )));
        assert_eq!(e.code.as_deref(), Some("1116"));
        assert!(decode_login(&resp(200, JSON, r#"{"token":"QSDK 1","errList":[{"errorCode":5}]}"#)).is_err());
    }

    #[test]
    fn the_own_logout() {
        let r = LogoutSelf::new("https://h/webconsole/api", &Secret::new("QSDK 1"))
            .unwrap()
            .to_request();
        assert_eq!((r.method(), r.uri().path()), (&Method::POST, "/webconsole/api/Logout"));
        assert!(r.headers()["authtoken"].is_sensitive());
        assert!(decode_logout_self(&resp(200, Some("text/plain"), "User logged out")).is_ok());
        assert!(decode_logout_self(&resp(200, Some("text/plain"), "User logged out?")).is_err());
        assert!(decode_logout_self(&resp(401, None, "")).is_err());
    }
}
