//! Commvault: `DELETE /webconsole/api/Sessions`, `Authtoken`, an
//! `Api_LogoffUsersRequest` body; `GET .../Session?userId=` (the session
//! details), `POST .../Login` (demo user `demo`/`demo`, the password
//! base64-encoded) and `POST .../Logout` (the caller's own token).

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use serde_json::json;
use signoff_commvault::decode_request_body;

use crate::Vendor;
use crate::reply::{self, wants_xml, xml_escape};
use crate::state::Shared;

/// The web service root.
pub(crate) const ROOT: &str = "/webconsole/api";

/// The log-off path.
/// The calls this module serves (registry names).
pub(crate) const CALLS: &[&str] = &["logout", "sessions", "login", "logout_self"];

/// The demo user the login knows: user `demo`, password `demo`.
const DEMO_USER: (&str, &str) = ("demo", "demo");

pub(crate) const PATH: &str = "/webconsole/api/Sessions";

/// The emulator's error codes (Commvault documents none for this call).
const BAD_TOKEN: u16 = 1;
const BAD_REQUEST: u16 = 2;
const DEAD_SESSION: u16 = 5;

pub(crate) fn handle(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
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
        return login(shared, req);
    }
    if under(signoff_commvault::LOGOUT_PATH) {
        return logout_self(shared, req);
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
    if token.is_empty() || !shared.lock().commvault_tokens.contains(token) {
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
        let dead = ids.iter().filter(|id| !t.commvault_sessions.contains_key(*id)).count();
        if dead == 0 {
            let mut ended = 0;
            for id in &ids {
                if t.commvault_sessions.remove(id).is_some() {
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
    shared.lock().commvault_tokens.contains(token).then(|| token.to_owned())
}

/// The login: the demo user's credentials (the password base64) open a
/// session and a token; others are answered, as Commvault does, by a 200
/// carrying `errList`.
fn login(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    use base64::Engine as _;
    if req.method() != Method::POST {
        return error(false, StatusCode::METHOD_NOT_ALLOWED, 405, "The method is not allowed.");
    }
    let Ok(body) = signoff_core::parse_json::<serde_json::Value>(req.body()) else {
        return error(
            false,
            StatusCode::BAD_REQUEST,
            BAD_REQUEST,
            "The request body is not JSON.",
        );
    };
    let user = body.get("username").and_then(|v| v.as_str()).unwrap_or_default();
    let password = body
        .get("password")
        .and_then(|v| v.as_str())
        .and_then(|p| base64::engine::general_purpose::STANDARD.decode(p).ok())
        .and_then(|p| String::from_utf8(p).ok())
        .unwrap_or_default();
    if (user, password.as_str()) != DEMO_USER {
        return reply::json(
            StatusCode::OK,
            &json!({"errList": [{"errLogMessage": "Username or password is incorrect", "errorCode": 1116}]}),
        );
    }
    let id = shared.request_id();
    let token = format!("QSDK emu{id}");
    {
        let mut t = shared.lock();
        t.commvault_tokens.insert(token.clone());
        t.commvault_sessions
            .insert(format!("EMU-SESSION-{id}"), crate::state::DEMO_COMMVAULT_USER_ID);
    }
    reply::json(
        StatusCode::OK,
        &json!({"userName": user, "token": token, "loginAttempts": 0, "errList": []}),
    )
}

/// The caller's own logout: its token no longer opens anything.
fn logout_self(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
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
        t.commvault_tokens.remove(&token);
        t.ended.add(Vendor::Commvault, 1);
    }
    reply::with_body(StatusCode::OK, "text/plain", "User logged out")
}

/// The session details: every live session, as the demo user's.
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
    let mut ids: Vec<String> = shared
        .lock()
        .commvault_sessions
        .iter()
        .filter(|(_, owner)| user.is_none_or(|u| u == **owner))
        .map(|(id, _)| id.clone())
        .collect();
    ids.sort();
    let sessions: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            json!({"sessionId": id, "logoutTime": 0, "loginTime": 1_700_000_000u64, "consoleType": 19,
                   "host": "emulator", "user": {"userName": "demo", "userId": crate::state::DEMO_COMMVAULT_USER_ID}})
        })
        .collect();
    reply::json(StatusCode::OK, &json!({ "sessions": sessions }))
}
