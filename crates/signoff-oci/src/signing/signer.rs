//! [`Signer`]: a key id plus a key, completing and signing any request.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, DATE, HOST};
use http::{HeaderMap, HeaderValue, Method, Request, Uri};
use signoff_core::{BuildError, BuildErrorKind, header_value};

use super::*;

/// Signs OCI-style requests: a key id and a parsed [`PrivateKey`]. Cheap to
/// clone; its `Debug` shows an API key's key id, redacts a session token's
/// and always redacts the key.
#[derive(Clone)]
pub struct Signer {
    key_id: String,
    /// Whether the key id holds a session token (`ST$...`), a secret.
    session: bool,
    key: PrivateKey,
}

/// The key id prefix of a session token (`oci session authenticate`).
pub const SESSION_TOKEN_PREFIX: &str = "ST$";

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key_id = if self.session {
            format!("{SESSION_TOKEN_PREFIX}{}", signoff_core::REDACTED)
        } else {
            self.key_id.clone()
        };
        f.debug_struct("Signer")
            .field("key_id", &key_id)
            .field("key", &self.key)
            .finish()
    }
}

/// Refuses what would break `keyId="..."` or a naive parser of it: quotes,
/// backslashes, commas, whitespace (and, within one part, `/`).
pub(super) fn key_id_part(param: &str, value: &str, slash_ok: bool) -> Result<(), BuildError> {
    header_value(param, value, false)?;
    if let Some(c) = value
        .chars()
        .find(|&c| c == '"' || c == ',' || c == '\\' || c.is_whitespace() || (!slash_ok && c == '/'))
    {
        let what = match c {
            '"' => "a double quote",
            ',' => "a comma",
            '\\' => "a backslash",
            '/' => "a slash (it separates the parts of the signature's keyId)",
            _ => "whitespace",
        };
        return Err(BuildError::new(
            BuildErrorKind::InvalidParam,
            param,
            format!("must not contain {what}"),
        ));
    }
    Ok(())
}

impl Signer {
    /// A signer for API-key authentication: the key id is
    /// `{tenancy_ocid}/{user_ocid}/{fingerprint}`.
    ///
    /// Each part must stand in a header and must not hold `"`, `,`, `\`,
    /// `/` or whitespace (`invalid_param`).
    pub fn new(tenancy_ocid: &str, user_ocid: &str, fingerprint: &str, key: PrivateKey) -> Result<Self, BuildError> {
        key_id_part("tenancy_ocid", tenancy_ocid, false)?;
        key_id_part("user_ocid", user_ocid, false)?;
        key_id_part("fingerprint", fingerprint, false)?;
        Ok(Self {
            key_id: format!("{tenancy_ocid}/{user_ocid}/{fingerprint}"),
            session: false,
            key,
        })
    }

    /// A signer with a ready key id (other OCI key id forms, such as a
    /// session token's `ST$...`). It must not hold `"`, `,`, `\` or
    /// whitespace.
    pub fn with_key_id(key_id: &str, key: PrivateKey) -> Result<Self, BuildError> {
        key_id_part("key_id", key_id, true)?;
        Ok(Self {
            key_id: key_id.to_owned(),
            session: key_id.starts_with(SESSION_TOKEN_PREFIX),
            key,
        })
    }

    /// A signer for a session token, the form `oci session authenticate`
    /// leaves behind (its `security_token_file` and the session's own
    /// key): the key id is `ST${token}`. The token is a secret: `Debug`
    /// redacts it, and a refusal names `security_token` without quoting it.
    pub fn session_token(token: &signoff_core::Secret, key: PrivateKey) -> Result<Self, BuildError> {
        let token = token.expose().trim();
        if token.is_empty() {
            return Err(BuildError::new(
                BuildErrorKind::EmptyParam,
                "security_token",
                "must not be empty",
            ));
        }
        key_id_part("security_token", token, true)?;
        Ok(Self {
            key_id: format!("{SESSION_TOKEN_PREFIX}{token}"),
            session: true,
            key,
        })
    }

    /// The key id (for a session token, the token itself: a secret).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The key.
    pub fn key(&self) -> &PrivateKey {
        &self.key
    }

    /// Completes and signs `request` in place:
    ///
    /// - `date` when given (an IMF-fixdate, checked: `invalid_date`);
    ///   without it the request must already carry a `date` header
    ///   (`missing_param`);
    /// - `host` from the URI's authority, port kept, unless the request
    ///   has one;
    /// - for POST, PUT and PATCH: `x-content-sha256` and `content-length`
    ///   computed from the body (replacing any given), and
    ///   `content-type: application/json` when there is none;
    /// - `authorization`: `Signature algorithm="rsa-sha256",headers="...",
    ///   keyId="...",signature="...",version="1"`, in the `oci` Python
    ///   SDK's parameter order, marked sensitive.
    pub fn sign<B: AsRef<[u8]>>(&self, request: &mut Request<B>, date: Option<&str>) -> Result<(), BuildError> {
        if let Some(date) = date {
            parse_date("date", date)?;
            request.headers_mut().insert(DATE, header_value("date", date, false)?);
        }
        if !request.headers().contains_key(DATE) {
            return Err(BuildError::new(
                BuildErrorKind::MissingParam,
                "date",
                "is required: pass it or set the request's date header",
            ));
        }
        if !request.headers().contains_key(HOST) {
            let authority = request
                .uri()
                .authority()
                .map(|a| a.as_str().to_owned())
                .ok_or_else(|| {
                    BuildError::new(
                        BuildErrorKind::InvalidParam,
                        "uri",
                        "the request has no host header and its URI no authority",
                    )
                })?;
            let host = header_value("host", &authority, false)?;
            request.headers_mut().insert(HOST, host);
        }
        if has_body(request.method()) {
            let body = request.body().as_ref();
            let digest = HeaderValue::try_from(body_digest(body)).map_err(|_| signing_failed())?;
            let length = HeaderValue::from(body.len());
            let headers = request.headers_mut();
            headers.insert(X_CONTENT_SHA256, digest);
            headers.insert(CONTENT_LENGTH, length);
            if !headers.contains_key(CONTENT_TYPE) {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(DEFAULT_CONTENT_TYPE));
            }
        }
        let authorization = self.authorization(request.method(), request.uri(), request.headers())?;
        request.headers_mut().insert(AUTHORIZATION, authorization);
        Ok(())
    }

    /// The `Authorization` value for a request whose headers are complete
    /// (see [`Signer::sign`]), marked sensitive.
    pub fn authorization(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Result<HeaderValue, BuildError> {
        let names = headers_to_sign(method);
        let text = signing_string(method, uri, headers, names).map_err(|e| {
            let kind = match e {
                SigningStringError::Missing(_) => BuildErrorKind::MissingParam,
                _ => BuildErrorKind::InvalidHeaderValue,
            };
            let param = match &e {
                SigningStringError::Missing(h) | SigningStringError::Repeated(h) | SigningStringError::NotText(h) => {
                    h.clone()
                }
            };
            BuildError::new(kind, param, e.to_string())
        })?;
        let signature = STANDARD.encode(self.key.sign(text.as_bytes())?);
        let value = format!(
            "Signature algorithm=\"{ALGORITHM}\",headers=\"{}\",keyId=\"{}\",signature=\"{signature}\",version=\"{VERSION}\"",
            names.join(" "),
            self.key_id,
        );
        header_value("authorization", &value, true)
    }
}

pub(super) fn signing_failed() -> BuildError {
    BuildError::new(
        BuildErrorKind::SigningFailed,
        "authorization",
        "could not build a header value",
    )
}
