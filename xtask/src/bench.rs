//! `cargo xtask bench`: lands with its issue.

pub(crate) fn run(_args: &[String]) -> bool {
    eprintln!("cargo xtask bench: not implemented yet");
    false
}
