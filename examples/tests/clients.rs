//! Each example client (ureq, hyper, reqwest) drives every vendor's codec
//! against the emulator: success, the dead-session answer of the same call
//! sent again, an injected 500, and the table afterwards.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests open sockets and read the clock"
)]

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use serde_json::{Value, json};
use signoff::DecodeOptions;
use signoff_emulator::{Config, Emulator, Handle, Vendor};
use signoff_examples::{blocking, hyper_client, reqwest_client};

fn start() -> Handle {
    Emulator::new(Config::demo())
        .spawn("127.0.0.1:0".parse().unwrap())
        .unwrap()
}

fn params(vendor: Vendor, base: &str) -> Value {
    match vendor {
        Vendor::Oci => json!({
            "endpoint": base,
            "tenancy_ocid": signoff_emulator::DEMO_OCI_TENANCY,
            "user_ocid": signoff_emulator::DEMO_OCI_USERS[0],
            "fingerprint": signoff_emulator::DEMO_OCI_FINGERPRINT,
            "private_key_pem": signoff_emulator::DEMO_OCI_PRIVATE_KEY_PEM,
            "date": httpdate_now(),
        }),
        Vendor::Veridata => json!({"base_url": base, "token": "eyJraWQiOiJzaWduLXJzYSJ9.ZGVtby0x.c2lnbmF0dXJl"}),
        Vendor::Commvault => json!({
            "base_url": format!("{base}/webconsole/api"),
            "authtoken": signoff_emulator::DEMO_COMMVAULT_TOKEN,
            "session_ids": ["EMCAE92D1DD-0C68-49A6-BEBB-404D96D7A4BF", "CF1C660B-396F-44B7-86DA-5608CEC97453"],
        }),
        Vendor::Oam => json!({
            "base_url": base, "username": "weblogic", "password": "Welcome1",
            "session_id": "3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA=",
        }),
        Vendor::Jde => json!({"base_url": base, "token": signoff_emulator::DEMO_JDE_TOKEN}),
        _ => unreachable!(),
    }
}

fn httpdate_now() -> String {
    signoff_oci::signing::format_date("date", SystemTime::now()).unwrap()
}

fn dead_status(vendor: Vendor) -> u16 {
    match vendor {
        Vendor::Oci | Vendor::Veridata | Vendor::Commvault => 401,
        Vendor::Oam => 404,
        Vendor::Jde => 444,
        _ => unreachable!(),
    }
}

/// Runs the three rounds for every vendor through `send`.
fn every_vendor(h: &Handle, mut send: impl FnMut(http::Request<Bytes>) -> http::Response<Bytes>) {
    let base = h.base_url();
    for vendor in Vendor::ALL {
        let codec = signoff::codec(vendor.name()).unwrap();
        let report = |r: &http::Response<Bytes>| codec.decode("logout", r, &DecodeOptions::default()).unwrap();
        let build = || codec.build("logout", params(vendor, &base)).unwrap();

        h.fail_next(vendor, 500);
        let r = report(&send(build()));
        assert_eq!((r.outcome.name(), r.status), ("api_error", 500), "{vendor}: {r:?}");
        assert!(r.error.unwrap().retryable);

        let r = report(&send(build()));
        assert_eq!(r.outcome.name(), "success", "{vendor}: {r:?}");

        let r = report(&send(build()));
        assert_eq!(
            (r.outcome.name(), r.status),
            ("api_error", dead_status(vendor)),
            "{vendor}: {r:?}"
        );
    }
    let stats = h.stats();
    assert_eq!(stats.ended.total(), 1 + 1 + 2 + 1 + 1);
    assert_eq!(
        (
            stats.live.oci,
            stats.live.veridata,
            stats.live.commvault,
            stats.live.oam,
            stats.live.jde
        ),
        (2, 2, 2, 2, 1)
    );
}

#[test]
fn ureq_drives_every_vendor() {
    let h = start();
    let agent = blocking::agent(Duration::from_secs(10));
    every_vendor(&h, |r| blocking::send(&agent, r).unwrap());
}

#[test]
fn hyper_drives_every_vendor() {
    let h = start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = rt.block_on(async { hyper_client::client() });
    every_vendor(&h, |r| rt.block_on(hyper_client::send(&client, r)).unwrap());
}

#[test]
fn reqwest_drives_every_vendor() {
    let h = start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest_client::client(Duration::from_secs(10)).unwrap();
    every_vendor(&h, |r| rt.block_on(reqwest_client::send(&client, r)).unwrap());
}

#[test]
fn the_example_flows_run_against_the_emulator() {
    let h = start();
    let base = h.base_url();
    // ureq_jde
    assert_eq!(
        signoff_examples::jde_logout_blocking(&base, signoff_emulator::DEMO_JDE_TOKEN, None)
            .unwrap()
            .status,
        "Success"
    );
    let e = signoff_examples::jde_logout_blocking(&base, signoff_emulator::DEMO_JDE_TOKEN, None).unwrap_err();
    assert!(e.to_string().contains("444"), "{e}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // hyper_oci
    let signer = signoff_oci::Signer::new(
        signoff_emulator::DEMO_OCI_TENANCY,
        signoff_emulator::DEMO_OCI_USERS[2],
        signoff_emulator::DEMO_OCI_FINGERPRINT,
        signoff_oci::PrivateKey::from_pem(signoff_emulator::DEMO_OCI_PRIVATE_KEY_PEM).unwrap(),
    )
    .unwrap();
    let done = rt
        .block_on(signoff_examples::oci_logout_hyper(&base, signer.clone()))
        .unwrap();
    assert!(done.request_id.is_some());
    assert!(rt.block_on(signoff_examples::oci_logout_hyper(&base, signer)).is_err());
    // reqwest_oam
    let deleted = rt
        .block_on(signoff_examples::oam_delete_reqwest(
            &base, "weblogic", "Welcome1", "user3",
        ))
        .unwrap();
    assert_eq!(deleted.len(), 2);
    assert!(deleted.iter().all(|s| s.user_id.as_deref() == Some("user3")));
    assert!(
        rt.block_on(signoff_examples::oam_delete_reqwest(
            &base, "weblogic", "Welcome1", "user3"
        ))
        .is_err()
    );
    assert_eq!(h.stats().live.oam, 1);
}
