//! The signing string: the exact text that is signed.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::{HeaderMap, Method, Uri};

use super::*;

/// A header the signing string needs cannot be read from the request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SigningStringError {
    /// The header is not in the request.
    #[error("header {0} is to be signed but is not in the request")]
    Missing(String),
    /// The header appears more than once.
    #[error("header {0} appears more than once")]
    Repeated(String),
    /// The header's value is not visible ASCII.
    #[error("header {0} holds a byte that cannot be signed (not visible ASCII)")]
    NotText(String),
}

/// The signing string of a request: one `name: value` line per name of
/// `signed_headers`, in that order, joined by `\n` (no trailing newline).
///
/// `(request-target)` is the lower-case method, a space and the path with
/// query exactly as in `uri`; any other name is a header of `headers`
/// (names compared without case, written lower-case), its value with
/// surrounding spaces and tabs removed, as a server reads it.
///
/// ```
/// use signoff_oci::signing::{GENERIC_HEADERS, signing_string};
/// let mut headers = http::HeaderMap::new();
/// headers.insert("date", "Mon, 23 Nov 2026 22:00:00 GMT".parse().unwrap());
/// headers.insert("host", "h:8443".parse().unwrap());
/// let uri: http::Uri = "https://h:8443/20160918/logout".parse().unwrap();
/// let s = signing_string(&http::Method::DELETE, &uri, &headers, GENERIC_HEADERS).unwrap();
/// assert_eq!(s, "date: Mon, 23 Nov 2026 22:00:00 GMT\n(request-target): delete /20160918/logout\nhost: h:8443");
/// ```
pub fn signing_string<S: AsRef<str>>(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    signed_headers: &[S],
) -> Result<String, SigningStringError> {
    let mut lines = Vec::with_capacity(signed_headers.len());
    for name in signed_headers {
        let name = name.as_ref().to_ascii_lowercase();
        if name == REQUEST_TARGET {
            let target = uri.path_and_query().map_or("/", |pq| pq.as_str());
            lines.push(format!(
                "{REQUEST_TARGET}: {} {target}",
                method.as_str().to_ascii_lowercase()
            ));
            continue;
        }
        let mut values = headers.get_all(name.as_str()).iter();
        let value = values.next().ok_or_else(|| SigningStringError::Missing(name.clone()))?;
        if values.next().is_some() {
            return Err(SigningStringError::Repeated(name));
        }
        let value = value
            .to_str()
            .ok()
            .filter(|v| v.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)))
            .ok_or_else(|| SigningStringError::NotText(name.clone()))?;
        lines.push(format!("{name}: {}", value.trim_matches([' ', '\t'])));
    }
    Ok(lines.join("\n"))
}

pub(super) fn body_digest(body: &[u8]) -> String {
    STANDARD.encode(super::backend::sha256(body))
}
