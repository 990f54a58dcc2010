//! The registry's view of this codec: its calls, the session-ending one
//! first.

use signoff_core::{Entry, Sweep, VendorCodec};

use crate::request::Logoff;
use crate::session_list::SessionList;
use crate::token::{Login, LogoutSelf};

/// The Commvault codec for the registry: calls `logout` (`DELETE
/// /Sessions`, the default), `sessions` (a user's session details),
/// `login` and `logout_self` (the caller's own token). Every session of a
/// user ends by listing the user's sessions and logging the live ones off
/// in one call.
pub static CODEC: VendorCodec = VendorCodec::new(
    crate::VENDOR,
    &[
        &Entry::<Logoff>::NEW,
        &Entry::<SessionList>::NEW,
        &Entry::<Login>::NEW,
        &Entry::<LogoutSelf>::NEW,
    ],
)
.with_sweep(Sweep::ListThenEnd {
    list: "sessions",
    user_param: "user_id",
    live_ids,
    end: "logout",
    ids_param: "session_ids",
});

/// The live session ids of a `sessions` success as the report shows it
/// (`{"sessions":[{"session_id", "logout_time"}, ...]}`): those whose
/// logout time is `0` or absent, each once, in order.
fn live_ids(success: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let sessions = success.get("sessions").and_then(serde_json::Value::as_array);
    for s in sessions.into_iter().flatten() {
        let live = s
            .get("logout_time")
            .and_then(serde_json::Value::as_str)
            .is_none_or(|t| t.trim() == "0");
        if let Some(id) = s.get("session_id").and_then(serde_json::Value::as_str)
            && live
            && !ids.iter().any(|seen| seen == id)
        {
            ids.push(id.to_owned());
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_ids_are_the_sessions_not_logged_out() {
        let success = serde_json::json!({"sessions": [
            {"session_id": "A", "logout_time": "0"},
            {"session_id": "B", "logout_time": "1700000100"},
            {"session_id": "C"},
            {"session_id": "A", "logout_time": "0"},
            {"logout_time": "0"},
        ]});
        assert_eq!(live_ids(&success), ["A", "C"]);
        assert!(live_ids(&serde_json::json!([])).is_empty());
    }
}
