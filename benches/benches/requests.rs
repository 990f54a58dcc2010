//! Request building for every vendor; the signed Compute Enclave request
//! beside the bare RSA signature (ring, RSASSA-PKCS1-v1_5/SHA-256) of the
//! same signing string.

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use signoff_benches::cases;

fn benches(c: &mut Criterion) {
    common::run(c, cases::requests());
}

criterion_group!(group, benches);
criterion_main!(group);
