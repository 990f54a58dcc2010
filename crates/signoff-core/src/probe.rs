//! Proof of ending: how a vendor checks that a session it ended is gone.
//!
//! A session-ending call declares its [`Probe`]: the call that asks about
//! the session afterwards and which of the ending call's parameters carry
//! over to it. The probe call declares what its answers mean
//! ([`Call::liveness`](crate::Call::liveness)): by default its success is
//! [`Liveness::Alive`], an API error on one of its `GONE_STATUSES` is
//! [`Liveness::Gone`], and anything else (a 5xx, a proxy page, a
//! transport failure) is [`Liveness::CannotTell`], never `Gone`. A vendor
//! with no probe says so and every check of it is `CannotTell`.

use serde::Serialize;

/// What a probe's answer says about a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Liveness {
    /// The vendor says the session does not exist (any more).
    Gone,
    /// The vendor says the session is alive.
    Alive,
    /// The answer proves neither: an error that is not the vendor's "no
    /// such session", an answer that is not the vendor's, no answer, or a
    /// vendor with no probe.
    CannotTell,
}

impl Liveness {
    /// The stable snake_case name (`gone`, `alive`, `cannot_tell`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Gone => "gone",
            Self::Alive => "alive",
            Self::CannotTell => "cannot_tell",
        }
    }
}

/// A session-ending call's probe: the registry name of the call that asks
/// about the session afterwards, the parameters (snake_case) that carry
/// over from the ending call's parameters to it, unchanged, and those the
/// caller adds (the ending call has no such parameter: a session list
/// needs the user the sessions belong to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    /// The probe call's registry name.
    pub call: &'static str,
    /// The ending call's parameters the probe takes as they are.
    pub params: &'static [&'static str],
    /// The probe's parameters the caller supplies.
    pub needs: &'static [&'static str],
}

impl Probe {
    /// The probe's parameters from the ending call's: the carried ones, in
    /// a new object; `None` when `params` is not an object.
    pub fn params_from(&self, params: &serde_json::Value) -> Option<serde_json::Value> {
        let from = params.as_object()?;
        let carried: serde_json::Map<String, serde_json::Value> = self
            .params
            .iter()
            .filter_map(|name| from.get(*name).map(|v| ((*name).to_owned(), v.clone())))
            .collect();
        Some(serde_json::Value::Object(carried))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_carries_only_its_parameters() {
        let probe = Probe {
            call: "extend",
            params: &["base_url", "token"],
            needs: &[],
        };
        let from = serde_json::json!({"base_url": "b", "token": "t", "accept": "json"});
        assert_eq!(
            probe.params_from(&from),
            Some(serde_json::json!({"base_url": "b", "token": "t"}))
        );
        assert_eq!(probe.params_from(&serde_json::json!([1])), None);
        assert_eq!(Liveness::CannotTell.name(), "cannot_tell");
    }
}
