//! The server side: `SessionResults` written as the OAM server writes it.

use crate::model::{SessionData, SessionResults};

/// Writes `text` as XML character data: `&`, `<`, `>` as entities, CR as
/// a character reference (so it survives end-of-line normalization); the
/// other C0 controls but TAB and LF, and U+FFFE/U+FFFF, which XML 1.0
/// cannot carry at all (not even as references), as U+FFFD.
pub(super) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

pub(super) fn element(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        out.push('<');
        out.push_str(name);
        out.push('>');
        escape_into(out, v);
        out.push_str("</");
        out.push_str(name);
        out.push_str(">\n");
    }
}

/// Encodes results as the server does (the page's layout: declaration,
/// `SessionResults`, `totalRecords`, `sessions/sessionData` with the
/// fields in the page's order); `userAttributes` in the JAXB map form
/// (`entry`/`key`/`value`). [`decode_xml`](super::decode_xml) of the output gives back the
/// same value (NUL, which XML cannot carry, excepted).
pub fn encode_xml(results: &SessionResults) -> String {
    let mut out = String::with_capacity(96 + results.sessions.len() * 640);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SessionResults>\n");
    if let Some(total) = results.total_records {
        out.push_str("<totalRecords>");
        out.push_str(&total.to_string());
        out.push_str("</totalRecords>\n");
    }
    out.push_str("<sessions>\n");
    for s in &results.sessions {
        encode_session(&mut out, s);
    }
    out.push_str("</sessions>\n</SessionResults>\n");
    out
}

pub(super) fn encode_session(out: &mut String, s: &SessionData) {
    out.push_str("<sessionData>\n");
    element(out, "sessionId", s.session_id.as_deref());
    element(out, "sessionIndex", s.session_index.as_deref());
    element(out, "createTime", s.create_time.as_deref());
    element(out, "updateTime", s.update_time.as_deref());
    element(out, "lastAccessTime", s.last_access_time.as_deref());
    element(out, "expiryTime", s.expiry_time.as_deref());
    element(out, "userId", s.user_id.as_deref());
    element(out, "clientIp", s.client_ip.as_deref());
    element(out, "idStoreName", s.id_store_name.as_deref());
    element(
        out,
        "isImpersonating",
        s.is_impersonating.map(|b| if b { "true" } else { "false" }),
    );
    if !s.user_attributes.is_empty() {
        out.push_str("<userAttributes>\n");
        for a in &s.user_attributes {
            out.push_str("<entry>");
            element(out, "key", Some(&a.name));
            // A value with neither part is left out: an empty <value/>
            // would read back as an empty attrValue.
            if a.attr_name.is_some() || a.attr_value.is_some() {
                out.push_str("<value>");
                element(out, "attrName", a.attr_name.as_deref());
                element(out, "attrValue", a.attr_value.as_deref());
                out.push_str("</value>");
            }
            out.push_str("</entry>\n");
        }
        out.push_str("</userAttributes>\n");
    }
    out.push_str("</sessionData>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UserAttribute;
    use crate::xml::decode_xml;
    use crate::xml::tests::{PAGE_1, PAGE_2};

    #[test]
    fn the_encoder_writes_the_page_layout() {
        let page = decode_xml(PAGE_1.as_bytes()).unwrap();
        assert_eq!(encode_xml(&page), PAGE_1);
        let page = decode_xml(PAGE_2.as_bytes()).unwrap();
        assert_eq!(encode_xml(&page), PAGE_2);
        let mut d = SessionData::new("a<b>&\r\u{1}\0");
        d.user_attributes.push(UserAttribute::new("k", None, None));
        let xml = encode_xml(&SessionResults::new(None, vec![d]));
        assert!(
            xml.contains("<userId>a&lt;b&gt;&amp;&#13;\u{FFFD}\u{FFFD}</userId>"),
            "{xml}"
        );
        assert!(xml.contains("<entry><key>k</key>\n</entry>"), "{xml}");
    }
}
