//! The HTTP/1.1 plumbing: a listener on its own thread, one hyper
//! connection task per client, bounded bodies, the admin endpoints.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::json;
use tokio::sync::oneshot;

use crate::state::{Shared, Stats};
use crate::{BODY_LIMIT, Vendor, reply, vendor};

/// How long a connection may take to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a stall fault holds a request at most.
const STALL_LIMIT: Duration = Duration::from_secs(600);

/// A running emulator. Dropping it shuts the server down.
#[derive(Debug)]
pub struct Handle {
    addr: SocketAddr,
    scheme: &'static str,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Handle {
    /// The address the server listens on (the real port when 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{local_addr}` (`https://` over TLS): the base URL of every
    /// API.
    pub fn base_url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// The table's counts now.
    pub fn stats(&self) -> Stats {
        self.shared.stats()
    }

    /// The next request to `vendor`'s API is answered with the vendor's
    /// error document for `status` (400-599), changing nothing. Faults
    /// queue in order.
    pub fn fail_next(&self, vendor: Vendor, status: u16) {
        self.shared.push_fault(vendor, crate::Fault::status(status), 1);
    }

    /// The next `count` requests to `vendor`'s API meet `fault` (after the
    /// faults already queued), changing nothing in the session table.
    /// `count` is at most [`MAX_FAULT_COUNT`](crate::MAX_FAULT_COUNT).
    pub fn inject(&self, vendor: Vendor, fault: crate::Fault, count: u32) {
        self.shared.push_fault(vendor, fault, count.min(crate::MAX_FAULT_COUNT));
    }

    /// Stops accepting, drops open connections and waits for the server
    /// thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    /// Blocks until the server stops (it stops only by [`Handle::shutdown`]
    /// from elsewhere or the process ending: this is for `signoff emulate`).
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    fn stop_and_join(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

pub(crate) fn spawn(
    shared: Arc<Shared>,
    addr: SocketAddr,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> std::io::Result<Handle> {
    let scheme = if tls.is_some() { "https" } else { "http" };
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (stop, stopped) = oneshot::channel();
    let state = Arc::clone(&shared);
    let thread = std::thread::Builder::new()
        .name(format!("signoff-emulator-{}", addr.port()))
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                accept_loop(listener, state, tls, stopped).await;
            });
        })?;
    Ok(Handle {
        addr,
        scheme,
        shared,
        stop: Some(stop),
        thread: Some(thread),
    })
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    mut stopped: oneshot::Receiver<()>,
) {
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            // Out of descriptors or a reset before accept: keep serving.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let tls = tls.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req: Request<Incoming>| {
                let shared = Arc::clone(&shared);
                async move { serve(&shared, req).await.map(|r| r.map(Full::new)) }
            });
            let http = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .clone();
            match tls {
                None => {
                    let _ = http.serve_connection(TokioIo::new(stream), service).await;
                }
                Some(acceptor) => {
                    // A handshake that fails (an untrusting client) ends
                    // only this connection.
                    let handshake = tokio::time::timeout(HEADER_TIMEOUT, acceptor.accept(stream)).await;
                    if let Ok(Ok(stream)) = handshake {
                        let _ = http.serve_connection(TokioIo::new(stream), service).await;
                    }
                }
            }
        });
    }
}

/// Why a connection is dropped with no answer (a reset fault).
#[derive(Debug)]
struct ResetFault;

impl std::fmt::Display for ResetFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an injected reset: the connection closes before the status line")
    }
}

impl std::error::Error for ResetFault {}

async fn serve(shared: &Shared, req: Request<Incoming>) -> Result<Response<Bytes>, ResetFault> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let vendor = vendor::vendor_of(&path);
    match vendor.and_then(|v| shared.take_connection_fault(v)) {
        Some(crate::Fault::Reset) => return Err(ResetFault),
        Some(_) => {
            // A stall: nothing until the client gives up; the connection
            // task ends with the server.
            tokio::time::sleep(STALL_LIMIT).await;
            return Err(ResetFault);
        }
        None => {}
    }
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let too_large = declared.is_some_and(|n| n > BODY_LIMIT as u64);
    let body = if too_large {
        Err(StatusCode::PAYLOAD_TOO_LARGE)
    } else {
        match Limited::new(body, BODY_LIMIT).collect().await {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(StatusCode::PAYLOAD_TOO_LARGE),
            Err(_) => Err(StatusCode::BAD_REQUEST),
        }
    };
    let request = Request::from_parts(parts, body.as_ref().map_or_else(|_| Bytes::new(), Clone::clone));
    Ok(match (vendor, body) {
        (Some(vendor), Err(status)) => vendor::fault(shared, vendor, &request, status),
        _ => respond(shared, &request, SystemTime::now()),
    })
}

/// One whole request's answer: the vendor's, or the admin routes'.
pub(crate) fn respond(shared: &Shared, request: &Request<Bytes>, now: SystemTime) -> Response<Bytes> {
    match vendor::vendor_of(request.uri().path()) {
        Some(vendor) => vendor::handle(shared, vendor, request, now),
        None => admin(shared, request),
    }
}

/// `/_emulator/state`, `/_emulator/fail`, and the 404 for every other
/// path outside the five APIs.
fn admin(shared: &Shared, req: &Request<Bytes>) -> Response<Bytes> {
    match (req.method(), req.uri().path()) {
        (&Method::GET, "/_emulator/state") => {
            let stats = shared.stats();
            reply::json(StatusCode::OK, &serde_json::to_value(stats).unwrap_or_default())
        }
        (&Method::POST, "/_emulator/fail") => match crate::Fault::parse_query(req.uri().query().unwrap_or("")) {
            Ok((vendor, fault, count)) => {
                shared.push_fault(vendor, fault, count);
                reply::empty(StatusCode::NO_CONTENT)
            }
            Err(why) => reply::json(
                StatusCode::BAD_REQUEST,
                &json!({
                    "error": why,
                    "usage": "?vendor=oci|veridata|commvault|oam|jde&status=400..599[&retry_after=SECS][&count=N] \
                              or ?vendor=...&fault=reset|stall[&count=N]",
                }),
            ),
        },
        _ => reply::with_body(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "no API at this path: the emulator serves /20160918/logout, /veridata/v1/session/invalidate, \
             /webconsole/api/Sessions, /oam/services/rest/access/api/v1/session, \
             /jderest/v2/orchestrator/jde-logout and /_emulator/state\n",
        ),
    }
}
