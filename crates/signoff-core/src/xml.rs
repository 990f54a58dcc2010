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

#[cfg(test)]
mod tests {
    use super::*;

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
