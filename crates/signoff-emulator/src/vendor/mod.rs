//! The five APIs, one module each, and the routing between them.

use std::time::SystemTime;

use bytes::Bytes;
use http::{Request, Response, StatusCode};

use crate::Vendor;
use crate::reply::wants_xml;
use crate::state::Shared;

pub(crate) mod commvault;
pub(crate) mod jde;
pub(crate) mod oam;
pub(crate) mod oci;
pub(crate) mod veridata;

/// The calls each vendor module serves, by vendor.
pub(crate) fn calls(vendor: Vendor) -> &'static [&'static str] {
    match vendor {
        Vendor::Oci => oci::CALLS,
        Vendor::Veridata => veridata::CALLS,
        Vendor::Commvault => commvault::CALLS,
        Vendor::Oam => oam::CALLS,
        Vendor::Jde => jde::CALLS,
    }
}

/// The vendor whose API serves `path`, by its documented prefix.
pub(crate) fn vendor_of(path: &str) -> Option<Vendor> {
    let under = |prefix: &str| {
        path.len() >= prefix.len()
            && path.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
            && matches!(path.as_bytes().get(prefix.len()), None | Some(b'/'))
    };
    if under("/20160918") {
        Some(Vendor::Oci)
    } else if under("/veridata") {
        Some(Vendor::Veridata)
    } else if under(commvault::ROOT) {
        Some(Vendor::Commvault)
    } else if under("/oam") {
        Some(Vendor::Oam)
    } else if under("/jderest") {
        Some(Vendor::Jde)
    } else {
        None
    }
}

/// The vendor's documented error answer for `status`, whatever the
/// request asked (injected faults, oversize bodies).
pub(crate) fn fault(shared: &Shared, vendor: Vendor, req: &Request<Bytes>, status: StatusCode) -> Response<Bytes> {
    match vendor {
        Vendor::Oci => oci::with_request_id(shared, req, oci::error(status, None)),
        Vendor::Veridata => veridata::fault(status),
        Vendor::Commvault => commvault::fault(wants_xml(req.headers(), true), status),
        Vendor::Oam => oam::fault(wants_xml(req.headers(), true), status),
        Vendor::Jde => jde::fault(status),
    }
}

/// Answers one request of `vendor`.
pub(crate) fn handle(shared: &Shared, vendor: Vendor, req: &Request<Bytes>, now: SystemTime) -> Response<Bytes> {
    if let Some(crate::Fault::Status { status, retry_after }) = shared.take_answer_fault(vendor) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut answer = fault(shared, vendor, req, status);
        if let Some(seconds) = retry_after {
            answer
                .headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
        return answer;
    }
    match vendor {
        Vendor::Oci => oci::handle(shared, req, now),
        Vendor::Veridata => veridata::handle(shared, req),
        Vendor::Commvault => commvault::handle(shared, req, now),
        Vendor::Oam => oam::handle(shared, req, now),
        Vendor::Jde => jde::handle(shared, req),
    }
}
