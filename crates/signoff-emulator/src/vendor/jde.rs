//! JD Edwards AIS: `GET /jderest/v2/orchestrator/jde-logout` with
//! `jde-AIS-Auth` and `jde-AIS-Auth-Device`; the Token Request Service's
//! `POST /jderest/v2/tokenrequest` (the login, a configured user) and
//! `POST /jderest/v2/tokenrequest/logout` with `{"token": ...}` (JSON only:
//! anything else is 415); the validate, `GET
//! /jderest/v2/orchestrator/jde-validate-session` (200 while the token
//! lives, 403 after).

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use serde_json::json;

use crate::Vendor;
use crate::reply::{self, wants_xml};
use crate::state::{self, Shared};

/// The calls this module serves (registry names).
pub(crate) const CALLS: &[&str] = &["logout", "logout_token", "validate", "login"];

/// The logout path.
pub(crate) const PATH: &str = signoff_jde::LOGOUT_PATH;

pub(crate) fn handle(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    let path = req.uri().path();
    if path == signoff_jde::LOGIN_PATH {
        return login(shared, req);
    }
    if path == signoff_jde::TOKEN_LOGOUT_PATH {
        return token_logout(shared, req);
    }
    if path == signoff_jde::VALIDATE_PATH {
        return validate(shared, req);
    }
    if path != PATH {
        return fault(StatusCode::NOT_FOUND);
    }
    if req.method() != Method::GET {
        return fault(StatusCode::METHOD_NOT_ALLOWED);
    }
    let content_type = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if let Some(ct) = content_type {
        let essence = ct.split(';').next().unwrap_or("").trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            return fault(StatusCode::UNSUPPORTED_MEDIA_TYPE);
        }
        if !signoff_core::is_blank(req.body()) && signoff_core::parse_json::<serde_json::Value>(req.body()).is_err() {
            return fault(StatusCode::BAD_REQUEST);
        }
    }
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let Some(token) = header(signoff_jde::AUTH_HEADER) else {
        return fault(invalid_token());
    };
    let device = header(signoff_jde::DEVICE_HEADER);
    if !end(shared, token, device) {
        return fault(invalid_token());
    }
    if wants_xml(req.headers(), false) {
        reply::xml(
            StatusCode::OK,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<logoutResponse><status>Success</status></logoutResponse>\n"
                .to_owned(),
        )
    } else {
        reply::json(StatusCode::OK, &json!({"status": "Success"}))
    }
}

/// The token request: Basic credentials (with the `jde-AIS-Auth-*`
/// headers) or a `LoginRequest` JSON body of a configured user open a session,
/// bound to the device when one is named.
fn login(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    if req.method() != Method::POST {
        return fault(StatusCode::METHOD_NOT_ALLOWED);
    }
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let (credentials, device, environment) = if let Some(basic) = req.headers().get(http::header::AUTHORIZATION) {
        (
            reply::basic_credentials(basic.as_bytes()),
            header(signoff_jde::DEVICE_HEADER),
            header(signoff_jde::ENVIRONMENT_HEADER),
        )
    } else {
        let Ok(body) = signoff_core::parse_json::<serde_json::Value>(req.body()) else {
            return fault(StatusCode::BAD_REQUEST);
        };
        let field = |name: &str| body.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        let credentials = field("username").zip(field("password"));
        (credentials, field("deviceName"), field("environment"))
    };
    let token = format!("EMU-JDE-{}", shared.request_id());
    let user = {
        let mut t = shared.lock();
        let Some(user) = credentials.filter(|(u, p)| state::find_user(&t.jde_users, u, p).is_some()) else {
            drop(t);
            return fault(StatusCode::FORBIDDEN);
        };
        t.jde.insert(token.clone(), device);
        user.0
    };
    reply::json(
        StatusCode::OK,
        &json!({
            "username": user,
            "environment": environment.unwrap_or_else(|| "JDV920".to_owned()),
            "role": "*ALL",
            "userInfo": {"token": token, "langPref": "E", "locale": "en"},
            "userAuthorized": false,
        }),
    )
}

/// Whether `token` opens a session (with `device`, when it was minted for
/// one).
fn valid(shared: &Shared, token: &str, device: Option<&str>) -> bool {
    match shared.lock().jde.get(token) {
        Some(Some(bound)) => device == Some(bound.as_str()),
        Some(None) => true,
        None => false,
    }
}

/// Ends the session of `token`, when it opens one.
fn end(shared: &Shared, token: &str, device: Option<&str>) -> bool {
    if !valid(shared, token, device) {
        return false;
    }
    let mut t = shared.lock();
    t.jde.remove(token);
    t.ended.add(Vendor::Jde, 1);
    true
}

/// The orchestrator's validate: the token in `jde-AIS-Auth` on a GET.
fn validate(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    if req.method() != Method::GET {
        return fault(StatusCode::METHOD_NOT_ALLOWED);
    }
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let token = header(signoff_jde::AUTH_HEADER).unwrap_or_default();
    if valid(shared, token, header(signoff_jde::DEVICE_HEADER)) {
        reply::json(StatusCode::OK, &json!({"isValidSession": true}))
    } else {
        reply::json(
            StatusCode::FORBIDDEN,
            &json!({"message": "Token is Invalid", "status": "ERROR"}),
        )
    }
}

/// The Token Request Service's logout: a JSON `{"token"}` body.
fn token_logout(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    if req.method() != Method::POST {
        return fault(StatusCode::METHOD_NOT_ALLOWED);
    }
    let json = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return fault(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    let Ok(body) = signoff_core::parse_json::<serde_json::Value>(req.body()) else {
        return fault(StatusCode::BAD_REQUEST);
    };
    let Some(token) = body.get("token").and_then(|t| t.as_str()).map(str::trim) else {
        return fault(StatusCode::BAD_REQUEST);
    };
    let device = req
        .headers()
        .get(signoff_jde::DEVICE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    if end(shared, token, device) {
        reply::json(StatusCode::OK, &json!({"status": "Success"}))
    } else {
        fault(invalid_token())
    }
}

fn invalid_token() -> StatusCode {
    StatusCode::from_u16(444).unwrap_or(StatusCode::UNAUTHORIZED)
}

/// The `ServiceErrorResponse` for `status`, with the page's sentence.
pub(crate) fn fault(status: StatusCode) -> Response<Bytes> {
    let message = match status.as_u16() {
        400 => "Bad Request - Invalid JSON Input",
        403 => "Authorization Failure",
        415 => "Invalid Content-Type Header - Must use application/json",
        444 => "Invalid Token",
        500 => "Server Failed to Process Request",
        _ => reply::reason(status),
    };
    reply::json(status, &json!({"message": message, "status": "ERROR"}))
}
