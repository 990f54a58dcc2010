//! JSON subset matching and URI comparison.

use serde_json::Value;

/// Whether `a` and `b` are the same origin-form target, `%XX` hex digits
/// compared case-insensitively (everything else exactly).
pub fn uri_eq(a: &str, b: &str) -> bool {
    normalize_pct(a) == normalize_pct(b)
}

fn normalize_pct(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        if c == b'%'
            && let (Some(h), Some(l)) = (bytes.get(i + 1), bytes.get(i + 2))
            && h.is_ascii_hexdigit()
            && l.is_ascii_hexdigit()
        {
            out.push('%');
            out.push(h.to_ascii_uppercase() as char);
            out.push(l.to_ascii_uppercase() as char);
            i += 3;
            continue;
        }
        // Push the whole UTF-8 character starting here.
        let ch = s.get(i..).and_then(|t| t.chars().next()).unwrap_or('\u{FFFD}');
        out.push(ch);
        i += ch.len_utf8().max(1);
    }
    out
}

/// Checks that `want` is a subset of `got`: every object key of `want` is
/// in `got` with a matching value; arrays have the same length and match
/// element by element; scalars are equal (an integer equals the same float).
pub fn json_subset(want: &Value, got: &Value, at: &str) -> Result<(), String> {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                match g.get(k) {
                    Some(gv) => json_subset(wv, gv, &path)?,
                    None => return Err(format!("{path}: missing, expected {wv}")),
                }
            }
            Ok(())
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                return Err(format!("{at}: expected {} elements, got {}", w.len(), g.len()));
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                json_subset(wv, gv, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(w), Value::Number(g)) if w.as_f64() == g.as_f64() => Ok(()),
        (w, g) if w == g => Ok(()),
        (w, g) => Err(format!(
            "{}: expected {w}, got {g}",
            if at.is_empty() { "(root)" } else { at }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pct_hex_is_case_insensitive() {
        assert!(uri_eq("/s?sessionId=a%7cb%2B", "/s?sessionId=a%7Cb%2b"));
        assert!(!uri_eq("/s?x=a%7C", "/s?x=a|"));
        assert!(!uri_eq("/s?x=A", "/s?x=a"));
    }

    #[test]
    fn subset_matching() {
        let got = json!({"a": 1, "b": {"c": [1, {"d": 2, "e": 3}]}, "f": null});
        assert!(json_subset(&json!({"b": {"c": [1, {"d": 2}]}}), &got, "").is_ok());
        assert!(json_subset(&json!({"a": 1.0}), &got, "").is_ok());
        assert!(
            json_subset(&json!({"b": {"c": [1]}}), &got, "")
                .unwrap_err()
                .contains("b.c")
        );
        assert!(
            json_subset(&json!({"x": 1}), &got, "")
                .unwrap_err()
                .contains("x: missing")
        );
        assert!(json_subset(&json!({"a": "1"}), &got, "").is_err());
    }
}
