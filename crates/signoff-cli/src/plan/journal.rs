//! The journal of an offboarding: one JSON line per attempt and per step
//! outcome, each carrying the SHA-256 of the line before it, appended and
//! synced to disk as it happens. It is the audit trail a plan leaves
//! behind and what a second run of the same plan resumes from.
//!
//! Format (one JSON object per line, UTF-8, `\n`-terminated):
//! - every line: `seq` (1, 2, ... over the whole file), `prev` (the
//!   SHA-256, lowercase hex, of the previous line's bytes without its
//!   `\n`; 64 zeros for the first line), `time` (an HTTP date), `type`;
//! - `run`: a run starts; `plan_sha256` (the plan file's bytes), `steps`;
//! - `begin`: a step is about to send its first request; `step`, `name`
//!   (a step begun but not done in an earlier run may have ended its
//!   session before the run was killed: a resumed run reads a dead-session
//!   answer for it as that earlier ending);
//! - `attempt`: one request sent; `step` (1-based), `name`, `vendor`,
//!   `call`, `attempt`, `status`, `request_id`, `outcome`, `retry_after`,
//!   `transport` (kind, for a failure with no answer);
//! - `step`: a step's outcome; `step`, `name`, `vendor`, `result`,
//!   `done`, `verified`, `ended`;
//! - `end`: the run finished; `succeeded`, `failed`, `skipped`.
//!
//! No line holds a secret: parameters are never written, and texts come
//! from reports already redacted.

use std::fs::{File, OpenOptions};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use serde_json::{Map, Value};

/// The `prev` of a journal's first line.
const ZERO: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The longest journal line read back, in bytes (a line is a few hundred
/// bytes; a bigger one is not a line this tool wrote).
const MAX_LINE: usize = 64 * 1024;

/// SHA-256 in lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = String::with_capacity(64);
    for b in digest.as_ref() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// An open journal, appended to by every step's thread.
#[derive(Debug)]
pub(crate) struct Journal {
    path: PathBuf,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    file: File,
    seq: u64,
    prev: String,
    failed: Option<String>,
}

/// What a journal says of earlier runs.
#[derive(Debug, Default)]
pub(crate) struct History {
    /// The plan's hash in the earlier runs.
    pub(crate) plan_sha256: Option<String>,
    /// The steps recorded as done: (index, name).
    pub(crate) done: Vec<(u64, String)>,
    /// The steps recorded as begun: (index, name).
    pub(crate) begun: Vec<(u64, String)>,
    lines: u64,
    last: Option<String>,
}

/// Why a journal does not verify: the line and what is wrong.
#[derive(Debug)]
pub(crate) struct Broken {
    pub(crate) line: u64,
    pub(crate) why: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.why)
    }
}

/// What a whole journal holds.
#[derive(Debug)]
pub(crate) struct Summary {
    pub(crate) lines: u64,
    pub(crate) runs: u64,
    pub(crate) history: History,
}

/// Reads and checks a journal: every line parses, `seq` counts from 1,
/// `prev` is the hash of the line before, every run is of one plan, and
/// the last run ended (a missing `end` is a truncated journal, or a run
/// still going or killed).
pub(crate) fn verify(path: &Path) -> Result<Summary, Broken> {
    read(path, false)
}

/// What a journal that is to be resumed says: like [`verify`], except
/// that a last run without its end (a crash, a kill) is what resuming is
/// for.
pub(crate) fn history(path: &Path) -> Result<History, Broken> {
    read(path, true).map(|s| s.history)
}

fn read(path: &Path, open_last_run: bool) -> Result<Summary, Broken> {
    let file = File::open(path).map_err(|e| Broken {
        line: 0,
        why: format!("cannot read {}: {e}", path.display()),
    })?;
    let mut reader = BufReader::new(file);
    let mut history = History::default();
    let mut prev = ZERO.to_owned();
    let mut runs = 0;
    let mut open_run = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let line_no = history.lines + 1;
        let broken = |why: &str| Broken {
            line: line_no,
            why: why.to_owned(),
        };
        let n = (&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| broken(&format!("cannot read: {e}")))?;
        if n == 0 {
            break;
        }
        let Some(line) = buf.strip_suffix(b"\n") else {
            return Err(broken(
                "the line is cut short (no end of line): the journal is truncated",
            ));
        };
        let value: Value =
            serde_json::from_slice(line).map_err(|_| broken("the line is not a JSON object this tool wrote"))?;
        if value.get("seq").and_then(Value::as_u64) != Some(line_no) {
            return Err(broken("out of order: its seq is not the line's place"));
        }
        if value.get("prev").and_then(Value::as_str) != Some(prev.as_str()) {
            return Err(broken(
                "its prev is not the hash of the line before: a line was edited, removed or moved",
            ));
        }
        match value.get("type").and_then(Value::as_str) {
            Some("run") => {
                runs += 1;
                open_run = true;
                let plan = value.get("plan_sha256").and_then(Value::as_str).map(str::to_owned);
                if history.plan_sha256.is_some() && history.plan_sha256 != plan {
                    return Err(broken("a run of another plan"));
                }
                history.plan_sha256 = plan;
            }
            Some("end") => open_run = false,
            Some("step") => {
                if value.get("done").and_then(Value::as_bool) == Some(true)
                    && let (Some(step), Some(name)) = (
                        value.get("step").and_then(Value::as_u64),
                        value.get("name").and_then(Value::as_str),
                    )
                {
                    history.done.push((step, name.to_owned()));
                }
            }
            Some("begin") => {
                if let (Some(step), Some(name)) = (
                    value.get("step").and_then(Value::as_u64),
                    value.get("name").and_then(Value::as_str),
                ) {
                    history.begun.push((step, name.to_owned()));
                }
            }
            Some("attempt") => {}
            _ => return Err(broken("a line of no known type")),
        }
        prev = sha256_hex(line);
        history.lines = line_no;
    }
    if open_run && !open_last_run {
        return Err(Broken {
            line: history.lines,
            why: "the last run has no end line: the journal is truncated, or that run was interrupted (run the plan \
                  again with this journal to finish it)"
                .to_owned(),
        });
    }
    history.last = Some(prev);
    Ok(Summary {
        lines: history.lines,
        runs,
        history,
    })
}

impl Journal {
    /// Opens `path` for appending after `history` (a new file when there is
    /// none).
    pub(crate) fn open(path: &Path, history: &History) -> Result<Self, String> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("cannot open the journal {}: {e}", path.display()))?;
        Ok(Self {
            path: path.to_owned(),
            state: Mutex::new(State {
                file,
                seq: history.lines,
                prev: history.last.clone().unwrap_or_else(|| ZERO.to_owned()),
                failed: None,
            }),
        })
    }

    /// Appends one line of `kind` with `fields`, and syncs it to disk
    /// before returning.
    pub(crate) fn write(&self, kind: &str, fields: Map<String, Value>) {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if state.failed.is_some() {
            return;
        }
        let mut line = Map::new();
        line.insert("seq".into(), Value::from(state.seq + 1));
        line.insert("prev".into(), Value::String(state.prev.clone()));
        line.insert("time".into(), Value::String(httpdate::fmt_http_date(SystemTime::now())));
        line.insert("type".into(), Value::String(kind.to_owned()));
        line.extend(fields);
        let text = Value::Object(line).to_string();
        let written = state
            .file
            .write_all(format!("{text}\n").as_bytes())
            .and_then(|()| state.file.sync_data());
        match written {
            Ok(()) => {
                state.seq += 1;
                state.prev = sha256_hex(text.as_bytes());
            }
            Err(e) => state.failed = Some(format!("cannot write the journal {}: {e}", self.path.display())),
        }
    }

    /// The write failure, if one happened (the run then reports it).
    pub(crate) fn failure(&self) -> Option<String> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .failed
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("signoff-journal-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        dir
    }

    #[test]
    fn a_written_journal_verifies_and_any_edit_breaks_it() {
        let path = tmp("chain");
        let j = Journal::open(&path, &History::default()).unwrap();
        j.write("run", fields(json!({"plan_sha256": "ab", "steps": 2})));
        j.write("attempt", fields(json!({"step": 1, "name": "a", "status": 200})));
        j.write("step", fields(json!({"step": 1, "name": "a", "done": true})));
        j.write("step", fields(json!({"step": 2, "name": "b", "done": false})));
        j.write("end", fields(json!({"succeeded": 1})));
        let s = verify(&path).unwrap();
        assert_eq!((s.lines, s.runs), (5, 1));
        assert_eq!(s.history.done, [(1, "a".to_owned())]);
        let text = std::fs::read_to_string(&path).unwrap();

        // One edited byte, a removed line, two lines swapped, a cut: each
        // is refused.
        let edited = text.replacen("\"status\":200", "\"status\":201", 1);
        let lines: Vec<&str> = text.lines().collect();
        let removed = format!("{}\n{}\n", lines[..2].join("\n"), lines[3..].join("\n"));
        let swapped = format!("{}\n{}\n{}\n{}\n", lines[0], lines[2], lines[1], lines[3..].join("\n"));
        let cut = &text[..text.len() - 5];
        let without_end = format!("{}\n", lines[..4].join("\n"));
        for (what, bad) in [
            ("edited", edited.as_str()),
            ("removed", &removed),
            ("swapped", &swapped),
            ("cut", cut),
            ("no end", &without_end),
        ] {
            std::fs::write(&path, bad).unwrap();
            assert!(verify(&path).is_err(), "{what}");
        }
        // A run killed before its end is resumable: its done steps count.
        let h = history(&path).unwrap();
        assert_eq!(h.done, [(1, "a".to_owned())]);
        let j = Journal::open(&path, &h).unwrap();
        j.write("run", fields(json!({"plan_sha256": "ab", "steps": 2})));
        j.write("end", fields(json!({})));
        assert_eq!(verify(&path).unwrap().runs, 2);
        let _ = std::fs::remove_file(&path);
    }
}
