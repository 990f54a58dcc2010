//! The commvault decoder: status, headers and body from the input (see
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
    let Some(input) = ResponseInput::parse(data, signoff_commvault::response::REQUEST_ID_HEADERS) else {
        return;
    };
    let typed = <signoff_commvault::Logoff as signoff_core::Call>::decode_with(
        input.status,
        &input.headers,
        &input.body,
        &input.options,
    );
    check_decode(&signoff_commvault::CODEC, "logout", &input, &typed);
    let typed = <signoff_commvault::SessionList as signoff_core::Call>::decode_with(
        input.status,
        &input.headers,
        &input.body,
        &input.options,
    );
    check_decode(&signoff_commvault::CODEC, "sessions", &input, &typed);
    let typed = <signoff_commvault::Login as signoff_core::Call>::decode_with(
        input.status,
        &input.headers,
        &input.body,
        &input.options,
    );
    check_decode(&signoff_commvault::CODEC, "login", &input, &typed);
    let typed = <signoff_commvault::LogoutSelf as signoff_core::Call>::decode_with(
        input.status,
        &input.headers,
        &input.body,
        &input.options,
    );
    check_decode(&signoff_commvault::CODEC, "logout_self", &input, &typed);
});
