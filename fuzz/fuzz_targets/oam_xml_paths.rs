//! OAM's two XML token sources: on any body, `decode_xml_borrowed` (the
//! fast path, falling back to the full path) must give exactly what the full
//! path alone gives (`decode_xml_full_path`): the fast path accepts a subset
//! of documents and reads them the same way. Input: the body, raw.
#![no_main]
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "libfuzzer-sys's fuzz_target! can write inputs to a debug file"
)]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let both = signoff_oam::decode_xml_borrowed(data);
    let full = signoff_oam::xml::decode_xml_full_path(data);
    assert_eq!(both, full, "the fast path disagrees with the full path");
});
