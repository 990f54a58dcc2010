//! [`Secret`]: a string that never prints itself.

use std::fmt;

use zeroize::Zeroizing;

/// The marker printed wherever a secret would otherwise appear.
pub const REDACTED: &str = "[REDACTED]";

/// A `serialize_with` for a [`Secret`] in a request body the vendor
/// requires it in (a login's password): the value itself. Only ever used
/// to write a request; the body is then shown with its secrets hidden.
pub fn serialize_exposed<S: serde::Serializer>(secret: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(secret.expose())
}

/// A credential: a token, a password, a private key, a passphrase.
///
/// `Debug` and `Display` print [`REDACTED`]; the bytes are wiped when the
/// value is dropped (through [`zeroize`]); the only way to read the value is
/// the explicit [`Secret::expose`]. `Secret` deserializes from a plain string
/// so parameter files can carry it, and serializes as [`REDACTED`] (a
/// typed success holding a token reports it so); a request body the vendor
/// requires it in says so with [`serialize_exposed`].
///
/// ```
/// use signoff_core::Secret;
/// let token = Secret::new("044MyjuQ");
/// assert_eq!(format!("{token:?} {token}"), "[REDACTED] [REDACTED]");
/// assert_eq!(token.expose(), "044MyjuQ");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// Reads the value. Every call site is a place where the secret leaves
    /// its wrapper: keep them few and obvious.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), REDACTED);
        assert_eq!(format!("{s}"), REDACTED);
        assert_eq!(format!("{:#?}", Some(&s)), format!("Some(\n    {REDACTED},\n)"));
        assert!(!format!("{s:?}{s}").contains("hunter2"));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"[REDACTED]\"");
    }

    #[test]
    fn expose_reads_the_value() {
        assert_eq!(Secret::from("a b").expose(), "a b");
        assert!(Secret::default().is_empty());
    }

    #[test]
    fn deserializes_from_a_string() {
        let s: Secret = serde_json::from_str("\"tok\"").unwrap();
        assert_eq!(s.expose(), "tok");
    }
}
