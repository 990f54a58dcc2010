//! The Veridata decoders, logout, login and extend, on the same response: status,
//! headers and body from the input (see `signoff_fuzz::ResponseInput`),
//! through each call's `decode_with` and the registry.
#![no_main]
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "libfuzzer-sys's fuzz_target! can write inputs to a debug file"
)]

use libfuzzer_sys::fuzz_target;
use signoff_core::Call as _;
use signoff_fuzz::{ResponseInput, check_decode};
use signoff_veridata::{CODEC, Extend, Login, Logout, REQUEST_ID_HEADERS};

fuzz_target!(|data: &[u8]| {
    let Some(input) = ResponseInput::parse(data, REQUEST_ID_HEADERS) else {
        return;
    };
    let logout = Logout::decode_with(input.status, &input.headers, &input.body, &input.options);
    check_decode(&CODEC, "logout", &input, &logout);
    let login = Login::decode_with(input.status, &input.headers, &input.body, &input.options);
    check_decode(&CODEC, "login", &input, &login);
    let extend = Extend::decode_with(input.status, &input.headers, &input.body, &input.options);
    check_decode(&CODEC, "extend", &input, &extend);
});
