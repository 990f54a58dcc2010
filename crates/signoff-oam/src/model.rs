//! The success value: the deleted sessions, owned ([`SessionResults`]) and
//! borrowed from the body ([`SessionResultsRef`]).
//!
//! The decoders fill the borrowed form: each text field is a
//! `Cow::Borrowed` slice of the body unless it held an entity or character
//! reference (or, in JSON, an escape), so a record costs no heap allocation
//! of its own; only the sessions vector (amortized) and a record's
//! `userAttributes` list allocate.
//!
//! The owned form's texts are [`ByteString`]s: UTF-8 text in a shared,
//! reference-counted buffer. [`SessionResultsRef::into_shared`] makes each
//! borrowed field a slice of the response body's own buffer (no copy, no
//! allocation per field: `decode` hands the response's `Bytes` down);
//! [`SessionResultsRef::into_owned`] copies each field instead.

use std::borrow::Cow;

use serde::Serialize;
use signoff_core::ByteString;

use crate::time::Timestamp;

/// Text for an owned record: a slice of `body` when `text` borrows from it
/// (checked by address, so no slicing can go out of bounds), else a copy.
fn share(body: &ByteString, text: Cow<'_, str>) -> ByteString {
    match text {
        Cow::Borrowed(s) if signoff_core::range_within(body.as_bytes(), s.as_bytes()).is_some() => body.slice_ref(s),
        Cow::Borrowed(s) => ByteString::from(s),
        Cow::Owned(s) => ByteString::from(s),
    }
}

fn share_opt(body: &ByteString, text: Option<Cow<'_, str>>) -> Option<ByteString> {
    text.map(|t| share(body, t))
}

/// The page caps one answer at this many sessions.
pub const MAX_SESSIONS_PER_RESPONSE: usize = 28;

/// The deleted sessions. Serialized with snake_case names, and with
/// `more_may_remain` derived from the two counts (never stored, so it cannot
/// disagree with them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionResults {
    /// `totalRecords`: how many sessions matched (absent from the bare-array
    /// JSON form).
    pub total_records: Option<u64>,
    /// The deleted sessions returned (at most 28, says the page).
    pub sessions: Vec<SessionData>,
}

impl SessionResults {
    /// Results of the two counts.
    pub fn new(total_records: Option<u64>, sessions: Vec<SessionData>) -> Self {
        Self {
            total_records,
            sessions,
        }
    }

    /// `total_records` exceeds the sessions returned: the server's cap cut
    /// the list, and sending the same call again may delete more.
    pub fn more_may_remain(&self) -> bool {
        more_may_remain(self.total_records, self.sessions.len())
    }
}

impl Serialize for SessionResults {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut st = serializer.serialize_struct("SessionResults", 3)?;
        if let Some(total) = self.total_records {
            st.serialize_field("total_records", &total)?;
        } else {
            st.skip_field("total_records")?;
        }
        st.serialize_field("sessions", &self.sessions)?;
        st.serialize_field("more_may_remain", &self.more_may_remain())?;
        st.end()
    }
}

fn more_may_remain(total_records: Option<u64>, returned: usize) -> bool {
    total_records.is_some_and(|t| u64::try_from(returned).is_ok_and(|r| t > r))
}

/// One deleted session (`SessionData`). Every field is optional on the
/// wire; times are kept as sent, with parsed values from
/// [`created_at`](Self::created_at) and its siblings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SessionData {
    /// `sessionId`, e.g. `3b844e4d-…|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA=`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<ByteString>,
    /// `sessionIndex`: OAM's unique index of the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_index: Option<ByteString>,
    /// `userId`: the user's login id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<ByteString>,
    /// `clientIp`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<ByteString>,
    /// `idStoreName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_store_name: Option<ByteString>,
    /// `isImpersonating`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_impersonating: Option<bool>,
    /// `createTime`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<ByteString>,
    /// `updateTime`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time: Option<ByteString>,
    /// `lastAccessTime`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_access_time: Option<ByteString>,
    /// `expiryTime`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_time: Option<ByteString>,
    /// `userAttributes`, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user_attributes: Vec<UserAttribute>,
}

impl SessionData {
    /// A record with only `userId` set.
    pub fn new(user_id: impl Into<ByteString>) -> Self {
        Self {
            user_id: Some(user_id.into()),
            ..Self::default()
        }
    }

    /// `createTime` parsed (`None` when absent or not a timestamp).
    pub fn created_at(&self) -> Option<Timestamp> {
        self.create_time.as_deref().and_then(Timestamp::parse)
    }

    /// `updateTime` parsed.
    pub fn updated_at(&self) -> Option<Timestamp> {
        self.update_time.as_deref().and_then(Timestamp::parse)
    }

    /// `lastAccessTime` parsed.
    pub fn last_accessed_at(&self) -> Option<Timestamp> {
        self.last_access_time.as_deref().and_then(Timestamp::parse)
    }

    /// `expiryTime` parsed.
    pub fn expires_at(&self) -> Option<Timestamp> {
        self.expiry_time.as_deref().and_then(Timestamp::parse)
    }
}

/// One entry of `userAttributes`: the map key (or, in the list form, the
/// `attrName`) and the `NameValueAttribute`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UserAttribute {
    /// The map key (the `attrName` when the form has no key; empty when
    /// neither is present).
    pub name: ByteString,
    /// `attrName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attr_name: Option<ByteString>,
    /// `attrValue`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attr_value: Option<ByteString>,
}

impl UserAttribute {
    /// An attribute.
    pub fn new(name: impl Into<ByteString>, attr_name: Option<ByteString>, attr_value: Option<ByteString>) -> Self {
        Self {
            name: name.into(),
            attr_name,
            attr_value,
        }
    }
}

/// [`SessionResults`] borrowing from the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionResultsRef<'a> {
    /// `totalRecords`.
    pub total_records: Option<u64>,
    /// The sessions.
    pub sessions: Vec<SessionDataRef<'a>>,
}

impl SessionResultsRef<'_> {
    /// Whether `total_records` exceeds the sessions returned.
    pub fn more_may_remain(&self) -> bool {
        more_may_remain(self.total_records, self.sessions.len())
    }

    /// The owned form, each text copied.
    pub fn into_owned(self) -> SessionResults {
        SessionResults::new(
            self.total_records,
            self.sessions.into_iter().map(SessionDataRef::into_owned).collect(),
        )
    }

    /// The owned form sharing `body`, the buffer these results were read
    /// from: each borrowed text becomes a slice of it (no copy); a text the
    /// decoder had to build (a reference expanded) is copied.
    pub fn into_shared(self, body: &ByteString) -> SessionResults {
        SessionResults::new(
            self.total_records,
            self.sessions.into_iter().map(|s| s.into_shared(body)).collect(),
        )
    }
}

/// [`SessionData`] borrowing from the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionDataRef<'a> {
    /// `sessionId`.
    pub session_id: Option<Cow<'a, str>>,
    /// `sessionIndex`.
    pub session_index: Option<Cow<'a, str>>,
    /// `userId`.
    pub user_id: Option<Cow<'a, str>>,
    /// `clientIp`.
    pub client_ip: Option<Cow<'a, str>>,
    /// `idStoreName`.
    pub id_store_name: Option<Cow<'a, str>>,
    /// `isImpersonating`.
    pub is_impersonating: Option<bool>,
    /// `createTime`.
    pub create_time: Option<Cow<'a, str>>,
    /// `updateTime`.
    pub update_time: Option<Cow<'a, str>>,
    /// `lastAccessTime`.
    pub last_access_time: Option<Cow<'a, str>>,
    /// `expiryTime`.
    pub expiry_time: Option<Cow<'a, str>>,
    /// `userAttributes`.
    pub user_attributes: Vec<UserAttributeRef<'a>>,
}

fn own(v: Option<Cow<'_, str>>) -> Option<ByteString> {
    v.map(|t| ByteString::from(t.into_owned()))
}

impl SessionDataRef<'_> {
    /// The owned form, each text copied.
    pub fn into_owned(self) -> SessionData {
        SessionData {
            session_id: own(self.session_id),
            session_index: own(self.session_index),
            user_id: own(self.user_id),
            client_ip: own(self.client_ip),
            id_store_name: own(self.id_store_name),
            is_impersonating: self.is_impersonating,
            create_time: own(self.create_time),
            update_time: own(self.update_time),
            last_access_time: own(self.last_access_time),
            expiry_time: own(self.expiry_time),
            user_attributes: self
                .user_attributes
                .into_iter()
                .map(UserAttributeRef::into_owned)
                .collect(),
        }
    }

    /// The owned form sharing `body` (see
    /// [`SessionResultsRef::into_shared`]).
    pub fn into_shared(self, body: &ByteString) -> SessionData {
        SessionData {
            session_id: share_opt(body, self.session_id),
            session_index: share_opt(body, self.session_index),
            user_id: share_opt(body, self.user_id),
            client_ip: share_opt(body, self.client_ip),
            id_store_name: share_opt(body, self.id_store_name),
            is_impersonating: self.is_impersonating,
            create_time: share_opt(body, self.create_time),
            update_time: share_opt(body, self.update_time),
            last_access_time: share_opt(body, self.last_access_time),
            expiry_time: share_opt(body, self.expiry_time),
            user_attributes: self
                .user_attributes
                .into_iter()
                .map(|a| UserAttribute {
                    name: share(body, a.name),
                    attr_name: share_opt(body, a.attr_name),
                    attr_value: share_opt(body, a.attr_value),
                })
                .collect(),
        }
    }
}

/// [`UserAttribute`] borrowing from the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserAttributeRef<'a> {
    /// The map key, else the `attrName`.
    pub name: Cow<'a, str>,
    /// `attrName`.
    pub attr_name: Option<Cow<'a, str>>,
    /// `attrValue`.
    pub attr_value: Option<Cow<'a, str>>,
}

impl UserAttributeRef<'_> {
    /// The owned form.
    pub fn into_owned(self) -> UserAttribute {
        UserAttribute {
            name: ByteString::from(self.name.into_owned()),
            attr_name: own(self.attr_name),
            attr_value: own(self.attr_value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_may_remain_only_when_the_total_exceeds_the_list() {
        let two = vec![SessionData::new("a"), SessionData::new("b")];
        assert!(SessionResults::new(Some(30), two.clone()).more_may_remain());
        assert!(!SessionResults::new(Some(2), two.clone()).more_may_remain());
        assert!(!SessionResults::new(Some(1), two.clone()).more_may_remain());
        assert!(!SessionResults::new(None, two).more_may_remain());
    }

    #[test]
    fn shared_texts_slice_the_body_and_others_are_copied() {
        let body = ByteString::from("<userId>user5</userId>");
        let inside = body.get(8..13).unwrap();
        let shared = share(&body, Cow::Borrowed(inside));
        assert_eq!(shared, "user5");
        assert!(
            std::ptr::eq(shared.as_ptr(), inside.as_ptr()),
            "a slice of the body, not a copy"
        );
        let elsewhere = String::from("user5");
        let copied = share(&body, Cow::Borrowed(&elsewhere));
        assert_eq!(copied, "user5");
        assert!(!std::ptr::eq(copied.as_ptr(), elsewhere.as_ptr()));
        assert_eq!(share(&body, Cow::Owned("a & b".into())), "a & b");
    }

    #[test]
    fn times_parse_on_demand() {
        let mut d = SessionData::new("u");
        d.create_time = Some("2017-05-31T13:57:59.545-07:00".into());
        d.expiry_time = Some("not a time".into());
        assert_eq!(d.created_at().unwrap().offset_minutes(), -420);
        assert_eq!(d.expires_at(), None);
        assert_eq!(d.updated_at(), None);
    }

    #[test]
    fn serializes_snake_case_without_nulls() {
        let mut d = SessionData::new("u");
        d.is_impersonating = Some(false);
        d.user_attributes
            .push(UserAttribute::new("mail", Some("mail".into()), Some("x@y".into())));
        let v = serde_json::to_value(SessionResults::new(Some(3), vec![d])).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"total_records": 3, "more_may_remain": true, "sessions": [
                {"user_id": "u", "is_impersonating": false,
                 "user_attributes": [{"name": "mail", "attr_name": "mail", "attr_value": "x@y"}]}
            ]})
        );
    }
}
