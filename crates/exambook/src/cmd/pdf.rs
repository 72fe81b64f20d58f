//! `exambook pdf`: the print page printed to a PDF by a headless Chromium.
//!
//! The book's print page and the files it loads (stylesheets, the book's images) are written
//! into a fresh temporary folder; Chromium, started as a subprocess with a fresh temporary
//! profile and no network (every host name fails to resolve, every proxied request goes to a
//! closed local port), prints it with `--print-to-pdf`, without its own header and footer, with
//! a document outline made from the headings. The browser is killed when it takes longer than
//! `--timeout`. The PDF is written beside the output file under a temporary name and renamed
//! into place once it is complete; the temporary folder and file are removed on failure and when
//! a signal stops the command.
//!
//! Chromium is found through `--chrome`, then `EXAMBOOK_CHROME`, then the usual names on `PATH`;
//! none is downloaded.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use exambook_core::output::{forget_temporary, track_temporary};

use crate::args::{Global, PdfArgs, book_dir};
use crate::pipeline::{self, Formats, Outcome, Prepared, Settings};
use crate::report;

/// The environment variable naming the Chromium to use (after `--chrome`).
pub const CHROME_ENV: &str = "EXAMBOOK_CHROME";

/// The names looked for on `PATH`, in order.
pub const CHROME_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "msedge",
];

/// Exit code for usage and I/O errors (as in `main`).
const EXIT_USAGE: u8 = 2;

/// The running browser, so that a signal can stop it (see [`abandon`]).
static BROWSER: Mutex<Option<Child>> = Mutex::new(None);

/// Kills the browser of a running `pdf` command, if any. For the signal handler, before the
/// temporary files are removed.
pub fn abandon() {
    let mut slot = match BROWSER.lock() {
        Ok(slot) => slot,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(child) = slot.as_mut() {
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Runs `exambook pdf`.
pub fn run(args: &PdfArgs, global: &Global) -> Result<ExitCode> {
    let started = Instant::now();
    let chrome = match find_chrome(args.chrome.as_deref()) {
        Ok(chrome) => chrome,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let dir = book_dir(args.book.as_ref());
    let settings = Settings {
        deny_warnings: args.deny_warnings,
        formats: Formats::PrintOnly,
        ..Settings::default()
    };
    // The build's cache, read only: unchanged code blocks and diagrams are not drawn again.
    let prepare = |book: &exambook_core::Book| -> Result<Prepared> {
        let cache = super::build::cache_file(&book.root, false)
            .filter(|f| f.is_file())
            .and_then(|f| exambook_render::RenderCache::load(&f).ok());
        Ok(Prepared {
            cache: cache.map(std::sync::Arc::new),
            sink: None,
        })
    };
    let built = match pipeline::run(&dir, &settings, prepare)? {
        Outcome::Built(built) => built,
        Outcome::Failed {
            sources,
            diagnostics,
        } => {
            report::diagnostics(&sources, &diagnostics, global.quiet);
            return Ok(report::failed(&diagnostics, args.deny_warnings));
        }
    };
    report::diagnostics(&built.book.sources, &built.diagnostics, global.quiet);
    // The source language's print page is at the top, a translation's in its folder.
    let source = built.book.config.book.language.clone();
    let mut languages = built.book.config.i18n.languages.clone();
    if languages.is_empty() {
        languages.push(source.clone());
    }
    let lang = match &args.lang {
        None => source.clone(),
        Some(wanted) => match languages.iter().find(|l| l.eq_ignore_ascii_case(wanted)) {
            Some(l) => l.clone(),
            None => {
                eprintln!(
                    "error: --lang {wanted}: this book is published in {} (book.toml, [i18n] languages)",
                    languages.join(", ")
                );
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        },
    };
    let print_path = if lang == source {
        exambook_render::print::PRINT_PATH.to_owned()
    } else {
        format!("{lang}/{}", exambook_render::print::PRINT_PATH)
    };
    if !built.files.iter().any(|f| f.path == print_path) {
        bail!(
            "a page of the book is written at {}, where the print page goes: rename it",
            exambook_render::print::PRINT_PATH
        );
    }

    let output = match &args.output {
        Some(file) => file.clone(),
        None if lang == source => built.book.root.join("book.pdf"),
        None => built.book.root.join(format!("book.{lang}.pdf")),
    };
    if output.is_dir() {
        bail!("{} is a folder: pass a file name with -o", output.display());
    }

    // The print page and what it loads, in a temporary folder of our own.
    let work = TempDir::new().context("making a temporary folder")?;
    let site = work.path.join("site");
    exambook_core::output::write(&site, &built.files, &built.assets, &[])
        .with_context(|| format!("writing the print page into {}", site.display()))?;
    let page = site.join(&print_path);

    // The PDF, written beside its final place and renamed into place when complete.
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        bail!(
            "cannot write {}: the folder {} does not exist",
            output.display(),
            parent.display()
        );
    }
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book.pdf".into());
    let partial = TempFile(parent.join(format!(".{name}.{}.part", std::process::id())));
    track_temporary(&partial.0);

    let t = Instant::now();
    print_to_pdf(
        &chrome,
        &page,
        &partial.0,
        &work.path,
        Duration::from_secs(args.timeout),
    )?;
    let print_time = t.elapsed();
    let head =
        std::fs::read(&partial.0).with_context(|| format!("reading {}", partial.0.display()))?;
    if !head.starts_with(b"%PDF-") {
        bail!(
            "Chromium ({}) did not write a PDF (the file it left has {} bytes)",
            chrome.display(),
            head.len()
        );
    }
    std::fs::rename(&partial.0, &output)
        .with_context(|| format!("writing {}", output.display()))?;
    forget_temporary(&partial.0);
    if global.verbose {
        eprintln!(
            "{:>18}: {:>8.3} s",
            "render (wall)",
            built.render_time.as_secs_f64()
        );
        eprintln!("{:>18}: {:>8.3} s", "chromium", print_time.as_secs_f64());
    }
    if !global.quiet {
        eprintln!(
            "wrote {} ({} KiB) in {:.2} s",
            output.display(),
            head.len().div_ceil(1024),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The browser to run: `--chrome`, else `EXAMBOOK_CHROME`, else the first of [`CHROME_NAMES`]
/// on `PATH`. The error is one line saying what to install or pass.
fn find_chrome(arg: Option<&Path>) -> Result<PathBuf, String> {
    let named = |path: &Path, how: &str| -> Result<PathBuf, String> {
        if path.components().count() == 1 && !path.exists() {
            // A bare name: look it up on PATH.
            return on_path(&path.as_os_str().to_os_string())
                .ok_or_else(|| format!("{how} {}: no such program on PATH", path.display()));
        }
        if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(format!("{how} {}: no such file", path.display()))
        }
    };
    if let Some(path) = arg {
        return named(path, "--chrome");
    }
    if let Some(value) = std::env::var_os(CHROME_ENV).filter(|v| !v.is_empty()) {
        return named(Path::new(&value), CHROME_ENV);
    }
    CHROME_NAMES
        .iter()
        .find_map(|name| on_path(&OsString::from(name)))
        .ok_or_else(|| {
            format!(
                "no Chromium found (looked for {} on PATH): install Chromium or Google Chrome, or pass --chrome PATH or set {CHROME_ENV}",
                CHROME_NAMES.join(", ")
            )
        })
}

/// The first executable file called `name` in a folder of `PATH`.
fn on_path(name: &OsString) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let exe_names: Vec<OsString> = if cfg!(windows) {
        let mut with_exe = name.clone();
        with_exe.push(".exe");
        vec![with_exe, name.clone()]
    } else {
        vec![name.clone()]
    };
    std::env::split_paths(&path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .flat_map(|dir| exe_names.iter().map(move |n| dir.join(n)))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Whether this process runs as root (Chromium's sandbox refuses to start then).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().nth(1))
            == Some("0")
    })
}

/// Prints `page` to `pdf` with `chrome`; its profile and log go into `work`. The browser is
/// killed after `deadline`.
fn print_to_pdf(
    chrome: &Path,
    page: &Path,
    pdf: &Path,
    work: &Path,
    deadline: Duration,
) -> Result<()> {
    let profile = work.join("profile");
    let log_path = work.join("chromium.log");
    let log = std::fs::File::create(&log_path)
        .with_context(|| format!("writing {}", log_path.display()))?;
    let page = page
        .canonicalize()
        .with_context(|| format!("reading {}", page.display()))?;
    let mut pdf_arg = OsString::from("--print-to-pdf=");
    pdf_arg.push(std::path::absolute(pdf).unwrap_or_else(|_| pdf.to_path_buf()));
    let mut profile_arg = OsString::from("--user-data-dir=");
    profile_arg.push(&profile);
    let mut command = Command::new(chrome);
    command
        .arg("--headless")
        .arg("--disable-gpu")
        .arg(profile_arg)
        .args([
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-sync",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--mute-audio",
            // No network: every host name fails to resolve at once, and anything that still
            // tries goes to a closed local port.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
        ])
        .arg(pdf_arg);
    if running_as_root() {
        command.arg("--no-sandbox");
    }
    command
        .arg(file_url(&page))
        .stdin(Stdio::null())
        .stdout(log.try_clone().context("opening the browser log")?)
        .stderr(log);
    let child = command
        .spawn()
        .with_context(|| format!("starting {}", chrome.display()))?;
    let started = Instant::now();
    {
        let mut slot = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
        *slot = Some(child);
    }
    let status = loop {
        {
            let mut slot = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
            let Some(child) = slot.as_mut() else {
                bail!("the browser was stopped");
            };
            if let Some(status) = child.try_wait().context("waiting for the browser")? {
                *slot = None;
                break Some(status);
            }
            if started.elapsed() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                *slot = None;
                break None;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let tail = || {
        let text = std::fs::read_to_string(&log_path).unwrap_or_default();
        // Chromium complains about the missing D-Bus session on every headless start: noise
        // that would push the line that matters out of the tail.
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.contains(":ERROR:dbus/"))
            .collect();
        let start = lines.len().saturating_sub(5);
        lines[start..].join("\n")
    };
    match status {
        None => bail!(
            "{} did not finish printing within {} s and was stopped (raise --timeout for a very large book); its last output:\n{}",
            chrome.display(),
            deadline.as_secs(),
            tail()
        ),
        Some(status) if !status.success() => bail!(
            "{} failed ({status}); its last output:\n{}",
            chrome.display(),
            tail()
        ),
        Some(_) if !pdf.is_file() => bail!(
            "{} wrote no PDF; its last output:\n{}",
            chrome.display(),
            tail()
        ),
        Some(_) => Ok(()),
    }
}

/// A `file://` URL for an absolute path, every byte outside the unreserved set and `/`
/// percent-encoded.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// A temporary folder of our own, removed when dropped (and by a signal).
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let base = std::env::temp_dir();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        for attempt in 0..100u32 {
            let path = base.join(format!(
                "exambook-pdf-{}-{nanos:08x}-{attempt}",
                std::process::id()
            ));
            match std::fs::create_dir(&path) {
                Ok(()) => {
                    track_temporary(&path);
                    return Ok(TempDir { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "no free temporary folder name",
        ))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
        forget_temporary(&self.path);
    }
}

/// A temporary file, removed when dropped unless it was renamed away.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        if std::fs::symlink_metadata(&self.0).is_ok() {
            let _ = std::fs::remove_file(&self.0);
        }
        forget_temporary(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/print.html")),
            "file:///tmp/a%20b/print.html"
        );
        assert_eq!(
            file_url(Path::new("/tmp/#x/ü.html")),
            "file:///tmp/%23x/%C3%BC.html"
        );
    }
}
