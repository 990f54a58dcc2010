//! The server side: parsing a `Signature` authorization and verifying it.

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::header::AUTHORIZATION;
use http::{HeaderMap, Request};

use super::*;

/// Why a request's signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// No `Authorization` header.
    #[error("the request has no authorization header")]
    MissingAuthorization,
    /// The `Authorization` header is not a well-formed `Signature`.
    #[error("the authorization header is not a well-formed Signature: {0}")]
    MalformedAuthorization(&'static str),
    /// `algorithm` is not `rsa-sha256`.
    #[error("algorithm {0:?} is not rsa-sha256")]
    UnsupportedAlgorithm(String),
    /// `version` is not `1`.
    #[error("signature version {0:?} is not 1")]
    UnsupportedVersion(String),
    /// A header the method requires is not in the signed list.
    #[error("header {0} is required for this method but is not signed")]
    UnsignedRequiredHeader(String),
    /// A signed header cannot be read from the request.
    #[error(transparent)]
    SignedHeader(#[from] SigningStringError),
    /// `x-content-sha256` is not the SHA-256 of the body.
    #[error("x-content-sha256 is not the SHA-256 of the body")]
    BodyDigestMismatch,
    /// `content-length` is not the body's length.
    #[error("content-length is not the length of the body")]
    ContentLengthMismatch,
    /// The `signature` parameter is not base64.
    #[error("the signature parameter is not base64")]
    SignatureEncoding,
    /// The signature does not verify with the key.
    #[error("the signature does not verify with this key")]
    BadSignature,
    /// The signed date is not an HTTP date ([`verify_at`]).
    #[error("the signed date is not an HTTP date")]
    InvalidDate,
    /// The signed date is too far from `now` ([`verify_at`]).
    #[error("the signed date is {skew_secs} s from now, over the {max_secs} s allowed")]
    ClockSkew {
        /// How far, in whole seconds.
        skew_secs: u64,
        /// The allowed skew, in whole seconds.
        max_secs: u64,
    },
}

/// The parameters of a `Signature` authorization header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignatureHeader {
    /// `keyId`: for API keys `{tenancy}/{user}/{fingerprint}`; a server
    /// picks the public key by it.
    pub key_id: String,
    /// `algorithm`, when present.
    pub algorithm: Option<String>,
    /// `headers`, lower-cased, in order (`["date"]` when absent, as the
    /// draft says).
    pub headers: Vec<String>,
    /// `signature`, base64 as sent.
    pub signature: String,
    /// `version`, when present.
    pub version: Option<String>,
}

/// Parses an `Authorization: Signature k="v",...` value (parameters in any
/// order, unknown ones ignored, duplicates refused, bounded).
pub fn parse_authorization(value: &str) -> Result<SignatureHeader, VerifyError> {
    use VerifyError::MalformedAuthorization as Bad;
    if value.len() > MAX_AUTHORIZATION_LEN {
        return Err(Bad("longer than 8 KiB"));
    }
    let (scheme, params) = value.trim().split_once(' ').ok_or(Bad("no parameters"))?;
    if !scheme.eq_ignore_ascii_case("Signature") {
        return Err(Bad("the scheme is not Signature"));
    }
    let (mut key_id, mut algorithm, mut headers, mut signature, mut version) = (None, None, None, None, None);
    let mut rest = params.trim();
    let mut count = 0;
    while !rest.is_empty() {
        count += 1;
        if count > 16 {
            return Err(Bad("too many parameters"));
        }
        let (name, after) = rest.split_once('=').ok_or(Bad("a parameter has no value"))?;
        let after = after
            .trim_start()
            .strip_prefix('"')
            .ok_or(Bad("a value is not quoted"))?;
        let (val, after) = after.split_once('"').ok_or(Bad("a quoted value is not closed"))?;
        let mut ignored = None;
        let slot = match name.trim() {
            "keyId" => &mut key_id,
            "algorithm" => &mut algorithm,
            "headers" => &mut headers,
            "signature" => &mut signature,
            "version" => &mut version,
            _ => &mut ignored,
        };
        if slot.is_some() {
            return Err(Bad("a parameter appears twice"));
        }
        *slot = Some(val.to_owned());
        rest = after.trim_start();
        if !rest.is_empty() {
            rest = rest
                .strip_prefix(',')
                .ok_or(Bad("parameters are not separated by commas"))?
                .trim_start();
        }
    }
    let headers = headers.map_or_else(
        || vec!["date".to_owned()],
        |h| h.split_ascii_whitespace().map(str::to_ascii_lowercase).collect(),
    );
    Ok(SignatureHeader {
        key_id: key_id.ok_or(Bad("no keyId"))?,
        algorithm,
        headers,
        signature: signature.ok_or(Bad("no signature"))?,
        version,
    })
}

/// Verifies a signed request with `public_key`: parses its
/// `Authorization`, checks that every header [`headers_to_sign`] requires
/// for the method is signed (`x-date` standing for `date`), that
/// `x-content-sha256` and `content-length`, when signed, match the body,
/// rebuilds the [`signing_string`] from the request's own headers and
/// checks the signature.
///
/// It reads no clock, so it does not check the date: see [`verify_at`].
/// It does not check `keyId` either: pick the key by
/// [`parse_authorization`]'s `key_id` first.
pub fn verify<B: AsRef<[u8]>>(public_key: &PublicKey, request: &Request<B>) -> Result<(), VerifyError> {
    let header = authorization_of(request)?;
    if let Some(a) = &header.algorithm
        && !a.eq_ignore_ascii_case(ALGORITHM)
    {
        return Err(VerifyError::UnsupportedAlgorithm(a.chars().take(64).collect()));
    }
    if let Some(v) = &header.version
        && v != VERSION
    {
        return Err(VerifyError::UnsupportedVersion(v.chars().take(64).collect()));
    }
    let signed = |name: &str| header.headers.iter().any(|h| h == name);
    for &required in headers_to_sign(request.method()) {
        let ok = signed(required) || (required == "date" && signed(X_DATE));
        if !ok {
            return Err(VerifyError::UnsignedRequiredHeader(required.to_owned()));
        }
    }
    let body = request.body().as_ref();
    if signed(X_CONTENT_SHA256) {
        let sent = single_header(request.headers(), X_CONTENT_SHA256)?;
        if sent.trim() != body_digest(body) {
            return Err(VerifyError::BodyDigestMismatch);
        }
    }
    if signed("content-length") {
        let sent = single_header(request.headers(), "content-length")?;
        if sent.trim().parse::<usize>().ok() != Some(body.len()) {
            return Err(VerifyError::ContentLengthMismatch);
        }
    }
    let text = signing_string(request.method(), request.uri(), request.headers(), &header.headers)?;
    if header.signature.len() > 4096 {
        return Err(VerifyError::SignatureEncoding);
    }
    let signature = STANDARD
        .decode(header.signature.as_bytes())
        .map_err(|_| VerifyError::SignatureEncoding)?;
    public_key.verify_signature(text.as_bytes(), &signature)
}

/// [`verify`], then checks that the signed date (`x-date` when signed,
/// else `date`) is within `max_skew` of `now` (OCI allows 5 minutes).
/// The time is the caller's: this crate reads no clock.
pub fn verify_at<B: AsRef<[u8]>>(
    public_key: &PublicKey,
    request: &Request<B>,
    now: SystemTime,
    max_skew: Duration,
) -> Result<(), VerifyError> {
    verify(public_key, request)?;
    let header = authorization_of(request)?;
    let name = if header.headers.iter().any(|h| h == X_DATE) {
        X_DATE
    } else {
        "date"
    };
    let sent = single_header(request.headers(), name)?;
    let date = httpdate::parse_http_date(sent.trim()).map_err(|_| VerifyError::InvalidDate)?;
    let skew = date
        .duration_since(now)
        .or_else(|_| now.duration_since(date))
        .unwrap_or(Duration::MAX);
    if skew > max_skew {
        return Err(VerifyError::ClockSkew {
            skew_secs: skew.as_secs(),
            max_secs: max_skew.as_secs(),
        });
    }
    Ok(())
}

pub(super) fn authorization_of<B>(request: &Request<B>) -> Result<SignatureHeader, VerifyError> {
    let mut values = request.headers().get_all(AUTHORIZATION).iter();
    let value = values.next().ok_or(VerifyError::MissingAuthorization)?;
    if values.next().is_some() {
        return Err(VerifyError::MalformedAuthorization(
            "more than one authorization header",
        ));
    }
    let value = value
        .to_str()
        .map_err(|_| VerifyError::MalformedAuthorization("not visible ASCII"))?;
    parse_authorization(value)
}

pub(super) fn single_header<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, VerifyError> {
    let mut values = headers.get_all(name).iter();
    let value = values
        .next()
        .ok_or_else(|| SigningStringError::Missing(name.to_owned()))?;
    if values.next().is_some() {
        return Err(SigningStringError::Repeated(name.to_owned()).into());
    }
    value
        .to_str()
        .map_err(|_| SigningStringError::NotText(name.to_owned()).into())
}
