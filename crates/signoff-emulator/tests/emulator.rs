//! The emulator over real loopback sockets, driven by the codecs' own
//! requests and decoders (ureq as the transport).

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests read the clock and open sockets"
)]

use std::io::{Read as _, Write as _};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use signoff_core::{Error, ErrorKind, UnexpectedReason};
use signoff_emulator::{Config, DEMO_COMMVAULT_TOKEN, DEMO_JDE_TOKEN, Emulator, Handle, Vendor};

fn start(config: Config) -> Handle {
    Emulator::new(config).spawn("127.0.0.1:0".parse().unwrap()).unwrap()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .new_agent()
}

fn send(agent: &ureq::Agent, request: http::Request<Bytes>) -> http::Response<Bytes> {
    let response = if request.body().is_empty() {
        agent.run(request.map(|_| ())).unwrap()
    } else {
        agent.run(request.map(|b| b.to_vec())).unwrap()
    };
    let (parts, body) = response.into_parts();
    let mut buf = Vec::new();
    body.into_reader().read_to_end(&mut buf).unwrap();
    http::Response::from_parts(parts, Bytes::from(buf))
}

fn api<T: std::fmt::Debug, D: std::fmt::Debug>(r: Result<T, Error<D>>) -> signoff_core::ApiError<D> {
    match r {
        Err(Error::Api(e)) => *e,
        other => panic!("not an api error: {other:?}"),
    }
}

// ---- JD Edwards ------------------------------------------------------------

fn jde(base: &str, token: &str, device: Option<&str>) -> http::Request<Bytes> {
    let mut b = signoff_jde::Logout::builder().base_url(base).token(token);
    if let Some(d) = device {
        b = b.device(d);
    }
    b.build().unwrap().to_request()
}

#[test]
fn jde_logout_ends_the_session_once() {
    let h = start(Config::demo());
    let a = agent();
    let base = h.base_url();
    let ok = signoff_jde::decode(&send(&a, jde(&base, DEMO_JDE_TOKEN, None))).unwrap();
    assert_eq!(ok.status, "Success");
    let again = api(signoff_jde::decode(&send(&a, jde(&base, DEMO_JDE_TOKEN, None))));
    assert_eq!((again.status, again.kind), (444, ErrorKind::InvalidToken));
    assert_eq!(again.message.as_deref(), Some("Invalid Token"));
    assert_eq!(h.stats().ended.jde, 1);
}

#[test]
fn jde_device_bound_token_needs_its_device() {
    let h = start(Config::demo());
    let a = agent();
    let base = h.base_url();
    let token = "044DemoKioskTokenQDgaZAYfKd0ZEAUqM6x1LcnwBAbl=MDE5MDEy";
    for wrong in [None, Some("kiosk-8")] {
        let e = api(signoff_jde::decode(&send(&a, jde(&base, token, wrong))));
        assert_eq!(e.status, 444);
    }
    let right = jde(&base, token, Some("kiosk-7"));
    let r = send(&a, right);
    assert_eq!(signoff_jde::decode(&r).unwrap().status, "Success");
}

#[test]
fn jde_documented_errors() {
    let h = start(Config::demo());
    let a = agent();
    let base = h.base_url();
    // 415: a Content-Type other than JSON; 400: a body that is not JSON.
    let mut r = jde(&base, DEMO_JDE_TOKEN, None);
    r.headers_mut().insert("content-type", "text/plain".parse().unwrap());
    assert_eq!(api(signoff_jde::decode(&send(&a, r))).status, 415);
    let mut r = jde(&base, DEMO_JDE_TOKEN, None);
    r.headers_mut()
        .insert("content-type", "application/json".parse().unwrap());
    *r.body_mut() = Bytes::from_static(b"{not json");
    assert_eq!(api(signoff_jde::decode(&send(&a, r))).status, 400);
    // 500 by injection: nothing is ended.
    h.fail_next(Vendor::Jde, 500);
    let e = api(signoff_jde::decode(&send(&a, jde(&base, DEMO_JDE_TOKEN, None))));
    assert_eq!((e.status, e.kind, e.retryable), (500, ErrorKind::ServerError, true));
    assert_eq!(e.message.as_deref(), Some("Server Failed to Process Request"));
    assert_eq!(h.stats().live.jde, 2);
}

// ---- Veridata --------------------------------------------------------------

const VERIDATA_TOKEN: &str = "eyJraWQiOiJzaWduLXJzYSJ9.ZGVtby0x.c2lnbmF0dXJl";

fn veridata(base: &str, token: &str) -> http::Request<Bytes> {
    signoff_veridata::Logout::builder()
        .base_url(base)
        .token(token)
        .build()
        .unwrap()
        .to_request()
}

#[test]
fn veridata_invalidate_and_errors() {
    let h = start(Config::demo());
    let a = agent();
    let base = h.base_url();
    let ok = signoff_veridata::decode(&send(&a, veridata(&base, VERIDATA_TOKEN))).unwrap();
    assert_eq!(ok.message.as_deref(), Some("Logout Successful."));
    let e = api(signoff_veridata::decode(&send(&a, veridata(&base, VERIDATA_TOKEN))));
    assert_eq!((e.status, e.code.as_deref()), (401, Some("OGGV-00001")));
    // 404: another path under the context root.
    let nf = veridata(&format!("{base}/veridata/nope"), VERIDATA_TOKEN);
    assert_eq!(api(signoff_veridata::decode(&send(&a, nf))).status, 404);
    for status in [400, 500] {
        h.fail_next(Vendor::Veridata, status);
        let e = api(signoff_veridata::decode(&send(&a, veridata(&base, "other"))));
        assert_eq!((e.status, e.code.as_deref()), (status, Some("OGGV-00001")));
    }
}

// ---- Commvault -------------------------------------------------------------

fn commvault(base: &str, token: &str, ids: &[&str], format: signoff_commvault::BodyFormat) -> http::Request<Bytes> {
    signoff_commvault::Logoff::builder()
        .base_url(format!("{base}/webconsole/api"))
        .authtoken(token)
        .session_ids(ids.iter().copied())
        .body_format(format)
        .build()
        .unwrap()
        .to_request()
}

#[test]
fn commvault_logoff_and_errors() {
    use signoff_commvault::BodyFormat;
    let h = start(Config::demo());
    let a = agent();
    let base = h.base_url();
    let ids = [
        "EMCAE92D1DD-0C68-49A6-BEBB-404D96D7A4BF",
        "CF1C660B-396F-44B7-86DA-5608CEC97453",
    ];
    let ok = signoff_commvault::decode(&send(&a, commvault(&base, DEMO_COMMVAULT_TOKEN, &ids, BodyFormat::Xml)));
    assert_eq!(ok.unwrap().root_element.as_deref(), Some("Api_LogoffUsersResponse"));
    assert_eq!(h.stats().ended.commvault, 2);
    let e = api(signoff_commvault::decode(&send(
        &a,
        commvault(&base, DEMO_COMMVAULT_TOKEN, &ids, BodyFormat::Xml),
    )));
    assert_eq!((e.status, e.code.as_deref()), (401, Some("5")));
    // JSON body and answer.
    let json = commvault(
        &base,
        "QSDK demo-admin-token",
        &["DEMO0001-0000-4000-8000-000000000001"],
        BodyFormat::Json,
    );
    assert!(signoff_commvault::decode(&send(&a, json)).is_ok());
    // A bad token.
    let e = api(signoff_commvault::decode(&send(
        &a,
        commvault(
            &base,
            "QSDK nope",
            &["DEMO0002-0000-4000-8000-000000000002"],
            BodyFormat::Xml,
        ),
    )));
    assert_eq!((e.status, e.kind), (401, ErrorKind::Unauthorized));
    // A malformed body: the vendor's 400, and the server keeps serving.
    let mut bad = commvault(&base, DEMO_COMMVAULT_TOKEN, &["x"], BodyFormat::Xml);
    *bad.body_mut() = Bytes::from_static(b"<Api_LogoffUsersRequest><sessions val=\"x\">");
    bad.headers_mut().remove("content-length");
    let e = api(signoff_commvault::decode(&send(&a, bad)));
    assert_eq!((e.status, e.code.as_deref()), (400, Some("2")));
    h.fail_next(Vendor::Commvault, 500);
    let e = api(signoff_commvault::decode(&send(
        &a,
        commvault(
            &base,
            DEMO_COMMVAULT_TOKEN,
            &["DEMO0002-0000-4000-8000-000000000002"],
            BodyFormat::Xml,
        ),
    )));
    assert_eq!(e.status, 500);
    assert_eq!(h.stats().live.commvault, 1);
}

// ---- OAM -------------------------------------------------------------------

fn oam(
    base: &str,
    password: &str,
    selector: signoff_oam::Selector,
    accept: signoff_core::Accept,
) -> http::Request<Bytes> {
    signoff_oam::DeleteSessions::builder()
        .base_url(base)
        .username("weblogic")
        .password(password)
        .selector(selector)
        .accept(accept)
        .build()
        .unwrap()
        .to_request()
}

#[test]
fn oam_deletes_by_id_and_by_user() {
    use signoff_core::Accept;
    use signoff_oam::Selector;
    let h = start(Config::demo());
    let a = agent();
    let base = h.base_url();
    let id = "3b844e4d-9019-4928-9dca-3ba2ebbf475d|U90idWYSK4hXcdo6LlVD2+JuHBLvbGtCbbhlfmoDvMA=";
    let r = send(&a, oam(&base, "Welcome1", Selector::session_id(id), Accept::Xml));
    assert_eq!(r.headers()["content-type"], "application/xml");
    let got = signoff_oam::decode(&r).unwrap();
    assert_eq!(got.total_records, Some(1));
    assert_eq!(got.sessions[0].session_id.as_deref(), Some(id));
    assert_eq!(got.sessions[0].user_id.as_deref(), Some("user5"));
    assert!(got.sessions[0].created_at().is_some());
    let e = api(signoff_oam::decode(&send(
        &a,
        oam(&base, "Welcome1", Selector::session_id(id), Accept::Xml),
    )));
    assert_eq!((e.status, e.kind), (404, ErrorKind::NotFound));
    let got = signoff_oam::decode(&send(&a, oam(&base, "Welcome1", Selector::user("user3"), Accept::Json))).unwrap();
    assert_eq!(got.sessions.len(), 2);
    assert!(!got.more_may_remain());
    let e = api(signoff_oam::decode(&send(
        &a,
        oam(&base, "wrong", Selector::user("user3"), Accept::Json),
    )));
    assert_eq!((e.status, e.kind), (401, ErrorKind::Unauthorized));
    h.fail_next(Vendor::Oam, 500);
    let e = api(signoff_oam::decode(&send(
        &a,
        oam(&base, "Welcome1", Selector::user("x"), Accept::Json),
    )));
    assert_eq!((e.status, e.message.as_deref()), (500, Some("Unexpected error")));
    assert_eq!(h.stats().live.oam, 0);
    assert_eq!(h.stats().ended.oam, 3);
}

#[test]
fn oam_caps_an_answer_at_28_sessions() {
    let mut text = String::from("[[oam.admins]]\nusername = \"a\"\npassword = \"p\"\n");
    for i in 0..30 {
        text.push_str(&format!(
            "[[oam.sessions]]\nsession_id = \"s{i}\"\nuser_id = \"many\"\n"
        ));
    }
    let h = start(Config::from_toml_str(&text).unwrap());
    let a = agent();
    let request = |base: &str| {
        signoff_oam::DeleteSessions::builder()
            .base_url(base)
            .username("a")
            .password("p")
            .user_id("many")
            .build()
            .unwrap()
            .to_request()
    };
    let first = signoff_oam::decode(&send(&a, request(&h.base_url()))).unwrap();
    assert_eq!(
        (first.total_records, first.sessions.len(), first.more_may_remain()),
        (Some(30), 28, true)
    );
    let second = signoff_oam::decode(&send(&a, request(&h.base_url()))).unwrap();
    assert_eq!((second.total_records, second.sessions.len()), (Some(2), 2));
}

// ---- OCI -------------------------------------------------------------------

fn signer(user: &str, pem: &str) -> signoff_oci::Signer {
    signoff_oci::Signer::new(
        signoff_emulator::DEMO_OCI_TENANCY,
        user,
        signoff_emulator::DEMO_OCI_FINGERPRINT,
        signoff_oci::PrivateKey::from_pem(pem).unwrap(),
    )
    .unwrap()
}

fn oci(base: &str, signer: signoff_oci::Signer, at: SystemTime) -> http::Request<Bytes> {
    signoff_oci::Logout::builder()
        .endpoint(base)
        .signer(signer)
        .date_time(at)
        .opc_request_id("CLIENT1")
        .build()
        .unwrap()
        .to_request()
}

#[test]
fn oci_signed_logout_is_verified() {
    let h = start(Config::demo());
    let a = agent();
    let base = h.base_url();
    let user = signoff_emulator::DEMO_OCI_USERS[0];
    let good = signer(user, signoff_emulator::DEMO_OCI_PRIVATE_KEY_PEM);
    let now = SystemTime::now();

    let refused = |r: http::Response<Bytes>| {
        let e = api(signoff_oci::decode(&r));
        assert_eq!((e.status, e.code.as_deref()), (401, Some("NotAuthenticated")));
        assert!(e.request_id.as_deref().is_some_and(|id| id.starts_with("CLIENT1/EMU")));
        e
    };
    // A stale date (6 minutes old), a date in the future past the skew.
    refused(send(&a, oci(&base, good.clone(), now - Duration::from_secs(360))));
    refused(send(&a, oci(&base, good.clone(), now + Duration::from_secs(360))));
    // A tampered signature.
    let mut tampered = oci(&base, good.clone(), now);
    let auth = tampered.headers()["authorization"].to_str().unwrap().to_owned();
    let sig_at = auth.find("signature=\"").unwrap() + "signature=\"".len();
    let mut bytes = auth.into_bytes();
    bytes[sig_at + 4] = if bytes[sig_at + 4] == b'A' { b'B' } else { b'A' };
    tampered
        .headers_mut()
        .insert("authorization", http::HeaderValue::from_bytes(&bytes).unwrap());
    refused(send(&a, tampered));
    // The right key id signed with the wrong key.
    let other = include_str!("../../signoff-oci/testdata/other-key.pem");
    let e = refused(send(&a, oci(&base, signer(user, other), now)));
    assert!(e.message.unwrap().contains("does not verify"));
    // A required header left unsigned: a valid signature over `date
    // (request-target)` only, without `host`.
    let mut partial = oci(&base, good.clone(), now);
    let text = signoff_oci::signing_string(
        partial.method(),
        partial.uri(),
        partial.headers(),
        &["date", "(request-target)"],
    )
    .unwrap();
    let key = signoff_oci::PrivateKey::from_pem(signoff_emulator::DEMO_OCI_PRIVATE_KEY_PEM).unwrap();
    use base64::Engine as _;
    let sig = base64::engine::general_purpose::STANDARD.encode(key.sign(text.as_bytes()).unwrap());
    let value = format!(
        "Signature algorithm=\"rsa-sha256\",headers=\"date (request-target)\",keyId=\"{}\",signature=\"{sig}\",version=\"1\"",
        good.key_id()
    );
    partial.headers_mut().insert("authorization", value.parse().unwrap());
    let e = refused(send(&a, partial));
    assert!(e.message.unwrap().contains("host"));
    // Unsigned.
    let mut unsigned = oci(&base, good.clone(), now);
    unsigned.headers_mut().remove("authorization");
    refused(send(&a, unsigned));
    assert_eq!(h.stats().live.oci, 3);

    // The real thing, then the dead session.
    let ok = signoff_oci::decode(&send(&a, oci(&base, good.clone(), now))).unwrap();
    assert!(ok.request_id.unwrap().starts_with("CLIENT1/EMU"));
    refused(send(&a, oci(&base, good, now)));
    assert_eq!((h.stats().live.oci, h.stats().ended.oci), (2, 1));
}

#[test]
fn oci_documented_errors() {
    let h = start(Config::demo());
    let a = agent();
    let base = h.base_url();
    let good = signer(
        signoff_emulator::DEMO_OCI_USERS[1],
        signoff_emulator::DEMO_OCI_PRIVATE_KEY_PEM,
    );
    let now = SystemTime::now();
    // 404 for another path (an endpoint with a prefix).
    let e = api(signoff_oci::decode(&send(
        &a,
        oci(&format!("{base}/nope"), good.clone(), now),
    )));
    assert_eq!((e.status, e.code.as_deref()), (404, None));
    let e = api(signoff_oci::decode(&send(
        &a,
        oci(&format!("{base}/20160918/x"), good.clone(), now),
    )));
    assert_eq!((e.status, e.code.as_deref()), (404, Some("NotAuthorizedOrNotFound")));
    // 412 for an if-match.
    let mut r = oci(&base, good.clone(), now);
    r.headers_mut().insert("if-match", "\"etag\"".parse().unwrap());
    let e = api(signoff_oci::decode(&send(&a, r)));
    assert_eq!((e.status, e.code.as_deref()), (412, Some("NoEtagMatch")));
    h.fail_next(Vendor::Oci, 500);
    let e = api(signoff_oci::decode(&send(&a, oci(&base, good, now))));
    assert_eq!(
        (e.status, e.code.as_deref(), e.retryable),
        (500, Some("InternalServerError"), true)
    );
    assert_eq!(h.stats().live.oci, 3);
}

// ---- Robustness ------------------------------------------------------------

#[test]
fn malformed_requests_get_4xx_and_the_server_keeps_serving() {
    let h = start(Config::demo());
    let a = agent();
    let base = h.base_url();
    // An oversize body: the vendor's 413, answered from the declared
    // length before any of the body is read.
    let mut s = std::net::TcpStream::connect(h.local_addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET /jderest/v2/orchestrator/jde-logout HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n",
        signoff_emulator::BODY_LIMIT + 1
    )
    .unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"status\":\"ERROR\""), "{answer}");
    // A chunked body over the limit: the same 413 once the limit is passed.
    let mut s = std::net::TcpStream::connect(h.local_addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(
        b"GET /jderest/v2/orchestrator/jde-logout HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
          transfer-encoding: chunked\r\nconnection: close\r\n\r\n",
    )
    .unwrap();
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..17 {
        if s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).is_err()
            || s.write_all(&chunk).is_err()
            || s.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 413"));
    // An unknown path.
    let r = send(
        &a,
        http::Request::get(format!("{base}/nowhere"))
            .body(Bytes::new())
            .unwrap(),
    );
    assert_eq!(r.status(), 404);
    // Garbage on a raw socket.
    let mut s = std::net::TcpStream::connect(h.local_addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"NOT HTTP AT ALL\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    assert!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.1 4"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    // Still serving.
    assert!(signoff_jde::decode(&send(&a, jde(&base, DEMO_JDE_TOKEN, None))).is_ok());
    // The state endpoint.
    let r = send(
        &a,
        http::Request::get(format!("{base}/_emulator/state"))
            .body(Bytes::new())
            .unwrap(),
    );
    let v: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(v["ended"]["jde"], 1);
}

#[test]
fn an_html_redirect_is_never_success() {
    // The emulator never redirects; the codec sees an unknown path's 404 as
    // an error, never a success (a sanity check of the routing).
    let h = start(Config::demo());
    let a = agent();
    let r = send(&a, jde(&format!("{}/x", h.base_url()), DEMO_JDE_TOKEN, None));
    assert!(matches!(
        signoff_jde::decode(&r),
        Err(Error::Api(_)) | Err(Error::Unexpected(_))
    ));
    let _ = UnexpectedReason::UnrecognizedBody;
}

#[test]
fn concurrent_logouts_of_one_session_end_it_once() {
    let h = start(Config::demo());
    let base = h.base_url();
    let successes: usize = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|_| {
                let base = base.clone();
                s.spawn(move || {
                    let r = send(&agent(), jde(&base, DEMO_JDE_TOKEN, None));
                    usize::from(signoff_jde::decode(&r).is_ok())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert_eq!(successes, 1);
    assert_eq!(h.stats().ended.jde, 1);
}

#[test]
fn load_2000_logouts_over_50_connections() {
    const N: usize = 2000;
    const CONNECTIONS: usize = 50;
    let mut text = String::new();
    for i in 0..N {
        text.push_str(&format!("[[jde.tokens]]\ntoken = \"load-token-{i:05}\"\n"));
    }
    let h = start(Config::from_toml_str(&text).unwrap());
    assert_eq!(h.stats().live.jde, N as u64);
    let base = h.base_url();
    let ok: usize = std::thread::scope(|s| {
        let workers: Vec<_> = (0..CONNECTIONS)
            .map(|w| {
                let base = base.clone();
                s.spawn(move || {
                    // One agent per worker: one keep-alive connection each.
                    let a = agent();
                    let mut ok = 0;
                    for i in (w..N).step_by(CONNECTIONS) {
                        let r = send(&a, jde(&base, &format!("load-token-{i:05}"), None));
                        assert!(signoff_jde::decode(&r).is_ok(), "token {i}: {}", r.status());
                        ok += 1;
                    }
                    ok
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert_eq!(ok, N);
    let stats = h.stats();
    // No session lost (all ended), none ended twice (the count matches).
    assert_eq!(stats.live.jde, 0);
    assert_eq!(stats.ended.jde, N as u64);
}
