//! The blocking transport of `signoff send`: ureq (rustls with ring),
//! no redirects followed (a 3xx is an answer for the codec to decode), no
//! status treated as an error (a 4xx/5xx is the vendor's answer), a global
//! timeout, a bounded body read, and typed failures.

use std::fmt;
use std::io::Read as _;
use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;

/// Why no answer came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum TransportErrorKind {
    /// Nothing listens at the address (connection refused).
    ConnectionRefused,
    /// The host name does not resolve.
    Dns,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// The timeout passed before the answer was read.
    Timeout,
    /// The server's answer is not HTTP/1.1 ureq can read.
    Protocol,
    /// Any other I/O failure (reset, broken pipe, unreachable network).
    Io,
}

impl TransportErrorKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::ConnectionRefused => "connection_refused",
            Self::Dns => "dns",
            Self::Tls => "tls",
            Self::Timeout => "timeout",
            Self::Protocol => "protocol",
            Self::Io => "io",
        }
    }
}

/// A request that got no answer: the kind and ureq's sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TransportError {
    pub(crate) kind: TransportErrorKind,
    pub(crate) detail: String,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.detail)
    }
}

impl From<ureq::Error> for TransportError {
    fn from(e: ureq::Error) -> Self {
        use TransportErrorKind as K;
        let kind = match &e {
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => K::ConnectionRefused,
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => K::Timeout,
                // rustls reports handshake failures through the I/O layer.
                _ if io.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) => K::Tls,
                _ if io.to_string().contains("lookup") => K::Dns,
                _ => K::Io,
            },
            ureq::Error::HostNotFound => K::Dns,
            ureq::Error::Timeout(_) => K::Timeout,
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) | ureq::Error::TlsRequired => K::Tls,
            ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) | ureq::Error::BodyStalled => K::Protocol,
            ureq::Error::ConnectionFailed => K::ConnectionRefused,
            _ => K::Io,
        };
        Self {
            kind,
            detail: e.to_string(),
        }
    }
}

/// A ureq agent configured for one-shot session-ending calls.
#[derive(Debug, Clone)]
pub(crate) struct Transport {
    agent: ureq::Agent,
    body_limit: usize,
}

impl Transport {
    pub(crate) fn new(timeout: Duration, body_limit: usize) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("signoff/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Self { agent, body_limit }
    }

    /// Sends the codec's request as built and reads the answer, at most
    /// `body_limit + 1` bytes of body (enough for the codec to say
    /// `body_too_large`, never an unbounded buffer).
    pub(crate) fn send(&self, request: &http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        let response = if request.body().is_empty() {
            self.agent.run(request.clone().map(|_| ()))
        } else {
            self.agent.run(request.clone().map(|b| b.to_vec()))
        }?;
        let (parts, body) = response.into_parts();
        let cap = u64::try_from(self.body_limit).unwrap_or(u64::MAX).saturating_add(1);
        let mut buf = Vec::new();
        body.into_reader()
            .take(cap)
            .read_to_end(&mut buf)
            .map_err(|e| TransportError::from(ureq::Error::Io(e)))?;
        Ok(http::Response::from_parts(parts, Bytes::from(buf)))
    }
}

/// The response as HTTP/1.1 text for `--verbose`: status line, headers
/// (`set-cookie` redacted unless `reveal`), a blank line, a bounded
/// excerpt of the body.
pub(crate) fn render_response(response: &http::Response<Bytes>, reveal: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let status = response.status();
    let _ = write!(
        out,
        "HTTP/1.1 {} {}\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    for (name, value) in response.headers() {
        let shown = if name == http::header::SET_COOKIE && !reveal {
            signoff::core::REDACTED.to_owned()
        } else {
            String::from_utf8_lossy(value.as_bytes()).into_owned()
        };
        let _ = write!(out, "{name}: {shown}\r\n");
    }
    out.push_str("\r\n");
    out.push_str(&signoff::core::excerpt(response.body()));
    out
}
