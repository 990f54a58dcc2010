//! Commvault: `DELETE /webconsole/api/Sessions`, `Authtoken`, an
//! `Api_LogoffUsersRequest` body; `GET .../Session?userId=` (the session
//! details: every session of a user, an ended one with its logout time),
//! `POST .../Login` (a configured user, the password base64-encoded) and
//! `POST .../Logout` (the caller's own token).

use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use serde_json::json;
use signoff_commvault::decode_request_body;

use crate::Vendor;
use crate::reply::{self, wants_xml, xml_escape};
use crate::state::{self, CommvaultSession, Shared};

/// The web service root.
pub(crate) const ROOT: &str = "/webconsole/api";

/// The log-off path.
/// The calls this module serves (registry names).
pub(crate) const CALLS: &[&str] = &["logout", "sessions", "login", "logout_self"];

pub(crate) const PATH: &str = "/webconsole/api/Sessions";

/// The emulator's error codes (Commvault documents none for this call).
const BAD_TOKEN: u16 = 1;
const BAD_REQUEST: u16 = 2;
const DEAD_SESSION: u16 = 5;

pub(crate) fn handle(shared: &Shared, req: &Request<Bytes>, now: SystemTime) -> Response<Bytes> {
    let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()).max(1);
    // IIS paths are case-insensitive.
    let xml = wants_xml(req.headers(), true);
    let path = req.uri().path();
    let under = |name: &str| {
        path.get(..ROOT.len()).is_some_and(|p| p.eq_ignore_ascii_case(ROOT))
            && path
                .get(ROOT.len()..)
                .is_some_and(|rest| rest.eq_ignore_ascii_case(&format!("/{name}")))
    };
    if under(signoff_commvault::LOGIN_PATH) {
        return login(shared, req, now);
    }
    if under(signoff_commvault::LOGOUT_PATH) {
        return logout_self(shared, req, now);
    }
    if under(signoff_commvault::SESSION_DETAILS_PATH) {
        return session_details(shared, req);
    }
    if !req.uri().path().eq_ignore_ascii_case(PATH) {
        return error(xml, StatusCode::NOT_FOUND, 404, "The requested resource was not found.");
    }
    if req.method() != Method::DELETE {
        return error(xml, StatusCode::METHOD_NOT_ALLOWED, 405, "The method is not allowed.");
    }
    let token = req
        .headers()
        .get(signoff_commvault::AUTHTOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if token.is_empty() || !shared.lock().commvault_tokens.contains_key(token) {
        return error(
            xml,
            StatusCode::UNAUTHORIZED,
            BAD_TOKEN,
            "Invalid authorization token provided.",
        );
    }
    let content_type = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ids = match decode_request_body(content_type, req.body()) {
        Ok(ids) => ids,
        Err(e) => {
            return error(
                xml,
                StatusCode::BAD_REQUEST,
                BAD_REQUEST,
                &format!("The request body is not a valid Api_LogoffUsersRequest: {e}"),
            );
        }
    };
    // All or nothing: every named session must be live, and all of them
    // end in the one critical section.
    let dead = {
        let mut t = shared.lock();
        let live = |s: Option<&CommvaultSession>| s.is_some_and(CommvaultSession::is_live);
        let dead = ids.iter().filter(|id| !live(t.commvault_sessions.get(*id))).count();
        if dead == 0 {
            let mut ended = 0;
            for id in &ids {
                if let Some(s) = t.commvault_sessions.get_mut(id).filter(|s| s.is_live()) {
                    s.logout_time = now;
                    ended += 1;
                }
            }
            t.ended.add(Vendor::Commvault, ended);
        }
        dead
    };
    if dead > 0 {
        return error(
            xml,
            StatusCode::UNAUTHORIZED,
            DEAD_SESSION,
            &format!(
                "{dead} of the {} sessions named are not valid or have expired; none was logged off.",
                ids.len()
            ),
        );
    }
    if xml {
        reply::xml(StatusCode::OK, "<Api_LogoffUsersResponse />".to_owned())
    } else {
        reply::json(StatusCode::OK, &json!({}))
    }
}

/// Commvault's generic error document, `App_GenericResp`, in XML or JSON.
pub(crate) fn error(xml: bool, status: StatusCode, code: u16, message: &str) -> Response<Bytes> {
    if xml {
        reply::xml(
            status,
            format!(
                "<App_GenericResp errorCode=\"{code}\" errorMessage=\"{}\" />",
                xml_escape(message)
            ),
        )
    } else {
        reply::json(status, &json!({"errorCode": code, "errorMessage": message}))
    }
}

/// The error document for an injected or transport-level status.
pub(crate) fn fault(req_xml: bool, status: StatusCode) -> Response<Bytes> {
    error(req_xml, status, status.as_u16(), reply::reason(status))
}

/// The caller's token, when the table knows it.
fn known_token(shared: &Shared, req: &Request<Bytes>) -> Option<String> {
    let token = req
        .headers()
        .get(signoff_commvault::AUTHTOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)?;
    shared
        .lock()
        .commvault_tokens
        .contains_key(token)
        .then(|| token.to_owned())
}

/// The login: a configured user's credentials (the password base64) open
/// a session of that user and a token; others are answered, as Commvault
/// does, by a 200 carrying `errList`.
fn login(shared: &Shared, req: &Request<Bytes>, now: u64) -> Response<Bytes> {
    use base64::Engine as _;
    if req.method() != Method::POST {
        return error(false, StatusCode::METHOD_NOT_ALLOWED, 405, "The method is not allowed.");
    }
    let Some((user, password)) = login_fields(req) else {
        return error(
            false,
            StatusCode::BAD_REQUEST,
            BAD_REQUEST,
            "The request body is not a login request.",
        );
    };
    let password = base64::engine::general_purpose::STANDARD
        .decode(password)
        .ok()
        .and_then(|p| String::from_utf8(p).ok())
        .unwrap_or_default();
    let user = user.as_str();
    let id = shared.request_id();
    let token = format!("QSDK emu{id}");
    {
        let mut t = shared.lock();
        let Some(index) = state::find_user(&t.commvault_users, user, &password) else {
            drop(t);
            return reply::json(
                StatusCode::OK,
                &json!({"errList": [{"errLogMessage": "Username or password is incorrect", "errorCode": 1116}]}),
            );
        };
        let session_id = format!("EMU-SESSION-{id}");
        t.commvault_tokens.insert(token.clone(), Some(session_id.clone()));
        let session = CommvaultSession {
            user_id: user_id_of(index),
            login_time: now,
            logout_time: 0,
        };
        t.commvault_sessions.insert(session_id, session);
    }
    reply::json(
        StatusCode::OK,
        &json!({"userName": user, "token": token, "loginAttempts": 0, "errList": []}),
    )
}

/// The user name and the password (base64) of a login body: JSON, or the
/// XML `DM2ContentIndexing_CheckCredentialReq` when the `Content-Type`
/// says XML.
fn login_fields(req: &Request<Bytes>) -> Option<(String, String)> {
    let xml = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| signoff_core::MediaType::from_content_type(v) == signoff_core::MediaType::Xml);
    if xml {
        let root = signoff_core::doc::read_xml(req.body()).ok()?;
        if root.name != signoff_commvault::LOGIN_REQUEST_ROOT || !root.children.is_empty() {
            return None;
        }
        return Some((
            root.attribute("username")?.to_owned(),
            root.attribute("password")?.to_owned(),
        ));
    }
    let body = signoff_core::parse_json::<serde_json::Value>(req.body()).ok()?;
    let field = |name: &str| body.get(name).and_then(|v| v.as_str()).map(str::to_owned);
    Some((field("username")?, field("password")?))
}

/// The caller's own logout: its token no longer opens anything, and the
/// session its login opened is listed as ended.
fn logout_self(shared: &Shared, req: &Request<Bytes>, now: u64) -> Response<Bytes> {
    if req.method() != Method::POST {
        return error(false, StatusCode::METHOD_NOT_ALLOWED, 405, "The method is not allowed.");
    }
    let Some(token) = known_token(shared, req) else {
        return error(
            false,
            StatusCode::UNAUTHORIZED,
            BAD_TOKEN,
            "Invalid authorization token provided.",
        );
    };
    {
        let mut t = shared.lock();
        let opened = t.commvault_tokens.remove(&token).flatten();
        if let Some(s) = opened
            .and_then(|id| t.commvault_sessions.get_mut(&id))
            .filter(|s| s.is_live())
        {
            s.logout_time = now;
        }
        t.ended.add(Vendor::Commvault, 1);
    }
    reply::with_body(StatusCode::OK, "text/plain", "User logged out")
}

/// A user's id: its position in the configuration, from 1.
fn user_id_of(index: usize) -> u64 {
    u64::try_from(index).map_or(u64::MAX, |i| i.saturating_add(1))
}

/// The session details: the sessions of the user asked about (every
/// user's when none is named), live and ended.
fn session_details(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    if req.method() != Method::GET {
        return error(false, StatusCode::METHOD_NOT_ALLOWED, 405, "The method is not allowed.");
    }
    if known_token(shared, req).is_none() {
        return error(
            false,
            StatusCode::UNAUTHORIZED,
            BAD_TOKEN,
            "Invalid authorization token provided.",
        );
    }
    // The user asked about (`userId`), every user when none is named.
    let user: Option<u64> = req
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("userId="))
        .and_then(|id| id.parse().ok());
    let t = shared.lock();
    let mut listed: Vec<(&String, &CommvaultSession)> = t
        .commvault_sessions
        .iter()
        .filter(|(_, s)| user.is_none_or(|u| u == s.user_id))
        .collect();
    listed.sort_by(|a, b| a.0.cmp(b.0));
    let sessions: Vec<serde_json::Value> = listed
        .iter()
        .map(|(id, s)| {
            let name = usize::try_from(s.user_id.saturating_sub(1))
                .ok()
                .and_then(|i| t.commvault_users.get(i))
                .map_or_else(|| format!("user{}", s.user_id), |u| u.username.clone());
            json!({"sessionId": id, "logoutTime": s.logout_time, "loginTime": s.login_time, "consoleType": 19,
                   "host": "emulator", "user": {"userName": name, "userId": s.user_id}})
        })
        .collect();
    drop(t);
    reply::json(StatusCode::OK, &json!({ "sessions": sessions }))
}
