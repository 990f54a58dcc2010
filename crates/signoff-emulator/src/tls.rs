//! TLS for the emulator: a certificate authority and a server certificate
//! generated at start (rcgen), served with rustls. A test or a user trusts
//! the CA (written out as PEM) and reaches the APIs over `https://`. The
//! settings also make the certificates a TLS client must refuse (another
//! name, expired) and can require a client certificate the same CA signed.

use std::fmt;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// The names the server certificate is for by default.
pub const DEFAULT_NAMES: [&str; 2] = ["127.0.0.1", "localhost"];

/// What the generated TLS identity looks like.
#[derive(Debug, Clone)]
pub struct TlsSettings {
    names: Vec<String>,
    expired: bool,
    client_certificates: bool,
}

impl Default for TlsSettings {
    fn default() -> Self {
        Self {
            names: DEFAULT_NAMES.iter().map(|n| (*n).to_owned()).collect(),
            expired: false,
            client_certificates: false,
        }
    }
}

impl TlsSettings {
    /// A certificate for 127.0.0.1 and localhost, valid now, no client
    /// certificate asked for.
    pub fn new() -> Self {
        Self::default()
    }

    /// The server certificate is for these names instead (IP addresses or
    /// DNS names): a client reaching 127.0.0.1 sees a name mismatch unless
    /// it is among them.
    pub fn names(mut self, names: &[&str]) -> Self {
        self.names = names.iter().map(|n| (*n).to_owned()).collect();
        self
    }

    /// The server certificate expired in 2001.
    pub fn expired(mut self) -> Self {
        self.expired = true;
        self
    }

    /// The server requires a client certificate signed by the generated
    /// CA (see [`TlsIdentity::client_certificate`]).
    pub fn require_client_certificate(mut self) -> Self {
        self.client_certificates = true;
        self
    }
}

/// Why a TLS identity could not be made.
#[derive(Debug, thiserror::Error)]
#[error("cannot make the emulator's TLS identity: {0}")]
pub struct TlsError(String);

/// A generated CA, the server certificate it signed and its key. The keys
/// never show in `Debug`.
pub struct TlsIdentity {
    ca_params: CertificateParams,
    ca_key: KeyPair,
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    server_chain: Vec<CertificateDer<'static>>,
    server_key: Vec<u8>,
    client_certificates: bool,
}

impl fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsIdentity")
            .field("ca_pem", &self.ca_pem)
            .field("server_key", &"[REDACTED]")
            .field("client_certificates", &self.client_certificates)
            .finish_non_exhaustive()
    }
}

fn err(e: impl fmt::Display) -> TlsError {
    TlsError(e.to_string())
}

impl TlsIdentity {
    /// Generates the CA and the server certificate.
    pub fn generate(settings: &TlsSettings) -> Result<Self, TlsError> {
        let ca_key = KeyPair::generate().map_err(err)?;
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "signoff emulator CA");
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_cert = ca_params.self_signed(&ca_key).map_err(err)?;
        let server_key = KeyPair::generate().map_err(err)?;
        let mut params = CertificateParams::new(settings.names.clone()).map_err(err)?;
        params.distinguished_name.push(DnType::CommonName, "signoff emulator");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        if settings.expired {
            params.not_before = rcgen::date_time_ymd(2000, 1, 1);
            params.not_after = rcgen::date_time_ymd(2001, 1, 1);
        }
        let issuer = Issuer::from_params(&ca_params, &ca_key);
        let server_cert = params.signed_by(&server_key, &issuer).map_err(err)?;
        Ok(Self {
            ca_pem: ca_cert.pem(),
            ca_der: ca_cert.der().clone(),
            server_chain: vec![server_cert.der().clone()],
            server_key: server_key.serialize_der(),
            ca_params,
            ca_key,
            client_certificates: settings.client_certificates,
        })
    }

    /// The CA certificate, PEM: what a client trusts.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// A client certificate the CA signed, and its private key, both PEM
    /// (the key is a secret: write it where only the client reads it).
    pub fn client_certificate(&self, name: &str) -> Result<(String, String), TlsError> {
        let key = KeyPair::generate().map_err(err)?;
        let mut params = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
        params.distinguished_name.push(DnType::CommonName, name);
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        let issuer = Issuer::from_params(&self.ca_params, &self.ca_key);
        let cert = params.signed_by(&key, &issuer).map_err(err)?;
        Ok((cert.pem(), key.serialize_pem()))
    }

    /// The rustls server configuration.
    pub(crate) fn server_config(&self) -> Result<Arc<rustls::ServerConfig>, TlsError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ServerConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(err)?;
        let builder = if self.client_certificates {
            let mut roots = rustls::RootCertStore::empty();
            roots.add(self.ca_der.clone()).map_err(err)?;
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(err)?;
            builder.with_client_cert_verifier(verifier)
        } else {
            builder.with_no_client_auth()
        };
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.server_key.clone()));
        let config = builder.with_single_cert(self.server_chain.clone(), key).map_err(err)?;
        Ok(Arc::new(config))
    }
}
