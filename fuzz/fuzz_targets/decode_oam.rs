//! The oam decoder: status, headers and body from the input (see
//! `signoff_fuzz::ResponseInput`), through the call's `decode_with` and the registry.
#![no_main]
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "libfuzzer-sys's fuzz_target! can write inputs to a debug file"
)]

use libfuzzer_sys::fuzz_target;
use signoff_fuzz::{ResponseInput, check_decode};

fuzz_target!(|data: &[u8]| {
    let Some(input) = ResponseInput::parse(data, signoff_oam::response::REQUEST_ID_HEADERS) else {
        return;
    };
    let typed = <signoff_oam::DeleteSessions as signoff_core::Call>::decode_with(
        input.status,
        &input.headers,
        &input.body,
        &input.options,
    );
    check_decode(&signoff_oam::CODEC, "logout", &input, &typed);
    let typed = <signoff_oam::SessionLookup as signoff_core::Call>::decode_with(
        input.status,
        &input.headers,
        &input.body,
        &input.options,
    );
    check_decode(&signoff_oam::CODEC, "session", &input, &typed);
    let typed = <signoff_oam::Search as signoff_core::Call>::decode_with(
        input.status,
        &input.headers,
        &input.body,
        &input.options,
    );
    check_decode(&signoff_oam::CODEC, "search", &input, &typed);
});
