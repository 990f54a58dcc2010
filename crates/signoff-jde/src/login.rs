//! The login: the Token Request Service's `POST
//! {base}/jderest/v2/tokenrequest` ("Request a Token v2"), answered by the
//! token the logouts end.
//!
//! The reference documents two ways to give the credentials, and the codec
//! speaks both ([`LoginAuth`]):
//! - `basic` (the default): `Authorization: Basic base64(user:password)`
//!   with the environment, role and device in the `jde-AIS-Auth-Environment`,
//!   `jde-AIS-Auth-Role` and `jde-AIS-Auth-Device` headers and no body
//!   ("Input is not required; Authentication headers may be used
//!   instead"). The password then travels in a header marked sensitive.
//! - `json`: the `LoginRequest` body `{"username", "password",
//!   "deviceName", "environment", "role"}`, written by `serde_json`. The
//!   password then travels in the body: show such a request with
//!   `signoff::render_request_hiding`, not `Debug`.
//!
//! The answer's `userInfo.token` is the session's token (a [`Secret`]:
//! redacted in `Debug` and in reports), beside the user, environment and
//! role. Documented statuses: 200, 400, 403 (authorization failure), 405
//! (the HTML server does not allow this AIS server), 415, 445 (mobile SSO
//! failed), 446 (SSO not enabled) and 500.

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HOST};
use http::{HeaderValue, Method, Request, Response, Uri};
use serde::{Deserialize, Serialize};
use signoff_core::doc::{Document, Documents, Json, JsonMember, JsonType, Others};
use signoff_core::{
    Accept, BaseUrl, BuildError, Call, Param, ResponseView, Secret, basic_authorization, check_credentials,
    header_value,
};

use crate::error::{ERROR_MEMBERS, Error};
use crate::request::DEVICE_HEADER;

/// The token request path, joined to the base URL.
pub const LOGIN_PATH: &str = "/jderest/v2/tokenrequest";

/// The environment header of the Basic form.
pub const ENVIRONMENT_HEADER: &str = "jde-AIS-Auth-Environment";

/// The role header of the Basic form.
pub const ROLE_HEADER: &str = "jde-AIS-Auth-Role";

/// How the login gives its credentials.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LoginAuth {
    /// Basic credentials and the `jde-AIS-Auth-*` headers, no body.
    #[default]
    Basic,
    /// The `LoginRequest` JSON body.
    Json,
}

/// The login's parameters as data (unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginParams {
    /// The AIS server root.
    pub base_url: String,
    /// The EnterpriseOne user name.
    pub username: String,
    /// The password.
    pub password: Secret,
    /// The device name the token is bound to, if any.
    #[serde(default)]
    pub device: Option<String>,
    /// The environment, if not the server's default.
    #[serde(default)]
    pub environment: Option<String>,
    /// The role, if not the server's default.
    #[serde(default)]
    pub role: Option<String>,
    /// `basic` (the default) or `json`.
    #[serde(default)]
    pub auth: Option<LoginAuth>,
}

impl LoginParams {
    /// Validates the parameters.
    pub fn build(self) -> Result<Login, BuildError> {
        LoginBuilder {
            base_url: Some(self.base_url),
            username: Some(self.username),
            password: Some(self.password),
            device: self.device,
            environment: self.environment,
            role: self.role,
            auth: self.auth.unwrap_or_default(),
        }
        .build()
    }
}

/// A validated login call. Its `Debug` shows the credentials as
/// `Sensitive` or `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct Login {
    uri: Uri,
    host: HeaderValue,
    form: Form,
}

#[derive(Debug, Clone)]
enum Form {
    Basic {
        authorization: HeaderValue,
        headers: Vec<(&'static str, HeaderValue)>,
    },
    Json {
        body: LoginBody,
    },
}

/// The `LoginRequest` body.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct LoginBody {
    username: String,
    #[serde(serialize_with = "signoff_core::serialize_exposed")]
    password: Secret,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    environment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
}

impl Login {
    /// A builder.
    pub fn builder() -> LoginBuilder {
        LoginBuilder::default()
    }

    /// The request: `POST {base}/jderest/v2/tokenrequest` with `host` and
    /// `accept: application/json`, and the credentials in the chosen form.
    pub fn to_request(&self) -> Request<Bytes> {
        let body = match &self.form {
            Form::Json { body } => Bytes::from(serde_json::to_vec(body).unwrap_or_default()),
            Form::Basic { .. } => Bytes::new(),
        };
        let mut request = Request::new(body);
        *request.method_mut() = Method::POST;
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.insert(HOST, self.host.clone());
        headers.insert(ACCEPT, Accept::Json.header_value());
        match &self.form {
            Form::Basic {
                authorization,
                headers: extra,
            } => {
                headers.insert(AUTHORIZATION, authorization.clone());
                for (name, value) in extra {
                    headers.insert(*name, value.clone());
                }
            }
            Form::Json { .. } => {
                headers.insert(CONTENT_TYPE, Accept::Json.header_value());
            }
        }
        request
    }
}

/// Builds a [`Login`]; [`LoginBuilder::build`] validates everything.
#[derive(Debug, Clone, Default)]
pub struct LoginBuilder {
    base_url: Option<String>,
    username: Option<String>,
    password: Option<Secret>,
    device: Option<String>,
    environment: Option<String>,
    role: Option<String>,
    auth: LoginAuth,
}

impl LoginBuilder {
    signoff_core::setters! {
        /// The AIS server root.
        base_url: String,
        /// The EnterpriseOne user name.
        username: String,
        /// The password.
        password: Secret,
        /// The device name to bind the token to.
        device: String,
        /// The environment, if not the server's default.
        environment: String,
        /// The role, if not the server's default.
        role: String,
        /// How the credentials travel (Basic by default).
        auth = LoginAuth,
    }

    /// Validates: a base URL; a non-blank user name without `:` or control
    /// characters; a non-empty password; device, environment and role that
    /// can stand in a header value (they may travel in one).
    pub fn build(self) -> Result<Login, BuildError> {
        let base = BaseUrl::required("base_url", self.base_url.as_deref())?;
        let username = BuildError::required("username", self.username)?;
        let password = BuildError::required("password", self.password)?;
        check_credentials(&username, &password)?;
        let mut extra = Vec::new();
        for (param, name, value) in [
            ("environment", ENVIRONMENT_HEADER, &self.environment),
            ("role", ROLE_HEADER, &self.role),
            ("device", DEVICE_HEADER, &self.device),
        ] {
            if let Some(value) = value {
                extra.push((name, header_value(param, value, false)?));
            }
        }
        let form = match self.auth {
            LoginAuth::Basic => Form::Basic {
                authorization: basic_authorization(&username, &password)?,
                headers: extra,
            },
            LoginAuth::Json => Form::Json {
                body: LoginBody {
                    username,
                    password,
                    device_name: self.device,
                    environment: self.environment,
                    role: self.role,
                },
            },
        };
        Ok(Login {
            uri: base.join(LOGIN_PATH, None)?,
            host: header_value("base_url", base.authority(), false)?,
            form,
        })
    }
}

/// A session AIS opened: its token, which [`Logout`](crate::Logout) and
/// [`LogoutToken`](crate::LogoutToken) end. `Debug` and `Serialize` show
/// the token as `[REDACTED]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AisSession {
    /// `userInfo.token`.
    pub token: Secret,
    /// `username`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `environment`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// `role`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl Call for Login {
    type Vendor = crate::Jde;
    const NAME: &'static str = "login";
    const PARAMS: &'static [Param] = &[
        Param::required("base_url", "the AIS server root"),
        Param::required("username", "the EnterpriseOne user name"),
        Param::required("password", "the password"),
        Param::optional("device", "the device name the token is bound to"),
        Param::optional("environment", "the environment, if not the server's default"),
        Param::optional("role", "the role, if not the server's default"),
        Param::optional("auth", "basic (default) or json"),
    ];
    const SECRET_PARAMS: &'static [&'static str] = &["password"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 400, 403, 405, 415, 445, 446, 500];
    /// An object whose `userInfo` holds a string `token`; `username`,
    /// `environment` and `role` strings; everything else tolerated, except
    /// the error envelope's members.
    const SUCCESS: Documents = Documents::json(JsonType::object(
        &[
            JsonMember::required(
                "userInfo",
                JsonType::object(
                    &[JsonMember::required("token", JsonType::String(&[]))],
                    Others::TolerateExcept(ERROR_MEMBERS),
                ),
            ),
            JsonMember::optional("username", JsonType::String(&[])),
            JsonMember::optional("environment", JsonType::String(&[])),
            JsonMember::optional("role", JsonType::String(&[])),
        ],
        Others::TolerateExcept(ERROR_MEMBERS),
    ));
    const SUCCESS_HOLDS_SECRETS: bool = true;

    type Params = LoginParams;
    type Success = AisSession;

    fn build(params: LoginParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn revealed(success: &AisSession) -> Vec<(&'static str, String)> {
        vec![("token", success.token.expose().to_owned())]
    }

    fn success(doc: &Document<'_>, _: &ResponseView<'_>) -> Result<AisSession, String> {
        let value = doc.json().ok_or("the answer is not a JSON object")?;
        let token = value.secret_at(&["userInfo", "token"])?;
        let text = |name: &str| {
            value
                .get(name)
                .and_then(Json::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
        };
        Ok(AisSession {
            token,
            username: text("username"),
            environment: text("environment"),
            role: text("role"),
        })
    }
}

/// Decodes a login response with the default options. An answer on 200
/// that is not the login document keeps no excerpt: it may hold the token.
pub fn decode_login(response: &Response<Bytes>) -> Result<AisSession, Error> {
    Login::decode(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::testing::{api, response as resp};
    use signoff_core::{BuildErrorKind, ErrorKind};

    const JSON: Option<&str> = Some("application/json");

    fn login() -> LoginBuilder {
        Login::builder()
            .base_url("https://ais.example.com")
            .username("JDE")
            .password("JDE")
    }

    #[test]
    fn the_basic_form_sends_headers_and_no_body() {
        let r = login()
            .environment("JDV920")
            .role("*ALL")
            .device("kiosk")
            .build()
            .unwrap()
            .to_request();
        assert_eq!(r.method(), Method::POST);
        assert_eq!(r.uri(), "https://ais.example.com/jderest/v2/tokenrequest");
        assert_eq!(r.headers()["authorization"], "Basic SkRFOkpERQ==");
        assert!(r.headers()["authorization"].is_sensitive());
        assert_eq!(r.headers()["jde-AIS-Auth-Environment"], "JDV920");
        assert_eq!(r.headers()["jde-AIS-Auth-Role"], "*ALL");
        assert_eq!(r.headers()["jde-AIS-Auth-Device"], "kiosk");
        assert!(r.body().is_empty() && r.headers().get("content-type").is_none());
    }

    #[test]
    fn the_json_form_writes_the_login_request() {
        let r = login()
            .password("p\"w")
            .environment("JDV920")
            .auth(LoginAuth::Json)
            .build()
            .unwrap()
            .to_request();
        assert_eq!(r.headers()["content-type"], "application/json");
        assert!(r.headers().get("authorization").is_none());
        assert_eq!(
            r.body().as_ref(),
            br#"{"username":"JDE","password":"p\"w","environment":"JDV920"}"#
        );
        assert!(!format!("{:?}", login().auth(LoginAuth::Json).build().unwrap()).contains("\"JDE\"}"));
    }

    #[test]
    fn refusals() {
        let kind = |b: LoginBuilder| b.build().unwrap_err().kind();
        assert_eq!(kind(login().username(" ")), BuildErrorKind::EmptyParam);
        assert_eq!(kind(login().password("")), BuildErrorKind::EmptyParam);
        assert_eq!(kind(login().username("a:b")), BuildErrorKind::InvalidParam);
        assert_eq!(kind(login().role("a\r\nX: 1")), BuildErrorKind::InvalidHeaderValue);
        assert!(login().username("a:b").auth(LoginAuth::Json).build().is_ok());
    }

    #[test]
    fn the_documented_answer_and_its_errors() {
        let ok = decode_login(&resp(
            200,
            JSON,
            r#"{"username":"JDE","environment":"JDV920","role":"*ALL","jasserver":"http://jas","userInfo":{"token":"044ZQNmLGH+5","langPref":"E"},"userAuthorized":false}"#,
        ))
        .unwrap();
        assert_eq!(ok.token.expose(), "044ZQNmLGH+5");
        assert_eq!(ok.environment.as_deref(), Some("JDV920"));
        assert!(!format!("{ok:?}").contains("044ZQ"));
        for body in [
            r#"{"username":"JDE"}"#,
            r#"{"userInfo":{"token":" "}}"#,
            r#"[{"userInfo":{"token":"t"}}]"#,
        ] {
            assert!(decode_login(&resp(200, JSON, body)).is_err(), "{body}");
        }
        let e = api(decode_login(&resp(403, JSON, r#"{"message":"Authorization Failure"}"#)));
        assert_eq!(e.kind, ErrorKind::Forbidden);
    }
}
