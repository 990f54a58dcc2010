//! Oracle Access Management: `DELETE
//! /oam/services/rest/access/api/v1/session?sessionId=…` or
//! `?userId=…[&idStore=…]`, and the lookup `GET .../session/{sessionId}`,
//! Basic credentials.

use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use serde_json::json;
use signoff_oam::{MAX_SESSIONS_PER_RESPONSE, SessionData, SessionResults, Timestamp, encode_json, encode_xml};

use crate::Vendor;
use crate::reply::{self, set_header, wants_xml, xml_escape};
use crate::state::{OamLive, Shared};

/// The session path.
/// The calls this module serves (registry names).
pub(crate) const CALLS: &[&str] = &["logout", "session", "search"];

pub(crate) const PATH: &str = signoff_oam::SESSION_PATH;

pub(crate) fn handle(shared: &Shared, req: &Request<Bytes>, now: SystemTime) -> Response<Bytes> {
    let xml = wants_xml(req.headers(), true);
    if req.uri().path() == signoff_oam::SEARCH_PATH {
        return search(shared, req, now);
    }
    if let Some(id) = req
        .uri()
        .path()
        .strip_prefix(PATH)
        .and_then(|rest| rest.strip_prefix('/'))
    {
        return lookup(shared, req, &decode(id), now);
    }
    if req.uri().path() != PATH {
        return reply::empty(StatusCode::NOT_FOUND);
    }
    if req.method() != Method::DELETE {
        return fault(xml, StatusCode::METHOD_NOT_ALLOWED);
    }
    if !authorized(shared, req) {
        return unauthorized();
    }
    let query = Query::parse(req.uri().query().unwrap_or(""));
    let (total, deleted) = {
        let mut t = shared.lock();
        let picked: Vec<usize> = if let Some(id) = &query.session_id {
            // "If this parameter is present then other query parameters are ignored."
            t.oam.iter().position(|s| &s.session_id == id).into_iter().collect()
        } else if let Some(user) = &query.user_id {
            t.oam
                .iter()
                .enumerate()
                .filter(|(_, s)| &s.user_id == user && query.id_store.as_ref().is_none_or(|st| &s.id_store == st))
                .map(|(i, _)| i)
                .collect()
        } else {
            Vec::new()
        };
        let total = picked.len();
        // At most 28 per answer; the rest stay for the next call.
        let take: Vec<usize> = picked.into_iter().take(MAX_SESSIONS_PER_RESPONSE).collect();
        let mut deleted = Vec::with_capacity(take.len());
        for &i in take.iter().rev() {
            deleted.push(t.oam.remove(i));
        }
        deleted.reverse();
        t.ended.add(Vendor::Oam, deleted.len() as u64);
        (total, deleted)
    };
    if deleted.is_empty() {
        // "Session or user was not found. Or sessionId or userId was not provided."
        return reply::empty(StatusCode::NOT_FOUND);
    }
    let results = SessionResults::new(
        Some(total as u64),
        deleted.iter().map(|s| session_data(s, now)).collect(),
    );
    if xml {
        reply::xml(StatusCode::OK, encode_xml(&results))
    } else {
        reply::with_body(StatusCode::OK, "application/json", encode_json(&results))
    }
}

/// The session search, `POST .../sessions`: the live sessions the JSON
/// filter matches, at most 28, `totalRecords` counting them all.
fn search(shared: &Shared, req: &Request<Bytes>, now: SystemTime) -> Response<Bytes> {
    if req.method() != Method::POST {
        return fault(false, StatusCode::METHOD_NOT_ALLOWED);
    }
    if !authorized(shared, req) {
        return unauthorized();
    }
    let Ok(filter) = signoff_core::parse_json::<serde_json::Value>(req.body()) else {
        return fault(false, StatusCode::BAD_REQUEST);
    };
    let wants = |key: &str, value: &str| filter.get(key).and_then(|v| v.as_str()).is_none_or(|f| f == value);
    let matched: Vec<SessionData> = shared
        .lock()
        .oam
        .iter()
        .filter(|s| {
            wants("userId", &s.user_id)
                && wants("idStoreName", &s.id_store)
                && wants("sessionId", &s.session_id)
                && wants("clientIp", "127.0.0.1")
        })
        .map(|s| session_data(s, now))
        .collect();
    if matched.is_empty() {
        return reply::empty(StatusCode::NOT_FOUND);
    }
    let total = matched.len();
    let results = SessionResults::new(
        Some(total as u64),
        matched.into_iter().take(MAX_SESSIONS_PER_RESPONSE).collect(),
    );
    reply::with_body(StatusCode::OK, "application/json", encode_json(&results))
}

/// The session lookup, `GET .../session/{id}`: the session's `SessionData`
/// while it lives, 404 once it is gone.
fn lookup(shared: &Shared, req: &Request<Bytes>, id: &str, now: SystemTime) -> Response<Bytes> {
    if req.method() != Method::GET {
        return fault(false, StatusCode::METHOD_NOT_ALLOWED);
    }
    if !authorized(shared, req) {
        return unauthorized();
    }
    let found = shared.lock().oam.iter().find(|s| s.session_id == id).cloned();
    let Some(session) = found else {
        return reply::empty(StatusCode::NOT_FOUND);
    };
    let d = session_data(&session, now);
    let text = |v: &Option<signoff_core::ByteString>| v.as_ref().map(|s| s.to_string());
    reply::json(
        StatusCode::OK,
        &json!({
            "userId": text(&d.user_id),
            "sessionId": text(&d.session_id),
            "sessionIndex": text(&d.session_index),
            "clientIp": text(&d.client_ip),
            "idStoreName": text(&d.id_store_name),
            "createTime": text(&d.create_time),
            "expiryTime": text(&d.expiry_time),
        }),
    )
}

fn authorized(shared: &Shared, req: &Request<Bytes>) -> bool {
    let Some((user, pass)) = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| crate::reply::basic_credentials(v.as_bytes()))
    else {
        return false;
    };
    crate::state::find_user(&shared.lock().oam_admins, &user, &pass).is_some()
}

/// WebLogic's 401: an HTML page and a Basic challenge.
fn unauthorized() -> Response<Bytes> {
    let mut r = reply::with_body(
        StatusCode::UNAUTHORIZED,
        "text/html; charset=UTF-8",
        "<html><head><title>Error 401--Unauthorized</title></head>\
         <body><h2>Error 401--Unauthorized</h2></body></html>",
    );
    set_header(&mut r, "www-authenticate", "Basic realm=\"OAM\"");
    r
}

/// The record returned for a deleted session: the configured fields, and
/// the others filled in (created at the emulator's start, expiring eight
/// hours later, from the loopback address, not impersonating).
fn session_data(s: &OamLive, now: SystemTime) -> SessionData {
    let millis = now
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let stamp = |ms: i64| Timestamp::from_unix_millis(ms, 0).map(|t| t.to_string().into());
    let mut d = SessionData::new(s.user_id.clone());
    d.session_id = Some(s.session_id.clone().into());
    d.session_index = Some(format!("emu-{:08}", s.index).into());
    d.client_ip = Some("127.0.0.1".into());
    d.id_store_name = Some(s.id_store.clone().into());
    d.is_impersonating = Some(false);
    d.create_time = stamp(millis);
    d.update_time = stamp(millis);
    d.last_access_time = stamp(millis);
    d.expiry_time = stamp(millis.saturating_add(8 * 3600 * 1000));
    d
}

/// The query as a servlet container reads it: `+` is a space, `%XX` a
/// byte; the first of a repeated parameter wins.
#[derive(Debug, Default, PartialEq, Eq)]
struct Query {
    session_id: Option<String>,
    user_id: Option<String>,
    id_store: Option<String>,
}

impl Query {
    fn parse(query: &str) -> Self {
        let mut q = Self::default();
        for pair in query.split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            let slot = match decode(name).as_str() {
                "sessionId" => &mut q.session_id,
                "userId" => &mut q.user_id,
                "idStore" => &mut q.id_store,
                _ => continue,
            };
            if slot.is_none() && !value.is_empty() {
                *slot = Some(value);
            }
        }
        q
    }
}

fn decode(text: &str) -> String {
    let plus = text.replace('+', " ");
    percent_encoding::percent_decode_str(&plus)
        .decode_utf8_lossy()
        .into_owned()
}

/// The error document for an injected or transport-level status: 404
/// without a body (as the page documents), others a small document.
pub(crate) fn fault(xml: bool, status: StatusCode) -> Response<Bytes> {
    if status == StatusCode::NOT_FOUND {
        return reply::empty(status);
    }
    if status == StatusCode::UNAUTHORIZED {
        return unauthorized();
    }
    let message = match status.as_u16() {
        500 => "Unexpected error",
        _ => reply::reason(status),
    };
    if xml {
        reply::xml(
            status,
            format!("<Error><message>{}</message></Error>", xml_escape(message)),
        )
    } else {
        reply::json(status, &json!({ "message": message }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_reads_as_a_servlet_does() {
        let q = Query::parse("sessionId=3b84%7CU90i%2B%3D&userId=a+b&userId=c");
        assert_eq!(q.session_id.as_deref(), Some("3b84|U90i+="));
        assert_eq!(q.user_id.as_deref(), Some("a b"));
        assert_eq!(Query::parse(""), Query::default());
    }
}
