//! `signoff-conformance [--cases DIR]`: runs the conformance cases and
//! prints the table; exits 1 when a case failed or none ran, 2 on usage.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "a command-line runner, not a codec"
)]

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cases" => match args.next() {
                Some(d) => dirs.push(PathBuf::from(d)),
                None => return usage("--cases needs a directory"),
            },
            "-h" | "--help" => {
                println!(
                    "usage: signoff-conformance [--cases DIR]...\n\nRuns every *.toml case under DIR (default: the repository's conformance/cases)."
                );
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other:?}")),
        }
    }
    if dirs.is_empty() {
        dirs.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("cases"));
    }
    let mut all = signoff_conformance::Run::default();
    for dir in &dirs {
        match signoff_conformance::Run::dir(dir) {
            Ok(run) => all.results.extend(run.results),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{all}");
    if all.results.is_empty() {
        eprintln!(
            "error: no cases found in {}",
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if all.ok() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("error: {msg}\nusage: signoff-conformance [--cases DIR]...");
    ExitCode::from(2)
}
