//! JSON parsing with byte offsets, and a `serde_json::Value` that refuses
//! a name given twice.

use super::*;

/// A JSON body that did not parse: the sentence and the byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset into the body as received (a BOM counted).
    pub offset: usize,
    /// serde_json's description.
    pub message: String,
}

/// Parses JSON after an optional BOM, turning serde_json's line/column
/// into a byte offset of the body as received.
///
/// A body that is UTF-8 throughout (every document a vendor sends) is
/// checked once, whole, and read as a `str`: serde_json then skips its
/// check of each string, which costs more than the rest of a small
/// document's parse. Any other body is read as bytes, so what is accepted
/// and every error's text and offset are serde_json's own either way.
pub fn parse_json<'a, T: serde::Deserialize<'a>>(body: &'a [u8]) -> Result<T, JsonError> {
    let bom = body.len() - strip_bom(body).len();
    let text = strip_bom(body);
    let parsed = match std::str::from_utf8(text) {
        Ok(s) => serde_json::from_str(s),
        Err(_) => serde_json::from_slice(text),
    };
    parsed.map_err(|e| JsonError {
        offset: bom + line_col_to_offset(text, e.line(), e.column()),
        message: e.to_string(),
    })
}

/// Parses a JSON document into a [`serde_json::Value`] after an optional
/// BOM, refusing an object that names the same key twice: a vendor document
/// with two `errorCode`s or two `status`es is ambiguous, and a decoder that
/// silently kept the last one could call a failure success.
pub fn parse_json_value(body: &[u8]) -> Result<serde_json::Value, JsonError> {
    parse_json::<StrictValue>(body).map(|v| v.0)
}

struct StrictValue(serde_json::Value);

impl<'de> serde::Deserialize<'de> for StrictValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = StrictValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<StrictValue, E> {
        Ok(StrictValue(v.into()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<StrictValue, E> {
        Ok(StrictValue(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<StrictValue, E> {
        Ok(StrictValue(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<StrictValue, E> {
        Ok(StrictValue(
            serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number),
        ))
    }

    fn visit_str<E>(self, v: &str) -> Result<StrictValue, E> {
        Ok(StrictValue(v.into()))
    }

    fn visit_string<E>(self, v: String) -> Result<StrictValue, E> {
        Ok(StrictValue(v.into()))
    }

    fn visit_unit<E>(self) -> Result<StrictValue, E> {
        Ok(StrictValue(serde_json::Value::Null))
    }

    fn visit_none<E>(self) -> Result<StrictValue, E> {
        Ok(StrictValue(serde_json::Value::Null))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<StrictValue, A::Error> {
        let mut out = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(StrictValue(serde_json::Value::Array(out)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<StrictValue, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let StrictValue(value) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "the key {:?} appears twice in one object",
                    key.chars().take(64).collect::<String>()
                )));
            }
            out.insert(key, value);
        }
        Ok(StrictValue(serde_json::Value::Object(out)))
    }
}

fn line_col_to_offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|t| t.iter().position(|&b| b == b'\n')) {
            Some(p) => start += p + 1,
            None => break,
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_carry_byte_offsets() {
        let e = parse_json::<serde_json::Value>(b"{\n  \"a\": x}").unwrap_err();
        assert_eq!(e.offset, 9);
        let e = parse_json::<serde_json::Value>(b"\xEF\xBB\xBF{\"a\" 1}").unwrap_err();
        assert_eq!(e.offset, 3 + 5);
        assert!(parse_json::<serde_json::Value>(b"\xEF\xBB\xBF{}").is_ok());
    }

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        assert_eq!(
            parse_json_value(b"{\"a\":1,\"b\":[{\"c\":2}]}").unwrap()["b"][0]["c"],
            2
        );
        let e = parse_json_value(b"{\"a\":1,\"a\":2}").unwrap_err();
        assert!(e.message.contains("appears twice"), "{e:?}");
        assert_eq!(e.offset, 12);
        assert!(parse_json_value(b"[{\"x\":{\"k\":1,\"k\":1}}]").is_err());
        assert!(parse_json_value(b"{\"a\":1,\"A\":2}").is_ok());
        let deep = "[".repeat(10_000);
        assert!(parse_json_value(deep.as_bytes()).is_err());
    }

    /// serde_json's reading of the bytes, the reference the `str` path
    /// must agree with.
    fn reference<'a, T: serde::Deserialize<'a>>(text: &'a [u8]) -> Result<T, String> {
        serde_json::from_slice(text).map_err(|e| e.to_string())
    }

    #[test]
    fn a_body_that_is_not_utf8_is_read_as_bytes() {
        // An invalid byte in a string that is read, and in one that is skipped.
        let read = b"{\"a\":\"\xff\"}";
        assert_eq!(
            parse_json::<serde_json::Value>(read).map_err(|e| e.message),
            reference::<serde_json::Value>(read)
        );
        let skipped = b"[\"\xff\"]";
        assert_eq!(
            parse_json::<serde::de::IgnoredAny>(skipped).is_ok(),
            reference::<serde::de::IgnoredAny>(skipped).is_ok()
        );
    }

    proptest::proptest! {
        /// Whichever path a body takes, the outcome (value or error text)
        /// is serde_json's reading of the bytes.
        #[test]
        fn reads_as_serde_json_reads_the_bytes(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u00e9", "\\ud800", "a", "1", "-0", "1e400",
                    "true", "null", " ", "\n", "\u{e9}", "\u{1F600}", "\u{0}", "\u{7f}",
                ]),
                0..24,
            ),
            bad in proptest::option::of((0usize..24, proptest::sample::select(vec![0xffu8, 0xc3, 0x80, 0xed]))),
        ) {
            let mut body = parts.concat().into_bytes();
            if let Some((at, byte)) = bad {
                body.insert(at.min(body.len()), byte);
            }
            proptest::prop_assert_eq!(
                parse_json::<serde_json::Value>(&body).map_err(|e| e.message),
                reference::<serde_json::Value>(&body)
            );
            proptest::prop_assert_eq!(
                parse_json::<serde::de::IgnoredAny>(&body).map_err(|e| e.message).is_ok(),
                reference::<serde::de::IgnoredAny>(&body).is_ok()
            );
        }
    }
}
