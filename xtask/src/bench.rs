//! `cargo xtask bench [--quick] [--report]`: runs the criterion benches of
//! `signoff-benches`, reads each result's median from criterion's
//! `target/criterion/<group>/<function>/new/estimates.json`, prints the
//! Markdown ratio table and writes the same rows to
//! `target/signoff-bench.json`:
//!
//! `[{"name":..,"ours_ns":..,"peer":..,"peer_ns":..,"ratio":..,"target":..,"met":true|false}]`
//!
//! `ratio` is peer time / our time (above 1: signoff is faster); `target`
//! is the row's goal as text (`">= 3.0"` is a ratio of at least 3.0);
//! rows with no goal carry `"target": null, "met": null`, and
//! rows without a peer carry `null` peer fields.
//!
//! - `--quick`: criterion's `--warm-up-time 1 --measurement-time 2` (still
//!   100 samples, with statistics);
//! - `--report`: no run, only the table of the last run's results;
//! - `--instructions`: no criterion run: the same table from instruction
//!   counts. Each measured function (`signoff_benches::cases`, the very
//!   closures criterion runs) is run by `signoff-icount` under valgrind's
//!   callgrind at two iteration counts; the difference over the extra
//!   iterations is its count per iteration, setup cancelled out. These
//!   figures repeat on a noisy machine; a target is met when both tables
//!   meet it. Written to `target/signoff-bench-instructions.json`.
//!   Without valgrind it installs it (apt-get or dnf, through sudo unless
//!   root) or says what to install.
//!
//! The signed-request row is also set beside `openssl speed rsa2048`'s
//! sign time on the same machine (the machine's best RSA-2048 signature),
//! when `openssl` is installed; the table says so when it is not.
//!
//! A result older than this run is refused (reported missing), so a bench
//! that stopped running never shows a stale figure. Exits non-zero when the
//! run fails or a result is missing; a missed target is reported, not an
//! error (the benches measure, CI does not run them).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A goal on the ratio (peer time / our time).
#[derive(Clone, Copy)]
enum Target {
    /// The ratio is at least this.
    AtLeast(f64),
    /// Our time is at most this many times the peer's: ratio >= 1/x.
    AtMostTimes(f64),
    /// The two times are within this fraction of each other.
    Within(f64),
}

impl Target {
    fn text(self) -> String {
        match self {
            Self::AtLeast(x) => format!(">= {x:.1}"),
            Self::AtMostTimes(x) => format!(">= {:.3} (ours <= {x}x peer)", 1.0 / x),
            Self::Within(x) => format!("{:.3}..{:.3} (within {:.0}%)", 1.0 / (1.0 + x), 1.0 + x, x * 100.0),
        }
    }

    fn met(self, ratio: f64) -> bool {
        match self {
            Self::AtLeast(x) => ratio >= x,
            Self::AtMostTimes(x) => ratio * x >= 1.0,
            // ratio = t(peer)/t(ours); within x when ours/peer - 1 is.
            Self::Within(x) => (1.0 / ratio - 1.0).abs() <= x,
        }
    }
}

/// One measured benchmark: criterion's group and function, and a divisor
/// (the record count, for per-record rows).
#[derive(Clone, Copy)]
struct Bench {
    group: &'static str,
    function: &'static str,
    per: f64,
}

const fn b(group: &'static str, function: &'static str) -> Bench {
    Bench {
        group,
        function,
        per: 1.0,
    }
}

const fn per_record(group: &'static str, function: &'static str, records: f64) -> Bench {
    Bench {
        group,
        function,
        per: records,
    }
}

struct Row {
    name: &'static str,
    ours: Bench,
    peer: Option<(&'static str, Bench)>,
    target: Option<Target>,
}

const fn row(name: &'static str, ours: Bench, peer: Option<(&'static str, Bench)>, target: Option<Target>) -> Row {
    Row {
        name,
        ours,
        peer,
        target,
    }
}

fn rows() -> Vec<Row> {
    use Target::{AtLeast, AtMostTimes, Within};
    let mut rows = vec![
        row(
            "OAM XML, 28 records",
            b("oam_xml_28", "signoff"),
            Some(("quick_xml::de", b("oam_xml_28", "quick_xml_de"))),
            Some(AtLeast(3.0)),
        ),
        row(
            "OAM XML, 28 records",
            b("oam_xml_28", "signoff"),
            Some(("quick_xml::Reader loop", b("oam_xml_28", "quick_xml_tokenize"))),
            Some(AtLeast(0.7)),
        ),
        row(
            "OAM XML, 28 records",
            b("oam_xml_28", "signoff"),
            Some(("roxmltree", b("oam_xml_28", "roxmltree"))),
            Some(AtLeast(1.0)),
        ),
        row(
            "OAM XML per record, 1000 vs 28",
            per_record("oam_xml_1000", "signoff", 1000.0),
            Some(("ours at 28 records", per_record("oam_xml_28", "signoff", 28.0))),
            Some(Within(0.15)),
        ),
        row(
            "OAM XML, 28 records, owned decode_xml",
            b("oam_xml_28", "signoff_owned"),
            Some(("quick_xml::de", b("oam_xml_28", "quick_xml_de"))),
            None,
        ),
    ];
    for (n, group) in [(1, "oam_xml_1"), (1000, "oam_xml_1000")] {
        let name = if n == 1 {
            "OAM XML, 1 record"
        } else {
            "OAM XML, 1000 records"
        };
        for (peer, function, target) in [
            ("quick_xml::de", "quick_xml_de", Some(AtLeast(1.0))),
            ("quick_xml::Reader loop", "quick_xml_tokenize", None),
            ("xmlparser tokenizer", "xmlparser_tokenize", None),
            ("roxmltree", "roxmltree", Some(AtLeast(1.0))),
        ] {
            rows.push(row(name, b(group, "signoff"), Some((peer, b(group, function))), target));
        }
    }
    rows.push(row(
        "OAM XML, 28 records",
        b("oam_xml_28", "signoff"),
        Some(("xmlparser tokenizer", b("oam_xml_28", "xmlparser_tokenize"))),
        None,
    ));
    for (name, group) in [
        ("OAM JSON, 1 record", "oam_json_1"),
        ("OAM JSON, 28 records", "oam_json_28"),
        ("OAM JSON, 1000 records", "oam_json_1000"),
    ] {
        for (peer, function) in [
            ("serde_json borrowed derive", "serde_json_borrowed"),
            ("serde_json owned derive", "serde_json_owned"),
            ("serde_json::Value", "serde_json_value"),
            ("sonic-rs borrowed derive", "sonic_rs_borrowed"),
        ] {
            rows.push(row(
                name,
                b(group, "signoff"),
                Some((peer, b(group, function))),
                Some(AtLeast(1.0)),
            ));
        }
    }
    rows.push(row(
        "OAM JSON per record, 1000 vs 28",
        per_record("oam_json_1000", "signoff", 1000.0),
        Some(("ours at 28 records", per_record("oam_json_28", "signoff", 28.0))),
        None,
    ));
    for (name, from_slice, group) in [
        (
            "Compute Enclave error envelope",
            "Compute Enclave error envelope, from a slice (texts copied)",
            "oci_envelope",
        ),
        (
            "Veridata error envelope",
            "Veridata error envelope, from a slice (texts copied)",
            "veridata_envelope",
        ),
        (
            "JD Edwards error envelope",
            "JD Edwards error envelope, from a slice (texts copied)",
            "jde_envelope",
        ),
    ] {
        rows.push(row(
            name,
            b(group, "signoff"),
            Some(("serde_json borrowed derive", b(group, "serde_json_borrowed"))),
            Some(AtLeast(1.0)),
        ));
        rows.push(row(
            name,
            b(group, "signoff"),
            Some(("serde_json::Value", b(group, "serde_json_value"))),
            Some(AtLeast(2.0)),
        ));
        rows.push(row(
            name,
            b(group, "signoff"),
            Some(("serde_json owned derive", b(group, "serde_json_owned"))),
            Some(AtLeast(1.0)),
        ));
        rows.push(row(
            name,
            b(group, "signoff"),
            Some(("sonic-rs borrowed derive", b(group, "sonic_rs_borrowed"))),
            Some(AtLeast(1.0)),
        ));
        // The same reading from a plain slice (`from_body`), its texts
        // copied: shown beside the same peers, no target of its own.
        for (peer, function) in [
            ("serde_json borrowed derive", "serde_json_borrowed"),
            ("serde_json::Value", "serde_json_value"),
        ] {
            rows.push(row(
                from_slice,
                b(group, "signoff_from_slice"),
                Some((peer, b(group, function))),
                None,
            ));
        }
    }
    for (name, group, peer, function) in [
        (
            "Compute Enclave whole error response",
            "oci_error_response",
            "bare body parse (serde_json borrowed derive)",
            "serde_json_borrowed",
        ),
        (
            "Veridata whole error response",
            "veridata_error_response",
            "bare body parse (serde_json borrowed derive)",
            "serde_json_borrowed",
        ),
        (
            "JD Edwards whole error response",
            "jde_error_response",
            "bare body parse (serde_json borrowed derive)",
            "serde_json_borrowed",
        ),
        (
            "OAM whole error response",
            "oam_error_response",
            "bare body parse (serde_json borrowed derive)",
            "serde_json_borrowed",
        ),
        (
            "Commvault whole error response",
            "commvault_error_response",
            "bare body parse (quick_xml::de borrowed derive)",
            "quick_xml_de",
        ),
    ] {
        rows.push(row(
            name,
            b(group, "signoff"),
            Some((peer, b(group, function))),
            Some(AtMostTimes(1.5)),
        ));
    }
    rows.push(row(
        "Commvault whole error response",
        b("commvault_error_response", "signoff"),
        Some((
            "quick_xml::Reader loop (tokenizing only)",
            b("commvault_error_response", "quick_xml_tokenize"),
        )),
        None,
    ));
    for (n, encode, decode) in [
        (1, "commvault_encode_1", "commvault_decode_request_1"),
        (1000, "commvault_encode_1000", "commvault_decode_request_1000"),
    ] {
        let (enc_name, dec_name) = if n == 1 {
            (
                "Commvault request encode, 1 session",
                "Commvault request decode, 1 session",
            )
        } else {
            (
                "Commvault request encode, 1000 sessions",
                "Commvault request decode, 1000 sessions",
            )
        };
        rows.push(row(
            enc_name,
            b(encode, "signoff"),
            Some(("quick_xml::se", b(encode, "quick_xml_se"))),
            Some(AtLeast(1.0)),
        ));
        for (peer, function, target) in [
            ("quick_xml::de", "quick_xml_de", Some(AtLeast(1.0))),
            (
                "quick_xml::Reader loop",
                "quick_xml_tokenize",
                (n == 1000).then_some(AtLeast(0.5)),
            ),
            ("roxmltree", "roxmltree", Some(AtLeast(1.0))),
        ] {
            rows.push(row(
                dec_name,
                b(decode, "signoff"),
                Some((peer, b(decode, function))),
                target,
            ));
        }
    }
    rows.push(row(
        "Commvault success response",
        b("commvault_response", "signoff"),
        Some(("quick_xml::Reader loop", b("commvault_response", "quick_xml_tokenize"))),
        None,
    ));
    rows.push(row(
        "Compute Enclave signed request",
        b("oci_signed_request", "signoff"),
        Some((
            "bare RSA signature (aws-lc-rs, the backend)",
            b("oci_signed_request", "aws_lc_rsa_sign"),
        )),
        Some(AtMostTimes(1.05)),
    ));
    rows.push(row(
        "Compute Enclave signed request",
        b("oci_signed_request", "signoff"),
        Some(("bare RSA signature (ring)", b("oci_signed_request", "ring_rsa_sign"))),
        Some(AtLeast(1.0)),
    ));
    rows.push(row(
        "Compute Enclave signed request",
        b("oci_signed_request", "signoff"),
        Some(("openssl speed rsa2048, sign", OPENSSL_RSA2048)),
        Some(AtMostTimes(1.3)),
    ));
    // The worst shapes beside a plain page of the same size, and each at
    // two sizes per byte: linear work shows as a constant cost per byte.
    for (kind, shapes) in [
        (
            "xml",
            &[
                (
                    "OAM 200, XML: one element, attributes until refused",
                    "attributes_one_element",
                ),
                ("OAM 200, XML: elements at the attribute cap", "attributes_at_the_cap"),
                ("OAM 200, XML: nesting at the depth limit", "nesting_at_the_limit"),
            ][..],
        ),
        (
            "json",
            &[
                ("OAM 200, JSON: one object, keys until refused", "keys_one_object"),
                ("OAM 200, JSON: objects at the member cap", "keys_at_the_cap"),
                ("OAM 200, JSON: nesting at the depth limit", "nesting_at_the_limit"),
                ("OAM 200, JSON: strings of escapes only", "escaped_strings"),
            ][..],
        ),
    ] {
        let (big, small, plain) = if kind == "xml" {
            (
                "worst_xml_1000k",
                "worst_xml_256k",
                "plain OAM XML page, same size (1000 KiB)",
            )
        } else {
            (
                "worst_json_1000k",
                "worst_json_256k",
                "plain OAM JSON page, same size (1000 KiB)",
            )
        };
        for (name, function) in shapes {
            rows.push(row(name, b(big, function), Some((plain, b(big, "plain"))), None));
            // A shape refused at a cap costs the same at any size: its
            // cost per byte falls, which is no target to meet.
            let refused = name.contains("until refused");
            rows.push(row(
                name,
                per_record(big, function, 1000.0),
                Some(("itself per byte at 256 KiB", per_record(small, function, 256.0))),
                (!refused).then_some(Within(0.3)),
            ));
        }
    }
    for (name, function) in [
        ("JD Edwards request build", "jde"),
        ("Veridata request build", "veridata"),
        ("Commvault request build", "commvault"),
        ("OAM request build", "oam"),
    ] {
        rows.push(row(name, b("request_build", function), None, None));
    }
    rows
}

/// The peer measured by `openssl speed rsa2048`, not by criterion.
const OPENSSL_RSA2048: Bench = b("openssl", "rsa2048_sign");

/// `openssl speed -seconds 2 rsa2048`'s sign time, in ns, when `openssl` is
/// installed and says it.
fn openssl_rsa2048_sign_ns() -> Option<f64> {
    let out = std::process::Command::new("openssl")
        .args(["speed", "-seconds", "2", "rsa2048"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("rsa 2048 bits") || l.starts_with("rsa  2048 bits"))?;
    let seconds = line
        .split_whitespace()
        .find(|w| w.ends_with('s') && w.starts_with('0'))?;
    seconds.trim_end_matches('s').parse::<f64>().ok().map(|s| s * 1e9)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| crate::root().join("target"), PathBuf::from)
}

/// The median point estimate (ns) of one criterion result, if it was
/// written at or after `since`.
fn median_ns(criterion: &Path, bench: Bench, since: Option<SystemTime>) -> Option<f64> {
    let path = criterion
        .join(bench.group)
        .join(bench.function)
        .join("new")
        .join("estimates.json");
    if let Some(since) = since {
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
        if modified < since {
            return None;
        }
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let median = text.find("\"median\"")?;
    let rest = text.get(median..)?;
    let at = rest.find("\"point_estimate\":")? + "\"point_estimate\":".len();
    let number: String = rest
        .get(at..)?
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        .collect();
    number.parse::<f64>().ok().map(|ns| ns / bench.per)
}

fn human(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_num(x: Option<f64>) -> String {
    x.filter(|x| x.is_finite())
        .map_or_else(|| "null".to_owned(), |x| format!("{x:.3}"))
}

/// The machine the figures come from, for the README.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let rustc = std::process::Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!(
        "{cpu}, {cores} cores, {} {}, {rustc}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

pub(crate) fn run(args: &[String]) -> bool {
    let mut quick = false;
    let mut report_only = false;
    let mut instructions = false;
    for a in args {
        match a.as_str() {
            "--quick" => quick = true,
            "--report" => report_only = true,
            "--instructions" => instructions = true,
            other => {
                eprintln!("cargo xtask bench: unknown argument {other:?} (--quick, --report, --instructions)");
                return false;
            }
        }
    }
    if instructions {
        return run_instructions();
    }
    let since = if report_only {
        None
    } else {
        let start = SystemTime::now();
        let mut cmd = crate::cargo();
        cmd.current_dir(crate::root())
            .args(["bench", "-p", "signoff-benches", "--benches", "--"]);
        if quick {
            cmd.args(["--warm-up-time", "1", "--measurement-time", "2"]);
        }
        if !crate::run(cmd) {
            eprintln!("cargo xtask bench: the benches failed");
            return false;
        }
        Some(start)
    };
    let criterion = target_dir().join("criterion");
    let openssl = openssl_rsa2048_sign_ns();
    if openssl.is_none() {
        println!("openssl is not installed (or did not report rsa2048): its row is left out.\n");
    }
    let mut measure = |bench: Bench| {
        if bench.group == OPENSSL_RSA2048.group {
            return Measured::NotApplicable(openssl);
        }
        Measured::Value(median_ns(&criterion, bench, since))
    };
    let ok = table(
        &mut measure,
        human,
        "ours and peers are criterion medians; ratio = peer / ours (above 1: signoff is faster).",
        &target_dir().join("signoff-bench.json"),
    );
    if !ok {
        eprintln!("missing results (not run, or older than this run): see above");
    }
    ok
}

/// What a row's side measured.
enum Measured {
    /// A figure (or none: missing, an error).
    Value(Option<f64>),
    /// A figure this mode may lack without error (openssl's).
    NotApplicable(Option<f64>),
}

/// Prints the table of every row with `measure`'s figures (shown with
/// `show`) and writes the JSON rows to `out`. False when a figure is
/// missing.
fn table(measure: &mut dyn FnMut(Bench) -> Measured, show: fn(f64) -> String, note: &str, out: &Path) -> bool {
    let mut table = String::from("| benchmark | ours | peer | ratio | target | met |\n|---|---:|---|---:|---|:-:|\n");
    let mut json = String::from("[\n");
    let mut missing = Vec::new();
    let rows = rows();
    let mut first = true;
    for r in &rows {
        let ours = match measure(r.ours) {
            Measured::Value(v) | Measured::NotApplicable(v) => v,
        };
        if ours.is_none() {
            missing.push(format!("{}/{}", r.ours.group, r.ours.function));
        }
        let peer = match r.peer {
            None => None,
            Some((label, bench)) => match measure(bench) {
                Measured::NotApplicable(None) => continue,
                Measured::NotApplicable(Some(ns)) => Some((label, Some(ns))),
                Measured::Value(ns) => {
                    if ns.is_none() {
                        missing.push(format!("{}/{}", bench.group, bench.function));
                    }
                    Some((label, ns))
                }
            },
        };
        let ratio = match (ours, peer) {
            (Some(o), Some((_, Some(p)))) if o > 0.0 => Some(p / o),
            _ => None,
        };
        let met = r.target.and_then(|t| ratio.map(|x| t.met(x)));
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {} | {} |",
            r.name,
            ours.map_or_else(|| "missing".to_owned(), show),
            peer.map_or_else(
                || "—".to_owned(),
                |(label, ns)| format!("{label} {}", ns.map_or_else(|| "missing".to_owned(), show))
            ),
            ratio.map_or_else(|| "—".to_owned(), |x| format!("{x:.2}")),
            r.target.map_or_else(|| "—".to_owned(), Target::text),
            match (r.target, met) {
                (None, _) => "—",
                (Some(_), Some(true)) => "yes",
                (Some(_), Some(false)) => "**no**",
                (Some(_), None) => "?",
            }
        );
        if !first {
            json.push_str(",\n");
        }
        first = false;
        let _ = write!(
            json,
            "  {{\"name\":{},\"ours_ns\":{},\"peer\":{},\"peer_ns\":{},\"ratio\":{},\"target\":{},\"met\":{}}}",
            json_str(&format!("{} [{}/{}]", r.name, r.ours.group, r.ours.function)),
            json_num(ours),
            peer.map_or_else(|| "null".to_owned(), |(label, _)| json_str(label)),
            json_num(peer.and_then(|(_, ns)| ns)),
            json_num(ratio),
            r.target.map_or_else(|| "null".to_owned(), |t| json_str(&t.text())),
            met.map_or_else(|| "null".to_owned(), |m| m.to_string()),
        );
    }
    json.push_str("\n]\n");
    println!("Machine: {}\n", machine());
    println!("{table}");
    println!("{note}");
    if let Err(e) = std::fs::write(out, json) {
        eprintln!("cannot write {}: {e}", out.display());
        return false;
    }
    println!("wrote {}", out.display());
    if !missing.is_empty() {
        eprintln!("missing: {}", missing.join(", "));
    }
    missing.is_empty()
}

/// The iterations a function runs beyond the first under callgrind:
/// instruction counts barely vary between iterations, so a few average
/// out the allocator's and the caches' first-time work; one for the
/// megabyte shapes.
fn extra_iterations(group: &str) -> u64 {
    if group.starts_with("worst_") {
        1
    } else if group.ends_with("_1000") {
        3
    } else {
        10
    }
}

fn has_valgrind() -> bool {
    let out = std::process::Command::new("valgrind").arg("--version").output();
    out.is_ok_and(|o| o.status.success())
}

/// Installs valgrind (which counts the instructions) with the system's
/// package manager: `apt-get` or `dnf`, through `sudo` unless already root.
fn install_valgrind() -> bool {
    let managers: [(&str, &[&str]); 2] = [
        ("apt-get", &["install", "-y", "--no-install-recommends", "valgrind"]),
        ("dnf", &["install", "-y", "valgrind"]),
    ];
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    for (manager, args) in managers {
        let present = std::process::Command::new(manager).arg("--version").output();
        if !present.is_ok_and(|o| o.status.success()) {
            continue;
        }
        eprintln!("cargo xtask bench --instructions: valgrind is not installed; installing it with {manager}");
        let mut cmd = std::process::Command::new(if root { manager } else { "sudo" });
        if !root {
            cmd.arg(manager);
        }
        if manager == "apt-get" {
            // The package lists of a fresh machine are empty.
            let mut update = std::process::Command::new(if root { manager } else { "sudo" });
            if !root {
                update.arg(manager);
            }
            let _ = update.arg("update").status();
        }
        if cmd.args(args).status().is_ok_and(|s| s.success()) && has_valgrind() {
            return true;
        }
    }
    eprintln!(
        "cargo xtask bench --instructions: valgrind (which counts the instructions) is not installed \
         and could not be installed here; install it with your package manager, then run this again"
    );
    false
}

/// The instructions callgrind counts for `signoff-icount GROUP FUNCTION N`.
fn callgrind(bin: &Path, bench: Bench, iterations: u64) -> Option<u64> {
    let out = std::process::Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(bin)
        .args([bench.group, bench.function, &iterations.to_string()])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().find(|l| l.contains("Collected :"))?;
    line.rsplit(':').next()?.trim().parse().ok()
}

/// `--instructions`: builds `signoff-icount` with the bench profile and
/// counts every row's functions under callgrind.
fn run_instructions() -> bool {
    let mut cmd = crate::cargo();
    cmd.current_dir(crate::root()).args([
        "build",
        "--profile",
        "bench",
        "-p",
        "signoff-benches",
        "--bin",
        "signoff-icount",
    ]);
    if !crate::run(cmd) {
        eprintln!("cargo xtask bench --instructions: signoff-icount does not build");
        return false;
    }
    if !has_valgrind() && !install_valgrind() {
        return false;
    }
    let bin = target_dir().join("release").join("signoff-icount");
    let mut cache: std::collections::HashMap<(&str, &str), Option<f64>> = std::collections::HashMap::new();
    let mut measure = |bench: Bench| {
        if bench.group == OPENSSL_RSA2048.group {
            return Measured::NotApplicable(None);
        }
        let per_iteration = *cache.entry((bench.group, bench.function)).or_insert_with(|| {
            let extra = extra_iterations(bench.group);
            let one = callgrind(&bin, bench, 1)?;
            let more = callgrind(&bin, bench, 1 + extra)?;
            Some(more.saturating_sub(one) as f64 / extra as f64)
        });
        Measured::Value(per_iteration.map(|i| i / bench.per))
    };
    table(
        &mut measure,
        |i| format!("{:.0} Ir", i),
        "ours and peers are instructions per call (callgrind, the setup cancelled out); ratio = peer / ours.",
        &target_dir().join("signoff-bench-instructions.json"),
    )
}
