//! Printing that survives a closed pipe.
//!
//! `std`'s `println!` and `eprintln!` panic when the stream is gone (`exambook check book 2>&1 |
//! head -c 100`: "failed printing to stderr: Broken pipe", exit 101). The crate root shadows both
//! macros with ones that call [`stdout`] and [`stderr`] here: the first failed write marks the
//! stream closed and every later line to it is dropped, as `ls | head` stops writing. The command
//! still ends with its own exit code.

use std::fmt::Arguments;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes one line to stdout, or nothing once stdout is closed.
pub fn stdout(args: Arguments<'_>) {
    line(&STDOUT_CLOSED, &mut std::io::stdout().lock(), args);
}

/// Writes one line to stderr, or nothing once stderr is closed.
pub fn stderr(args: Arguments<'_>) {
    line(&STDERR_CLOSED, &mut std::io::stderr().lock(), args);
}

/// Whether a write to stderr has failed: whatever is left to print goes nowhere.
pub fn stderr_closed() -> bool {
    STDERR_CLOSED.load(Ordering::Relaxed)
}

fn line(closed: &AtomicBool, to: &mut impl Write, args: Arguments<'_>) {
    if closed.load(Ordering::Relaxed) {
        return;
    }
    // One write of the whole line, then a flush (stdout is line-buffered only on a terminal).
    let text = format!("{args}\n");
    if to
        .write_all(text.as_bytes())
        .and_then(|()| to.flush())
        .is_err()
    {
        closed.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream whose reader has gone.
    struct Gone(usize);

    impl Write for Gone {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            self.0 += 1;
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_stream_is_written_once_then_left_alone() {
        let closed = AtomicBool::new(false);
        let mut gone = Gone(0);
        line(&closed, &mut gone, format_args!("first"));
        line(&closed, &mut gone, format_args!("second"));
        assert!(closed.load(Ordering::Relaxed));
        assert_eq!(gone.0, 1);
    }
}
