//! The worst shapes a strict reader meets (many attributes, many keys,
//! nesting at the depth limit, escape-only strings), decoded as an OAM 200
//! answer, beside a plain OAM page of the same size: every decoder's work
//! is linear in the body, whatever its shape.

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use signoff_benches::inputs;

fn decode(c: &mut Criterion, kind: &str, content_type: &str, plain: Vec<u8>, worst: Vec<(&str, Vec<u8>)>, size: usize) {
    let mut g = c.benchmark_group(format!("worst_{kind}_{}k", size / 1024));
    g.throughput(Throughput::Bytes(size as u64));
    // A megabyte of the worst shape takes tens of milliseconds: fewer
    // samples keep the run short, the statistics still sound.
    g.sample_size(20);
    let plain = inputs::response(200, content_type, &plain);
    g.bench_function("plain", |b| {
        b.iter(|| signoff_oam::decode(black_box(&plain)).map(|r| r.sessions.len()))
    });
    for (name, body) in worst {
        let response = inputs::response(200, content_type, &body);
        g.bench_function(name, |b| {
            b.iter(|| signoff_oam::decode(black_box(&response)).map(|r| r.sessions.len()))
        });
    }
    g.finish();
}

fn worst(c: &mut Criterion) {
    for size in inputs::WORST_SIZES {
        decode(
            c,
            "xml",
            "application/xml",
            inputs::oam_xml_of_size(size),
            inputs::worst_xml(size),
            size,
        );
        decode(
            c,
            "json",
            "application/json",
            inputs::oam_json_of_size(size),
            inputs::worst_json(size),
            size,
        );
    }
}

criterion_group!(benches, worst);
criterion_main!(benches);
