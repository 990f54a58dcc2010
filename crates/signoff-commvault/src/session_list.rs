//! The session details, `sessions`: `GET {base}/Session?userId={id}` with
//! the `Authtoken` header ("REST API - GET Session Details", the call the
//! seed page points to for finding a session id). It answers a user's
//! sessions: ids, console type, login and logout times (`0` while the
//! session lives), so "end every session of user X" is `sessions`, then
//! `logout` with the ids whose logout time is `0`.
//!
//! JSON is asked for and read (the reference documents both; the JSON
//! form is its schema, `{"sessions": [...]}`).

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method, Request, Response};
use serde::{Deserialize, Serialize};
use signoff_core::doc::{Document, Documents, Json, JsonMember, JsonType, Others};
use signoff_core::{
    BaseUrl, BuildError, BuildErrorKind, Call, Liveness, Param, ResponseView, Secret, Target, encode_query_component,
    header_value, plain_text,
};

use crate::error::Error;
use crate::request::AUTHTOKEN_HEADER;

/// The session details path, joined to the web service root.
pub const SESSION_DETAILS_PATH: &str = "Session";

/// The session details' parameters as data (unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionListParams {
    /// The web service root.
    pub base_url: String,
    /// The caller's token (listing another user's sessions needs the Add,
    /// Delete and Modify a User permission).
    pub authtoken: Secret,
    /// The user whose sessions are listed (the numeric id `GET /User`
    /// gives).
    pub user_id: String,
}

impl SessionListParams {
    /// Validates the parameters.
    pub fn build(self) -> Result<SessionList, BuildError> {
        SessionList::new(&self.base_url, &self.authtoken, &self.user_id)
    }
}

/// A validated session details call. Its `Debug` shows the token as
/// `Sensitive`.
#[derive(Debug, Clone)]
pub struct SessionList {
    target: Target,
    authtoken: HeaderValue,
}

impl SessionList {
    /// Validates: a base URL, a token that can stand in a header, a user id
    /// of decimal digits (as Commvault's ids are).
    pub fn new(base_url: &str, authtoken: &Secret, user_id: &str) -> Result<Self, BuildError> {
        let base = BaseUrl::parse("base_url", base_url)?;
        plain_text("user_id", user_id)?;
        let user_id = user_id.trim();
        if user_id.is_empty() || !user_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BuildError::new(
                BuildErrorKind::InvalidParam,
                "user_id",
                "must be the user's numeric id (GET /User gives it)",
            ));
        }
        let query = format!("userId={}", encode_query_component(user_id));
        Ok(Self {
            target: base.target(SESSION_DETAILS_PATH, Some(&query))?,
            authtoken: header_value("authtoken", authtoken.expose(), true)?,
        })
    }

    /// The request: `GET {base}/Session?userId={id}` with `host`,
    /// `accept: application/json` and `Authtoken`; no body.
    pub fn to_request(&self) -> Request<Bytes> {
        self.target.json_request(
            Method::GET,
            &[(HeaderName::from_static(AUTHTOKEN_HEADER), &self.authtoken)],
            Bytes::new(),
        )
    }
}

/// One session of the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SessionInfo {
    /// `sessionId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// `consoleType` (5 CommCell Console, 13 command line, 14 remote
    /// console, 19 Web Console and mobile), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub console_type: Option<String>,
    /// `loginTime`, seconds since 1970, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_time: Option<String>,
    /// `logoutTime`: `0` while the session lives, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logout_time: Option<String>,
    /// `host`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// `user.userName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

impl SessionInfo {
    /// Whether the session has not logged off (`logoutTime` is `0` or
    /// absent).
    pub fn is_live(&self) -> bool {
        self.logout_time.as_deref().is_none_or(|t| t.trim() == "0")
    }
}

/// The user's sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Sessions {
    /// Every session listed.
    pub sessions: Vec<SessionInfo>,
}

const SESSION: JsonType = JsonType::object(
    &[
        JsonMember::optional("sessionId", JsonType::Text(&[])),
        JsonMember::optional("consoleType", JsonType::Text(&[])),
        JsonMember::optional("loginTime", JsonType::Text(&[])),
        JsonMember::optional("logoutTime", JsonType::Text(&[])),
        JsonMember::optional("host", JsonType::String(&[])),
        JsonMember::optional("user", JsonType::Any),
    ],
    Others::TolerateExcept(&["errorCode", "errorMessage", "errorString", "errLogMessage"]),
);

impl Call for SessionList {
    type Vendor = crate::Commvault;
    const NAME: &'static str = "sessions";
    const PARAMS: &'static [Param] = &[
        Param::required("base_url", "the web service root"),
        Param::required(
            "authtoken",
            "the caller's token (another user's sessions need user admin rights)",
        ),
        Param::required("user_id", "the numeric id of the user whose sessions are listed"),
    ];
    const SECRET_PARAMS: &'static [&'static str] = &["authtoken"];
    const DOCUMENTED_STATUSES: &'static [u16] = &[200, 401, 500];
    /// `{"sessions": [...]}` (no member: no session), each session's
    /// fields as text; Commvault's error fields refused anywhere in it.
    const SUCCESS: Documents = Documents::json(JsonType::object(
        &[JsonMember::optional("sessions", JsonType::ArrayOf(&SESSION))],
        Others::TolerateExcept(&["errorCode", "errorMessage", "errorString", "errLogMessage", "errList"]),
    ));

    type Params = SessionListParams;
    type Success = Sessions;

    fn build(params: SessionListParams) -> Result<Request<Bytes>, BuildError> {
        Ok(params.build()?.to_request())
    }

    /// As the logout's probe: `Alive` when any ended id (`session_ids` of
    /// the logout's parameters) is listed with logout time `0`, `Gone` when
    /// the list holds none of them live, `CannotTell` on any error (a 401
    /// here is about the caller's token, not the ended sessions) or when
    /// the logout named no id.
    fn liveness(result: &Result<Sessions, Error>, ended: &serde_json::Value) -> Liveness {
        let ids: Vec<&str> = ended
            .get("session_ids")
            .and_then(serde_json::Value::as_array)
            .map(|ids| {
                ids.iter()
                    .filter_map(serde_json::Value::as_str)
                    .map(str::trim)
                    .collect()
            })
            .unwrap_or_default();
        match result {
            Ok(_) if ids.is_empty() => Liveness::CannotTell,
            Ok(list) => {
                let live = list.sessions.iter().filter(|s| s.is_live()).any(|s| {
                    s.session_id
                        .as_deref()
                        .is_some_and(|id| ids.iter().any(|ended| ended.eq_ignore_ascii_case(id.trim())))
                });
                if live { Liveness::Alive } else { Liveness::Gone }
            }
            Err(_) => Liveness::CannotTell,
        }
    }

    fn success(doc: &Document<'_>, _: &ResponseView<'_>) -> Result<Sessions, String> {
        let value = doc.json().ok_or("the answer is not a JSON object")?;
        let sessions = match value.get("sessions") {
            Some(Json::Array(items)) => items
                .iter()
                .map(|s| {
                    let text = |name: &str| s.get(name).and_then(Json::as_text).map(str::to_owned);
                    SessionInfo {
                        session_id: text("sessionId"),
                        console_type: text("consoleType"),
                        login_time: text("loginTime"),
                        logout_time: text("logoutTime"),
                        host: text("host"),
                        user_name: s
                            .get("user")
                            .and_then(|u| u.get("userName"))
                            .and_then(Json::as_text)
                            .map(str::to_owned),
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Sessions { sessions })
    }
}

/// Decodes a session details response with the default options.
pub fn decode_sessions(response: &Response<Bytes>) -> Result<Sessions, Error> {
    SessionList::decode(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signoff_core::testing::{api, response as resp};

    const JSON: Option<&str> = Some("application/json");

    #[test]
    fn builds_the_documented_request() {
        let r = SessionList::new(
            "https://client.mydomain.com/webconsole/api",
            &Secret::new("QSDK 1"),
            "10",
        )
        .unwrap()
        .to_request();
        assert_eq!(r.uri(), "https://client.mydomain.com/webconsole/api/Session?userId=10");
        assert!(r.headers()["authtoken"].is_sensitive());
        for bad in ["", "1 0", "10&x=1", "ten"] {
            assert!(
                SessionList::new("https://h", &Secret::new("t"), bad).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn reads_the_sessions_and_their_logout_times() {
        let ok = decode_sessions(&resp(
            200,
            JSON,
            r#"{"sessions":[{"logoutTime":0,"loginTime":1700000000,"host":"client","sessionId":"CF1C660B","consoleType":19,"user":{"userName":"alice","userId":10}},{"logoutTime":1700000500,"sessionId":"EMCAE92D"}]}"#,
        ))
        .unwrap();
        assert_eq!(ok.sessions.len(), 2);
        assert!(ok.sessions[0].is_live() && !ok.sessions[1].is_live());
        assert_eq!(ok.sessions[0].user_name.as_deref(), Some("alice"));
        assert_eq!(decode_sessions(&resp(200, JSON, "{}")).unwrap().sessions, []);
        assert!(decode_sessions(&resp(200, JSON, r#"[{"sessionId":"x"}]"#)).is_err());
        let e = api(decode_sessions(&resp(
            200,
            JSON,
            r#"{"errorCode":5,"errorMessage":"Invalid token"}"#,
        )));
        assert_eq!(e.code.as_deref(), Some("5"));
    }

    #[test]
    fn as_the_logouts_probe_the_ended_ids_decide() {
        let list = r#"{"sessions":[{"sessionId":"A","logoutTime":0},{"sessionId":"B","logoutTime":1700000500}]}"#;
        let liveness = |ids: serde_json::Value, status, body| {
            SessionList::liveness(
                &decode_sessions(&resp(status, JSON, body)),
                &serde_json::json!({ "session_ids": ids }),
            )
        };
        assert_eq!(liveness(serde_json::json!(["a"]), 200, list), Liveness::Alive);
        assert_eq!(liveness(serde_json::json!(["B", "C"]), 200, list), Liveness::Gone);
        assert_eq!(liveness(serde_json::json!([]), 200, list), Liveness::CannotTell);
        assert_eq!(
            liveness(serde_json::json!(["A"]), 401, r#"{"errorCode":1}"#),
            Liveness::CannotTell
        );
    }
}
