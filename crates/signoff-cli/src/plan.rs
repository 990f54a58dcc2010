//! `signoff send --plan FILE.toml`: offboarding in one command. Every call
//! is resolved and built before anything is sent (a plan with a missing
//! secret or a refused parameter sends nothing); then the calls run on a
//! bounded pool of threads; then one report per call and a summary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::send::{Executed, execute, with_clock};
use crate::transport::Transport;

/// The default number of calls in flight.
pub(crate) const DEFAULT_CONCURRENCY: usize = 4;

/// The plan file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    /// Calls in flight at once (the flag overrides it).
    #[serde(default)]
    concurrency: Option<usize>,
    /// Seconds per call (the flag overrides it).
    #[serde(default)]
    timeout: Option<u64>,
    #[serde(default, rename = "call")]
    calls: Vec<CallSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CallSpec {
    #[serde(default)]
    name: Option<String>,
    vendor: String,
    #[serde(default)]
    call: Option<String>,
    #[serde(default)]
    params: toml::Table,
    /// Parameter name -> environment variable holding its value.
    #[serde(default)]
    secret_env: BTreeMap<String, String>,
    /// Parameter name -> file holding its value (relative to the plan).
    #[serde(default)]
    secret_file: BTreeMap<String, PathBuf>,
}

/// One call, resolved and checked.
struct Ready {
    name: String,
    codec: &'static dyn signoff::Codec,
    call: String,
    params: Map<String, Value>,
}

/// The flags of `send --plan`.
#[derive(Debug)]
pub(crate) struct PlanArgs {
    pub(crate) path: PathBuf,
    pub(crate) json: bool,
    pub(crate) concurrency: Option<usize>,
    pub(crate) timeout: Option<u64>,
    pub(crate) body_limit: usize,
}

/// Runs the plan; `Err` is a usage error (exit 2), `Ok` the exit code: 0
/// when every call succeeded, 1 otherwise.
pub(crate) fn run(args: &PlanArgs) -> Result<u8, String> {
    let text = std::fs::read_to_string(&args.path).map_err(|e| format!("cannot read {}: {e}", args.path.display()))?;
    let plan: PlanFile = toml::from_str(&text).map_err(|e| crate::toml_error(&args.path, &text, &e))?;
    if plan.calls.is_empty() {
        return Err(format!("{}: the plan lists no [[call]]", args.path.display()));
    }
    let dir = args.path.parent().unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    let mut ready = Vec::with_capacity(plan.calls.len());
    for (i, spec) in plan.calls.into_iter().enumerate() {
        let name = spec
            .name
            .clone()
            .unwrap_or_else(|| format!("{} #{}", spec.vendor, i + 1));
        match resolve(spec, dir, name.clone()) {
            Ok(r) => ready.push(r),
            Err(e) => problems.push(format!("call {} ({name}): {e}", i + 1)),
        }
    }
    if !problems.is_empty() {
        return Err(format!("the plan was not run:\n  {}", problems.join("\n  ")));
    }
    let concurrency = args
        .concurrency
        .or(plan.concurrency)
        .unwrap_or(DEFAULT_CONCURRENCY)
        .clamp(1, 64)
        .min(ready.len());
    let timeout = Duration::from_secs(args.timeout.or(plan.timeout).unwrap_or(30));
    let transport = Transport::new(timeout, args.body_limit);
    let results = run_pool(&ready, &transport, concurrency, args.body_limit);
    let mut executed = Vec::with_capacity(results.len());
    for (r, item) in results.into_iter().zip(&ready) {
        executed.push(r.map_err(|e| format!("call {}: {e}", item.name))?);
    }
    let all_ok = executed.iter().all(Executed::succeeded);
    if args.json {
        println!("{}", json_document(&ready, &executed));
    } else {
        print!("{}", human_output(&ready, &executed));
    }
    Ok(if all_ok { 0 } else { 1 })
}

fn resolve(spec: CallSpec, dir: &Path, name: String) -> Result<Ready, String> {
    let codec = signoff::codec(&spec.vendor).ok_or_else(|| {
        format!(
            "unknown vendor {:?} (known: {})",
            spec.vendor,
            signoff::vendors().join(", ")
        )
    })?;
    let call = spec
        .call
        .unwrap_or_else(|| codec.calls().first().copied().unwrap_or("logout").to_owned());
    let mut params = match serde_json::to_value(spec.params) {
        Ok(Value::Object(m)) => m,
        _ => return Err("params is not a table".to_owned()),
    };
    for (param, var) in &spec.secret_env {
        // The value is never printed: only the variable's name.
        let value = std::env::var(var).map_err(|_| format!("environment variable {var} (for {param}) is not set"))?;
        params.insert(param.clone(), Value::String(value));
    }
    for (param, file) in &spec.secret_file {
        let path = dir.join(file);
        let value =
            std::fs::read_to_string(&path).map_err(|e| format!("cannot read {} (for {param}): {e}", path.display()))?;
        params.insert(param.clone(), Value::String(value));
    }
    // Build once now, so a refused parameter stops the plan before any
    // call is sent (the real request is built again, with a fresh date).
    let checked = with_clock(codec, &call, params.clone()).map_err(|e| e.to_string())?;
    codec
        .build(&call, Value::Object(checked))
        .map_err(|e| format!("the request was refused: {e}"))?;
    Ok(Ready {
        name,
        codec,
        call,
        params,
    })
}

type Slot = Mutex<Option<Result<Executed, signoff::BuildError>>>;

fn run_pool(
    ready: &[Ready],
    transport: &Transport,
    concurrency: usize,
    body_limit: usize,
) -> Vec<Result<Executed, signoff::BuildError>> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Slot> = ready.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..concurrency {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let (Some(item), Some(slot)) = (ready.get(i), slots.get(i)) else {
                        break;
                    };
                    let r = execute(
                        item.codec,
                        &item.call,
                        &item.params,
                        transport,
                        body_limit,
                        false,
                        false,
                    );
                    *slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(r);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .unwrap_or_else(|| {
                    Err(signoff::BuildError::new(
                        signoff::BuildErrorKind::InvalidParams,
                        "call",
                        "was not run",
                    ))
                })
        })
        .collect()
}

fn status_of(e: &Executed) -> Option<u16> {
    e.result.as_ref().ok().map(|r| r.status)
}

fn request_id_of(e: &Executed) -> Option<&str> {
    e.result.as_ref().ok().and_then(|r| r.request_id.as_deref())
}

fn json_document(ready: &[Ready], executed: &[Executed]) -> Value {
    let calls: Vec<Value> = ready
        .iter()
        .zip(executed)
        .enumerate()
        .map(|(i, (r, e))| {
            json!({
                "index": i + 1,
                "name": r.name,
                "vendor": e.vendor,
                "call": e.call,
                "outcome": e.outcome_name(),
                "status": status_of(e),
                "request_id": request_id_of(e),
                "elapsed_ms": e.elapsed.as_millis() as u64,
                "report": e.to_value(),
            })
        })
        .collect();
    let succeeded = executed.iter().filter(|e| e.succeeded()).count();
    json!({
        "calls": calls,
        "summary": {
            "total": executed.len(),
            "succeeded": succeeded,
            "failed": executed.len() - succeeded,
        },
    })
}

/// The widest a table cell of outside text gets, in bytes.
const CELL_LIMIT: usize = 40;

/// A table cell of text a server or a plan gave: one line, no control
/// character, at most [`CELL_LIMIT`] bytes, so the table stays a table.
fn cell(text: &str) -> String {
    signoff::core::clean_text(text, CELL_LIMIT, signoff::core::Lines::Join)
}

fn human_output(ready: &[Ready], executed: &[Executed]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (i, (r, e)) in ready.iter().zip(executed).enumerate() {
        let _ = writeln!(
            out,
            "== [{}] {} ({} {}): {}",
            i + 1,
            cell(&r.name),
            e.vendor,
            e.call,
            e.outcome_name()
        );
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&e.to_value()).unwrap_or_default()
        );
    }
    let rows: Vec<[String; 7]> = ready
        .iter()
        .zip(executed)
        .enumerate()
        .map(|(i, (r, e))| {
            [
                (i + 1).to_string(),
                cell(&r.name),
                e.vendor.clone(),
                e.outcome_name().to_owned(),
                status_of(e).map_or_else(|| "-".to_owned(), |s| s.to_string()),
                cell(request_id_of(e).unwrap_or("-")),
                format!("{} ms", e.elapsed.as_millis()),
            ]
        })
        .collect();
    let header = ["#", "name", "vendor", "outcome", "status", "request id", "time"].map(str::to_owned);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    out.push('\n');
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row.iter().zip(widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    let succeeded = executed.iter().filter(|e| e.succeeded()).count();
    let _ = writeln!(
        out,
        "\n{} calls: {} succeeded, {} did not",
        executed.len(),
        succeeded,
        executed.len() - succeeded
    );
    out
}
