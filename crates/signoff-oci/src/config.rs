//! The OCI configuration file every OCI tool reads (`~/.oci/config`),
//! sans-IO: the text in, a profile's signer settings out, with the paths
//! of the files the caller must read (`key_file`, `security_token_file`).
//!
//! The format is the SDKs': `[PROFILE]` sections of `key=value` lines,
//! `#` and `;` comment lines, blank lines ignored; a key given in
//! `[DEFAULT]` is inherited by every profile that does not give it. Keys
//! read: `user`, `fingerprint`, `tenancy`, `key_file`, `pass_phrase`,
//! `security_token_file`, `region`; others are kept aside and ignored.
//! A refusal names the line and the key, never a value (a `pass_phrase`
//! is a secret).

use std::collections::BTreeMap;

use signoff_core::Secret;

/// The profile OCI tools use when none is named.
pub const DEFAULT_PROFILE: &str = "DEFAULT";

/// Why a config text or profile was refused. It names lines and keys,
/// never values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A line that is not a section, a `key=value` or a comment.
    #[error("line {line}: not a [section], a key=value or a comment")]
    Syntax {
        /// The line number, from 1.
        line: usize,
    },
    /// A key before any `[section]`.
    #[error("line {line}: a key before any [section]")]
    NoSection {
        /// The line number, from 1.
        line: usize,
    },
    /// A key given twice in one section.
    #[error("line {line}: {key} is given twice in [{profile}]")]
    Repeated {
        /// The line number, from 1.
        line: usize,
        /// The key.
        key: String,
        /// The section.
        profile: String,
    },
    /// No such profile.
    #[error("no profile [{0}] in the config")]
    NoProfile(String),
    /// A key the profile needs is missing.
    #[error("profile [{profile}] has no {key}")]
    Missing {
        /// The profile.
        profile: String,
        /// The key.
        key: &'static str,
    },
}

/// How a profile signs: an API key or a session token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyId {
    /// `{tenancy}/{user}/{fingerprint}`.
    ApiKey {
        /// `tenancy`.
        tenancy: String,
        /// `user`.
        user: String,
        /// `fingerprint`.
        fingerprint: String,
    },
    /// `ST${token}`, the token read from this file by the caller.
    SessionToken {
        /// `security_token_file`.
        token_file: String,
    },
}

/// A profile's signer settings. Its `Debug` redacts the pass phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignerSettings {
    /// The profile's name.
    pub profile: String,
    /// How it signs.
    pub key_id: KeyId,
    /// `key_file`: the private key's path, for the caller to read.
    pub key_file: String,
    /// `pass_phrase`, when given.
    pub pass_phrase: Option<Secret>,
    /// `region`, when given.
    pub region: Option<String>,
}

/// A parsed config text: its profiles' keys, `[DEFAULT]` inherited.
#[derive(Clone, PartialEq, Eq)]
pub struct OciConfig {
    profiles: BTreeMap<String, BTreeMap<String, String>>,
}

impl std::fmt::Debug for OciConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OciConfig")
            .field("profiles", &self.profiles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl OciConfig {
    /// Parses a config text.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let mut profiles: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut current: Option<String> = None;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                let name = name.trim();
                if name.is_empty() {
                    return Err(ConfigError::Syntax { line });
                }
                profiles.entry(name.to_owned()).or_default();
                current = Some(name.to_owned());
                continue;
            }
            let Some((key, value)) = trimmed.split_once('=') else {
                return Err(ConfigError::Syntax { line });
            };
            let key = key.trim();
            if key.is_empty() {
                return Err(ConfigError::Syntax { line });
            }
            let Some(profile) = &current else {
                return Err(ConfigError::NoSection { line });
            };
            let section = profiles.entry(profile.clone()).or_default();
            if section.insert(key.to_owned(), value.trim().to_owned()).is_some() {
                return Err(ConfigError::Repeated {
                    line,
                    key: key.to_owned(),
                    profile: profile.clone(),
                });
            }
        }
        Ok(Self { profiles })
    }

    /// The profiles' names.
    pub fn profiles(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// A key of `profile`, or of `[DEFAULT]` when the profile does not give
    /// it; blank values are absent.
    fn get(&self, profile: &str, key: &str) -> Option<&str> {
        self.profiles
            .get(profile)
            .and_then(|p| p.get(key))
            .or_else(|| self.profiles.get(DEFAULT_PROFILE).and_then(|p| p.get(key)))
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The signer settings of `profile`: a session token when
    /// `security_token_file` is given, else the API key's `tenancy`,
    /// `user` and `fingerprint`; `key_file` always.
    pub fn signer_settings(&self, profile: &str) -> Result<SignerSettings, ConfigError> {
        if !self.profiles.contains_key(profile) {
            return Err(ConfigError::NoProfile(profile.to_owned()));
        }
        let need = |key: &'static str| {
            self.get(profile, key)
                .map(str::to_owned)
                .ok_or_else(|| ConfigError::Missing {
                    profile: profile.to_owned(),
                    key,
                })
        };
        let key_id = match self.get(profile, "security_token_file") {
            Some(file) => KeyId::SessionToken {
                token_file: file.to_owned(),
            },
            None => KeyId::ApiKey {
                tenancy: need("tenancy")?,
                user: need("user")?,
                fingerprint: need("fingerprint")?,
            },
        };
        Ok(SignerSettings {
            profile: profile.to_owned(),
            key_id,
            key_file: need("key_file")?,
            pass_phrase: self.get(profile, "pass_phrase").map(Secret::new),
            region: self.get(profile, "region").map(str::to_owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
# the SDK's example
[DEFAULT]
user=ocid1.user.oc1..aaaaaaaat5nvwcna5j6aqzjcaty5eqbb6qt2jvpkanghtgdaqedqw3rynjq
fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34
key_file=~/.oci/oci_api_key.pem
tenancy=ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq
region=us-ashburn-1

[ADMIN_USER]
user=ocid1.user.oc1..aaaaaaaa65vwl7zut55hiavppn4nbfwyccuecuch5tewwm32rgqvm6i34unq
fingerprint=72:00:22:7f:d3:8b:47:a4:58:05:b8:95:84:31:dd:0e
key_file=keys/admin_key.pem
pass_phrase = CANARY-phrase

; a session made by `oci session authenticate`
[SESSION]
fingerprint=aa:bb
key_file=/home/u/.oci/sessions/SESSION/oci_api_key.pem
tenancy=ocid1.tenancy.oc1..t
region=eu-frankfurt-1
security_token_file=/home/u/.oci/sessions/SESSION/token
";

    #[test]
    fn profiles_inherit_default_and_pick_their_signer() {
        let c = OciConfig::parse(TEXT).unwrap();
        assert_eq!(c.profiles().collect::<Vec<_>>(), ["ADMIN_USER", "DEFAULT", "SESSION"]);
        let d = c.signer_settings(DEFAULT_PROFILE).unwrap();
        assert!(matches!(&d.key_id, KeyId::ApiKey { fingerprint, .. } if fingerprint.starts_with("20:3b")));
        assert_eq!(d.region.as_deref(), Some("us-ashburn-1"));
        let a = c.signer_settings("ADMIN_USER").unwrap();
        assert_eq!(a.key_file, "keys/admin_key.pem");
        assert_eq!(a.region.as_deref(), Some("us-ashburn-1"), "inherited");
        assert_eq!(a.pass_phrase.as_ref().map(Secret::expose), Some("CANARY-phrase"));
        assert!(!format!("{a:?} {c:?}").contains("CANARY"));
        let s = c.signer_settings("SESSION").unwrap();
        assert_eq!(
            s.key_id,
            KeyId::SessionToken {
                token_file: "/home/u/.oci/sessions/SESSION/token".into()
            }
        );
    }

    #[test]
    fn refusals_name_lines_and_keys_never_values() {
        let e = OciConfig::parse("[A]\npass_phrase=CANARY1\npass_phrase=CANARY2\n").unwrap_err();
        assert_eq!(e.to_string(), "line 3: pass_phrase is given twice in [A]");
        let e = OciConfig::parse("pass_phrase=CANARY\n").unwrap_err();
        assert_eq!(e, ConfigError::NoSection { line: 1 });
        let e = OciConfig::parse("[A]\nCANARY without equals\n").unwrap_err();
        assert!(!e.to_string().contains("CANARY"));
        let c = OciConfig::parse("[A]\nuser=u\nkey_file=k\n").unwrap();
        assert_eq!(
            c.signer_settings("A").unwrap_err(),
            ConfigError::Missing {
                profile: "A".into(),
                key: "tenancy"
            }
        );
        assert_eq!(c.signer_settings("B").unwrap_err(), ConfigError::NoProfile("B".into()));
    }
}
