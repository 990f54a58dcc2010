//! The JSON forms of the deleted sessions: a streaming, borrowing decoder
//! (serde visitors over `serde_json`, no intermediate `Value`) and the
//! server-side encoder.
//!
//! Accepted shapes, all decoding to the same value:
//! - a bare array of `SessionData` (the page's schema);
//! - `{"totalRecords": n, "sessions": [ … ]}` (the object form mirroring
//!   the XML);
//! - `{"totalRecords": n, "sessions": {"sessionData": [ … ] | { … }}}`
//!   (JAXB's rendering, a one-element list written as a bare object);
//! - any of the object forms wrapped once more in `{"SessionResults": …}`.
//!
//! Numbers and booleans may arrive as strings (`"totalRecords": "1"`,
//! `"isImpersonating": "false"`); string fields accept numbers and booleans
//! and keep their text. `userAttributes` may be a map keyed by attribute
//! name (`{"mail": {"attrName": "mail", "attrValue": "…"}}`, the schema's
//! form), a list of `{attrName, attrValue}` objects, or JAXB's
//! `{"entry": [{"key": …, "value": {…}}]}`. Unknown keys are ignored.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use signoff_core::parse_json;

use crate::error::BodyError;
use signoff_core::ByteString;

use crate::model::{SessionData, SessionDataRef, SessionResults, SessionResultsRef, UserAttribute, UserAttributeRef};

/// Decodes a JSON body in any of the accepted shapes, borrowing every
/// string that holds no escape.
///
/// ```
/// let body = br#"{"totalRecords":"3","sessions":{"sessionData":{"userId":"user3","isImpersonating":"false"}}}"#;
/// let results = signoff_oam::decode_json_borrowed(body).unwrap();
/// assert_eq!(results.total_records, Some(3));
/// assert_eq!(results.sessions[0].is_impersonating, Some(false));
/// assert!(results.more_may_remain());
/// ```
pub fn decode_json_borrowed(body: &[u8]) -> Result<SessionResultsRef<'_>, BodyError> {
    match parse_json::<Top<'_>>(body) {
        Ok(Top::Results(r)) => Ok(r),
        Ok(Top::Other(why)) => Err(BodyError::unrecognized(why)),
        Err(e) => Err(BodyError::malformed(
            e.offset,
            format!("the JSON body does not parse at byte {}: {}", e.offset, e.message),
        )),
    }
}

/// [`decode_json_borrowed`], owned: the body is copied once into a shared
/// buffer the records' texts slice (see [`decode_json_shared`]).
pub fn decode_json(body: &[u8]) -> Result<SessionResults, BodyError> {
    match ByteString::try_from(body) {
        Ok(text) => decode_json_shared(&text),
        // Not UTF-8: the borrowed reading names the byte.
        Err(_) => decode_json_borrowed(body).map(SessionResultsRef::into_owned),
    }
}

/// Decodes a body held in a [`ByteString`] into owned records whose texts
/// are slices of that buffer (only a string with an escape is copied).
pub fn decode_json_shared(body: &ByteString) -> Result<SessionResults, BodyError> {
    decode_json_borrowed(body.as_bytes()).map(|r| r.into_shared(body))
}

/// Encodes results in the object form, `{"totalRecords": n, "sessions":
/// [ … ]}`, with `userAttributes` in the schema's map form (an attribute
/// name given twice is written twice). [`decode_json`] of the output gives
/// back the same value.
pub fn encode_json(results: &SessionResults) -> String {
    serde_json::to_string(&JsonResults(results)).unwrap_or_default()
}

// ---- decoding -------------------------------------------------------------

/// A string, number or boolean, as text.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(if v { "true" } else { "false" })))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

fn text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Cow<'de, str>>, A::Error> {
    Ok(map.next_value::<Option<Text<'de>>>()?.map(|t| t.0))
}

/// `totalRecords`: a non-negative integer, or a string holding one.
struct Count(Option<u64>);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("totalRecords as a non-negative integer")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                u64::try_from(v)
                    .map(|v| Count(Some(v)))
                    .map_err(|_| E::custom("totalRecords is negative"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                let t = v.trim();
                if t.is_empty() {
                    return Ok(Count(None));
                }
                t.parse()
                    .map(|v| Count(Some(v)))
                    .map_err(|_| E::custom("totalRecords is not a non-negative integer"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Count, E> {
                Ok(Count(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// `isImpersonating`: a boolean, or a string `true`/`false`.
struct Flag(Option<bool>);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("isImpersonating as true or false")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(Some(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                let t = v.trim();
                if t.is_empty() {
                    Ok(Flag(None))
                } else if t.eq_ignore_ascii_case("true") {
                    Ok(Flag(Some(true)))
                } else if t.eq_ignore_ascii_case("false") {
                    Ok(Flag(Some(false)))
                } else {
                    Err(E::custom("isImpersonating is neither true nor false"))
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<Flag, E> {
                Ok(Flag(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Drains a sequence nobody wants.
fn drain<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Implements the scalar and sequence visits of a catch-all visitor as
/// `$other`.
macro_rules! other_visits {
    ($other:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($other)
        }
    };
}

/// A list of session records; `bad` when an element was not an object.
#[derive(Default)]
struct List<'a> {
    items: Vec<SessionDataRef<'a>>,
    bad: bool,
}

/// One array element: a record, or (`None`) something else.
struct Elem<'a>(Option<SessionDataRef<'a>>);

impl<'de> Deserialize<'de> for Elem<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Elem<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a SessionData object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                record(map).map(|r| Elem(Some(r)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain(seq).map(|()| Elem(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Elem(None))
            }
            other_visits!(Elem(None));
        }
        d.deserialize_any(V)
    }
}

fn elements<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<List<'de>, A::Error> {
    let mut list = List {
        items: Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64)),
        bad: false,
    };
    while let Some(e) = seq.next_element::<Elem<'de>>()? {
        match e {
            Elem(Some(r)) => list.items.push(r),
            Elem(None) => list.bad = true,
        }
    }
    Ok(list)
}

/// `sessionData`: an array, or one record written as a bare object.
struct OneOrMany<'a>(List<'a>);

impl<'de> Deserialize<'de> for OneOrMany<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("SessionData objects")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                elements(seq).map(OneOrMany)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Ok(OneOrMany(List {
                    items: vec![record(map)?],
                    bad: false,
                }))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(List::default()))
            }
            other_visits!(OneOrMany(List {
                items: Vec::new(),
                bad: true
            }));
        }
        d.deserialize_any(V)
    }
}

/// `sessions`: an array of records, or `{"sessionData": …}`.
struct Sessions<'a>(List<'a>);

impl<'de> Deserialize<'de> for Sessions<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Sessions<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("sessions")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                elements(seq).map(Sessions)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut list = List::default();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    if key.0 == "sessionData" {
                        list = map.next_value::<OneOrMany<'de>>()?.0;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Sessions(list))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Sessions(List::default()))
            }
            other_visits!(Sessions(List {
                items: Vec::new(),
                bad: true
            }));
        }
        d.deserialize_any(V)
    }
}

/// The known keys of an object, for refusing one named twice: a record
/// with two `userId`s (or a document with two `totalRecords`) is ambiguous,
/// and keeping the last one silently could report the wrong session.
const RECORD_KEYS: &[&str] = &[
    "sessionId",
    "sessionIndex",
    "userId",
    "clientIp",
    "idStoreName",
    "createTime",
    "updateTime",
    "lastAccessTime",
    "expiryTime",
    "isImpersonating",
    "userAttributes",
];
const TOP_KEYS: &[&str] = &[
    "totalRecords",
    "sessions",
    "sessionData",
    "SessionResults",
    "sessionResults",
];

/// Marks `key` seen in `seen` (a bit per known key); an error when it was
/// already.
fn once<E: serde::de::Error>(known: &[&str], seen: &mut u32, key: &str) -> Result<(), E> {
    if let Some(i) = known.iter().position(|k| *k == key) {
        let bit = 1u32 << i;
        if *seen & bit != 0 {
            return Err(E::custom(format_args!("the key {key:?} appears twice in one object")));
        }
        *seen |= bit;
    }
    Ok(())
}

fn record<'de, A: MapAccess<'de>>(mut map: A) -> Result<SessionDataRef<'de>, A::Error> {
    let mut d = SessionDataRef::default();
    let mut seen = 0u32;
    while let Some(key) = map.next_key::<Text<'de>>()? {
        once::<A::Error>(RECORD_KEYS, &mut seen, &key.0)?;
        match key.0.as_ref() {
            "sessionId" => d.session_id = text(&mut map)?,
            "sessionIndex" => d.session_index = text(&mut map)?,
            "userId" => d.user_id = text(&mut map)?,
            "clientIp" => d.client_ip = text(&mut map)?,
            "idStoreName" => d.id_store_name = text(&mut map)?,
            "createTime" => d.create_time = text(&mut map)?,
            "updateTime" => d.update_time = text(&mut map)?,
            "lastAccessTime" => d.last_access_time = text(&mut map)?,
            "expiryTime" => d.expiry_time = text(&mut map)?,
            "isImpersonating" => d.is_impersonating = map.next_value::<Option<Flag>>()?.and_then(|f| f.0),
            "userAttributes" => d.user_attributes = map.next_value::<Attrs<'de>>()?.0,
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(d)
}

/// An attribute object: `{attrName, attrValue}` or `{key, value}`.
#[derive(Default)]
struct AttrObj<'a> {
    key: Option<Cow<'a, str>>,
    attr_name: Option<Cow<'a, str>>,
    attr_value: Option<Cow<'a, str>>,
}

impl<'a> AttrObj<'a> {
    fn into_attr(self, name: Option<Cow<'a, str>>) -> UserAttributeRef<'a> {
        UserAttributeRef {
            name: name.or(self.key).or_else(|| self.attr_name.clone()).unwrap_or_default(),
            attr_name: self.attr_name,
            attr_value: self.attr_value,
        }
    }
}

fn attr_obj<'de, A: MapAccess<'de>>(mut map: A) -> Result<AttrObj<'de>, A::Error> {
    let mut o = AttrObj::default();
    while let Some(key) = map.next_key::<Text<'de>>()? {
        match key.0.as_ref() {
            "attrName" => o.attr_name = text(&mut map)?,
            "attrValue" => o.attr_value = text(&mut map)?,
            "key" => o.key = text(&mut map)?,
            "value" => match map.next_value::<AttrAny<'de>>()? {
                AttrAny::Obj(inner) => {
                    o.attr_name = inner.attr_name;
                    o.attr_value = inner.attr_value;
                }
                AttrAny::Text(t) => o.attr_value = Some(t),
                AttrAny::Null | AttrAny::List(_) => {}
            },
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(o)
}

impl<'de> Deserialize<'de> for AttrObj<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AttrObj<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an attribute object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                attr_obj(map)
            }
        }
        d.deserialize_map(V)
    }
}

/// The value of a `userAttributes` map entry.
enum AttrAny<'a> {
    Obj(AttrObj<'a>),
    Text(Cow<'a, str>),
    List(Vec<AttrObj<'a>>),
    Null,
}

impl<'de> Deserialize<'de> for AttrAny<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AttrAny<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an attribute")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                attr_obj(map).map(AttrAny::Obj)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some(o) = seq.next_element::<AttrObj<'de>>()? {
                    v.push(o);
                }
                Ok(AttrAny::List(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(AttrAny::Null)
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(AttrAny::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(AttrAny::Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(AttrAny::Text(Cow::Owned(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(AttrAny::Text(Cow::Borrowed(if v { "true" } else { "false" })))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(AttrAny::Text(Cow::Owned(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(AttrAny::Text(Cow::Owned(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(AttrAny::Text(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// `userAttributes` in any of its forms.
struct Attrs<'a>(Vec<UserAttributeRef<'a>>);

impl<'de> Deserialize<'de> for Attrs<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Attrs<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("userAttributes as a map or a list")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    match map.next_value::<AttrAny<'de>>()? {
                        AttrAny::Obj(o) => out.push(o.into_attr(Some(key.0))),
                        AttrAny::Text(t) => out.push(UserAttributeRef {
                            name: key.0,
                            attr_name: None,
                            attr_value: Some(t),
                        }),
                        AttrAny::Null => out.push(UserAttributeRef {
                            name: key.0,
                            attr_name: None,
                            attr_value: None,
                        }),
                        // JAXB's {"entry": [{"key": …, "value": {…}}]}.
                        AttrAny::List(list) => out.extend(list.into_iter().map(|o| o.into_attr(None))),
                    }
                }
                Ok(Attrs(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(o) = seq.next_element::<AttrObj<'de>>()? {
                    out.push(o.into_attr(None));
                }
                Ok(Attrs(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Attrs(Vec::new()))
            }
        }
        d.deserialize_any(V)
    }
}

/// The whole body.
enum Top<'a> {
    Results(SessionResultsRef<'a>),
    Other(String),
}

impl<'de> Deserialize<'de> for Top<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("SessionResults")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let list = elements(seq)?;
                Ok(if list.bad {
                    Top::Other("an element of the JSON array is not a SessionData object".into())
                } else {
                    Top::Results(SessionResultsRef {
                        total_records: None,
                        sessions: list.items,
                    })
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = SessionResultsRef::default();
                let mut seen = false;
                let mut bad = false;
                let mut wrapped = None;
                let mut keys = 0u32;
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    once::<A::Error>(TOP_KEYS, &mut keys, &key.0)?;
                    match key.0.as_ref() {
                        "totalRecords" => {
                            out.total_records = map.next_value::<Option<Count>>()?.and_then(|c| c.0);
                            seen = true;
                        }
                        "sessions" => {
                            let list = map.next_value::<Sessions<'de>>()?.0;
                            out.sessions = list.items;
                            bad |= list.bad;
                            seen = true;
                        }
                        "sessionData" => {
                            let list = map.next_value::<OneOrMany<'de>>()?.0;
                            out.sessions = list.items;
                            bad |= list.bad;
                            seen = true;
                        }
                        "SessionResults" | "sessionResults" => wrapped = Some(map.next_value::<Top<'de>>()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(match (seen, wrapped) {
                    (false, Some(inner)) => inner,
                    (true, _) if bad => {
                        Top::Other("the JSON sessions hold something that is not a SessionData object".into())
                    }
                    (true, _) => Top::Results(out),
                    (false, None) => Top::Other("the JSON object has neither totalRecords nor sessions".into()),
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Top::Other("a JSON null is not SessionResults".into()))
            }
            other_visits!(Top::Other("a JSON scalar is not SessionResults".into()));
        }
        d.deserialize_any(V)
    }
}

// ---- encoding -------------------------------------------------------------

struct JsonResults<'a>(&'a SessionResults);

impl Serialize for JsonResults<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(t) = self.0.total_records {
            m.serialize_entry("totalRecords", &t)?;
        }
        let sessions: Vec<JsonSession<'_>> = self.0.sessions.iter().map(JsonSession).collect();
        m.serialize_entry("sessions", &sessions)?;
        m.end()
    }
}

struct JsonSession<'a>(&'a SessionData);

impl Serialize for JsonSession<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = s.serialize_map(None)?;
        for (k, v) in [
            ("sessionId", &d.session_id),
            ("sessionIndex", &d.session_index),
            ("createTime", &d.create_time),
            ("updateTime", &d.update_time),
            ("lastAccessTime", &d.last_access_time),
            ("expiryTime", &d.expiry_time),
            ("userId", &d.user_id),
            ("clientIp", &d.client_ip),
            ("idStoreName", &d.id_store_name),
        ] {
            if let Some(v) = v {
                m.serialize_entry(k, v)?;
            }
        }
        if let Some(b) = d.is_impersonating {
            m.serialize_entry("isImpersonating", &b)?;
        }
        if !d.user_attributes.is_empty() {
            m.serialize_entry("userAttributes", &JsonAttrs(&d.user_attributes))?;
        }
        m.end()
    }
}

struct JsonAttrs<'a>(&'a [UserAttribute]);

impl Serialize for JsonAttrs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for a in self.0 {
            m.serialize_entry(&a.name, &JsonAttr(a))?;
        }
        m.end()
    }
}

struct JsonAttr<'a>(&'a UserAttribute);

impl Serialize for JsonAttr<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(n) = &self.0.attr_name {
            m.serialize_entry("attrName", n)?;
        }
        if let Some(v) = &self.0.attr_value {
            m.serialize_entry("attrValue", v)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod duplicate_tests {
    use super::*;

    #[test]
    fn a_known_key_named_twice_is_malformed() {
        for body in [
            r#"{"totalRecords":1,"totalRecords":2,"sessions":[]}"#,
            r#"[{"userId":"a","userId":"b"}]"#,
            r#"{"sessions":{"sessionData":[{"sessionId":"x","sessionId":"y"}]}}"#,
        ] {
            assert!(
                matches!(decode_json(body.as_bytes()), Err(BodyError::Malformed { .. })),
                "{body}"
            );
        }
        assert!(decode_json(br#"[{"userId":"a","extra":1,"extra":2}]"#).is_ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UserAttribute;
    use proptest::prelude::*;

    fn ok(body: &str) -> SessionResults {
        decode_json(body.as_bytes()).unwrap()
    }

    fn unrecognized(body: &str) {
        assert!(
            matches!(
                decode_json_borrowed(body.as_bytes()),
                Err(BodyError::Unrecognized { .. })
            ),
            "{body}"
        );
    }

    fn malformed(body: &str) -> usize {
        match decode_json_borrowed(body.as_bytes()) {
            Err(BodyError::Malformed { offset, .. }) => offset,
            other => panic!("not malformed: {body}: {other:?}"),
        }
    }

    const RECORD: &str = r#"{"sessionId":"a|b+c=","createTime":"2017-05-31T13:56:35.426-07:00","userId":"user3","clientIp":"1.2.3.4","idStoreName":"UserIdentityStore1","isImpersonating":false}"#;

    #[test]
    fn every_shape_decodes_to_the_same_value() {
        let array = ok(&format!("[{RECORD}]"));
        assert_eq!(array.total_records, None);
        assert_eq!(array.sessions[0].user_id.as_deref(), Some("user3"));
        assert_eq!(array.sessions[0].is_impersonating, Some(false));
        let want = SessionResults::new(Some(1), array.sessions.clone());
        for body in [
            format!(r#"{{"totalRecords":1,"sessions":[{RECORD}]}}"#),
            format!(r#"{{"totalRecords":"1","sessions":{{"sessionData":[{RECORD}]}}}}"#),
            format!(r#"{{"totalRecords":1,"sessions":{{"sessionData":{RECORD}}}}}"#),
            format!(r#"{{"SessionResults":{{"totalRecords":1,"sessions":[{RECORD}]}}}}"#),
            format!(r#"{{"totalRecords":1,"sessionData":{RECORD},"other":[1,{{"a":null}}]}}"#),
        ] {
            assert_eq!(ok(&body), want, "{body}");
        }
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let body = r#"[{"sessionId":"plain","userId":"a\"b\u007c","clientIp":12,"isImpersonating":"TRUE"}]"#;
        let r = decode_json_borrowed(body.as_bytes()).unwrap();
        let s = &r.sessions[0];
        assert!(matches!(s.session_id, Some(Cow::Borrowed("plain"))));
        assert_eq!(s.user_id.as_deref(), Some("a\"b|"));
        assert_eq!(s.client_ip.as_deref(), Some("12"));
        assert_eq!(s.is_impersonating, Some(true));
    }

    #[test]
    fn nulls_and_empties() {
        let r = ok(r#"{"totalRecords":null,"sessions":null}"#);
        assert_eq!(r, SessionResults::default());
        let r = ok(r#"{"totalRecords":"","sessions":[{"userId":null,"isImpersonating":""}]}"#);
        assert_eq!(r.total_records, None);
        assert_eq!(r.sessions[0], SessionData::default());
        assert_eq!(ok("[]"), SessionResults::default());
        assert_eq!(ok(r#"{"totalRecords":0}"#), SessionResults::new(Some(0), vec![]));
    }

    #[test]
    fn user_attributes_in_every_form() {
        let s = |v: &str| Some(signoff_core::ByteString::from(v));
        let body = r#"[{"userId":"u","userAttributes":{
            "mail":{"attrName":"mail","attrValue":"a@b"},
            "plain":"v",
            "none":null,
            "entry":[{"key":"cn","value":{"attrName":"cn","attrValue":"C N"}},{"key":"sn","value":"S"}]
        }},{"userAttributes":[{"attrName":"uid","attrValue":"u1"},{"attrValue":"x"}]}]"#;
        let r = ok(body);
        assert_eq!(
            r.sessions[0].user_attributes,
            vec![
                UserAttribute::new("mail", s("mail"), s("a@b")),
                UserAttribute::new("plain", None, s("v")),
                UserAttribute::new("none", None, None),
                UserAttribute::new("cn", s("cn"), s("C N")),
                UserAttribute::new("sn", None, s("S")),
            ]
        );
        assert_eq!(
            r.sessions[1].user_attributes,
            vec![
                UserAttribute::new("uid", s("uid"), s("u1")),
                UserAttribute::new("", None, s("x"))
            ]
        );
    }

    #[test]
    fn other_documents_are_unrecognized() {
        for body in [
            "{}",
            r#"{"errorCode":"X","errorMessage":"y"}"#,
            "null",
            "true",
            "1",
            "\"s\"",
            "[1]",
            "[[]]",
            r#"[{"userId":"u"}, "x"]"#,
            r#"{"sessions":[1]}"#,
            r#"{"sessions":"none"}"#,
            r#"{"SessionResults":{"message":"x"}}"#,
        ] {
            unrecognized(body);
        }
    }

    #[test]
    fn bad_json_and_bad_fields_are_malformed_with_offsets() {
        assert_eq!(malformed(r#"{"sessions": [}"#), 14);
        assert_eq!(malformed("\u{feff}[x]"), 4);
        for body in [
            r#"{"totalRecords":-1}"#,
            r#"{"totalRecords":"many"}"#,
            r#"{"totalRecords":1.5}"#,
            r#"[{"isImpersonating":"maybe"}]"#,
            r#"[{"isImpersonating":1}]"#,
            r#"[{"userId":{"a":1}}]"#,
            r#"[{"userAttributes":5}]"#,
            r#"[{"userId":"u"}] trailing"#,
        ] {
            malformed(body);
        }
    }

    #[test]
    fn the_encoder_writes_the_object_form() {
        let mut d = SessionData::new("u");
        d.is_impersonating = Some(true);
        d.user_attributes
            .push(UserAttribute::new("k", Some("k".into()), Some("v".into())));
        d.user_attributes.push(UserAttribute::new("k", None, None));
        let json = encode_json(&SessionResults::new(Some(2), vec![d]));
        assert_eq!(
            json,
            r#"{"totalRecords":2,"sessions":[{"userId":"u","isImpersonating":true,"userAttributes":{"k":{"attrName":"k","attrValue":"v"},"k":{}}}]}"#
        );
    }

    proptest! {
        #[test]
        fn encode_then_decode_is_identity(results in crate::xml::tests::results_strategy(), nul in any::<bool>()) {
            let mut results = results;
            if nul
                && let Some(s) = results.sessions.first_mut() {
                    s.user_id = Some("nul\0inside".into());
                }
            let json = encode_json(&results);
            prop_assert_eq!(decode_json(json.as_bytes()).unwrap(), results);
        }

        #[test]
        fn decoding_arbitrary_text_never_panics(body in "(\\PC|[\\[\\]{}\":,]){0,200}") {
            let _ = decode_json_borrowed(body.as_bytes());
        }
    }
}
