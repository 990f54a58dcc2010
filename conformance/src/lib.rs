//! # signoff-conformance
//!
//! The data-driven conformance suite: one TOML file per case (format:
//! `shared/conformance/FORMAT.md`, version 1), run against the registry's
//! codecs. `cargo xtask conformance` runs `conformance/cases/`, or any
//! directory given with `--cases DIR`, prints a table and
//! `N passed, M failed`.
//!
//! **Not for**: sending anything over a network (a case is an input and an
//! expectation, nothing more).
//!
//! Comparison rules: request targets compare with `%XX` hex case-insensitive;
//! headers by name case-insensitively; bodies exactly, or semantically when
//! `body_media_type` names JSON (values) or XML (element trees, attribute
//! order ignored, whitespace between elements dropped, declaration
//! optional); the decode report matches `expect.json` as a subset, and
//! `expect.absent` keys must be null or missing.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "the runner reads case files; it is not a codec"
)]

mod compare;
mod xmltree;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use serde::Deserialize;
use serde_json::Value;
use signoff::{Codec, DecodeOptions};

pub use compare::{json_subset, uri_eq};
pub use xmltree::xml_equal;

/// The largest case file read, and the largest body file.
const FILE_LIMIT: u64 = 16 << 20;

/// One case file, as parsed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Unique dotted id: `vendor.call.variant`.
    pub id: String,
    /// The vendor's short name.
    pub vendor: String,
    /// The call; the vendor's session-ending call when absent.
    #[serde(default)]
    pub call: Option<String>,
    /// Where the truth comes from.
    pub source: String,
    /// One line for the report.
    #[serde(default)]
    pub doc: Option<String>,
    /// `request` or `response`.
    pub kind: CaseKind,
    /// Builder inputs (request cases).
    #[serde(default)]
    pub params: Option<toml::Table>,
    /// The response to decode (response cases).
    #[serde(default)]
    pub response: Option<ResponseSpec>,
    /// What must hold.
    pub expect: Expect,
}

/// Request or response case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// Builder input to expected request.
    Request,
    /// Response to expected decode report.
    Response,
}

/// `[response]` of a response case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// The status (100..=999).
    pub status: u16,
    /// Headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Inline body.
    #[serde(default)]
    pub body: Option<String>,
    /// Body file beside the case.
    #[serde(default)]
    pub body_file: Option<String>,
}

/// `build_error`: a kind name, or `true` for any refusal.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum BuildErrorExpect {
    /// Any refusal (`true`).
    Any(bool),
    /// This kind.
    Kind(String),
}

/// `[expect]`, for both kinds of case.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Request: method.
    pub method: Option<String>,
    /// Request: origin-form target.
    pub uri: Option<String>,
    /// Request: headers that must be present with exactly these values.
    pub headers: Option<BTreeMap<String, String>>,
    /// Request: headers that must be absent.
    pub forbid_headers: Option<Vec<String>>,
    /// Request: exact (or semantic) body.
    pub body: Option<String>,
    /// Request: body file beside the case.
    pub body_file: Option<String>,
    /// Request: `application/json` or `application/xml` for semantic comparison.
    pub body_media_type: Option<String>,
    /// Request: the builder must refuse.
    pub build_error: Option<BuildErrorExpect>,
    /// Response: the outcome.
    pub outcome: Option<String>,
    /// Response: a subset of the report.
    pub json: Option<toml::Table>,
    /// Response: dotted keys that must be null or missing.
    pub absent: Option<Vec<String>>,
}

/// A case file that was found, parsed or not.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    /// The file.
    pub path: PathBuf,
    /// The case, or why it could not be read.
    pub case: Result<Case, String>,
}

impl LoadedCase {
    /// The case id, or the file stem for a case that did not parse.
    pub fn id(&self) -> String {
        match &self.case {
            Ok(c) => c.id.clone(),
            Err(_) => self
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

/// Every `*.toml` under `dir`, recursively, sorted by path.
pub fn load_dir(dir: &Path) -> Result<Vec<LoadedCase>, String> {
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    files.sort();
    Ok(files
        .into_iter()
        .map(|path| {
            let case = read_bounded(&path).and_then(|text| toml::from_str::<Case>(&text).map_err(|e| e.to_string()));
            LoadedCase { path, case }
        })
        .collect())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn read_bounded(path: &Path) -> Result<String, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .len();
    if len > FILE_LIMIT {
        return Err(format!("{} is over {FILE_LIMIT} bytes", path.display()));
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn side_file(case_path: &Path, name: &str) -> Result<String, String> {
    let dir = case_path.parent().unwrap_or(Path::new("."));
    read_bounded(&dir.join(name))
}

/// A response body file, as bytes: captures may hold invalid UTF-8.
fn side_bytes(case_path: &Path, name: &str) -> Result<Vec<u8>, String> {
    let path = case_path.parent().unwrap_or(Path::new(".")).join(name);
    let len = std::fs::metadata(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .len();
    if len > FILE_LIMIT {
        return Err(format!("{} is over {FILE_LIMIT} bytes", path.display()));
    }
    std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// What running one case produced.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case id.
    pub id: String,
    /// The vendor named (or `?`).
    pub vendor: String,
    /// `None` when the case passed, else the first difference.
    pub failure: Option<String>,
    /// What the codec produced: the rendered request (secrets redacted),
    /// the build error, or the decode report. Snapshot material.
    pub produced: Option<Value>,
}

impl CaseResult {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// Runs one loaded case.
pub fn run_case(loaded: &LoadedCase) -> CaseResult {
    let id = loaded.id();
    let case = match &loaded.case {
        Ok(c) => c,
        Err(e) => {
            return CaseResult {
                id,
                vendor: "?".into(),
                failure: Some(format!("case does not parse: {}", first_line(e))),
                produced: None,
            };
        }
    };
    let mut result = CaseResult {
        id,
        vendor: case.vendor.clone(),
        failure: None,
        produced: None,
    };
    let Some(codec) = signoff::codec(&case.vendor) else {
        result.failure = Some(format!(
            "unknown vendor {:?} (known: {})",
            case.vendor,
            signoff::vendors().join(", ")
        ));
        return result;
    };
    let call = case
        .call
        .clone()
        .unwrap_or_else(|| codec.calls().first().copied().unwrap_or("logout").to_owned());
    let outcome = match case.kind {
        CaseKind::Request => run_request(codec, &call, case, &loaded.path, &mut result.produced),
        CaseKind::Response => run_response(codec, &call, case, &loaded.path, &mut result.produced),
    };
    result.failure = outcome.err();
    result
}

fn first_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(300)
        .collect()
}

fn check_keys(case: &Case) -> Result<(), String> {
    let e = &case.expect;
    let request_keys = e.method.is_some()
        || e.uri.is_some()
        || e.headers.is_some()
        || e.forbid_headers.is_some()
        || e.body.is_some()
        || e.body_file.is_some()
        || e.body_media_type.is_some()
        || e.build_error.is_some();
    let response_keys = e.outcome.is_some() || e.json.is_some() || e.absent.is_some();
    match case.kind {
        CaseKind::Request if response_keys => {
            Err("a request case has response expectations (outcome/json/absent)".into())
        }
        CaseKind::Request if case.response.is_some() => Err("a request case has a [response]".into()),
        CaseKind::Request if case.params.is_none() => Err("a request case needs [params]".into()),
        CaseKind::Response if request_keys => Err("a response case has request expectations".into()),
        CaseKind::Response if case.params.is_some() => Err("a response case has [params]".into()),
        CaseKind::Response if case.response.is_none() => Err("a response case needs [response]".into()),
        CaseKind::Response if e.outcome.is_none() => Err("a response case needs expect.outcome".into()),
        _ => Ok(()),
    }
}

fn run_request(
    codec: &dyn Codec,
    call: &str,
    case: &Case,
    path: &Path,
    produced: &mut Option<Value>,
) -> Result<(), String> {
    check_keys(case)?;
    let params = serde_json::to_value(case.params.clone().unwrap_or_default()).map_err(|e| e.to_string())?;
    let built = codec.build(call, params.clone());
    let e = &case.expect;
    // What a snapshot shows of a request: its secrets hidden wherever they
    // stand (headers, a JSON body).
    let shown = |request: &http::Request<bytes::Bytes>| {
        signoff::render_request_hiding(request, &codec.redactor(call, &params, request))
    };
    if let Some(expected) = &e.build_error {
        return match built {
            Ok(request) => {
                *produced = Some(Value::String(shown(&request)));
                Err("expected the builder to refuse, it built a request".into())
            }
            Err(err) => {
                *produced = Some(
                    serde_json::json!({"build_error": err.kind().name(), "param": err.param(), "detail": err.detail()}),
                );
                match expected {
                    BuildErrorExpect::Any(true) => Ok(()),
                    BuildErrorExpect::Any(false) => Err("build_error = false is not a valid expectation".into()),
                    BuildErrorExpect::Kind(k) if k == err.kind().name() => Ok(()),
                    BuildErrorExpect::Kind(k) => {
                        Err(format!("build_error: expected {k}, got {} ({err})", err.kind().name()))
                    }
                }
            }
        };
    }
    let request = built.map_err(|err| format!("the builder refused: {err}"))?;
    *produced = Some(Value::String(shown(&request)));
    if let Some(m) = &e.method
        && !m.eq_ignore_ascii_case(request.method().as_str())
    {
        return Err(format!("method: expected {m}, got {}", request.method()));
    }
    if let Some(u) = &e.uri {
        let got = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        if !uri_eq(u, got) {
            return Err(format!("uri: expected {u}, got {got}"));
        }
    }
    let host_from_uri = request.uri().authority().map(|a| a.as_str().to_owned());
    for (name, want) in e.headers.iter().flatten() {
        let got = match request.headers().get(name.as_str()) {
            Some(v) => Some(String::from_utf8_lossy(v.as_bytes()).into_owned()),
            None if name.eq_ignore_ascii_case("host") => host_from_uri.clone(),
            None => None,
        };
        match got {
            None => return Err(format!("header {name}: missing")),
            Some(g) if &g != want => {
                let shown = if request.headers().get(name.as_str()).is_some_and(|v| v.is_sensitive()) {
                    "a different (secret) value".to_owned()
                } else {
                    format!("{g:?}")
                };
                return Err(format!("header {name}: expected {want:?}, got {shown}"));
            }
            Some(_) => {}
        }
    }
    for name in e.forbid_headers.iter().flatten() {
        if request.headers().contains_key(name.as_str()) {
            return Err(format!("header {name}: present, must be absent"));
        }
    }
    let want_body = match (&e.body, &e.body_file) {
        (Some(_), Some(_)) => return Err("expect.body and expect.body_file are both set".into()),
        (Some(b), None) => Some(b.clone()),
        (None, Some(f)) => Some(side_file(path, f)?),
        (None, None) => None,
    };
    if let Some(want) = want_body {
        let got = request.body();
        match e
            .body_media_type
            .as_deref()
            .map(signoff::core::MediaType::from_content_type)
        {
            Some(signoff::core::MediaType::Json) => {
                let w: Value = serde_json::from_str(&want).map_err(|e| format!("expected body is not JSON: {e}"))?;
                let g: Value = serde_json::from_slice(got).map_err(|e| format!("body is not JSON: {e}"))?;
                if w != g {
                    return Err(format!("body: expected JSON {w}, got {g}"));
                }
            }
            Some(signoff::core::MediaType::Xml) => xml_equal(want.as_bytes(), got).map_err(|d| format!("body: {d}"))?,
            Some(signoff::core::MediaType::Missing) | None => {
                if want.as_bytes() != got.as_ref() {
                    return Err(format!(
                        "body: expected {want:?}, got {:?}",
                        String::from_utf8_lossy(got)
                    ));
                }
            }
            Some(_) => return Err("body_media_type must be application/json or application/xml".into()),
        }
    }
    Ok(())
}

fn run_response(
    codec: &dyn Codec,
    call: &str,
    case: &Case,
    path: &Path,
    produced: &mut Option<Value>,
) -> Result<(), String> {
    check_keys(case)?;
    let spec = case.response.as_ref().ok_or("a response case needs [response]")?;
    let body = match (&spec.body, &spec.body_file) {
        (Some(_), Some(_)) => return Err("response.body and response.body_file are both set".into()),
        (Some(b), None) => b.clone().into_bytes(),
        (None, Some(f)) => side_bytes(path, f)?,
        (None, None) => Vec::new(),
    };
    let mut builder = http::Response::builder().status(spec.status);
    for (k, v) in &spec.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let response = builder
        .body(Bytes::from(body))
        .map_err(|e| format!("response cannot be built: {e}"))?;
    let report = codec
        .decode(call, &response, &DecodeOptions::default())
        .map_err(|e| e.to_string())?;
    let value = report.to_value();
    *produced = Some(value.clone());
    let e = &case.expect;
    if let Some(o) = &e.outcome
        && o != report.outcome.name()
    {
        return Err(format!(
            "outcome: expected {o}, got {} ({})",
            report.outcome.name(),
            summary(&value)
        ));
    }
    if let Some(j) = &e.json {
        let want = serde_json::to_value(j).map_err(|e| e.to_string())?;
        json_subset(&want, &value, "").map_err(|d| format!("report: {d}"))?;
    }
    for key in e.absent.iter().flatten() {
        let mut cur = &value;
        let mut present = true;
        for part in key.split('.') {
            match cur.get(part) {
                Some(v) => cur = v,
                None => {
                    present = false;
                    break;
                }
            }
        }
        if present && !cur.is_null() {
            return Err(format!("report: {key} must be absent, is {cur}"));
        }
    }
    Ok(())
}

fn summary(report: &Value) -> String {
    let pick = |k: &str| report.pointer(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let s = [
        pick("/error/kind"),
        pick("/unexpected/reason"),
        pick("/unexpected/detail"),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(": ");
    s.chars().take(200).collect()
}

/// The results of a run.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// One per case, in path order.
    pub results: Vec<CaseResult>,
}

impl Run {
    /// Runs every case of `dir`.
    pub fn dir(dir: &Path) -> Result<Self, String> {
        let loaded = load_dir(dir)?;
        let mut results: Vec<CaseResult> = loaded.iter().map(run_case).collect();
        let mut seen = BTreeMap::new();
        for (i, r) in results.iter().enumerate() {
            seen.entry(r.id.clone()).or_insert_with(Vec::new).push(i);
        }
        for (id, idx) in seen {
            if idx.len() > 1 {
                for i in idx {
                    if let Some(r) = results.get_mut(i) {
                        r.failure.get_or_insert_with(|| format!("duplicate case id {id}"));
                    }
                }
            }
        }
        Ok(Self { results })
    }

    /// How many passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    /// How many failed.
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    /// Whether the run counts as green: at least one case, none failed.
    pub fn ok(&self) -> bool {
        !self.results.is_empty() && self.failed() == 0
    }
}

impl fmt::Display for Run {
    /// The table, then `N passed, M failed` as the last line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w_id = self.results.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
        let w_v = self.results.iter().map(|r| r.vendor.len()).max().unwrap_or(6).max(6);
        writeln!(
            f,
            "{:<w_id$}  {:<w_v$}  {:<6}  first difference",
            "id", "vendor", "result"
        )?;
        writeln!(
            f,
            "{}  {}  {}  {}",
            "-".repeat(w_id),
            "-".repeat(w_v),
            "-".repeat(6),
            "-".repeat(16)
        )?;
        for r in &self.results {
            let (res, diff) = match &r.failure {
                None => ("pass", String::new()),
                Some(d) => ("FAIL", d.clone()),
            };
            writeln!(f, "{:<w_id$}  {:<w_v$}  {:<6}  {}", r.id, r.vendor, res, diff)?;
        }
        write!(f, "{} passed, {} failed", self.passed(), self.failed())
    }
}
