//! Building the signed logout request.

use std::time::SystemTime;

use bytes::Bytes;
use http::header::{ACCEPT, DATE, HOST};
use http::{HeaderMap, HeaderValue, Method, Request, Uri};
use serde::Deserialize;
use signoff_core::{BaseUrl, BuildError, BuildErrorKind, Secret, header_value};

use crate::signing::{self, GENERIC_HEADERS, PrivateKey, Signer};

/// The logout path, joined to the endpoint (after its path prefix, if any).
pub const LOGOUT_PATH: &str = "/20160918/logout";

/// The tracing header, sent when the caller gives a request id, and the
/// header the server's own request id comes back in.
pub const OPC_REQUEST_ID: &str = "opc-request-id";

/// The logout call's parameters as data (the registry and conformance
/// cases use this; unknown keys are refused).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogoutParams {
    /// The Compute Enclave endpoint: scheme, host, optional port, optional
    /// path prefix, e.g. `https://iaas.enclave.example.com`.
    pub endpoint: String,
    /// The tenancy OCID (first part of the signature's key id; not with
    /// `security_token`).
    #[serde(default)]
    pub tenancy_ocid: Option<String>,
    /// The user OCID (second part).
    #[serde(default)]
    pub user_ocid: Option<String>,
    /// The API key's fingerprint, `aa:bb:...` (third part).
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// A session token (what `oci session authenticate` writes to its
    /// `security_token_file`), instead of the three parts: the key id is
    /// then `ST${token}`, signed with the session's key.
    #[serde(default)]
    pub security_token: Option<Secret>,
    /// The RSA private key, PEM (PKCS#1 or PKCS#8, not encrypted).
    pub private_key_pem: Secret,
    /// A passphrase: accepted for an unencrypted key (and ignored);
    /// encrypted keys are refused with `unsupported_key` regardless.
    #[serde(default)]
    pub passphrase: Option<Secret>,
    /// The `date` header, an IMF-fixdate (`Mon, 23 Nov 2026 22:00:00 GMT`):
    /// the codec has no clock.
    pub date: String,
    /// Sent as `opc-request-id`, for tracing.
    #[serde(default)]
    pub opc_request_id: Option<String>,
}

impl LogoutParams {
    /// Validates the parameters (parsing the key) and signs the request.
    pub fn build(self) -> Result<Logout, BuildError> {
        let mut b = Logout::builder()
            .endpoint(self.endpoint)
            .private_key_pem(self.private_key_pem)
            .date(self.date);
        b.tenancy_ocid = self.tenancy_ocid;
        b.user_ocid = self.user_ocid;
        b.fingerprint = self.fingerprint;
        b.security_token = self.security_token;
        if let Some(p) = self.passphrase {
            b = b.passphrase(p);
        }
        if let Some(id) = self.opc_request_id {
            b = b.opc_request_id(id);
        }
        b.build()
    }
}

/// A validated, signed logout call. Its `Debug` shows the authorization as
/// `Sensitive`.
#[derive(Debug, Clone)]
pub struct Logout {
    uri: Uri,
    headers: HeaderMap,
}

impl Logout {
    /// A builder.
    pub fn builder() -> LogoutBuilder {
        LogoutBuilder::default()
    }

    /// The request: `DELETE {endpoint}/20160918/logout` with `date`,
    /// `host`, `accept: application/json`, `opc-request-id` when given and
    /// `authorization` (signed over `date (request-target) host`, marked
    /// sensitive); no body, no `content-type`.
    pub fn to_request(&self) -> Request<Bytes> {
        let mut request = Request::new(Bytes::new());
        *request.method_mut() = Method::DELETE;
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        request
    }

    /// The text that was signed.
    pub fn signing_string(&self) -> String {
        signing::signing_string(&Method::DELETE, &self.uri, &self.headers, GENERIC_HEADERS).unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
enum DateInput {
    Text(String),
    Time(SystemTime),
}

/// Builds a [`Logout`]; [`LogoutBuilder::build`] validates everything and
/// signs.
///
/// Give either the key id parts and the key (`tenancy_ocid`, `user_ocid`,
/// `fingerprint`, `private_key_pem`: the key is parsed on each build) or a
/// ready [`Signer`] (parsed once, reused across builds).
#[derive(Debug, Clone, Default)]
pub struct LogoutBuilder {
    endpoint: Option<String>,
    tenancy_ocid: Option<String>,
    user_ocid: Option<String>,
    fingerprint: Option<String>,
    private_key_pem: Option<Secret>,
    passphrase: Option<Secret>,
    security_token: Option<Secret>,
    signer: Option<Signer>,
    date: Option<DateInput>,
    opc_request_id: Option<String>,
}

impl LogoutBuilder {
    signoff_core::setters! {
        /// The endpoint (scheme, host, optional port and path prefix).
        endpoint: String,
    }

    /// The tenancy OCID.
    pub fn tenancy_ocid(mut self, ocid: impl Into<String>) -> Self {
        self.tenancy_ocid = Some(ocid.into());
        self
    }

    /// The user OCID.
    pub fn user_ocid(mut self, ocid: impl Into<String>) -> Self {
        self.user_ocid = Some(ocid.into());
        self
    }

    signoff_core::setters! {
        /// The API key's fingerprint.
        fingerprint: String,
    }

    /// The PEM private key (PKCS#1 or PKCS#8, not encrypted).
    pub fn private_key_pem(mut self, pem: impl Into<Secret>) -> Self {
        self.private_key_pem = Some(pem.into());
        self
    }

    signoff_core::setters! {
        /// A passphrase (ignored for an unencrypted key; encrypted keys are
        /// refused).
        passphrase: Secret,
        /// A session token, instead of the tenancy, user and fingerprint:
        /// the key id is then `ST${token}`.
        security_token: Secret,
    }

    /// A ready signer, instead of the key id parts and the key.
    pub fn signer(mut self, signer: Signer) -> Self {
        self.signer = Some(signer);
        self
    }

    /// The `date` header as an IMF-fixdate string.
    pub fn date(mut self, date: impl Into<String>) -> Self {
        self.date = Some(DateInput::Text(date.into()));
        self
    }

    /// The `date` header as a time (formatted as an IMF-fixdate, seconds).
    pub fn date_time(mut self, time: SystemTime) -> Self {
        self.date = Some(DateInput::Time(time));
        self
    }

    /// The `opc-request-id` to send.
    pub fn opc_request_id(mut self, id: impl Into<String>) -> Self {
        self.opc_request_id = Some(id.into());
        self
    }

    /// Validates and signs: an endpoint, a date (`missing_param` without
    /// one, `invalid_date` unless an IMF-fixdate), a signer or the parts of
    /// one (`conflicting_params` for both), header-safe values throughout.
    pub fn build(self) -> Result<Logout, BuildError> {
        let base = BaseUrl::required("endpoint", self.endpoint.as_deref())?;
        let date = match BuildError::required("date", self.date)? {
            DateInput::Text(text) => {
                signing::parse_date("date", &text)?;
                text
            }
            DateInput::Time(time) => signing::format_date("date", time)?,
        };
        let signer = match self.signer {
            Some(signer) => {
                let parts = [
                    ("tenancy_ocid", self.tenancy_ocid.is_some()),
                    ("user_ocid", self.user_ocid.is_some()),
                    ("fingerprint", self.fingerprint.is_some()),
                    ("private_key_pem", self.private_key_pem.is_some()),
                ];
                if let Some((name, _)) = parts.iter().find(|(_, given)| *given) {
                    return Err(BuildError::new(
                        BuildErrorKind::ConflictingParams,
                        *name,
                        "is given together with a signer: give one or the other",
                    ));
                }
                signer
            }
            None if self.security_token.is_some() => {
                let parts = [
                    ("tenancy_ocid", self.tenancy_ocid.is_some()),
                    ("user_ocid", self.user_ocid.is_some()),
                    ("fingerprint", self.fingerprint.is_some()),
                ];
                if let Some((name, _)) = parts.iter().find(|(_, given)| *given) {
                    return Err(BuildError::new(
                        BuildErrorKind::ConflictingParams,
                        *name,
                        "is given together with a security_token: a session token is its own key id",
                    ));
                }
                let pem = BuildError::required("private_key_pem", self.private_key_pem)?;
                let key = PrivateKey::from_pem(pem.expose())?;
                let token = BuildError::required("security_token", self.security_token)?;
                Signer::session_token(&token, key)?
            }
            None => {
                let tenancy = BuildError::required("tenancy_ocid", self.tenancy_ocid)?;
                let user = BuildError::required("user_ocid", self.user_ocid)?;
                let fingerprint = BuildError::required("fingerprint", self.fingerprint)?;
                let pem = self
                    .private_key_pem
                    .ok_or_else(|| BuildError::missing("private_key_pem"))?;
                // The passphrase is accepted and unused: an unencrypted key
                // needs none, an encrypted one is refused by `from_pem`.
                let _ = self.passphrase;
                let key = PrivateKey::from_pem(pem.expose())?;
                Signer::new(&tenancy, &user, &fingerprint, key)?
            }
        };
        let mut headers = HeaderMap::new();
        headers.insert(DATE, header_value("date", &date, false)?);
        headers.insert(HOST, header_value("endpoint", base.authority(), false)?);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(id) = self.opc_request_id {
            headers.insert(OPC_REQUEST_ID, header_value("opc_request_id", &id, false)?);
        }
        let uri = base.join(LOGOUT_PATH, None)?;
        let authorization = signer.authorization(&Method::DELETE, &uri, &headers)?;
        headers.insert(http::header::AUTHORIZATION, authorization);
        Ok(Logout { uri, headers })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::{PublicKey, verify};

    const KEY: &str = include_str!("../testdata/vector-key.pem");
    const DATE: &str = "Mon, 23 Nov 2026 22:00:00 GMT";
    const TENANCY: &str = "ocid1.tenancy.oc1..aaaaaaaatestenancy";
    const USER: &str = "ocid1.user.oc1..aaaaaaaatestuser";
    const FP: &str = "53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd";
    /// The first vector's Authorization, as the `oci` Python SDK wrote it.
    const SDK_AUTHORIZATION: &str = "Signature algorithm=\"rsa-sha256\",headers=\"date (request-target) host\",keyId=\"ocid1.tenancy.oc1..aaaaaaaatestenancy/ocid1.user.oc1..aaaaaaaatestuser/53:75:5d:7d:ef:ff:5b:63:7c:fd:33:87:a1:7f:03:cd\",signature=\"XshD2ZoBXCDHTFCVz1r7wSqzHRJ+rM7i4FQbv5zHZU2ElgPZpuibPgqntuc0i4bihFewTQmNzhX+AY3Of7b3O8Ducfw4R18zn3RtklOnfoP+RJgKNrGsNsVf9n7hL6mdHSQ8w8pZGa5MAORs4hYfMj2TMJJq52tMwzNv9xnGESHivGEujZ6isfspywHNj2RvsgYju/ETNUmUfsRIFQQU8y0DfuNsGdEDTRcOv6C3AkwKRUxPOV0n4Mv49lCD+TPymMd6E/lq8bZHJI9te54+qr2ZQs+lhILOP3tKs6C3YArbz+NPoRvE8dBxZXW6pQ4DGQzqcHvRVDjFucrAcpEiVQ==\",version=\"1\"";

    fn base() -> LogoutBuilder {
        Logout::builder()
            .endpoint("https://iaas.enclave.example.com")
            .tenancy_ocid(TENANCY)
            .user_ocid(USER)
            .fingerprint(FP)
            .private_key_pem(KEY)
            .date(DATE)
    }

    fn kind(b: LogoutBuilder) -> BuildErrorKind {
        b.build().unwrap_err().kind()
    }

    #[test]
    fn builds_the_first_vector_byte_for_byte() {
        let r = base().build().unwrap().to_request();
        assert_eq!(r.method(), Method::DELETE);
        assert_eq!(r.uri(), "https://iaas.enclave.example.com/20160918/logout");
        assert_eq!(r.headers()["date"], DATE);
        assert_eq!(r.headers()["host"], "iaas.enclave.example.com");
        assert_eq!(r.headers()["accept"], "application/json");
        assert_eq!(r.headers()["authorization"], SDK_AUTHORIZATION);
        assert!(r.headers()["authorization"].is_sensitive());
        for absent in ["content-type", "content-length", "x-content-sha256", "opc-request-id"] {
            assert!(r.headers().get(absent).is_none(), "{absent}");
        }
        assert!(r.body().is_empty());
        assert_eq!(
            base().build().unwrap().signing_string(),
            format!("date: {DATE}\n(request-target): delete /20160918/logout\nhost: iaas.enclave.example.com")
        );
    }

    #[test]
    fn the_params_struct_builds_the_same_request() {
        let p: LogoutParams = serde_json::from_value(serde_json::json!({
            "endpoint": "https://iaas.enclave.example.com/",
            "tenancy_ocid": TENANCY, "user_ocid": USER, "fingerprint": FP,
            "private_key_pem": KEY, "passphrase": "not-needed", "date": DATE,
        }))
        .unwrap();
        let r = p.build().unwrap().to_request();
        assert_eq!(r.headers()["authorization"], SDK_AUTHORIZATION);
        assert!(serde_json::from_value::<LogoutParams>(serde_json::json!({"endpoint": "x", "nope": 1})).is_err());
    }

    #[test]
    fn host_keeps_the_port_and_is_signed_with_it() {
        let r = base()
            .endpoint("https://iaas.enclave.example.com:8443/prefix/")
            .build()
            .unwrap();
        assert!(r.signing_string().ends_with("\nhost: iaas.enclave.example.com:8443"));
        assert!(
            r.signing_string()
                .contains("(request-target): delete /prefix/20160918/logout\n")
        );
        let r = r.to_request();
        assert_eq!(r.uri(), "https://iaas.enclave.example.com:8443/prefix/20160918/logout");
        assert_eq!(r.headers()["host"], "iaas.enclave.example.com:8443");
        let public = PublicKey::from_pem(include_str!("../testdata/vector-key-spki.pem")).unwrap();
        verify(&public, &r).unwrap();
        // Signed with the port: the same request with the port-less host fails.
        let mut moved = r.clone();
        moved
            .headers_mut()
            .insert(HOST, HeaderValue::from_static("iaas.enclave.example.com"));
        assert!(verify(&public, &moved).is_err());
    }

    #[test]
    fn opc_request_id_is_sent_unsigned() {
        let r = base().opc_request_id("trace-1").build().unwrap().to_request();
        assert_eq!(r.headers()["opc-request-id"], "trace-1");
        assert_eq!(r.headers()["authorization"], SDK_AUTHORIZATION);
    }

    #[test]
    fn a_system_time_date_is_formatted() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_471_200);
        let r = base().date_time(t).build().unwrap().to_request();
        assert_eq!(r.headers()["date"], DATE);
        assert_eq!(r.headers()["authorization"], SDK_AUTHORIZATION);
        let before = std::time::UNIX_EPOCH - std::time::Duration::from_secs(1);
        assert_eq!(kind(base().date_time(before)), BuildErrorKind::InvalidDate);
    }

    #[test]
    fn a_signer_is_reused_across_builds() {
        let signer = Signer::new(TENANCY, USER, FP, PrivateKey::from_pem(KEY).unwrap()).unwrap();
        for _ in 0..2 {
            let r = Logout::builder()
                .endpoint("https://iaas.enclave.example.com")
                .signer(signer.clone())
                .date(DATE)
                .build()
                .unwrap()
                .to_request();
            assert_eq!(r.headers()["authorization"], SDK_AUTHORIZATION);
        }
        assert_eq!(kind(base().signer(signer)), BuildErrorKind::ConflictingParams);
    }

    #[test]
    fn the_date_is_required_and_must_be_an_imf_fixdate() {
        let no_date = Logout::builder()
            .endpoint("https://h")
            .tenancy_ocid(TENANCY)
            .user_ocid(USER)
            .fingerprint(FP)
            .private_key_pem(KEY);
        let e = no_date.build().unwrap_err();
        assert_eq!((e.kind(), e.param()), (BuildErrorKind::MissingParam, "date"));
        for bad in [
            "Monday, 23-Nov-26 22:00:00 GMT",
            "Mon Nov 23 22:00:00 2026",
            "2026-11-23T22:00:00Z",
            "Tue, 23 Nov 2026 22:00:00 GMT",
            " Mon, 23 Nov 2026 22:00:00 GMT",
            "Mon, 23 Nov 2026 22:00:00 GMT\r\nX-Evil: 1",
            "",
        ] {
            assert_eq!(kind(base().date(bad)), BuildErrorKind::InvalidDate, "{bad:?}");
        }
    }

    #[test]
    fn required_params_are_named() {
        let all = || base();
        let missing = |b: LogoutBuilder| {
            let e = b.build().unwrap_err();
            assert_eq!(e.kind(), BuildErrorKind::MissingParam);
            e.param().to_owned()
        };
        let mut b = all();
        b.endpoint = None;
        assert_eq!(missing(b), "endpoint");
        let mut b = all();
        b.tenancy_ocid = None;
        assert_eq!(missing(b), "tenancy_ocid");
        let mut b = all();
        b.user_ocid = None;
        assert_eq!(missing(b), "user_ocid");
        let mut b = all();
        b.fingerprint = None;
        assert_eq!(missing(b), "fingerprint");
        let mut b = all();
        b.private_key_pem = None;
        assert_eq!(missing(b), "private_key_pem");
    }

    #[test]
    fn every_string_param_refuses_injection() {
        for bad in ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\0b"] {
            assert_eq!(kind(base().tenancy_ocid(bad)), BuildErrorKind::InvalidHeaderValue);
            assert_eq!(kind(base().user_ocid(bad)), BuildErrorKind::InvalidHeaderValue);
            assert_eq!(kind(base().fingerprint(bad)), BuildErrorKind::InvalidHeaderValue);
            assert_eq!(kind(base().opc_request_id(bad)), BuildErrorKind::InvalidHeaderValue);
            assert_eq!(kind(base().date(bad)), BuildErrorKind::InvalidDate);
            assert_eq!(
                kind(base().endpoint(format!("https://h/{bad}"))),
                BuildErrorKind::InvalidBaseUrl
            );
            assert_ne!(kind(base().private_key_pem(bad)), BuildErrorKind::MissingParam);
        }
        assert_eq!(kind(base().opc_request_id("")), BuildErrorKind::EmptyParam);
        assert_eq!(kind(base().tenancy_ocid(" ")), BuildErrorKind::EmptyParam);
        assert_eq!(
            kind(base().endpoint("iaas.example.com")),
            BuildErrorKind::InvalidBaseUrl
        );
    }

    #[test]
    fn key_id_parts_refuse_what_breaks_the_key_id() {
        for bad in ["ocid1/x", "a\"b", "a,b", "a b", "a\\b"] {
            assert_eq!(kind(base().tenancy_ocid(bad)), BuildErrorKind::InvalidParam, "{bad:?}");
            assert_eq!(kind(base().user_ocid(bad)), BuildErrorKind::InvalidParam, "{bad:?}");
            assert_eq!(kind(base().fingerprint(bad)), BuildErrorKind::InvalidParam, "{bad:?}");
        }
    }

    #[test]
    fn keys_are_refused_with_the_right_kind() {
        let enc8 = include_str!("../testdata/vector-key-encrypted-pkcs8.pem");
        let legacy = include_str!("../testdata/vector-key-encrypted-legacy.pem");
        assert_eq!(
            kind(base().private_key_pem(enc8).passphrase("hunter2")),
            BuildErrorKind::UnsupportedKey
        );
        assert_eq!(kind(base().private_key_pem(legacy)), BuildErrorKind::UnsupportedKey);
        assert_eq!(kind(base().private_key_pem("not a key")), BuildErrorKind::InvalidKey);
        assert_eq!(kind(base().private_key_pem("")), BuildErrorKind::EmptyParam);
        // A passphrase for a clear key is fine.
        assert!(base().passphrase("unused").build().is_ok());
    }

    #[test]
    fn nothing_prints_the_key_or_the_signature() {
        let canary_key = KEY.replace("-----END", "CANARYKEY\n-----END");
        // A key holding a canary line fails to parse; the error must not echo it.
        let e = base().private_key_pem(canary_key.clone()).build().unwrap_err();
        assert!(!e.to_string().contains("CANARY"), "{e}");
        assert!(!format!("{e:?}").contains("CANARY"));
        let b = base().passphrase("CANARY-PASS");
        assert!(!format!("{b:?}").contains("CANARY"));
        assert!(!format!("{b:?}").contains("MIIEpAIBAAKCAQEA"));
        let l = b.build().unwrap();
        let sig = "XshD2ZoBXCDHTFCVz1r7wSqzHRJ";
        assert!(!format!("{l:?}").contains(sig));
        assert!(!format!("{:?}", l.to_request()).contains(sig));
        let p = LogoutParams {
            endpoint: "https://h".into(),
            tenancy_ocid: Some(TENANCY.into()),
            user_ocid: Some(USER.into()),
            fingerprint: Some(FP.into()),
            security_token: Some(Secret::new("CANARY-TOKEN")),
            private_key_pem: Secret::new(KEY),
            passphrase: Some(Secret::new("CANARY-PASS")),
            date: DATE.into(),
            opc_request_id: None,
        };
        assert!(!format!("{p:?}").contains("CANARY"));
        assert!(!format!("{p:?}").contains("MIIEpAIBAAKCAQEA"));
        let key = PrivateKey::from_pem(KEY).unwrap();
        assert!(!format!("{key:?}").contains("MII"));
        assert!(format!("{key:?}").contains("[REDACTED]"));
    }

    #[test]
    fn a_session_token_signs_instead_of_the_key_id_parts() {
        let r = Logout::builder()
            .endpoint("https://iaas.enclave.example.com")
            .security_token("eyJ.CANARY.sig")
            .private_key_pem(KEY)
            .date(DATE)
            .build()
            .unwrap()
            .to_request();
        let auth = r.headers()["authorization"].to_str().unwrap();
        assert!(auth.contains("keyId=\"ST$eyJ.CANARY.sig\""), "{auth}");
        let e = base().security_token("t").build().unwrap_err();
        assert_eq!(
            (e.kind(), e.param()),
            (BuildErrorKind::ConflictingParams, "tenancy_ocid")
        );
        let p: LogoutParams = serde_json::from_value(serde_json::json!({
            "endpoint": "https://h", "security_token": "eyJ.x.y", "private_key_pem": KEY, "date": DATE
        }))
        .unwrap();
        assert!(!format!("{p:?}").contains("eyJ.x.y"));
        assert!(p.build().is_ok());
    }
}
