//! What core's machinery promises every call, checked over the whole
//! registry: a new call gets these tests without writing them.

use bytes::Bytes;
use proptest::prelude::*;
use signoff::{DecodeOptions, codecs};

fn response(status: u16, content_type: Option<&str>, body: Vec<u8>) -> http::Response<Bytes> {
    let mut b = http::Response::builder().status(status);
    if let Some(ct) = content_type {
        b = b.header("content-type", ct);
    }
    b.body(Bytes::from(body)).unwrap()
}

/// The body limit holds before any reading, on every status, for every
/// call.
#[test]
fn the_body_limit_holds_for_every_call() {
    for codec in codecs() {
        for call in codec.calls() {
            for status in [200, 204, 401, 500] {
                for ct in [Some("application/json"), Some("application/xml"), None] {
                    let r = response(status, ct, b"{}".to_vec());
                    let report = codec.decode(call, &r, &DecodeOptions::with_body_limit(1)).unwrap();
                    let reason = report.unexpected.as_ref().map(|u| u.reason.name());
                    assert_eq!(
                        reason,
                        Some("body_too_large"),
                        "{} {call} {status} {ct:?}",
                        codec.vendor()
                    );
                }
            }
        }
    }
}

proptest! {
    /// No call panics on any bytes under any status and content type.
    #[test]
    fn no_call_panics(
        status in 100u16..1000,
        ct in proptest::option::of("[a-z/+;= ]{0,30}"),
        body in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let r = response(status, ct.as_deref(), body);
        for codec in codecs() {
            for call in codec.calls() {
                prop_assert!(codec.decode(call, &r, &DecodeOptions::default()).is_ok());
            }
        }
    }
}

/// The vendors that can end every session of one user (they document a
/// way to find a user's sessions).
const SWEEPS: &[&str] = &["commvault", "oam"];

/// Every sweep names calls of its vendor, its ending call is the vendor's
/// session-ending call, and the vendors with one are exactly those listed.
#[test]
fn every_sweep_is_made_of_its_vendors_calls() {
    for codec in codecs() {
        let calls = codec.calls();
        let ending = calls.first().copied().unwrap_or("logout");
        let named: Vec<&str> = match codec.sweep() {
            None => Vec::new(),
            Some(signoff::core::Sweep::Repeat { call, verify, .. }) => {
                assert_eq!(call, ending, "{}", codec.vendor());
                std::iter::once(call).chain(verify).collect()
            }
            Some(signoff::core::Sweep::ListThenEnd { list, end, .. }) => {
                assert_eq!(end, ending, "{}", codec.vendor());
                vec![list, end]
            }
            Some(other) => panic!("{}: a sweep this test does not know: {other:?}", codec.vendor()),
        };
        for call in &named {
            assert!(
                calls.contains(call),
                "{}: {call} is no call of the vendor",
                codec.vendor()
            );
        }
        assert_eq!(
            codec.sweep().is_some(),
            SWEEPS.contains(&codec.vendor()),
            "{}: SWEEPS is out of date",
            codec.vendor()
        );
    }
}

/// The vendors whose session-ending call declares no probe: Compute
/// Enclave documents no way to ask about a session.
const NO_PROBE: &[&str] = &["oci"];

/// Every probe a session-ending call declares is a call of its vendor, and
/// the vendors without one are exactly those listed.
#[test]
fn every_probe_is_a_call_of_its_vendor() {
    for codec in codecs() {
        let calls = codec.calls();
        for call in &calls {
            if let Some(probe) = codec.probe(call) {
                assert!(
                    calls.contains(&probe.call),
                    "{} {call}: its probe {} is no call of the vendor",
                    codec.vendor(),
                    probe.call
                );
                assert!(
                    !probe.params.is_empty(),
                    "{} {call}: the probe carries nothing",
                    codec.vendor()
                );
            }
        }
        let ending = calls.first().copied().unwrap_or("logout");
        let has_probe = codec.probe(ending).is_some();
        assert_eq!(
            has_probe,
            !NO_PROBE.contains(&codec.vendor()),
            "{}: NO_PROBE is out of date",
            codec.vendor()
        );
    }
}

/// Every call's declared parameters (what `signoff params` lists) are
/// exactly the names its params struct takes, in its order, and each has
/// a line saying what it is; the secret and clock parameters are among
/// them.
#[test]
fn every_declared_parameter_list_is_the_params_struct() {
    for codec in codecs() {
        for call in codec.calls() {
            let e = codec
                .build(call, serde_json::json!({"zz_not_a_param": 1}))
                .unwrap_err()
                .to_string();
            let expected = e.split_once("expected ").map(|(_, k)| k).unwrap_or("");
            let taken: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let declared: Vec<&str> = codec.params_of(call).iter().map(|p| p.name).collect();
            assert_eq!(
                declared,
                taken,
                "{} {call}: PARAMS is out of date ({e})",
                codec.vendor()
            );
            for p in codec.params_of(call) {
                assert!(
                    !p.about.trim().is_empty(),
                    "{} {call} {}: no description",
                    codec.vendor(),
                    p.name
                );
            }
            for name in codec.secret_params(call).iter().chain(codec.clock_params(call)) {
                assert!(
                    declared.contains(name),
                    "{} {call}: {name} is not declared",
                    codec.vendor()
                );
            }
        }
    }
}
