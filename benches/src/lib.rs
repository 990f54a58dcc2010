//! # signoff-benches
//!
//! Criterion benches of signoff's decode and request hot paths, each
//! measured in one criterion group beside the peers a Rust developer would
//! otherwise write, on the same bytes. `cargo xtask bench [--quick]` runs
//! them and prints the ratio table (peer time / our time: above 1 means
//! signoff is faster); the README's "Benchmarks" section shows the latest.
//!
//! This library holds what the benches and their tests share:
//! [`inputs`] (deterministic generators: no file, no clock, no randomness
//! decides a byte) and [`peers`] (the competing decoders, written the way
//! their documentation shows). The peers are checked against signoff's
//! decoders in this crate's tests, so every group measures the same work.
//!
//! Benches: `oam` (the `SessionResults` XML and JSON forms at 1, 28 and
//! 1000 records), `commvault` (the log-off request, encoded and decoded on
//! the server side, and the response), `envelopes` (the JSON error
//! envelopes of Compute Enclave, Veridata and JD Edwards, and the whole
//! response decode of every vendor), `requests` (request building for
//! every vendor; the signed Compute Enclave request beside the bare RSA
//! signature of the same signing string). The allocation budget of the
//! typed decode path is a test: `tests/alloc_budget.rs`.
//!
//! ## Dependencies, and why
//! - the five vendor crates and `signoff-core`: what is measured.
//! - `bytes`, `http`: the request and response types.
//! - `serde`, `serde_json`: the JSON peers (borrowed derive, owned derive,
//!   `Value`).
//! - `quick-xml` with `serialize`: the `quick_xml::de` derive peer and the
//!   raw `Reader` tokenizing loop (the feature is enabled here only, never
//!   for a codec crate).
//! - `roxmltree`: the DOM peer; `xmlparser` (its tokenizer): a second
//!   tokenizing ceiling beside quick-xml's.
//! - `sonic-rs`: the fastest JSON reader (SIMD), typed `from_slice` into the
//!   same borrowed structs as the `serde_json` peer.
//! - `ring`, `aws-lc-rs`, `base64`: the bare RSA signatures the signed
//!   request is measured against (the key is the Compute Enclave crate's
//!   test key).
//! - `criterion` (dev): the harness.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "the bare-RSA peers sign with their SystemRandom, as any of their users must"
)]

pub mod cases;
pub mod inputs;
pub mod peers;
