//! Which signals this process was started with ignored.
//!
//! `nohup` starts a command with SIGHUP ignored, and a shell without job control starts
//! background commands with SIGINT ignored; installing a handler would undo that (a `nohup
//! exambook serve` would stop when the terminal closes). Handlers are installed only for
//! signals that are not ignored. Linux says which in `/proc/self/status` (safe to read, unlike
//! a `sigaction` query); elsewhere nothing counts as ignored.

/// Whether `signal` (a Unix signal number) was ignored when the process started.
pub fn ignored(signal: i32) -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| in_mask(&status, signal))
}

/// Whether `signal` is set in the `SigIgn:` mask of a `/proc/PID/status` text.
fn in_mask(status: &str, signal: i32) -> bool {
    let Some(mask) = status
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
    else {
        return false;
    };
    (1..=64).contains(&signal) && mask & (1 << (signal - 1)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ignore_mask() {
        // SIGHUP (1) and SIGPIPE (13) ignored, as under `nohup` in a Rust program.
        let status = "Name:\texambook\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001001\n";
        assert!(in_mask(status, 1) && in_mask(status, 13));
        assert!(!in_mask(status, 2) && !in_mask(status, 15) && !in_mask(status, 0));
        assert!(!in_mask("Name:\tx\n", 1));
    }
}
