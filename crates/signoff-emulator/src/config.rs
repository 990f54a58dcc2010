//! The session table the emulator starts with: its TOML form, its checks,
//! and the documented demo table.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use signoff_core::Secret;
use signoff_oci::PublicKey;

/// The demo OCI key pair's private half (a throwaway test key, public in
/// this repository: never use it for anything real).
pub const DEMO_OCI_PRIVATE_KEY_PEM: &str = include_str!("../demo/oci-demo-key.pem");

/// The demo OCI key pair's public half.
pub const DEMO_OCI_PUBLIC_KEY_PEM: &str = include_str!("../demo/oci-demo-key.pub.pem");

/// The demo key's fingerprint (the third part of its key ids).
pub const DEMO_OCI_FINGERPRINT: &str = "53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd";

/// The demo tenancy OCID.
pub const DEMO_OCI_TENANCY: &str = "ocid1.tenancy.oc1..emulator";

/// The demo user OCIDs: one live Compute Enclave session each.
pub const DEMO_OCI_USERS: [&str; 3] = [
    "ocid1.user.oc1..demo1",
    "ocid1.user.oc1..demo2",
    "ocid1.user.oc1..demo3",
];

/// The JD Edwards token of the seed page's curl example (a live demo
/// session, no device).
pub const DEMO_JDE_TOKEN: &str = "044MyjuQDgaZAYfKd0ZEAUqM6x1LcnwBAblOqcGLL9KN98=MDE5MDEyNjU0MzUyNzQ1ODIwMjE1MTY5NTEwLjcxLjYyLjEyMzE3NTcxMDA0NjI3OTI=";

/// The Commvault sample request's token, its six scraped lines joined.
pub const DEMO_COMMVAULT_TOKEN: &str = concat!(
    "QSDK 38568012f4d1e8ee1841d283a47aa3ba78e124ea58354b5fc6",
    "0f4dab8a63347d05cf5552484dafda3bfa4c5db84e580b1cb37bcf8e65b39f7f",
    "8549a443e6f78a2c7be3f31b3d845e24776c835e498e8e883bb40c46bd15af4f",
    "40ca94e823acedcdd4e9659e74b34a07a85c4586cd2ed914b6dce015874783ef7",
    "68fda78183a4208930954a377f66eb56c8b92cexampl4s437a19317ca6ce7f323",
    "3d5a01aca35dbad93468b833f2cf71010809006a937670adce711ca8be46638e8",
);

/// The demo table, in the configuration format (see the crate docs).
pub const DEMO_TOML: &str = r#"# The emulator's demo table: every value here is a public demo value.
[[oci.keys]]
key_id = "ocid1.tenancy.oc1..emulator/ocid1.user.oc1..demo1/53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd"
public_key_pem = "@demo"
[[oci.keys]]
key_id = "ocid1.tenancy.oc1..emulator/ocid1.user.oc1..demo2/53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd"
public_key_pem = "@demo"
[[oci.keys]]
key_id = "ocid1.tenancy.oc1..emulator/ocid1.user.oc1..demo3/53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd"
public_key_pem = "@demo"

[veridata]
tokens = [
    "eyJraWQiOiJzaWduLXJzYSJ9.ZGVtby0x.c2lnbmF0dXJl",
    "eyJraWQiOiJzaWduLXJzYSJ9.ZGVtby0y.c2lnbmF0dXJl",
    "eyJraWQiOiJzaWduLXJzYSJ9.ZGVtby0z.c2lnbmF0dXJl",
]
[[veridata.users]]
username = "demo"
password = "demo"

[commvault]
tokens = ["@sample", "QSDK demo-admin-token"]
sessions = [
    "EMCAE92D1DD-0C68-49A6-BEBB-404D96D7A4BF",
    "CF1C660B-396F-44B7-86DA-5608CEC97453",
]
[[commvault.users]]
username = "demo"
password = "demo"
[[commvault.users]]
username = "alice"
password = "alice"
sessions = [
    "DEMO0001-0000-4000-8000-000000000001",
    "DEMO0002-0000-4000-8000-000000000002",
]

[[oam.admins]]
username = "weblogic"
password = "Welcome1"
[[oam.sessions]]
session_id = "3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA="
user_id = "user5"
id_store = "UserIdentityStore1"
[[oam.sessions]]
session_id = "32de23f1-9f53-47e7-b4d5-9d0376187241|c+4quN74tM7P6qvbYVqa6BQOg3RYHDsFT3PzPajvEzM="
user_id = "user3"
id_store = "UserIdentityStore1"
[[oam.sessions]]
session_id = "3e8fd79e-03b8-4c90-bf4d-964119460a0a|c+4quN74tM7P6qvbYVqa6BQOg3RYHDsFT3PzPajvEzM="
user_id = "user3"
id_store = "UserIdentityStore1"

[[jde.tokens]]
token = "@sample"
[[jde.tokens]]
token = "044DemoKioskTokenQDgaZAYfKd0ZEAUqM6x1LcnwBAbl=MDE5MDEy"
device = "kiosk-7"
[[jde.users]]
username = "demo"
password = "demo"
"#;

/// Why a configuration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The text is not TOML, or names a key the format does not have, or
    /// a value of the wrong type.
    #[error("the configuration does not parse: {0}")]
    Parse(String),
    /// A value parses but cannot be used (a bad public key, an empty
    /// token, a duplicate).
    #[error("the configuration is invalid: {0}")]
    Invalid(String),
}

/// The emulator's starting session table. Build it with
/// [`Config::from_toml_str`], [`Config::demo`] or field by field.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// Oracle Compute Enclave.
    #[serde(default)]
    pub oci: OciConfig,
    /// Oracle GoldenGate Veridata.
    #[serde(default)]
    pub veridata: VeridataConfig,
    /// Commvault.
    #[serde(default)]
    pub commvault: CommvaultConfig,
    /// Oracle Access Management.
    #[serde(default)]
    pub oam: OamConfig,
    /// JD Edwards AIS.
    #[serde(default)]
    pub jde: JdeConfig,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("oci_keys", &self.oci.keys.len())
            .field("veridata_tokens", &self.veridata.tokens.len())
            .field("veridata_users", &self.veridata.users.len())
            .field("commvault_tokens", &self.commvault.tokens.len())
            .field("commvault_sessions", &self.commvault.sessions.len())
            .field("commvault_users", &self.commvault.users.len())
            .field("oam_admins", &self.oam.admins.len())
            .field("oam_sessions", &self.oam.sessions.len())
            .field("jde_tokens", &self.jde.tokens.len())
            .field("jde_users", &self.jde.users.len())
            .finish()
    }
}

/// `[oci]`: each key is one live Compute Enclave session.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OciConfig {
    /// `[[oci.keys]]`.
    #[serde(default)]
    pub keys: Vec<OciKey>,
}

/// `[[oci.keys]]`: a key id and the public key that verifies it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OciKey {
    /// `{tenancy}/{user}/{fingerprint}`, as the signature's `keyId`.
    pub key_id: String,
    /// `BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC KEY` PEM (`"@demo"`: the
    /// demo key's public half).
    pub public_key_pem: String,
}

impl OciKey {
    /// A key entry.
    pub fn new(key_id: impl Into<String>, public_key_pem: impl Into<String>) -> Self {
        Self {
            key_id: key_id.into(),
            public_key_pem: public_key_pem.into(),
        }
    }
}

/// `[[jde.users]]`, `[[veridata.users]]`, `[[oam.admins]]`: a user name
/// and password the vendor's login (or, for OAM, Basic credentials)
/// accepts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct User {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: Secret,
}

impl User {
    /// A user.
    pub fn new(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }
}

/// `[[oam.admins]]`: one administrator.
pub type OamAdmin = User;

/// `[veridata]`: the live bearer tokens and the users who may log in.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct VeridataConfig {
    /// One live session per token.
    #[serde(default)]
    pub tokens: Vec<Secret>,
    /// `[[veridata.users]]`: each login opens a new session.
    #[serde(default)]
    pub users: Vec<User>,
}

impl fmt::Debug for VeridataConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VeridataConfig")
            .field("tokens", &self.tokens.len())
            .field("users", &self.users)
            .finish()
    }
}

/// `[commvault]`: the tokens that may log sessions off, and the live
/// sessions.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CommvaultConfig {
    /// Accepted `Authtoken` values (`"@sample"`: the seed page's sample
    /// token, its lines joined).
    #[serde(default)]
    pub tokens: Vec<Secret>,
    /// Live session ids of user id 1 (the first of `users`).
    #[serde(default)]
    pub sessions: Vec<String>,
    /// `[[commvault.users]]`: the users the login knows, with their live
    /// sessions. A user's id (`userId` in the session details) is its
    /// position in this list, from 1.
    #[serde(default)]
    pub users: Vec<CommvaultUser>,
}

impl fmt::Debug for CommvaultConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommvaultConfig")
            .field("tokens", &self.tokens.len())
            .field("sessions", &self.sessions)
            .field("users", &self.users)
            .finish()
    }
}

/// `[[commvault.users]]`: one user, and the sessions live at start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CommvaultUser {
    /// The user name.
    pub username: String,
    /// The password (sent base64-encoded by the login).
    pub password: Secret,
    /// This user's live session ids.
    #[serde(default)]
    pub sessions: Vec<String>,
}

impl CommvaultUser {
    /// A user with these live sessions.
    pub fn new(username: impl Into<String>, password: impl Into<Secret>, sessions: Vec<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
            sessions,
        }
    }
}

/// `[oam]`: administrators (Basic credentials) and live sessions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OamConfig {
    /// `[[oam.admins]]`.
    #[serde(default)]
    pub admins: Vec<OamAdmin>,
    /// `[[oam.sessions]]`.
    #[serde(default)]
    pub sessions: Vec<OamSession>,
}

/// `[[oam.sessions]]`: one live session; the other `SessionData` fields
/// (times, client address, impersonation) are filled in when it is
/// deleted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OamSession {
    /// `sessionId`.
    pub session_id: String,
    /// `userId`.
    pub user_id: String,
    /// `idStoreName` (default `UserIdentityStore1`).
    #[serde(default)]
    pub id_store: Option<String>,
}

impl OamSession {
    /// A session of `user_id`.
    pub fn new(session_id: impl Into<String>, user_id: impl Into<String>, id_store: Option<String>) -> Self {
        Self {
            session_id: session_id.into(),
            user_id: user_id.into(),
            id_store,
        }
    }
}

/// `[jde]`: the live AIS tokens and the users who may log in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct JdeConfig {
    /// `[[jde.tokens]]`.
    #[serde(default)]
    pub tokens: Vec<JdeToken>,
    /// `[[jde.users]]`: each login opens a new session.
    #[serde(default)]
    pub users: Vec<User>,
}

/// `[[jde.tokens]]`: one live session.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct JdeToken {
    /// The token (`"@sample"`: the seed page's curl example token).
    pub token: Secret,
    /// When set, the logout must send the same `jde-AIS-Auth-Device`.
    #[serde(default)]
    pub device: Option<String>,
}

impl JdeToken {
    /// A token, with the device it was minted for.
    pub fn new(token: impl Into<Secret>, device: Option<String>) -> Self {
        Self {
            token: token.into(),
            device,
        }
    }
}

/// The default identity store of an OAM session.
pub const DEFAULT_ID_STORE: &str = "UserIdentityStore1";

impl Config {
    /// An empty table (every API answers as for a dead session).
    pub fn new() -> Self {
        Self::default()
    }

    /// The documented demo table ([`DEMO_TOML`]): three OCI sessions
    /// signed with the demo key, three Veridata tokens, the Commvault
    /// sample token with the sample's two sessions (user `demo`, id 1) and
    /// two more (user `alice`, id 2), the OAM seed page's three sessions
    /// (`user5`, and `user3` twice) with administrator
    /// `weblogic`/`Welcome1`, the JD Edwards seed token and a kiosk token
    /// bound to device `kiosk-7`; and on every vendor with a login (JD
    /// Edwards, Veridata, Commvault), user `demo` with password `demo`.
    pub fn demo() -> Self {
        // The demo text is part of this crate and checked by a test.
        Self::from_toml_str(DEMO_TOML).unwrap_or_default()
    }

    /// Parses and checks the TOML form. Unknown keys are refused.
    pub fn from_toml_str(text: &str) -> Result<Self, ConfigError> {
        let mut config: Self = toml::from_str(text).map_err(|e| ConfigError::Parse(parse_error(text, &e)))?;
        config.expand_demo_markers();
        config.validate()?;
        Ok(config)
    }

    fn expand_demo_markers(&mut self) {
        for k in &mut self.oci.keys {
            if k.public_key_pem == "@demo" {
                DEMO_OCI_PUBLIC_KEY_PEM.clone_into(&mut k.public_key_pem);
            }
        }
        for t in &mut self.commvault.tokens {
            if t.expose() == "@sample" {
                *t = Secret::new(DEMO_COMMVAULT_TOKEN);
            }
        }
        for t in &mut self.jde.tokens {
            if t.token.expose() == "@sample" {
                t.token = Secret::new(DEMO_JDE_TOKEN);
            }
        }
    }

    /// Checks every value: public keys parse, nothing is empty, no key id,
    /// token or session id is listed twice.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |s: String| Err(ConfigError::Invalid(s));
        let mut seen = HashSet::new();
        for (i, k) in self.oci.keys.iter().enumerate() {
            if k.key_id.trim().is_empty() {
                return invalid(format!("oci.keys[{i}].key_id is empty"));
            }
            if let Err(e) = PublicKey::from_pem(&k.public_key_pem) {
                return invalid(format!("oci.keys[{i}].public_key_pem: {}", e.detail()));
            }
            if !seen.insert(k.key_id.as_str()) {
                return invalid(format!("oci.keys[{i}].key_id is listed twice"));
            }
        }
        check_unique("veridata.tokens", self.veridata.tokens.iter().map(Secret::expose))?;
        check_unique("commvault.tokens", self.commvault.tokens.iter().map(Secret::expose))?;
        check_unique(
            "commvault.sessions",
            self.commvault
                .sessions
                .iter()
                .chain(self.commvault.users.iter().flat_map(|u| &u.sessions))
                .map(String::as_str),
        )?;
        check_users(
            "veridata.users",
            self.veridata.users.iter().map(|u| (&u.username, &u.password)),
        )?;
        check_users(
            "commvault.users",
            self.commvault.users.iter().map(|u| (&u.username, &u.password)),
        )?;
        check_users("jde.users", self.jde.users.iter().map(|u| (&u.username, &u.password)))?;
        check_users("oam.admins", self.oam.admins.iter().map(|u| (&u.username, &u.password)))?;
        check_unique("oam.sessions", self.oam.sessions.iter().map(|s| s.session_id.as_str()))?;
        for (i, s) in self.oam.sessions.iter().enumerate() {
            if s.user_id.is_empty() {
                return invalid(format!("oam.sessions[{i}].user_id is empty"));
            }
        }
        check_unique("jde.tokens", self.jde.tokens.iter().map(|t| t.token.expose()))?;
        Ok(())
    }
}

/// A parse error as a sentence that never quotes the configuration: the
/// line, and toml's message only where it cannot hold a value (a key name,
/// the type expected). toml's own `Display` shows the offending line, which
/// may be a token or a password.
fn parse_error(text: &str, e: &toml::de::Error) -> String {
    let line = e
        .span()
        .map(|span| text.get(..span.start).unwrap_or(text).matches('\n').count() + 1);
    let message = e.message();
    let what = if message.starts_with("unknown field") || message.starts_with("missing field") {
        message.split(", expected").next().unwrap_or(message).to_owned()
    } else if let Some((_, expected)) = message.split_once(", expected ") {
        format!("a value of the wrong type or form (expected {expected})")
    } else {
        "not valid TOML".to_owned()
    };
    match line {
        Some(line) => format!("line {line}: {what}"),
        None => what,
    }
}

/// Refuses an empty user name or password, or a user name listed twice
/// (naming the position, never a password).
fn check_users<'a>(what: &str, users: impl Iterator<Item = (&'a String, &'a Secret)>) -> Result<(), ConfigError> {
    let mut seen = HashSet::new();
    for (i, (name, password)) in users.enumerate() {
        if name.trim().is_empty() || password.expose().is_empty() {
            return Err(ConfigError::Invalid(format!(
                "{what}[{i}] has an empty username or password"
            )));
        }
        if !seen.insert(name.as_str()) {
            return Err(ConfigError::Invalid(format!("{what}[{i}].username is listed twice")));
        }
    }
    Ok(())
}

/// Refuses an empty value or a duplicate (naming the position, never the
/// value: it may be a token).
fn check_unique<'a>(what: &str, values: impl Iterator<Item = &'a str>) -> Result<(), ConfigError> {
    let mut seen = HashSet::new();
    for (i, v) in values.enumerate() {
        if v.trim().is_empty() {
            return Err(ConfigError::Invalid(format!("{what}[{i}] is empty")));
        }
        if !seen.insert(v) {
            return Err(ConfigError::Invalid(format!("{what}[{i}] is listed twice")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_parses() {
        let c = Config::from_toml_str(DEMO_TOML).unwrap();
        assert_eq!(c.oci.keys.len(), 3);
        assert_eq!(c.jde.tokens[0].token.expose(), DEMO_JDE_TOKEN);
        assert_eq!(c.commvault.tokens[0].expose(), DEMO_COMMVAULT_TOKEN);
        assert!(c.oci.keys[0].public_key_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
    }

    #[test]
    fn the_documented_example_parses() {
        let text = format!(
            r#"
[[oci.keys]]                 # each key is one live Compute Enclave session
key_id = "ocid1.tenancy.oc1..x/ocid1.user.oc1..y/aa:bb"
public_key_pem = """{DEMO_OCI_PUBLIC_KEY_PEM}"""
[veridata]
tokens = ["eyJ"]
[[veridata.users]]            # a login (JD Edwards, Veridata, Commvault) opens a new session
username = "demo"
password = "demo"
[commvault]
tokens = ["QSDK 3856"]
sessions = ["CF1C660B-396F-44B7-86DA-5608CEC97453"]   # sessions of user id 1
[[commvault.users]]           # user ids are positions, from 1
username = "demo"
password = "demo"
sessions = ["DEMO0001-0000-4000-8000-000000000001"]  # optional: this user's live sessions
[[oam.admins]]
username = "weblogic"
password = "Welcome1"
[[oam.sessions]]
session_id = "3b84|U90i="
user_id = "user5"
id_store = "UserIdentityStore1"   # optional; the other SessionData fields are filled in
[[jde.tokens]]
token = "044MyjuQ"
device = "kiosk-7"                # optional
[[jde.users]]
username = "demo"
password = "demo"
"#
        );
        let c = Config::from_toml_str(&text).unwrap();
        assert_eq!(c.oam.sessions[0].user_id, "user5");
        assert_eq!(c.jde.tokens[0].device.as_deref(), Some("kiosk-7"));
        assert_eq!(c.commvault.users[0].sessions.len(), 1);
        assert_eq!((c.jde.users.len(), c.veridata.users.len()), (1, 1));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        let e = Config::from_toml_str("[veridata]\ntokenz = []\n").unwrap_err();
        assert!(matches!(&e, ConfigError::Parse(m) if m.contains("tokenz")), "{e}");
        let e = Config::from_toml_str("[nope]\n").unwrap_err();
        assert!(matches!(e, ConfigError::Parse(_)));
        // No error quotes a value: wrong types, broken syntax.
        for text in [
            "[veridata]\ntokens = [\"CANARY-9f1\", 5]\n",
            "[veridata]\ntokens = \"CANARY-9f1\"\n",
            "[[oam.admins]]\nusername = \"a\"\npassword = 73519264\n",
            "[veridata]\ntokens = [\"CANARY-9f1\n",
            "[veridata]\ntokens = [CANARY-9f1]\n",
        ] {
            let e = Config::from_toml_str(text).unwrap_err();
            let shown = format!("{e} {e:?}");
            assert!(!shown.contains("CANARY-9f1") && !shown.contains("73519264"), "{shown}");
            assert!(shown.contains("line "), "{shown}");
        }
        let e = Config::from_toml_str("[[oci.keys]]\nkey_id = \"a\"\npublic_key_pem = \"junk\"\n").unwrap_err();
        assert!(
            matches!(&e, ConfigError::Invalid(m) if m.contains("oci.keys[0]")),
            "{e}"
        );
        let e = Config::from_toml_str("[jde]\ntokens = [{token = \"SECRET1\"}, {token = \"SECRET1\"}]\n").unwrap_err();
        assert!(!e.to_string().contains("SECRET1"), "{e}");
        assert!(Config::from_toml_str("not toml = = 1").is_err());
    }

    #[test]
    fn users_are_checked_without_quoting_a_password() {
        let c = Config::demo();
        for users in [&c.jde.users, &c.veridata.users] {
            assert!(
                users
                    .iter()
                    .any(|u| u.username == "demo" && u.password.expose() == "demo")
            );
        }
        assert_eq!(c.commvault.users[0].username, "demo");
        assert_eq!(c.commvault.users[1].sessions.len(), 2);
        for text in [
            "[[jde.users]]\nusername = \"a\"\npassword = \"\"\n",
            "[[veridata.users]]\nusername = \" \"\npassword = \"PW-CANARY\"\n",
            "[[commvault.users]]\nusername = \"a\"\npassword = \"PW-CANARY\"\n[[commvault.users]]\nusername = \"a\"\npassword = \"PW-CANARY2\"\n",
            "[commvault]\nsessions = [\"S1\"]\n[[commvault.users]]\nusername = \"a\"\npassword = \"PW-CANARY\"\nsessions = [\"S1\"]\n",
            "[[jde.users]]\nusername = \"a\"\npassword = 73519264\n",
        ] {
            let e = Config::from_toml_str(text).unwrap_err();
            let shown = format!("{e} {e:?}");
            assert!(!shown.contains("PW-CANARY") && !shown.contains("73519264"), "{shown}");
        }
        let shown = format!("{c:?} {:?}", c.commvault);
        assert!(!shown.contains("password: \"demo\""), "{shown}");
    }
}
