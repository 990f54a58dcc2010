//! Every measured function as data: a group of cases on one input, each a
//! closure doing one iteration of the work. The criterion benches run
//! these groups, and the instruction counter (`signoff-icount`, driven by
//! `cargo xtask bench --instructions` under callgrind) runs the very same
//! closures, so the two tables measure the same work.

use std::hint::black_box;

use signoff_commvault::BodyFormat;

use crate::{inputs, peers};

/// One iteration of a measured function.
pub type Run = Box<dyn Fn()>;

/// A criterion group: its cases run on the same input.
pub struct Group {
    /// The group's name (criterion's, and the table's).
    pub name: String,
    /// The input's size, for criterion's throughput.
    pub bytes: Option<u64>,
    /// Fewer samples for slow cases.
    pub sample_size: Option<usize>,
    /// (function name, one iteration).
    pub cases: Vec<(&'static str, Run)>,
}

impl std::fmt::Debug for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cases: Vec<&str> = self.cases.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Group")
            .field("name", &self.name)
            .field("cases", &cases)
            .finish_non_exhaustive()
    }
}

impl Group {
    fn new(name: impl Into<String>, bytes: Option<usize>) -> Self {
        Self {
            name: name.into(),
            bytes: bytes.map(|b| b as u64),
            sample_size: None,
            cases: Vec::new(),
        }
    }

    fn case<T>(mut self, function: &'static str, run: impl Fn() -> T + 'static) -> Self {
        self.cases.push((
            function,
            Box::new(move || {
                black_box(run());
            }),
        ));
        self
    }
}

/// The OAM `SessionResults` groups, XML and JSON, at 1, 28 and 1000
/// records.
pub fn oam() -> Vec<Group> {
    let mut groups = Vec::new();
    for n in inputs::OAM_SIZES {
        let body = inputs::oam_xml(n);
        let b = || body.clone();
        groups.push(
            Group::new(format!("oam_xml_{n}"), Some(body.len()))
                .case("signoff", {
                    let body = b();
                    move || signoff_oam::decode_xml_borrowed(black_box(&body)).map(|r| r.sessions.len())
                })
                .case("signoff_owned", {
                    let body = b();
                    move || signoff_oam::decode_xml(black_box(&body)).map(|r| r.sessions.len())
                })
                .case("quick_xml_de", {
                    let body = b();
                    move || peers::oam_quick_xml_de(black_box(&body)).map(|r| r.sessions.session_data.len())
                })
                .case("roxmltree", {
                    let body = b();
                    move || peers::oam_roxmltree_count(black_box(&body))
                })
                .case("quick_xml_tokenize", {
                    let body = b();
                    move || peers::tokenize(black_box(&body))
                })
                .case("xmlparser_tokenize", {
                    let body = b();
                    move || peers::xmlparser_tokenize(black_box(&body))
                }),
        );
    }
    for n in inputs::OAM_SIZES {
        let body = inputs::oam_json(n);
        let b = || body.clone();
        groups.push(
            Group::new(format!("oam_json_{n}"), Some(body.len()))
                .case("signoff", {
                    let body = b();
                    move || signoff_oam::decode_json_borrowed(black_box(&body)).map(|r| r.sessions.len())
                })
                .case("signoff_owned", {
                    let body = b();
                    move || signoff_oam::decode_json(black_box(&body)).map(|r| r.sessions.len())
                })
                .case("serde_json_borrowed", {
                    let body = b();
                    move || {
                        serde_json::from_slice::<peers::JsonResultsRef<'_>>(black_box(&body)).map(|r| r.sessions.len())
                    }
                })
                .case("serde_json_owned", {
                    let body = b();
                    move || serde_json::from_slice::<peers::JsonResults>(black_box(&body)).map(|r| r.sessions.len())
                })
                .case("serde_json_value", {
                    let body = b();
                    move || serde_json::from_slice::<serde_json::Value>(black_box(&body)).is_ok()
                })
                .case("sonic_rs_borrowed", {
                    let body = b();
                    move || {
                        sonic_rs::from_slice::<peers::JsonResultsRef<'_>>(black_box(&body)).map(|r| r.sessions.len())
                    }
                }),
        );
    }
    groups
}

/// The Commvault log-off request (encoded, and decoded on the server
/// side) at 1 and 1000 sessions, and the success response.
pub fn commvault() -> Vec<Group> {
    let mut groups = Vec::new();
    for n in inputs::COMMVAULT_SIZES {
        let ids = inputs::commvault_ids(n);
        let body = inputs::commvault_request_xml(n);
        groups.push(
            Group::new(format!("commvault_encode_{n}"), Some(body.len()))
                .case("signoff", {
                    let ids = ids.clone();
                    move || signoff_commvault::encode_request_body(BodyFormat::Xml, black_box(&ids))
                })
                .case("quick_xml_se", {
                    let ids = ids.clone();
                    move || peers::commvault_quick_xml_se(black_box(&ids))
                }),
        );
        let b = || body.clone();
        groups.push(
            Group::new(format!("commvault_decode_request_{n}"), Some(body.len()))
                .case("signoff", {
                    let body = b();
                    move || signoff_commvault::decode_request_body_as(BodyFormat::Xml, black_box(&body))
                })
                .case("quick_xml_de", {
                    let body = b();
                    move || peers::commvault_quick_xml_de(black_box(&body))
                })
                .case("roxmltree", {
                    let body = b();
                    move || peers::commvault_roxmltree(black_box(&body))
                })
                .case("quick_xml_tokenize", {
                    let body = b();
                    move || peers::tokenize(black_box(&body))
                }),
        );
    }
    let ok = inputs::response(200, "application/xml", inputs::COMMVAULT_RESPONSE);
    groups.push(
        Group::new("commvault_response", None)
            .case("signoff", move || signoff_commvault::decode(black_box(&ok)).is_ok())
            .case("roxmltree", || {
                std::str::from_utf8(black_box(inputs::COMMVAULT_RESPONSE))
                    .ok()
                    .and_then(|t| {
                        roxmltree::Document::parse(t)
                            .ok()
                            .map(|d| d.root_element().tag_name().name().len())
                    })
            })
            .case("quick_xml_tokenize", || {
                peers::tokenize(black_box(inputs::COMMVAULT_RESPONSE))
            }),
    );
    groups
}

/// The JSON error envelopes of Compute Enclave, Veridata and JD Edwards
/// beside the `serde_json` and sonic-rs readings.
pub fn envelopes() -> Vec<Group> {
    macro_rules! envelope {
        ($group:literal, $body:expr, $ours:ty, $borrowed:ty, $owned:ty) => {{
            let body: &'static [u8] = $body;
            let buffer = inputs::shared(body);
            Group::new($group, Some(body.len()))
                .case("signoff", move || <$ours>::from_bytes(black_box(&buffer)))
                .case("signoff_from_slice", move || <$ours>::from_body(black_box(body)))
                .case("serde_json_borrowed", move || {
                    serde_json::from_slice::<$borrowed>(black_box(body)).is_ok()
                })
                .case("serde_json_owned", move || {
                    serde_json::from_slice::<$owned>(black_box(body)).is_ok()
                })
                .case("serde_json_value", move || {
                    serde_json::from_slice::<serde_json::Value>(black_box(body)).is_ok()
                })
                .case("sonic_rs_borrowed", move || {
                    sonic_rs::from_slice::<$borrowed>(black_box(body)).is_ok()
                })
        }};
    }
    vec![
        envelope!(
            "oci_envelope",
            inputs::OCI_ERROR,
            signoff_oci::ErrorBody,
            peers::OciRef<'_>,
            peers::OciOwned
        ),
        envelope!(
            "veridata_envelope",
            inputs::VERIDATA_ERROR,
            signoff_veridata::ErrorObject,
            peers::VeridataRef<'_>,
            peers::VeridataOwned
        ),
        envelope!(
            "jde_envelope",
            inputs::JDE_ERROR,
            signoff_jde::ServiceErrorResponse,
            peers::JdeRef<'_>,
            peers::JdeOwned
        ),
    ]
}

/// A whole small error response (status, headers, body) per vendor,
/// beside the bare body parse.
pub fn responses() -> Vec<Group> {
    let mut groups = Vec::new();
    for (vendor, response) in inputs::error_responses() {
        let body = response.body().clone();
        let g = Group::new(format!("{vendor}_error_response"), None);
        let g = match vendor {
            "oci" => g
                .case("signoff", move || signoff_oci::decode(black_box(&response)).is_ok())
                .case("serde_json_borrowed", move || {
                    serde_json::from_slice::<peers::OciRef<'_>>(black_box(&body)).is_ok()
                }),
            "veridata" => g
                .case("signoff", move || {
                    signoff_veridata::decode(black_box(&response)).is_ok()
                })
                .case("serde_json_borrowed", move || {
                    serde_json::from_slice::<peers::VeridataRef<'_>>(black_box(&body)).is_ok()
                }),
            "jde" => g
                .case("signoff", move || signoff_jde::decode(black_box(&response)).is_ok())
                .case("serde_json_borrowed", move || {
                    serde_json::from_slice::<peers::JdeRef<'_>>(black_box(&body)).is_ok()
                }),
            "oam" => g
                .case("signoff", move || signoff_oam::decode(black_box(&response)).is_ok())
                .case("serde_json_borrowed", move || {
                    serde_json::from_slice::<peers::OamErrorRef<'_>>(black_box(&body)).is_ok()
                }),
            _ => {
                let tokens = body.clone();
                g.case("signoff", move || {
                    signoff_commvault::decode(black_box(&response)).is_ok()
                })
                .case("quick_xml_de", move || {
                    peers::commvault_error_quick_xml_de(black_box(&body)).is_ok()
                })
                .case("quick_xml_tokenize", move || peers::tokenize(black_box(&tokens)))
            }
        };
        groups.push(g);
    }
    groups
}

/// Request building for every vendor, and the signed Compute Enclave
/// request beside the bare RSA signature of its signing string.
pub fn requests() -> Vec<Group> {
    let mut groups = Vec::new();
    let signed = inputs::oci_signer().and_then(|signer| {
        let logout = signoff_oci::Logout::builder()
            .endpoint(inputs::OCI_ENDPOINT)
            .signer(signer.clone())
            .date(inputs::OCI_DATE)
            .build()
            .ok()?;
        let der = inputs::oci_key_der();
        let pair = ring::signature::RsaKeyPair::from_der(&der).ok()?;
        let aws = aws_lc_rs::signature::RsaKeyPair::from_der(&der).ok()?;
        Some((signer, logout.signing_string(), pair, aws))
    });
    if let Some((signer, signing_string, pair, aws)) = signed {
        let message = signing_string.clone();
        groups.push(
            Group::new("oci_signed_request", None)
                .case("signoff", move || {
                    signoff_oci::Logout::builder()
                        .endpoint(inputs::OCI_ENDPOINT)
                        .signer(black_box(&signer).clone())
                        .date(inputs::OCI_DATE)
                        .build()
                        .map(|l| l.to_request())
                        .is_ok()
                })
                .case("ring_rsa_sign", move || {
                    peers::rsa_sign(&pair, black_box(signing_string.as_bytes()))
                })
                .case("aws_lc_rsa_sign", move || {
                    peers::rsa_sign_aws_lc(&aws, black_box(message.as_bytes()))
                }),
        );
    }
    groups.extend(request_builds());
    groups
}

/// Request building for every vendor, apart from the signed request: its
/// RSA key's setup varies in instructions from run to run (the libraries
/// blind with random numbers), which the instruction counter would take
/// for the builders' own cost.
pub fn request_builds() -> Vec<Group> {
    vec![
        Group::new("request_build", None)
            .case("jde", || {
                signoff_jde::Logout::builder()
                    .base_url(black_box("https://ais.example.com:9300"))
                    .token("044MyjuQfbqgGzYAZbh7rCvg2aXsWfyTt0gX8gcWkdQ5Tg=MDE5MDExMDgxOTU0NjU2NzEyMTAwNzY4")
                    .build()
                    .map(|l| l.to_request())
                    .is_ok()
            })
            .case("veridata", || {
                signoff_veridata::Logout::builder()
                    .base_url(black_box("https://veridata.example.com:8831"))
                    .token("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2ZXJpZGF0YSJ9.c2lnbmF0dXJl")
                    .build()
                    .map(|l| l.to_request())
                    .is_ok()
            })
            .case("commvault", || {
                signoff_commvault::Logoff::builder()
                    .base_url(black_box("https://commserve.example.com/webconsole/api"))
                    .authtoken("QSDK 3a5e6f0b9c2d4e8f1a7b3c5d9e0f2a4b6c8d0e1f3a5b7c9d")
                    .session_id("d2a5b8c1e4f7a0b3c6d9e2f5a8b1c4d7")
                    .build()
                    .map(|l| l.to_request())
                    .is_ok()
            })
            .case("oam", || {
                signoff_oam::DeleteSessions::builder()
                    .base_url(black_box("https://oam.example.com:14101"))
                    .username("oamadmin")
                    .password("example-password")
                    .selector(signoff_oam::Selector::session_id(
                        "3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA=",
                    ))
                    .build()
                    .map(|l| l.to_request())
                    .is_ok()
            }),
    ]
}

/// The worst shapes a strict reader meets, decoded as an OAM 200 answer,
/// beside a plain OAM page of the same size, at each of the sizes.
pub fn worst() -> Vec<Group> {
    let mut groups = Vec::new();
    for size in inputs::WORST_SIZES {
        for (kind, content_type, plain, worst) in [
            (
                "xml",
                "application/xml",
                inputs::oam_xml_of_size(size),
                inputs::worst_xml(size),
            ),
            (
                "json",
                "application/json",
                inputs::oam_json_of_size(size),
                inputs::worst_json(size),
            ),
        ] {
            let mut g = Group::new(format!("worst_{kind}_{}k", size / 1024), Some(size));
            // A megabyte of the worst shape takes tens of milliseconds:
            // fewer samples keep the run short, the statistics still sound.
            g.sample_size = Some(20);
            let plain = inputs::response(200, content_type, &plain);
            g = g.case("plain", move || {
                signoff_oam::decode(black_box(&plain)).map(|r| r.sessions.len())
            });
            for (name, body) in worst {
                let response = inputs::response(200, content_type, &body);
                g = g.case(name, move || {
                    signoff_oam::decode(black_box(&response)).map(|r| r.sessions.len())
                });
            }
            groups.push(g);
        }
    }
    groups
}

/// Every group, by the bench that runs it.
pub fn all() -> Vec<(&'static str, Vec<Group>)> {
    vec![
        ("oam", oam()),
        ("commvault", commvault()),
        ("envelopes", envelopes().into_iter().chain(responses()).collect()),
        ("requests", requests()),
        ("worst", worst()),
    ]
}

/// What builds the group named `group` (and its siblings), without
/// building every other input: what the instruction counter runs, so a
/// count does not wait on a megabyte it does not read.
pub fn builder_of(group: &str) -> Option<fn() -> Vec<Group>> {
    let builder: fn() -> Vec<Group> = if group.ends_with("_error_response") {
        responses
    } else if group.ends_with("_envelope") {
        envelopes
    } else if group.starts_with("oam_") {
        oam
    } else if group.starts_with("commvault_") {
        commvault
    } else if group == "request_build" {
        request_builds
    } else if group == "oci_signed_request" {
        requests
    } else if group.starts_with("worst_") {
        worst
    } else {
        return None;
    };
    Some(builder)
}
