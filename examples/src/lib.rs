//! # signoff-examples
//!
//! Real transports driving the sans-IO codecs: each module turns a codec's
//! `http::Request<Bytes>` into a real HTTP exchange and hands the
//! `http::Response<Bytes>` back for the codec to decode. The clients are
//! configured the way a session-ending call needs: **no redirect is
//! followed** (a 3xx, often a login page, is an answer for the codec to
//! call `unexpected`), **no status is an error** (a 4xx/5xx is the
//! vendor's answer, decoded into a typed error), a timeout, and a bounded
//! body read ([`BODY_LIMIT`] + 1 bytes: enough for the codec to say
//! `body_too_large`).
//!
//! - [`blocking`]: ureq 3 (rustls with ring).
//! - [`hyper_client`]: hyper 1 through hyper-util's legacy client (plain
//!   HTTP; add hyper-rustls for TLS).
//! - [`reqwest_client`]: reqwest 0.13 without default features, rustls
//!   with the ring provider.
//!
//! The flows the `examples/` binaries run ([`jde_logout_blocking`],
//! [`oci_logout_hyper`], [`oam_delete_reqwest`]) live here so the tests
//! run them against the emulator.
//!
//! ```
//! use std::time::Duration;
//! use signoff_examples::blocking;
//! # let emulator = signoff_emulator::Emulator::new(signoff_emulator::Config::demo())
//! #     .spawn("127.0.0.1:0".parse()?)?;
//! # let base = emulator.base_url();
//! # let token = signoff_emulator::DEMO_JDE_TOKEN;
//! let request = signoff_jde::Logout::builder().base_url(&base).token(token).build()?.to_request();
//! let response = blocking::send(&blocking::agent(Duration::from_secs(30)), request)?;
//! assert_eq!(signoff_jde::decode(&response)?.status, "Success");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ```sh
//! cargo run -q -p signoff-cli -- emulate        # in one terminal: note the port
//! cargo run -p signoff-examples --example ureq_jde -- http://127.0.0.1:PORT 044MyjuQ...
//! ```
//!
//! ## Dependencies, and why
//! - the codec crates, `signoff-core`, `http`, `bytes`: what is driven.
//! - `ureq`; `hyper` + `hyper-util` + `http-body-util` + `tokio`;
//!   `reqwest` + `rustls` (to install the ring provider): the three
//!   transports shown.
//! - `thiserror`: [`ExampleError`].

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "transports: they open sockets and read the clock"
)]

use std::time::{Duration, SystemTime};

/// The most body bytes a codec reads; the clients read one more.
pub const BODY_LIMIT: usize = signoff_core::DEFAULT_BODY_LIMIT;

/// What can go wrong in an example flow.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExampleError {
    /// The codec refused the parameters.
    #[error(transparent)]
    Build(#[from] signoff_core::BuildError),
    /// No answer came back.
    #[error("transport: {0}")]
    Transport(Box<dyn std::error::Error + Send + Sync>),
    /// The vendor answered, and the answer is not a success.
    #[error("{0}")]
    Decode(String),
}

/// ureq: a blocking client.
pub mod blocking {
    use std::io::Read as _;
    use std::time::Duration;

    use bytes::Bytes;

    /// An agent for session-ending calls: no redirects, no status as
    /// error, a global timeout.
    pub fn agent(timeout: Duration) -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .new_agent()
    }

    /// Sends a codec's request; the body is read up to the limit + 1.
    pub fn send(agent: &ureq::Agent, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, ureq::Error> {
        let response = if request.body().is_empty() {
            agent.run(request.map(|_| ()))?
        } else {
            agent.run(request.map(|b| b.to_vec()))?
        };
        let (parts, body) = response.into_parts();
        let mut buf = Vec::new();
        body.into_reader()
            .take(super::BODY_LIMIT as u64 + 1)
            .read_to_end(&mut buf)?;
        Ok(http::Response::from_parts(parts, Bytes::from(buf)))
    }
}

/// hyper 1 through hyper-util's legacy client.
pub mod hyper_client {
    use bytes::Bytes;
    use http_body_util::{BodyExt as _, Full, Limited};
    use hyper_util::client::legacy::Client;
    use hyper_util::client::legacy::connect::HttpConnector;
    use hyper_util::rt::TokioExecutor;

    /// A pooled HTTP/1.1 client (plain HTTP; wrap the connector with
    /// hyper-rustls for TLS).
    pub type HyperClient = Client<HttpConnector, Full<Bytes>>;

    /// A client. Redirects are never followed: hyper does not follow them.
    pub fn client() -> HyperClient {
        Client::builder(TokioExecutor::new()).build_http()
    }

    /// Sends a codec's request; the body is read up to the limit + 1 (a
    /// larger one is cut there, and the codec says `body_too_large`).
    pub async fn send(
        client: &HyperClient,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, Box<dyn std::error::Error + Send + Sync>> {
        let response = client.request(request.map(Full::new)).await?;
        let (parts, body) = response.into_parts();
        let limit = super::BODY_LIMIT + 1;
        let bytes = match Limited::new(body, limit).collect().await {
            Ok(c) => c.to_bytes(),
            // Over the limit: hand the codec limit + 1 bytes so it says so.
            Err(e) if e.is::<http_body_util::LengthLimitError>() => Bytes::from(vec![0; limit]),
            Err(e) => return Err(e),
        };
        Ok(http::Response::from_parts(parts, bytes))
    }
}

/// reqwest 0.13 with rustls on the ring provider.
pub mod reqwest_client {
    use std::time::Duration;

    use bytes::Bytes;

    /// A client: the ring provider installed (reqwest's
    /// `rustls-no-provider` feature leaves the choice to the caller), no
    /// redirects, a timeout.
    pub fn client(timeout: Duration) -> Result<reqwest::Client, reqwest::Error> {
        // Fails only when a provider is already installed: keep that one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .build()
    }

    /// Sends a codec's request; the body is read chunk by chunk up to the
    /// limit + 1.
    pub async fn send(
        client: &reqwest::Client,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, reqwest::Error> {
        let mut response = client.execute(reqwest::Request::try_from(request)?).await?;
        let mut builder = http::Response::builder().status(response.status());
        if let Some(headers) = builder.headers_mut() {
            *headers = std::mem::take(response.headers_mut());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            body.extend_from_slice(&chunk);
            if body.len() > super::BODY_LIMIT {
                body.truncate(super::BODY_LIMIT + 1);
                break;
            }
        }
        Ok(builder.body(Bytes::from(body)).unwrap_or_default())
    }
}

/// The `ureq_jde` example: a JD Edwards logout over a blocking client.
pub fn jde_logout_blocking(
    base_url: &str,
    token: &str,
    device: Option<&str>,
) -> Result<signoff_jde::LoggedOut, ExampleError> {
    let mut builder = signoff_jde::Logout::builder().base_url(base_url).token(token);
    if let Some(d) = device {
        builder = builder.device(d);
    }
    let request = builder.build()?.to_request();
    let agent = blocking::agent(Duration::from_secs(30));
    let response = blocking::send(&agent, request).map_err(|e| ExampleError::Transport(Box::new(e)))?;
    signoff_jde::decode(&response).map_err(|e| ExampleError::Decode(e.to_string()))
}

/// The `hyper_oci` example: a signed Compute Enclave logout over hyper,
/// dated now (the clock is the caller's).
pub async fn oci_logout_hyper(
    endpoint: &str,
    signer: signoff_oci::Signer,
) -> Result<signoff_oci::LoggedOut, ExampleError> {
    let request = signoff_oci::Logout::builder()
        .endpoint(endpoint)
        .signer(signer)
        .date_time(SystemTime::now())
        .build()?
        .to_request();
    let client = hyper_client::client();
    let response = hyper_client::send(&client, request)
        .await
        .map_err(ExampleError::Transport)?;
    signoff_oci::decode(&response).map_err(|e| ExampleError::Decode(e.to_string()))
}

/// The `reqwest_oam` example: delete every OAM session of a user over
/// reqwest, calling again while the server's 28-per-answer cap left some.
pub async fn oam_delete_reqwest(
    base_url: &str,
    username: &str,
    password: &str,
    user_id: &str,
) -> Result<Vec<signoff_oam::SessionData>, ExampleError> {
    let call = signoff_oam::DeleteSessions::builder()
        .base_url(base_url)
        .username(username)
        .password(password)
        .user_id(user_id)
        .build()?;
    let client = reqwest_client::client(Duration::from_secs(30)).map_err(|e| ExampleError::Transport(Box::new(e)))?;
    let mut deleted = Vec::new();
    // Bounded: at most 100 rounds of 28.
    for _ in 0..100 {
        let response = reqwest_client::send(&client, call.to_request())
            .await
            .map_err(|e| ExampleError::Transport(Box::new(e)))?;
        let results = signoff_oam::decode(&response).map_err(|e| ExampleError::Decode(e.to_string()))?;
        let more = results.more_may_remain();
        deleted.extend(results.sessions);
        if !more {
            break;
        }
    }
    Ok(deleted)
}
