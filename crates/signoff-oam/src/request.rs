//! Building the session-deletion request.

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, HOST};
use http::{HeaderValue, Method, Request, Uri};
use serde::Deserialize;
use signoff_core::{
    Accept, BaseUrl, BuildError, BuildErrorKind, Secret, basic_authorization, encode_query_component, header_value,
    plain_text,
};

/// The session resource, joined to the base URL.
pub const SESSION_PATH: &str = "/oam/services/rest/access/api/v1/session";

/// Which sessions to delete: exactly one selector per call.
///
/// The page: a session id makes every other parameter ignored; a user id
/// deletes all of that user's sessions, narrowed to one identity store by
/// `id_store`. A call with neither is answered 404 by the server, so the
/// builder refuses it (`missing_selector`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Selector {
    /// `sessionId={id}`: one session.
    SessionId(String),
    /// `userId={user_id}[&idStore={id_store}]`: every session of a user.
    User {
        /// The user's login id.
        user_id: String,
        /// The identity store the user belongs to.
        id_store: Option<String>,
    },
}

impl Selector {
    /// A selector by session id.
    pub fn session_id(id: impl Into<String>) -> Self {
        Self::SessionId(id.into())
    }

    /// A selector by user id, in any identity store.
    pub fn user(user_id: impl Into<String>) -> Self {
        Self::User {
            user_id: user_id.into(),
            id_store: None,
        }
    }

    /// A selector by user id in one identity store.
    pub fn user_in_store(user_id: impl Into<String>, id_store: impl Into<String>) -> Self {
        Self::User {
            user_id: user_id.into(),
            id_store: Some(id_store.into()),
        }
    }

    /// The encoded query string (without `?`).
    fn query(&self) -> String {
        match self {
            Self::SessionId(id) => format!("sessionId={}", encode_query_component(id)),
            Self::User { user_id, id_store } => {
                let mut q = format!("userId={}", encode_query_component(user_id));
                if let Some(store) = id_store {
                    q.push_str("&idStore=");
                    q.push_str(&encode_query_component(store));
                }
                q
            }
        }
    }
}

/// The call's parameters as data (the registry and conformance cases use
/// this; unknown keys are refused). Exactly one of `session_id` and
/// `user_id` must be given; `id_store` only with `user_id`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteSessionsParams {
    /// The OAM server root, e.g. `https://oam.example.com:14100`.
    pub base_url: String,
    /// The OAM administrator's user name (Basic authentication).
    pub username: String,
    /// The administrator's password.
    pub password: Secret,
    /// The id of the one session to delete.
    #[serde(default)]
    pub session_id: Option<String>,
    /// The login id of the user whose sessions are deleted.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The identity store of `user_id`.
    #[serde(default)]
    pub id_store: Option<String>,
    /// `application/json` (default) or `application/xml`.
    #[serde(default)]
    pub accept: Option<Accept>,
}

impl DeleteSessionsParams {
    /// Validates the parameters through [`DeleteSessionsBuilder`].
    pub fn build(self) -> Result<DeleteSessions, BuildError> {
        let mut b = DeleteSessions::builder()
            .base_url(self.base_url)
            .username(self.username)
            .password(self.password);
        if let Some(id) = self.session_id {
            b = b.session_id(id);
        }
        if let Some(id) = self.user_id {
            b = b.user_id(id);
        }
        if let Some(store) = self.id_store {
            b = b.id_store(store);
        }
        if let Some(a) = self.accept {
            b = b.accept(a);
        }
        b.build()
    }
}

/// A validated session-deletion call. Its `Debug` shows the
/// `Authorization` header as `Sensitive`.
#[derive(Debug, Clone)]
pub struct DeleteSessions {
    uri: Uri,
    host: HeaderValue,
    authorization: HeaderValue,
    accept: Accept,
    selector: Selector,
}

impl DeleteSessions {
    /// A builder.
    pub fn builder() -> DeleteSessionsBuilder {
        DeleteSessionsBuilder::default()
    }

    /// The selector, its ids trimmed as sent.
    pub fn selector(&self) -> &Selector {
        &self.selector
    }

    /// The request: `DELETE {base}/oam/services/rest/access/api/v1/session?…`
    /// with `host`, `accept` and `authorization` (Basic); no body and no
    /// `Content-Type`.
    pub fn to_request(&self) -> Request<Bytes> {
        let mut request = Request::new(Bytes::new());
        *request.method_mut() = Method::DELETE;
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.insert(HOST, self.host.clone());
        headers.insert(ACCEPT, self.accept.header_value());
        headers.insert(AUTHORIZATION, self.authorization.clone());
        request
    }
}

/// Builds a [`DeleteSessions`]; [`DeleteSessionsBuilder::build`] validates
/// everything.
#[derive(Debug, Clone, Default)]
pub struct DeleteSessionsBuilder {
    base_url: Option<String>,
    username: Option<String>,
    password: Option<Secret>,
    session_id: Option<String>,
    user_id: Option<String>,
    id_store: Option<String>,
    accept: Accept,
}

impl DeleteSessionsBuilder {
    signoff_core::setters! {
        /// The OAM server root (scheme, host, optional port and path prefix).
        base_url: String,
        /// The administrator's user name.
        username: String,
        /// The administrator's password.
        password: Secret,
    }

    /// Sets the selector, replacing any session id, user id and identity
    /// store given before.
    pub fn selector(mut self, selector: Selector) -> Self {
        match selector {
            Selector::SessionId(id) => {
                self.session_id = Some(id);
                self.user_id = None;
                self.id_store = None;
            }
            Selector::User { user_id, id_store } => {
                self.session_id = None;
                self.user_id = Some(user_id);
                self.id_store = id_store;
            }
        }
        self
    }

    signoff_core::setters! {
        /// The id of the one session to delete (raw, not encoded: the builder
        /// encodes it). Conflicts with [`user_id`](Self::user_id).
        session_id: String,
        /// The login id of the user whose sessions are deleted. Conflicts with
        /// [`session_id`](Self::session_id).
        user_id: String,
        /// The identity store of the user; only with [`user_id`](Self::user_id).
        id_store: String,
        /// The media type asked for (`application/json` by default).
        accept = Accept,
    }

    /// Validates: a base URL; a user name without `:`; a non-empty
    /// password; exactly one selector whose ids, once their surrounding
    /// whitespace is trimmed, are non-empty and hold no control character.
    pub fn build(self) -> Result<DeleteSessions, BuildError> {
        let base = BaseUrl::required("base_url", self.base_url.as_deref())?;
        let username = BuildError::required("username", self.username)?;
        let password = BuildError::required("password", self.password)?;
        let authorization = basic_authorization(&username, &password)?;
        let selector = match (self.session_id, self.user_id, self.id_store) {
            (None, None, None) => {
                return Err(BuildError::new(
                    BuildErrorKind::MissingSelector,
                    "session_id",
                    "one of session_id or user_id is required (without either the server answers 404)",
                ));
            }
            (Some(_), Some(_), _) => {
                return Err(BuildError::new(
                    BuildErrorKind::ConflictingParams,
                    "user_id",
                    "session_id and user_id exclude each other (the server would ignore user_id)",
                ));
            }
            (_, None, Some(_)) => {
                return Err(BuildError::new(
                    BuildErrorKind::ConflictingParams,
                    "id_store",
                    "id_store is only meaningful with user_id (the server would ignore it)",
                ));
            }
            (Some(id), None, None) => Selector::SessionId(id_param("session_id", &id)?),
            (None, Some(user_id), store) => Selector::User {
                user_id: id_param("user_id", &user_id)?,
                id_store: store.map(|s| id_param("id_store", &s)).transpose()?,
            },
        };
        let host = header_value("base_url", base.authority(), false)?;
        Ok(DeleteSessions {
            uri: base.join(SESSION_PATH, Some(&selector.query()))?,
            host,
            authorization,
            accept: self.accept,
            selector,
        })
    }
}

/// An id travelling in the query: no control character anywhere, then
/// trimmed of surrounding whitespace (the page's `sessionId= 3b84…`), then
/// non-empty.
fn id_param(param: &str, value: &str) -> Result<String, BuildError> {
    plain_text(param, value)?;
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(BuildError::new(
            BuildErrorKind::EmptyParam,
            param,
            "must not be empty or only whitespace",
        ));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    const PAGE_ID: &str = "3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA=";

    fn base() -> DeleteSessionsBuilder {
        DeleteSessions::builder()
            .base_url("http://oam.example.com:14100/")
            .username("admin")
            .password("secret")
    }

    fn kind(b: DeleteSessionsBuilder) -> BuildErrorKind {
        b.build().unwrap_err().kind()
    }

    #[test]
    fn builds_the_documented_session_id_request() {
        // The page's id with its stray leading space.
        let r = base().session_id(format!(" {PAGE_ID}")).build().unwrap().to_request();
        assert_eq!(r.method(), Method::DELETE);
        assert_eq!(
            r.uri(),
            "http://oam.example.com:14100/oam/services/rest/access/api/v1/session?sessionId=\
             3b844e4d-9019-4928-9dca-3ba2ebbf475d%7CU90idWYSK4hXcdo6LlVD2%2BJuHBLvbGtCbbhlfmoDvMA%3D"
        );
        assert_eq!(r.headers()["authorization"], "Basic YWRtaW46c2VjcmV0");
        assert!(r.headers()["authorization"].is_sensitive());
        assert_eq!(r.headers()["accept"], "application/json");
        assert_eq!(r.headers()["host"], "oam.example.com:14100");
        assert!(r.headers().get("content-type").is_none());
        assert_eq!(r.headers().len(), 3);
        assert!(r.body().is_empty());
    }

    #[test]
    fn builds_the_documented_user_id_request() {
        let r = base().user_id("user3").build().unwrap().to_request();
        assert_eq!(
            r.uri().path_and_query().unwrap(),
            "/oam/services/rest/access/api/v1/session?userId=user3"
        );
        let r = base()
            .selector(Selector::user_in_store("user3", "UserIdentityStore1"))
            .accept(Accept::Xml)
            .build()
            .unwrap()
            .to_request();
        assert_eq!(r.uri().query(), Some("userId=user3&idStore=UserIdentityStore1"));
        assert_eq!(r.headers()["accept"], "application/xml");
    }

    #[test]
    fn ids_are_encoded_as_strict_query_components() {
        let r = base()
            .user_id("a b+c|d=e/f&g#h?i%j")
            .id_store("s&t=u")
            .build()
            .unwrap()
            .to_request();
        assert_eq!(
            r.uri().query(),
            Some("userId=a%20b%2Bc%7Cd%3De%2Ff%26g%23h%3Fi%25j&idStore=s%26t%3Du")
        );
        let r = base().session_id("é~-._").build().unwrap().to_request();
        assert_eq!(r.uri().query(), Some("sessionId=%C3%A9~-._"));
    }

    #[test]
    fn selector_rules() {
        assert_eq!(kind(base()), BuildErrorKind::MissingSelector);
        assert_eq!(
            kind(base().session_id("s").user_id("u")),
            BuildErrorKind::ConflictingParams
        );
        assert_eq!(
            kind(base().session_id("s").id_store("x")),
            BuildErrorKind::ConflictingParams
        );
        assert_eq!(kind(base().id_store("x")), BuildErrorKind::ConflictingParams);
        // selector() replaces whatever was set.
        let call = base()
            .user_id("u")
            .id_store("x")
            .selector(Selector::session_id("s"))
            .build()
            .unwrap();
        assert_eq!(call.selector(), &Selector::SessionId("s".into()));
    }

    #[test]
    fn ids_are_trimmed_and_refused_when_empty_or_controlled() {
        let call = base().user_id("  user3\u{a0}").id_store(" store ").build().unwrap();
        assert_eq!(call.selector(), &Selector::user_in_store("user3", "store"));
        for empty in ["", "   "] {
            assert_eq!(kind(base().session_id(empty)), BuildErrorKind::EmptyParam);
            assert_eq!(kind(base().user_id(empty)), BuildErrorKind::EmptyParam);
            assert_eq!(kind(base().user_id("u").id_store(empty)), BuildErrorKind::EmptyParam);
        }
        for bad in ["a\r\nb", "a\n", "\0", "a\tb", "x\u{7f}", "\u{85}x"] {
            assert_eq!(kind(base().session_id(bad)), BuildErrorKind::InvalidParam, "{bad:?}");
            assert_eq!(kind(base().user_id(bad)), BuildErrorKind::InvalidParam, "{bad:?}");
            assert_eq!(
                kind(base().user_id("u").id_store(bad)),
                BuildErrorKind::InvalidParam,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn credentials_rules() {
        assert_eq!(kind(base().username("a:b").user_id("u")), BuildErrorKind::InvalidParam);
        assert_eq!(kind(base().username("").user_id("u")), BuildErrorKind::EmptyParam);
        assert_eq!(
            kind(base().username("a\r\nb").user_id("u")),
            BuildErrorKind::InvalidParam
        );
        assert_eq!(kind(base().password("").user_id("u")), BuildErrorKind::EmptyParam);
        let missing = |b: DeleteSessionsBuilder| b.build().unwrap_err().param().to_owned();
        assert_eq!(
            missing(DeleteSessions::builder().username("a").password("p")),
            "base_url"
        );
        assert_eq!(
            missing(DeleteSessions::builder().base_url("https://h").password("p")),
            "username"
        );
        assert_eq!(
            missing(DeleteSessions::builder().base_url("https://h").username("a")),
            "password"
        );
        assert_eq!(
            kind(base().base_url("oam.example.com").user_id("u")),
            BuildErrorKind::InvalidBaseUrl
        );
        // Passwords may hold anything: base64 makes it header-safe.
        let r = base()
            .username("José")
            .password("p:ä\r\n")
            .user_id("u")
            .build()
            .unwrap()
            .to_request();
        let expected = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("José:p:ä\r\n".as_bytes())
        );
        assert_eq!(r.headers()["authorization"], expected.as_str());
    }

    #[test]
    fn params_go_through_the_builder() {
        let p: DeleteSessionsParams = serde_json::from_value(serde_json::json!({
            "base_url": "https://h", "username": "a", "password": "p",
            "user_id": "u", "id_store": "s", "accept": "application/xml"
        }))
        .unwrap();
        let r = p.build().unwrap().to_request();
        assert_eq!(r.uri().query(), Some("userId=u&idStore=s"));
        assert_eq!(r.headers()["accept"], "application/xml");
        let p: DeleteSessionsParams = serde_json::from_value(serde_json::json!({
            "base_url": "https://h", "username": "a", "password": "p", "session_id": "s", "user_id": "u"
        }))
        .unwrap();
        assert_eq!(p.build().unwrap_err().kind(), BuildErrorKind::ConflictingParams);
    }

    #[test]
    fn no_debug_or_error_shows_the_password() {
        const CANARY: &str = "CANARY-pw-7f3e";
        let call = base().password(CANARY).user_id("u").build().unwrap();
        let enc = base64::engine::general_purpose::STANDARD.encode(format!("admin:{CANARY}"));
        for s in [format!("{call:?}"), format!("{:?}", call.to_request())] {
            assert!(!s.contains(CANARY) && !s.contains(&enc), "{s}");
        }
        let builder = base().password(CANARY);
        assert!(!format!("{builder:?}").contains(CANARY));
        let e = builder.clone().build().unwrap_err();
        assert!(!format!("{e:?} {e}").contains(CANARY));
        let e = builder.username("a:b").user_id("u").build().unwrap_err();
        assert!(!format!("{e:?} {e}").contains(CANARY));
        let p: DeleteSessionsParams = serde_json::from_value(serde_json::json!({
            "base_url": "https://h", "username": "a", "password": CANARY, "user_id": "u"
        }))
        .unwrap();
        assert!(!format!("{p:?}").contains(CANARY));
    }
}
