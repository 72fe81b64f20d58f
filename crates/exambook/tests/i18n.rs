//! `exambook i18n extract | update | stats` on a small book (`tests/i18n/book`, whose catalogs
//! are `../i18n` as in the repository): what the template holds, how `update` keeps, fuzzies
//! and obsoletes, what `stats` counts, and GNU `msgfmt --check` on every catalog written.
//!
//! Without `msgfmt` (Debian package `gettext`) the msgfmt checks skip with a loud message;
//! under `CI=true` they fail instead.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use exambook_core::i18n::{Catalog, State};
use exambook_syntax::ast::FileId;

fn exambook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exambook"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn ok(o: &Output) {
    assert!(o.status.success(), "failed: {}", stderr(o));
}

/// Runs `msgfmt --check -o /dev/null` on `path`: it must pass, and warn about nothing but
/// `allowed` (substrings). Skips loudly without msgfmt; fails under `CI=true`.
fn msgfmt_check(path: &Path, allowed: &[&str]) {
    if Command::new("msgfmt").arg("--version").output().is_err() {
        let message = "SKIPPED msgfmt --check: msgfmt not found (Debian package gettext)";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message} (CI=true: install it, see .ci/run)");
        }
        eprintln!("\n!!!!!!!! {message} !!!!!!!!\n");
        return;
    }
    let out = Command::new("msgfmt")
        .args(["--check", "-o", "/dev/null"])
        .arg(path)
        .output()
        .unwrap();
    let err = stderr(&out);
    let unexpected: Vec<&str> = err
        .lines()
        .filter(|l| !allowed.iter().any(|a| l.contains(a)))
        .collect();
    assert!(
        out.status.success() && unexpected.is_empty(),
        "msgfmt --check on {}:\n{err}",
        path.display()
    );
}

/// The fixture copied to a temporary folder: `(tmp, tmp/book, tmp/i18n)`.
fn fixture() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/i18n/book");
    copy(&from, &tmp.path().join("book"));
    let book = tmp.path().join("book");
    let i18n = tmp.path().join("i18n");
    (tmp, book, i18n)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn parse(path: &Path) -> Catalog {
    let (c, d) = Catalog::parse(&read(path), FileId(0));
    assert!(d.is_empty(), "{d:?}");
    c
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The POT's header warns (as xgettext's does) about its empty `Language`: a template has no
/// language yet.
const POT_WARNING: &str = "header field 'Language'";

#[test]
fn extract_writes_one_message_per_text_with_references() {
    let (_tmp, book, i18n) = fixture();
    let out = exambook(&["i18n", "extract", book.to_str().unwrap()]);
    ok(&out);
    assert!(
        stderr(&out).contains(
            "extracted 20 message(s) (23 text(s) in 2 page(s) and book.toml) → i18n/messages.pot"
        ),
        "{}",
        stderr(&out)
    );
    let pot_path = i18n.join("messages.pot");
    let pot = read(&pot_path);
    msgfmt_check(&pot_path, &[POT_WARNING]);

    // Code blocks are not text; inline code and link targets stay inside their message.
    assert!(!pot.contains("code is never extracted"), "{pot}");
    assert!(pot.contains(
        "#. paragraph\n#: src/index.md:3\nmsgid \"Run `virsh pool-list` to see the [storage pools](topic/pools.md).\"\n"
    ));
    assert!(!pot.contains("msgid \"`virsh start`\""));
    // One message for a text written twice (once through an include), with both places.
    assert!(pot.contains(
        "#. paragraph\n#: src/shared.md:1 src/topic/pools.md:10\nmsgid \"Shared text that appears twice.\"\n"
    ));
    // Kinds, book.toml strings, the table of contents, front matter, alt text.
    for want in [
        "#. book title, heading\n#: book.toml:2 src/index.md:1\nmsgid \"Tiny Guide\"",
        "#. book description\n#: book.toml:3\n",
        "#. exam name\n#: book.toml:7\nmsgid \"Tiny Exam\"",
        "#. exam note\n#: book.toml:9\nmsgid \"Only a test.\"",
        "#. topic title\n#: book.toml:13\nmsgid \"Storage\"",
        "#. table of contents\n#: src/SUMMARY.md:4\nmsgid \"Pools\"",
        "#. list item\n#: src/index.md:9\nmsgid \"Check the **pool** state.\"",
        "#. table cell\n#: src/index.md:14\nmsgid \"Starts a domain\"",
        "#. admonition title\n#: src/index.md:16\nmsgid \"Remember this\"",
        "#. page title, heading\n#: src/topic/pools.md:2 src/topic/pools.md:8\nmsgid \"Storage pools\"",
        "#. page description\n#: src/topic/pools.md:3\n",
        "#. image alt text\n#: src/topic/pools.md:14\nmsgid \"A diagram of a pool\"",
    ] {
        assert!(pot.contains(want), "missing {want:?} in\n{pot}");
    }
    // Extracting again writes the same bytes (no dates in the template).
    ok(&exambook(&[
        "i18n",
        "extract",
        book.to_str().unwrap(),
        "-q",
    ]));
    assert_eq!(read(&pot_path), pot);
}

#[test]
fn update_creates_keeps_fuzzies_and_obsoletes() {
    let (_tmp, book, i18n) = fixture();
    let b = book.to_str().unwrap();
    // No template yet.
    let out = exambook(&["i18n", "update", "--lang", "pt-BR", b]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("exambook i18n extract"),
        "{}",
        stderr(&out)
    );
    ok(&exambook(&["i18n", "extract", b]));
    // No catalog and no --lang.
    let out = exambook(&["i18n", "update", b]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--lang pt-BR"), "{}", stderr(&out));
    // A bad tag.
    let out = exambook(&["i18n", "update", "--lang", "pt_BR!", b]);
    assert_eq!(out.status.code(), Some(2));

    let out = exambook(&["i18n", "update", "--lang", "pt-BR", b]);
    ok(&out);
    assert!(stderr(&out).contains("i18n/pt-BR.po: created with 20 message(s)"));
    let po = i18n.join("pt-BR.po");
    msgfmt_check(&po, &[]);
    let mut catalog = parse(&po);
    assert_eq!(catalog.header_field("Language"), Some("pt_BR"));
    assert_eq!(
        catalog.header_field("Plural-Forms"),
        Some("nplurals=2; plural=(n > 1);")
    );
    assert_eq!(
        catalog.header_field("Content-Type"),
        Some("text/plain; charset=UTF-8")
    );
    assert!(
        catalog
            .messages
            .iter()
            .all(|m| m.state() == State::Untranslated)
    );

    // A translator's work.
    for (id, s) in [
        ("Tiny Guide", "Guia Minúsculo"),
        ("Restart the daemon.", "Reinicie o daemon."),
        (
            "A pool is a place where volumes live.",
            "Um pool é um lugar onde volumes vivem.",
        ),
        ("Pools hold volumes.", "Pools guardam volumes."),
        (
            "Check the **pool** state.",
            "Verifique o estado do **pool**.",
        ),
    ] {
        let m = catalog.messages.iter_mut().find(|m| m.msgid == id).unwrap();
        m.msgstr = vec![s.into()];
    }
    catalog.set_header_field("Last-Translator", "Ana <ana@example.org>");
    catalog.messages[0].translator_comments = vec!["keep this comment".into()];
    std::fs::write(&po, catalog.write()).unwrap();

    // The author changes one text, removes one and adds one.
    let pools = book.join("src/topic/pools.md");
    edit(
        &pools,
        "A pool is a place where volumes live.",
        "A pool is a place where the volumes live.",
    );
    edit(
        &pools,
        "![A diagram",
        "A brand new paragraph about volumes.\n\n![A diagram",
    );
    edit(&book.join("src/index.md"), "- Restart the daemon.\n", "");
    ok(&exambook(&["i18n", "extract", b, "-q"]));
    let out = exambook(&["i18n", "update", b]);
    ok(&out);
    assert!(
        stderr(&out).contains("i18n/pt-BR.po: 18 kept, 1 fuzzy, 1 new, 2 made obsolete"),
        "{}",
        stderr(&out)
    );
    msgfmt_check(&po, &[]);
    let text = read(&po);
    let c = parse(&po);
    assert_eq!(
        c.header_field("Last-Translator"),
        Some("Ana <ana@example.org>")
    );
    let get = |id: &str| {
        c.messages
            .iter()
            .find(|m| m.msgid == id && !m.obsolete)
            .unwrap()
    };
    assert_eq!(get("Tiny Guide").msgstr, ["Guia Minúsculo"]);
    assert_eq!(get("Tiny Guide").state(), State::Translated);
    assert_eq!(get("Tiny Guide").translator_comments, ["keep this comment"]);
    let changed = get("A pool is a place where the volumes live.");
    assert_eq!(changed.state(), State::Fuzzy);
    assert_eq!(changed.msgstr, ["Um pool é um lugar onde volumes vivem."]);
    assert!(text.contains(
        "#, fuzzy\n#| msgid \"A pool is a place where volumes live.\"\nmsgid \"A pool is a place where the volumes live.\"\n"
    ), "{text}");
    assert_eq!(
        get("A brand new paragraph about volumes.").state(),
        State::Untranslated
    );
    assert!(text.contains("#~ msgid \"Restart the daemon.\"\n#~ msgstr \"Reinicie o daemon.\"\n"));
    assert!(text.contains("#~ msgid \"A pool is a place where volumes live.\"\n"));
    // Obsolete entries come last.
    let first_obsolete = c.messages.iter().position(|m| m.obsolete).unwrap();
    assert!(c.messages[first_obsolete..].iter().all(|m| m.obsolete));
    // What a build would use: translated, not fuzzy, not obsolete.
    let used: Vec<&str> = c.translations().map(|t| t.0).collect();
    assert_eq!(
        used,
        [
            "Tiny Guide",
            "Check the **pool** state.",
            "Pools hold volumes."
        ]
    );

    // Updating again changes nothing.
    ok(&exambook(&["i18n", "update", "--lang", "pt-BR", b, "-q"]));
    assert_eq!(read(&po), text);

    // The text comes back: the obsolete translation is used again.
    edit(
        &book.join("src/index.md"),
        "- Check",
        "- Restart the daemon.\n- Check",
    );
    ok(&exambook(&["i18n", "extract", b, "-q"]));
    ok(&exambook(&["i18n", "update", b, "-q"]));
    let c = parse(&po);
    let back = c
        .messages
        .iter()
        .find(|m| m.msgid == "Restart the daemon.")
        .unwrap();
    assert!(!back.obsolete);
    assert_eq!(back.state(), State::Translated);
}

#[test]
fn a_broken_catalog_is_reported_at_its_line_and_left_alone() {
    let (_tmp, book, i18n) = fixture();
    let b = book.to_str().unwrap();
    ok(&exambook(&["i18n", "extract", b, "-q"]));
    let po = i18n.join("de.po");
    let broken = "msgid \"\"\nmsgstr \"Language: de\\n\"\n\nmsgid \"Tiny Guide\"\nmsgstr \"Kleiner \\q Leitfaden\"\n";
    std::fs::write(&po, broken).unwrap();
    for args in [vec!["i18n", "update", b], vec!["i18n", "stats", b]] {
        let out = exambook(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("unknown escape `\\q`"), "{err}");
        assert!(err.contains("i18n/de.po:5:17"), "{err}");
    }
    assert_eq!(read(&po), broken);
    // Not UTF-8.
    let mut f = std::fs::File::create(&po).unwrap();
    f.write_all(b"msgid \"a\"\nmsgstr \"\xff\"\n").unwrap();
    let out = exambook(&["i18n", "update", b]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stats_count_per_page_and_overall() {
    let (_tmp, book, i18n) = fixture();
    let b = book.to_str().unwrap();
    ok(&exambook(&["i18n", "extract", b, "-q"]));
    ok(&exambook(&["i18n", "update", "--lang", "de", b, "-q"]));
    let po = i18n.join("de.po");
    let mut c = parse(&po);
    for m in &mut c.messages {
        match m.msgid.as_str() {
            // On two pages (once through an include).
            "Shared text that appears twice." => m.msgstr = vec!["Geteilter Text.".into()],
            "A pool is a place where volumes live." => {
                m.msgstr = vec!["Ein Pool.".into()];
                m.set_fuzzy(true);
            }
            "Tiny Guide" => m.msgstr = vec!["Winziger Leitfaden".into()],
            _ => {}
        }
    }
    std::fs::write(&po, c.write()).unwrap();

    let out = exambook(&["i18n", "stats", b]);
    ok(&out);
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "de (i18n/de.po): 10 % translated: 2 of 20 message(s), 1 fuzzy, 17 untranslated\n"
        ),
        "{text}"
    );
    let row = |page: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{page} ")))
            .unwrap_or_else(|| panic!("no row {page} in\n{text}"))
            .split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("book.toml"), "20 1/5 0 4");
    assert_eq!(row("src/SUMMARY.md"), "0 0/2 0 2");
    assert_eq!(row("src/index.md"), "20 2/10 0 8");
    assert_eq!(row("src/topic/pools.md"), "20 1/5 1 3");

    let out = exambook(&["i18n", "stats", "--format", "json", "--lang", "de", b]);
    ok(&out);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let de = &json[0];
    assert_eq!(de["language"], "de");
    assert_eq!(de["catalog"], "i18n/de.po");
    assert_eq!(
        de["overall"],
        serde_json::json!({"translated": 2, "fuzzy": 1, "untranslated": 17})
    );
    assert_eq!(
        de["pages"][3],
        serde_json::json!({"page": "src/topic/pools.md", "translated": 1, "fuzzy": 1, "untranslated": 3})
    );
    // A language without a catalog: nothing translated.
    let out = exambook(&["i18n", "stats", "--format", "json", "--lang", "fr", b]);
    ok(&out);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json[0]["overall"]["untranslated"], 20);
}
