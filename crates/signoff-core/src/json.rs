//! Borrowed, lenient JSON scalars for error envelopes: read straight from
//! the body by a derive, no `serde_json::Value` in between.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A JSON string, borrowed from the body when it has no escapes; any other
/// JSON value (number, boolean, null, array, object) reads as `None`
/// instead of failing the whole envelope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonString<'a>(pub Option<Cow<'a, str>>);

/// A JSON string or number as text (`500` reads `"500"`, `5.0` reads
/// `"5.0"`), borrowed when it can be; any other value reads as `None`.
/// Vendors send codes both ways.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonText<'a>(pub Option<Cow<'a, str>>);

struct TextVisitor {
    numbers: bool,
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(self.numbers.then(|| Cow::Owned(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(self.numbers.then(|| Cow::Owned(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(self
            .numbers
            .then(|| serde_json::Number::from_f64(v).map(|n| Cow::Owned(n.to_string())))
            .flatten())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for JsonString<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(TextVisitor { numbers: false })
            .map(JsonString)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for JsonText<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(TextVisitor { numbers: true })
            .map(JsonText)
    }
}

/// Whether the body (after an optional BOM and whitespace) opens a JSON
/// object: a derive would also read a struct from an array, by position.
pub fn opens_json_object(body: &[u8]) -> bool {
    crate::trim_start(crate::strip_bom(body)).first() == Some(&b'{')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Env<'a> {
        #[serde(borrow, default)]
        code: JsonText<'a>,
        #[serde(borrow, default)]
        message: JsonString<'a>,
    }

    fn env(s: &str) -> Result<(Option<String>, Option<String>, bool), serde_json::Error> {
        let e: Env<'_> = serde_json::from_str(s)?;
        let borrowed = matches!(e.code.0, Some(Cow::Borrowed(_)));
        Ok((
            e.code.0.map(Cow::into_owned),
            e.message.0.map(Cow::into_owned),
            borrowed,
        ))
    }

    #[test]
    fn reads_strings_borrowed_and_numbers_as_text() {
        assert_eq!(
            env(r#"{"code":"X","message":"m"}"#).unwrap(),
            (Some("X".into()), Some("m".into()), true)
        );
        assert_eq!(
            env(r#"{"code":500,"message":5}"#).unwrap(),
            (Some("500".into()), None, false)
        );
        assert_eq!(env(r#"{"code":-1.5}"#).unwrap().0.as_deref(), Some("-1.5"));
        assert_eq!(env(r#"{"code":"a\"b"}"#).unwrap(), (Some("a\"b".into()), None, false));
        assert_eq!(
            env(r#"{"code":true,"message":{"a":[1]}}"#).unwrap(),
            (None, None, false)
        );
        assert_eq!(
            env(r#"{"code":null,"message":[1,{"x":2}],"other":1}"#).unwrap(),
            (None, None, false)
        );
        assert!(env(r#"{"code":"A","code":"B"}"#).is_err());
    }

    #[test]
    fn object_check() {
        assert!(opens_json_object(b"\xEF\xBB\xBF \n{}"));
        assert!(!opens_json_object(b"[\"X\"]"));
        assert!(!opens_json_object(b""));
    }
}
