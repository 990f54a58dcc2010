//! The OAM session-deletion builder. Fields (see `signoff_fuzz::Fields`):
//! `base_url`, `username`, `password`, `session_id`, `user_id`, `id_store`;
//! options bit 0: an `accept` is given, bit 1: it is XML. The query must
//! hold exactly `sessionId`, or `userId` [+ `idStore`], decoding to the
//! trimmed ids.
#![no_main]
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "libfuzzer-sys's fuzz_target! can write inputs to a debug file"
)]

use libfuzzer_sys::fuzz_target;
use signoff_core::{Accept, Codec};
use signoff_fuzz::{Fields, check_request, check_same, params, query_pairs};
use signoff_oam::{CODEC, DeleteSessions, SESSION_PATH, Selector, SessionLookup, SessionLookupBuilder};

fuzz_target!(|data: &[u8]| {
    let f = Fields::parse(data);
    let [base, username, password, session_id, user_id, id_store] = std::array::from_fn(|i| f.get(i));
    let accept = (f.options & 1 != 0).then_some(if f.options & 2 != 0 { Accept::Xml } else { Accept::Json });

    let mut b = DeleteSessions::builder();
    if let Some(v) = base {
        b = b.base_url(v);
    }
    if let Some(v) = username {
        b = b.username(v);
    }
    if let Some(v) = password {
        b = b.password(v);
    }
    if let Some(v) = session_id {
        b = b.session_id(v);
    }
    if let Some(v) = user_id {
        b = b.user_id(v);
    }
    if let Some(v) = id_store {
        b = b.id_store(v);
    }
    if let Some(a) = accept {
        b = b.accept(a);
    }
    let built = b.build();
    let typed = built.as_ref().map(DeleteSessions::to_request).map_err(Clone::clone);
    let registry = CODEC.build(
        "logout",
        params(&[
            ("base_url", base),
            ("username", username),
            ("password", password),
            ("session_id", session_id),
            ("user_id", user_id),
            ("id_store", id_store),
            ("accept", accept.map(Accept::as_str)),
        ]),
    );
    check_same(&typed, &registry, true);

    // The lookup, on the same fields: the id is one path segment, whatever
    // it holds.
    let mut l = SessionLookup::builder();
    for (value, set) in [
        (
            base,
            SessionLookupBuilder::base_url as fn(SessionLookupBuilder, String) -> SessionLookupBuilder,
        ),
        (username, SessionLookupBuilder::username),
        (session_id, SessionLookupBuilder::session_id),
    ] {
        if let Some(v) = value {
            l = set(l, v.to_owned());
        }
    }
    if let Some(p) = password {
        l = l.password(p);
    }
    let looked_up = l.build().map(|c| c.to_request());
    let registry = CODEC.build(
        "session",
        params(&[
            ("base_url", base),
            ("username", username),
            ("password", password),
            ("session_id", session_id),
        ]),
    );
    check_same(&looked_up, &registry, true);

    // The search, on the same fields: the filters are its JSON body.
    let searched = CODEC.build(
        "search",
        params(&[
            ("base_url", base),
            ("username", username),
            ("password", password),
            ("user_id", user_id),
            ("id_store", id_store),
            ("session_id", session_id),
        ]),
    );
    if let Ok(request) = &searched {
        let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap_or_default();
        assert_eq!(body["userId"].as_str(), user_id.map(str::trim), "{body}");
        assert!(request.uri().query().is_none());
    }
    if let Ok(request) = &looked_up {
        let path = request.uri().path();
        let segment = path.rsplit('/').next().unwrap_or_default();
        assert!(
            path.ends_with(&format!("/{segment}")) && request.uri().query().is_none(),
            "{path}"
        );
        assert!(
            segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
            "{segment}"
        );
    }

    let (Ok(call), Ok(request)) = (built, typed) else {
        return;
    };
    let parsed = check_request(&request, SESSION_PATH);
    let pairs = query_pairs(&parsed.target);
    let pair = |k: &str, v: &str| (k.to_owned(), v.trim().to_owned());
    let want = match (session_id, user_id, id_store) {
        (Some(s), None, None) => vec![pair("sessionId", s)],
        (None, Some(u), None) => vec![pair("userId", u)],
        (None, Some(u), Some(st)) => vec![pair("userId", u), pair("idStore", st)],
        other => panic!("built with selector fields {other:?}"),
    };
    assert_eq!(pairs, want, "query of {:?}", parsed.target);
    let from_selector = match call.selector() {
        Selector::SessionId(id) => vec![pair("sessionId", id)],
        Selector::User { user_id, id_store } => {
            let mut v = vec![pair("userId", user_id)];
            v.extend(id_store.as_deref().map(|s| pair("idStore", s)));
            v
        }
        other => panic!("unknown selector {other:?}"),
    };
    assert_eq!(pairs, from_selector, "the selector is not what was sent");
    let auth = request.headers()["authorization"].to_str().unwrap_or_default();
    assert!(
        auth.starts_with("Basic ") && !auth[6..].contains(' '),
        "authorization {auth:?}"
    );
    assert!(request.body().is_empty());
});
