//! Hostile input: what a book from a stranger's pull request, a closed pipe or a misbehaving
//! client can do to the binary. Every case is a finding of issue 21 that once hung, panicked,
//! grew without bound or said something false; each runs the real binary with a deadline.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Longer than any of these cases takes once fixed; a hang or a runaway is killed at it.
const DEADLINE: Duration = Duration::from_secs(60);

/// Writes a book: `book.toml` and the given files under `src/` (a SUMMARY.md is made unless
/// given).
fn book(dir: &Path, files: &[(&str, &str)]) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Hostile\"\n").unwrap();
    if !files.iter().any(|(p, _)| *p == "SUMMARY.md") {
        std::fs::write(
            dir.join("src/SUMMARY.md"),
            "# Summary\n\n- [Home](index.md)\n",
        )
        .unwrap();
    }
    for (path, text) in files {
        let path = dir.join("src").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn exambook(args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_exambook"));
    command
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

/// Waits for `child` until [`DEADLINE`]; kills it then (`None`).
fn wait(child: &mut Child) -> Option<ExitStatus> {
    let until = Instant::now() + DEADLINE;
    while Instant::now() < until {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Runs to the end (or the deadline): exit code (`None`: killed at the deadline), stderr, time.
fn run(args: &[&str], dir: &Path) -> (Option<i32>, String, Duration) {
    let started = Instant::now();
    let mut child = exambook(args, dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let status = wait(&mut child);
    let stderr = reader.join().unwrap();
    (status.and_then(|s| s.code()), stderr, started.elapsed())
}

// ---- #5: text diagnostics cost time linear in their number, and repeats are counted ----

#[test]
fn sixteen_thousand_broken_anchors_are_printed_quickly_and_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "# Home\n\n".to_owned() + &"[x](#nope)\n\n".repeat(16_000);
    book(tmp.path(), &[("index.md", &page)]);
    let (code, stderr, took) = run(&["check"], tmp.path());
    assert_eq!(code, Some(1), "{took:?}\n{}", tail(&stderr));
    assert!(
        stderr.contains("… and 15990 more like this in src/index.md: broken link"),
        "{}",
        tail(&stderr)
    );
    assert!(stderr.contains("16000 error(s)"), "{}", tail(&stderr));
    assert!(stderr.lines().count() < 200, "{}", tail(&stderr));
    // Each snippet shows its own line, numbered as in the file.
    assert!(stderr.contains("--> src/index.md:3:1"), "{}", tail(&stderr));
    assert!(stderr.contains("5 | [x](#nope)"), "{}", tail(&stderr));
}

fn tail(text: &str) -> &str {
    let at = text.len().saturating_sub(2000);
    let at = (at..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    &text[at..]
}

// ---- #9: a closed pipe ends the output quietly ----

#[test]
fn a_closed_stderr_pipe_does_not_panic() {
    let tmp = tempfile::tempdir().unwrap();
    // Distinct messages, so that the output is far larger than a pipe's buffer.
    let page: String = (0..3000).map(|i| format!("[x](#nope-{i})\n\n")).collect();
    book(tmp.path(), &[("index.md", &page)]);
    let mut child = exambook(&["check"], tmp.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stderr.take().unwrap();
    let mut first = [0u8; 100];
    pipe.read_exact(&mut first).unwrap();
    drop(pipe);
    let status = wait(&mut child).expect("check did not end");
    // 101 is a panic ("failed printing to stderr: Broken pipe").
    assert_eq!(status.code(), Some(1), "{status:?}");
}
