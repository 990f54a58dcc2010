//! The JSON error envelopes of Compute Enclave, Veridata and JD Edwards
//! (a few hundred bytes each) beside the `serde_json` borrowed derive, owned
//! derive and `Value`; and the whole response decode (status, headers,
//! body) of a small error for every vendor beside the bare body parse.
//!
//! `signoff` reads an envelope as `decode` does, from the response's own
//! buffer (`from_bytes`: the texts kept are slices of it);
//! `signoff_from_slice` reads it from a plain slice (`from_body`: the texts
//! kept are copied, two or more allocations the peers' borrowed derive does
//! not make). Every body is a shared heap buffer, as a transport hands it
//! over (`inputs::shared`).

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use signoff_benches::cases;

fn benches(c: &mut Criterion) {
    common::run(c, cases::envelopes());
    common::run(c, cases::responses());
}

criterion_group!(group, benches);
criterion_main!(group);
