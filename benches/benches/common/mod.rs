//! Runs the groups of `signoff_benches::cases` under criterion.

use criterion::{Criterion, Throughput};

/// Registers and runs every case of every group.
pub(crate) fn run(c: &mut Criterion, groups: Vec<signoff_benches::cases::Group>) {
    for group in groups {
        let mut g = c.benchmark_group(&group.name);
        if let Some(bytes) = group.bytes {
            g.throughput(Throughput::Bytes(bytes));
        }
        if let Some(n) = group.sample_size {
            g.sample_size(n);
        }
        for (function, run) in &group.cases {
            g.bench_function(*function, |b| b.iter(run));
        }
        g.finish();
    }
}
