//! The RSA keys: [`PrivateKey`] parsed once and shared, [`PublicKey`] for
//! verifying.

use std::fmt;
use std::sync::Arc;

use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair, UnparsedPublicKey};
use signoff_core::{BuildError, BuildErrorKind};

use super::*;

/// The smallest RSA key signed with or verified, in bits.
pub const MIN_KEY_BITS: usize = 2048;

/// The largest RSA key signed with or verified, in bits.
pub const MAX_KEY_BITS: usize = 8192;

/// An RSA private key, parsed once and shared by clones (an `Arc`). Its
/// `Debug` shows the modulus size, never the key.
#[derive(Clone)]
pub struct PrivateKey {
    pair: Arc<RsaKeyPair>,
}

impl PrivateKey {
    /// Parses a PEM RSA key: PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8
    /// (`BEGIN PRIVATE KEY`), 2048 to 8192 bits.
    ///
    /// Refused: an encrypted key (`BEGIN ENCRYPTED PRIVATE KEY`, or a
    /// `Proc-Type: 4,ENCRYPTED` header) and other PEM kinds are
    /// `unsupported_key`; bad PEM, a key that is not RSA or that ring
    /// rejects is `invalid_key`. Errors name the parameter
    /// `private_key_pem` and never quote the key.
    pub fn from_pem(pem: &str) -> Result<Self, BuildError> {
        let block = parse_pem(KEY_PARAM, pem)?;
        let unsupported = |why: &str| BuildError::new(BuildErrorKind::UnsupportedKey, KEY_PARAM, why.to_owned());
        if block.label == "ENCRYPTED PRIVATE KEY" || block.encrypted {
            return Err(unsupported(
                "is an encrypted key, which this codec does not support (with or without a passphrase): \
                 decrypt it first, e.g. `openssl pkey -in key.pem -out key-clear.pem`, and keep the clear key secret",
            ));
        }
        match block.label.as_str() {
            "RSA PRIVATE KEY" => Self::from_pkcs1_der(&block.der),
            "PRIVATE KEY" => Self::from_pkcs8_der(&block.der),
            "EC PRIVATE KEY" | "DSA PRIVATE KEY" => Err(BuildError::new(
                BuildErrorKind::InvalidKey,
                KEY_PARAM,
                "is not an RSA key: OCI signs with RSA only",
            )),
            "PUBLIC KEY" | "RSA PUBLIC KEY" => Err(BuildError::new(
                BuildErrorKind::InvalidKey,
                KEY_PARAM,
                "is a public key: signing needs the private key",
            )),
            _ => Err(unsupported(
                "is not a PEM form this codec reads: use `BEGIN RSA PRIVATE KEY` (PKCS#1) or `BEGIN PRIVATE KEY` (PKCS#8)",
            )),
        }
    }

    /// Reads a PKCS#1 `RSAPrivateKey` in DER.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, BuildError> {
        RsaKeyPair::from_der(der).map(Self::wrap).map_err(|e| rejected(&e))
    }

    /// Reads a PKCS#8 `PrivateKeyInfo` (unencrypted) holding an RSA key, in DER.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, BuildError> {
        RsaKeyPair::from_pkcs8(der).map(Self::wrap).map_err(|e| rejected(&e))
    }

    fn wrap(pair: RsaKeyPair) -> Self {
        Self { pair: Arc::new(pair) }
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            pkcs1: self.pair.public().as_ref().to_vec(),
        }
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.pair.public().modulus_len() * 8
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 over SHA-256.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, BuildError> {
        let mut signature = vec![0; self.pair.public().modulus_len()];
        pkcs1_sign(&self.pair, message, &mut signature)
            .map_err(|_| BuildError::new(BuildErrorKind::SigningFailed, KEY_PARAM, "RSA signing failed"))?;
        Ok(signature)
    }
}

/// The single place a codec touches a random source. ring's RSA `sign`
/// takes a `&dyn SecureRandom` (a sealed trait: no fixed source can stand
/// in), but RSASSA-PKCS1-v1_5 output is deterministic: the signature is a
/// function of the key and the message only, as the SDK vectors prove.
#[expect(
    clippy::disallowed_types,
    clippy::disallowed_methods,
    reason = "ring's RSA sign requires a SecureRandom; PKCS#1 v1.5 signatures are deterministic, so the output does not depend on it"
)]
pub(super) fn pkcs1_sign(pair: &RsaKeyPair, message: &[u8], out: &mut [u8]) -> Result<(), ring::error::Unspecified> {
    let rng = ring::rand::SystemRandom::new();
    pair.sign(&RSA_PKCS1_SHA256, &rng, message, out)
}

pub(super) fn rejected(e: &ring::error::KeyRejected) -> BuildError {
    // KeyRejected's description is a fixed phrase ("InvalidEncoding",
    // "TooSmall", ...): it never holds key material.
    BuildError::new(
        BuildErrorKind::InvalidKey,
        KEY_PARAM,
        format!("is not a usable RSA private key ({e})"),
    )
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("bits", &self.bits())
            .field("key", &signoff_core::REDACTED)
            .finish()
    }
}

/// An RSA public key, kept as a PKCS#1 `RSAPublicKey` in DER.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    pkcs1: Vec<u8>,
}

impl PublicKey {
    /// Parses a PEM public key: `BEGIN PUBLIC KEY` (SPKI, rsaEncryption) or
    /// `BEGIN RSA PUBLIC KEY` (PKCS#1). Errors name `public_key_pem`.
    pub fn from_pem(pem: &str) -> Result<Self, BuildError> {
        let block = parse_pem(PUBLIC_KEY_PARAM, pem)?;
        match block.label.as_str() {
            "PUBLIC KEY" => Self::from_spki_der(&block.der),
            "RSA PUBLIC KEY" => Self::from_pkcs1_der(&block.der),
            _ => Err(BuildError::new(
                BuildErrorKind::InvalidKey,
                PUBLIC_KEY_PARAM,
                "is not a PEM public key (`BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC KEY`)",
            )),
        }
    }

    /// Reads an SPKI `SubjectPublicKeyInfo` of an RSA key, in DER.
    pub fn from_spki_der(der: &[u8]) -> Result<Self, BuildError> {
        let pkcs1 = spki_to_pkcs1(der).ok_or_else(|| {
            BuildError::new(
                BuildErrorKind::InvalidKey,
                PUBLIC_KEY_PARAM,
                "is not an RSA SubjectPublicKeyInfo",
            )
        })?;
        Self::from_pkcs1_der(pkcs1)
    }

    /// Reads a PKCS#1 `RSAPublicKey`, in DER; a key outside
    /// [`MIN_KEY_BITS`]..=[`MAX_KEY_BITS`] is refused (`invalid_key`).
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, BuildError> {
        let bits = rsa_public_modulus_bits(der).ok_or_else(|| {
            BuildError::new(
                BuildErrorKind::InvalidKey,
                PUBLIC_KEY_PARAM,
                "is not a PKCS#1 RSAPublicKey",
            )
        })?;
        // The sizes the signer signs with and `verify_signature` checks: a
        // smaller key would parse here and then fail every verification as
        // a bad signature, which it is not.
        if !(MIN_KEY_BITS..=MAX_KEY_BITS).contains(&bits) {
            return Err(BuildError::new(
                BuildErrorKind::InvalidKey,
                PUBLIC_KEY_PARAM,
                format!("is a {bits}-bit RSA key: OCI signatures use keys of {MIN_KEY_BITS} to {MAX_KEY_BITS} bits"),
            ));
        }
        Ok(Self { pkcs1: der.to_vec() })
    }

    /// The PKCS#1 `RSAPublicKey` DER.
    pub fn pkcs1_der(&self) -> &[u8] {
        &self.pkcs1
    }

    /// Checks an RSASSA-PKCS1-v1_5 SHA-256 `signature` of `message` (keys
    /// of 2048 to 8192 bits).
    pub fn verify_signature(&self, message: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.pkcs1)
            .verify(message, signature)
            .map_err(|_| VerifyError::BadSignature)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("pkcs1_der_len", &self.pkcs1.len())
            .finish()
    }
}
