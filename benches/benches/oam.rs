//! OAM `SessionResults`, XML and JSON, at 1, 28 and 1000 records: signoff's
//! decoders beside `quick_xml::de`, `roxmltree` and the raw tokenizer (XML),
//! and the `serde_json` borrowed derive, owned derive and `Value` (JSON).

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use signoff_benches::cases;

fn benches(c: &mut Criterion) {
    common::run(c, cases::oam());
}

criterion_group!(group, benches);
criterion_main!(group);
