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

/// Which TLS failure: what a person fixes differs for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum TlsFailure {
    /// The server's certificate chains to no trusted root (an internal CA
    /// not given with `--cacert` or `ca_file`).
    UnknownIssuer,
    /// The certificate is not for the host name asked for.
    NameMismatch,
    /// The certificate has expired (or is not yet valid).
    Expired,
    /// Anything else in the handshake (protocol, a refused client
    /// certificate, an alert).
    Handshake,
}

impl TlsFailure {
    fn of(e: &rustls::Error) -> Self {
        use rustls::CertificateError as C;
        match e {
            rustls::Error::InvalidCertificate(c) => match c {
                C::UnknownIssuer => Self::UnknownIssuer,
                C::NotValidForName | C::NotValidForNameContext { .. } => Self::NameMismatch,
                C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. } => Self::Expired,
                _ => Self::Handshake,
            },
            _ => Self::Handshake,
        }
    }
}

/// A request that got no answer: the kind, for TLS which failure, and
/// ureq's sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TransportError {
    pub(crate) kind: TransportErrorKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) tls: Option<TlsFailure>,
    pub(crate) detail: String,
}

impl TransportError {
    /// Whether the request may never have reached the server, or its
    /// answer was lost: a retry is safe for a session-ending call (ending
    /// twice is answered as a dead session). DNS, TLS and protocol
    /// failures do not change on a retry.
    pub(crate) fn retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::ConnectionRefused | TransportErrorKind::Timeout | TransportErrorKind::Io
        )
    }

    /// Whether the request may have reached the server (its answer lost):
    /// anything but a refused connection.
    pub(crate) fn may_have_arrived(&self) -> bool {
        matches!(self.kind, TransportErrorKind::Timeout | TransportErrorKind::Io)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.detail)
    }
}

/// The rustls error somewhere inside an I/O error, when there is one.
fn rustls_inside(io: &std::io::Error) -> Option<&rustls::Error> {
    let mut inner: Option<&(dyn std::error::Error + 'static)> = io.get_ref().map(|e| e as _);
    while let Some(e) = inner {
        if let Some(r) = e.downcast_ref::<rustls::Error>() {
            return Some(r);
        }
        inner = e.source();
    }
    None
}

impl From<ureq::Error> for TransportError {
    fn from(e: ureq::Error) -> Self {
        use TransportErrorKind as K;
        // An I/O error may wrap ureq's own (a body read): unwrap it first.
        let e = match e {
            ureq::Error::Io(io) => ureq::Error::from(io),
            other => other,
        };
        let mut tls = None;
        let kind = match &e {
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => K::ConnectionRefused,
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => K::Timeout,
                // rustls reports handshake failures through the I/O layer.
                _ if rustls_inside(io).is_some() => {
                    tls = rustls_inside(io).map(TlsFailure::of);
                    K::Tls
                }
                std::io::ErrorKind::InvalidData => K::Protocol,
                _ if io.to_string().contains("lookup") => K::Dns,
                _ => K::Io,
            },
            ureq::Error::HostNotFound => K::Dns,
            ureq::Error::Timeout(_) | ureq::Error::BodyStalled => K::Timeout,
            ureq::Error::Rustls(r) => {
                tls = Some(TlsFailure::of(r));
                K::Tls
            }
            ureq::Error::Tls(_) | ureq::Error::Pem(_) | ureq::Error::TlsRequired => K::Tls,
            ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => K::Protocol,
            ureq::Error::ConnectionFailed => K::ConnectionRefused,
            _ => K::Io,
        };
        if kind == K::Tls && tls.is_none() {
            tls = Some(TlsFailure::Handshake);
        }
        Self {
            kind,
            tls,
            detail: e.to_string(),
        }
    }
}

/// What `send` trusts and presents: the platform's trust store and the
/// public web roots always, the CA files given (an internal CA), and a
/// client certificate for mutual TLS.
#[derive(Debug, Clone, Default)]
pub(crate) struct TlsSettings {
    /// PEM files of CA certificates to trust besides the defaults.
    pub(crate) ca_files: Vec<std::path::PathBuf>,
    /// A client certificate chain (PEM) and its private key (PEM).
    pub(crate) client: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

impl TlsSettings {
    /// The ureq TLS configuration; `Err` names the file that cannot be
    /// used (never its content).
    fn config(&self) -> Result<ureq::tls::TlsConfig, String> {
        use ureq::tls::{Certificate, ClientCert, PemItem, PrivateKey, RootCerts, TlsConfig};
        let read =
            |path: &std::path::Path| std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
        let mut roots: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .map(|der| Certificate::from_der(der.as_ref()).to_owned())
            .collect();
        // The platform's store: what it has (an unreadable store adds none).
        roots.extend(
            rustls_native_certs::load_native_certs()
                .certs
                .iter()
                .map(|der| Certificate::from_der(der.as_ref()).to_owned()),
        );
        for path in &self.ca_files {
            let pem = read(path)?;
            let before = roots.len();
            for item in ureq::tls::parse_pem(&pem) {
                match item {
                    Ok(PemItem::Certificate(c)) => roots.push(c.to_owned()),
                    Ok(_) => {}
                    Err(_) => return Err(format!("{}: not a PEM certificate file", path.display())),
                }
            }
            if roots.len() == before {
                return Err(format!("{}: holds no certificate", path.display()));
            }
        }
        let mut config = TlsConfig::builder().root_certs(RootCerts::new_with_certs(&roots));
        if let Some((cert, key)) = &self.client {
            let chain: Vec<Certificate<'static>> = ureq::tls::parse_pem(&read(cert)?)
                .filter_map(|i| match i {
                    Ok(PemItem::Certificate(c)) => Some(c.to_owned()),
                    _ => None,
                })
                .collect();
            if chain.is_empty() {
                return Err(format!("{}: holds no certificate", cert.display()));
            }
            let key_pem = read(key)?;
            let key = PrivateKey::from_pem(&key_pem)
                .map(|k| k.to_owned())
                .map_err(|_| format!("{}: not a PEM private key", key.display()))?;
            config = config.client_cert(Some(ClientCert::new_with_certs(&chain, key)));
        }
        Ok(config.build())
    }
}

/// A ureq agent configured for one-shot session-ending calls.
#[derive(Debug, Clone)]
pub(crate) struct Transport {
    agent: ureq::Agent,
    body_limit: usize,
}

impl Transport {
    /// The agent: a global timeout, no redirects, no status as an error,
    /// the TLS settings, and the proxy the environment names (`HTTPS_PROXY`,
    /// `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`), as ureq reads them.
    pub(crate) fn new(timeout: Duration, body_limit: usize, tls: &TlsSettings) -> Result<Self, String> {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .tls_config(tls.config()?)
            .user_agent(concat!("signoff/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Ok(Self { agent, body_limit })
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
            .map_err(|e| TransportError::from(ureq::Error::from(e)))?;
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
