//! CLI golden tests: every folder under `tests/cli/` is one case.
//!
//! A case holds `book/` (the input), optionally `args` (one argument per line, default `build`;
//! `$BOOK` and `$OUT` are replaced), and the expected `stderr` and `code` (exit code), and — for
//! commands that print data, such as `check --format json` — the expected `stdout`. A case
//! without a `stdout` file does not look at stdout. The output folder is a fresh temporary
//! folder, shown as `$OUT` in the expected stderr. Set `EXAMBOOK_BLESS=1` to rewrite the expected
//! files from the actual ones (`stdout` only when the command printed something).
//!
//! A case made for a fix may also hold `before`: the exit code and stderr of the binary before
//! the fix (`exit N` on its first line), written once by hand from the old binary and never
//! blessed. It documents what went wrong, and the case fails if the binary behaves that way
//! again.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let tmp = tempfile::Builder::new().prefix(&name).tempdir().unwrap();
    let out = tmp.path().join("out");
    let book = case.join("book");
    let args: Vec<String> = match std::fs::read_to_string(case.join("args")) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        Err(_) => vec!["build".into(), "$BOOK".into(), "-d".into(), "$OUT".into()],
    };
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            a.replace("$BOOK", &book.to_string_lossy())
                .replace("$OUT", &out.to_string_lossy())
        })
        .collect();
    let output = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .args(&args)
        .current_dir(case)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr)
        .replace(&out.to_string_lossy().into_owned(), "$OUT")
        .replace(&book.to_string_lossy().into_owned(), "$BOOK");
    // Timings vary: `built 3 pages in 0.01 s` → `built 3 pages in <time>`.
    let stderr: String = stderr
        .lines()
        .map(|l| match (l.find(" in "), l.find(" s →")) {
            (Some(a), Some(b)) if l.starts_with("built ") && a < b => {
                format!("{} in <time>{}", &l[..a], &l[b + 2..])
            }
            // `-v` phase timings: `      parse (wall):    0.000 s` → `parse (wall): <time>`.
            _ if l.ends_with(" s") && l.contains("): ")
                || l.trim_start().starts_with("search index:")
                || l.trim_start().starts_with("write:") =>
            {
                format!("{}: <time>", l.split(':').next().unwrap_or_default().trim())
            }
            _ => l.to_string(),
        })
        .map(|l| l + "\n")
        .collect();
    let code = output.status.code().unwrap_or(-1).to_string() + "\n";
    let stdout = String::from_utf8_lossy(&output.stdout)
        .replace(&book.to_string_lossy().into_owned(), "$BOOK");
    let stdout_file = case.join("stdout");
    if std::env::var_os("EXAMBOOK_BLESS").is_some() {
        std::fs::write(case.join("stderr"), &stderr).unwrap();
        std::fs::write(case.join("code"), &code).unwrap();
        if !stdout.is_empty() || stdout_file.is_file() {
            std::fs::write(&stdout_file, &stdout).unwrap();
        }
        return Ok(());
    }
    if let Ok(want_stdout) = std::fs::read_to_string(&stdout_file)
        && stdout != want_stdout
    {
        return Err(format!(
            "case {name}:\n--- expected stdout\n{want_stdout}--- actual stdout\n{stdout}"
        ));
    }
    if let Ok(before) = std::fs::read_to_string(case.join("before"))
        && before == format!("exit {}\n{stderr}", code.trim())
    {
        return Err(format!(
            "case {name}: the binary behaves as it did before the fix (see `before`):\n{before}"
        ));
    }
    let want_stderr = std::fs::read_to_string(case.join("stderr")).unwrap_or_default();
    let want_code = std::fs::read_to_string(case.join("code")).unwrap_or_default();
    if stderr != want_stderr || code != want_code {
        return Err(format!(
            "case {name}:\n--- expected exit {want_code}--- actual exit {code}--- expected stderr\n{want_stderr}--- actual stderr\n{stderr}"
        ));
    }
    if code.trim() == "0"
        && args.first().is_some_and(|a| a == "build")
        && !out.join("index.html").is_file()
    {
        return Err(format!(
            "case {name}: exit 0 but no index.html in the output"
        ));
    }
    if code.trim() != "0" && out.exists() {
        return Err(format!(
            "case {name}: failed, yet the output folder was written"
        ));
    }
    Ok(())
}

#[test]
fn cli_cases() {
    let failures: Vec<String> = cases().iter().filter_map(|c| run_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `exambook init` scaffolds a guide that builds and passes every check, and refuses to
/// overwrite an existing one.
#[test]
fn init_then_build() {
    let tmp = tempfile::Builder::new().prefix("init").tempdir().unwrap();
    let guide = tmp.path().join("guide");
    let exe = env!("CARGO_BIN_EXE_exambook");
    let init = Command::new(exe).arg("init").arg(&guide).output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let check = Command::new(exe)
        .args(["check", "--deny-warnings"])
        .arg(&guide)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let build = Command::new(exe)
        .arg("build")
        .arg(&guide)
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(guide.join("book-out/101/101.1-hardware.html").is_file());
    // The blueprint names the topics the scaffold declares (not "Topic 101").
    let blueprint = std::fs::read_to_string(guide.join("book-out/blueprint.html")).unwrap();
    assert!(blueprint.contains("System Architecture"), "{blueprint}");
    assert!(blueprint.contains("Linux Installation and Package Management"));
    assert!(!blueprint.contains("Topic 10"));
    let ignore = std::fs::read_to_string(guide.join(".gitignore")).unwrap();
    assert_eq!(ignore, ".exambook/\nbook-out/\n");
    let again = Command::new(exe).arg("init").arg(&guide).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds a book.toml"));
}

/// `exambook init` into a folder with a `.gitignore` adds only the entries it lacks.
#[test]
fn init_completes_an_existing_gitignore() {
    let tmp = tempfile::Builder::new().prefix("init").tempdir().unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "/target\nbook-out\n*.swp").unwrap();
    let init = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .arg("init")
        .arg(tmp.path())
        .arg("-q")
        .output()
        .unwrap();
    assert!(init.status.success());
    let ignore = std::fs::read_to_string(tmp.path().join(".gitignore")).unwrap();
    assert_eq!(ignore, "/target\nbook-out\n*.swp\n.exambook/\n");
}

/// Runs `exambook build -q` on `book` (into its own `book-out/`), expecting success.
fn build_quietly(book: &Path) {
    let build = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .arg("build")
        .arg(book)
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
}

/// The render cache lives in `.exambook/cache` beside `book.toml`, never in the published
/// output; a second build of unchanged input uses all of it (so it is not rewritten); a cache
/// that an older version left in the output folder is not published again.
#[test]
fn render_cache_lives_beside_book_toml_not_in_the_site() {
    let tmp = tempfile::Builder::new().prefix("cache").tempdir().unwrap();
    let guide = tmp.path().join("guide");
    let exe = env!("CARGO_BIN_EXE_exambook");
    assert!(
        Command::new(exe)
            .args(["init", "-q"])
            .arg(&guide)
            .status()
            .unwrap()
            .success()
    );
    build_quietly(&guide);
    let out = guide.join("book-out");
    let cache = guide.join(".exambook/cache");
    assert!(cache.is_file(), "the cache is written beside book.toml");
    assert_eq!(
        std::fs::read_to_string(guide.join(".exambook/.gitignore")).unwrap(),
        "*\n"
    );
    let published: Vec<String> = walk(&out);
    assert!(
        !published.iter().any(|p| p.contains("cache")),
        "no cache in the site: {published:?}"
    );

    // Unchanged input: every entry is a hit and none is added, so the file is not rewritten.
    let before = std::fs::metadata(&cache).unwrap().modified().unwrap();
    let page = std::fs::read(out.join("index.html")).unwrap();
    std::fs::write(out.join(".exambook-cache"), "left by exambook 0.1").unwrap();
    build_quietly(&guide);
    assert_eq!(
        std::fs::metadata(&cache).unwrap().modified().unwrap(),
        before,
        "the second build is served from the cache"
    );
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), page);
    assert!(
        !out.join(".exambook-cache").exists(),
        "the old cache is gone"
    );
    assert_eq!(walk(&out), published);
}

/// A `.exambook` that is not a plain folder of the book turns caching off, quietly: nothing is
/// written through a symlink, nothing replaces a file.
#[cfg(unix)]
#[test]
fn render_cache_is_skipped_when_dot_exambook_is_not_a_folder() {
    let tmp = tempfile::Builder::new().prefix("cache").tempdir().unwrap();
    let guide = tmp.path().join("guide");
    let exe = env!("CARGO_BIN_EXE_exambook");
    assert!(
        Command::new(exe)
            .args(["init", "-q"])
            .arg(&guide)
            .status()
            .unwrap()
            .success()
    );
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, guide.join(".exambook")).unwrap();
    build_quietly(&guide);
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);

    std::fs::remove_file(guide.join(".exambook")).unwrap();
    std::fs::write(guide.join(".exambook"), "mine").unwrap();
    build_quietly(&guide);
    assert_eq!(
        std::fs::read_to_string(guide.join(".exambook")).unwrap(),
        "mine"
    );
    assert!(guide.join("book-out/index.html").is_file());
}

/// Every file below `dir`, relative, sorted.
fn walk(dir: &Path) -> Vec<String> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                go(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    go(dir, dir, &mut out);
    out.sort();
    out
}

/// An include through a symlink that points out of the book is refused, though the link itself
/// sits inside the book.
#[cfg(unix)]
#[test]
fn include_through_symlink_out_of_the_book_is_refused() {
    let tmp = tempfile::Builder::new()
        .prefix("symlink")
        .tempdir()
        .unwrap();
    let book = tmp.path().join("book");
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(tmp.path().join("secret.txt"), "secret\n").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), book.join("src/link.txt")).unwrap();
    std::fs::write(
        book.join("src/index.md"),
        "# Home\n\n```\n{{#include link.txt}}\n```\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .arg("build")
        .arg(&book)
        .arg("-d")
        .arg(tmp.path().join("out"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is outside the book"), "{stderr}");
    assert!(!tmp.path().join("out").exists());
}

/// `exambook import-questions` writes pages that `check` accepts once they are listed, and
/// never overwrites pages an earlier import wrote.
#[test]
fn imported_questions_pass_check() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/import-questions");
    let tmp = tempfile::Builder::new().prefix("import").tempdir().unwrap();
    let book = tmp.path().join("book");
    for rel in walk(&case.join("book")) {
        let to = book.join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(case.join("book").join(&rel), &to).unwrap();
    }
    let exe = env!("CARGO_BIN_EXE_exambook");
    let import = || {
        Command::new(exe)
            .arg("import-questions")
            .arg(case.join("questions.md"))
            .arg("--into")
            .arg(&book)
            .output()
            .unwrap()
    };
    let first = import();
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    assert!(stderr.contains("imported 8 of 11 question(s)"), "{stderr}");
    let pages = walk(&book.join("src/imported"));
    assert_eq!(
        pages,
        [
            "questions/101-1.md",
            "questions/101-2.md",
            "questions/102-1.md"
        ]
    );
    let mut summary = std::fs::read_to_string(book.join("src/SUMMARY.md")).unwrap();
    for page in &pages {
        summary.push_str(&format!("- [Imported {page}](imported/{page})\n"));
    }
    std::fs::write(book.join("src/SUMMARY.md"), summary).unwrap();
    let check = Command::new(exe)
        .args(["check", "--deny-warnings"])
        .arg(&book)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let before = std::fs::read_to_string(book.join("src/imported/questions/101-1.md")).unwrap();
    let again = import();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let after = std::fs::read_to_string(book.join("src/imported/questions/101-1.md")).unwrap();
    assert_eq!(before, after);
}
