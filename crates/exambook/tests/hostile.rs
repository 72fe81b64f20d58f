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

// ---- #6, #7, #20: includes ----

#[cfg(unix)]
#[test]
fn an_include_of_a_fifo_is_an_error_and_never_blocks() {
    let tmp = tempfile::tempdir().unwrap();
    book(
        tmp.path(),
        &[("index.md", "# Home\n\n{{#include pipe.md}}\n")],
    );
    let made = Command::new("mkfifo")
        .arg(tmp.path().join("src/pipe.md"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: mkfifo is not available");
        return;
    }
    let (code, stderr, took) = run(&["check"], tmp.path());
    assert_eq!(code, Some(1), "{took:?}\n{stderr}");
    assert!(
        stderr.contains("cannot include `pipe.md`: it is a FIFO, not a regular file"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/index.md:3:1"), "{stderr}");
}

#[test]
fn include_fan_out_is_capped_with_the_chain() {
    // Ten includes of the next level on each of seven levels: ten million copies uncapped.
    let tmp = tempfile::tempdir().unwrap();
    let mut files: Vec<(String, String)> = (0..7)
        .map(|level| {
            let line = format!("{{{{#include l{}.md}}}}\n", level + 1);
            (format!("l{level}.md"), line.repeat(10))
        })
        .collect();
    files.push(("l7.md".into(), "A line of text.\n".into()));
    files.push(("index.md".into(), "# Home\n\n{{#include l0.md}}\n".into()));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    book(tmp.path(), &files);
    let (code, stderr, took) = run(&["check"], tmp.path());
    assert_eq!(code, Some(1), "{took:?}\n{}", tail(&stderr));
    assert!(
        stderr.contains("includes make this page too large (more than 10000 includes): src/index.md:3:1 → src/l0.md:1:1 → src/l1.md:1:1"),
        "{}",
        tail(&stderr)
    );
    assert_eq!(stderr.matches("too large").count(), 1, "{}", tail(&stderr));
}

#[test]
fn malformed_include_directives_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    book(
        tmp.path(),
        &[("index.md", "# Home\n\n{{#include}}\n\n{{#include a.md\n")],
    );
    let (code, stderr, _) = run(&["check"], tmp.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error: malformed include: `{{#include}}` names no file\n --> src/index.md:3:1"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: malformed include: `{{#include` is not closed with `}}`\n --> src/index.md:5:1"
        ),
        "{stderr}"
    );
}
