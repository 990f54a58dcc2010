//! JD Edwards AIS: `GET /jderest/v2/orchestrator/jde-logout`,
//! `jde-AIS-Auth` and `jde-AIS-Auth-Device`.

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use serde_json::json;

use crate::Vendor;
use crate::reply::{self, wants_xml};
use crate::state::Shared;

/// The logout path.
/// The calls this module serves (registry names).
pub(crate) const CALLS: &[&str] = &["logout"];

pub(crate) const PATH: &str = signoff_jde::LOGOUT_PATH;

pub(crate) fn handle(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    if req.uri().path() != PATH {
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
    let removed = {
        let mut t = shared.lock();
        // A token minted for a device is valid only with that device.
        let valid = match t.jde.get(token) {
            Some(Some(bound)) => device == Some(bound.as_str()),
            Some(None) => true,
            None => false,
        };
        if valid {
            t.jde.remove(token);
            t.ended.add(Vendor::Jde, 1);
        }
        valid
    };
    if !removed {
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

fn invalid_token() -> StatusCode {
    StatusCode::from_u16(444).unwrap_or(StatusCode::UNAUTHORIZED)
}

/// The `ServiceErrorResponse` for `status`, with the page's sentence.
pub(crate) fn fault(status: StatusCode) -> Response<Bytes> {
    let message = match status.as_u16() {
        400 => "Bad Request - Invalid JSON Input",
        415 => "Invalid Content-Type Header - Must use application/json",
        444 => "Invalid Token",
        500 => "Server Failed to Process Request",
        _ => reply::reason(status),
    };
    reply::json(status, &json!({"message": message, "status": "ERROR"}))
}
