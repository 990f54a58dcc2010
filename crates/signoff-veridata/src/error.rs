//! The Veridata error object, `{errCode, errMsg}`.

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use signoff_core::{BodyTexts, ByteString};

/// The page's `Error` root schema: `errCode` ("Veridata Error Code", e.g.
/// `OGGV-00001`) and `errMsg` ("Veridata Error Message"). Both optional,
/// unknown fields ignored; a code sent as a number is kept as its decimal
/// text, a blank or non-scalar value counts as absent. Serialized (in the
/// report's `details`) with snake_case names.
///
/// The code is an opaque string: the page's only example, `OGGV-00001` /
/// "Error message", is the same placeholder for every status, so no code
/// is matched on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(deserialize = "camelCase"))]
#[non_exhaustive]
pub struct ErrorObject {
    /// Veridata error code.
    #[serde(default, deserialize_with = "lenient_text", skip_serializing_if = "Option::is_none")]
    pub err_code: Option<ByteString>,
    /// Veridata error message.
    #[serde(default, deserialize_with = "lenient_text", skip_serializing_if = "Option::is_none")]
    pub err_msg: Option<ByteString>,
}

impl ErrorObject {
    /// The error object of a JSON document: `Some` when it is an object
    /// with a usable `errCode` or `errMsg`.
    pub fn from_json(value: &Value) -> Option<Self> {
        if !value.is_object() {
            return None;
        }
        Self::deserialize(value).ok().filter(|e| !e.is_empty())
    }

    /// The error object of a response body, as the codec reads it: a JSON
    /// object (after an optional BOM) read straight into borrowed text (a
    /// flat object of plain strings by core's serde-free scanner, any other
    /// by a derive), as
    /// [`ErrorObject::from_json`] reads a value; an object naming `errCode`
    /// or `errMsg` twice is no error object (ambiguous), and members it
    /// does not read are skipped unparsed.
    ///
    /// ```
    /// let e = signoff_veridata::ErrorObject::from_body(br#"{"errCode":"OGGV-00001","errMsg":"m"}"#).unwrap();
    /// assert_eq!(e.err_code.as_deref(), Some("OGGV-00001"));
    /// assert_eq!(signoff_veridata::ErrorObject::from_body(b"[]"), None);
    /// ```
    pub fn from_body(body: &[u8]) -> Option<Self> {
        Self::read(&BodyTexts::copied(body))
    }

    /// [`ErrorObject::from_body`] of a body held as the response's own
    /// buffer (what `decode` reads): the texts kept are slices of it, not
    /// copies.
    ///
    /// ```
    /// let body = bytes::Bytes::from_static(br#"{"errCode":"OGGV-00001","errMsg":"m"}"#);
    /// let e = signoff_veridata::ErrorObject::from_bytes(&body).unwrap();
    /// assert_eq!(e.err_code.as_deref(), Some("OGGV-00001"));
    /// ```
    pub fn from_bytes(body: &Bytes) -> Option<Self> {
        Self::read(&BodyTexts::shared(body))
    }

    /// The reading, `body` deciding how the texts are kept.
    pub(crate) fn read(body: &BodyTexts<'_>) -> Option<Self> {
        // The fast path: a flat object of plain strings, scanned without
        // serde (see `signoff_core::scan_flat_object`); anything else, or a
        // member it does not take, goes to the derive below, the reference.
        match body.flat_strings(["errCode", "errMsg"]) {
            Some([code, message]) => {
                let keep = |t: Option<&str>| t.filter(|s| !s.trim().is_empty()).map(|s| body.keep(s));
                let object = Self {
                    err_code: keep(code),
                    err_msg: keep(message),
                };
                (!object.is_empty()).then_some(object)
            }
            None => Self::read_serde(body),
        }
    }

    /// [`ErrorObject::from_body`] without its fast path.
    #[cfg(test)]
    fn from_body_serde(body: &[u8]) -> Option<Self> {
        Self::read_serde(&BodyTexts::copied(body))
    }

    fn read_serde(body: &BodyTexts<'_>) -> Option<Self> {
        // Straight from the body into borrowed text (no `Value`); a key
        // named twice fails the derive, as it fails `parse_json_value`.
        #[derive(Deserialize)]
        struct Wire<'a> {
            #[serde(borrow, default, rename = "errCode")]
            err_code: signoff_core::JsonText<'a>,
            #[serde(borrow, default, rename = "errMsg")]
            err_msg: signoff_core::JsonText<'a>,
        }
        if !signoff_core::opens_json_object(body.bytes()) {
            return None;
        }
        let wire: Wire<'_> = signoff_core::parse_json(body.bytes()).ok()?;
        let keep = |t: signoff_core::JsonText<'_>| t.0.filter(|s| !s.trim().is_empty()).map(|c| body.keep_cow(c));
        let object = Self {
            err_code: keep(wire.err_code),
            err_msg: keep(wire.err_msg),
        };
        (!object.is_empty()).then_some(object)
    }

    /// Whether a JSON document is an object naming `errCode` or `errMsg`
    /// with a non-null value: on a 2xx such a body reports a failure.
    pub fn is_named_in(value: &Value) -> bool {
        value.as_object().is_some_and(|m| {
            ["errCode", "errMsg"]
                .iter()
                .any(|k| m.get(*k).is_some_and(|v| !v.is_null()))
        })
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.err_code.is_none() && self.err_msg.is_none()
    }
}

/// A string (non-blank) or a number (as its text); anything else is absent.
pub(crate) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn lenient_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<ByteString>, D::Error> {
    Value::deserialize(deserializer).map(|v| text_of(&v).map(ByteString::from))
}

/// The decode error of this codec.
pub type Error = signoff_core::Error<ErrorObject>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_documented_object_and_tolerates_the_rest() {
        let e = ErrorObject::from_json(&json!({"errCode":"OGGV-00001","errMsg":"Error message","extra":[1]})).unwrap();
        assert_eq!(e.err_code.as_deref(), Some("OGGV-00001"));
        assert_eq!(e.err_msg.as_deref(), Some("Error message"));
        let e = ErrorObject::from_json(&json!({"errCode": 1001})).unwrap();
        assert_eq!((e.err_code.as_deref(), e.err_msg), (Some("1001"), None));
        let e = ErrorObject::from_json(&json!({"errCode": {"a":1}, "errMsg": "m"})).unwrap();
        assert_eq!((e.err_code, e.err_msg.as_deref()), (None, Some("m")));
    }

    #[test]
    fn empty_or_foreign_documents_are_not_error_objects() {
        for v in [
            json!({}),
            json!({"errCode": null}),
            json!({"errCode": "  ", "errMsg": ""}),
            json!([{"errCode": "X"}]),
            json!("OGGV-00001"),
            json!({"code": "X", "message": "m"}),
        ] {
            assert_eq!(ErrorObject::from_json(&v), None, "{v}");
        }
    }

    #[test]
    fn naming_the_keys_is_what_marks_a_2xx_failure() {
        assert!(ErrorObject::is_named_in(&json!({"errCode": ""})));
        assert!(ErrorObject::is_named_in(&json!({"errMsg": "x"})));
        assert!(!ErrorObject::is_named_in(&json!({"errCode": null})));
        assert!(!ErrorObject::is_named_in(&json!({"message": "x"})));
        assert!(!ErrorObject::is_named_in(&json!(["errCode"])));
    }

    #[test]
    fn serializes_snake_case_without_absent_fields() {
        let e = ErrorObject::from_json(&json!({"errCode":"OGGV-00001"})).unwrap();
        assert_eq!(serde_json::to_value(&e).unwrap(), json!({"err_code": "OGGV-00001"}));
    }

    proptest::proptest! {
        /// The fast path reads every body it takes as the derive does.
        #[test]
        fn the_fast_path_agrees_with_the_derive(body in r#"\{( ?"(errCode|errMsg|other)" ?: ?("[a-z \\"]{0,5}"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?([eE][+-]?[0-9])?|true|false|null|\{\}|\[1\]|01) ?(, ?"(errCode|errMsg|other)" ?: ?("[a-z \\"]{0,5}"|"\\u0041"|-?(0|[1-9][0-9]{0,2})(\.[0-9])?([eE][+-]?[0-9])?|true|false|null|\{\}|\[1\]|01) ?){0,5})?\}"#) {
            proptest::prop_assert_eq!(ErrorObject::from_body(body.as_bytes()), ErrorObject::from_body_serde(body.as_bytes()), "{}", body);
        }
    }
}
