//! [`Sweep`]: how a vendor ends every session of one user, declared once
//! by the vendor and served by whatever drives the registry (the CLI's
//! offboarding plans).

/// How every session of one user ends on a vendor that can find a user's
/// sessions. A vendor without one (no per-user lookup is documented) has
/// none, and its sessions end one by one.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Sweep {
    /// The ending call itself selects by user: call `call` with
    /// `user_param` set to the user, again while its success says more may
    /// remain (the boolean member `more` of the success), at most
    /// `max_rounds` times. An API error with one of `none_statuses` means
    /// nothing (more) matched. `verify` is the call (taking `user_param`)
    /// whose answer says whether any session of the user is left.
    Repeat {
        /// The ending call.
        call: &'static str,
        /// Its parameter naming the user.
        user_param: &'static str,
        /// The success's boolean member saying more may remain.
        more: &'static str,
        /// The statuses meaning "no session matched".
        none_statuses: &'static [u16],
        /// The bound on rounds.
        max_rounds: usize,
        /// The call that checks, by user, that none is left.
        verify: Option<&'static str>,
    },
    /// List the user's sessions with `list` (`user_param` set to the
    /// user), then end the live ones in one `end` call (their ids in
    /// `ids_param`); `end`'s own probe checks the result, given the user.
    ListThenEnd {
        /// The listing call.
        list: &'static str,
        /// Its parameter naming the user (also what `end`'s probe needs).
        user_param: &'static str,
        /// The ids of the live sessions in the listing's success (as the
        /// report shows it).
        live_ids: fn(&serde_json::Value) -> Vec<String>,
        /// The ending call.
        end: &'static str,
        /// Its parameter listing the ids.
        ids_param: &'static str,
    },
}
