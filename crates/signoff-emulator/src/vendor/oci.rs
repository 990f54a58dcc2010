//! Oracle Compute Enclave: `DELETE /20160918/logout`, OCI-signed.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use serde_json::json;
use signoff_oci::signing::{parse_authorization, verify_at};

use crate::Vendor;
use crate::reply::{self, set_header};
use crate::state::Shared;

/// The logout path.
/// The calls this module serves (registry names).
pub(crate) const CALLS: &[&str] = &["logout"];

pub(crate) const PATH: &str = signoff_oci::LOGOUT_PATH;

/// How far the signed date may be from the emulator's clock.
pub(crate) const MAX_SKEW: Duration = Duration::from_secs(5 * 60);

const NOT_AUTHENTICATED: &str =
    "The required information to complete authentication was not provided or was incorrect.";

pub(crate) fn handle(shared: &Shared, req: &Request<Bytes>, now: SystemTime) -> Response<Bytes> {
    let response = answer(shared, req, now);
    with_request_id(shared, req, response)
}

fn answer(shared: &Shared, req: &Request<Bytes>, now: SystemTime) -> Response<Bytes> {
    if req.uri().path() != PATH {
        return error(StatusCode::NOT_FOUND, None);
    }
    if req.method() != Method::DELETE {
        return error(StatusCode::METHOD_NOT_ALLOWED, None);
    }
    let Some(auth) = req.headers().get(http::header::AUTHORIZATION) else {
        return not_authenticated("the request is not signed (no authorization header)");
    };
    let Ok(header) = auth
        .to_str()
        .map_err(|_| ())
        .and_then(|a| parse_authorization(a).map_err(|_| ()))
    else {
        return not_authenticated("the authorization header is not a well-formed OCI signature");
    };
    // Pick the key by keyId: a key id that is not live (never configured,
    // or its session already ended) is not authenticated.
    let Some(key) = shared.lock().oci.get(&header.key_id).cloned() else {
        return not_authenticated("no live session holds this keyId");
    };
    if let Err(e) = verify_at(&key, req, now, MAX_SKEW) {
        return not_authenticated(&e.to_string());
    }
    if req.headers().contains_key(http::header::IF_MATCH) {
        return error(StatusCode::PRECONDITION_FAILED, None);
    }
    let removed = {
        let mut t = shared.lock();
        let removed = t.oci.remove(&header.key_id).is_some();
        if removed {
            t.ended.add(Vendor::Oci, 1);
        }
        removed
    };
    if removed {
        reply::empty(StatusCode::OK)
    } else {
        // Another request ended this session between the check and now.
        not_authenticated("no live session holds this keyId")
    }
}

fn not_authenticated(why: &str) -> Response<Bytes> {
    error(StatusCode::UNAUTHORIZED, Some(why))
}

/// The OCI error document for `status` (code from OCI's catalogue).
pub(crate) fn error(status: StatusCode, detail: Option<&str>) -> Response<Bytes> {
    let (code, message) = match status.as_u16() {
        400 => ("InvalidParameter", "The request is invalid."),
        401 => ("NotAuthenticated", NOT_AUTHENTICATED),
        404 => (
            "NotAuthorizedOrNotFound",
            "Authorization failed or requested resource not found.",
        ),
        405 => ("MethodNotAllowed", "The method is not allowed on this resource."),
        412 => (
            "NoEtagMatch",
            "The ETag specified in the request does not match the ETag for the resource.",
        ),
        413 => ("PayloadTooLarge", "The request body is too large."),
        429 => ("TooManyRequests", "Too many requests for the tenancy."),
        500 => ("InternalServerError", "An internal server error occurred."),
        501 => ("MethodNotImplemented", "The method is not implemented."),
        503 => ("ServiceUnavailable", "The service is currently unavailable."),
        _ => ("Error", reply::reason(status)),
    };
    let message = match detail {
        Some(d) => format!("{message} ({d})"),
        None => message.to_owned(),
    };
    reply::json(status, &json!({"code": code, "message": message}))
}

/// Every OCI answer carries `opc-request-id`: the client's id (when it
/// sent a usable one) then `/` and the emulator's, as OCI does.
pub(crate) fn with_request_id(shared: &Shared, req: &Request<Bytes>, mut response: Response<Bytes>) -> Response<Bytes> {
    let own = shared.request_id();
    let id = match req
        .headers()
        .get(signoff_oci::OPC_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 98)
    {
        Some(client) => format!("{client}/{own}"),
        None => own,
    };
    set_header(&mut response, "opc-request-id", &id);
    response
}
