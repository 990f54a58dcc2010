//! # signoff (the command-line tool)
//!
//! For people working against real servers: `signoff request` prints the
//! exact request a codec builds (secrets redacted unless
//! `--reveal-secrets`), `signoff decode` prints the decode report of a
//! captured response, `signoff send` performs the call over the network
//! and prints the report (`--plan` runs an offboarding plan of many calls),
//! `signoff emulate` serves all five APIs offline.
//!
//! Exit codes: 0 success or `api_error` (the codec understood the answer),
//! 1 `unexpected`, 2 usage errors (bad flags, unknown vendor or parameter,
//! a refused build, a config that does not parse), 3 a transport failure
//! of `send` (refused, DNS, TLS, timeout, protocol, I/O: printed as
//! `{"outcome":"transport_error","transport":{"kind":...,"detail":...}}`).
//! `send --plan` exits 0 only when every call succeeded, else 1 (2 for a
//! plan that cannot run: nothing is sent then).
//!
//! **Not for**: library use (depend on the vendor crates).
//!
//! Dependencies: `clap` (argument parsing and help), `toml` (parameter
//! files, plans and `--param` values), `serde`/`serde_json` (plans, the
//! report, the journal), `ureq` (the blocking transport of `send`: rustls
//! with ring, no default features; it honours the proxy environment
//! variables), `rustls` (to tell which TLS failure happened),
//! `rustls-native-certs` (the platform's trust store) and
//! `webpki-root-certs` (the public web roots) for what `send` trusts,
//! `ring` (the journal's SHA-256 chain), `httpdate` (dates),
//! `signoff-emulator` (`emulate`).

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "the CLI reads files, stdin, the environment and the clock, and opens sockets; it is not a codec"
)]

mod oci_config;
mod plan;
mod send;
mod transport;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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

const SEND_EXAMPLES: &str = "\
Examples:
  signoff send jde --param base_url=https://ais.example.com --param token=044MyjuQ...
  signoff send oci --params oci.toml --timeout 10 --verbose     (no `date`: the current time is signed)
  signoff send --plan offboard-alice.toml --json --concurrency 4
  signoff send --plan offboard-alice.toml --dry-run
  signoff send --plan offboard-alice.toml --journal alice.jsonl --retries 5 --cacert corp-ca.pem

Plan file:
  concurrency = 4                  # optional
  timeout = 30                     # optional, seconds per request
  retries = 3                      # optional; max_wait = 60 (seconds before a retry)
  ca_file = \"corp-ca.pem\"          # optional; cert_file + key_file for mutual TLS
  [[call]]
  name = \"alice on AIS\"           # optional label (unique)
  vendor = \"jde\"
  params = { base_url = \"https://ais.example.com\" }
  secret_env = { token = \"ALICE_JDE_TOKEN\" }          # parameter = environment variable
  [[call]]
  vendor = \"oam\"
  user = \"alice\"                   # every session of the user (oam, commvault)
  params = { base_url = \"https://oam.example.com\", username = \"weblogic\" }
  secret_env = { password = \"OAM_ADMIN_PASSWORD\" }
  verify = true                    # the default where the vendor has a check
  [[call]]
  vendor = \"oci\"
  secret_file = { private_key_pem = \"keys/oci.pem\" }  # parameter = file (relative to the plan)
  [call.params]
  endpoint = \"https://iaas.enclave.example.com\"
  tenancy_ocid = \"ocid1.tenancy.oc1..x\"
  user_ocid = \"ocid1.user.oc1..alice\"
  fingerprint = \"aa:bb:...\"

Exit codes: 0 success or api_error, 1 unexpected, 2 usage, 3 transport failure;
with --plan: 0 when every step succeeded (ended, and no check says alive), else 1;
with --dry-run: 0 when every request builds, else 2.";

const EMULATE_EXAMPLES: &str = "\
Examples:
  signoff emulate                      (the demo table, a free port)
  signoff emulate --port 8080 --config sessions.toml
  signoff emulate --tls --ca-out ca.pem   (then: signoff send ... --cacert ca.pem)

The first line on stdout is `listening on http://127.0.0.1:PORT` (`https://` with --tls;
the CA file is written before it).";

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
    #[command(after_help = REQUEST_EXAMPLES, display_name = "signoff")]
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
        /// The OCI config file to take the `oci` signer from (default
        /// `~/.oci/config` when --profile is given).
        #[arg(long, value_name = "FILE")]
        oci_config: Option<PathBuf>,
        /// The profile of the OCI config file (default `DEFAULT`).
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// Print secrets (tokens, signatures) instead of the redaction marker.
        #[arg(long)]
        reveal_secrets: bool,
    },
    /// Decode a response (body from FILE, `-` for stdin, none for empty) and print the report as JSON.
    #[command(after_help = DECODE_EXAMPLES, display_name = "signoff")]
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
        /// Print the secrets the answer holds (a login's token) instead of
        /// the redaction marker.
        #[arg(long)]
        reveal_secrets: bool,
        /// The body: a file, or `-` for stdin.
        body: Option<PathBuf>,
    },
    /// Perform a vendor's call over the network and print the decode report as JSON.
    #[command(after_help = SEND_EXAMPLES, display_name = "signoff")]
    Send {
        /// Vendor short name: oci, veridata, commvault, oam, jde.
        #[arg(required_unless_present = "plan", conflicts_with = "plan")]
        vendor: Option<String>,
        /// The call (default: the vendor's session-ending call).
        #[arg(long, conflicts_with = "plan")]
        call: Option<String>,
        /// A parameter, `key=value` (as for `request`).
        #[arg(long = "param", short = 'p', value_name = "KEY=VALUE", conflicts_with = "plan")]
        params: Vec<String>,
        /// A TOML file of parameters (`--param` overrides it).
        #[arg(long = "params", value_name = "FILE.toml", conflicts_with = "plan")]
        params_file: Option<PathBuf>,
        /// The OCI config file to take the `oci` signer from (default
        /// `~/.oci/config` when --profile is given).
        #[arg(long, value_name = "FILE", conflicts_with = "plan")]
        oci_config: Option<PathBuf>,
        /// The profile of the OCI config file (default `DEFAULT`).
        #[arg(long, value_name = "NAME", conflicts_with = "plan")]
        profile: Option<String>,
        /// Seconds before the call is abandoned (default 30; at least 1).
        #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
        timeout: Option<u64>,
        /// Also print the request (secrets redacted) and the response, on stderr.
        #[arg(long, conflicts_with = "plan")]
        verbose: bool,
        /// Print the secrets the answer holds (a login's token) in the
        /// report, and with --verbose the request's and the response's,
        /// instead of the redaction marker.
        #[arg(long, conflicts_with = "plan")]
        reveal_secrets: bool,
        /// Pretty-print the report.
        #[arg(long, conflicts_with = "plan")]
        pretty: bool,
        /// The body limit in bytes.
        #[arg(long, default_value_t = signoff::core::DEFAULT_BODY_LIMIT)]
        body_limit: usize,
        /// Run an offboarding plan (a TOML file of calls) instead of one call.
        #[arg(long, value_name = "FILE.toml")]
        plan: Option<PathBuf>,
        /// With --plan: print one JSON document instead of reports and a table.
        #[arg(long, requires = "plan")]
        json: bool,
        /// With --plan: steps in flight at once (default 4, at most 64).
        #[arg(long, requires = "plan", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
        concurrency: Option<u16>,
        /// With --plan: resolve every secret and build every request, print
        /// them (redacted) and what would be verified; send nothing.
        #[arg(long, requires = "plan")]
        dry_run: bool,
        /// With --plan: retries of a call after a retryable answer or no
        /// answer (default 3; a step may say otherwise).
        #[arg(long, requires = "plan", value_name = "N")]
        retries: Option<u32>,
        /// With --plan: the longest wait before a retry, in seconds (caps
        /// a server's Retry-After; default 60).
        #[arg(long, requires = "plan", value_name = "SECS")]
        max_wait: Option<u64>,
        /// With --plan: append every attempt and outcome to FILE (JSON
        /// lines, hash-chained, synced); a second run with the same
        /// journal skips the steps it records as done.
        #[arg(long, requires = "plan", value_name = "FILE")]
        journal: Option<PathBuf>,
        /// Trust the CA certificates in FILE (PEM) besides the platform's
        /// and the public roots (repeatable).
        #[arg(long = "cacert", value_name = "FILE")]
        cacert: Vec<PathBuf>,
        /// Present this client certificate (PEM) for mutual TLS.
        #[arg(long, value_name = "FILE", requires = "key")]
        cert: Option<PathBuf>,
        /// The client certificate's private key (PEM).
        #[arg(long, value_name = "FILE", requires = "cert")]
        key: Option<PathBuf>,
    },
    /// List each call's parameters: which are required, which are secret,
    /// which the tool fills.
    #[command(display_name = "signoff")]
    Params {
        /// Vendor short name: oci, veridata, commvault, oam, jde.
        vendor: String,
        /// Only this call (default: every call of the vendor).
        #[arg(long)]
        call: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check an offboarding journal: `signoff journal verify FILE`.
    #[command(display_name = "signoff", subcommand)]
    Journal(JournalCommand),
    /// Serve all five APIs on one loopback port, from a session table.
    #[command(after_help = EMULATE_EXAMPLES, display_name = "signoff")]
    Emulate {
        /// The port (0: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The session table (default: the documented demo table).
        #[arg(long, value_name = "FILE.toml")]
        config: Option<PathBuf>,
        /// Serve HTTPS with a certificate for 127.0.0.1 and localhost,
        /// signed by a CA generated at start.
        #[arg(long, requires = "ca_out")]
        tls: bool,
        /// With --tls: write the CA certificate (PEM) to FILE before the
        /// first line, for clients to trust (`send --cacert FILE`).
        #[arg(long, value_name = "FILE", requires = "tls")]
        ca_out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum JournalCommand {
    /// Whether the journal is whole: every line in order and chained to the
    /// one before, the last run ended. Exit 0 when whole, 1 otherwise.
    Verify {
        /// The journal.
        file: PathBuf,
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

/// Exits as clap does for a usage error (code 2), with the subcommand's
/// usage line.
fn usage_error(subcommand: &str, message: &str) -> ! {
    use clap::CommandFactory as _;
    let mut cmd = Cli::command();
    cmd.build();
    match cmd.find_subcommand_mut(subcommand) {
        Some(sub) => sub.error(clap::error::ErrorKind::ArgumentConflict, message).exit(),
        None => cmd.error(clap::error::ErrorKind::ArgumentConflict, message).exit(),
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
            oci_config,
            profile,
            reveal_secrets,
        } => {
            let codec = codec(&vendor)?;
            let call = call_of(codec, call);
            let mut map = collect_params(params_file.as_deref(), &params)?;
            with_oci_config(&vendor, oci_config, profile.as_deref(), &mut map)?;
            let params = Value::Object(map);
            let request = codec
                .build(&call, params.clone())
                .map_err(|e| format!("{vendor} {call}: the request was refused: {e}"))?;
            if reveal_secrets {
                print!("{}", signoff::render_request(&request, true));
            } else {
                let redactor = codec.redactor(&call, &params, &request);
                print!("{}", signoff::render_request_hiding(&request, &redactor));
            }
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
            reveal_secrets,
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
            let options = DecodeOptions::with_body_limit(body_limit);
            let report = if reveal_secrets {
                codec.decode_revealing(&call, &response, &options)
            } else {
                codec.decode(&call, &response, &options)
            }
            .map_err(|e| e.to_string())?;
            // The same value, so the same key order, as `send` prints.
            let value = report.to_value();
            let text = if pretty {
                serde_json::to_string_pretty(&value)
            } else {
                serde_json::to_string(&value)
            }
            .map_err(|e| e.to_string())?;
            println!("{text}");
            Ok(if report.outcome == Outcome::Unexpected { 1 } else { 0 })
        }
        Command::Send {
            vendor,
            call,
            params,
            params_file,
            oci_config,
            profile,
            timeout,
            verbose,
            reveal_secrets,
            pretty,
            body_limit,
            plan,
            json,
            concurrency,
            dry_run,
            retries,
            max_wait,
            journal,
            cacert,
            cert,
            key,
        } => {
            let tls = transport::TlsSettings {
                ca_files: cacert,
                client: cert.zip(key),
            };
            if plan.is_none() {
                let plan_only = [
                    ("--json", json),
                    ("--concurrency", concurrency.is_some()),
                    ("--dry-run", dry_run),
                    ("--retries", retries.is_some()),
                    ("--max-wait", max_wait.is_some()),
                    ("--journal", journal.is_some()),
                ];
                if let Some((flag, _)) = plan_only.iter().find(|(_, given)| *given) {
                    usage_error(
                        "send",
                        &format!("{flag} is for an offboarding plan: give --plan FILE.toml"),
                    );
                }
            }
            if let Some(path) = plan {
                return plan::run(&plan::PlanArgs {
                    path,
                    json,
                    concurrency: concurrency.map(usize::from),
                    timeout,
                    body_limit,
                    dry_run,
                    retries,
                    max_wait,
                    journal,
                    tls,
                });
            }
            let vendor = vendor.ok_or("send needs a VENDOR or --plan")?;
            let codec = codec(&vendor)?;
            let call = call_of(codec, call);
            let mut map = collect_params(params_file.as_deref(), &params)?;
            with_oci_config(&vendor, oci_config, profile.as_deref(), &mut map)?;
            let transport = transport::Transport::new(Duration::from_secs(timeout.unwrap_or(30)), body_limit, &tls)?;
            let executed = send::execute(codec, &call, &map, &transport, body_limit, verbose, reveal_secrets)
                .map_err(|e| format!("{vendor} {call}: the request was refused: {e}"))?;
            if verbose {
                eprint!("{}", executed.trace);
            }
            let value = executed.to_value();
            let text = if pretty {
                serde_json::to_string_pretty(&value)
            } else {
                serde_json::to_string(&value)
            }
            .map_err(|e| e.to_string())?;
            println!("{text}");
            Ok(executed.exit_code())
        }
        Command::Emulate {
            port,
            config,
            tls,
            ca_out,
        } => emulate(port, config.as_deref(), ca_out.filter(|_| tls).as_deref()),
        Command::Params { vendor, call, json } => {
            let codec = codec(&vendor)?;
            let calls = match call {
                Some(c) if codec.calls().contains(&c.as_str()) => vec![c],
                Some(c) => {
                    return Err(format!(
                        "{vendor} has no call {c:?} (its calls: {})",
                        codec.calls().join(", ")
                    ));
                }
                None => codec.calls().into_iter().map(str::to_owned).collect(),
            };
            print!("{}", params_listing(codec, &calls, json));
            Ok(0)
        }
        Command::Journal(JournalCommand::Verify { file }) => match plan::verify_journal(&file) {
            Ok(s) => {
                println!(
                    "{}: whole ({} lines, {} run(s), {} steps done)",
                    file.display(),
                    s.lines,
                    s.runs,
                    s.history.done.len()
                );
                Ok(0)
            }
            Err(broken) => {
                println!("{}: not whole: {broken}", file.display());
                Ok(1)
            }
        },
    }
}

fn emulate(port: u16, config: Option<&std::path::Path>, ca_out: Option<&std::path::Path>) -> Result<u8, String> {
    use std::io::Write as _;
    let demo = config.is_none();
    let config = match config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            signoff_emulator::Config::from_toml_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => signoff_emulator::Config::demo(),
    };
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let emulator = signoff_emulator::Emulator::new(config);
    let handle = match ca_out {
        None => emulator.spawn(addr),
        Some(path) => {
            let identity = signoff_emulator::TlsIdentity::generate(&signoff_emulator::TlsSettings::new())
                .map_err(|e| e.to_string())?;
            std::fs::write(path, identity.ca_pem()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            emulator.spawn_tls(addr, &identity)
        }
    }
    .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let base = handle.base_url();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on {base}");
    let _ = write!(out, "{}", signoff_emulator::describe(&base, &handle.stats()));
    if demo {
        let _ = writeln!(
            out,
            "demo table (see `signoff-emulator` docs); try:\n  signoff send jde --param base_url={base} --param token={}\n  \
             signoff send oam --param base_url={base} --param username=weblogic --param password=Welcome1 --param user_id=user3",
            signoff_emulator::DEMO_JDE_TOKEN
        );
    }
    let _ = writeln!(out, "serving until interrupted (Ctrl-C)");
    let _ = out.flush();
    drop(out);
    handle.wait();
    Ok(0)
}

/// What `signoff params` prints: every parameter of each call, required
/// or not, secret or not, and what fills it when the caller does not (the
/// clock for `send`, an OCI config profile).
fn params_listing(codec: &dyn signoff::Codec, calls: &[String], json: bool) -> String {
    use std::fmt::Write as _;
    let filled_by = |call: &str, name: &str| -> Option<&'static str> {
        if codec.clock_params(call).contains(&name) {
            Some("send fills it from its clock; request needs it")
        } else if codec.vendor() == signoff::oci::VENDOR && oci_config::FILLS.contains(&name) {
            Some("--oci-config/--profile fill it")
        } else {
            None
        }
    };
    if json {
        let doc: Vec<Value> = calls
            .iter()
            .map(|call| {
                let params: Vec<Value> = codec
                    .params_of(call)
                    .iter()
                    .map(|p| {
                        serde_json::json!({
                            "name": p.name,
                            "required": p.required,
                            "secret": codec.secret_params(call).contains(&p.name),
                            "filled_by": filled_by(call, p.name),
                            "about": p.about,
                        })
                    })
                    .collect();
                serde_json::json!({"vendor": codec.vendor(), "call": call, "params": params})
            })
            .collect();
        return format!("{}\n", Value::Array(doc));
    }
    let mut out = String::new();
    for (i, call) in calls.iter().enumerate() {
        let first = codec.calls().first().is_some_and(|c| c == call);
        let _ = writeln!(
            out,
            "{} {call}{}",
            codec.vendor(),
            if first {
                " (the default: the session-ending call)"
            } else {
                ""
            }
        );
        let width = codec.params_of(call).iter().map(|p| p.name.len()).max().unwrap_or(0);
        for p in codec.params_of(call) {
            let mut tags = vec![if p.required { "required" } else { "optional" }];
            if codec.secret_params(call).contains(&p.name) {
                tags.push("secret");
            }
            let _ = write!(out, "  {:<width$}  {:<17}  {}", p.name, tags.join(", "), p.about);
            if let Some(by) = filled_by(call, p.name) {
                let _ = write!(out, " ({by})");
            }
            out.push('\n');
        }
        if i + 1 < calls.len() {
            out.push('\n');
        }
    }
    out
}

/// `--params FILE` then `--param k=v` on top.
/// The OCI config's profile fills the `oci` signer parameters not given
/// (`--oci-config`, or `~/.oci/config` when only `--profile` is given).
fn with_oci_config(
    vendor: &str,
    file: Option<PathBuf>,
    profile: Option<&str>,
    params: &mut Map<String, Value>,
) -> Result<(), String> {
    if file.is_none() && profile.is_none() {
        return Ok(());
    }
    if vendor != "oci" {
        return Err(format!(
            "--oci-config and --profile are for the oci vendor, not {vendor}"
        ));
    }
    let path = file
        .or_else(oci_config::default_path)
        .ok_or("--profile needs --oci-config (no home directory for ~/.oci/config)")?;
    oci_config::fill(&path, profile, params)
}

fn collect_params(file: Option<&std::path::Path>, params: &[String]) -> Result<Map<String, Value>, String> {
    let mut map = match file {
        Some(path) => read_params_file(path)?,
        None => Map::new(),
    };
    for p in params {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| format!("--param {:?} is not key=value", p.split('=').next().unwrap_or("")))?;
        map.insert(k.trim().to_owned(), param_value(v));
    }
    Ok(map)
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

/// A TOML file's parse error as a sentence that never quotes the file:
/// its path and line, and toml's message only where it cannot hold a value
/// (a key name, the type expected). A params or plan file holds secrets.
pub(crate) fn toml_error(path: &std::path::Path, text: &str, e: &toml::de::Error) -> String {
    let line = e
        .span()
        .map(|span| text.get(..span.start).unwrap_or(text).matches('\n').count() + 1);
    let message = e.message();
    let what = if message.starts_with("unknown field") || message.starts_with("missing field") {
        message.split(", expected").next().unwrap_or(message).to_owned()
    } else if let Some((_, expected)) = message.split_once(", expected ") {
        format!("a value of the wrong type or form (expected {expected})")
    } else {
        "not valid TOML".to_owned()
    };
    match line {
        Some(line) => format!("{}:{line}: {what}", path.display()),
        None => format!("{}: {what}", path.display()),
    }
}

fn read_params_file(path: &std::path::Path) -> Result<Map<String, Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
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
