//! A JD Edwards AIS logout over ureq (blocking).
//!
//! ```sh
//! cargo run -p signoff-examples --example ureq_jde -- BASE_URL TOKEN [DEVICE]
//! ```

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url, token, rest @ ..] = args.as_slice() else {
        eprintln!("usage: ureq_jde BASE_URL TOKEN [DEVICE]");
        return std::process::ExitCode::from(2);
    };
    match signoff_examples::jde_logout_blocking(base_url, token, rest.first().map(String::as_str)) {
        Ok(done) => {
            println!("logged out: {}", done.status);
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("not logged out: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
