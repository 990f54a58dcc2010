//! A strict JSON reader (RFC 8259) into a borrowed tree: the reference
//! reading every vendor document is judged on.
//!
//! What it refuses that a lenient reader lets through: a name given twice
//! in one object (ambiguous: a reader keeping the first or the last could
//! call a failure success), anything but whitespace after the root, nesting
//! past [`MAX_JSON_DEPTH`], invalid UTF-8, lone surrogates in escapes. A
//! number is kept as the text the body wrote (`-0` stays `-0`, never a
//! float), so a code is reported as sent. Duplicate names are found with a
//! hash set past a handful of members, so the work stays linear in the
//! body's size.

use std::borrow::Cow;
use std::collections::HashSet;

use super::DocError;

/// The deepest nesting of arrays and objects read (serde_json's own limit).
pub const MAX_JSON_DEPTH: usize = 128;

/// A JSON value, borrowed from the body where it has no escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (`-0`, `1e2`, `10.50`).
    Number(&'a str),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array (a boxed slice, not a `Vec`: the value is then 24 bytes
    /// instead of 32, and a tree of them a quarter smaller).
    Array(Box<[Json<'a>]>),
    /// An object, members in body order, every name once.
    Object(Box<[(Cow<'a, str>, Json<'a>)]>),
}

impl<'a> Json<'a> {
    /// The JSON type's name, for sentences (`object`, `array`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "boolean",
            Self::Number(_) => "number",
            Self::String(_) => "string",
            Self::Array(_) => "array",
            Self::Object(_) => "object",
        }
    }

    /// The member `name` of an object (`None` for other values).
    pub fn get(&self, name: &str) -> Option<&Json<'a>> {
        match self {
            Self::Object(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string members `names` of an object, in the order asked (a
    /// member that is absent or not a string reads `None`).
    pub fn strings<const N: usize>(&self, names: [&str; N]) -> [Option<&str>; N] {
        names.map(|name| self.get(name).and_then(Json::as_str))
    }

    /// The string's text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// A string's text or a number's text as written.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            Self::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The non-blank string at `path` (member names, from this value) as a
    /// [`Secret`](crate::Secret): the token a login answer carries. `Err`
    /// names the path, never a value.
    pub fn secret_at(&self, path: &[&str]) -> Result<crate::Secret, String> {
        path.iter()
            .try_fold(self, |v, name| v.get(name))
            .and_then(Json::as_str)
            .filter(|t| crate::has_text(t))
            .map(crate::Secret::new)
            .ok_or_else(|| format!("the answer's {} is missing or blank", path.join(".")))
    }
}

/// Reads one JSON document: an optional UTF-8 BOM, whitespace, one value,
/// whitespace, the end.
///
/// ```
/// use signoff_core::doc::{Json, read_json};
/// assert_eq!(read_json(br#"{"code": -0}"#).unwrap().get("code"), Some(&Json::Number("-0")));
/// assert!(read_json(br#"{"a":1,"a":2}"#).is_err());
/// assert!(read_json(br#"{"a":1} x"#).is_err());
/// ```
pub fn read_json(body: &[u8]) -> Result<Json<'_>, DocError> {
    let bom = body.len() - crate::strip_bom(body).len();
    let text = std::str::from_utf8(body.get(bom..).unwrap_or_default()).map_err(|e| DocError {
        offset: bom + e.valid_up_to(),
        message: "the body is not UTF-8".into(),
    })?;
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        items: Vec::new(),
        members: Vec::new(),
    };
    let value = reader
        .value(0)
        .and_then(|v| {
            reader.skip_ws();
            if reader.pos == reader.bytes.len() {
                Ok(v)
            } else {
                Err(reader.err("something follows the document"))
            }
        })
        .map_err(|mut e| {
            e.offset += bom;
            e
        })?;
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// The items of the arrays open, innermost last; a closing array moves
    /// its own into a slice of exactly their number. A tree of growing
    /// `Vec`s would hold up to four slots per item (arrays of one item
    /// nested 126 deep: four times the memory and the cache misses).
    items: Vec<Json<'a>>,
    /// The same for the members of the objects open.
    members: Vec<(Cow<'a, str>, Json<'a>)>,
}

/// The most members one object may hold: no document a vendor sends has
/// near this many, and the check for a repeated name stays small enough to
/// be cheap per byte whatever the body.
pub const MAX_JSON_MEMBERS: usize = 1024;

/// Objects up to this many members are checked for a repeated name by
/// comparing; larger ones through a hash set.
const SMALL_OBJECT: usize = 8;

impl<'a> Reader<'a> {
    fn err(&self, message: &str) -> DocError {
        DocError {
            offset: self.pos,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str, value: Json<'a>) -> Result<Json<'a>, DocError> {
        if self
            .bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(word.as_bytes()))
        {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.err("not a JSON value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, DocError> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.err("the document ends before a value")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("not a JSON value")),
        }
    }

    fn enter(&self, depth: usize) -> Result<(), DocError> {
        if depth > MAX_JSON_DEPTH {
            Err(self.err("nesting deeper than the limit"))
        } else {
            Ok(())
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json<'a>, DocError> {
        self.enter(depth)?;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(Box::default()));
        }
        let start = self.items.len();
        loop {
            let item = self.value(depth)?;
            self.items.push(item);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(self.items.split_off(start).into_boxed_slice()));
                }
                _ => return Err(self.err("expected ',' or ']' in an array")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json<'a>, DocError> {
        self.enter(depth)?;
        self.pos += 1;
        let start = self.members.len();
        let mut seen: Option<HashSet<Cow<'a, str>>> = None;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(Box::default()));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a member name"));
            }
            let name_at = self.pos;
            if self.members.len().saturating_sub(start) >= MAX_JSON_MEMBERS {
                return Err(DocError {
                    offset: name_at,
                    message: format!("an object with more than {MAX_JSON_MEMBERS} members"),
                });
            }
            let name = self.string()?;
            let repeated = match &mut seen {
                Some(set) => !set.insert(name.clone()),
                None => {
                    let mine = self.members.get(start..).unwrap_or_default();
                    let repeated = mine.iter().any(|(k, _)| *k == name);
                    if mine.len() >= SMALL_OBJECT {
                        let mut set: HashSet<Cow<'a, str>> = mine.iter().map(|(k, _)| k.clone()).collect();
                        set.insert(name.clone());
                        seen = Some(set);
                    }
                    repeated
                }
            };
            if repeated {
                return Err(DocError {
                    offset: name_at,
                    message: format!("the name {} is given twice in one object", quoted(&name)),
                });
            }
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.err("expected ':' after a member name"));
            }
            self.pos += 1;
            let value = self.value(depth)?;
            self.members.push((name, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(self.members.split_off(start).into_boxed_slice()));
                }
                _ => return Err(self.err("expected ',' or '}' in an object")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Json<'a>, DocError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("a number needs a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err("a fraction needs a digit"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("an exponent needs a digit"));
            }
        }
        Ok(Json::Number(self.text.get(start..self.pos).unwrap_or_default()))
    }

    fn hex4(&mut self) -> Result<u32, DocError> {
        let hex = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.err("a \\u escape needs four hex digits"))?;
        self.pos += 4;
        u32::from_str_radix(hex, 16).map_err(|_| self.err("a \\u escape needs four hex digits"))
    }

    fn string(&mut self) -> Result<Cow<'a, str>, DocError> {
        self.pos += 1;
        let start = self.pos;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            // Plain bytes up to the next quote, backslash or control.
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let plain = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            self.pos += plain;
            match self.peek() {
                None => return Err(self.err("a string is not closed")),
                Some(b'"') => {
                    let tail = self.text.get(run..self.pos).unwrap_or_default();
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(tail),
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                    });
                }
                Some(b'\\') => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(self.text.get(run..self.pos).unwrap_or_default());
                    self.pos += 1;
                    let escaped = self.peek();
                    self.pos += 1;
                    let c = match escaped {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) {
                                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                                    return Err(self.err("a lone surrogate in a \\u escape"));
                                }
                                self.pos += 2;
                                let second = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&second) {
                                    return Err(self.err("a lone surrogate in a \\u escape"));
                                }
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                first
                            };
                            char::from_u32(code).ok_or_else(|| self.err("a lone surrogate in a \\u escape"))?
                        }
                        _ => return Err(self.err("an unknown escape in a string")),
                    };
                    s.push(c);
                    run = self.pos;
                }
                Some(_) => return Err(self.err("a control character inside a string")),
            }
        }
    }
}

/// A name quoted for a sentence: bounded, escaped.
pub(crate) fn quoted(name: &str) -> String {
    let short: String = name.chars().take(64).collect();
    format!("{short:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value is three words: each node of a deep tree costs no more.
    #[test]
    fn a_value_is_three_words() {
        assert_eq!(std::mem::size_of::<Json<'_>>(), 3 * std::mem::size_of::<usize>());
    }

    /// Arrays and objects nested in each other keep every item, in order.
    #[test]
    fn nested_values_keep_their_items_in_order() {
        let v = read_json(br#"{"a":[1,[2,{"b":[]}],{}],"c":{"d":[3]},"e":4}"#).unwrap();
        let back = serde_json::to_string(&to_value(&v)).unwrap();
        assert_eq!(back, r#"{"a":[1,[2,{"b":[]}],{}],"c":{"d":[3]},"e":4}"#);
        let Json::Object(members) = read_json(br#"{"z":{"y":1,"x":2},"a":0}"#).unwrap() else {
            panic!("an object")
        };
        let names: Vec<&str> = members.iter().map(|(k, _)| &**k).collect();
        assert_eq!(names, ["z", "a"]);
        assert_eq!(members[0].1.get("x"), Some(&Json::Number("2")));
    }

    #[test]
    fn reads_values_keeping_numbers_as_written() {
        let v = read_json("\u{feff} {\"a\": [1, -0, 2.50e+3, true, null, \"x\\u00e9\\ud83d\\ude00\"]} \n".as_bytes())
            .unwrap();
        let Some(Json::Array(items)) = v.get("a") else {
            panic!("{v:?}")
        };
        assert_eq!(items[0], Json::Number("1"));
        assert_eq!(items[1], Json::Number("-0"));
        assert_eq!(items[2], Json::Number("2.50e+3"));
        assert_eq!(items[5].as_str(), Some("xé😀"));
        assert!(matches!(
            read_json(br#""plain""#).unwrap(),
            Json::String(Cow::Borrowed("plain"))
        ));
    }

    #[test]
    fn refuses_what_is_not_one_strict_document() {
        for bad in [
            &b""[..],
            b"   ",
            b"{\"a\":1,\"a\":2}",
            b"{\"a\":{\"b\":1,\"b\":1}}",
            b"[{\"k\":1,\"x\":2,\"k\":3}]",
            b"{} {}",
            b"{}x",
            b"{\"a\":1,}",
            b"[1,]",
            b"01",
            b"-",
            b"1.",
            b"1e",
            b".5",
            b"+1",
            b"NaN",
            b"\"\\ud800\"",
            b"\"\\udc00\"",
            b"\"\\x\"",
            b"\"a\tb\"",
            b"\"\xff\"",
            b"{\"a\" 1}",
            b"[1 2]",
            b"truee",
            b"'a'",
            b"{\"a\":1",
            b"/*c*/{}",
        ] {
            assert!(read_json(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        let deep = "[".repeat(MAX_JSON_DEPTH + 1) + &"]".repeat(MAX_JSON_DEPTH + 1);
        assert!(read_json(deep.as_bytes()).is_err());
        let ok = "[".repeat(MAX_JSON_DEPTH) + &"]".repeat(MAX_JSON_DEPTH);
        assert!(read_json(ok.as_bytes()).is_ok());
    }

    #[test]
    fn a_repeated_name_is_found_in_large_objects_too() {
        let mut body = String::from("{");
        for i in 0..1000 {
            body.push_str(&format!("\"k{i}\":{i},"));
        }
        let unique = format!("{}\"last\":0}}", body);
        assert!(read_json(unique.as_bytes()).is_ok());
        let twice = format!("{}\"k500\":0}}", body);
        let e = read_json(twice.as_bytes()).unwrap_err();
        assert!(e.message.contains("\"k500\""), "{e:?}");
        // An escaped spelling of the same name is the same name.
        assert!(read_json(br#"{"ab":1,"a\u0062":2}"#).is_err());
    }

    #[test]
    fn an_object_holds_at_most_the_member_cap() {
        let object = |n: usize| {
            let members: Vec<String> = (0..n).map(|i| format!("\"k{i}\":0")).collect();
            format!("{{{}}}", members.join(","))
        };
        assert!(read_json(object(MAX_JSON_MEMBERS).as_bytes()).is_ok());
        let e = read_json(object(MAX_JSON_MEMBERS + 1).as_bytes()).unwrap_err();
        assert!(e.message.contains("more than 1024 members"), "{e:?}");
    }

    proptest::proptest! {
        /// Differential against serde_json: every document this reader
        /// accepts, serde_json accepts with the same value; every document
        /// serde_json accepts, this one does unless it names a key twice.
        #[test]
        fn agrees_with_serde_json(body in "[\\[\\]{}\",:0-9a-c\\\\u. \\-+etruflsn]{0,40}") {
            let ours = read_json(body.as_bytes());
            let theirs = serde_json::from_str::<serde_json::Value>(&body);
            match (&ours, &theirs) {
                (Ok(v), Ok(t)) => proptest::prop_assert_eq!(to_value(v), t.clone()),
                (Ok(v), Err(e)) => proptest::prop_assert!(false, "we accept {body:?} ({v:?}), serde_json: {e}"),
                (Err(_), Ok(_)) => proptest::prop_assert!(crate::parse_json_value(body.as_bytes()).is_err(), "we refuse {body:?}"),
                (Err(_), Err(_)) => {}
            }
        }
    }

    fn to_value(v: &Json<'_>) -> serde_json::Value {
        match v {
            Json::Null => serde_json::Value::Null,
            Json::Bool(b) => (*b).into(),
            Json::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
            Json::String(s) => s.as_ref().into(),
            Json::Array(items) => items.iter().map(to_value).collect(),
            Json::Object(m) => m.iter().map(|(k, v)| (k.to_string(), to_value(v))).collect(),
        }
    }
}
