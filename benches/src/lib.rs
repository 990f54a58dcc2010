//! Criterion benches of signoff's decode hot paths beside the peers a user
//! would otherwise write. A stub until the bench issue lands: this crate
//! exists so the layout is fixed and `cargo clippy --all-targets` covers it.
