//! Core's flat-object scanner, the fast path of the JSON envelope readers:
//! whatever body it takes, `serde_json` must take too, as an object holding
//! the same members (strings, numbers, literals) with the same values (the
//! last of a key named twice, as `Value` keeps it). Input: the body, raw.
#![no_main]
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "libfuzzer-sys's fuzz_target! can write inputs to a debug file"
)]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use signoff_core::{FlatValue, scan_flat_object, strip_bom};

fuzz_target!(|data: &[u8]| {
    let mut members = Vec::new();
    if scan_flat_object(data, |k, v| {
        members.push((k, v));
        true
    })
    .is_none()
    {
        return;
    }
    // A number out of f64's range (`1e400`) is valid JSON a `Value`
    // refuses and an ignored member (`IgnoredAny`, as the derives skip
    // members) takes.
    let huge = |v: &FlatValue<'_>| matches!(v, FlatValue::Number(n) if !n.parse::<f64>().is_ok_and(f64::is_finite));
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(strip_bom(data)) {
        panic!("serde_json refuses a body the scanner took: {e}");
    }
    let value: Value = match serde_json::from_slice(strip_bom(data)) {
        Ok(v) => v,
        Err(_) if members.iter().any(|(_, v)| huge(v)) => return,
        Err(e) => panic!("serde_json refuses a body the scanner took: {e}"),
    };
    let Some(object) = value.as_object() else {
        panic!("the scanner took a body that is not an object");
    };
    for (i, (key, v)) in members.iter().enumerate() {
        if members.iter().skip(i + 1).any(|(later, _)| later == key) {
            continue;
        }
        let want = object.get(*key);
        let same = match v {
            FlatValue::Str(s) => want.and_then(Value::as_str) == Some(*s),
            FlatValue::Number(n) => want.is_some_and(|w| serde_json::from_str::<Value>(n).ok().as_ref() == Some(w)),
            FlatValue::Bool(b) => want.and_then(Value::as_bool) == Some(*b),
            FlatValue::Null => want.is_some_and(Value::is_null),
            _ => false,
        };
        assert!(same, "member {key:?}: scanner {v:?}, serde_json {want:?}");
    }
    let distinct: std::collections::BTreeSet<&str> = members.iter().map(|(k, _)| *k).collect();
    assert_eq!(distinct.len(), object.len(), "member count");
});
