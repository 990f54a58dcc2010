//! A signed Oracle Compute Enclave logout over hyper (async).
//!
//! ```sh
//! cargo run -p signoff-examples --example hyper_oci -- ENDPOINT TENANCY_OCID USER_OCID FINGERPRINT KEY.pem
//! ```

#![allow(clippy::disallowed_methods, reason = "an example program reads its key file")]

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [endpoint, tenancy, user, fingerprint, key_file] = args.as_slice() else {
        eprintln!("usage: hyper_oci ENDPOINT TENANCY_OCID USER_OCID FINGERPRINT KEY.pem");
        return std::process::ExitCode::from(2);
    };
    let signer = std::fs::read_to_string(key_file)
        .map_err(|e| e.to_string())
        .and_then(|pem| signoff_oci::PrivateKey::from_pem(&pem).map_err(|e| e.to_string()))
        .and_then(|key| signoff_oci::Signer::new(tenancy, user, fingerprint, key).map_err(|e| e.to_string()));
    let signer = match signer {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(signoff_examples::oci_logout_hyper(endpoint, signer)) {
        Ok(done) => {
            println!(
                "logged out (opc-request-id {})",
                done.request_id.as_deref().unwrap_or("-")
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("not logged out: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
