//! `cargo xtask fuzz [--seconds N] [--target NAME]... [--features LIST]
//! [--no-seed]`: seeds
//! the corpora from the conformance cases, builds every cargo-fuzz target
//! of `fuzz/` on the stable toolchain (`--sanitizer none`, see
//! `fuzz/README.md`), replays `fuzz/regressions/<target>/`, runs each
//! target for N seconds (default 60) and prints a table of executions and
//! crashes. Fails when a target crashed (a non-zero exit of `cargo fuzz`
//! or a new file in `fuzz/artifacts/<target>/`) or a regression input
//! still fails. `--features` is passed to `cargo fuzz`.
//!
//! Without cargo-fuzz it installs the pinned version
//! ([`CARGO_FUZZ_VERSION`], `cargo install --locked`), so a fresh machine
//! runs it as the README says.

use std::collections::BTreeSet;
use std::path::Path;

use crate::{cargo, root, run as run_cmd};

/// The cargo-fuzz this project is checked with, installed when missing.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// libFuzzer flags for every run: stats at the end, inputs up to 16 KiB
/// (room for deep nesting), any input slower than 10 s is a crash.
const LIBFUZZER_FLAGS: &[&str] = &["-print_final_stats=1", "-max_len=16384", "-timeout=10"];

struct Options {
    seconds: u64,
    targets: Vec<String>,
    features: Option<String>,
    seed: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        seconds: 60,
        targets: Vec::new(),
        features: None,
        seed: true,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => {
                let v = it.next().ok_or("--seconds needs a number")?;
                o.seconds = v
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("--seconds {v:?}: not a positive whole number"))?;
            }
            "--target" => o.targets.push(it.next().ok_or("--target needs a name")?.clone()),
            "--features" => o.features = Some(it.next().ok_or("--features needs a list")?.clone()),
            "--no-seed" => o.seed = false,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(o)
}

struct Row {
    target: String,
    seconds: u64,
    executions: Option<u64>,
    crashes: usize,
    regressions: &'static str,
}

pub(crate) fn run(args: &[String]) -> bool {
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "cargo xtask fuzz: {e}\nusage: cargo xtask fuzz [--seconds N] [--target NAME]... [--features LIST] [--no-seed]"
            );
            return false;
        }
    };
    let root = root();
    let fuzz = root.join("fuzz");
    if !has_cargo_fuzz(&root) && !install_cargo_fuzz() {
        return false;
    }
    let all = match list_targets(&root) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cargo xtask fuzz: {e}");
            return false;
        }
    };
    let targets = if o.targets.is_empty() {
        all.clone()
    } else {
        o.targets.clone()
    };
    if let Some(bad) = targets.iter().find(|t| !all.contains(t)) {
        eprintln!("cargo xtask fuzz: no target {bad:?} (targets: {})", all.join(", "));
        return false;
    }
    if o.seed {
        let mut cmd = cargo();
        cmd.current_dir(&root).args([
            "run",
            "--quiet",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--features",
            "seed",
            "--example",
            "seed",
        ]);
        if !run_cmd(cmd) {
            eprintln!("cargo xtask fuzz: seeding the corpora failed");
            return false;
        }
    }
    let mut build = cargo();
    build.current_dir(&root).args(["fuzz", "build", "--sanitizer", "none"]);
    build.args(features(&o));
    if targets.len() == 1 {
        build.args(&targets);
    }
    if !run_cmd(build) {
        eprintln!("cargo xtask fuzz: the fuzz targets do not build");
        return false;
    }
    let mut rows = Vec::new();
    for target in &targets {
        let regressions = replay_regressions(&root, &fuzz, target, &o);
        let artifacts = fuzz.join("artifacts").join(target);
        let before = files(&artifacts);
        let mut cmd = cargo();
        cmd.current_dir(&root)
            .args(["fuzz", "run", "--sanitizer", "none"])
            .args(features(&o))
            .args([target.as_str(), "--"])
            .arg(format!("-max_total_time={}", o.seconds))
            .args(LIBFUZZER_FLAGS);
        eprintln!("$ {cmd:?}");
        let (ok, log) = match cmd.output() {
            Ok(out) => (
                out.status.success(),
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ),
            ),
            Err(e) => (false, format!("cannot run cargo fuzz: {e}")),
        };
        let new: Vec<String> = files(&artifacts).difference(&before).cloned().collect();
        let crashes = if ok { new.len() } else { new.len().max(1) };
        if crashes > 0 {
            let tail: Vec<&str> = log.lines().rev().take(60).collect();
            eprintln!("--- {target} crashed; the end of its log:");
            for line in tail.iter().rev() {
                eprintln!("{line}");
            }
            for f in &new {
                eprintln!("new artifact: fuzz/artifacts/{target}/{f}");
            }
        }
        rows.push(Row {
            target: target.clone(),
            seconds: o.seconds,
            executions: executions(&log),
            crashes,
            regressions,
        });
    }
    print_table(&rows);
    let ok = rows.iter().all(|r| r.crashes == 0 && r.regressions != "FAIL");
    if !ok {
        eprintln!(
            "cargo xtask fuzz: failed. Reproduce a crash with `cargo fuzz run --sanitizer none TARGET fuzz/artifacts/TARGET/FILE`; \
             keep it as fuzz/regressions/TARGET/NAME once the codec is fixed."
        );
    }
    ok
}

fn features(o: &Options) -> Vec<String> {
    o.features
        .iter()
        .flat_map(|f| ["--features".to_owned(), f.clone()])
        .collect()
}

/// `cargo install cargo-fuzz --version = PINNED --locked`; says what it
/// does and, on failure, how to do it by hand.
fn install_cargo_fuzz() -> bool {
    eprintln!("cargo xtask fuzz: cargo-fuzz is not installed; installing cargo-fuzz {CARGO_FUZZ_VERSION} (--locked)");
    let mut cmd = cargo();
    cmd.args([
        "install",
        "cargo-fuzz",
        "--version",
        &format!("={CARGO_FUZZ_VERSION}"),
        "--locked",
    ]);
    let ok = cmd.status().is_ok_and(|s| s.success());
    if !ok {
        eprintln!(
            "cargo xtask fuzz: installing cargo-fuzz failed. Install it with\n\n    \
             cargo install cargo-fuzz --version ={CARGO_FUZZ_VERSION} --locked\n\nthen run this again."
        );
    }
    ok
}

fn has_cargo_fuzz(root: &Path) -> bool {
    let mut cmd = cargo();
    cmd.current_dir(root).args(["fuzz", "--version"]);
    cmd.output().is_ok_and(|o| o.status.success())
}

fn list_targets(root: &Path) -> Result<Vec<String>, String> {
    let mut cmd = cargo();
    cmd.current_dir(root).args(["fuzz", "list"]);
    let out = cmd.output().map_err(|e| format!("cannot run cargo fuzz list: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo fuzz list: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let targets: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if targets.is_empty() {
        return Err("cargo fuzz list names no target".into());
    }
    Ok(targets)
}

/// Runs every file of `fuzz/regressions/<target>/` once: "ok", "FAIL" or
/// "-" when there are none.
fn replay_regressions(root: &Path, fuzz: &Path, target: &str, o: &Options) -> &'static str {
    let dir = fuzz.join("regressions").join(target);
    let inputs = files(&dir);
    if inputs.is_empty() {
        return "-";
    }
    let mut cmd = cargo();
    cmd.current_dir(root)
        .args(["fuzz", "run", "--sanitizer", "none"])
        .args(features(o))
        .arg(target)
        .args(inputs.iter().map(|f| dir.join(f)))
        .args(["--", "-timeout=10"]);
    if run_cmd(cmd) { "ok" } else { "FAIL" }
}

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The executions libFuzzer reports: `stat::number_of_executed_units: N`
/// (with `-print_final_stats=1`), else the last `#N ... DONE` / `Done N runs`.
fn executions(log: &str) -> Option<u64> {
    let stat = log.lines().rev().find_map(|l| {
        l.trim()
            .strip_prefix("stat::number_of_executed_units:")
            .and_then(|n| n.trim().parse().ok())
    });
    stat.or_else(|| {
        log.lines().rev().find_map(|l| {
            let l = l.trim();
            if let Some(rest) = l.strip_prefix("Done ") {
                return rest.split_whitespace().next().and_then(|n| n.parse().ok());
            }
            if l.contains("DONE") {
                return l
                    .strip_prefix('#')
                    .and_then(|r| r.split_whitespace().next())
                    .and_then(|n| n.parse().ok());
            }
            None
        })
    })
}

fn print_table(rows: &[Row]) {
    let width = rows.iter().map(|r| r.target.len()).max().unwrap_or(6).max(6);
    println!(
        "{:<width$}  {:>7}  {:>12}  {:>7}  {:>11}",
        "target", "seconds", "executions", "crashes", "regressions"
    );
    for r in rows {
        let execs = r.executions.map_or_else(|| "?".to_owned(), |n| n.to_string());
        println!(
            "{:<width$}  {:>7}  {:>12}  {:>7}  {:>11}",
            r.target, r.seconds, execs, r.crashes, r.regressions
        );
    }
    let total: u64 = rows.iter().filter_map(|r| r.executions).sum();
    let crashes: usize = rows.iter().map(|r| r.crashes).sum();
    println!("{} targets, {total} executions, {crashes} crashes", rows.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzer_final_stats() {
        let log = "#1048576\tpulse  cov: 10\n#2000000\tDONE   cov: 812 ft: 3000\nDone 2000000 runs in 61 second(s)\n\
                   stat::number_of_executed_units: 2000001\nstat::average_exec_per_sec:     32786\n";
        assert_eq!(executions(log), Some(2_000_001));
        assert_eq!(executions("#512\tDONE   cov: 1\n"), Some(512));
        assert_eq!(executions("Done 77 runs in 1 second(s)\n"), Some(77));
        assert_eq!(executions("nothing"), None);
    }

    #[test]
    fn parses_arguments() {
        let args: Vec<String> = ["--seconds", "5", "--target", "decode_jde", "--no-seed"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let o = parse(&args).unwrap();
        assert_eq!(
            (o.seconds, o.targets.as_slice(), o.seed),
            (5, &["decode_jde".to_owned()][..], false)
        );
        assert!(parse(&["--seconds".to_owned(), "0".to_owned()]).is_err());
        assert!(parse(&["--bogus".to_owned()]).is_err());
    }

    /// CI checks the fuzz workspace with `--locked`: a dependency a codec
    /// gains must reach `fuzz/Cargo.lock` in the same change.
    #[test]
    fn fuzz_lock_file_is_current() {
        let out = crate::cargo()
            .current_dir(crate::root())
            .args(["metadata", "--format-version", "1", "--offline", "--locked"])
            .args(["--manifest-path", "fuzz/Cargo.toml"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "fuzz/Cargo.lock is stale: run `(cd fuzz && cargo metadata --format-version 1 --offline >/dev/null)` \
             and commit it\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
