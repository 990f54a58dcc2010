//! Injected faults, as a retry or resume test needs them: a status with
//! `Retry-After`, for the next N requests; a connection closed before the
//! status line; a server that says nothing. None changes the table.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests open sockets and wait"
)]

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use signoff_emulator::{Config, Emulator, Fault, Vendor};

/// Sends a raw JD Edwards logout of the demo token; gives every byte that
/// came back before the server closed or `wait` passed.
fn raw_logout(addr: std::net::SocketAddr, wait: Duration) -> Vec<u8> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(wait)).unwrap();
    write!(
        s,
        "GET /jderest/v2/orchestrator/jde-logout HTTP/1.1\r\nhost: x\r\njde-AIS-Auth: {}\r\nconnection: close\r\n\r\n",
        signoff_emulator::DEMO_JDE_TOKEN
    )
    .unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    got
}

fn status_of(answer: &[u8]) -> Option<u16> {
    std::str::from_utf8(answer.get(9..12)?).ok()?.parse().ok()
}

#[test]
fn a_status_fault_applies_count_times_with_its_retry_after() {
    let h = Emulator::new(Config::demo())
        .spawn("127.0.0.1:0".parse().unwrap())
        .unwrap();
    h.inject(Vendor::Jde, Fault::status(429).with_retry_after(7), 2);
    for _ in 0..2 {
        let got = raw_logout(h.local_addr(), Duration::from_secs(5));
        assert_eq!(status_of(&got), Some(429), "{}", String::from_utf8_lossy(&got));
        assert!(
            String::from_utf8_lossy(&got)
                .to_ascii_lowercase()
                .contains("retry-after: 7\r\n")
        );
    }
    assert_eq!(h.stats().ended.jde, 0, "a fault changes nothing");
    assert_eq!(
        status_of(&raw_logout(h.local_addr(), Duration::from_secs(5))),
        Some(200)
    );
    assert_eq!(h.stats().ended.jde, 1);
}

#[test]
fn a_reset_sends_not_one_byte_and_a_stall_nothing_at_all() {
    let h = Emulator::new(Config::demo())
        .spawn("127.0.0.1:0".parse().unwrap())
        .unwrap();
    h.inject(Vendor::Jde, Fault::Reset, 1);
    let got = raw_logout(h.local_addr(), Duration::from_secs(5));
    assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));

    h.inject(Vendor::Jde, Fault::Stall, 1);
    let started = Instant::now();
    let got = raw_logout(h.local_addr(), Duration::from_millis(300));
    assert!(got.is_empty() && started.elapsed() >= Duration::from_millis(300));
    // Others are served meanwhile, and the session is still there.
    assert_eq!(h.stats().ended.jde, 0);
    assert_eq!(
        status_of(&raw_logout(h.local_addr(), Duration::from_secs(5))),
        Some(200)
    );
    // A stalled connection does not hold the shutdown.
    h.inject(Vendor::Jde, Fault::Stall, 1);
    let addr = h.local_addr();
    let stalled = std::thread::spawn(move || raw_logout(addr, Duration::from_secs(20)));
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    h.shutdown();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(stalled.join().unwrap().is_empty());
}

#[test]
fn the_fail_endpoint_reads_its_query_strictly() {
    let h = Emulator::new(Config::demo())
        .spawn("127.0.0.1:0".parse().unwrap())
        .unwrap();
    let post = |query: &str| -> u16 {
        let mut s = TcpStream::connect(h.local_addr()).unwrap();
        write!(
            s,
            "POST /_emulator/fail?{query} HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        )
        .unwrap();
        let mut got = Vec::new();
        let _ = s.read_to_end(&mut got);
        status_of(&got).unwrap_or(0)
    };
    assert_eq!(post("vendor=jde&status=503&retry_after=1&count=2"), 204);
    assert_eq!(post("vendor=jde&fault=reset"), 204);
    for bad in [
        "vendor=jde",
        "vendor=jde&status=503&fault=stall",
        "vendor=sap&status=500",
        "vendor=jde&fault=x",
        "vendor=jde&status=500&count=0",
    ] {
        assert_eq!(post(bad), 400, "{bad}");
    }
    let first = raw_logout(h.local_addr(), Duration::from_secs(5));
    assert_eq!(status_of(&first), Some(503));
    assert_eq!(
        status_of(&raw_logout(h.local_addr(), Duration::from_secs(5))),
        Some(503)
    );
    assert!(
        raw_logout(h.local_addr(), Duration::from_secs(5)).is_empty(),
        "then the reset"
    );
    assert_eq!(
        status_of(&raw_logout(h.local_addr(), Duration::from_secs(5))),
        Some(200)
    );
}
