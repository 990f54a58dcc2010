//! Oracle GoldenGate Veridata: `GET /veridata/v1/session/invalidate`,
//! `Authorization: Bearer {token}`; the login that yields the token,
//! `GET /veridata/v1/auth/login` with Basic credentials; and the session
//! extend, `GET /veridata/v1/session/extend`, which answers the session
//! while it lives and 401 once it is gone.

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use serde_json::json;

use crate::Vendor;
use crate::reply;
use crate::state::{self, Shared};

/// The invalidate path.
pub(crate) const PATH: &str = signoff_veridata::LOGOUT_PATH;

/// The calls this module serves (registry names).
pub(crate) const CALLS: &[&str] = &["logout", "login", "extend"];

/// The page's only error code, used for every status (its example is one
/// placeholder for all of them).
const ERR_CODE: &str = "OGGV-00001";

pub(crate) fn handle(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    if req.uri().path() == signoff_veridata::LOGIN_PATH {
        return login(shared, req);
    }
    let extend = req.uri().path() == signoff_veridata::EXTEND_PATH;
    if req.uri().path() != PATH && !extend {
        return error(StatusCode::NOT_FOUND, "Not Found.");
    }
    if req.method() != Method::GET {
        return error(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed.");
    }
    let token = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("Bearer").then(|| token.trim())
        });
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized: no bearer token.");
    };
    if extend {
        return if shared.lock().veridata.contains(token) {
            reply::json(
                StatusCode::OK,
                &json!({"roles": ["ADMINISTRATOR"], "token": token, "userId": 1}),
            )
        } else {
            error(
                StatusCode::UNAUTHORIZED,
                "Unauthorized: the session token is invalid or expired.",
            )
        };
    }
    let removed = {
        let mut t = shared.lock();
        let removed = t.veridata.remove(token);
        if removed {
            t.ended.add(Vendor::Veridata, 1);
        }
        removed
    };
    if removed {
        // The page's 200 answer is the sentence, under application/json
        // (what a JAX-RS resource returning a String does).
        reply::with_body(StatusCode::OK, "application/json", "Logout Successful.")
    } else {
        error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized: the session token is invalid or expired.",
        )
    }
}

/// A login: Basic credentials of a configured user open a session whose
/// token the logout ends.
fn login(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    if req.method() != Method::GET {
        return error(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed.");
    }
    let credentials = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| reply::basic_credentials(v.as_bytes()));
    let token = format!("EMU-VERIDATA-{}", shared.request_id());
    let user = {
        let mut t = shared.lock();
        let Some(user) = credentials.filter(|(u, p)| state::find_user(&t.veridata_users, u, p).is_some()) else {
            drop(t);
            return error(StatusCode::UNAUTHORIZED, "Unauthorized: bad credentials.");
        };
        t.veridata.insert(token.clone());
        user.0
    };
    reply::json(
        StatusCode::OK,
        &json!({"token": token, "username": user, "roles": ["ADMINISTRATOR"], "userId": 1, "sessionTimeout": 1800}),
    )
}

/// The `{errCode, errMsg}` document.
pub(crate) fn error(status: StatusCode, message: &str) -> Response<Bytes> {
    reply::json(status, &json!({"errCode": ERR_CODE, "errMsg": message}))
}

/// The error document for an injected or transport-level status.
pub(crate) fn fault(status: StatusCode) -> Response<Bytes> {
    let message = match status.as_u16() {
        400 => "Bad Request.",
        401 => "Unauthorized.",
        404 => "Not Found.",
        500 => "Server Error.",
        _ => reply::reason(status),
    };
    error(status, message)
}
