//! # signoff
//!
//! The registry of signoff's vendor codecs, by short name (`oci`,
//! `veridata`, `commvault`, `oam`, `jde`), driven by data: build a request
//! from parameters given as a JSON value, decode a response into the
//! [`Report`]. The conformance runner and the `signoff` CLI are built on it.
//!
//! **Not for**: library users who know their vendor: depend on that vendor's
//! crate (re-exported here as [`jde`], [`oci`], ...) and use its typed API.
//!
//! ```
//! use signoff::{codec, DecodeOptions};
//! let jde = codec("jde").unwrap();
//! let request = jde.build("logout", serde_json::json!({
//!     "base_url": "https://ais.example.com",
//!     "token": "044MyjuQ",
//! }))?;
//! assert_eq!(request.uri().path(), "/jderest/v2/orchestrator/jde-logout");
//! let response = http::Response::builder().status(444).body(bytes::Bytes::new())?;
//! let report = jde.decode("logout", &response, &DecodeOptions::default())?;
//! assert_eq!(report.outcome.name(), "api_error");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use signoff_commvault as commvault;
pub use signoff_core as core;
pub use signoff_core::{BuildError, BuildErrorKind, Codec, DecodeOptions, Outcome, Report};
pub use signoff_jde as jde;
pub use signoff_oam as oam;
pub use signoff_oci as oci;
pub use signoff_veridata as veridata;

static CODECS: [&dyn Codec; 5] = [
    &signoff_oci::CODEC,
    &signoff_veridata::CODEC,
    &signoff_commvault::CODEC,
    &signoff_oam::CODEC,
    &signoff_jde::CODEC,
];

/// Every codec, in the order of the seed pages.
pub fn codecs() -> &'static [&'static dyn Codec] {
    &CODECS
}

/// The codec named `vendor`, if there is one.
pub fn codec(vendor: &str) -> Option<&'static dyn Codec> {
    CODECS.iter().copied().find(|c| c.vendor() == vendor)
}

/// The short names of all vendors.
pub fn vendors() -> Vec<&'static str> {
    CODECS.iter().map(|c| c.vendor()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendor_is_registered_once() {
        assert_eq!(vendors(), ["oci", "veridata", "commvault", "oam", "jde"]);
        assert!(codec("nope").is_none());
    }
}

/// Renders a request as HTTP/1.1 text: the request line with the
/// origin-form target, one `name: value` line per header (`host` first,
/// taken from the URI's authority when the codec set none), a blank line,
/// the body (lossy UTF-8).
///
/// Unless `reveal_secrets`, every header the codec marked sensitive shows
/// [`core::REDACTED`] instead of its value; in a `Signature ...`
/// authorization only the `signature` parameter is hidden, so the key id
/// stays readable.
pub fn render_request(request: &http::Request<bytes::Bytes>, reveal_secrets: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let target = request.uri().path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
    let _ = write!(out, "{} {} HTTP/1.1\r\n", request.method(), target);
    let headers = request.headers();
    if !headers.contains_key(http::header::HOST)
        && let Some(authority) = request.uri().authority()
    {
        let _ = write!(out, "host: {authority}\r\n");
    }
    let mut names: Vec<&http::HeaderName> = headers.keys().collect();
    names.sort_by_key(|n| (n.as_str() != "host", n.as_str().to_owned()));
    for name in names {
        for value in headers.get_all(name) {
            let text = String::from_utf8_lossy(value.as_bytes());
            let shown = if value.is_sensitive() && !reveal_secrets {
                redact_header(&text)
            } else {
                text.into_owned()
            };
            let _ = write!(out, "{name}: {shown}\r\n");
        }
    }
    out.push_str("\r\n");
    out.push_str(&String::from_utf8_lossy(request.body()));
    out
}

/// [`render_request`] with every secret hidden: the sensitive headers, and
/// every form of the secrets `redactor` knows wherever else they stand (a
/// token in a JSON body, a password in a query). What a CLI or a snapshot
/// shows of a request; [`core::Codec::redactor`] gives the redactor of a
/// call's parameters.
pub fn render_request_hiding(request: &http::Request<bytes::Bytes>, redactor: &core::Redactor) -> String {
    let text = render_request(request, false);
    redactor.redact_str(&text).into_owned()
}

fn redact_header(value: &str) -> String {
    if let Some(params) = value.strip_prefix("Signature ") {
        let kept: Vec<String> = params
            .split(',')
            .map(|p| {
                if p.trim_start().starts_with("signature=") {
                    format!("signature=\"{}\"", core::REDACTED)
                } else {
                    p.to_owned()
                }
            })
            .collect();
        format!("Signature {}", kept.join(","))
    } else {
        core::REDACTED.to_owned()
    }
}

#[cfg(test)]
mod render_tests {
    use super::*;

    #[test]
    fn renders_origin_form_with_host_and_redacts() {
        let request = codec("jde")
            .unwrap()
            .build(
                "logout",
                serde_json::json!({"base_url": "https://h:9300", "token": "CANARY"}),
            )
            .unwrap();
        let text = render_request(&request, false);
        assert!(
            text.starts_with("GET /jderest/v2/orchestrator/jde-logout HTTP/1.1\r\nhost: h:9300\r\n"),
            "{text}"
        );
        assert!(text.contains("jde-ais-auth: [REDACTED]\r\n"));
        assert!(!text.contains("CANARY"));
        assert!(render_request(&request, true).contains("jde-ais-auth: CANARY\r\n"));
    }

    #[test]
    fn signature_authorization_keeps_its_key_id() {
        let v = r#"Signature version="1",keyId="a/b/c",algorithm="rsa-sha256",headers="date",signature="SECRET""#;
        let r = redact_header(v);
        assert!(r.contains(r#"keyId="a/b/c""#) && !r.contains("SECRET"), "{r}");
        assert_eq!(redact_header("Bearer x"), "[REDACTED]");
    }
}
