//! Commvault `Api_LogoffUsersRequest` with 1 and 1000 sessions: encoded,
//! decoded on the server side beside `quick_xml::de`, `roxmltree` and the
//! raw tokenizer; `Api_LogoffUsersResponse` decoded.

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use signoff_benches::{inputs, peers};
use signoff_commvault::BodyFormat;

fn request(c: &mut Criterion) {
    for n in inputs::COMMVAULT_SIZES {
        let ids = inputs::commvault_ids(n);
        let body = inputs::commvault_request_xml(n);
        let mut g = c.benchmark_group(format!("commvault_encode_{n}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("signoff", |b| {
            b.iter(|| signoff_commvault::encode_request_body(BodyFormat::Xml, black_box(&ids)))
        });
        g.bench_function("quick_xml_se", |b| {
            b.iter(|| peers::commvault_quick_xml_se(black_box(&ids)))
        });
        g.finish();

        let mut g = c.benchmark_group(format!("commvault_decode_request_{n}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("signoff", |b| {
            b.iter(|| signoff_commvault::decode_request_body_as(BodyFormat::Xml, black_box(&body)))
        });
        g.bench_function("quick_xml_de", |b| {
            b.iter(|| peers::commvault_quick_xml_de(black_box(&body)))
        });
        g.bench_function("roxmltree", |b| b.iter(|| peers::commvault_roxmltree(black_box(&body))));
        g.bench_function("quick_xml_tokenize", |b| b.iter(|| peers::tokenize(black_box(&body))));
        g.finish();
    }
}

fn response(c: &mut Criterion) {
    let ok = inputs::response(200, "application/xml", inputs::COMMVAULT_RESPONSE);
    let mut g = c.benchmark_group("commvault_response");
    g.bench_function("signoff", |b| b.iter(|| signoff_commvault::decode(black_box(&ok))));
    g.bench_function("roxmltree", |b| {
        b.iter(|| {
            std::str::from_utf8(black_box(inputs::COMMVAULT_RESPONSE))
                .ok()
                .and_then(|t| {
                    roxmltree::Document::parse(t)
                        .ok()
                        .map(|d| d.root_element().tag_name().name().len())
                })
        })
    });
    g.bench_function("quick_xml_tokenize", |b| {
        b.iter(|| peers::tokenize(black_box(inputs::COMMVAULT_RESPONSE)))
    });
    g.finish();
}

criterion_group!(benches, request, response);
criterion_main!(benches);
