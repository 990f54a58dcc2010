//! `cargo xtask fuzz`: lands with its issue.

pub(crate) fn run(_args: &[String]) -> bool {
    eprintln!("cargo xtask fuzz: not implemented yet");
    false
}
