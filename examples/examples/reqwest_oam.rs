//! Delete every Oracle Access Management session of a user over reqwest
//! (async).
//!
//! ```sh
//! OAM_PASSWORD=... cargo run -p signoff-examples --example reqwest_oam -- BASE_URL ADMIN USER_ID
//! ```

#![allow(clippy::disallowed_methods, reason = "an example program reads the environment")]

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url, admin, user_id] = args.as_slice() else {
        eprintln!("usage: OAM_PASSWORD=... reqwest_oam BASE_URL ADMIN USER_ID");
        return std::process::ExitCode::from(2);
    };
    let Ok(password) = std::env::var("OAM_PASSWORD") else {
        eprintln!("OAM_PASSWORD is not set");
        return std::process::ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(signoff_examples::oam_delete_reqwest(
        base_url, admin, &password, user_id,
    )) {
        Ok(sessions) => {
            println!("deleted {} sessions of {user_id}", sessions.len());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("not deleted: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
