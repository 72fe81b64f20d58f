//! Watching the book for changes (notify with the full debouncer).
//!
//! Watched: the book root itself (book.toml), each of its folders except hidden ones and the
//! book's own build folder (so `exambook build` running beside `serve` cannot trigger it), and
//! the translation catalogs (`i18n/` in the book or beside it). The served site is built in the
//! system's temporary folder, outside everything watched, so a build never triggers a build.
//!
//! Editors save in many ways; the filter drops their swap, backup and lock files (`.x.swp`,
//! `x~`, `.#x`, `#x#`, vim's `4913` probe, JetBrains' `___jb_tmp___`), and the builder
//! compares contents, so an atomic save (write a temporary file, rename it over the page) that
//! arrives as several events still makes exactly one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// How long the debouncer waits for an event's path to settle. Editors' saves take microseconds;
/// this is short so that an edit reaches the browser well within 50 ms.
pub const DEBOUNCE: Duration = Duration::from_millis(6);
/// How often the debouncer looks at its queue (a few hundred cheap wake-ups a second).
const TICK: Duration = Duration::from_millis(2);

/// The running watcher; dropping it stops watching and closes the channel.
pub type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Starts watching the book in `root` (canonical); changed paths (already filtered) arrive on
/// `tx` in batches.
pub fn start(root: &Path, build_dir: &Path, tx: Sender<Vec<PathBuf>>) -> Result<Watcher> {
    let filter_root = root.to_path_buf();
    let filter_build = build_dir.to_path_buf();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |result: DebounceEventResult| {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: file watcher: {e}");
                }
                return;
            }
        };
        let mut paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| changes(&e.event.kind))
            .flat_map(|e| e.event.paths)
            .filter(|p| !ignored(p, &filter_root, &filter_build))
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    })
    .context("starting the file watcher")?;

    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("watching {}", root.display()))?;
    let entries = std::fs::read_dir(root).with_context(|| format!("reading {}", root.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) && !ignored(&path, root, build_dir) {
            add(&mut debouncer, &path)?;
        }
    }
    // The catalogs of `book/` live beside it, in the repository's `i18n/`.
    if let Some(parent) = root.parent() {
        let i18n = parent.join("i18n");
        if i18n.is_dir() && !root.starts_with(&i18n) {
            add(&mut debouncer, &i18n)?;
        }
    }
    Ok(debouncer)
}

/// Watches one more folder, with everything in it.
pub fn add(watcher: &mut Watcher, folder: &Path) -> Result<()> {
    watcher
        .watch(folder, RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", folder.display()))
}

/// Whether an event can mean new contents. Reads are not (the builder itself opens every file
/// it loads, and notify reports opens: counting them would rebuild forever), nor are metadata
/// changes such as `touch`.
fn changes(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

/// Whether a changed path is noise: inside the build folder, hidden, or an editor's temporary
/// file.
pub fn ignored(path: &Path, root: &Path, build_dir: &Path) -> bool {
    if path.starts_with(build_dir) {
        return true;
    }
    let inside = path
        .strip_prefix(root)
        .or_else(|_| path.strip_prefix(root.parent().unwrap_or(root)))
        .unwrap_or(path);
    let hidden = inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    hidden
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_not_changes() {
        use notify_debouncer_full::notify::event::{
            AccessKind, CreateKind, DataChange, MetadataKind,
        };
        assert!(!changes(&EventKind::Access(AccessKind::Any)));
        assert!(!changes(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::Any
        ))));
        assert!(changes(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(changes(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn editor_files_and_the_build_folder_are_noise() {
        let root = Path::new("/b");
        let out = Path::new("/b/book-out");
        for noise in [
            "/b/book-out/index.html",
            "/b/src/.page.md.swp",
            "/b/src/page.md~",
            "/b/src/.#page.md",
            "/b/src/#page.md#",
            "/b/src/4913",
            "/b/.git/index",
            "/b/src/.hidden/x.md",
            "/b/src/page.md___jb_tmp___",
        ] {
            assert!(ignored(Path::new(noise), root, out), "{noise}");
        }
        for signal in [
            "/b/book.toml",
            "/b/src/page.md",
            "/b/src/img/a.png",
            "/b/theme/templates/page.html",
            "/b/labs/includes/x.sh",
            "/i18n/de.po",
        ] {
            assert!(!ignored(Path::new(signal), root, out), "{signal}");
        }
    }
}
