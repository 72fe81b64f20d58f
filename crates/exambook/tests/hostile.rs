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

// ---- `serve`: #8 (Ping flood), #9 (closed stdout), #10 (SIGHUP), #22 (Host, port) ----

#[cfg(unix)]
mod serve {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::path::PathBuf;
    use std::process::{Child, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use super::{DEADLINE, book, exambook, wait};

    /// A running `exambook serve` on a small book, killed on drop.
    struct Server {
        child: Child,
        port: u16,
        stderr: Arc<Mutex<String>>,
        _dir: tempfile::TempDir,
    }

    impl Server {
        /// Starts the server; `stdout: false` closes the reading end of its stdout at once.
        fn start(extra: &[&str], stdout: bool) -> Server {
            Server::start_with(None, extra, stdout)
        }

        /// [`Server::start`] through a `wrapper` command (`nohup`).
        fn start_with(wrapper: Option<&str>, extra: &[&str], stdout: bool) -> Server {
            let dir = tempfile::tempdir().unwrap();
            book(dir.path(), &[("index.md", "# Home\n\nHello.\n")]);
            let mut command = match wrapper {
                Some(wrapper) => {
                    let mut c = std::process::Command::new(wrapper);
                    c.arg(env!("CARGO_BIN_EXE_exambook"))
                        .arg("serve")
                        .arg(dir.path())
                        .env("NO_COLOR", "1")
                        .stdin(Stdio::null());
                    c
                }
                None => exambook(&["serve"], dir.path()),
            };
            let mut child = command
                .args(["--port", "0"])
                .args(extra)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let stderr = Arc::new(Mutex::new(String::new()));
            let sink = Arc::clone(&stderr);
            let mut err = child.stderr.take().unwrap();
            std::thread::spawn(move || {
                let mut buf = [0; 4096];
                while let Ok(n) = err.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
            let out = child.stdout.take().unwrap();
            let mut server = Server {
                child,
                port: 0,
                stderr,
                _dir: dir,
            };
            if stdout {
                let mut line = String::new();
                BufReader::new(out).read_line(&mut line).unwrap();
                let port = line.trim_end().trim_end_matches('/').rsplit(':').next();
                server.port = port.and_then(|p| p.parse().ok()).unwrap_or(0);
                assert_ne!(server.port, 0, "{line:?}\n{}", server.stderr());
            } else {
                drop(out);
            }
            server
        }

        fn stderr(&self) -> String {
            self.stderr.lock().unwrap().clone()
        }

        fn wait_stderr(&self, what: &str) -> bool {
            let until = Instant::now() + DEADLINE;
            while Instant::now() < until {
                if self.stderr().contains(what) {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            false
        }

        fn signal(&self, name: &str) {
            std::process::Command::new("kill")
                .args([name, &self.child.id().to_string()])
                .status()
                .unwrap();
        }

        fn connect(&self) -> TcpStream {
            let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            stream
        }

        fn request(&self, head: &str) -> String {
            let mut stream = self.connect();
            stream.write_all(head.as_bytes()).unwrap();
            let mut bytes = Vec::new();
            let _ = stream.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }

    impl Drop for Server {
        /// SIGTERM first, so that the server removes its temporary folder; killed if it does not
        /// stop.
        fn drop(&mut self) {
            if let Ok(None) = self.child.try_wait() {
                self.signal("-TERM");
                let until = Instant::now() + Duration::from_secs(10);
                while Instant::now() < until && matches!(self.child.try_wait(), Ok(None)) {
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    #[test]
    fn a_client_flooding_pings_without_reading_is_closed() {
        let server = Server::start(&[], true);
        let mut ws = server.connect();
        let host = format!("127.0.0.1:{}", server.port);
        let upgrade = format!(
            "GET /__exambook/ws HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        ws.write_all(upgrade.as_bytes()).unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && ws.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        assert!(
            head.starts_with(b"HTTP/1.1 101"),
            "{}",
            String::from_utf8_lossy(&head)
        );
        // Empty masked Ping frames, never reading the Pongs.
        let ping = [0x89u8, 0x80, 0, 0, 0, 0];
        let flood: Vec<u8> = ping
            .iter()
            .copied()
            .cycle()
            .take(ping.len() * 5000)
            .collect();
        let _ = ws.write_all(&flood);
        // The server closes the connection: the Pongs it wrote, then the end.
        let mut sink = Vec::new();
        let closed = match ws.read_to_end(&mut sink) {
            Ok(_) => true,
            Err(e) => !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
        };
        assert!(closed, "the flooding client is still connected");
        assert!(sink.len() < 64 * 1024, "{} bytes of Pongs", sink.len());
    }

    #[test]
    fn two_host_headers_are_a_bad_request() {
        let server = Server::start(&[], true);
        let host = format!("127.0.0.1:{}", server.port);
        let response = server.request(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"
        ));
        assert!(response.starts_with("HTTP/1.1 400"), "{response}");
        let response = server.request(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    }

    #[test]
    fn listening_beyond_loopback_names_the_bound_port() {
        let server = Server::start(&["--host", "0.0.0.0"], true);
        assert!(server.wait_stderr("press Ctrl-C"), "{}", server.stderr());
        let want = format!("on port {} can read the book", server.port);
        assert!(server.stderr().contains(&want), "{}", server.stderr());
    }

    #[test]
    fn a_closed_stdout_does_not_stop_the_server() {
        let mut server = Server::start(&[], false);
        assert!(server.wait_stderr("press Ctrl-C"), "{}", server.stderr());
        std::thread::sleep(Duration::from_millis(100));
        assert!(
            server.child.try_wait().unwrap().is_none(),
            "the server ended: {}",
            server.stderr()
        );
        server.signal("-TERM");
        let status = wait(&mut server.child).expect("did not stop");
        assert!(status.success(), "{status:?}\n{}", server.stderr());
    }

    #[test]
    fn under_nohup_sighup_is_still_ignored() {
        let mut server = Server::start_with(Some("nohup"), &[], true);
        assert!(server.wait_stderr("press Ctrl-C"), "{}", server.stderr());
        server.signal("-HUP");
        std::thread::sleep(Duration::from_millis(200));
        assert!(
            server.child.try_wait().unwrap().is_none(),
            "SIGHUP stopped a server started with nohup: {}",
            server.stderr()
        );
        server.signal("-TERM");
        let status = wait(&mut server.child).expect("did not stop");
        assert!(status.success(), "{status:?}\n{}", server.stderr());
    }

    #[test]
    fn sighup_stops_the_server_and_removes_its_folder() {
        let mut server = Server::start(&[], true);
        assert!(server.wait_stderr("building "), "{}", server.stderr());
        let text = server.stderr();
        let line = text.lines().find(|l| l.starts_with("building ")).unwrap();
        let out = PathBuf::from(line.rsplit_once(" into ").unwrap().1);
        assert!(out.is_dir());
        server.signal("-HUP");
        let status = wait(&mut server.child).expect("did not stop");
        assert!(status.success(), "{status:?}\n{}", server.stderr());
        assert!(!out.exists(), "{} is left behind", out.display());
    }
}

// ---- #10, #11, #13: the output folder ----

/// Names of the entries of `dir` starting with `prefix`.
fn entries(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_signal_during_a_build_leaves_no_temporary_folder() {
    use std::os::unix::process::ExitStatusExt as _;
    let tmp = tempfile::tempdir().unwrap();
    // Enough pages that the build is still rendering when the signal comes.
    let page = "# Page\n\n```rust\nfn main() { println!(\"hello\"); }\n```\n\nText.\n".repeat(20);
    let mut files: Vec<(String, String)> = (0..400)
        .map(|i| (format!("p{i}.md"), page.clone()))
        .collect();
    let summary: String = (0..400).map(|i| format!("- [P{i}](p{i}.md)\n")).collect();
    files.push(("SUMMARY.md".into(), format!("# Summary\n\n{summary}")));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = tmp.path().join("book");
    book(&dir, &files);
    let out = tmp.path().join("out");
    // An earlier build stopped without a chance to clean up (SIGKILL) left this; the next build
    // removes it.
    let stale = tmp.path().join(".out.new-4000000");
    std::fs::create_dir_all(stale.join("sub")).unwrap();
    std::fs::write(stale.join(".exambook-output"), "").unwrap();
    for signal in ["-TERM", "-INT", "-HUP"] {
        let mut child = exambook(&["build"], &dir)
            .arg("-d")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mine = format!(".out.new-{}", child.id());
        let until = Instant::now() + DEADLINE;
        while !tmp.path().join(&mine).exists() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(2));
        }
        Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        let status = wait(&mut child).expect("the build did not stop");
        assert!(
            status.signal().is_some(),
            "{signal}: the build ended before the signal ({status:?}): make the book bigger"
        );
        assert_eq!(
            entries(tmp.path(), ".out."),
            Vec::<String>::new(),
            "{signal}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_second_build_of_the_same_output_fails_at_once_naming_the_first() {
    use std::io::Write as _;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    book(&dir, &[("index.md", "# Home\n")]);
    // This test is the first build: it holds the lock, as a running build does.
    let mut lock = std::fs::File::create(tmp.path().join(".out.lock")).unwrap();
    lock.lock().unwrap();
    writeln!(lock, "4242").unwrap();
    let out = tmp.path().join("out");
    let (code, stderr, _) = run(&["build", "-d", out.to_str().unwrap()], &dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("another exambook (PID 4242) is writing"),
        "{stderr}"
    );
    assert!(!out.exists());
    assert_eq!(entries(tmp.path(), ".out."), [".out.lock"]);
    drop(lock);
    let (code, stderr, _) = run(&["build", "-d", out.to_str().unwrap()], &dir);
    assert_eq!(code, Some(0), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_read_only_output_is_refused_before_the_swap() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    book(
        &dir,
        &[("index.md", "# Home\n"), ("sub/page.md", "# Page\n")],
    );
    std::fs::write(
        dir.join("src/SUMMARY.md"),
        "# Summary\n\n- [Home](index.md)\n- [Page](sub/page.md)\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let args = ["build", "-d", out.to_str().unwrap()];
    let (code, stderr, _) = run(&args, &dir);
    assert_eq!(code, Some(0), "{stderr}");
    let sub = out.join("sub");
    assert!(sub.join("page.html").is_file());
    let Some(undo) = make_read_only(&sub) else {
        eprintln!("SKIPPED: cannot make a folder read-only here (root without chattr)");
        return;
    };
    let (code, stderr, _) = run(&args, &dir);
    undo();
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("cannot be changed"), "{stderr}");
    assert_eq!(entries(tmp.path(), ".out."), Vec::<String>::new());
    assert!(sub.join("page.html").is_file(), "the previous site stays");
}

/// Makes `dir` read-only even for root (`chattr +i`) or, for anyone else, by its mode; returns
/// how to undo it, or `None` when neither works.
#[cfg(unix)]
fn make_read_only(dir: &Path) -> Option<Box<dyn FnOnce()>> {
    use std::os::unix::fs::PermissionsExt as _;
    let writable = |dir: &Path| {
        let probe = dir.join(".probe");
        let ok = std::fs::write(&probe, "").is_ok();
        let _ = std::fs::remove_file(probe);
        ok
    };
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).ok()?;
    let path = dir.to_path_buf();
    if !writable(dir) {
        return Some(Box::new(move || {
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
        }));
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).ok()?;
    let chattr = |flag: &str, dir: &Path| {
        Command::new("chattr")
            .arg(flag)
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if chattr("+i", dir) && !writable(dir) {
        return Some(Box::new(move || {
            chattr("-i", &path);
        }));
    }
    chattr("-i", dir);
    None
}

// ---- #1-#4: what a book names stays inside the book ----

/// A book whose `book.toml` is `toml`, with one page, beside a `secret/` folder outside it.
fn contained_book(toml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    book(&dir, &[("index.md", "# Home\n")]);
    std::fs::write(dir.join("book.toml"), toml).unwrap();
    let secret = tmp.path().join("secret");
    std::fs::create_dir_all(secret.join("theme")).unwrap();
    std::fs::write(secret.join("id_rsa"), "PRIVATE KEY\n").unwrap();
    std::fs::write(secret.join("page.md"), "# Secret\n\nPRIVATE\n").unwrap();
    (tmp, dir)
}

/// Every file below `dir`, as text, to look for leaks.
fn all_text(dir: &Path) -> String {
    let mut text = String::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return text;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            text += &all_text(&path);
        } else {
            text += &String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default());
        }
    }
    text
}

#[test]
fn a_source_folder_outside_the_book_is_an_error_at_its_line() {
    for src in ["../secret", "/etc"] {
        let (tmp, dir) = contained_book(&format!("[book]\ntitle = \"T\"\nsrc = \"{src}\"\n"));
        let out = tmp.path().join("out");
        let (code, stderr, took) = run(&["build", "-d", out.to_str().unwrap()], &dir);
        assert_eq!(code, Some(1), "{src}: {took:?}\n{}", tail(&stderr));
        assert!(
            stderr.contains(&format!("`src = \"{src}\"` is outside the book folder")),
            "{stderr}"
        );
        assert!(stderr.contains("--> book.toml:3:1"), "{stderr}");
        assert!(!out.exists(), "{src}: something was written");
    }
}

#[cfg(unix)]
#[test]
fn a_source_folder_that_is_a_link_to_outside_is_an_error() {
    let (_tmp, dir) = contained_book("[book]\nsrc = \"src2\"\n");
    std::os::unix::fs::symlink("../secret", dir.join("src2")).unwrap();
    let (code, stderr, _) = run(&["check"], &dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`src = \"src2\"` is outside the book folder"),
        "{stderr}"
    );
    assert!(stderr.contains("--> book.toml:2:1"), "{stderr}");
}

#[test]
fn a_theme_folder_outside_the_book_is_an_error_at_its_line() {
    let (_tmp, dir) =
        contained_book("[book]\ntitle = \"T\"\n\n[build]\ntheme = \"../secret/theme\"\n");
    let (code, stderr, _) = run(&["check"], &dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`theme = \"../secret/theme\"` is outside the book folder"),
        "{stderr}"
    );
    assert!(stderr.contains("--> book.toml:5:1"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_link_in_the_theme_folder_to_outside_is_not_published() {
    let (tmp, dir) = contained_book("[book]\ntitle = \"T\"\n");
    std::fs::create_dir_all(dir.join("theme/static")).unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("secret/id_rsa"),
        dir.join("theme/static/leak.css"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let (code, stderr, _) = run(&["build", "-d", out.to_str().unwrap()], &dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr
            .contains("a symbolic link in the theme folder must point at a regular file inside it"),
        "{stderr}"
    );
    assert!(!all_text(&out).contains("PRIVATE KEY"));
}

#[cfg(unix)]
#[test]
fn a_page_that_is_a_link_to_outside_is_not_read() {
    let (tmp, dir) = contained_book("[book]\ntitle = \"T\"\n");
    std::os::unix::fs::symlink(tmp.path().join("secret/page.md"), dir.join("src/leak.md")).unwrap();
    std::fs::write(
        dir.join("src/SUMMARY.md"),
        "# Summary\n\n- [Home](index.md)\n- [Leak](leak.md)\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let (code, stderr, _) = run(&["build", "-d", out.to_str().unwrap()], &dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`leak.md` is a symbolic link to a file outside the source folder"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/SUMMARY.md:4:3"), "{stderr}");
    assert!(!all_text(&out).contains("PRIVATE"));

    // Layout mode finds it too, and refuses it the same way.
    std::fs::remove_file(dir.join("src/SUMMARY.md")).unwrap();
    let (code, stderr, _) = run(&["build", "-d", out.to_str().unwrap()], &dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("`leak.md` is a symbolic link"), "{stderr}");
    assert!(!all_text(&out).contains("PRIVATE"));
}

#[cfg(unix)]
#[test]
fn assets_that_link_outside_or_are_not_files_are_not_copied() {
    // Listed for publishing: what is not a regular file inside the book still is not copied.
    let (tmp, dir) = contained_book(
        "[book]\ntitle = \"T\"\n\n[build]\nextra-files = [\"leak.txt\", \"alias.txt\", \"pipe.txt\"]\n",
    );
    std::os::unix::fs::symlink(tmp.path().join("secret/id_rsa"), dir.join("src/leak.txt")).unwrap();
    std::fs::write(dir.join("src/real.txt"), "public\n").unwrap();
    std::os::unix::fs::symlink("real.txt", dir.join("src/alias.txt")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(dir.join("src/pipe.txt"))
        .status();
    let out = tmp.path().join("out");
    let (code, stderr, took) = run(&["build", "-d", out.to_str().unwrap()], &dir);
    assert_eq!(code, Some(0), "{took:?}\n{stderr}");
    assert!(!out.join("leak.txt").exists());
    assert!(!all_text(&out).contains("PRIVATE KEY"));
    assert_eq!(
        std::fs::read_to_string(out.join("alias.txt")).unwrap(),
        "public\n"
    );
    if fifo.is_ok_and(|s| s.success()) {
        assert!(!out.join("pipe.txt").exists());
    }
}

#[test]
fn configuration_urls_must_be_http_or_relative() {
    let (_tmp, dir) = contained_book(
        "[book]\ntitle = \"T\"\n\n[site]\nurl = \"https://example.org/guide/\"\n\n[exam]\ncode = \"1\"\nname = \"E\"\nquestions = 1\nobjectives-source = \"javascript:alert(1)\"\n",
    );
    let (code, stderr, _) = run(&["check"], &dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "`objectives-source = \"javascript:alert(1)\"` is not an http(s) or relative URL"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> book.toml:11:1"), "{stderr}");
    assert_eq!(stderr.matches("is not an http(s)").count(), 1, "{stderr}");
}

// ---- #21: a book.toml or SUMMARY.md that is not a regular file ----

#[cfg(unix)]
#[test]
fn a_fifo_book_toml_or_summary_is_an_error_not_a_hang() {
    for name in ["book.toml", "src/SUMMARY.md"] {
        let tmp = tempfile::tempdir().unwrap();
        book(tmp.path(), &[("index.md", "# Home\n")]);
        std::fs::remove_file(tmp.path().join(name)).unwrap();
        let made = Command::new("mkfifo").arg(tmp.path().join(name)).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("SKIPPED: mkfifo is not available");
            return;
        }
        let (code, stderr, took) = run(&["check"], tmp.path());
        assert_eq!(code, Some(2), "{name}: {took:?}\n{stderr}");
        assert!(
            stderr.contains("it is a FIFO, not a regular file"),
            "{name}: {stderr}"
        );
        assert!(took < Duration::from_secs(10), "{name}: {took:?}");
    }
}

// ---- #14: an output inside the source folder is never read back ----

#[test]
fn an_output_inside_the_source_folder_is_not_copied_into_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    book(
        tmp.path(),
        &[
            ("index.md", "# Home\n\n[logo](logo.txt)\n"),
            ("logo.txt", "logo\n"),
        ],
    );
    let out = tmp.path().join("src/site");
    for _ in 0..3 {
        let (code, stderr, _) = run(&["build", "-d", out.to_str().unwrap()], tmp.path());
        assert_eq!(code, Some(0), "{stderr}");
        assert!(!stderr.contains("warning"), "{stderr}");
    }
    assert!(out.join("logo.txt").is_file());
    assert!(
        !out.join("site").exists(),
        "the previous output was copied as assets"
    );
}

// ---- #16: a SUMMARY nested too deeply drops no page ----

#[test]
fn a_summary_nested_too_deeply_keeps_every_page_and_says_where() {
    let tmp = tempfile::tempdir().unwrap();
    let levels = 120;
    let summary: String = "# Summary\n\n".to_owned()
        + &(0..levels)
            .map(|i| format!("{}- [P{i}](p{i}.md)\n", "  ".repeat(i)))
            .collect::<String>();
    let pages: Vec<(String, String)> = (0..levels)
        .map(|i| (format!("p{i}.md"), format!("# P{i}\n")))
        .collect();
    let mut files: Vec<(&str, &str)> = pages
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    files.push(("SUMMARY.md", &summary));
    book(tmp.path(), &files);
    let out = tmp.path().join("out");
    let (code, stderr, _) = run(&["build", "-d", out.to_str().unwrap()], tmp.path());
    assert_eq!(code, Some(0), "{}", tail(&stderr));
    assert!(
        stderr.contains("this entry is nested deeper than 100 levels; it is kept at level 100"),
        "{}",
        tail(&stderr)
    );
    assert!(
        stderr.contains("--> src/SUMMARY.md:103:"),
        "{}",
        tail(&stderr)
    );
    assert!(!stderr.contains("not in SUMMARY.md"), "{}", tail(&stderr));
    assert!(out.join(format!("p{}.html", levels - 1)).is_file());
}

// ---- #18: pages that are not UTF-8 ----

/// A book with raw page bytes (`book` takes text).
fn book_with_bytes(dir: &Path, summary: bool, pages: &[(&str, &[u8])]) {
    book(dir, &[("index.md", "# Home\n")]);
    if summary {
        let list: String = pages
            .iter()
            .map(|(p, _)| format!("- [{p}]({p})\n"))
            .collect();
        std::fs::write(
            dir.join("src/SUMMARY.md"),
            format!("# Summary\n\n- [Home](index.md)\n{list}"),
        )
        .unwrap();
    } else {
        std::fs::remove_file(dir.join("src/SUMMARY.md")).unwrap();
    }
    for (path, bytes) in pages {
        std::fs::write(dir.join("src").join(path), bytes).unwrap();
    }
}

#[test]
fn invalid_utf8_is_reported_at_the_page_line_and_column() {
    for summary in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        book_with_bytes(tmp.path(), summary, &[("bad.md", b"# Bad\n\nab\xFFcd\n")]);
        let (code, stderr, _) = run(&["check"], tmp.path());
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains("error: `bad.md` is not valid UTF-8"),
            "{stderr}"
        );
        assert!(stderr.contains("--> src/bad.md:3:3"), "{stderr}");
        assert!(!stderr.contains("book.toml"), "{stderr}");
        assert!(!stderr.contains("not in SUMMARY.md"), "{stderr}");
    }
}

#[test]
fn a_utf16_page_gets_a_hint() {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("# Home\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let no_bom: Vec<u8> = "# Home\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    book_with_bytes(
        tmp.path(),
        true,
        &[("bom.md", &utf16), ("nobom.md", &no_bom)],
    );
    let (code, stderr, _) = run(&["check"], tmp.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "the file looks like UTF-16 (little-endian, with a byte-order mark): save it as UTF-8"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("the file looks like UTF-16 (it is full of NUL bytes): save it as UTF-8"),
        "{stderr}"
    );
    assert!(!stderr.contains("not in SUMMARY.md"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn in_layout_mode_a_refused_page_is_named_at_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    book_with_bytes(tmp.path(), false, &[]);
    if !Command::new("mkfifo")
        .arg(tmp.path().join("src/pipe.md"))
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("SKIPPED: mkfifo is not available");
        return;
    }
    let (code, stderr, took) = run(&["check"], tmp.path());
    assert_eq!(code, Some(1), "{took:?}\n{stderr}");
    assert!(
        stderr.contains("`pipe.md` is a FIFO, not a regular file"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/pipe.md:1:1"), "{stderr}");
}

// ---- #19: NUL bytes become U+FFFD ----

#[test]
fn nul_bytes_become_replacement_characters() {
    let tmp = tempfile::tempdir().unwrap();
    book(
        tmp.path(),
        &[
            ("index.md", "# Home\n\na\0b\n\n{{#include inc.md}}\n"),
            ("inc.md", "c\0d\n"),
        ],
    );
    let out = tmp.path().join("out");
    let (code, stderr, _) = run(&["build", "-d", out.to_str().unwrap()], tmp.path());
    assert_eq!(code, Some(0), "{stderr}");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains('\0'));
    assert!(html.contains("a\u{FFFD}b"), "{html}");
    assert!(html.contains("c\u{FFFD}d"), "{html}");
}

// ---- #17: file names that are not URL-safe ----

#[test]
fn file_names_with_url_characters_get_working_links() {
    let tmp = tempfile::tempdir().unwrap();
    book(
        tmp.path(),
        &[
            (
                "index.md",
                "# Home\n\n[C#](c%23sharp.md) [Q](what%3F.md) [P](100%25.md) [S](a%20b.md)\n",
            ),
            ("c#sharp.md", "# C sharp\n"),
            ("what?.md", "# What\n"),
            ("100%.md", "# Percent\n"),
            ("a b.md", "# Space\n"),
        ],
    );
    std::fs::remove_file(tmp.path().join("src/SUMMARY.md")).unwrap(); // layout mode
    let out = tmp.path().join("out");
    let (code, stderr, _) = run(&["build", "-d", out.to_str().unwrap()], tmp.path());
    assert_eq!(code, Some(0), "{stderr}");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    for href in [
        "c%23sharp.html",
        "what%3F.html",
        "100%25.html",
        "a%20b.html",
    ] {
        // Minified: attribute values without quotes.
        assert!(html.contains(&format!("href={href}>")), "{href}: {html}");
    }
    for file in ["c#sharp.html", "what?.html", "100%.html", "a b.html"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let toc = std::fs::read_to_string(out.join("toc.html")).unwrap();
    assert!(
        toc.contains("c%23sharp.html") && !toc.contains("\"c#sharp.html"),
        "{toc}"
    );
}

#[test]
fn names_that_collide_on_case_insensitive_systems_are_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    book(
        tmp.path(),
        &[
            (
                "SUMMARY.md",
                "# Summary\n\n- [Home](index.md)\n- [A](A.md)\n- [a](a.md)\n- [NFC](caf%C3%A9.md)\n- [NFD](cafe%CC%81.md)\n",
            ),
            ("index.md", "# Home\n"),
            ("A.md", "# A\n"),
            ("a.md", "# a\n"),
            ("caf\u{e9}.md", "# NFC\n"),
            ("cafe\u{301}.md", "# NFD\n"),
        ],
    );
    let (code, stderr, _) = run(&["check"], tmp.path());
    if !tmp.path().join("src/a.md").exists()
        || std::fs::read_dir(tmp.path().join("src")).unwrap().count() < 6
    {
        eprintln!("SKIPPED: this file system folds case or normalises names");
        return;
    }
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("`A.md` and `a.md` differ only in case or Unicode normalisation"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "`caf\u{e9}.md` and `cafe\u{301}.md` differ only in case or Unicode normalisation"
        ),
        "{stderr}"
    );
}

// ---- #15: a cache that cannot be written (a full disk) leaves no partial file ----

/// A disk that fills up while the render cache is written: the build still succeeds (the site
/// does not need the cache), the previous cache stays as it was, and no temporary file is left.
/// The disk is made "full" for the cache only by a file-size limit (`ulimit -f`) that every
/// file of the site fits under and the cache does not, with SIGXFSZ ignored so that a write
/// past it fails (EFBIG) instead of killing the process.
#[test]
fn a_cache_that_cannot_be_written_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    // Different code on every page: the cache keeps one entry per distinct block.
    let code = |page: usize| -> String {
        (0..1500)
            .map(|i| format!("echo line {i} of script {page}\n"))
            .collect()
    };
    let pages: Vec<(String, String)> = (0..24)
        .map(|i| {
            (
                format!("p{i}.md"),
                format!("# Page {i}\n\n```bash\n{}```\n", code(i)),
            )
        })
        .collect();
    let summary: String = std::iter::once("# Summary\n\n".to_owned())
        .chain((0..24).map(|i| format!("- [Page {i}](p{i}.md)\n")))
        .collect();
    let mut files: Vec<(&str, &str)> = pages
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    files.push(("SUMMARY.md", &summary));
    book(&root, &files);
    // Without the print page, which holds every page and would be as large as the cache.
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Hostile\"\n\n[print]\nenabled = false\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    let out_arg = out.to_str().unwrap();

    let (code0, stderr, _) = run(&["build", "-d", out_arg], &root);
    assert_eq!(code0, Some(0), "{stderr}");
    let cache = root.join(".exambook/cache");
    let before = std::fs::read(&cache).unwrap();
    let largest_page = walk_sizes(&out).into_iter().max().unwrap();
    // A limit the site fits under and the new cache does not.
    let limit = 2 * largest_page;
    assert!(
        (before.len() as u64) > 2 * limit,
        "the fixture's cache is too small to fail: {} bytes, largest page {largest_page}",
        before.len()
    );

    // Every page changes, so the cache is rewritten.
    for i in 0..24 {
        let page = root.join(format!("src/p{i}.md"));
        let text = std::fs::read_to_string(&page)
            .unwrap()
            .replace("line", "row");
        std::fs::write(page, text).unwrap();
    }
    let script = format!(
        "trap '' XFSZ; ulimit -f {}; exec \"$0\" build -d \"$1\" \"$2\"",
        limit / 512
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_exambook"))
        .arg(&out)
        .arg(&root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let site = std::fs::read_to_string(out.join("p3.html")).unwrap();
    assert!(site.contains("row 7"), "the new site was not written");
    assert_eq!(
        std::fs::read(&cache).unwrap(),
        before,
        "the old cache was changed"
    );
    assert!(
        stderr.contains("the render cache was not saved"),
        "the cache write did not fail, so this test tested nothing: {stderr}"
    );
    let left: Vec<String> = entries(&root.join(".exambook"), "")
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "left in .exambook: {left:?}");
}

fn walk_sizes(dir: &Path) -> Vec<u64> {
    let mut sizes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        if meta.is_dir() {
            sizes.extend(walk_sizes(&entry.path()));
        } else {
            sizes.push(meta.len());
        }
    }
    sizes
}
