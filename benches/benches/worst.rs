//! The worst shapes a strict reader meets (many attributes, many keys,
//! nesting at the depth limit, escape-only strings), decoded as an OAM 200
//! answer, beside a plain OAM page of the same size: every decoder's work
//! is linear in the body, whatever its shape.

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use signoff_benches::cases;

fn benches(c: &mut Criterion) {
    common::run(c, cases::worst());
}

criterion_group!(group, benches);
criterion_main!(group);
