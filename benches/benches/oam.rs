//! OAM `SessionResults`, XML and JSON, at 1, 28 and 1000 records: signoff's
//! decoders beside `quick_xml::de`, `roxmltree` and the raw tokenizer (XML),
//! and the `serde_json` borrowed derive, owned derive and `Value` (JSON).

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use signoff_benches::{inputs, peers};

fn xml(c: &mut Criterion) {
    for n in inputs::OAM_SIZES {
        let body = inputs::oam_xml(n);
        let mut g = c.benchmark_group(format!("oam_xml_{n}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("signoff", |b| {
            b.iter(|| signoff_oam::decode_xml_borrowed(black_box(&body)).map(|r| r.sessions.len()))
        });
        g.bench_function("signoff_owned", |b| {
            b.iter(|| signoff_oam::decode_xml(black_box(&body)).map(|r| r.sessions.len()))
        });
        g.bench_function("quick_xml_de", |b| {
            b.iter(|| peers::oam_quick_xml_de(black_box(&body)).map(|r| r.sessions.session_data.len()))
        });
        g.bench_function("roxmltree", |b| b.iter(|| peers::oam_roxmltree_count(black_box(&body))));
        g.bench_function("quick_xml_tokenize", |b| b.iter(|| peers::tokenize(black_box(&body))));
        g.finish();
    }
}

fn json(c: &mut Criterion) {
    for n in inputs::OAM_SIZES {
        let body = inputs::oam_json(n);
        let mut g = c.benchmark_group(format!("oam_json_{n}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("signoff", |b| {
            b.iter(|| signoff_oam::decode_json_borrowed(black_box(&body)).map(|r| r.sessions.len()))
        });
        g.bench_function("signoff_owned", |b| {
            b.iter(|| signoff_oam::decode_json(black_box(&body)).map(|r| r.sessions.len()))
        });
        g.bench_function("serde_json_borrowed", |b| {
            b.iter(|| serde_json::from_slice::<peers::JsonResultsRef<'_>>(black_box(&body)).map(|r| r.sessions.len()))
        });
        g.bench_function("serde_json_owned", |b| {
            b.iter(|| serde_json::from_slice::<peers::JsonResults>(black_box(&body)).map(|r| r.sessions.len()))
        });
        g.bench_function("serde_json_value", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)))
        });
        g.finish();
    }
}

criterion_group!(benches, xml, json);
criterion_main!(benches);
