//! # signoff-emulator
//!
//! An offline server of all five session-ending APIs on one port, for
//! testing transports (yours and ours) without a vendor licence. It uses
//! the codecs' own server-side halves where they exist (OCI's
//! [`verify_at`](signoff_oci::verify_at), Commvault's
//! [`decode_request_body`](signoff_commvault::decode_request_body), OAM's
//! [`encode_xml`](signoff_oam::encode_xml) / [`encode_json`](signoff_oam::encode_json)),
//! checks what it receives as the vendor would, keeps a session table, and
//! answers with the documented success and error bodies.
//!
//! **Not for**: production, TLS, or fidelity beyond the five calls (no
//! login endpoints: the table is configured).
//!
//! ```
//! use signoff_emulator::{Config, Emulator};
//! let handle = Emulator::new(Config::demo()).spawn("127.0.0.1:0".parse()?)?;
//! let base = handle.base_url(); // http://127.0.0.1:PORT
//! assert!(base.starts_with("http://127.0.0.1:"));
//! assert_eq!(handle.stats().live.jde, 2);
//! handle.shutdown();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The APIs and how each checks a request
//!
//! | vendor | call | checks | success | dead session |
//! |---|---|---|---|---|
//! | `oci` | `DELETE /20160918/logout` | the OCI signature (`date (request-target) host`) against the public key of its `keyId`, and the signed date within 5 minutes of the emulator's clock | 200, empty body | 401 `NotAuthenticated` |
//! | `veridata` | `GET /veridata/v1/session/invalidate` | `Authorization: Bearer {token}` | 200 `Logout Successful.` | 401 `{errCode, errMsg}` |
//! | `commvault` | `DELETE /webconsole/api/Sessions` | `Authtoken` among the tokens, the `Api_LogoffUsersRequest` body (XML or JSON), every named session live | 200 `<Api_LogoffUsersResponse />` (`{}` for JSON) | 401 `App_GenericResp` |
//! | `oam` | `DELETE /oam/services/rest/access/api/v1/session?sessionId=…` or `?userId=…[&idStore=…]` | Basic credentials of an administrator | 200 `SessionResults` (at most 28 per answer) | 404, no body |
//! | `jde` | `GET /jderest/v2/orchestrator/jde-logout` | `jde-AIS-Auth`, and `jde-AIS-Auth-Device` equal to the token's device when it has one | 200 `{"status":"Success"}` | 444 `ServiceErrorResponse` |
//!
//! Every other documented error arises as it would on the vendor's server:
//! OCI 401 for a missing, malformed, wrongly signed or stale signature or
//! an unknown `keyId`, 404 `NotAuthorizedOrNotFound` for another path, 412
//! `NoEtagMatch` when an `if-match` is sent; Veridata 401 without a bearer
//! token, 404 for another path; Commvault 401 for an unknown token, 400 for
//! a body that is not a log-off request; OAM 401 (WebLogic's HTML page and
//! a Basic challenge) for bad credentials, 404 when nothing matches or no
//! selector is given; JD Edwards 415 for a `Content-Type` other than JSON,
//! 400 for a body that is not JSON, 444 for an unknown token or a wrong
//! device.
//!
//! ## Faults
//!
//! [`Handle::inject`] (or `POST /_emulator/fail?...`) queues a [`Fault`]
//! for the next requests to one API; a fault changes nothing in the
//! session table:
//! - `vendor=V&status=S[&retry_after=SECS][&count=N]`: the vendor's error
//!   document for S (400-599), with `Retry-After: SECS` when given;
//! - `vendor=V&fault=reset[&count=N]`: the connection closes before any
//!   byte of the answer;
//! - `vendor=V&fault=stall[&count=N]`: nothing is sent until the client
//!   gives up (at most ten minutes; a shutdown ends it).
//!
//! `count` (default 1, at most [`MAX_FAULT_COUNT`]) is how many requests
//! meet it; faults queue in order. Anything else in the query is a 400
//! saying what. [`Handle::fail_next`] is `status` once.
//!
//! ## TLS
//!
//! [`Emulator::spawn_tls`] serves HTTPS with a [`TlsIdentity`] generated at
//! start (rcgen): a CA, and a server certificate it signed for 127.0.0.1
//! and localhost. [`TlsIdentity::ca_pem`] is what a client trusts
//! (`signoff emulate --tls --ca-out FILE` writes it before its first
//! line). [`TlsSettings`] also makes what a client must refuse (a
//! certificate for other names, an expired one) and can require a client
//! certificate the same CA signed ([`TlsIdentity::client_certificate`]).
//!
//! Media types: Commvault and OAM answer XML unless `Accept` asks for JSON
//! first (the OAM page's curl examples send no `Accept` and show XML); JD
//! Edwards' success follows `Accept` (JSON by default), its errors are
//! JSON; OCI and Veridata are JSON only. Request ids: OCI's
//! `opc-request-id` on every answer (the client's id, `/`, the emulator's,
//! when the client sent one); the others send none.
//!
//! Robustness: bodies are read up to 1 MiB (a larger one gets the vendor's
//! 413), a connection that sends no headers for 30 s is closed, and a
//! malformed request gets a 4xx: the server keeps serving. Ending a session
//! removes it under one lock, so concurrent logouts of one session end it
//! once: exactly one gets the success.
//!
//! `GET /_emulator/state` answers the live and ended counts per vendor
//! ([`Stats`]) as JSON.
//!
//! ## Configuration
//!
//! ```toml
//! [[oci.keys]]                 # each key is one live Compute Enclave session
//! key_id = "ocid1.tenancy.oc1..x/ocid1.user.oc1..y/aa:bb:..."
//! public_key_pem = "-----BEGIN PUBLIC KEY-----\n..."
//! [veridata]
//! tokens = ["eyJ..."]
//! [[veridata.users]]            # a login (JD Edwards, Veridata, Commvault) opens a new session
//! username = "demo"
//! password = "demo"
//! [commvault]
//! tokens = ["QSDK 3856..."]
//! sessions = ["CF1C660B-396F-44B7-86DA-5608CEC97453"]   # sessions of user id 1
//! [[commvault.users]]           # user ids are positions, from 1
//! username = "demo"
//! password = "demo"
//! sessions = ["DEMO0001-0000-4000-8000-000000000001"]  # optional: this user's live sessions
//! [[oam.admins]]
//! username = "weblogic"
//! password = "Welcome1"
//! [[oam.sessions]]
//! session_id = "3b84...|U90i...="
//! user_id = "user5"
//! id_store = "UserIdentityStore1"   # optional; the other SessionData fields are filled in
//! [[jde.tokens]]
//! token = "044MyjuQ..."
//! device = "kiosk-7"                # optional: when set, logout must send the same device
//! [[jde.users]]
//! username = "demo"
//! password = "demo"
//! ```
//!
//! Every section is optional; an unknown key, a value of the wrong type, a
//! public key that does not parse, an empty or duplicate token or id, a
//! user with an empty name or password or a name listed twice is refused
//! by [`Config::from_toml_str`] with a [`ConfigError`] (which never quotes
//! a token or a password). The logins accept only the configured users
//! (`[[jde.users]]`, `[[veridata.users]]`, `[[commvault.users]]`); each
//! login opens a new session. A Commvault user's id (`userId` in the
//! session details) is its position in `[[commvault.users]]`, from 1, and
//! the session details list an ended session with its logout time. `"@demo"` as a `public_key_pem` is the demo key's
//! public half; `"@sample"` as a Commvault or JD Edwards token is the seed
//! page's sample token. [`Config::demo`] is [`DEMO_TOML`].
//!
//! ## Dependencies, and why
//! - the five codec crates and `signoff-core`: the server-side halves and
//!   the paths, header names and documents.
//! - `hyper` (`server`, `http1`), `hyper-util` (tokio glue),
//!   `http-body-util` (bounded body collection), `tokio` (`rt`, `net`,
//!   `time`, `sync`, `macros`; one current-thread runtime): the server.
//! - `http`, `bytes`, `serde`, `serde_json`, `toml`, `thiserror`: requests,
//!   documents, the configuration and its errors.
//! - `base64`, `percent-encoding`, `httpdate`: Basic credentials, OAM's
//!   query, dates.
//! - `rcgen` (ring): the CA and certificates generated at start;
//!   `tokio-rustls`, `rustls` (ring): serving them.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "a server: it reads the clock and listens on a socket"
)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod config;
mod fault;
mod reply;
mod server;
mod state;
mod tls;
mod vendor;

use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;

pub use config::{
    CommvaultConfig, CommvaultUser, Config, ConfigError, DEFAULT_ID_STORE, DEMO_COMMVAULT_TOKEN, DEMO_JDE_TOKEN,
    DEMO_OCI_FINGERPRINT, DEMO_OCI_PRIVATE_KEY_PEM, DEMO_OCI_PUBLIC_KEY_PEM, DEMO_OCI_TENANCY, DEMO_OCI_USERS,
    DEMO_TOML, JdeConfig, JdeToken, OamAdmin, OamConfig, OamSession, OciConfig, OciKey, User, VeridataConfig,
};
pub use fault::{Fault, MAX_FAULT_COUNT};
pub use server::Handle;
pub use state::{Counts, Stats};
pub use tls::{DEFAULT_NAMES, TlsError, TlsIdentity, TlsSettings};

/// The largest request body read, in bytes.
pub const BODY_LIMIT: usize = 1 << 20;

/// One of the five APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Vendor {
    /// Oracle Compute Enclave.
    Oci,
    /// Oracle GoldenGate Veridata.
    Veridata,
    /// Commvault.
    Commvault,
    /// Oracle Access Management.
    Oam,
    /// JD Edwards AIS.
    Jde,
}

impl Vendor {
    /// Every vendor, in the order of the seed pages.
    pub const ALL: [Self; 5] = [Self::Oci, Self::Veridata, Self::Commvault, Self::Oam, Self::Jde];

    /// The registry's short name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Oci => "oci",
            Self::Veridata => "veridata",
            Self::Commvault => "commvault",
            Self::Oam => "oam",
            Self::Jde => "jde",
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the five vendors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown vendor {0:?} (known: oci, veridata, commvault, oam, jde)")]
pub struct UnknownVendor(String);

impl FromStr for Vendor {
    type Err = UnknownVendor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.name() == s)
            .ok_or_else(|| UnknownVendor(s.chars().take(32).collect()))
    }
}

/// Every (vendor, call) the emulator serves, registry names: the
/// conformance completeness test checks the registry against it.
pub fn served_calls() -> Vec<(&'static str, &'static str)> {
    Vendor::ALL
        .into_iter()
        .flat_map(|v| vendor::calls(v).iter().map(move |c| (v.name(), *c)))
        .collect()
}

/// An emulator, ready to serve its table.
#[derive(Debug)]
pub struct Emulator {
    shared: Arc<state::Shared>,
}

impl Emulator {
    /// An emulator whose table starts as `config` says.
    pub fn new(config: Config) -> Self {
        Self {
            shared: Arc::new(state::Shared::new(&config)),
        }
    }

    /// Binds `addr` (port 0 picks a free port) and serves on a thread of
    /// its own (one current-thread tokio runtime) until
    /// [`Handle::shutdown`] or the handle is dropped.
    pub fn spawn(self, addr: SocketAddr) -> std::io::Result<Handle> {
        server::spawn(self.shared, addr, None)
    }

    /// [`Emulator::spawn`] over TLS, with `identity`'s server certificate
    /// ([`Handle::base_url`] then says `https://`).
    pub fn spawn_tls(self, addr: SocketAddr, identity: &TlsIdentity) -> std::io::Result<Handle> {
        let config = identity.server_config().map_err(std::io::Error::other)?;
        server::spawn(self.shared, addr, Some(tokio_rustls::TlsAcceptor::from(config)))
    }

    /// The table's counts now.
    pub fn stats(&self) -> Stats {
        self.shared.stats()
    }

    /// Answers one request in process, as the server would (no socket):
    /// for tests that drive a codec's request straight into the table.
    pub fn respond(&self, request: &http::Request<bytes::Bytes>) -> http::Response<bytes::Bytes> {
        server::respond(&self.shared, request, std::time::SystemTime::now())
    }
}

/// How to reach each API at `base` (`http://127.0.0.1:PORT`), one line
/// each, as `signoff emulate` prints it.
pub fn describe(base: &str, stats: &Stats) -> String {
    let live = stats.live;
    format!(
        "  oci       DELETE {base}{oci}  (OCI-signed; {} live key ids)\n\
         \x20 veridata  GET    {base}{veridata}  (Authorization: Bearer; {} live tokens)\n\
         \x20 commvault DELETE {base}{cv}  (Authtoken + Api_LogoffUsersRequest; base_url {base}{cvroot}; {} live sessions)\n\
         \x20 oam       DELETE {base}{oam}?sessionId=...|userId=...  (Basic; {} live sessions)\n\
         \x20 jde       GET    {base}{jde}  (jde-AIS-Auth[-Device]; {} live tokens)\n\
         \x20 state     GET    {base}/_emulator/state\n",
        live.oci,
        live.veridata,
        live.commvault,
        live.oam,
        live.jde,
        oci = vendor::oci::PATH,
        veridata = vendor::veridata::PATH,
        cv = vendor::commvault::PATH,
        cvroot = vendor::commvault::ROOT,
        oam = vendor::oam::PATH,
        jde = vendor::jde::PATH,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendors_route_by_documented_prefix() {
        use vendor::vendor_of;
        assert_eq!(vendor_of("/20160918/logout"), Some(Vendor::Oci));
        assert_eq!(vendor_of("/veridata/v1/session/invalidate"), Some(Vendor::Veridata));
        assert_eq!(vendor_of("/WebConsole/API/Sessions"), Some(Vendor::Commvault));
        assert_eq!(vendor_of("/oam/services/rest/access/api/v1/session"), Some(Vendor::Oam));
        assert_eq!(vendor_of("/jderest/v2/orchestrator/jde-logout"), Some(Vendor::Jde));
        assert_eq!(vendor_of("/jderestx"), None);
        assert_eq!(vendor_of("/"), None);
        assert_eq!("oam".parse::<Vendor>(), Ok(Vendor::Oam));
        assert!("x".parse::<Vendor>().is_err());
    }
}
