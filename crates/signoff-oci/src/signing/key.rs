//! The RSA keys: [`PrivateKey`] parsed once and shared, [`PublicKey`] for
//! verifying.

use std::fmt;
use std::sync::Arc;

use signoff_core::{BuildError, BuildErrorKind};

use super::backend::{self, KeyPair};

use super::*;

/// The smallest RSA key signed with or verified, in bits.
pub const MIN_KEY_BITS: usize = 2048;

/// The largest RSA key signed with or verified, in bits.
pub const MAX_KEY_BITS: usize = 8192;

/// An RSA private key, parsed once and shared by clones (an `Arc`). Its
/// `Debug` shows the modulus size, never the key.
#[derive(Clone)]
pub struct PrivateKey {
    pair: Arc<KeyPair>,
}

impl PrivateKey {
    /// Parses a PEM RSA key: PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8
    /// (`BEGIN PRIVATE KEY`), 2048 to 8192 bits.
    ///
    /// Refused: an encrypted key (`BEGIN ENCRYPTED PRIVATE KEY`, or a
    /// `Proc-Type: 4,ENCRYPTED` header) and other PEM kinds are
    /// `unsupported_key`; bad PEM, a key that is not RSA or that the
    /// backend rejects is `invalid_key`. Errors name the parameter
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
        backend::from_pkcs1(der).map(Self::wrap).map_err(|e| rejected(&e))
    }

    /// Reads a PKCS#8 `PrivateKeyInfo` (unencrypted) holding an RSA key, in DER.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, BuildError> {
        backend::from_pkcs8(der).map(Self::wrap).map_err(|e| rejected(&e))
    }

    fn wrap(pair: KeyPair) -> Self {
        Self { pair: Arc::new(pair) }
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            pkcs1: backend::public_pkcs1(&self.pair),
        }
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        backend::modulus_len(&self.pair) * 8
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 over SHA-256.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, BuildError> {
        let mut signature = vec![0; backend::modulus_len(&self.pair)];
        backend::sign(&self.pair, message, &mut signature)
            .map_err(|_| BuildError::new(BuildErrorKind::SigningFailed, KEY_PARAM, "RSA signing failed"))?;
        Ok(signature)
    }
}

pub(super) fn rejected(e: &backend::Rejected) -> BuildError {
    // The backend's phrase ("InvalidEncoding", "TooSmall", ...) never holds
    // key material, but it differs between backends: the refusal says the
    // same thing whichever is built.
    let phrase = e.to_string();
    let why = if phrase.contains("TooSmall") {
        "smaller than 2048 bits"
    } else if phrase.contains("TooLarge") {
        "larger than 8192 bits"
    } else {
        "it does not parse as one"
    };
    BuildError::new(
        BuildErrorKind::InvalidKey,
        KEY_PARAM,
        format!("is not a usable RSA private key ({why})"),
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
        if backend::verify(&self.pkcs1, message, signature) {
            Ok(())
        } else {
            Err(VerifyError::BadSignature)
        }
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("pkcs1_der_len", &self.pkcs1.len())
            .finish()
    }
}
