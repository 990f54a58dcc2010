//! [`Param`]: one parameter of a call, as a caller finds it (`signoff
//! params`): its name, whether it is required, what it is.

/// One parameter a call takes. Whether it is a secret or filled by the
/// caller's clock is the call's `SECRET_PARAMS` / `CLOCK_PARAMS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Param {
    /// The name (snake_case, as in the params struct).
    pub name: &'static str,
    /// Whether every request needs it (some optional ones are needed in
    /// combination: `about` says so).
    pub required: bool,
    /// What it is, in a line.
    pub about: &'static str,
}

impl Param {
    /// A parameter every request needs.
    pub const fn required(name: &'static str, about: &'static str) -> Self {
        Self {
            name,
            required: true,
            about,
        }
    }

    /// A parameter that may be left out.
    pub const fn optional(name: &'static str, about: &'static str) -> Self {
        Self {
            name,
            required: false,
            about,
        }
    }
}

/// The parameters of a login by user name and password
/// ([`CredentialParams`](crate::CredentialParams)).
pub const CREDENTIAL_PARAMS: &[Param] = &[
    Param::required("base_url", "the server root"),
    Param::required("username", "the user name"),
    Param::required("password", "the password"),
];
