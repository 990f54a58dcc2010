//! The HTTP/1.1 plumbing: a listener on its own thread, one hyper
//! connection task per client, bounded bodies, the admin endpoints.

use std::convert::Infallible;
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

/// A running emulator. Dropping it shuts the server down.
#[derive(Debug)]
pub struct Handle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Handle {
    /// The address the server listens on (the real port when 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{local_addr}`: the base URL of every API.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The table's counts now.
    pub fn stats(&self) -> Stats {
        self.shared.stats()
    }

    /// The next request to `vendor`'s API is answered with the vendor's
    /// error document for `status` (400-599), changing nothing. Faults
    /// queue in order.
    pub fn fail_next(&self, vendor: Vendor, status: u16) {
        self.shared.push_fault(vendor, status);
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

pub(crate) fn spawn(shared: Arc<Shared>, addr: SocketAddr) -> std::io::Result<Handle> {
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
                accept_loop(listener, state, stopped).await;
            });
        })?;
    Ok(Handle {
        addr,
        shared,
        stop: Some(stop),
        thread: Some(thread),
    })
}

async fn accept_loop(listener: tokio::net::TcpListener, shared: Arc<Shared>, mut stopped: oneshot::Receiver<()>) {
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
        tokio::spawn(async move {
            let service = service_fn(move |req: Request<Incoming>| {
                let shared = Arc::clone(&shared);
                async move { Ok::<_, Infallible>(serve(&shared, req).await.map(Full::new)) }
            });
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn serve(shared: &Shared, req: Request<Incoming>) -> Response<Bytes> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let vendor = vendor::vendor_of(&path);
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
    match (vendor, body) {
        (Some(vendor), Err(status)) => vendor::fault(shared, vendor, &request, status),
        _ => respond(shared, &request, SystemTime::now()),
    }
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
        (&Method::POST, "/_emulator/fail") => {
            let mut vendor = None;
            let mut status = None;
            for pair in req.uri().query().unwrap_or("").split('&') {
                match pair.split_once('=') {
                    Some(("vendor", v)) => vendor = v.parse::<Vendor>().ok(),
                    Some(("status", s)) => status = s.parse::<u16>().ok().filter(|s| (400..=599).contains(s)),
                    _ => {}
                }
            }
            match (vendor, status) {
                (Some(v), Some(s)) => {
                    shared.push_fault(v, s);
                    reply::empty(StatusCode::NO_CONTENT)
                }
                _ => reply::json(
                    StatusCode::BAD_REQUEST,
                    &json!({"error": "expected ?vendor=oci|veridata|commvault|oam|jde&status=400..599"}),
                ),
            }
        }
        _ => reply::with_body(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "no API at this path: the emulator serves /20160918/logout, /veridata/v1/session/invalidate, \
             /webconsole/api/Sessions, /oam/services/rest/access/api/v1/session, \
             /jderest/v2/orchestrator/jde-logout and /_emulator/state\n",
        ),
    }
}
