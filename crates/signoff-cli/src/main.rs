//! # signoff (the command-line tool)
//!
//! For people working against real servers: `signoff request` prints the
//! exact request a codec builds (secrets redacted unless
//! `--reveal-secrets`), `signoff decode` prints the decode report of a
//! captured response.
//!
//! Exit codes: 0 success or `api_error` (the codec understood the answer),
//! 1 `unexpected`, 2 usage errors (bad flags, unknown vendor or parameter,
//! a refused build).
//!
//! **Not for**: sending requests (a transport does that), or library use
//! (depend on the vendor crates).
//!
//! Dependencies: `clap` (argument parsing and help), `toml` (parameter
//! files and `--param` values), `serde_json` (the report).

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "the CLI reads files and stdin; it is not a codec"
)]

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use bytes::Bytes;
use clap::{Parser, Subcommand};
use serde_json::{Map, Value};
use signoff::{DecodeOptions, Outcome};

const REQUEST_EXAMPLES: &str = "\
Examples:
  signoff request jde --param base_url=https://ais.example.com --param token=044MyjuQ...
  signoff request commvault --param base_url=https://cv/webconsole/api \\
      --param authtoken='QSDK 3856...' --param 'session_ids=[\"EMCAE92D1DD\",\"CF1C660B\"]'
  signoff request oci --params oci.toml --reveal-secrets";

const DECODE_EXAMPLES: &str = "\
Examples:
  echo '{\"status\":\"Success\"}' | signoff decode jde --status 200 -H 'Content-Type: application/json' -
  signoff decode oam --status 200 -H 'Content-Type: application/xml' response.xml --pretty
  signoff decode jde --status 444 --pretty";

/// End sessions on enterprise systems: build the exact request, decode any answer.
#[derive(Debug, Parser)]
#[command(name = "signoff", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the HTTP/1.1 request a vendor codec builds (secrets redacted).
    #[command(after_help = REQUEST_EXAMPLES)]
    Request {
        /// Vendor short name: oci, veridata, commvault, oam, jde.
        vendor: String,
        /// The call (default: the vendor's session-ending call).
        #[arg(long)]
        call: Option<String>,
        /// A parameter, `key=value`; the value is read as TOML when it is an
        /// array, a table or a boolean (`["a","b"]`, `true`), else as a string.
        #[arg(long = "param", short = 'p', value_name = "KEY=VALUE")]
        params: Vec<String>,
        /// A TOML file of parameters (`--param` overrides it).
        #[arg(long = "params", value_name = "FILE.toml")]
        params_file: Option<PathBuf>,
        /// Print secrets (tokens, signatures) instead of the redaction marker.
        #[arg(long)]
        reveal_secrets: bool,
    },
    /// Decode a response (body from FILE, `-` for stdin, none for empty) and print the report as JSON.
    #[command(after_help = DECODE_EXAMPLES)]
    Decode {
        /// Vendor short name: oci, veridata, commvault, oam, jde.
        vendor: String,
        /// The call (default: the vendor's session-ending call).
        #[arg(long)]
        call: Option<String>,
        /// The HTTP status (100-999).
        #[arg(long)]
        status: u16,
        /// A response header, `Name: value`.
        #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
        headers: Vec<String>,
        /// Pretty-print the report.
        #[arg(long)]
        pretty: bool,
        /// The body limit in bytes.
        #[arg(long, default_value_t = signoff::core::DEFAULT_BODY_LIMIT)]
        body_limit: usize,
        /// The body: a file, or `-` for stdin.
        body: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("signoff: {msg}");
            ExitCode::from(2)
        }
    }
}

fn codec(vendor: &str) -> Result<&'static dyn signoff::Codec, String> {
    signoff::codec(vendor)
        .ok_or_else(|| format!("unknown vendor {vendor:?} (known: {})", signoff::vendors().join(", ")))
}

fn call_of(codec: &dyn signoff::Codec, call: Option<String>) -> String {
    call.unwrap_or_else(|| codec.calls().first().copied().unwrap_or("logout").to_owned())
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Request {
            vendor,
            call,
            params,
            params_file,
            reveal_secrets,
        } => {
            let codec = codec(&vendor)?;
            let call = call_of(codec, call);
            let mut map = match params_file {
                Some(path) => read_params_file(&path)?,
                None => Map::new(),
            };
            for p in &params {
                let (k, v) = p
                    .split_once('=')
                    .ok_or_else(|| format!("--param {:?} is not key=value", p.split('=').next().unwrap_or("")))?;
                map.insert(k.trim().to_owned(), param_value(v));
            }
            let request = codec
                .build(&call, Value::Object(map))
                .map_err(|e| format!("{vendor} {call}: the request was refused: {} ({})", e, e.kind().name()))?;
            print!("{}", signoff::render_request(&request, reveal_secrets));
            if !request.body().is_empty() {
                println!();
            }
            Ok(0)
        }
        Command::Decode {
            vendor,
            call,
            status,
            headers,
            pretty,
            body_limit,
            body,
        } => {
            let codec = codec(&vendor)?;
            let call = call_of(codec, call);
            let mut builder = http::Response::builder()
                .status(http::StatusCode::from_u16(status).map_err(|_| format!("--status {status} is not 100-999"))?);
            for h in &headers {
                let (name, value) = h
                    .split_once(':')
                    .ok_or_else(|| format!("-H {h:?} is not 'Name: value'"))?;
                let name = http::HeaderName::from_bytes(name.trim().as_bytes())
                    .map_err(|_| format!("-H: {:?} is not a header name", name.trim()))?;
                let value = http::HeaderValue::from_str(value.trim())
                    .map_err(|_| format!("-H: the value of {name} cannot stand in a header"))?;
                builder = builder.header(name, value);
            }
            let bytes = read_body(body.as_deref(), body_limit)?;
            let response = builder.body(Bytes::from(bytes)).map_err(|e| e.to_string())?;
            let report = codec
                .decode(&call, &response, &DecodeOptions::with_body_limit(body_limit))
                .map_err(|e| e.to_string())?;
            let text = if pretty {
                serde_json::to_string_pretty(&report)
            } else {
                serde_json::to_string(&report)
            }
            .map_err(|e| e.to_string())?;
            println!("{text}");
            Ok(if report.outcome == Outcome::Unexpected { 1 } else { 0 })
        }
    }
}

/// `--param` values: TOML arrays, tables and booleans are read as such;
/// everything else (numbers and dates included: tokens and ids may be
/// digits) is a string.
fn param_value(raw: &str) -> Value {
    let parsed = toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"));
    match parsed {
        Some(v @ (toml::Value::Array(_) | toml::Value::Table(_) | toml::Value::Boolean(_))) => {
            serde_json::to_value(v).unwrap_or_else(|_| Value::String(raw.to_owned()))
        }
        Some(toml::Value::String(s)) if raw.trim_start().starts_with(['"', '\'']) => Value::String(s),
        _ => Value::String(raw.to_owned()),
    }
}

fn read_params_file(path: &std::path::Path) -> Result<Map<String, Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))?;
    match serde_json::to_value(table) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(format!("{}: not a table of parameters", path.display())),
    }
}

fn read_body(path: Option<&std::path::Path>, limit: usize) -> Result<Vec<u8>, String> {
    // Read at most limit + 1 bytes: enough for the codec to say
    // body_too_large, never an unbounded buffer.
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut buf = Vec::new();
    match path {
        None => {}
        Some(p) if p.as_os_str() == "-" => {
            std::io::stdin()
                .take(cap)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
        }
        Some(p) => {
            let f = std::fs::File::open(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            f.take(cap)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        }
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn param_values() {
        assert_eq!(param_value(r#"["a","b"]"#), serde_json::json!(["a", "b"]));
        assert_eq!(param_value("true"), Value::Bool(true));
        assert_eq!(param_value("12345"), Value::String("12345".into()));
        assert_eq!(param_value("QSDK 3856"), Value::String("QSDK 3856".into()));
        assert_eq!(param_value(r#""quoted""#), Value::String("quoted".into()));
        assert_eq!(param_value("a=b=c"), Value::String("a=b=c".into()));
        assert_eq!(param_value("1979-05-27"), Value::String("1979-05-27".into()));
    }
}
