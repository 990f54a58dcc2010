//! The OCI configuration file every OCI tool reads, for `request` and
//! `send` of the `oci` vendor: a profile of `~/.oci/config` (or
//! `--oci-config FILE`, `--profile NAME`) fills the signer parameters the
//! command line did not give: `tenancy_ocid`, `user_ocid` and
//! `fingerprint`, or `security_token` (read from the profile's
//! `security_token_file`, its trailing newline dropped); `private_key_pem`
//! (read from `key_file`, a leading `~/` the home directory) and
//! `passphrase`. Explicit `--param`s win. Nothing read is ever printed.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use signoff::oci::config::{DEFAULT_PROFILE, KeyId, OciConfig};

/// The config file OCI tools read when none is named.
/// The parameters a profile fills (those `--param` did not give).
pub(crate) const FILLS: &[&str] = &[
    "tenancy_ocid",
    "user_ocid",
    "fingerprint",
    "security_token",
    "private_key_pem",
    "passphrase",
];

pub(crate) fn default_path() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|home| Path::new(&home).join(".oci").join("config"))
}

/// `~/x` with the home directory, else the path as written.
fn expand(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(path),
    }
}

fn read(what: &str, path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read the {what} {}: {}", path.display(), e.kind()))
}

/// Fills `params` from `profile` of the config at `path`.
pub(crate) fn fill(path: &Path, profile: Option<&str>, params: &mut Map<String, Value>) -> Result<(), String> {
    let text = read("OCI config", path)?;
    let config = OciConfig::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let profile = profile.unwrap_or(DEFAULT_PROFILE);
    let settings = config
        .signer_settings(profile)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut put = |key: &str, value: String| {
        params.entry(key.to_owned()).or_insert(Value::String(value));
    };
    match &settings.key_id {
        KeyId::ApiKey {
            tenancy,
            user,
            fingerprint,
        } => {
            put("tenancy_ocid", tenancy.clone());
            put("user_ocid", user.clone());
            put("fingerprint", fingerprint.clone());
        }
        KeyId::SessionToken { token_file } => {
            let token = read("security token file", &expand(token_file))?;
            put("security_token", token.trim_end().to_owned());
        }
        _ => {
            return Err(format!(
                "{}: profile [{profile}] signs in a way this tool does not read",
                path.display()
            ));
        }
    }
    put("private_key_pem", read("key file", &expand(&settings.key_file))?);
    if let Some(phrase) = &settings.pass_phrase {
        put("passphrase", phrase.expose().to_owned());
    }
    Ok(())
}
