//! signoff's own automation, run as `cargo xtask <task>` (the alias lives in
//! `.cargo/config.toml`). Std only, so it builds in seconds.
//!
//! Tasks:
//! - `conformance [--cases DIR]...`: runs the conformance suite (default
//!   `conformance/cases/`), prints the table and `N passed, M failed`;
//!   exits non-zero when a case failed or none ran.
//! - `bench [--quick]`: runs the criterion benches (each beside its peer
//!   baselines), writes `target/signoff-bench.json` and prints the ratio
//!   table the README shows (see `bench.rs`).
//! - `fuzz [--seconds N] [--target NAME]... [--features LIST] [--no-seed]`:
//!   replays `fuzz/regressions/`, then runs every fuzz target (or the named
//!   ones) for N seconds each (see `fuzz.rs`; needs `cargo-fuzz`).
//! - `ci`: what `.ci/run` runs, in the same order.
//!
//! A test (`usage_lists_every_task`) keeps this list, the usage text and
//! the dispatch in step.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "automation runs processes and reads files"
)]

mod bench;
mod fuzz;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  conformance [--cases DIR]...   run the conformance cases (default: conformance/cases)
  bench [--quick]                run the criterion benches, print the ratio table
  fuzz [--seconds N] [--target NAME]... [--features LIST] [--no-seed]
                                 replay fuzz/regressions, then run every fuzz target
                                 (or the named ones) for N seconds each (default 60)
  ci                             run what .ci/run runs";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let ok = match task.as_str() {
        "conformance" => conformance(rest),
        "ci" => ci(),
        "bench" => bench::run(rest),
        "fuzz" => fuzz::run(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            true
        }
        other => {
            eprintln!("unknown task {other:?}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

pub(crate) fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

pub(crate) fn run(mut cmd: Command) -> bool {
    eprintln!("$ {cmd:?}");
    match cmd.status() {
        Ok(s) => s.success(),
        Err(e) => {
            eprintln!("cannot run {cmd:?}: {e}");
            false
        }
    }
}

fn conformance(rest: &[String]) -> bool {
    // Paths given by the user are relative to where they stand; make them
    // absolute before cargo runs the runner.
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut args = Vec::new();
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        args.push(a.clone());
        if a == "--cases"
            && let Some(dir) = it.next()
        {
            args.push(cwd.join(dir).to_string_lossy().into_owned());
        }
    }
    let mut cmd = cargo();
    cmd.current_dir(root())
        .args([
            "run",
            "--quiet",
            "--package",
            "signoff-conformance",
            "--bin",
            "signoff-conformance",
            "--",
        ])
        .args(args);
    run(cmd)
}

fn ci() -> bool {
    let mut cmd = Command::new("bash");
    cmd.current_dir(root()).arg(".ci/run");
    run(cmd)
}

#[cfg(test)]
mod tests {
    /// Every task, as the dispatch in `main` knows them.
    const TASKS: &[&str] = &["conformance", "bench", "fuzz", "ci"];

    #[test]
    fn usage_lists_every_task() {
        let source = include_str!("main.rs");
        for task in TASKS {
            assert!(
                source.contains(&format!("//! - `{task}")),
                "{task} missing from the crate docs"
            );
            assert!(
                super::USAGE.contains(&format!("\n  {task}")),
                "{task} missing from the usage"
            );
            assert!(
                source.contains(&format!("\"{task}\" => ")),
                "{task} missing from the dispatch"
            );
        }
        let documented = source.lines().filter(|l| l.starts_with("//! - `")).count();
        assert_eq!(documented, TASKS.len(), "a documented task is not in TASKS");
    }
}
