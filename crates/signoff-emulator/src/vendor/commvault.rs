//! Commvault: `DELETE /webconsole/api/Sessions`, `Authtoken`, an
//! `Api_LogoffUsersRequest` body.

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
pub(crate) const CALLS: &[&str] = &["logout"];

pub(crate) const PATH: &str = "/webconsole/api/Sessions";

/// The emulator's error codes (Commvault documents none for this call).
const BAD_TOKEN: u16 = 1;
const BAD_REQUEST: u16 = 2;
const DEAD_SESSION: u16 = 5;

pub(crate) fn handle(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    // IIS paths are case-insensitive.
    let xml = wants_xml(req.headers(), true);
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
        let dead = ids.iter().filter(|id| !t.commvault_sessions.contains(*id)).count();
        if dead == 0 {
            let mut ended = 0;
            for id in &ids {
                if t.commvault_sessions.remove(id) {
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
