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

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use signoff_benches::{inputs, peers};

fn envelopes(c: &mut Criterion) {
    let mut g = c.benchmark_group("oci_envelope");
    let body = inputs::OCI_ERROR;
    let buffer = inputs::shared(body);
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("signoff", |b| {
        b.iter(|| signoff_oci::ErrorBody::from_bytes(black_box(&buffer)))
    });
    g.bench_function("signoff_from_slice", |b| {
        b.iter(|| signoff_oci::ErrorBody::from_body(black_box(body)))
    });
    g.bench_function("serde_json_borrowed", |b| {
        b.iter(|| serde_json::from_slice::<peers::OciRef<'_>>(black_box(body)))
    });
    g.bench_function("serde_json_owned", |b| {
        b.iter(|| serde_json::from_slice::<peers::OciOwned>(black_box(body)))
    });
    g.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)))
    });
    g.finish();

    let mut g = c.benchmark_group("veridata_envelope");
    let body = inputs::VERIDATA_ERROR;
    let buffer = inputs::shared(body);
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("signoff", |b| {
        b.iter(|| signoff_veridata::ErrorObject::from_bytes(black_box(&buffer)))
    });
    g.bench_function("signoff_from_slice", |b| {
        b.iter(|| signoff_veridata::ErrorObject::from_body(black_box(body)))
    });
    g.bench_function("serde_json_borrowed", |b| {
        b.iter(|| serde_json::from_slice::<peers::VeridataRef<'_>>(black_box(body)))
    });
    g.bench_function("serde_json_owned", |b| {
        b.iter(|| serde_json::from_slice::<peers::VeridataOwned>(black_box(body)))
    });
    g.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)))
    });
    g.finish();

    let mut g = c.benchmark_group("jde_envelope");
    let body = inputs::JDE_ERROR;
    let buffer = inputs::shared(body);
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("signoff", |b| {
        b.iter(|| signoff_jde::ServiceErrorResponse::from_bytes(black_box(&buffer)))
    });
    g.bench_function("signoff_from_slice", |b| {
        b.iter(|| signoff_jde::ServiceErrorResponse::from_body(black_box(body)))
    });
    g.bench_function("serde_json_borrowed", |b| {
        b.iter(|| serde_json::from_slice::<peers::JdeRef<'_>>(black_box(body)))
    });
    g.bench_function("serde_json_owned", |b| {
        b.iter(|| serde_json::from_slice::<peers::JdeOwned>(black_box(body)))
    });
    g.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)))
    });
    g.finish();
}

fn responses(c: &mut Criterion) {
    for (vendor, response) in inputs::error_responses() {
        let mut g = c.benchmark_group(format!("{vendor}_error_response"));
        let body: &[u8] = response.body();
        match vendor {
            "oci" => {
                g.bench_function("signoff", |b| b.iter(|| signoff_oci::decode(black_box(&response))));
                g.bench_function("serde_json_borrowed", |b| {
                    b.iter(|| serde_json::from_slice::<peers::OciRef<'_>>(black_box(body)))
                });
            }
            "veridata" => {
                g.bench_function("signoff", |b| b.iter(|| signoff_veridata::decode(black_box(&response))));
                g.bench_function("serde_json_borrowed", |b| {
                    b.iter(|| serde_json::from_slice::<peers::VeridataRef<'_>>(black_box(body)))
                });
            }
            "jde" => {
                g.bench_function("signoff", |b| b.iter(|| signoff_jde::decode(black_box(&response))));
                g.bench_function("serde_json_borrowed", |b| {
                    b.iter(|| serde_json::from_slice::<peers::JdeRef<'_>>(black_box(body)))
                });
            }
            "oam" => {
                g.bench_function("signoff", |b| b.iter(|| signoff_oam::decode(black_box(&response))));
                g.bench_function("serde_json_borrowed", |b| {
                    b.iter(|| serde_json::from_slice::<peers::OamErrorRef<'_>>(black_box(body)))
                });
            }
            _ => {
                g.bench_function("signoff", |b| {
                    b.iter(|| signoff_commvault::decode(black_box(&response)))
                });
                g.bench_function("quick_xml_de", |b| {
                    b.iter(|| peers::commvault_error_quick_xml_de(black_box(body)))
                });
                g.bench_function("quick_xml_tokenize", |b| b.iter(|| peers::tokenize(black_box(body))));
            }
        }
        g.finish();
    }
}

criterion_group!(benches, envelopes, responses);
criterion_main!(benches);
