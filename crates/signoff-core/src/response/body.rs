//! Plain facts about a body's bytes: a BOM, blankness, a bounded excerpt,
//! an HTML title, where a part lies.

use super::*;

/// The body without a leading UTF-8 BOM.
pub fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(UTF8_BOM).unwrap_or(body)
}

/// Whether `b` is whitespace as JSON, XML and HTTP bodies have it: space,
/// tab, CR, LF. A form feed (which `u8::is_ascii_whitespace` counts) is
/// content: a body of one is not blank.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The body without leading whitespace ([`is_space`]).
pub fn trim_start(body: &[u8]) -> &[u8] {
    let n = body.iter().take_while(|b| is_space(**b)).count();
    body.get(n..).unwrap_or_default()
}

/// Whether the body is empty or only whitespace ([`is_space`], after an
/// optional BOM).
pub fn is_blank(body: &[u8]) -> bool {
    trim_start(strip_bom(body)).is_empty()
}

/// Whether a text holds anything but whitespace (what `str::trim` removes):
/// a blank code or message in a vendor's envelope is no code or message.
/// It stops at the first other character, where `trim` walks both ends.
pub fn has_text(text: &str) -> bool {
    !text.chars().all(char::is_whitespace)
}

/// A bounded, lossy UTF-8 excerpt of `body`: at most [`EXCERPT_LIMIT`]
/// bytes, cut on a character boundary, with `…` appended when cut.
pub fn excerpt(body: &[u8]) -> String {
    let cut = body.len() > EXCERPT_LIMIT;
    let head = body.get(..EXCERPT_LIMIT.min(body.len())).unwrap_or(body);
    // UTF-8 is checked by the fast validator first: `from_utf8_lossy` walks
    // byte chunks and costs several times more on the common, valid body.
    let mut s = match std::str::from_utf8(head) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(head).into_owned(),
    };
    if cut {
        // A multi-byte character split at the limit shows up as a trailing
        // replacement character: drop it.
        if s.ends_with('\u{FFFD}') {
            s.pop();
        }
        s.push('…');
    }
    s
}

/// The text of the first `<title>` of an HTML page, trimmed, bounded.
pub fn html_title(body: &[u8]) -> Option<String> {
    let head = body.get(..body.len().min(64 * 1024)).unwrap_or(body);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let open = lower.windows(6).position(|w| w == b"<title")?;
    let after_open = open + lower.get(open..)?.iter().position(|&b| b == b'>')? + 1;
    let close = after_open + lower.get(after_open..)?.windows(8).position(|w| w == b"</title>")?;
    let text = String::from_utf8_lossy(head.get(after_open..close)?);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        None
    } else {
        Some(text.chars().take(200).collect())
    }
}

/// Where `part` lies in `buffer`, when it is a slice of it (checked by
/// address, so a slice taken with the range can never be out of bounds).
///
/// ```
/// let buffer = b"<userId>user5</userId>";
/// assert_eq!(signoff_core::range_within(buffer, &buffer[8..13]), Some(8..13));
/// assert_eq!(signoff_core::range_within(buffer, b"user5"), None);
/// ```
pub fn range_within(buffer: &[u8], part: &[u8]) -> Option<std::ops::Range<usize>> {
    let offset = (part.as_ptr() as usize).checked_sub(buffer.as_ptr() as usize)?;
    let end = offset.checked_add(part.len())?;
    (end <= buffer.len()).then_some(offset..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_of_whitespace_holds_no_text() {
        for blank in ["", " ", "\t\r\n\u{0c}", "\u{a0}\u{2003}\u{3000}"] {
            assert!(!has_text(blank), "{blank:?}");
            assert!(blank.trim().is_empty());
        }
        for text in ["x", "  x  ", "\u{200b}", "\u{0}"] {
            assert!(has_text(text), "{text:?}");
        }
    }

    #[test]
    fn only_json_and_xml_whitespace_is_blank() {
        for blank in [&b""[..], b" \t\r\n", b"\xEF\xBB\xBF \n"] {
            assert!(is_blank(blank), "{blank:?}");
        }
        // A form feed or a vertical tab is content, not a blank body.
        for content in [&b"\x0c"[..], b" \x0c ", b"\x0b", b"\x00"] {
            assert!(!is_blank(content), "{content:?}");
        }
    }

    #[test]
    fn excerpt_is_bounded_and_lossy() {
        assert_eq!(excerpt(b"short"), "short");
        assert_eq!(excerpt(b"a\xffb"), "a\u{FFFD}b");
        let long = "é".repeat(600);
        let e = excerpt(long.as_bytes());
        assert!(e.len() <= EXCERPT_LIMIT + '…'.len_utf8());
        assert!(e.ends_with('…'));
        assert!(!e.contains('\u{FFFD}'));
    }

    #[test]
    fn html_title_is_found() {
        let page = b"<html><head><TITLE>\n 503 Service\n Unavailable </TITLE></head></html>";
        assert_eq!(html_title(page).as_deref(), Some("503 Service Unavailable"));
        assert_eq!(html_title(b"<html><title></title></html>"), None);
        assert_eq!(html_title(b"<title>unterminated"), None);
    }
}
