//! The login call: `GET {base}/veridata/v1/auth/login` with Basic
//! credentials, answered by the token that [`Logout`](crate::Logout) ends.
//! Its request, its answer and its declaration, beside each other.

use bytes::Bytes;
use http::header::AUTHORIZATION;
use http::{HeaderValue, Method, Request, Response};
use serde::Serialize;
use signoff_core::doc::{Document, Documents, Json, JsonMember, JsonType, Others};
use signoff_core::{BuildError, Call, CredentialParams, ResponseView, Secret, Target, basic_authorization};

use crate::error::{ERROR_MEMBERS, Error};
use crate::request::{LOGIN_PATH, LogoutBuilder, parse_base, target};

/// The login call's parameters as data: `base_url`, `username` (UTF-8, no
/// `:`), `password` (unknown keys are refused).
pub type LoginParams = CredentialParams;

/// A validated Basic login call. Its `Debug` shows the authorization as
/// `Sensitive`.
#[derive(Debug, Clone)]
pub struct Login {
    target: Target,
    authorization: HeaderValue,
}

impl Login {
    /// The login of data parameters.
    pub fn from_params(params: LoginParams) -> Result<Self, BuildError> {
        Self::builder()
            .base_url(params.base_url)
            .username(params.username)
            .password(params.password)
            .build()
    }

    /// A builder.
    pub fn builder() -> LoginBuilder {
        LoginBuilder::default()
    }

    /// The request: `GET {base}/veridata/v1/auth/login` with `host`,
    /// `accept: application/json` and `authorization: Basic
    /// base64(username:password)`; no body.
    pub fn to_request(&self) -> Request<Bytes> {
        self.target
            .json_request(Method::GET, &[(AUTHORIZATION, &self.authorization)], Bytes::new())
    }
}

/// Builds a [`Login`]; [`LoginBuilder::build`] validates everything.
#[derive(Debug, Clone, Default)]
pub struct LoginBuilder {
    base_url: Option<String>,
    username: Option<String>,
    password: Option<Secret>,
}

impl LoginBuilder {
    signoff_core::setters! {
        /// The Veridata server root.
        base_url: String,
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    }

    /// Validates: a base URL; a non-blank user name without `:` or control
    /// characters (RFC 7617 forbids `:` in the user-id); a non-empty password
    /// (any characters: it travels base64-encoded).
    pub fn build(self) -> Result<Login, BuildError> {
        let base = parse_base(self.base_url.as_deref())?;
        let username = BuildError::required("username", self.username)?;
        let password = BuildError::required("password", self.password)?;
        let authorization = basic_authorization(&username, &password)?;
        Ok(Login {
            target: target(&base, LOGIN_PATH)?,
            authorization,
        })
    }
}

/// A login (or session extend) answer: the token that [`crate::Logout`]
/// ends, and what else the server said about the session.
///
/// `Debug` and `Serialize` show the token as `[REDACTED]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LoginSession {
    /// The session token (a JWT on the releases seen), sent back as
    /// `Authorization: Bearer {token}`.
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

/// The page's `Login` schema, the answer of the login and of the session
/// extend: an object with a string `token`; `sessionTimeout` and `userId`
/// strings or numbers, `username` a string, `roles` a list (or one
/// string); other members tolerated, except the envelope's.
pub(crate) const SESSION_DOCUMENT: Documents = Documents::json(JsonType::object(
    &[
        JsonMember::required("token", JsonType::String(&[])),
        JsonMember::optional("sessionTimeout", JsonType::Text(&[])),
        JsonMember::optional("username", JsonType::String(&[])),
        JsonMember::optional("roles", JsonType::Any),
        JsonMember::optional("userId", JsonType::Text(&[])),
    ],
    Others::TolerateExcept(ERROR_MEMBERS),
));

/// The session a document [`SESSION_DOCUMENT`] accepted describes.
pub(crate) fn session_of(doc: &Document<'_>) -> Result<LoginSession, String> {
    let value = doc.json().ok_or("the answer is not a JSON object")?;
    let token = value.secret_at(&["token"])?;
    let text = |name: &str| {
        value
            .get(name)
            .and_then(Json::as_text)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned)
    };
    let roles = match value.get("roles") {
        Some(Json::Array(items)) => items.iter().filter_map(Json::as_text).map(str::to_owned).collect(),
        Some(v) => v.as_text().map(str::to_owned).into_iter().collect(),
        None => Vec::new(),
    };
    Ok(LoginSession {
        token,
        session_timeout: text("sessionTimeout").and_then(|t| t.trim().parse().ok()),
        username: text("username"),
        roles,
        user_id: text("userId"),
    })
}

impl Call for Login {
    type Vendor = crate::Veridata;
    const NAME: &'static str = "login";
    const PARAMS: &'static [signoff_core::Param] = signoff_core::CREDENTIAL_PARAMS;
    const SECRET_PARAMS: &'static [&'static str] = &["password"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 401];
    const SUCCESS: Documents = SESSION_DOCUMENT;
    const SUCCESS_HOLDS_SECRETS: bool = true;

    type Params = LoginParams;
    type Success = LoginSession;

    fn build(params: LoginParams) -> Result<Request<Bytes>, BuildError> {
        Ok(Login::from_params(params)?.to_request())
    }

    fn revealed(success: &LoginSession) -> Vec<(&'static str, String)> {
        vec![("token", success.token.expose().to_owned())]
    }

    fn success(doc: &Document<'_>, _: &ResponseView<'_>) -> Result<LoginSession, String> {
        session_of(doc)
    }
}

/// Decodes a login response with the default options. An answer on 200
/// that is not the login document keeps no excerpt: it may hold the token.
pub fn decode_login(response: &Response<Bytes>) -> Result<LoginSession, Error> {
    signoff_core::decode::<Login>(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use signoff_core::BuildErrorKind;
    use signoff_core::testing::{api, response as resp};
    use signoff_core::{Error as E, ErrorKind};

    const JSON: Option<&str> = Some("application/json");
    const DOC_ERROR: &str = "{\n    \"errCode\":\"OGGV-00001\",\n    \"errMsg\":\"Error message\"\n}";

    fn login() -> LoginBuilder {
        Login::builder()
            .base_url("https://veridata.example.com:8831/")
            .username("admin")
            .password("welcome1")
    }

    #[test]
    fn builds_the_basic_login() {
        let r = login().build().unwrap().to_request();
        assert_eq!(r.method(), Method::GET);
        assert_eq!(r.uri(), "https://veridata.example.com:8831/veridata/v1/auth/login");
        assert_eq!(r.headers()["authorization"], "Basic YWRtaW46d2VsY29tZTE=");
        assert!(r.headers()["authorization"].is_sensitive());
        assert_eq!(r.headers()["accept"], "application/json");
        assert_eq!(r.headers()["host"], "veridata.example.com:8831");
        assert!(r.headers().get("content-type").is_none());
        assert!(r.body().is_empty());
    }

    #[test]
    fn basic_credentials_are_utf8_and_passwords_are_safely_encoded() {
        let r = login()
            .username("jörg")
            .password("pä:ss\r\n\0")
            .build()
            .unwrap()
            .to_request();
        let value = r.headers()["authorization"].to_str().unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(value.strip_prefix("Basic ").unwrap())
            .unwrap();
        assert_eq!(decoded, "jörg:pä:ss\r\n\0".as_bytes());
        assert!(!value.contains(['\r', '\n', '\0']));
    }

    #[test]
    fn refuses_bad_login_params() {
        let kind = |b: LoginBuilder| b.build().unwrap_err().kind();
        assert_eq!(kind(login().username("ad:min")), BuildErrorKind::InvalidParam);
        assert_eq!(kind(login().username("")), BuildErrorKind::EmptyParam);
        assert_eq!(kind(login().username("  ")), BuildErrorKind::EmptyParam);
        for bad in ["a\r\nb", "a\nb", "a\0b", "a\x1b"] {
            assert_eq!(kind(login().username(bad)), BuildErrorKind::InvalidParam, "{bad:?}");
        }
        assert_eq!(kind(login().password("")), BuildErrorKind::EmptyParam);
        assert_eq!(
            kind(Login::builder().base_url("https://h").password("p")),
            BuildErrorKind::MissingParam
        );
        assert_eq!(
            kind(Login::builder().base_url("https://h").username("u")),
            BuildErrorKind::MissingParam
        );
        assert_eq!(
            kind(Login::builder().username("u").password("p")),
            BuildErrorKind::MissingParam
        );
        assert_eq!(kind(login().base_url("ftp://h")), BuildErrorKind::InvalidBaseUrl);
    }

    #[test]
    fn params_go_through_the_builder() {
        let p: LoginParams = serde_json::from_value(serde_json::json!({
            "base_url": "http://h:8830", "username": "admin", "password": "welcome1"
        }))
        .unwrap();
        assert_eq!(
            Login::from_params(p).unwrap().to_request().headers()["authorization"],
            "Basic YWRtaW46d2VsY29tZTE="
        );
        assert!(
            serde_json::from_value::<LoginParams>(
                serde_json::json!({"base_url": "x", "username": "u", "password": "p", "x": 1})
            )
            .is_err()
        );
    }

    #[test]
    fn the_login_answer() {
        let ok = decode_login(&resp(
            200,
            JSON,
            r#"{"token":"eyJ.x.y","username":"admin","roles":["ADMINISTRATOR"],"userId":7,"sessionTimeout":"1800","extra":1}"#,
        ))
        .unwrap();
        assert_eq!(ok.token.expose(), "eyJ.x.y");
        assert_eq!(
            (ok.username.as_deref(), ok.user_id.as_deref(), ok.session_timeout),
            (Some("admin"), Some("7"), Some(1800))
        );
        assert_eq!(ok.roles, ["ADMINISTRATOR"]);
        for body in [
            r#"{"token":""}"#,
            r#"{"token":["t"]}"#,
            r#"[{"token":"t"}]"#,
            r#"{"token":"t","errCode":"X"}"#,
            r#"{"token":"t","token":"u"}"#,
            r#"{"username":"admin"}"#,
        ] {
            let r = decode_login(&resp(200, JSON, body));
            let excerpt = match &r {
                Err(E::Unexpected(u)) => u.excerpt.to_string(),
                Err(E::Api(e)) => e.excerpt.to_string(),
                Ok(_) => panic!("{body}: {r:?}"),
                Err(_) => unreachable!(),
            };
            assert_eq!(excerpt, signoff_core::REDACTED, "{body}");
        }
        assert_eq!(
            api(decode_login(&resp(401, JSON, DOC_ERROR))).kind,
            ErrorKind::Unauthorized
        );
    }
}
