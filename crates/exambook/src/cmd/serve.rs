//! `exambook serve`: build into a temporary folder, serve it, rebuild on changes, reload
//! browsers. The parts are in [`crate::serve`].

use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use tokio::net::TcpListener;

use crate::args::{Global, ServeArgs, book_dir};
use crate::serve::http::{self, Shared, WS_PATH};
use crate::serve::live::{FailureKind, Live, Outcome};
use crate::serve::watch;

/// The address `serve` listens on unless told otherwise.
const DEFAULT_HOST: &str = "127.0.0.1";

/// Runs `exambook serve` until Ctrl-C, SIGTERM or SIGHUP.
pub fn run(args: &ServeArgs, global: &Global) -> Result<ExitCode> {
    let dir = book_dir(args.book.as_ref());
    let host = args.host.as_deref().unwrap_or(DEFAULT_HOST);
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let loopback = is_loopback(host);

    crate::pipeline::locate(&dir)?;
    let out = OutputDir::create()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the server runtime")?;
    // From here on Ctrl-C, SIGTERM and SIGHUP stop the server cleanly, even during the first
    // build.
    let mut stop = {
        let _context = runtime.enter();
        Stop::new()?
    };
    let listener = runtime
        .block_on(TcpListener::bind((host, args.port)))
        .map_err(|e| {
            let busy = e.kind() == std::io::ErrorKind::AddrInUse;
            let error = anyhow::Error::new(e).context(format!("listening on {host} port {}", args.port));
            if busy {
                error.context(format!(
                    "port {} is in use (another `exambook serve`?); `-p 0` picks a free port, or choose one with `-p PORT`",
                    args.port
                ))
            } else {
                error
            }
        })?;
    let addr = listener.local_addr().context("reading the bound address")?;
    if !loopback {
        // The port bound, not the one asked for (`-p 0` asks for any).
        eprintln!(
            "warning: listening on {host}: anyone who can reach this machine on port {} can read the book, and requests are no longer checked for this server's own address",
            addr.port()
        );
    }
    let hosts = loopback.then(|| allowed_hosts(host, addr.ip(), addr.port()));
    let shared = Arc::new(Shared::new(out.path().to_path_buf(), hosts));

    if !global.quiet {
        eprintln!("building {} into {}", dir.display(), out.path().display());
    }
    // The builder thread builds once, starts watching, then rebuilds on every change.
    let watcher: Arc<Mutex<Option<watch::Watcher>>> = Arc::new(Mutex::new(None));
    let (first_tx, first_rx) = tokio::sync::oneshot::channel::<Result<()>>();
    {
        let shared = Arc::clone(&shared);
        let watcher = Arc::clone(&watcher);
        let global = Global {
            quiet: global.quiet,
            verbose: global.verbose,
        };
        let mut live = Live::new(&dir, out.path(), WS_PATH);
        std::thread::Builder::new()
            .name("exambook-builder".into())
            .spawn(move || {
                let started = Instant::now();
                let first = live.build();
                report(&shared, first, started, &global, true);
                let (tx, rx) = std::sync::mpsc::channel();
                let watching = start_watching(&live, &dir, tx);
                let root = match watching {
                    Ok((w, root)) => {
                        if let Ok(mut slot) = watcher.lock() {
                            *slot = Some(w);
                        }
                        let _ = first_tx.send(Ok(()));
                        root
                    }
                    Err(e) => {
                        let _ = first_tx.send(Err(e));
                        return;
                    }
                };
                rebuild_loop(live, &rx, &shared, &watcher, &root, &global);
            })
            .context("starting the builder thread")?;
    }
    let first = runtime.block_on(async {
        tokio::select! {
            first = first_rx => Some(first),
            () = stop.recv() => None,
        }
    });
    match first {
        Some(Ok(Ok(()))) => {}
        Some(Ok(Err(e))) => return Err(e),
        Some(Err(_)) => anyhow::bail!("the builder stopped"),
        None => {
            if !global.quiet {
                eprintln!("stopped");
            }
            return Ok(ExitCode::SUCCESS);
        }
    }

    let url = format!("http://{addr}/");
    // The one line on stdout, for scripts: the URL actually bound.
    println!("serving {url}");
    let _ = std::io::stdout().flush();
    if !global.quiet {
        eprintln!("press Ctrl-C to stop");
    }
    if args.open {
        open_browser(&url);
    }

    runtime.block_on(http::serve(
        listener,
        http::router(Arc::clone(&shared)),
        stop.recv(),
    ));
    // Stop watching: the builder ends after its build; the folder goes either way.
    if let Ok(mut w) = watcher.lock() {
        w.take();
    }
    runtime.shutdown_timeout(Duration::from_millis(200));
    drop(out);
    if !global.quiet {
        eprintln!("stopped");
    }
    Ok(ExitCode::SUCCESS)
}

/// Starts the watcher on the book `live` loaded (or on `dir`, when it did not load). Returns it
/// and the canonical book root.
fn start_watching(
    live: &Live,
    dir: &Path,
    tx: std::sync::mpsc::Sender<Vec<PathBuf>>,
) -> Result<(watch::Watcher, PathBuf)> {
    let root = match live.root() {
        Some(root) => root.to_path_buf(),
        None => dir
            .canonicalize()
            .with_context(|| format!("opening the book folder {}", dir.display()))?,
    };
    let build_dir = live.build_dir().unwrap_or_else(|| root.join("book-out"));
    Ok((watch::start(&root, &build_dir, tx)?, root))
}

/// Builds on every batch of changes until the watcher stops.
fn rebuild_loop(
    mut live: Live,
    rx: &Receiver<Vec<PathBuf>>,
    shared: &Shared,
    watcher: &Mutex<Option<watch::Watcher>>,
    root: &Path,
    global: &Global,
) {
    while let Ok(mut paths) = rx.recv() {
        while let Ok(more) = rx.try_recv() {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        let started = Instant::now();
        if global.verbose {
            for p in &paths {
                eprintln!("changed: {}", p.display());
            }
        }
        // A folder new at the top of the book (say, `theme/`) is watched from now on, and
        // whatever it brought is built.
        let new_folders: Vec<&PathBuf> = paths
            .iter()
            .filter(|p| p.parent() == Some(root) && p.is_dir())
            .collect();
        let outcome = if new_folders.is_empty() {
            live.changed(&paths)
        } else {
            if let Ok(mut w) = watcher.lock()
                && let Some(w) = w.as_mut()
            {
                for folder in new_folders {
                    if let Err(e) = watch::add(w, folder) {
                        eprintln!("warning: {e:#}");
                    }
                }
            }
            live.build()
        };
        report(shared, outcome, started, global, false);
    }
}

/// Tells the browsers first, then the terminal.
fn report(shared: &Shared, outcome: Outcome, started: Instant, global: &Global, first: bool) {
    match outcome {
        Outcome::Unchanged => {
            if global.verbose {
                eprintln!("nothing to rebuild");
            }
        }
        Outcome::Built(built) => {
            shared.publish(false, built.message);
            let took = started.elapsed();
            if global.quiet {
                return;
            }
            for w in &built.warnings {
                eprintln!("{w}");
            }
            let n = built.rendered;
            let what = if first {
                "built"
            } else if built.full {
                "rebuilt everything:"
            } else {
                "rebuilt"
            };
            eprintln!(
                "{what} {n} page{} in {} ms ({} file{} changed)",
                if n == 1 { "" } else { "s" },
                took.as_millis(),
                built.changed.len(),
                if built.changed.len() == 1 { "" } else { "s" },
            );
            if global.verbose {
                let steps: Vec<String> = built
                    .timings
                    .iter()
                    .map(|(step, d)| format!("{step} {:.1} ms", d.as_secs_f64() * 1000.0))
                    .collect();
                eprintln!("  {}", steps.join(", "));
            }
        }
        Outcome::Failed(failure) => {
            shared.publish(true, failure.message);
            for line in &failure.terminal {
                eprintln!("{line}");
            }
            let what = match failure.kind {
                FailureKind::Content => "the book has errors",
                FailureKind::Io => "the build could not read or write its files",
            };
            eprintln!(
                "error: {what}; still serving the last good build ({} ms)",
                started.elapsed().as_millis()
            );
        }
    }
}

/// Whether `host` names this machine only.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The `Host` header values naming this server: loopback names and the bound address, with the
/// port (and without it on port 80).
fn allowed_hosts(host: &str, bound: IpAddr, port: u16) -> Vec<String> {
    let bound = match bound {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    let mut names = vec![
        "127.0.0.1".to_owned(),
        "localhost".to_owned(),
        "[::1]".to_owned(),
        bound,
        host.to_ascii_lowercase(),
    ];
    names.sort();
    names.dedup();
    let mut out: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
    if port == 80 {
        out.extend(names);
    }
    out
}

/// Ctrl-C, SIGTERM and SIGHUP (the terminal closed), listened to from creation on (a signal that
/// comes while nobody waits is kept). Each stops the server cleanly, removing its folder. A
/// signal ignored from the start (`nohup` ignores SIGHUP) stays ignored.
struct Stop {
    #[cfg(unix)]
    signals: [Option<tokio::signal::unix::Signal>; 3],
}

impl Stop {
    /// Starts listening; call inside the runtime.
    fn new() -> Result<Stop> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let listen = |kind: SignalKind| -> Result<Option<tokio::signal::unix::Signal>> {
                if crate::signals::ignored(kind.as_raw_value()) {
                    return Ok(None);
                }
                signal(kind).map(Some).context("listening for signals")
            };
            Ok(Stop {
                signals: [
                    listen(SignalKind::interrupt())?,
                    listen(SignalKind::terminate())?,
                    listen(SignalKind::hangup())?,
                ],
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Stop {})
        }
    }

    /// Completes at the next signal.
    async fn recv(&mut self) {
        #[cfg(unix)]
        {
            async fn next(signal: &mut Option<tokio::signal::unix::Signal>) {
                match signal {
                    Some(signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending().await,
                }
            }
            let [interrupt, terminate, hangup] = &mut self.signals;
            tokio::select! {
                () = next(interrupt) => {}
                () = next(terminate) => {}
                () = next(hangup) => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Opens `url` in the default browser, with the platform's own opener.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("note: could not open a browser ({e}); open {url}"),
    }
}

/// The temporary output folder, removed when dropped (also when `run` fails).
struct OutputDir(PathBuf);

impl OutputDir {
    fn create() -> Result<OutputDir> {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let path =
            std::env::temp_dir().join(format!("exambook-serve-{}-{nanos:08x}", std::process::id()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        let path = path
            .canonicalize()
            .with_context(|| format!("opening {}", path.display()))?;
        Ok(OutputDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        // The builder may still be writing (a stop during a build): try again a few times.
        for _ in 0..5 {
            if std::fs::remove_dir_all(&self.0).is_ok() || !self.0.exists() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names() {
        assert!(is_loopback("127.0.0.1"));
        assert!(is_loopback("::1"));
        assert!(is_loopback("LOCALHOST"));
        assert!(!is_loopback("0.0.0.0"));
        assert!(!is_loopback("192.168.1.2"));
    }

    #[test]
    fn hosts_carry_the_port() {
        let hosts = allowed_hosts(
            "127.0.0.1",
            "127.0.0.1".parse().unwrap_or(IpAddr::from([0; 4])),
            3000,
        );
        assert!(hosts.contains(&"localhost:3000".to_owned()));
        assert!(hosts.contains(&"[::1]:3000".to_owned()));
        assert!(!hosts.contains(&"localhost".to_owned()));
        assert!(!hosts.iter().any(|h| h.starts_with("evil")));
        let on80 = allowed_hosts("localhost", IpAddr::from([127, 0, 0, 1]), 80);
        assert!(on80.contains(&"localhost".to_owned()));
    }
}
