//! `exambook serve` end to end: the binary on an ephemeral loopback port over a temporary copy
//! of `tests/serve/book`, driven with raw HTTP requests (so that malformed paths reach the
//! server as written) and a minimal WebSocket client, both on `std::net`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
// Symlinks, SIGTERM and inotify: what these tests drive is Unix.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const FIXTURE: &str = "tests/serve/book";
/// How long a reload or overlay message may take to arrive (generous: CI machines are slow).
const MESSAGE_TIMEOUT: Duration = Duration::from_secs(20);
/// What must never be served.
const SECRET: &str = "SECRET-7f3a9c: outside the output folder";

/// A running `exambook serve`, stopped with SIGTERM (then killed) on drop.
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
    /// The book copy, beside a file the server must never hand out.
    dir: tempfile::TempDir,
}

impl Server {
    fn start(name: &str, extra: &[&str]) -> Server {
        let dir = tempfile::Builder::new().prefix(name).tempdir().unwrap();
        common::copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE),
            &dir.path().join("book"),
        );
        std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_exambook"))
            .arg("serve")
            .arg(dir.path().join("book"))
            .args(["--port", "0"])
            .args(extra)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
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
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            stderr,
            dir,
        };
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no URL printed; stderr:\n{}", server.stderr()));
        let url = line.strip_prefix("serving http://127.0.0.1:").expect(&line);
        server.port = url.trim_end_matches('/').parse().unwrap();
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (boundedly) for the server's stderr to satisfy `pred`: the server tells browsers
    /// first and the terminal after.
    fn wait_stderr(&self, pred: impl Fn(&str) -> bool) -> bool {
        let deadline = Instant::now() + MESSAGE_TIMEOUT;
        while Instant::now() < deadline {
            if pred(&self.stderr()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn src(&self, file: &str) -> PathBuf {
        self.dir.path().join("book/src").join(file)
    }

    /// The temporary output folder, as the server reports it.
    fn out_dir(&self) -> PathBuf {
        let text = self.stderr();
        let line = text.lines().find(|l| l.starts_with("building ")).unwrap();
        PathBuf::from(line.rsplit_once(" into ").unwrap().1)
    }

    /// `GET path` with a `Host` header of our choosing (`None`: an HTTP/1.0 request without one).
    fn get_as(&self, path: &str, host: Option<&str>) -> Response {
        let request = match host {
            Some(h) => format!("GET {path} HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"),
            None => format!("GET {path} HTTP/1.0\r\n\r\n"),
        };
        self.raw(request.as_bytes())
    }

    fn get(&self, path: &str) -> Response {
        self.get_as(path, Some(&self.host()))
    }

    fn raw(&self, request: &[u8]) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        Response::parse(&bytes)
    }

    /// Opens the live-reload WebSocket with the given `Origin` header.
    fn websocket(&self, origin: Option<&str>) -> Result<Socket, Response> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let origin = origin
            .map(|o| format!("Origin: {o}\r\n"))
            .unwrap_or_default();
        let request = format!(
            "GET /__exambook/ws HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{origin}\r\n",
            self.host()
        );
        stream.write_all(request.as_bytes()).unwrap();
        // Read the response head byte by byte: frames may follow it at once.
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            if stream.read(&mut byte).unwrap_or(0) == 0 {
                break;
            }
            head.push(byte[0]);
        }
        let response = Response::parse(&head);
        if response.status == 101 {
            return Ok(Socket(stream));
        }
        // The connection stays open (keep-alive): read just the body.
        let len: usize = response
            .header("content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0u8; len];
        let _ = stream.read_exact(&mut body);
        head.extend(body);
        Err(Response::parse(&head))
    }

    fn own_origin(&self) -> String {
        format!("http://{}", self.host())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// SIGTERM, then a bounded wait, then SIGKILL.
fn stop(child: &mut Child) -> Option<std::process::ExitStatus> {
    if let Ok(Some(status)) = child.try_wait() {
        return Some(status);
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_owned(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == name).then(|| v.trim())
        })
    }
}

/// The client side of a WebSocket: reads the server's (unmasked) text frames.
struct Socket(TcpStream);

impl Socket {
    /// The next text message, or `None` when none comes within `timeout`.
    fn next(&mut self, timeout: Duration) -> Option<String> {
        self.0.set_read_timeout(Some(timeout)).unwrap();
        loop {
            let mut head = [0u8; 2];
            self.0.read_exact(&mut head).ok()?;
            let opcode = head[0] & 0x0f;
            let mut len = u64::from(head[1] & 0x7f);
            if len == 126 {
                let mut ext = [0u8; 2];
                self.0.read_exact(&mut ext).ok()?;
                len = u64::from(u16::from_be_bytes(ext));
            } else if len == 127 {
                let mut ext = [0u8; 8];
                self.0.read_exact(&mut ext).ok()?;
                len = u64::from_be_bytes(ext);
            }
            let mut payload = vec![0u8; usize::try_from(len).unwrap()];
            self.0.read_exact(&mut payload).ok()?;
            match opcode {
                0x1 => return Some(String::from_utf8(payload).unwrap()),
                0x8 => return None,
                _ => {}
            }
        }
    }

    fn expect(&mut self, what: &str) -> String {
        self.next(MESSAGE_TIMEOUT)
            .unwrap_or_else(|| panic!("no {what} message within {MESSAGE_TIMEOUT:?}"))
    }
}

/// Writes through a temporary file and a rename, as editors' atomic saves do.
fn atomic_save(path: &Path, text: &str) {
    let tmp = path.with_extension("md.tmp~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn an_edit_reloads_the_browser_and_the_new_page_is_served() {
    let server = Server::start("edit", &["--verbose"]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Welcome to the fixture"));
    assert!(home.body.contains("/__exambook/ws"), "no reload script");
    let page = server.get("/a.html");
    assert!(page.body.contains("First paragraph of page A"));

    let mut ws = server.websocket(Some(&server.own_origin())).unwrap();
    let text = std::fs::read_to_string(server.src("a.md"))
        .unwrap()
        .replace("First paragraph of page A.", "A freshly edited paragraph.");
    std::fs::write(server.src("a.md"), &text).unwrap();
    let message = ws.expect("reload");
    assert!(message.contains("\"reload\""), "{message}");
    assert!(message.contains("a.html"), "{message}");
    let page = server.get("/a.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("A freshly edited paragraph."));
    assert!(!page.body.contains("First paragraph of page A"));

    // An atomic save makes exactly one reload, and the builder then stays quiet: its own reads
    // and writes never count as changes.
    atomic_save(&server.src("a.md"), &text.replace("freshly", "once more"));
    let message = ws.expect("reload");
    assert!(message.contains("a.html"), "{message}");
    assert!(
        server
            .get("/a.html")
            .body
            .contains("A once more edited paragraph.")
    );
    // (A save's events may straggle by a few milliseconds; a loop would go on for ever.)
    std::thread::sleep(Duration::from_millis(300));
    let batches = server.stderr().matches("changed: ").count();
    assert_eq!(
        ws.next(Duration::from_millis(800)),
        None,
        "a second message"
    );
    assert_eq!(
        server.stderr().matches("changed: ").count(),
        batches,
        "the watcher keeps firing:\n{}",
        server.stderr()
    );
    // Editor swap files change nothing.
    std::fs::write(server.src(".a.md.swp"), "swap").unwrap();
    std::fs::write(server.src("a.md~"), "backup").unwrap();
    assert_eq!(ws.next(Duration::from_millis(500)), None);
}

#[test]
fn a_theme_folder_created_while_serving_is_watched() {
    let server = Server::start("theme", &[]);
    let mut ws = server.websocket(Some(&server.own_origin())).unwrap();
    let theme = server.dir.path().join("book/theme");
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(theme.join("static/exambook.css"), "/* THEMED-1 */").unwrap();
    let deadline = Instant::now() + MESSAGE_TIMEOUT;
    while !server.get("/static/exambook.css").body.contains("THEMED-1") {
        assert!(
            Instant::now() < deadline,
            "the new theme file was not built"
        );
        ws.next(Duration::from_millis(200));
    }
    // And later edits inside it are seen.
    std::fs::write(theme.join("static/exambook.css"), "/* THEMED-2 */").unwrap();
    while !server.get("/static/exambook.css").body.contains("THEMED-2") {
        assert!(
            ws.next(MESSAGE_TIMEOUT).is_some(),
            "no reload for the theme edit"
        );
    }
}

#[test]
fn a_broken_page_shows_the_overlay_while_the_last_good_page_is_served() {
    let server = Server::start("broken", &[]);
    let mut ws = server.websocket(Some(&server.own_origin())).unwrap();
    let good = std::fs::read_to_string(server.src("sub/b.md")).unwrap();

    std::fs::write(
        server.src("sub/b.md"),
        "# Page B\n\nFine so far.\n\n:::warning\nNever closed.\n",
    )
    .unwrap();
    let message = ws.expect("overlay");
    assert!(message.contains("\"error\""), "{message}");
    assert!(message.contains("src/sub/b.md"), "{message}");
    assert!(message.contains("\"line\":5"), "{message}");
    assert!(message.contains("is never closed"), "{message}");
    assert!(message.contains(":::warning"), "no snippet: {message}");
    assert!(
        server.wait_stderr(|e| e.contains("is never closed")),
        "not in the terminal"
    );
    // The last good page stays.
    let page = server.get("/sub/b.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Back to"));
    assert!(!page.body.contains("Fine so far"));
    // A browser opening a page now gets the overlay at once.
    let mut late = server.websocket(Some(&server.own_origin())).unwrap();
    assert!(late.expect("overlay").contains("is never closed"));

    // A broken link instead: still an error, still the old page.
    std::fs::write(
        server.src("sub/b.md"),
        "# Page B\n\n[gone](../nowhere.md)\n",
    )
    .unwrap();
    let message = ws.expect("overlay");
    assert!(message.contains("nowhere.md"), "{message}");
    assert!(!message.contains("is never closed"), "{message}");

    // The fix clears it: a reload, and the new page.
    std::fs::write(
        server.src("sub/b.md"),
        good.replace("Back to", "Fixed: back to"),
    )
    .unwrap();
    let message = ws.expect("reload");
    assert!(message.contains("\"reload\""), "{message}");
    assert!(server.get("/sub/b.html").body.contains("Fixed: back to"));
    let mut fresh = server.websocket(Some(&server.own_origin())).unwrap();
    assert_eq!(
        fresh.next(Duration::from_millis(300)),
        None,
        "stale overlay"
    );
}

#[test]
fn paths_outside_the_output_folder_are_never_served() {
    let server = Server::start("traversal", &[]);
    let book_dir = server
        .dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let out = server.out_dir();
    assert!(out.join("index.html").is_file());
    // Links out of the output folder, planted after the build.
    std::os::unix::fs::symlink(server.dir.path().join("secret.txt"), out.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(server.dir.path(), out.join("leakdir")).unwrap();

    let attempts = [
        format!("/../{book_dir}/secret.txt"),
        format!("/sub/../../{book_dir}/secret.txt"),
        format!("/%2e%2e/{book_dir}/secret.txt"),
        format!("/%2E%2E%2F{book_dir}%2Fsecret.txt"),
        format!("/%252e%252e/{book_dir}/secret.txt"),
        format!("/..%5c{book_dir}%5csecret.txt"),
        format!("/..\\{book_dir}\\secret.txt"),
        format!("/C:/{book_dir}/secret.txt"),
        format!("/c%3a%5c{book_dir}%5csecret.txt"),
        "/index.html%00.txt".into(),
        "/index.html%00".into(),
        "/leak.txt".into(),
        "/leakdir/secret.txt".into(),
        "/leakdir/".into(),
        "/.nojekyll".into(),
        format!("//{book_dir}/secret.txt"),
        format!("{}/secret.txt", server.dir.path().display()),
    ];
    for path in &attempts {
        let r = server.get(path);
        assert!(
            [400, 403, 404].contains(&r.status),
            "{path}: status {} ({})",
            r.status,
            r.body
        );
        assert!(
            !r.body.contains("SECRET-7f3a9c"),
            "{path} leaked the secret"
        );
    }
    // An absolute URI in the request line (proxy form) naming another host is refused too.
    let r = server.raw(
        format!(
            "GET http://evil.example/secret.txt HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.host()
        )
        .as_bytes(),
    );
    assert!([400, 403].contains(&r.status), "{r:?}");
    // What is inside is served: files, folders' index pages, and the site's 404 page.
    assert_eq!(server.get("/sub/notes.txt").body.trim(), "plain notes");
    let dir = server.get("/sub");
    assert_eq!(dir.status, 308);
    assert_eq!(dir.header("location"), Some("/sub/"));
    assert!(server.get("/sub/").body.contains("Notes are in"));
    let missing = server.get("/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html"), "not the site's 404 page");
}

#[test]
fn foreign_hosts_and_origins_are_refused() {
    let server = Server::start("hosts", &[]);
    for host in [
        "evil.example",
        &format!("evil.example:{}", server.port),
        "127.0.0.1",
        "127.0.0.2:1",
    ] {
        let r = server.get_as("/", Some(host));
        assert_eq!(r.status, 403, "Host: {host}");
        assert!(!r.body.contains("Welcome"));
    }
    let r = server.get_as("/", None);
    assert_eq!(r.status, 400, "no Host header");
    for host in [
        server.host(),
        format!("localhost:{}", server.port),
        format!("LOCALHOST:{}", server.port),
    ] {
        let r = server.get_as("/", Some(&host));
        assert_eq!(r.status, 200, "Host: {host}");
        assert_eq!(r.header("access-control-allow-origin"), None);
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }

    for origin in [
        Some("http://evil.example".to_owned()),
        Some(format!("http://evil.example:{}", server.port)),
        Some(format!("https://{}", server.host())),
        Some("null".to_owned()),
        None,
    ] {
        let refused = server.websocket(origin.as_deref());
        let r = refused
            .err()
            .unwrap_or_else(|| panic!("Origin {origin:?} accepted"));
        assert_eq!(r.status, 403, "Origin {origin:?}");
    }
    assert!(server.websocket(Some(&server.own_origin())).is_ok());
}

#[test]
fn oversized_headers_are_refused() {
    let server = Server::start("limits", &[]);
    let big = "x".repeat(64 * 1024);
    let r = server.raw(
        format!(
            "GET / HTTP/1.1\r\nHost: {}\r\nX-Big: {big}\r\nConnection: close\r\n\r\n",
            server.host()
        )
        .as_bytes(),
    );
    assert!(
        r.status == 431 || r.status == 400 || r.status == 0,
        "{}",
        r.status
    );
    assert!(!r.body.contains("Welcome"));
    // Still serving afterwards.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn sigterm_stops_the_server_and_removes_its_folder() {
    let mut server = Server::start("stop", &[]);
    let out = server.out_dir();
    assert!(out.is_dir());
    assert!(out.starts_with(std::env::temp_dir().canonicalize().unwrap()));
    let status = stop(&mut server.child).expect("did not stop on SIGTERM");
    assert!(status.success(), "{status:?}\n{}", server.stderr());
    assert!(!out.exists(), "{} is left behind", out.display());
}

#[test]
fn listening_beyond_loopback_warns() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .args(["serve", "--host", "0.0.0.0", "--port", "0"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("serving http://0.0.0.0:"), "{line}");
    stop(&mut child);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(err.contains("warning: listening on 0.0.0.0"), "{err}");
}

#[test]
fn a_port_in_use_suggests_any_free_port() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .args(["serve", "--port", &port])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: port {port} is in use")),
        "{stderr}"
    );
    assert!(stderr.contains("`-p 0` picks a free port"), "{stderr}");
    drop(taken);
}
