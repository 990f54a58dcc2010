//! PEM and the little DER an RSA key needs: armour, base64, SPKI to
//! PKCS#1.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use signoff_core::{BuildError, BuildErrorKind};
use zeroize::Zeroizing;

use super::*;

/// One PEM block: its label, whether RFC 1421 headers mark it encrypted,
/// and the decoded DER (wiped on drop).
pub(super) struct Pem {
    pub(super) label: String,
    pub(super) encrypted: bool,
    pub(super) der: Zeroizing<Vec<u8>>,
}

/// Reads the first PEM block of `text`. Errors name `param` and never
/// quote the text.
pub(super) fn parse_pem(param: &str, text: &str) -> Result<Pem, BuildError> {
    let invalid = |why: &str| BuildError::new(BuildErrorKind::InvalidKey, param, why.to_owned());
    if text.trim().is_empty() {
        return Err(BuildError::new(BuildErrorKind::EmptyParam, param, "must not be empty"));
    }
    if text.len() > MAX_PEM_LEN {
        return Err(invalid("is longer than 64 KiB: not a PEM key"));
    }
    let (_, after_begin) = text
        .split_once("-----BEGIN ")
        .ok_or_else(|| invalid("is not PEM: no \"-----BEGIN\" line"))?;
    let (label, rest) = after_begin
        .split_once("-----")
        .ok_or_else(|| invalid("is not PEM: the BEGIN line is not closed"))?;
    if label.is_empty()
        || label.len() > 64
        || !label
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b' ' || b.is_ascii_digit())
    {
        return Err(invalid("is not PEM: the BEGIN line's label is not a PEM label"));
    }
    let end = format!("-----END {label}-----");
    let (body, _) = rest
        .split_once(end.as_str())
        .ok_or_else(|| invalid("is not PEM: no END line matching the BEGIN line"))?;
    let mut encrypted = false;
    let mut b64 = Zeroizing::new(String::with_capacity(body.len()));
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            // RFC 1421 encapsulated headers (Proc-Type, DEK-Info).
            if name.trim().eq_ignore_ascii_case("Proc-Type") && value.to_ascii_uppercase().contains("ENCRYPTED") {
                encrypted = true;
            }
            continue;
        }
        b64.push_str(line);
    }
    if encrypted {
        // Never decode: the body is ciphertext.
        return Ok(Pem {
            label: label.to_owned(),
            encrypted,
            der: Zeroizing::new(Vec::new()),
        });
    }
    let der = STANDARD
        .decode(b64.as_bytes())
        .map_err(|_| invalid("is not PEM: the body between BEGIN and END is not base64"))?;
    Ok(Pem {
        label: label.to_owned(),
        encrypted,
        der: Zeroizing::new(der),
    })
}

/// One DER element: tag, contents, and what follows it. Definite lengths
/// of up to four bytes only; everything bounded by the input.
pub(super) fn der_element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let (len_bytes, rest) = rest.split_at(n);
        let len = len_bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, rest)
    };
    if rest.len() < len {
        return None;
    }
    let (contents, after) = rest.split_at(len);
    Some((tag, contents, after))
}

pub(super) const DER_SEQUENCE: u8 = 0x30;
pub(super) const DER_INTEGER: u8 = 0x02;
pub(super) const DER_BIT_STRING: u8 = 0x03;
pub(super) const DER_OID: u8 = 0x06;
pub(super) const DER_NULL: u8 = 0x05;
/// 1.2.840.113549.1.1.1, rsaEncryption.
pub(super) const RSA_ENCRYPTION_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/// The PKCS#1 `RSAPublicKey` inside an SPKI `SubjectPublicKeyInfo` whose
/// algorithm is rsaEncryption.
pub(super) fn spki_to_pkcs1(der: &[u8]) -> Option<&[u8]> {
    let (tag, spki, rest) = der_element(der)?;
    if tag != DER_SEQUENCE || !rest.is_empty() {
        return None;
    }
    let (tag, algorithm, rest) = der_element(spki)?;
    if tag != DER_SEQUENCE {
        return None;
    }
    let (tag, oid, params) = der_element(algorithm)?;
    if tag != DER_OID || oid != RSA_ENCRYPTION_OID {
        return None;
    }
    if !params.is_empty() && params != [DER_NULL, 0x00] {
        return None;
    }
    let (tag, bits, rest) = der_element(rest)?;
    if tag != DER_BIT_STRING || !rest.is_empty() {
        return None;
    }
    match bits.split_first() {
        Some((0, key)) => Some(key),
        _ => None,
    }
}

/// The modulus size in bits of a PKCS#1 `RSAPublicKey` (a SEQUENCE of two
/// INTEGERs and nothing else); `None` for anything else.
pub(super) fn rsa_public_modulus_bits(der: &[u8]) -> Option<usize> {
    let Some((DER_SEQUENCE, seq, rest)) = der_element(der) else {
        return None;
    };
    let Some((DER_INTEGER, modulus, after_n)) = der_element(seq) else {
        return None;
    };
    let Some((DER_INTEGER, _, after_e)) = der_element(after_n) else {
        return None;
    };
    if !(rest.is_empty() && after_e.is_empty()) {
        return None;
    }
    let significant = modulus
        .iter()
        .position(|&b| b != 0)
        .map(|i| modulus.get(i..).unwrap_or_default())?;
    let first = significant.first()?;
    Some((significant.len() - 1) * 8 + (8 - first.leading_zeros() as usize))
}
