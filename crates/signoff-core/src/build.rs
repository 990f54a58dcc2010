//! Request-side mechanics: the build error, header values that cannot
//! inject, and the base URL every vendor path is joined to.

use std::fmt;

use http::HeaderValue;
use http::uri::{Authority, Scheme, Uri};

/// Why a builder refused its input. Each kind has a stable snake_case name
/// ([`BuildErrorKind::name`]) used by conformance cases and the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A required parameter was not given.
    MissingParam,
    /// A parameter was given but empty (or only whitespace).
    EmptyParam,
    /// A value that must travel in a header holds a character a header
    /// cannot carry (CR, LF, NUL, another control character, non-ASCII).
    InvalidHeaderValue,
    /// The base URL or endpoint is not an absolute `http`/`https` URL.
    InvalidBaseUrl,
    /// A parameter has a value the call does not accept.
    InvalidParam,
    /// The parameter set names a parameter the call does not know, or a
    /// value of the wrong type (registry input only).
    InvalidParams,
    /// The call needs exactly one selector (for example a session id or a
    /// user id) and none was given.
    MissingSelector,
    /// Parameters were given that exclude each other.
    ConflictingParams,
    /// A list parameter that needs at least one entry was empty.
    EmptyList,
    /// A key could not be read (bad PEM, not RSA, wrong passphrase).
    InvalidKey,
    /// A key form the codec does not support (for example an encrypted
    /// legacy PEM).
    UnsupportedKey,
    /// A date that is not an IMF-fixdate.
    InvalidDate,
    /// Signing failed.
    SigningFailed,
    /// The registry has no such call for this vendor.
    UnknownCall,
}

impl BuildErrorKind {
    /// The stable snake_case name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::MissingParam => "missing_param",
            Self::EmptyParam => "empty_param",
            Self::InvalidHeaderValue => "invalid_header_value",
            Self::InvalidBaseUrl => "invalid_base_url",
            Self::InvalidParam => "invalid_param",
            Self::InvalidParams => "invalid_params",
            Self::MissingSelector => "missing_selector",
            Self::ConflictingParams => "conflicting_params",
            Self::EmptyList => "empty_list",
            Self::InvalidKey => "invalid_key",
            Self::UnsupportedKey => "unsupported_key",
            Self::InvalidDate => "invalid_date",
            Self::SigningFailed => "signing_failed",
            Self::UnknownCall => "unknown_call",
        }
    }
}

impl fmt::Display for BuildErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A builder's refusal: the kind, the parameter it concerns, and a sentence.
///
/// The sentence never quotes a secret parameter's value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{param}: {detail} ({kind})")]
pub struct BuildError {
    kind: BuildErrorKind,
    param: String,
    detail: String,
}

impl BuildError {
    /// A new error about `param`.
    pub fn new(kind: BuildErrorKind, param: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            kind,
            param: param.into(),
            detail: detail.into(),
        }
    }

    /// The error's kind.
    pub fn kind(&self) -> BuildErrorKind {
        self.kind
    }

    /// The parameter concerned (snake_case, as in the vendor's params).
    pub fn param(&self) -> &str {
        &self.param
    }

    /// A human sentence.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// `missing_param` for `param`.
    pub fn missing(param: &str) -> Self {
        Self::new(BuildErrorKind::MissingParam, param, "is required")
    }

    /// The value a builder was given for `param`, or `missing_param`.
    pub fn required<T>(param: &str, value: Option<T>) -> Result<T, Self> {
        value.ok_or_else(|| Self::missing(param))
    }
}

/// Makes a header value from caller input, refusing anything that could
/// end the header or smuggle another one: CR, LF, NUL, every other ASCII
/// control except horizontal tab, DEL, and non-ASCII bytes. Empty and
/// all-whitespace values are refused as `empty_param`.
///
/// The message names the parameter and the offending byte's position, never
/// the value (it may be a secret).
pub fn header_value(param: &str, value: &str, sensitive: bool) -> Result<HeaderValue, BuildError> {
    if value.trim().is_empty() {
        return Err(BuildError::new(BuildErrorKind::EmptyParam, param, "must not be empty"));
    }
    if value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']) {
        return Err(BuildError::new(
            BuildErrorKind::InvalidHeaderValue,
            param,
            "has leading or trailing whitespace, which receivers strip: the server would see another value",
        ));
    }
    if let Some(pos) = value.bytes().position(|b| !(b == b'\t' || (0x20..0x7f).contains(&b))) {
        return Err(BuildError::new(
            BuildErrorKind::InvalidHeaderValue,
            param,
            format!("byte {pos} cannot stand in an HTTP header value (control or non-ASCII character)"),
        ));
    }
    let mut hv = HeaderValue::from_str(value).map_err(|_| {
        BuildError::new(
            BuildErrorKind::InvalidHeaderValue,
            param,
            "cannot stand in an HTTP header value",
        )
    })?;
    hv.set_sensitive(sensitive);
    Ok(hv)
}

/// Where a request goes: its URI under a [`BaseUrl`], and the `host`
/// header naming it.
#[derive(Debug, Clone)]
pub struct Target {
    uri: Uri,
    host: HeaderValue,
}

impl Target {
    /// The URI.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// A request asking for JSON: `method` on the URI with `host`,
    /// `accept: application/json`, the `headers` given (each validated
    /// where it was made), and `body`, labelled `content-type:
    /// application/json` when it is not empty.
    pub fn json_request(
        &self,
        method: http::Method,
        headers: &[(http::HeaderName, &HeaderValue)],
        body: bytes::Bytes,
    ) -> http::Request<bytes::Bytes> {
        let json = Accept::Json.header_value();
        let mut request = http::Request::new(body);
        *request.method_mut() = method;
        *request.uri_mut() = self.uri.clone();
        let map = request.headers_mut();
        map.insert(http::header::HOST, self.host.clone());
        map.insert(http::header::ACCEPT, json.clone());
        if !request.body().is_empty() {
            request.headers_mut().insert(http::header::CONTENT_TYPE, json);
        }
        for (name, value) in headers {
            request.headers_mut().insert(name.clone(), (*value).clone());
        }
        request
    }
}

/// The parameters of a login by user name and password, as data (unknown
/// keys are refused): what the registry and cases give a vendor's login
/// call.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialParams {
    /// The server root.
    pub base_url: String,
    /// The user name.
    pub username: String,
    /// The password.
    pub password: crate::Secret,
}

/// What every login takes of a user name and a password, in whatever form
/// they travel: a user name that is not blank and holds no control
/// character, a non-empty password (any characters: it is never parsed).
pub fn check_credentials(username: &str, password: &crate::Secret) -> Result<(), BuildError> {
    if username.trim().is_empty() {
        return Err(BuildError::new(
            BuildErrorKind::EmptyParam,
            "username",
            "must not be empty",
        ));
    }
    plain_text("username", username)?;
    if password.is_empty() {
        return Err(BuildError::new(
            BuildErrorKind::EmptyParam,
            "password",
            "must not be empty",
        ));
    }
    Ok(())
}

/// `Basic base64(username:password)` over the UTF-8 bytes (standard
/// alphabet, padded), as a sensitive header value; the intermediate strings
/// live in [`Secret`](crate::Secret)s so they are wiped. An empty username, one with a
/// control character or a `:` (Basic splits user and password at the first
/// `:`), and an empty password are refused; any other password is safe,
/// since base64 leaves nothing to inject.
///
/// ```
/// use signoff_core::{Secret, basic_authorization};
/// let v = basic_authorization("admin", &Secret::new("secret")).unwrap();
/// assert_eq!(v, "Basic YWRtaW46c2VjcmV0");
/// assert!(v.is_sensitive());
/// ```
pub fn basic_authorization(username: &str, password: &crate::Secret) -> Result<HeaderValue, BuildError> {
    use base64::Engine as _;
    check_credentials(username, password)?;
    if username.contains(':') {
        return Err(BuildError::new(
            BuildErrorKind::InvalidParam,
            "username",
            "must not contain ':' (Basic authentication splits user and password at the first ':')",
        ));
    }
    let mut pair = String::with_capacity(username.len() + 1 + password.expose().len());
    pair.push_str(username);
    pair.push(':');
    pair.push_str(password.expose());
    let pair = crate::Secret::new(pair);
    let mut value = String::with_capacity(6 + pair.expose().len().div_ceil(3) * 4);
    value.push_str("Basic ");
    base64::engine::general_purpose::STANDARD.encode_string(pair.expose().as_bytes(), &mut value);
    let value = crate::Secret::new(value);
    header_value("password", value.expose(), true)
}

/// Refuses an empty value and any control character (CR, LF, NUL, ...) in
/// a value that travels in a URI or a body.
pub fn plain_text(param: &str, value: &str) -> Result<(), BuildError> {
    if value.is_empty() {
        return Err(BuildError::new(BuildErrorKind::EmptyParam, param, "must not be empty"));
    }
    if let Some(pos) = value.chars().position(char::is_control) {
        return Err(BuildError::new(
            BuildErrorKind::InvalidParam,
            param,
            format!("character {pos} is a control character"),
        ));
    }
    Ok(())
}

/// An absolute `http`/`https` base URL with an optional path prefix and no
/// query or fragment; vendor paths are joined to it with exactly one `/`.
///
/// ```
/// use signoff_core::BaseUrl;
/// let base = BaseUrl::parse("base_url", "https://h:8443/webconsole/api/").unwrap();
/// assert_eq!(base.join("Sessions", None).unwrap().to_string(), "https://h:8443/webconsole/api/Sessions");
/// assert_eq!(base.authority(), "h:8443");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    scheme: Scheme,
    authority: Authority,
    prefix: String,
}

impl BaseUrl {
    /// Parses `value`, reporting errors against `param`. Only what makes a
    /// valid request line and `Host` header is accepted: scheme `http` or
    /// `https`; a host that is a DNS name (letters, digits, hyphens and the
    /// underscores internal names and the AIS page's `ais_server_url` use,
    /// labels of 1-63, at most 253 in all), a dotted IPv4 address or a
    /// bracketed IPv6 address; a port of 1-65535 in decimal digits; a path
    /// of RFC 3986 segments (`%` always followed by two hex digits, no `.`
    /// or `..` segment, no empty segment inside); no user information,
    /// query or fragment. A refusal names what is wrong.
    pub fn parse(param: &str, value: &str) -> Result<Self, BuildError> {
        Self::parse_str(param, value)
    }

    /// [`BaseUrl::parse`] of a builder's value, `missing_param` when it
    /// was not given.
    pub fn required(param: &str, value: Option<&str>) -> Result<Self, BuildError> {
        Self::parse_str(param, BuildError::required(param, value)?)
    }

    fn parse_str(param: &str, value: &str) -> Result<Self, BuildError> {
        let bad = |why: String| BuildError::new(BuildErrorKind::InvalidBaseUrl, param, why);
        let value = value.trim();
        if value.is_empty() {
            return Err(BuildError::new(BuildErrorKind::EmptyParam, param, "must not be empty"));
        }
        if let Some(pos) = value.bytes().position(|b| b.is_ascii_control() || b == b' ') {
            return Err(bad(format!("byte {pos} is a space or a control character")));
        }
        if value.contains(['?', '#']) {
            return Err(bad("must not carry a query or fragment".into()));
        }
        let Some((scheme, rest)) = value.split_once("://") else {
            return Err(bad("needs a scheme (http:// or https://)".into()));
        };
        let scheme = if scheme.eq_ignore_ascii_case("http") {
            Scheme::HTTP
        } else if scheme.eq_ignore_ascii_case("https") {
            Scheme::HTTPS
        } else {
            return Err(bad("scheme must be http or https".into()));
        };
        let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        if authority.contains('@') {
            return Err(bad("must not carry user information (user@host)".into()));
        }
        check_authority(authority).map_err(bad)?;
        check_path(path).map_err(bad)?;
        let authority: Authority = authority.parse().map_err(|_| {
            bad(format!(
                "the host and port {} are not a valid authority",
                shown(authority)
            ))
        })?;
        let prefix = path.trim_end_matches('/').to_owned();
        Ok(Self {
            scheme,
            authority,
            prefix,
        })
    }

    /// The authority (`host[:port]`) exactly as given: the value of the
    /// `Host` header a transport sends.
    pub fn authority(&self) -> &str {
        self.authority.as_str()
    }

    /// The path prefix without a trailing slash (empty for none).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The [`Target`] of `path` (and `query`) under this base: its URI and
    /// its `host` header.
    pub fn target(&self, path: &str, query: Option<&str>) -> Result<Target, BuildError> {
        Ok(Target {
            uri: self.join(path, query)?,
            host: header_value("base_url", self.authority(), false)?,
        })
    }

    /// Joins `path` (with or without a leading `/`) and an already encoded
    /// query (without `?`).
    pub fn join(&self, path: &str, query: Option<&str>) -> Result<Uri, BuildError> {
        let path = path.trim_start_matches('/');
        let mut pq = String::with_capacity(self.prefix.len() + path.len() + 2);
        pq.push_str(&self.prefix);
        pq.push('/');
        pq.push_str(path);
        if let Some(q) = query {
            pq.push('?');
            pq.push_str(q);
        }
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(pq)
            .build()
            .map_err(|e| BuildError::new(BuildErrorKind::InvalidBaseUrl, "base_url", e.to_string()))
    }
}

/// A piece of a refused base URL, for the sentence: bounded, escaped.
fn shown(piece: &str) -> String {
    let short: String = piece.chars().take(100).collect();
    format!("{:?}", short)
}

/// Checks `host[:port]` (see [`BaseUrl::parse`]).
fn check_authority(authority: &str) -> Result<(), String> {
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let Some((ip, after)) = inner.split_once(']') else {
            return Err(format!("the bracketed host {} is not closed", shown(authority)));
        };
        if ip.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!("the bracketed host {} is not an IPv6 address", shown(ip)));
        }
        match after {
            "" => (ip, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (ip, Some(port)),
                None => return Err(format!("{} follows the bracketed host", shown(after))),
            },
        }
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) if port.contains(':') => {
                return Err(format!(
                    "the host {} has several colons: an IPv6 address goes in brackets, http://[::1]:8080",
                    shown(host)
                ));
            }
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        check_host(host)?;
        (host, port)
    };
    if host.is_empty() {
        return Err("needs a host".into());
    }
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !valid {
            return Err(format!("the port {} is not a number from 1 to 65535", shown(port)));
        }
    }
    Ok(())
}

/// Checks a host that is not bracketed: a DNS name or a dotted IPv4
/// address.
fn check_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("needs a host".into());
    }
    if !host.is_ascii() {
        return Err(format!(
            "the host {} is not ASCII: give an internationalized name in its punycode form (xn--...)",
            shown(host)
        ));
    }
    if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return match host.parse::<std::net::Ipv4Addr>() {
            Ok(_) => Ok(()),
            Err(_) => Err(format!("the host {} is not a valid IPv4 address", shown(host))),
        };
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    if name.len() > 253 {
        return Err("the host name is longer than 253 characters".into());
    }
    for label in name.split('.') {
        let valid = (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !valid {
            return Err(format!(
                "the host {} is not a valid name: its label {} must be 1-63 letters, digits, underscores or inner hyphens",
                shown(host),
                shown(label)
            ));
        }
    }
    Ok(())
}

/// Checks a base path: RFC 3986 segments, `%` followed by two hex digits,
/// no `.` or `..` segment (spelled plainly or percent-encoded), no empty
/// segment but a trailing one.
fn check_path(path: &str) -> Result<(), String> {
    let trimmed = path.trim_end_matches('/');
    let Some(inner) = trimmed.strip_prefix('/') else {
        return Ok(());
    };
    for segment in inner.split('/') {
        if segment.is_empty() {
            return Err(format!("the path {} has an empty segment (//)", shown(path)));
        }
        let bytes = segment.as_bytes();
        let mut i = 0;
        let mut decoded = Vec::with_capacity(bytes.len());
        while let Some(&b) = bytes.get(i) {
            if b == b'%' {
                let hex = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit));
                let Some(hex) = hex else {
                    return Err(format!(
                        "the path segment {} has a % not followed by two hex digits",
                        shown(segment)
                    ));
                };
                let text = std::str::from_utf8(hex).unwrap_or("00");
                decoded.push(u8::from_str_radix(text, 16).unwrap_or(0));
                i += 3;
            } else if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
                decoded.push(b);
                i += 1;
            } else {
                return Err(format!(
                    "the path segment {} holds a character a URL cannot carry unencoded (percent-encode it)",
                    shown(segment)
                ));
            }
        }
        if decoded == b"." || decoded == b".." {
            return Err(format!(
                "the path has a {} segment: give the path it stands for",
                shown(segment)
            ));
        }
    }
    Ok(())
}

/// The bytes left unencoded in a query component: only the RFC 3986
/// unreserved set (`A-Z a-z 0-9 - . _ ~`). Space becomes `%20`, `+` `%2B`.
pub const QUERY_COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a query component with [`QUERY_COMPONENT`].
pub fn encode_query_component(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, QUERY_COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_value_refuses_injection() {
        for bad in ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\0b", "a\x7fb", "é", "a\x01"] {
            let e = header_value("token", bad, true).unwrap_err();
            assert_eq!(e.kind(), BuildErrorKind::InvalidHeaderValue, "{bad:?}");
            assert!(!e.to_string().contains(bad));
        }
        for padded in ["QSDK ", " 044MyjuQ", "tok\t", "\ttok"] {
            let e = header_value("token", padded, true).unwrap_err();
            assert_eq!(e.kind(), BuildErrorKind::InvalidHeaderValue, "{padded:?}");
        }
        assert!(header_value("token", "QSDK 3856 x", true).is_ok());
        for empty in ["", "  ", "\t"] {
            assert_eq!(
                header_value("token", empty, true).unwrap_err().kind(),
                BuildErrorKind::EmptyParam
            );
        }
        let ok = header_value("token", "QSDK 12+/=ab\tc", true).unwrap();
        assert!(ok.is_sensitive());
        assert_eq!(format!("{ok:?}"), "Sensitive");
    }

    #[test]
    fn base_url_joins_with_one_slash() {
        for b in ["https://h/api", "https://h/api/", "https://h/api//"] {
            let base = BaseUrl::parse("base_url", b).unwrap();
            assert_eq!(
                base.join("/Sessions", None).unwrap().to_string(),
                "https://h/api/Sessions"
            );
        }
        let base = BaseUrl::parse("base_url", "https://h/a%20b/~x;v=1").unwrap();
        assert_eq!(base.join("S", None).unwrap().to_string(), "https://h/a%20b/~x;v=1/S");
        let base = BaseUrl::parse("base_url", "http://[::1]:8080/api").unwrap();
        assert_eq!(base.authority(), "[::1]:8080");
        let base = BaseUrl::parse("base_url", "http://h:14100").unwrap();
        assert_eq!(
            base.join("a/b", Some("x=1")).unwrap().to_string(),
            "http://h:14100/a/b?x=1"
        );
        assert_eq!(base.authority(), "h:14100");
    }

    #[test]
    fn base_url_accepts_valid_hosts_ports_and_paths() {
        for b in [
            "http://h",
            "HTTPS://h.example.com:1/",
            "http://h:65535/a",
            "http://10.0.0.1:8080/x",
            "http://[2001:db8::1]/",
            "http://[::ffff:10.0.0.1]:443",
            "http://xn--bcher-kva.example/",
            "http://h.example.com./oam/services/",
            "http://h/a%2Fb/c.d/..e/~x",
            "http://h:0080/",
            "https://ais_server_url",
        ] {
            let base = BaseUrl::parse("base_url", b).unwrap_or_else(|e| panic!("{b}: {e}"));
            let uri = base.join("x", None).unwrap();
            assert!(uri.to_string().ends_with("/x"), "{b}");
        }
        let e = BaseUrl::parse("base_url", "http://b\u{fc}cher.example/").unwrap_err();
        assert!(e.detail().contains("xn--"), "{e}");
        let e = BaseUrl::parse("base_url", "http://h:99999/").unwrap_err();
        assert!(e.detail().contains("port"), "{e}");
    }

    proptest::proptest! {
        /// A base URL that parses joins into a request line with no dot
        /// segment and no stray `%`, whose URI reads back the same.
        #[test]
        fn what_parses_makes_a_valid_request_line(b in "https?://([a-z0-9.:\\[\\]-]{0,12})(/[a-zA-Z0-9%.~:_-]{0,6}){0,3}/?") {
            if let Ok(base) = BaseUrl::parse("base_url", &b) {
                let uri = base.join("x", None).unwrap();
                let text = uri.to_string();
                proptest::prop_assert_eq!(text.parse::<Uri>().unwrap().to_string(), text.clone());
                let path = uri.path();
                proptest::prop_assert!(!path.split('/').any(|s| s == "." || s == ".."), "{}", text);
                let bytes = path.as_bytes();
                for (i, &c) in bytes.iter().enumerate() {
                    if c == b'%' {
                        proptest::prop_assert!(bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)), "{}", text);
                    }
                }
                if let Some(port) = uri.port_u16() {
                    proptest::prop_assert!(port >= 1);
                }
            }
        }
    }

    #[test]
    fn base_url_refuses_what_is_not_a_base() {
        for (b, kind) in [
            ("", BuildErrorKind::EmptyParam),
            ("h/api", BuildErrorKind::InvalidBaseUrl),
            ("ftp://h", BuildErrorKind::InvalidBaseUrl),
            ("https://h/?q=1", BuildErrorKind::InvalidBaseUrl),
            ("https://u:p@h/", BuildErrorKind::InvalidBaseUrl),
            ("https://h/a b", BuildErrorKind::InvalidBaseUrl),
            ("https://h/a\r\nb", BuildErrorKind::InvalidBaseUrl),
            ("https://h.example.com/erp\u{e9}", BuildErrorKind::InvalidBaseUrl),
            ("https://h.example.com/{erp}|x", BuildErrorKind::InvalidBaseUrl),
            ("https://h/[a]", BuildErrorKind::InvalidBaseUrl),
            ("https://h/a\"b", BuildErrorKind::InvalidBaseUrl),
            ("https://h\u{e9}.example.com/", BuildErrorKind::InvalidBaseUrl),
            ("http://h:", BuildErrorKind::InvalidBaseUrl),
            ("http://h:0", BuildErrorKind::InvalidBaseUrl),
            ("http://h:65536", BuildErrorKind::InvalidBaseUrl),
            ("http://h:+80", BuildErrorKind::InvalidBaseUrl),
            ("http://h:8o", BuildErrorKind::InvalidBaseUrl),
            ("http://h:123456", BuildErrorKind::InvalidBaseUrl),
            ("http://[h]:80", BuildErrorKind::InvalidBaseUrl),
            ("http://[::1%25eth0]/", BuildErrorKind::InvalidBaseUrl),
            ("http://[::1/", BuildErrorKind::InvalidBaseUrl),
            ("http://[::1]x/", BuildErrorKind::InvalidBaseUrl),
            ("http://::1/", BuildErrorKind::InvalidBaseUrl),
            ("http:///api", BuildErrorKind::InvalidBaseUrl),
            ("http://:80/", BuildErrorKind::InvalidBaseUrl),
            ("http://-h.example.com/", BuildErrorKind::InvalidBaseUrl),
            ("http://h..example.com/", BuildErrorKind::InvalidBaseUrl),
            ("http://256.1.1.1/", BuildErrorKind::InvalidBaseUrl),
            ("http://1.2.3/", BuildErrorKind::InvalidBaseUrl),
            ("http://h/a%zz", BuildErrorKind::InvalidBaseUrl),
            ("http://h/a%2", BuildErrorKind::InvalidBaseUrl),
            ("http://h/a%", BuildErrorKind::InvalidBaseUrl),
            ("http://h/../x", BuildErrorKind::InvalidBaseUrl),
            ("http://h/a/./x", BuildErrorKind::InvalidBaseUrl),
            ("http://h/a/%2e%2E", BuildErrorKind::InvalidBaseUrl),
            ("http://h/a/..", BuildErrorKind::InvalidBaseUrl),
            ("http://h//a", BuildErrorKind::InvalidBaseUrl),
            ("http://b\u{fc}cher.example/", BuildErrorKind::InvalidBaseUrl),
        ] {
            assert_eq!(BaseUrl::parse("base_url", b).unwrap_err().kind(), kind, "{b:?}");
        }
    }

    #[test]
    fn query_component_encodes_all_but_unreserved() {
        assert_eq!(
            encode_query_component("a|b+c=d/e f&g#h?i%j~k-l.m_n"),
            "a%7Cb%2Bc%3Dd%2Fe%20f%26g%23h%3Fi%25j~k-l.m_n"
        );
    }

    #[test]
    fn basic_authorization_encodes_utf8_and_refuses_what_basic_cannot_carry() {
        let v = basic_authorization("jörg", &crate::Secret::new("pä:ss\r\n\0")).unwrap();
        assert_eq!(v, "Basic asO2cmc6cMOkOnNzDQoA");
        assert_eq!(format!("{v:?}"), "Sensitive");
        let kind = |u: &str, p: &str| basic_authorization(u, &crate::Secret::new(p)).unwrap_err().kind();
        assert_eq!(kind("a:b", "p"), BuildErrorKind::InvalidParam);
        assert_eq!(kind("a\nb", "p"), BuildErrorKind::InvalidParam);
        assert_eq!(kind("", "p"), BuildErrorKind::EmptyParam);
        assert_eq!(kind("a", ""), BuildErrorKind::EmptyParam);
    }

    #[test]
    fn plain_text_refuses_controls() {
        assert!(plain_text("id", "abc").is_ok());
        assert_eq!(plain_text("id", "").unwrap_err().kind(), BuildErrorKind::EmptyParam);
        assert_eq!(
            plain_text("id", "a\nb").unwrap_err().kind(),
            BuildErrorKind::InvalidParam
        );
    }

    #[test]
    fn kinds_have_stable_names() {
        assert_eq!(BuildErrorKind::MissingSelector.name(), "missing_selector");
        assert_eq!(BuildErrorKind::InvalidHeaderValue.to_string(), "invalid_header_value");
    }
}

/// The response media type a caller asks for with `Accept`.
///
/// Deserializes from `"application/json"`, `"application/xml"` (any case,
/// parameters ignored) or the short forms `"json"` and `"xml"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Accept {
    /// `application/json`.
    #[default]
    Json,
    /// `application/xml`.
    Xml,
}

impl Accept {
    /// The header value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Xml => "application/xml",
        }
    }

    /// The header value as a [`HeaderValue`].
    pub const fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(self.as_str())
    }

    /// Parses a media type or short form.
    pub fn parse(param: &str, value: &str) -> Result<Self, BuildError> {
        let essence = value.split(';').next().unwrap_or("").trim();
        if essence.eq_ignore_ascii_case("application/json") || essence.eq_ignore_ascii_case("json") {
            Ok(Self::Json)
        } else if essence.eq_ignore_ascii_case("application/xml") || essence.eq_ignore_ascii_case("xml") {
            Ok(Self::Xml)
        } else {
            Err(BuildError::new(
                BuildErrorKind::InvalidParam,
                param,
                "must be application/json or application/xml",
            ))
        }
    }
}

impl<'de> serde::Deserialize<'de> for Accept {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse("accept", &s).map_err(|e| serde::de::Error::custom(e.detail()))
    }
}

#[cfg(test)]
mod accept_tests {
    use super::*;

    #[test]
    fn accept_parses_media_types_and_short_forms() {
        assert_eq!(Accept::parse("accept", "Application/XML; q=1").unwrap(), Accept::Xml);
        assert_eq!(Accept::parse("accept", "json").unwrap(), Accept::Json);
        assert_eq!(
            Accept::parse("accept", "text/html").unwrap_err().kind(),
            BuildErrorKind::InvalidParam
        );
        assert_eq!(Accept::default().as_str(), "application/json");
    }
}
