//! Well-formedness checks an event reader does not make on its own.
//!
//! quick-xml tokenizes; it does not check that a name is an XML name, that
//! a text's `&` starts a reference it knows, or that a character is an XML
//! character. A decoder that skips the elements it does not know would
//! otherwise call a broken document "success". These checks work on the raw
//! (still escaped) bytes of each token, so they cost one pass and no
//! allocation, and every vendor's XML reader uses the same ones.

/// The deepest element nesting an XML decoder accepts. The documents of
/// these calls nest at most five deep; 10,000 nested elements of a hostile
/// body stop here.
pub const MAX_XML_DEPTH: usize = 256;

/// Why a token is not well-formed, with the offset inside the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlFlaw {
    /// Byte offset inside the checked token.
    pub offset: usize,
    /// What is wrong.
    pub message: &'static str,
}

fn flaw(offset: usize, message: &'static str) -> XmlFlaw {
    XmlFlaw { offset, message }
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

fn is_name_char(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || b == b'-' || b == b'.'
}

/// Checks an element or attribute name (`Name` of XML 1.0, with any
/// non-ASCII byte accepted as a name character).
pub fn check_name(name: &[u8]) -> Result<(), XmlFlaw> {
    match name.split_first() {
        None => Err(flaw(0, "an empty name")),
        Some((&first, _)) if !is_name_start(first) => Err(flaw(0, "a name must start with a letter, '_' or ':'")),
        Some((_, rest)) => match rest.iter().position(|&b| !is_name_char(b)) {
            Some(p) => Err(flaw(p + 1, "a character that cannot stand in a name")),
            None => Ok(()),
        },
    }
}

fn is_xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Checks raw (escaped) character data or an attribute value: only XML
/// characters, every `&` starts one of the five predefined entities or a
/// character reference to an XML character, and (for attribute values,
/// `attribute = true`) no `<`.
pub fn check_text(raw: &str, attribute: bool) -> Result<(), XmlFlaw> {
    // One pass over the bytes; only the few bytes that can be wrong are
    // looked at closely (this runs on every text of the XML hot path).
    let bytes = raw.as_bytes();
    // Most texts hold none of the bytes looked at below: one word-at-a-time
    // scan settles them, and the byte loop starts at the first such byte.
    let Some(mut i) = crate::first_special(bytes, 0x20, [b'&', b'<', 0xEF]) else {
        return Ok(());
    };
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\t' | b'\n' | b'\r' => {}
            0..=0x1F => return Err(flaw(i, "a character XML does not allow")),
            b'<' if attribute => return Err(flaw(i, "a '<' inside an attribute value")),
            // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
            0xEF if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) => {
                return Err(flaw(i, "a character XML does not allow"));
            }
            b'&' => {
                let rest = bytes.get(i + 1..).unwrap_or_default();
                let end = rest
                    .iter()
                    .take(12)
                    .position(|&b| b == b';')
                    .ok_or_else(|| flaw(i, "a '&' that starts no reference"))?;
                let name = rest.get(..end).unwrap_or_default();
                let ok = match name {
                    b"lt" | b"gt" | b"amp" | b"apos" | b"quot" => true,
                    [b'#', b'x', hex @ ..] if !hex.is_empty() => char_ref(hex, 16),
                    [b'#', dec @ ..] if !dec.is_empty() => char_ref(dec, 10),
                    _ => false,
                };
                if !ok {
                    return Err(flaw(
                        i,
                        "a reference to an entity that is not predefined, or to a character XML does not allow",
                    ));
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

fn char_ref(digits: &[u8], radix: u32) -> bool {
    let text = std::str::from_utf8(digits).unwrap_or("");
    text.chars().all(|c| c.is_digit(radix)) && u32::from_str_radix(text, radix).is_ok_and(is_xml_char)
}

/// Checks an XML declaration, given as the bytes between `<?` and `?>`,
/// against XML 1.0's `XMLDecl`: `xml`, a version `1.` and digits, then
/// optionally an encoding and a standalone of `yes` or `no`, in that
/// order, each after whitespace, each value quoted. The encoding must read
/// as UTF-8 ([`reads_as_utf8`](crate::reads_as_utf8): UTF-8, or a charset
/// that agrees with it on ASCII): a document in UTF-16 or EBCDIC would mean
/// other characters than these readers read.
///
/// ```
/// use signoff_core::check_declaration;
/// assert!(check_declaration(b"xml version=\"1.0\" encoding='utf-8' standalone=\"yes\"").is_ok());
/// assert!(check_declaration(b"xml version=\"2.0\"").is_err());
/// assert!(check_declaration(b"xml encoding=\"UTF-8\"").is_err());
/// assert!(check_declaration(b"xml version=\"1.0\" encoding=\"UTF-16\"").is_err());
/// ```
pub fn check_declaration(inner: &[u8]) -> Result<(), XmlFlaw> {
    let mut d = Decl { rest: inner, at: 0 };
    if !d.take(b"xml") {
        return Err(flaw(0, "a declaration that does not start with `xml`"));
    }
    let mut spaced = d.space();
    if !(spaced && d.take(b"version")) {
        return Err(flaw(d.at, "a declaration without its version"));
    }
    let (at, version) = d.value()?;
    let digits = version.strip_prefix(b"1.").unwrap_or_default();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(flaw(at, "a version that is not `1.` and digits"));
    }
    spaced = d.space();
    if spaced && d.take(b"encoding") {
        let (at, name) = d.value()?;
        if !crate::reads_as_utf8(name) {
            return Err(flaw(at, "an encoding that does not read as UTF-8"));
        }
        spaced = d.space();
    }
    if spaced && d.take(b"standalone") {
        let (at, value) = d.value()?;
        if value != b"yes" && value != b"no" {
            return Err(flaw(at, "a standalone that is neither `yes` nor `no`"));
        }
        d.space();
    }
    if d.rest.is_empty() {
        Ok(())
    } else {
        Err(flaw(d.at, "something a declaration cannot hold, or out of its order"))
    }
}

/// The unread part of a declaration, and its offset.
struct Decl<'a> {
    rest: &'a [u8],
    at: usize,
}

impl<'a> Decl<'a> {
    fn skip(&mut self, n: usize) {
        self.rest = self.rest.get(n..).unwrap_or_default();
        self.at += n;
    }

    fn take(&mut self, word: &[u8]) -> bool {
        let found = self.rest.starts_with(word);
        if found {
            self.skip(word.len());
        }
        found
    }

    /// Skips whitespace; whether there was any.
    fn space(&mut self) -> bool {
        let n = self.rest.iter().take_while(|&&b| crate::is_space(b)).count();
        self.skip(n);
        n > 0
    }

    /// `Eq` and a quoted value: the value and its offset.
    fn value(&mut self) -> Result<(usize, &'a [u8]), XmlFlaw> {
        self.space();
        if !self.take(b"=") {
            return Err(flaw(self.at, "a declaration's name without `=`"));
        }
        self.space();
        let quote = match self.rest.first() {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(flaw(self.at, "a declaration's value without quotes")),
        };
        let body = self.rest.get(1..).unwrap_or_default();
        let len = body
            .iter()
            .position(|&b| b == quote)
            .ok_or_else(|| flaw(self.at, "a declaration's value without its closing quote"))?;
        let value = body.get(..len).unwrap_or_default();
        let at = self.at + 1;
        self.skip(len + 2);
        Ok((at, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_follow_xml_decl() {
        for good in [
            &b"xml version=\"1.0\""[..],
            b"xml version='1.1'",
            b"xml version = \"1.0\" ",
            b"xml\tversion=\"1.0\"\nencoding=\"utf-8\"",
            b"xml version=\"1.0\" standalone='no'",
            b"xml version=\"1.0\" encoding=\"ISO-8859-1\"",
            b"xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"",
        ] {
            assert!(check_declaration(good).is_ok(), "{}", String::from_utf8_lossy(good));
        }
        for bad in [
            &b""[..],
            b"xml",
            b"xmlversion=\"1.0\"",
            b"xml version=\"2.0\"",
            b"xml version=\"1.\"",
            b"xml version=\"1.0a\"",
            b"xml version=1.0",
            b"xml version=\"1.0'",
            b"xml version=\"1.0\"encoding=\"UTF-8\"",
            b"xml encoding=\"UTF-8\"",
            b"xml encoding=\"UTF-8\" version=\"1.0\"",
            b"xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"",
            b"xml version=\"1.0\" encoding=\"UTF-16\"",
            b"xml version=\"1.0\" standalone=\"maybe\"",
            b"xml version=\"1.0\" version=\"1.0\"",
            b"xml version=\"1.0\" foo=\"bar\"",
            b"xml version=\"1.0\" \x0c",
        ] {
            assert!(check_declaration(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn names() {
        for ok in [
            &b"a"[..],
            b"Api_LogoffUsersResponse",
            b"ns:a-b.c1",
            b"_x",
            "é".as_bytes(),
        ] {
            assert!(check_name(ok).is_ok(), "{ok:?}");
        }
        assert_eq!(check_name(b"1a").unwrap_err().offset, 0);
        assert_eq!(check_name(b"a b").unwrap_err().offset, 1);
        assert!(check_name(b"").is_err());
        assert!(check_name(b"a<").is_err());
    }

    #[test]
    fn text_and_references() {
        for ok in [
            "plain",
            "a &amp; b",
            "&lt;&gt;&quot;&apos;",
            "&#38;&#x26;&#x1F600;",
            "tab\tnl\n",
        ] {
            assert!(check_text(ok, true).is_ok(), "{ok:?}");
        }
        for (bad, at) in [
            ("a & b", 2),
            ("&bogus;", 0),
            ("x&#xFFFFFFFF;", 1),
            ("&#0;", 0),
            ("&#xD800;", 0),
            ("&#12a;", 0),
            ("&;", 0),
            ("nul\0", 3),
            ("\u{FFFE}", 0),
            ("&ampamp", 0),
        ] {
            assert_eq!(check_text(bad, false).unwrap_err().offset, at, "{bad:?}");
        }
        assert!(check_text("a<b", false).is_ok());
        assert_eq!(check_text("a<b", true).unwrap_err().offset, 1);
    }
}
