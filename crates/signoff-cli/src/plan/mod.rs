//! `signoff send --plan FILE.toml`: offboarding in one command. Every step
//! is resolved and built before anything is sent (a plan with a missing
//! secret or a refused parameter sends nothing); then the steps run on a
//! bounded pool of threads, each with its retries and its check that the
//! session is gone; then one report per step and a summary. A journal
//! records every attempt and outcome, and lets a second run of the same
//! plan skip what the first finished.

mod journal;
mod step;

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value, json};
use signoff::core::{Liveness, Sweep};

use crate::send::with_clock;
use crate::transport::{TlsSettings, Transport};
use journal::{History, Journal};
use step::{Done, Kind, Runner, Step, StepResult};

pub(crate) use journal::verify as verify_journal;

/// The default number of steps in flight.
pub(crate) const DEFAULT_CONCURRENCY: usize = 4;

/// The default number of retries of a call.
pub(crate) const DEFAULT_RETRIES: u32 = 3;

/// The most retries a step may ask for.
const MAX_RETRIES: u32 = 20;

/// The default longest wait before a retry, in seconds.
pub(crate) const DEFAULT_MAX_WAIT: u64 = 60;

/// The plan file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    /// Steps in flight at once (the flag overrides it).
    #[serde(default)]
    concurrency: Option<usize>,
    /// Seconds per request (the flag overrides it).
    #[serde(default)]
    timeout: Option<u64>,
    /// Retries of a call (the flag overrides it; a step may too).
    #[serde(default)]
    retries: Option<u32>,
    /// The longest wait before a retry, seconds (the flag overrides it).
    #[serde(default)]
    max_wait: Option<u64>,
    /// A PEM file of CA certificates to trust (an internal CA), relative
    /// to the plan.
    #[serde(default)]
    ca_file: Option<PathBuf>,
    /// A client certificate (PEM) for mutual TLS, relative to the plan.
    #[serde(default)]
    cert_file: Option<PathBuf>,
    /// Its private key (PEM), relative to the plan.
    #[serde(default)]
    key_file: Option<PathBuf>,
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
    /// End every session of this user (vendors that can find a user's
    /// sessions), instead of one call.
    #[serde(default)]
    user: Option<String>,
    /// Check after the logout that the session is gone (default: on where
    /// the vendor has a check).
    #[serde(default)]
    verify: Option<bool>,
    /// Retries of this step's calls.
    #[serde(default)]
    retries: Option<u32>,
    #[serde(default)]
    params: toml::Table,
    /// What the check needs that the call does not carry (Commvault's
    /// `user_id`).
    #[serde(default)]
    verify_params: toml::Table,
    /// Parameter name -> environment variable holding its value.
    #[serde(default)]
    secret_env: BTreeMap<String, String>,
    /// Parameter name -> file holding its value (relative to the plan; one
    /// trailing line break is not part of it).
    #[serde(default)]
    secret_file: BTreeMap<String, PathBuf>,
}

/// The flags of `send --plan`.
#[derive(Debug)]
pub(crate) struct PlanArgs {
    pub(crate) path: PathBuf,
    pub(crate) json: bool,
    pub(crate) concurrency: Option<usize>,
    pub(crate) timeout: Option<u64>,
    pub(crate) body_limit: usize,
    pub(crate) dry_run: bool,
    pub(crate) retries: Option<u32>,
    pub(crate) max_wait: Option<u64>,
    pub(crate) journal: Option<PathBuf>,
    pub(crate) tls: TlsSettings,
}

/// Runs the plan; `Err` is a usage error (exit 2), `Ok` the exit code: 0
/// when every step succeeded, 1 otherwise (a dry run: 0 when every step
/// builds, 2 when one does not).
pub(crate) fn run(args: &PlanArgs) -> Result<u8, String> {
    let bytes = std::fs::read(&args.path).map_err(|e| format!("cannot read {}: {e}", args.path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", args.path.display()))?;
    let plan: PlanFile = toml::from_str(&text).map_err(|e| crate::toml_error(&args.path, &text, &e))?;
    if plan.calls.is_empty() {
        return Err(format!("{}: the plan lists no [[call]]", args.path.display()));
    }
    let dir = args.path.parent().unwrap_or(Path::new("."));
    let retries = args.retries.or(plan.retries).unwrap_or(DEFAULT_RETRIES);
    if retries > MAX_RETRIES {
        return Err(format!("retries is at most {MAX_RETRIES}"));
    }
    let mut tls = args.tls.clone();
    if let Some(ca) = &plan.ca_file {
        tls.ca_files.push(dir.join(ca));
    }
    match (&plan.cert_file, &plan.key_file) {
        (Some(c), Some(k)) if tls.client.is_none() => tls.client = Some((dir.join(c), dir.join(k))),
        (Some(_), None) | (None, Some(_)) => return Err("a plan's cert_file and key_file go together".to_owned()),
        _ => {}
    }
    let mut problems = Vec::new();
    let mut steps = Vec::with_capacity(plan.calls.len());
    let mut names = std::collections::HashSet::new();
    for (i, spec) in plan.calls.into_iter().enumerate() {
        let name = spec
            .name
            .clone()
            .unwrap_or_else(|| format!("{} #{}", spec.vendor, i + 1));
        if !names.insert(name.clone()) {
            problems.push(format!("call {} ({name}): the name is given to another call", i + 1));
            continue;
        }
        match resolve(spec, dir, i + 1, name.clone(), retries) {
            Ok(s) => steps.push(s),
            Err(e) => problems.push(format!("call {} ({name}): {e}", i + 1)),
        }
    }
    if args.dry_run {
        return Ok(dry_run(&steps, &problems));
    }
    if !problems.is_empty() {
        return Err(format!("the plan was not run:\n  {}", problems.join("\n  ")));
    }
    let concurrency = args
        .concurrency
        .or(plan.concurrency)
        .unwrap_or(DEFAULT_CONCURRENCY)
        .clamp(1, 64)
        .min(steps.len());
    let timeout = Duration::from_secs(args.timeout.or(plan.timeout).unwrap_or(30));
    let transport = Transport::new(timeout, args.body_limit, &tls)?;
    let plan_sha256 = journal::sha256_hex(text.as_bytes());
    let (journal, history) = match &args.journal {
        Some(path) => {
            let history = if path.exists() {
                journal::history(path).map_err(|b| format!("the journal {} cannot be resumed: {b}", path.display()))?
            } else {
                History::default()
            };
            if history.plan_sha256.as_ref().is_some_and(|h| *h != plan_sha256) {
                return Err(format!(
                    "the journal {} records another plan (or this plan was edited): use a new journal",
                    path.display()
                ));
            }
            (Some(Journal::open(path, &history)?), history)
        }
        None => (None, History::default()),
    };
    if let Some(j) = &journal {
        let mut fields = Map::new();
        fields.insert("plan_sha256".into(), json!(plan_sha256));
        fields.insert("steps".into(), json!(steps.len()));
        j.write("run", fields);
    }
    let runner = Runner {
        transport: &transport,
        body_limit: args.body_limit,
        max_wait: Duration::from_secs(args.max_wait.or(plan.max_wait).unwrap_or(DEFAULT_MAX_WAIT)),
        journal: journal.as_ref(),
        jitter: step::Jitter::default(),
    };
    for step in &mut steps {
        step.begun_before = history
            .begun
            .iter()
            .any(|(i, n)| *i == step.index as u64 && *n == step.name);
    }
    let skip: Vec<bool> = steps
        .iter()
        .map(|s| history.done.iter().any(|(i, n)| *i == s.index as u64 && *n == s.name))
        .collect();
    let results = run_pool(&steps, &skip, &runner, concurrency);
    let succeeded = results.iter().filter(|d| d.succeeded()).count();
    let skipped = results.iter().filter(|d| d.result == StepResult::Skipped).count();
    if let Some(j) = &journal {
        let mut fields = Map::new();
        fields.insert("succeeded".into(), json!(succeeded - skipped));
        fields.insert("failed".into(), json!(results.len() - succeeded));
        fields.insert("skipped".into(), json!(skipped));
        j.write("end", fields);
        if let Some(e) = j.failure() {
            return Err(e);
        }
    }
    if args.json {
        println!("{}", json_document(&steps, &results));
    } else {
        print!("{}", human_output(&steps, &results));
    }
    Ok(if succeeded == results.len() { 0 } else { 1 })
}

fn resolve(spec: CallSpec, dir: &Path, index: usize, name: String, retries: u32) -> Result<Step, String> {
    let codec = signoff::codec(&spec.vendor).ok_or_else(|| {
        format!(
            "unknown vendor {:?} (known: {})",
            spec.vendor,
            signoff::vendors().join(", ")
        )
    })?;
    let mut params = table_to_map(spec.params, "params")?;
    for (param, var) in &spec.secret_env {
        // The value is never printed: only the variable's name.
        let value = std::env::var(var).map_err(|_| format!("environment variable {var} (for {param}) is not set"))?;
        params.insert(param.clone(), Value::String(value));
    }
    for (param, file) in &spec.secret_file {
        let path = dir.join(file);
        let value =
            std::fs::read_to_string(&path).map_err(|e| format!("cannot read {} (for {param}): {e}", path.display()))?;
        params.insert(param.clone(), Value::String(without_final_newline(value)));
    }
    let retries = spec.retries.unwrap_or(retries);
    if retries > MAX_RETRIES {
        return Err(format!("retries is at most {MAX_RETRIES}"));
    }
    let verify_params = table_to_map(spec.verify_params, "verify_params")?;
    let (kind, has_check) = match (spec.user, spec.call) {
        (Some(_), Some(_)) => return Err("a step names a call or a user, not both".to_owned()),
        (Some(user), None) => {
            let sweep = codec.sweep().ok_or_else(|| {
                format!(
                    "{} cannot end every session of a user (it documents no way to find a user's sessions): name \
                     the sessions in single calls",
                    codec.vendor()
                )
            })?;
            if user.trim().is_empty() {
                return Err("user is empty".to_owned());
            }
            let has_check = match sweep {
                Sweep::Repeat { verify, .. } => verify.is_some(),
                Sweep::ListThenEnd { end, .. } => codec.probe(end).is_some(),
                _ => false,
            };
            (Kind::User { user, sweep }, has_check)
        }
        (None, call) => {
            let call = call.unwrap_or_else(|| codec.calls().first().copied().unwrap_or("logout").to_owned());
            let has_check = codec.probe(&call).is_some();
            (Kind::Call { call }, has_check)
        }
    };
    let step = Step {
        index,
        name,
        codec,
        kind,
        params,
        verify_params,
        verify: spec.verify.unwrap_or(has_check),
        retries,
        begun_before: false,
    };
    // Build once now, so a refused parameter stops the plan before any
    // call is sent (the real requests are built again, with a fresh date).
    for (call, params) in first_requests(&step) {
        let checked = with_clock(step.codec, call, params).map_err(|e| e.to_string())?;
        step.codec
            .build(call, Value::Object(checked))
            .map_err(|e| format!("the request was refused: {e}"))?;
    }
    Ok(step)
}

/// The requests a step's first calls send, as (call, parameters): what a
/// dry run shows and what resolving checks. A listing's ending call is
/// built with a placeholder id (the real ones come from the listing).
fn first_requests(step: &Step) -> Vec<(&str, Map<String, Value>)> {
    match &step.kind {
        Kind::Call { call } => vec![(call.as_str(), step.params.clone())],
        Kind::User { user, sweep } => match *sweep {
            Sweep::Repeat { call, user_param, .. } => {
                let mut p = step.params.clone();
                p.insert(user_param.to_owned(), json!(user));
                vec![(call, p)]
            }
            Sweep::ListThenEnd {
                list,
                user_param,
                end,
                ids_param,
                ..
            } => {
                let mut listing = step.params.clone();
                listing.insert(user_param.to_owned(), json!(user));
                let mut ending = step.params.clone();
                ending.insert(ids_param.to_owned(), json!(["SESSION-ID-FROM-THE-LIST"]));
                vec![(list, listing), (end, ending)]
            }
            _ => Vec::new(),
        },
    }
}

/// A secret file's text without the line break an editor or `echo` ends
/// it with (`\n` or `\r\n`, once).
fn without_final_newline(mut value: String) -> String {
    if value.ends_with('\n') {
        value.pop();
        if value.ends_with('\r') {
            value.pop();
        }
    }
    value
}

fn table_to_map(table: toml::Table, what: &str) -> Result<Map<String, Value>, String> {
    match serde_json::to_value(table) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(format!("{what} is not a table")),
    }
}

/// Prints every step's requests (secrets redacted) and its check; sends
/// nothing. 0 when every step builds, 2 otherwise.
fn dry_run(steps: &[Step], problems: &[String]) -> u8 {
    use std::fmt::Write as _;
    let mut out = String::new();
    for step in steps {
        let what = match &step.kind {
            Kind::Call { call } => format!("{} {call}", step.codec.vendor()),
            Kind::User { user, .. } => format!("{} every session of user {}", step.codec.vendor(), cell(user)),
        };
        let _ = writeln!(out, "== [{}] {} ({what}): would send", step.index, cell(&step.name));
        for (call, params) in first_requests(step) {
            let Ok(params) = with_clock(step.codec, call, params) else {
                continue;
            };
            let params = Value::Object(params);
            if let Ok(request) = step.codec.build(call, params.clone()) {
                let redactor = step.codec.redactor(call, &params, &request);
                let _ = writeln!(
                    out,
                    "{}",
                    signoff::render_request_hiding(&request, &redactor).trim_end()
                );
            }
        }
        let _ = writeln!(out, "verify: {}", dry_check(step));
        let _ = writeln!(out, "retries: {}", step.retries);
        out.push('\n');
    }
    for p in problems {
        let _ = writeln!(out, "refused: {p}");
    }
    let _ = writeln!(
        out,
        "{} steps: {} would be sent, {} refused; nothing was sent",
        steps.len() + problems.len(),
        steps.len(),
        problems.len()
    );
    print!("{out}");
    if problems.is_empty() { 0 } else { 2 }
}

/// What a step's check would be, in words.
fn dry_check(step: &Step) -> String {
    let probe = match &step.kind {
        Kind::Call { call } => step.codec.probe(call).map(|p| p.call),
        Kind::User { sweep, .. } => match *sweep {
            Sweep::Repeat { verify, .. } => verify,
            Sweep::ListThenEnd { end, .. } => step.codec.probe(end).map(|p| p.call),
            _ => None,
        },
    };
    match probe {
        Some(_) if !step.verify => "off".to_owned(),
        Some(call) => format!(
            "{} {call} after the logout (gone, alive or cannot_tell)",
            step.codec.vendor()
        ),
        None => format!("cannot_tell ({} documents no check for this call)", step.codec.vendor()),
    }
}

fn run_pool(steps: &[Step], skip: &[bool], runner: &Runner<'_>, concurrency: usize) -> Vec<Done> {
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let progress = std::io::stderr().is_terminal();
    let slots: Vec<Mutex<Option<Done>>> = steps.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..concurrency {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let (Some(step), Some(slot)) = (steps.get(i), slots.get(i)) else {
                        break;
                    };
                    let done = if skip.get(i).copied().unwrap_or(false) {
                        Done::skipped()
                    } else {
                        runner.run(step)
                    };
                    if !done.succeeded() {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                    let n = finished.fetch_add(1, Ordering::Relaxed) + 1;
                    if progress {
                        eprint!(
                            "\r{n}/{} steps done, {} failed",
                            steps.len(),
                            failed.load(Ordering::Relaxed)
                        );
                    }
                    *slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(done);
                }
            });
        }
    });
    if progress {
        eprintln!();
    }
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .unwrap_or_else(Done::not_run)
        })
        .collect()
}

fn status_of(d: &Done) -> Option<u16> {
    d.last().and_then(|a| a.executed.result.as_ref().ok()).map(|r| r.status)
}

fn request_id_of(d: &Done) -> Option<&str> {
    d.last()
        .and_then(|a| a.executed.result.as_ref().ok())
        .and_then(|r| r.request_id.as_deref())
}

fn outcome_of(d: &Done) -> &'static str {
    match d.result {
        StepResult::Skipped => "skipped",
        _ => d.last().map_or("not_sent", |a| a.executed.outcome_name()),
    }
}

fn json_document(steps: &[Step], results: &[Done]) -> Value {
    let calls: Vec<Value> = steps
        .iter()
        .zip(results)
        .map(|(s, d)| {
            let mut v = json!({
                "index": s.index,
                "name": s.name,
                "vendor": s.codec.vendor(),
                "call": s.call_name(),
                "result": d.result,
                "succeeded": d.succeeded(),
                "outcome": outcome_of(d),
                "status": status_of(d),
                "request_id": request_id_of(d),
                "verified": d.verified.map(Liveness::name),
                "verify_note": d.verify_note,
                "ended": d.ended,
                "elapsed_ms": u64::try_from(d.elapsed.as_millis()).unwrap_or(u64::MAX),
                "attempts": d.attempts.iter().map(step::Attempt::to_value).collect::<Vec<_>>(),
                "report": d.last().map(|a| a.executed.to_value()),
            });
            if let Kind::User { user, .. } = &s.kind {
                v["user"] = json!(user);
            }
            v
        })
        .collect();
    let succeeded = results.iter().filter(|d| d.succeeded()).count();
    json!({
        "calls": calls,
        "summary": {
            "total": results.len(),
            "succeeded": succeeded,
            "failed": results.len() - succeeded,
            "skipped": results.iter().filter(|d| d.result == StepResult::Skipped).count(),
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

fn human_output(steps: &[Step], results: &[Done]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (s, d) in steps.iter().zip(results) {
        let verified = d.verified.map_or(String::new(), |v| format!(", verified {}", v.name()));
        let _ = writeln!(
            out,
            "== [{}] {} ({} {}): {}{verified}",
            s.index,
            cell(&s.name),
            s.codec.vendor(),
            s.call_name(),
            outcome_of(d),
        );
        if d.result == StepResult::EndedConfirmedByDeadSessionAnswer {
            let _ = writeln!(
                out,
                "ended: an answer was lost, and the retry was told the session is dead"
            );
        }
        if let Some(note) = &d.verify_note {
            let _ = writeln!(out, "note: {}", cell(note));
        }
        if let Some(last) = d.last() {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&last.executed.to_value()).unwrap_or_default()
            );
        }
    }
    let rows: Vec<[String; 9]> = steps
        .iter()
        .zip(results)
        .map(|(s, d)| {
            let tries = d.attempts.iter().filter(|a| !a.check).count();
            [
                s.index.to_string(),
                cell(&s.name),
                s.codec.vendor().to_owned(),
                outcome_of(d).to_owned(),
                status_of(d).map_or_else(|| "-".to_owned(), |s| s.to_string()),
                cell(request_id_of(d).unwrap_or("-")),
                d.verified.map_or("-", Liveness::name).to_owned(),
                tries.to_string(),
                format!("{} ms", d.elapsed.as_millis()),
            ]
        })
        .collect();
    let header = [
        "#",
        "name",
        "vendor",
        "outcome",
        "status",
        "request id",
        "verified",
        "sent",
        "time",
    ]
    .map(str::to_owned);
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
    let succeeded = results.iter().filter(|d| d.succeeded()).count();
    let skipped = results.iter().filter(|d| d.result == StepResult::Skipped).count();
    let _ = write!(
        out,
        "\n{} calls: {} succeeded, {} did not",
        results.len(),
        succeeded,
        results.len() - succeeded
    );
    if skipped > 0 {
        let _ = write!(out, " ({skipped} done in an earlier run, skipped)");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_file_loses_one_final_line_break() {
        assert_eq!(without_final_newline("TOKEN\n".into()), "TOKEN");
        assert_eq!(without_final_newline("TOKEN\r\n".into()), "TOKEN");
        assert_eq!(without_final_newline("TOKEN\n\n".into()), "TOKEN\n");
        assert_eq!(without_final_newline("TOKEN".into()), "TOKEN");
        assert_eq!(without_final_newline(" TOKEN ".into()), " TOKEN ");
    }
}
