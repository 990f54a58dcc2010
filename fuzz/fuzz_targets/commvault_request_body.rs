//! The Commvault server side: `decode_request_body` on any content type and
//! body. Layout: `len: u8` + a content type, then the body. Whatever it
//! accepts must be ids the builder would send, and encoding them again must
//! decode to the same ids. The XML reading (with its fast path for the
//! common form) must give what the strict tree reading gives.
#![no_main]
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "libfuzzer-sys's fuzz_target! can write inputs to a debug file"
)]

use libfuzzer_sys::fuzz_target;
use signoff_commvault::{
    BodyFormat, decode_request_body, decode_request_body_as, decode_request_body_xml_strict, encode_request_body,
};

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let (ct, body) = rest.split_at(usize::from(n).min(rest.len()));
    let content_type = String::from_utf8_lossy(ct);
    if body.len() <= signoff_core::DEFAULT_BODY_LIMIT {
        let strict = decode_request_body_xml_strict(body).ok().filter(|ids| !ids.is_empty());
        let read = decode_request_body_as(BodyFormat::Xml, body).ok();
        assert_eq!(read, strict, "the XML reading and the strict reading differ");
    }
    if let Ok(ids) = decode_request_body(&content_type, body) {
        assert!(!ids.is_empty(), "accepted a body naming no session");
        for format in [BodyFormat::Xml, BodyFormat::Json] {
            let encoded = match encode_request_body(format, &ids) {
                Ok(b) => b,
                Err(e) => panic!("decoded ids {ids:?} the encoder refuses: {e}"),
            };
            let again = decode_request_body(format.content_type(), &encoded);
            assert_eq!(again.as_ref().ok(), Some(&ids), "{format:?} round trip of {ids:?}");
        }
    }
});
