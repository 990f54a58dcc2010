//! The session extend: `GET {base}/veridata/v1/session/extend` with the
//! bearer token ("Extend User Session" in the Veridata REST reference).
//! It answers the page's `Login` schema (roles, a token, the user id) while
//! the session lives, and 401 once it is gone: the liveness probe after a
//! logout.

use bytes::Bytes;
use http::{Request, Response};
use signoff_core::doc::{Document, Documents};
use signoff_core::{BuildError, Call, ResponseView};

use crate::error::Error;
use crate::login::{LoginSession, SESSION_DOCUMENT, session_of};
use crate::request::{BearerGet, EXTEND_PATH, SessionBuilder, SessionCall, SessionParams};

/// A validated session extend call.
#[derive(Debug, Clone)]
pub struct Extend(BearerGet);

/// The extend call's parameters: the logout's (`base_url`, `token`,
/// `accept`).
pub type ExtendParams = SessionParams<Extend>;

/// Builds an [`Extend`].
pub type ExtendBuilder = SessionBuilder<Extend>;

impl Extend {
    /// A builder.
    pub fn builder() -> ExtendBuilder {
        ExtendBuilder::default()
    }

    /// The request: `GET {base}/veridata/v1/session/extend` with `host`,
    /// `accept` and `authorization: Bearer {token}`; no body.
    pub fn to_request(&self) -> Request<Bytes> {
        self.0.to_request()
    }
}

impl SessionCall for Extend {
    const PATH: &'static str = EXTEND_PATH;

    fn from_request(request: BearerGet) -> Self {
        Self(request)
    }
}

impl Call for Extend {
    type Vendor = crate::Veridata;
    const NAME: &'static str = "extend";
    const PARAMS: &'static [signoff_core::Param] = crate::request::SESSION_PARAMS;
    const SECRET_PARAMS: &'static [&'static str] = &["token"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 400, 401, 404, 500];
    const SUCCESS: Documents = SESSION_DOCUMENT;
    const SUCCESS_HOLDS_SECRETS: bool = true;
    /// A 401 is the dead session's answer. A 404 is not: it is what a
    /// server without this endpoint (an older release) answers, so it
    /// cannot tell.
    const GONE_STATUSES: &'static [u16] = &[401];

    type Params = ExtendParams;
    type Success = LoginSession;

    fn build(params: ExtendParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    fn revealed(success: &LoginSession) -> Vec<(&'static str, String)> {
        vec![("token", success.token.expose().to_owned())]
    }

    fn success(doc: &Document<'_>, _: &ResponseView<'_>) -> Result<LoginSession, String> {
        session_of(doc)
    }
}

/// Decodes a session extend response with the default options: the
/// session, alive, with its (possibly renewed) token; a 401 means the
/// session is gone.
pub fn decode_extend(response: &Response<Bytes>) -> Result<LoginSession, Error> {
    Extend::decode(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::testing::{api, response as resp};
    use signoff_core::{ErrorKind, Liveness};

    const JSON: Option<&str> = Some("application/json");

    #[test]
    fn builds_the_documented_request() {
        let r = Extend::builder()
            .base_url("http://veridata.example.com:8830/veridata/v1/")
            .token("eyJraWQiOiJzaWduLXJ..")
            .build()
            .unwrap()
            .to_request();
        assert_eq!(r.method(), http::Method::GET);
        assert_eq!(r.uri(), "http://veridata.example.com:8830/veridata/v1/session/extend");
        assert_eq!(r.headers()["authorization"], "Bearer eyJraWQiOiJzaWduLXJ..");
        assert!(r.headers()["authorization"].is_sensitive());
        assert!(r.body().is_empty());
    }

    #[test]
    fn the_documented_answer_is_the_session_and_a_401_is_unauthorized() {
        let ok = decode_extend(&resp(
            200,
            JSON,
            r#"{"roles":["ADMINISTRATOR"],"token":"eyJraWQiOiJzaWduLXJ..","userId":1004}"#,
        ))
        .unwrap();
        assert_eq!(ok.token.expose(), "eyJraWQiOiJzaWduLXJ..");
        assert_eq!(ok.roles, ["ADMINISTRATOR"]);
        assert_eq!(ok.user_id.as_deref(), Some("1004"));
        assert!(!format!("{ok:?}").contains("eyJ"));
        let e = api(decode_extend(&resp(
            401,
            JSON,
            r#"{"errCode":"OGGV-00001","errMsg":"Error message"}"#,
        )));
        assert_eq!(e.kind, ErrorKind::Unauthorized);
        // What each answer says about the session.
        let liveness =
            |status, body| Extend::liveness(&decode_extend(&resp(status, JSON, body)), &serde_json::Value::Null);
        let error = r#"{"errCode":"OGGV-00001","errMsg":"Error message"}"#;
        assert_eq!(liveness(200, r#"{"token":"t"}"#), Liveness::Alive);
        assert_eq!(liveness(401, error), Liveness::Gone);
        for status in [400, 404, 500, 502] {
            assert_eq!(liveness(status, error), Liveness::CannotTell, "{status}");
        }
        // A success without its token is no proof the session lives.
        assert!(decode_extend(&resp(200, JSON, r#"{"roles":["ADMINISTRATOR"],"userId":1004}"#)).is_err());
    }
}
