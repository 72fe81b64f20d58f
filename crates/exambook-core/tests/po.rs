//! PO reading and writing on a rich catalog (plural forms, contexts, multi-line strings,
//! obsolete entries, previous msgids, flags, every kind of comment, the header), and GNU
//! gettext's `msgfmt --check` on what we write.
//!
//! Without `msgfmt` (Debian package `gettext`) the msgfmt checks skip with a loud message;
//! under `CI=true` they fail instead.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::io::Write;
use std::process::Command;

use exambook_core::i18n::{Catalog, State};
use exambook_syntax::ast::FileId;

const RICH: &str = include_str!("data/rich.po");

/// Runs `msgfmt --check -o /dev/null` on `text`, which must pass without a warning; `false`
/// when msgfmt is missing (skipped).
pub fn msgfmt_check(text: &str) -> bool {
    if Command::new("msgfmt").arg("--version").output().is_err() {
        let message = "SKIPPED msgfmt --check: msgfmt not found (Debian package gettext)";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message} (CI=true: install it, see .ci/run)");
        }
        eprintln!("\n!!!!!!!! {message} !!!!!!!!\n");
        return false;
    }
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    let out = Command::new("msgfmt")
        .args(["--check", "-o", "/dev/null"])
        .arg(file.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "msgfmt --check rejects or warns:\n{text}\n{stderr}"
    );
    true
}

#[test]
fn the_rich_catalog_round_trips_byte_for_byte() {
    let (catalog, diags) = Catalog::parse(RICH, FileId(0));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(catalog.write(), RICH);
    msgfmt_check(&catalog.write());
}

#[test]
fn the_rich_catalog_is_read_right() {
    let (c, _) = Catalog::parse(RICH, FileId(0));
    assert_eq!(c.header_field("Language"), Some("pt_BR"));
    assert_eq!(
        c.header_field("plural-forms"),
        Some("nplurals=2; plural=(n > 1);")
    );
    let h = c.header.as_ref().unwrap();
    assert_eq!(h.translator_comments.len(), 3);
    assert_eq!(h.translator_comments[2], "");

    let by_id = |id: &str| c.messages.iter().find(|m| m.msgid == id).unwrap();
    let run = by_id("Run `virsh pool-list` to see the pools.");
    assert_eq!(
        run.references,
        [
            "src/351/351.3-qemu.md:12",
            "src/351/351.4-libvirt.md:40",
            "src/includes/common.md:3"
        ]
    );
    assert_eq!(
        run.translator_comments,
        ["Checked against the libvirt manual."]
    );
    assert_eq!(run.extracted_comments, ["paragraph"]);
    assert_eq!(
        by_id("First line\nSecond line with \"quotes\" and a \\ backslash\n").msgstr,
        ["Primeira linha\nSegunda linha com \"aspas\" e uma \\ barra invertida\n"]
    );
    let fuzzy = by_id("The `-accel kvm` option turns on acceleration.");
    assert_eq!(fuzzy.state(), State::Fuzzy);
    assert_eq!(
        fuzzy.previous_msgid.as_deref(),
        Some("The `-enable-kvm` option turns on acceleration.")
    );
    let plural = by_id("One file");
    assert_eq!(plural.msgid_plural.as_deref(), Some("%d files"));
    assert_eq!(plural.msgstr, ["Um arquivo", "%d arquivos"]);
    let opens: Vec<_> = c.messages.iter().filter(|m| m.msgid == "Open").collect();
    assert_eq!(opens.len(), 2);
    assert_eq!(opens[0].msgctxt.as_deref(), Some("menu"));
    assert_eq!(by_id("Tab\there").flags, ["no-wrap"]);

    let obsolete: Vec<_> = c.messages.iter().filter(|m| m.obsolete).collect();
    assert_eq!(obsolete.len(), 5);
    assert_eq!(obsolete[3].msgctxt.as_deref(), Some("menu"));
    assert_eq!(obsolete[4].msgid_plural.as_deref(), Some("%d folders"));
    assert_eq!(obsolete[4].msgstr, ["Uma pasta", "%d pastas"]);
    assert_eq!(
        obsolete[1].previous_msgid.as_deref(),
        Some("An older removed heading")
    );
    assert!(obsolete[1].is_fuzzy());
    assert!(
        obsolete[2]
            .msgid
            .starts_with("An obsolete message long enough")
    );

    // What the build uses: translated, not fuzzy, not obsolete, no context, not plural.
    let used: Vec<(&str, &str, u32)> = c.translations().collect();
    let ids: Vec<&str> = used.iter().map(|t| t.0).collect();
    assert_eq!(
        ids,
        [
            "Storage pools",
            "Run `virsh pool-list` to see the pools.",
            "A long paragraph that is longer than one line of a PO file, so that it is wrapped after a space at seventy-nine columns, with a [link](https://example.org/a/b) inside.",
            "First line\nSecond line with \"quotes\" and a \\ backslash\n",
            "Tab\there",
        ]
    );
    // The line of each msgstr in the file.
    let lines: Vec<&str> = RICH.lines().collect();
    for (_, _, line) in &used {
        assert!(
            lines[*line as usize - 1].starts_with("msgstr"),
            "line {line}"
        );
    }
}

#[test]
fn a_loosely_written_catalog_is_normalised_and_still_valid() {
    // No blank lines between entries, CRLF, a BOM, odd spacing, a very long word.
    let word = "x".repeat(120);
    let text = format!(
        "\u{feff}msgid \"\"\r\nmsgstr \"Project-Id-Version: x\\nPO-Revision-Date: \\nLast-Translator: \\nLanguage-Team: \\nLanguage: de\\nMIME-Version: 1.0\\nContent-Transfer-Encoding: 8bit\\nContent-Type: text/plain; charset=UTF-8\\n\"\r\n#: a.md:1\r\n#,fuzzy\r\nmsgid   \"a\" \r\n  msgstr \"b\"\r\nmsgid \"{word} end\"\nmsgstr \"\"\n"
    );
    let (c, diags) = Catalog::parse(&text, FileId(0));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(c.messages.len(), 2);
    assert!(c.messages[0].is_fuzzy());
    let out = c.write();
    let (again, d2) = Catalog::parse(&out, FileId(0));
    assert!(d2.is_empty());
    assert_eq!(again.write(), out);
    assert_eq!(again.messages[1].msgid, format!("{word} end"));
    msgfmt_check(&out);
}

/// The catalog without file positions, to compare two reads.
fn strip(c: &Catalog) -> Catalog {
    let mut c = c.clone();
    for m in c.header.iter_mut().chain(c.messages.iter_mut()) {
        m.line = 0;
        m.msgstr_line = 0;
    }
    c
}

/// Reads `text`: diagnostics inside it, and a catalog read without errors is written back
/// stably (read again: the same catalog; written again: the same bytes).
fn check_read(text: &str) {
    let (c, diags) = Catalog::parse(text, FileId(0));
    for d in &diags {
        let (s, e) = (d.span.start as usize, d.span.end as usize);
        assert!(s <= e && e <= text.len(), "{d:?} in {text:?}");
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
    }
    if diags.is_empty() {
        let written = c.write();
        let (again, d2) = Catalog::parse(&written, FileId(0));
        assert!(
            d2.is_empty(),
            "{d2:?} reading back\n{written}\nfrom\n{text}"
        );
        assert_eq!(strip(&again), strip(&c), "changed by writing:\n{written}");
        assert_eq!(again.write(), written);
    }
}

#[test]
fn damaged_catalogs_give_diagnostics_and_clean_ones_round_trip() {
    // Every prefix (a file cut short), every line left out, every line doubled.
    for (i, _) in RICH.char_indices() {
        check_read(&RICH[..i]);
    }
    let lines: Vec<&str> = RICH.split_inclusive('\n').collect();
    for i in 0..lines.len() {
        let mut without = lines.clone();
        without.remove(i);
        check_read(&without.concat());
        let mut doubled = lines.clone();
        doubled.insert(i, lines[i]);
        check_read(&doubled.concat());
    }
    // Odd characters in every kind of place.
    for odd in [
        "\"", "\\", "\t", "\r", "#", "~", "|", "é", "\u{0}", "[", "msgid",
    ] {
        for (i, _) in RICH.char_indices().step_by(7) {
            check_read(&format!("{}{odd}{}", &RICH[..i], &RICH[i..]));
        }
    }
}

#[test]
fn gnu_msgcat_reads_our_catalog_as_we_do() {
    // msgcat (GNU gettext) rewrites the file its own way; read back, it is the same catalog.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rich.po");
    std::fs::write(&path, RICH).unwrap();
    let Ok(out) = Command::new("msgcat").arg(&path).output() else {
        msgfmt_check(""); // reports the skip (or fails under CI)
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = String::from_utf8(out.stdout).unwrap();
    let (c, d) = Catalog::parse(&theirs, FileId(0));
    assert!(d.is_empty(), "{d:?}");
    let (ours, _) = Catalog::parse(RICH, FileId(0));
    assert_eq!(strip(&c), strip(&ours), "msgcat wrote:\n{theirs}");
}
