//! The session lookup, `session`: `GET
//! {base}/oam/services/rest/access/api/v1/session/{sessionId}` ("Gets a
//! session whose session id is provided in the path", OAM Session
//! Management REST reference), with the administrator's Basic credentials.
//!
//! The id travels as one path segment, percent-encoded (every byte outside
//! the unreserved set, `|`, `+`, `=` and `/` included), so no id can add a
//! segment, a query or a fragment. The reference answers 200 with the
//! session's `SessionData` while it lives, 401 (unauthorized), 404 ("Users
//! OAM Session not found"), 408 ("Session that was being retrieved has timed
//! out") and 500: 404 and 408 are the probe's "gone".
//!
//! The reference gives the `SessionData` schema but no XML example of it on
//! its own: the codec asks for and reads JSON only (`accept = xml` is
//! refused), so no guessed root element is ever taken for a session.

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, HOST};
use http::{HeaderValue, Method, Request, Response, Uri};
use serde::{Deserialize, Serialize};
use signoff_core::doc::{Document, Documents, Json, JsonMember, JsonType, Others};
use signoff_core::{
    Accept, BaseUrl, BuildError, BuildErrorKind, Call, Param, ResponseView, Secret, basic_authorization,
    encode_query_component, header_value, plain_text,
};

use crate::error::Error;
use crate::request::SESSION_PATH;
use crate::response::ERROR_NAMES;

/// The lookup's parameters as data (unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionLookupParams {
    /// The OAM server root.
    pub base_url: String,
    /// The administrator's user name.
    pub username: String,
    /// The administrator's password.
    pub password: Secret,
    /// The session's id.
    pub session_id: String,
    /// `application/json`, the default and the only one read.
    #[serde(default)]
    pub accept: Option<Accept>,
}

impl SessionLookupParams {
    /// Validates the parameters.
    pub fn build(self) -> Result<SessionLookup, BuildError> {
        SessionLookupBuilder {
            base_url: Some(self.base_url),
            username: Some(self.username),
            password: Some(self.password),
            session_id: Some(self.session_id),
            accept: self.accept.unwrap_or_default(),
        }
        .build()
    }
}

/// A validated session lookup. Its `Debug` shows the authorization as
/// `Sensitive`.
#[derive(Debug, Clone)]
pub struct SessionLookup {
    uri: Uri,
    host: HeaderValue,
    authorization: HeaderValue,
}

impl SessionLookup {
    /// A builder.
    pub fn builder() -> SessionLookupBuilder {
        SessionLookupBuilder::default()
    }

    /// The request: `GET {base}/oam/services/rest/access/api/v1/session/{id}`
    /// with `host`, `accept: application/json` and the Basic
    /// `authorization`; no body.
    pub fn to_request(&self) -> Request<Bytes> {
        let mut request = Request::new(Bytes::new());
        *request.method_mut() = Method::GET;
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.insert(HOST, self.host.clone());
        headers.insert(ACCEPT, Accept::Json.header_value());
        headers.insert(AUTHORIZATION, self.authorization.clone());
        request
    }
}

/// Builds a [`SessionLookup`]; [`SessionLookupBuilder::build`] validates
/// everything.
#[derive(Debug, Clone, Default)]
pub struct SessionLookupBuilder {
    base_url: Option<String>,
    username: Option<String>,
    password: Option<Secret>,
    session_id: Option<String>,
    accept: Accept,
}

impl SessionLookupBuilder {
    signoff_core::setters! {
        /// The OAM server root.
        base_url: String,
        /// The administrator's user name.
        username: String,
        /// The administrator's password.
        password: Secret,
        /// The session's id (raw: the builder encodes it).
        session_id: String,
        /// The media type asked for; only JSON is read.
        accept = Accept,
    }

    /// Validates: a base URL, Basic credentials, a session id with no
    /// control character that is not blank once trimmed, JSON.
    pub fn build(self) -> Result<SessionLookup, BuildError> {
        let base = BaseUrl::required("base_url", self.base_url.as_deref())?;
        let username = BuildError::required("username", self.username)?;
        let password = BuildError::required("password", self.password)?;
        let authorization = basic_authorization(&username, &password)?;
        let id = BuildError::required("session_id", self.session_id)?;
        plain_text("session_id", &id)?;
        let id = id.trim();
        if id.is_empty() {
            return Err(BuildError::new(
                BuildErrorKind::EmptyParam,
                "session_id",
                "must not be empty or only whitespace",
            ));
        }
        if self.accept != Accept::Json {
            return Err(BuildError::new(
                BuildErrorKind::InvalidParam,
                "accept",
                "the session lookup is read as JSON only",
            ));
        }
        let path = format!("{SESSION_PATH}/{}", encode_query_component(id));
        Ok(SessionLookup {
            uri: base.join(&path, None)?,
            host: header_value("base_url", base.authority(), false)?,
            authorization,
        })
    }
}

/// The session lives: what the lookup's `SessionData` says of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SessionFound {
    /// `sessionId`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// `userId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// `expiryTime`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_time: Option<String>,
}

impl Call for SessionLookup {
    type Vendor = crate::Oam;
    const NAME: &'static str = "session";
    const PARAMS: &'static [Param] = &[
        Param::required("base_url", "the OAM server root"),
        Param::required("username", "the administrator's user name"),
        Param::required("password", "the administrator's password"),
        Param::required("session_id", "the session's id"),
        Param::optional("accept", "application/json (default; the only one read)"),
    ];
    const SECRET_PARAMS: &'static [&'static str] = &["password"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 401, 404, 408, 500];
    /// A `SessionData` object naming its user (`userId`, a string or
    /// number); its other fields tolerated, the error envelope's refused.
    const SUCCESS: Documents = Documents::json(JsonType::object(
        &[
            JsonMember::required("userId", JsonType::Scalar),
            JsonMember::optional("sessionId", JsonType::Scalar),
            JsonMember::optional("expiryTime", JsonType::Scalar),
        ],
        Others::TolerateExcept(ERROR_NAMES),
    ));
    /// 404: not found; 408: timed out.
    const GONE_STATUSES: &'static [u16] = &[404, 408];

    type Params = SessionLookupParams;
    type Success = SessionFound;

    fn build(params: SessionLookupParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn success(doc: &Document<'_>, _: &ResponseView<'_>) -> Result<SessionFound, String> {
        let value = doc.json().ok_or("the answer is not a JSON object")?;
        let text = |name: &str| value.get(name).and_then(Json::as_text).map(str::to_owned);
        Ok(SessionFound {
            session_id: text("sessionId"),
            user_id: text("userId"),
            expiry_time: text("expiryTime"),
        })
    }
}

/// Decodes a session lookup response with the default options.
pub fn decode_session(response: &Response<Bytes>) -> Result<SessionFound, Error> {
    SessionLookup::decode(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::testing::response as resp;
    use signoff_core::{Liveness, Secret};

    const JSON: Option<&str> = Some("application/json");

    fn lookup() -> SessionLookupBuilder {
        SessionLookup::builder()
            .base_url("http://oam.example.com:14100")
            .username("weblogic")
            .password(Secret::new("secret"))
    }

    #[test]
    fn the_id_is_one_encoded_path_segment() {
        let r = lookup()
            .session_id(" 3b84|U90i+Jz=/x?y#z ")
            .build()
            .unwrap()
            .to_request();
        assert_eq!(r.method(), Method::GET);
        assert_eq!(
            r.uri(),
            "http://oam.example.com:14100/oam/services/rest/access/api/v1/session/3b84%7CU90i%2BJz%3D%2Fx%3Fy%23z"
        );
        assert!(r.uri().query().is_none());
        assert!(r.headers()["authorization"].is_sensitive());
        for bad in ["", "  ", "a\r\nb"] {
            assert!(lookup().session_id(bad).build().is_err(), "{bad:?}");
        }
        assert!(lookup().session_id("x").accept(Accept::Xml).build().is_err());
    }

    #[test]
    fn the_answers_say_alive_gone_or_cannot_tell() {
        let liveness = |status, body| {
            SessionLookup::liveness(&decode_session(&resp(status, JSON, body)), &serde_json::Value::Null)
        };
        assert_eq!(
            liveness(
                200,
                r#"{"userId":"user5","sessionId":"3b84","expiryTime":"2026-12-05T16:00:00Z"}"#
            ),
            Liveness::Alive
        );
        assert_eq!(liveness(404, ""), Liveness::Gone);
        assert_eq!(liveness(408, ""), Liveness::Gone);
        for status in [401, 500, 503] {
            assert_eq!(liveness(status, ""), Liveness::CannotTell, "{status}");
        }
        // A list, an error tucked in, or the results document is no session.
        for body in [
            r#"[{"userId":"u"}]"#,
            r#"{"userId":"u","errorCode":"OAM-1"}"#,
            r#"{"totalRecords":1,"sessions":[]}"#,
        ] {
            assert_eq!(liveness(200, body), Liveness::CannotTell, "{body}");
        }
        let found = decode_session(&resp(200, JSON, r#"{"userId":"user5","sessionId":"3b84"}"#)).unwrap();
        assert_eq!(found.user_id.as_deref(), Some("user5"));
    }
}
