//! The RSA and SHA-256 primitives, from the one backend the crate is built
//! with: aws-lc-rs (the default: the fastest constant-time RSA signature on
//! the machines measured, at OpenSSL's speed) or ring (the `ring` feature,
//! without the default ones: no C to build). Both give byte-identical
//! PKCS#1 v1.5 signatures; the SDK vectors run under either.

#[cfg(feature = "aws-lc")]
use aws_lc_rs as crypto;
#[cfg(all(feature = "ring", not(feature = "aws-lc")))]
use ring as crypto;

#[cfg(not(any(feature = "aws-lc", feature = "ring")))]
compile_error!("signoff-oci needs a signing backend: the `aws-lc` feature (the default) or `ring`");

use crypto::signature::{RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, UnparsedPublicKey};

/// A parsed RSA key pair.
pub(crate) type KeyPair = crypto::signature::RsaKeyPair;

/// Why a key was refused: a fixed phrase ("InvalidEncoding", "TooSmall",
/// ...), never key material.
pub(crate) type Rejected = crypto::error::KeyRejected;

/// The backend's name, for figures and docs.
pub const BACKEND: &str = if cfg!(feature = "aws-lc") { "aws-lc-rs" } else { "ring" };

/// A PKCS#1 `RSAPrivateKey`, DER.
pub(crate) fn from_pkcs1(der: &[u8]) -> Result<KeyPair, Rejected> {
    KeyPair::from_der(der)
}

/// A PKCS#8 `PrivateKeyInfo` holding an RSA key, DER.
pub(crate) fn from_pkcs8(der: &[u8]) -> Result<KeyPair, Rejected> {
    KeyPair::from_pkcs8(der)
}

/// The modulus length in bytes.
pub(crate) fn modulus_len(pair: &KeyPair) -> usize {
    #[cfg(feature = "aws-lc")]
    {
        pair.public_modulus_len()
    }
    #[cfg(not(feature = "aws-lc"))]
    {
        pair.public().modulus_len()
    }
}

/// The public half as a PKCS#1 `RSAPublicKey`, DER.
pub(crate) fn public_pkcs1(pair: &KeyPair) -> Vec<u8> {
    #[cfg(feature = "aws-lc")]
    {
        use crypto::signature::KeyPair as _;
        pair.public_key().as_ref().to_vec()
    }
    #[cfg(not(feature = "aws-lc"))]
    {
        pair.public().as_ref().to_vec()
    }
}

/// The single place a codec touches a random source. Both backends' RSA
/// `sign` take a `&dyn SecureRandom` (a sealed trait: no fixed source can
/// stand in), but RSASSA-PKCS1-v1_5 output is deterministic: the signature
/// is a function of the key and the message only, as the SDK vectors prove.
#[expect(
    clippy::disallowed_types,
    clippy::disallowed_methods,
    reason = "RSA sign requires a SecureRandom; PKCS#1 v1.5 signatures are deterministic, so the output does not depend on it"
)]
pub(crate) fn sign(pair: &KeyPair, message: &[u8], out: &mut [u8]) -> Result<(), crypto::error::Unspecified> {
    let rng = crypto::rand::SystemRandom::new();
    pair.sign(&RSA_PKCS1_SHA256, &rng, message, out)
}

/// Whether `signature` is RSASSA-PKCS1-v1_5/SHA-256 of `message` under the
/// PKCS#1 public key `pkcs1` (2048 to 8192 bits).
pub(crate) fn verify(pkcs1: &[u8], message: &[u8], signature: &[u8]) -> bool {
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, pkcs1)
        .verify(message, signature)
        .is_ok()
}

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> impl AsRef<[u8]> {
    crypto::digest::digest(&crypto::digest::SHA256, data)
}
