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

/// One member value of a flat JSON object, as [`scan_flat_object`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlatValue<'a> {
    /// A string with no escape, as it stands between its quotes.
    Str(&'a str),
    /// A number, as written (checked against JSON's number grammar).
    Number(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// The fast path of the envelope readers: a flat JSON object (after an
/// optional BOM) read member by member, handing each key and value to
/// `member`, with no allocation and no `serde` machinery.
///
/// It takes only the common shape and gives up (`None`) on anything else:
/// an escape in a key or a string, a nested object or array, a key named
/// twice, more than [`FLAT_MEMBERS`] members, a body that is not UTF-8,
/// any syntax error, or `member` returning `false` (a value of a type the
/// caller does not take). The caller then runs
/// its `serde` reading, which is the reference: on every body this
/// returns `Some` for, the two must agree (each caller property-tests it).
/// The grammar checked is JSON's own (RFC 8259: whitespace, numbers with
/// no leading zero, literals, no control character in strings, nothing
/// after the object), so a body this accepts is one `serde_json` accepts
/// into a derive (members skipped as `IgnoredAny`). A `serde_json::Value`
/// also refuses a number beyond `f64`'s range (`1e400`): a caller whose
/// reference reads a `Value` must give up on such a number itself.
///
/// ```
/// use signoff_core::{FlatValue, scan_flat_object};
/// let mut code = None;
/// let read = scan_flat_object(br#"{"code":"NotAuthenticated","n":1.5e3,"x":null}"#, |k, v| {
///     if let ("code", FlatValue::Str(s)) = (k, v) {
///         code = Some(s);
///     }
///     true
/// });
/// assert_eq!((read, code), (Some(()), Some("NotAuthenticated")));
/// assert_eq!(scan_flat_object(br#"{"a":{"b":1}}"#, |_, _| true), None);
/// ```
pub fn scan_flat_object<'a>(body: &'a [u8], member: impl FnMut(&'a str, FlatValue<'a>) -> bool) -> Option<()> {
    scan_flat_text(std::str::from_utf8(body).ok()?, member)
}

/// [`scan_flat_object`] of a body already known to be UTF-8 (a
/// [`ByteString`](crate::ByteString), say): the same reading without a
/// second UTF-8 pass.
///
/// ```
/// assert_eq!(signoff_core::scan_flat_text("\u{feff}{}", |_, _| true), Some(()));
/// ```
#[inline]
pub fn scan_flat_text<'a>(text: &'a str, mut member: impl FnMut(&'a str, FlatValue<'a>) -> bool) -> Option<()> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut s = Scan { text, at: 0 };
    s.ws();
    s.eat(b'{')?;
    s.ws();
    if s.peek() == Some(b'}') {
        s.at += 1;
    } else {
        // Every key once (a name given twice is ambiguous): compared
        // against the keys seen, at most `FLAT_MEMBERS` of them; a larger
        // object is left to the strict reading.
        let mut keys: [&str; FLAT_MEMBERS] = [""; FLAT_MEMBERS];
        let mut count = 0;
        loop {
            s.eat(b'"')?;
            let key = s.string()?;
            if keys.get(..count)?.contains(&key) {
                return None;
            }
            *keys.get_mut(count)? = key;
            count += 1;
            s.ws();
            s.eat(b':')?;
            s.ws();
            let value = s.value()?;
            if !member(key, value) {
                return None;
            }
            s.ws();
            match s.peek()? {
                b',' => {
                    s.at += 1;
                    s.ws();
                }
                b'}' => {
                    s.at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    s.ws();
    (s.at == text.len()).then_some(())
}

/// The most members a flat object read by [`scan_flat_object`] may have.
pub const FLAT_MEMBERS: usize = 16;

/// The members named `names` of a flat JSON object, when each is a plain
/// string (borrowed from the body) or `null` (read as absent), through
/// [`scan_flat_object`]. `None` (give up, let the `serde` reading decide)
/// when the scanner gives up, or a named member is a number or a boolean
/// (whose reading differs between envelopes) or is named twice.
///
/// ```
/// let [code, message] = signoff_core::flat_strings(br#"{"code":"X","message":null,"n":1}"#, ["code", "message"]).unwrap();
/// assert_eq!((code, message), (Some("X"), None));
/// assert_eq!(signoff_core::flat_strings(br#"{"code":1}"#, ["code"]), None);
/// ```
pub fn flat_strings<'a, const N: usize>(body: &'a [u8], names: [&str; N]) -> Option<[Option<&'a str>; N]> {
    flat_strings_of_text(std::str::from_utf8(body).ok()?, names)
}

/// [`flat_strings`] of a body already known to be UTF-8 (see
/// [`scan_flat_text`]).
#[inline]
pub fn flat_strings_of_text<'a, const N: usize>(text: &'a str, names: [&str; N]) -> Option<[Option<&'a str>; N]> {
    let mut out = [None; N];
    // The scanner refuses a key given twice, so each slot is filled at
    // most once.
    scan_flat_text(text, |key, value| {
        let Some(slot) = names.iter().position(|name| *name == key).and_then(|i| out.get_mut(i)) else {
            return true;
        };
        match value {
            FlatValue::Str(s) => {
                *slot = Some(s);
                true
            }
            FlatValue::Null => true,
            FlatValue::Number(_) | FlatValue::Bool(_) => false,
        }
    })?;
    Some(out)
}

struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.at += 1)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    /// The rest of a string whose opening quote was read: no escape, no
    /// control character.
    fn string(&mut self) -> Option<&'a str> {
        let rest = self.text.as_bytes().get(self.at..)?;
        let len = crate::first_special(rest, 0x20, [b'"', b'\\', b'"'])?;
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        let s = self.text.get(self.at..self.at + len)?;
        self.at += len + 1;
        Some(s)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    fn value(&mut self) -> Option<FlatValue<'a>> {
        let start = self.at;
        let literal = |s: &mut Self, word: &str, v: FlatValue<'a>| {
            let end = s.at + word.len();
            (s.text.get(s.at..end) == Some(word)).then(|| {
                s.at = end;
                v
            })
        };
        match self.peek()? {
            b'"' => {
                self.at += 1;
                self.string().map(FlatValue::Str)
            }
            b't' => literal(self, "true", FlatValue::Bool(true)),
            b'f' => literal(self, "false", FlatValue::Bool(false)),
            b'n' => literal(self, "null", FlatValue::Null),
            b'-' | b'0'..=b'9' => {
                if self.peek() == Some(b'-') {
                    self.at += 1;
                }
                match self.peek()? {
                    b'0' => self.at += 1,
                    b'1'..=b'9' => {
                        self.digits();
                    }
                    _ => return None,
                }
                if self.peek() == Some(b'.') {
                    self.at += 1;
                    if self.digits() == 0 {
                        return None;
                    }
                }
                if matches!(self.peek(), Some(b'e' | b'E')) {
                    self.at += 1;
                    if matches!(self.peek(), Some(b'+' | b'-')) {
                        self.at += 1;
                    }
                    if self.digits() == 0 {
                        return None;
                    }
                }
                self.text.get(start..self.at).map(FlatValue::Number)
            }
            _ => None,
        }
    }
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

    /// Bodies serde_json refuses are never taken by the scanner; the ones
    /// it takes are read as serde_json reads them.
    #[test]
    fn the_flat_scanner_takes_only_what_serde_json_takes() {
        let members = |body: &str| {
            let mut out = Vec::new();
            scan_flat_object(body.as_bytes(), |k, v| {
                out.push((k.to_owned(), format!("{v:?}")));
                true
            })
            .map(|()| out)
        };
        assert_eq!(
            members("\u{feff} {\"a\" : \"x y\" ,\"b\":-0.5e+3,\"c\":true,\"d\":null, \"e\":0}\n"),
            Some(vec![
                ("a".into(), "Str(\"x y\")".into()),
                ("b".into(), "Number(\"-0.5e+3\")".into()),
                ("c".into(), "Bool(true)".into()),
                ("d".into(), "Null".into()),
                ("e".into(), "Number(\"0\")".into()),
            ])
        );
        assert_eq!(members("{}"), Some(vec![]));
        for given_up in [
            "",
            "[]",
            "{",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{,}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":.5}",
            "{\"a\":1e}",
            "{\"a\":-}",
            "{\"a\":tru}",
            "{\"a\":nul}",
            "{\"a\":\"b\\\"c\"}",
            "{\"a\\u0062\":1}",
            "{\"a\":\"\t\"}",
            "{\"a\":[1]}",
            "{\"a\":{}}",
            "{}x",
            "{} {}",
            "{\"a\":1 \"b\":2}",
            "{\"a\":+1}",
            "{'a':1}",
            "{\"a\":NaN}",
            "\u{b}{}",
        ] {
            assert_eq!(members(given_up), None, "{given_up:?}");
        }
        assert_eq!(scan_flat_object(b"{\"a\":\"\xff\"}", |_, _| true), None);
        assert_eq!(scan_flat_object(br#"{"a":1}"#, |_, _| false), None);
    }

    proptest::proptest! {
        #[test]
        fn what_the_flat_scanner_takes_serde_json_takes(body in "[ {}\\[\\]\":,a-c0-9.eE+\\-\\\\tnrulfs\t]{0,24}") {
            if scan_flat_object(body.as_bytes(), |_, _| true).is_some() {
                let parsed = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&body);
                proptest::prop_assert!(parsed.is_ok(), "{}", body);
            }
        }
    }

    #[test]
    fn object_check() {
        assert!(opens_json_object(b"\xEF\xBB\xBF \n{}"));
        assert!(!opens_json_object(b"[\"X\"]"));
        assert!(!opens_json_object(b""));
    }
}
