//! What the CLI's test files share: running the binary, reading what it
//! printed, a scratch directory, an emulator with the demo table.

#![allow(dead_code, reason = "each test file uses the helpers it needs")]

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use signoff_emulator::{Config, Emulator, Handle};

/// An emulator serving the demo table on a free loopback port.
pub(crate) fn start() -> Handle {
    Emulator::new(Config::demo())
        .spawn("127.0.0.1:0".parse().unwrap())
        .unwrap()
}

/// Runs `signoff ARGS` with no input.
pub(crate) fn signoff<S: AsRef<OsStr>>(args: &[S]) -> Output {
    signoff_env(args, &[])
}

/// Runs `signoff ARGS` with no input and these environment variables.
pub(crate) fn signoff_env<S: AsRef<OsStr>>(args: &[S], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_signoff"));
    cmd.args(args).stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Runs `signoff ARGS` with `stdin` (none: empty) as its input.
pub(crate) fn signoff_stdin<S: AsRef<OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_signoff"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// Everything the run printed: stdout, then stderr.
pub(crate) fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The JSON document on stdout (a panic showing everything printed when
/// there is none).
pub(crate) fn report(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
}

/// An empty scratch directory for this test process, named `name`.
pub(crate) fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("signoff-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
