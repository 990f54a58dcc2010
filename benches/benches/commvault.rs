//! Commvault `Api_LogoffUsersRequest` with 1 and 1000 sessions: encoded,
//! decoded on the server side beside `quick_xml::de`, `roxmltree` and the
//! raw tokenizer; `Api_LogoffUsersResponse` decoded.

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use signoff_benches::cases;

fn benches(c: &mut Criterion) {
    common::run(c, cases::commvault());
}

criterion_group!(group, benches);
criterion_main!(group);
