//! Request building for every vendor; the signed Compute Enclave request
//! beside the bare RSA signature (ring, RSASSA-PKCS1-v1_5/SHA-256) of the
//! same signing string.

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use signoff_benches::{inputs, peers};

fn oci(c: &mut Criterion) {
    let Some(signer) = inputs::oci_signer() else {
        eprintln!("the test key does not parse: oci_signed_request skipped");
        return;
    };
    let build = |signer: &signoff_oci::Signer| {
        signoff_oci::Logout::builder()
            .endpoint(inputs::OCI_ENDPOINT)
            .signer(signer.clone())
            .date(inputs::OCI_DATE)
            .build()
            .map(|l| l.to_request())
    };
    let logout = signoff_oci::Logout::builder()
        .endpoint(inputs::OCI_ENDPOINT)
        .signer(signer.clone())
        .date(inputs::OCI_DATE)
        .build();
    let Ok(logout) = logout else {
        eprintln!("the request does not build: oci_signed_request skipped");
        return;
    };
    let signing_string = logout.signing_string();
    let Ok(pair) = ring::signature::RsaKeyPair::from_der(&inputs::oci_key_der()) else {
        eprintln!("ring refuses the test key: oci_signed_request skipped");
        return;
    };
    let mut g = c.benchmark_group("oci_signed_request");
    g.bench_function("signoff", |b| b.iter(|| build(black_box(&signer))));
    g.bench_function("ring_rsa_sign", |b| {
        b.iter(|| peers::rsa_sign(&pair, black_box(signing_string.as_bytes())))
    });
    g.finish();
}

fn others(c: &mut Criterion) {
    let mut g = c.benchmark_group("request_build");
    g.bench_function("jde", |b| {
        b.iter(|| {
            signoff_jde::Logout::builder()
                .base_url(black_box("https://ais.example.com:9300"))
                .token("044MyjuQfbqgGzYAZbh7rCvg2aXsWfyTt0gX8gcWkdQ5Tg=MDE5MDExMDgxOTU0NjU2NzEyMTAwNzY4")
                .build()
                .map(|l| l.to_request())
        })
    });
    g.bench_function("veridata", |b| {
        b.iter(|| {
            signoff_veridata::Logout::builder()
                .base_url(black_box("https://veridata.example.com:8831"))
                .token("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2ZXJpZGF0YSJ9.c2lnbmF0dXJl")
                .build()
                .map(|l| l.to_request())
        })
    });
    g.bench_function("commvault", |b| {
        b.iter(|| {
            signoff_commvault::Logoff::builder()
                .base_url(black_box("https://commserve.example.com/webconsole/api"))
                .authtoken("QSDK 3a5e6f0b9c2d4e8f1a7b3c5d9e0f2a4b6c8d0e1f3a5b7c9d")
                .session_id("d2a5b8c1e4f7a0b3c6d9e2f5a8b1c4d7")
                .build()
                .map(|l| l.to_request())
        })
    });
    g.bench_function("oam", |b| {
        b.iter(|| {
            signoff_oam::DeleteSessions::builder()
                .base_url(black_box("https://oam.example.com:14101"))
                .username("oamadmin")
                .password("example-password")
                .selector(signoff_oam::Selector::session_id(
                    "3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA=",
                ))
                .build()
                .map(|l| l.to_request())
        })
    });
    g.finish();
}

criterion_group!(benches, oci, others);
criterion_main!(benches);
