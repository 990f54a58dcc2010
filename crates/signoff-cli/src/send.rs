//! One call, end to end: parameters (with the CLI's clock where the codec
//! needs a date), the codec's request, the transport, the codec's decode.

use std::time::{Duration, Instant, SystemTime};

use serde_json::{Map, Value, json};
use signoff::core::RetryAfter;
use signoff::{BuildError, Codec, DecodeOptions, Outcome, Report};

use crate::transport::{Transport, TransportError, render_response};

/// What one call gave: a decode report, or a transport failure.
#[derive(Debug)]
pub(crate) struct Executed {
    pub(crate) vendor: String,
    pub(crate) call: String,
    pub(crate) result: Result<Report, TransportError>,
    pub(crate) elapsed: Duration,
    /// The redacted request and the response, for `--verbose`.
    pub(crate) trace: String,
    /// The answer as decoded (redacted unless secrets were asked for): a
    /// probe's liveness is judged from it.
    pub(crate) response: Option<http::Response<bytes::Bytes>>,
}

impl Executed {
    /// `success`, `api_error`, `unexpected` or `transport_error`.
    pub(crate) fn outcome_name(&self) -> &'static str {
        match &self.result {
            Ok(r) => r.outcome.name(),
            Err(_) => "transport_error",
        }
    }

    /// The report, or the transport failure in the same shape:
    /// `{"vendor","call","outcome":"transport_error","transport":{"kind","detail"}}`.
    pub(crate) fn to_value(&self) -> Value {
        match &self.result {
            Ok(report) => report.to_value(),
            Err(e) => json!({
                "vendor": self.vendor,
                "call": self.call,
                "outcome": "transport_error",
                "transport": e,
            }),
        }
    }

    /// The exit code of a single `send`: 0 success or `api_error`, 1
    /// `unexpected`, 3 transport failure.
    pub(crate) fn exit_code(&self) -> u8 {
        match &self.result {
            Ok(r) if r.outcome == Outcome::Unexpected => 1,
            Ok(_) => 0,
            Err(_) => 3,
        }
    }
}

/// The codec has no clock: the parameters a call declares its caller's
/// clock fills (an OCI signature's `date`, an HTTP date), when the caller
/// gave none, get the current time.
pub(crate) fn with_clock(
    codec: &dyn Codec,
    call: &str,
    mut params: Map<String, Value>,
) -> Result<Map<String, Value>, BuildError> {
    for name in codec.clock_params(call) {
        if !params.contains_key(*name) {
            let date = httpdate::fmt_http_date(SystemTime::now());
            params.insert((*name).to_owned(), Value::String(date));
        }
    }
    Ok(params)
}

/// Builds (refusing bad parameters before anything is sent), sends,
/// decodes.
pub(crate) fn execute(
    codec: &dyn Codec,
    call: &str,
    params: &Map<String, Value>,
    transport: &Transport,
    body_limit: usize,
    verbose: bool,
    reveal: bool,
) -> Result<Executed, BuildError> {
    let params = Value::Object(with_clock(codec, call, params.clone())?);
    let request = codec.build(call, params.clone())?;
    // Every secret sent, in every form a server may echo it: unless the
    // caller asked to see them, the response is redacted before anything
    // decodes, traces or cuts its texts.
    let redactor = codec.redactor(call, &params, &request);
    let mut trace = String::new();
    let mut trace_lines = |prefix: &str, text: &str| {
        for line in text.split("\r\n") {
            trace.push_str(prefix);
            trace.push_str(line);
            trace.push('\n');
        }
    };
    if verbose {
        let rendered = if reveal {
            signoff::render_request(&request, true)
        } else {
            signoff::render_request_hiding(&request, &redactor)
        };
        trace_lines("> ", &rendered);
    }
    let started = Instant::now();
    let sent = transport.send(&request);
    let elapsed = started.elapsed();
    let options = DecodeOptions::with_body_limit(body_limit);
    let mut kept = None;
    let result = match sent {
        Ok(response) if reveal => {
            if verbose {
                trace_lines("< ", &render_response(&response, true));
            }
            let report = codec.decode_revealing(call, &response, &options)?;
            kept = Some(response);
            Ok(report)
        }
        Ok(response) => {
            let response = redactor.redact_response(&response);
            if verbose {
                trace_lines("< ", &render_response(&response, false));
            }
            let mut report = codec.decode(call, &response, &options)?;
            report.redact(&redactor);
            kept = Some(response);
            Ok(report)
        }
        Err(e) => {
            if verbose {
                trace_lines("! ", &e.to_string());
            }
            Err(e)
        }
    };
    let result = result.map(|mut report| {
        // A Retry-After date with no Date header to measure it against:
        // the CLI's clock does (the codec has none).
        if report.retry_after.is_none()
            && let Some(headers) = kept.as_ref().map(http::Response::headers)
        {
            report.retry_after = RetryAfter::of(headers).and_then(|r| r.seconds(headers, Some(SystemTime::now())));
        }
        report
    });
    Ok(Executed {
        vendor: codec.vendor().to_owned(),
        call: call.to_owned(),
        result,
        elapsed,
        trace,
        response: kept,
    })
}
