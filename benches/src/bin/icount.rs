//! `signoff-icount GROUP FUNCTION ITERATIONS`: runs one measured function
//! (see `signoff_benches::cases`) that many times and nothing else, for
//! callgrind to count its instructions (`cargo xtask bench
//! --instructions` runs it at two iteration counts and takes the
//! difference, so the setup cancels out).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [group, function, iterations] = args.as_slice() else {
        eprintln!("usage: signoff-icount GROUP FUNCTION ITERATIONS");
        return ExitCode::from(2);
    };
    let Ok(iterations) = iterations.parse::<u64>() else {
        eprintln!("signoff-icount: ITERATIONS is not a number");
        return ExitCode::from(2);
    };
    let groups = signoff_benches::cases::builder_of(group)
        .map(|build| build())
        .unwrap_or_default();
    for g in groups.into_iter().filter(|g| g.name == *group) {
        if let Some((_, run)) = g.cases.iter().find(|(name, _)| name == function) {
            for _ in 0..iterations {
                run();
            }
            return ExitCode::SUCCESS;
        }
    }
    eprintln!("signoff-icount: no case {group}/{function}");
    ExitCode::from(1)
}
