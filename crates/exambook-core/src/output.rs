//! Writing the output folder atomically and safely.
//!
//! The site is written into a temporary sibling folder, which then replaces the output folder in
//! two renames, so a failed build leaves the previous output intact. An existing output folder is
//! only replaced when it carries our marker file (or is empty), and never when it is `/`, the
//! home folder, the book root or a folder holding the sources.
//!
//! A file whose bytes equal those of the same path in the previous output is hard-linked from
//! it instead of written again (the previous folder stays untouched until the swap, so the swap
//! stays atomic): creating and filling a thousand files costs more than comparing them, and an
//! unchanged page keeps its modification time.
//!
//! Around that:
//! - One build at a time writes an output folder: a lock file beside it (`.site.lock`, holding
//!   the writer's PID) is locked for the whole build, and a second build fails at once, naming
//!   the holder. The operating system releases the lock of a process that dies.
//! - Temporary folders a build left behind (`.site.new-PID`, `.site.old-PID`: killed, power cut)
//!   are removed by the next build, which holds the lock, so no other build is using them.
//! - [`abandon`] removes the temporary folders of this process's builds at once; the binary calls
//!   it when a signal stops a build.
//! - An output folder that is a mount point (a Docker volume, a tmpfs) cannot be renamed: the
//!   site is staged inside it and its contents are swapped instead, entry by entry.
//! - An output folder whose folders cannot be changed (read-only) is refused before rendering:
//!   its old files could not be removed after the swap.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::book::Asset;
use crate::error::Error;

/// The marker file that says a folder was written by exambook and may be replaced.
pub const MARKER: &str = ".exambook-output";

/// One file to write, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path with `/` separators.
    pub path: String,
    /// Bytes to write.
    pub contents: Vec<u8>,
}

/// Writes `files` and copies `assets` into `out`, replacing its previous contents atomically.
/// `protected` lists folders that must not be inside or equal to `out` (the book root and the
/// source folder).
pub fn write(
    out: &Path,
    files: &[OutputFile],
    assets: &[Asset],
    protected: &[&Path],
) -> Result<(), Error> {
    write_keeping(out, files, assets, protected, &[])
}

/// [`write`], carrying the files at the relative paths `keep` over from the previous output
/// when it has them (the caller's own state, such as a cache, that it updates after the write).
pub fn write_keeping(
    out: &Path,
    files: &[OutputFile],
    assets: &[Asset],
    protected: &[&Path],
    keep: &[&str],
) -> Result<(), Error> {
    Staging::begin(out, protected)?.commit(files, assets, keep)
}

/// Paths this process's builds are writing and would leave behind if stopped: temporary
/// folders and lock files. [`abandon`] removes them; the lock is also held while a commit swaps
/// folders, so that a stop never removes a folder between the two renames.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Set by [`abandon`]: nothing more is written.
static ABANDONED: AtomicBool = AtomicBool::new(false);

/// Stops every build of this process: no file is written after this, and the temporary folders
/// and lock files of unfinished builds are removed; the output folders stay as they were. For a
/// signal handler (on its own thread), right before the process exits.
pub fn abandon() {
    ABANDONED.store(true, Ordering::SeqCst);
    let paths = match IN_PROGRESS.lock() {
        Ok(mut paths) => std::mem::take(&mut *paths),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    // A render thread may be creating a file in a folder being removed: try a few times.
    for path in paths.iter().rev() {
        for _ in 0..5 {
            let gone = if path.is_dir() {
                std::fs::remove_dir_all(path).is_ok()
            } else {
                std::fs::remove_file(path).is_ok()
            };
            if gone || std::fs::symlink_metadata(path).is_err() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

/// Registers a temporary file or folder this process is writing (outside a [`Staging`]), so
/// that [`abandon`] removes it when a signal stops the process. [`forget_temporary`] after it is
/// removed or renamed into place.
pub fn track_temporary(path: &Path) {
    track(path);
}

/// Undoes [`track_temporary`].
pub fn forget_temporary(path: &Path) {
    untrack(path);
}

fn track(path: &Path) {
    if let Ok(mut paths) = IN_PROGRESS.lock() {
        paths.push(path.to_path_buf());
    }
}

fn untrack(path: &Path) {
    if let Ok(mut paths) = IN_PROGRESS.lock() {
        paths.retain(|p| p != path);
    }
}

fn abandoned() -> Result<(), Error> {
    if ABANDONED.load(Ordering::SeqCst) {
        return Err(Error::Io {
            path: PathBuf::new(),
            source: std::io::Error::new(std::io::ErrorKind::Interrupted, "the build was stopped"),
        });
    }
    Ok(())
}

/// How the new site replaces the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Swap {
    /// Two renames of the output folder itself.
    Folder,
    /// The output folder is a mount point: its entries are moved instead.
    Contents,
}

/// An output folder being written: files go into a temporary sibling folder as they come
/// ([`Staging::put`], from any thread, so that a build need not hold its pages in memory), and
/// [`Staging::commit`] swaps the folder in. Dropped without a commit, it removes the temporary
/// folder and leaves the output as it was. It holds the output's lock while it lives.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    swap: Swap,
    /// The output folder exists (unchanged files are linked from it).
    previous: bool,
    committed: AtomicBool,
    /// The first error of [`Staging::put_or_defer`], returned by [`Staging::commit`].
    deferred: Mutex<Option<Error>>,
    _lock: Lock,
}

impl Staging {
    /// Checks that `out` may be replaced (see [`write`]), takes its lock, removes what stopped
    /// builds left beside it, and starts an empty temporary folder.
    pub fn begin(out: &Path, protected: &[&Path]) -> Result<Staging, Error> {
        abandoned()?;
        let out = absolute(out)?;
        check_target(&out, protected)?;
        let parent = out
            .parent()
            .ok_or_else(|| unsafe_out(&out, "it has no parent folder"))?;
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lock = Lock::take(&out, &parent.join(format!(".{name}.lock")))?;
        remove_stale(parent, &format!(".{name}."));
        if out.is_dir() {
            remove_stale(&out, INNER_PREFIX);
            check_writable(&out)?;
        }
        let pid = std::process::id();
        let swap = if mount_point(&out, parent) {
            Swap::Contents
        } else {
            Swap::Folder
        };
        let (tmp, old) = match swap {
            Swap::Folder => (
                parent.join(format!(".{name}.new-{pid}")),
                parent.join(format!(".{name}.old-{pid}")),
            ),
            Swap::Contents => (
                out.join(format!("{INNER_PREFIX}new-{pid}")),
                out.join(format!("{INNER_PREFIX}old-{pid}")),
            ),
        };
        let _ = std::fs::remove_dir_all(&tmp);
        let staging = Staging {
            previous: out.is_dir(),
            out,
            tmp,
            old,
            swap,
            committed: AtomicBool::new(false),
            deferred: Mutex::new(None),
            _lock: lock,
        };
        track(&staging.tmp);
        std::fs::create_dir_all(&staging.tmp).map_err(io(&staging.tmp))?;
        std::fs::write(
            staging.tmp.join(MARKER),
            b"written by exambook; this folder is replaced on every build\n",
        )
        .map_err(io(&staging.tmp))?;
        Ok(staging)
    }

    /// Writes one file (a file with the same bytes in the previous output is hard-linked).
    pub fn put(&self, file: &OutputFile) -> Result<(), Error> {
        abandoned()?;
        let rel = checked(&file.path)?;
        let dest = self.tmp.join(&rel);
        if let Some(dir) = dest.parent() {
            self.make_dir(dir)?;
        }
        if self.previous {
            let old = self.out.join(&rel);
            if same_bytes(&old, &file.contents) && std::fs::hard_link(&old, &dest).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(&dest, &file.contents).map_err(io(&dest))
    }

    /// Creates `dir` inside the temporary folder, never the temporary folder itself (gone when
    /// the build was abandoned).
    fn make_dir(&self, dir: &Path) -> Result<(), Error> {
        if dir != self.tmp && !dir.is_dir() {
            if !self.tmp.is_dir() {
                return Err(io(&self.tmp)(std::io::ErrorKind::NotFound.into()));
            }
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        Ok(())
    }

    /// [`Staging::put`] for a caller that cannot stop (a render thread): the first error is kept
    /// and [`Staging::commit`] returns it.
    pub fn put_or_defer(&self, file: &OutputFile) {
        if let Err(e) = self.put(file)
            && let Ok(mut first) = self.deferred.lock()
        {
            first.get_or_insert(e);
        }
    }

    /// Writes the remaining `files`, copies `assets`, carries `keep` over from the previous
    /// output (see [`write_keeping`]) and swaps the folder in; fails with a deferred error first.
    pub fn commit(
        &self,
        files: &[OutputFile],
        assets: &[Asset],
        keep: &[&str],
    ) -> Result<(), Error> {
        if let Some(e) = self.deferred.lock().ok().and_then(|mut first| first.take()) {
            return Err(e);
        }
        abandoned()?;
        for asset in assets {
            let dest = self.tmp.join(checked(&asset.out_path)?);
            if let Some(dir) = dest.parent() {
                self.make_dir(dir)?;
            }
            // The loader only lists regular files; one that became anything else since (a
            // symbolic link to outside the book, a FIFO) is not copied.
            if regular_file(&asset.source).is_none() {
                return Err(io(&asset.source)(std::io::Error::other(
                    "the asset is no longer a regular file",
                )));
            }
            std::fs::copy(&asset.source, &dest).map_err(io(&asset.source))?;
        }
        for file in files {
            self.put(file)?;
        }
        for path in keep {
            let rel = checked(path)?;
            let prev = self.out.join(&rel);
            if self.previous && regular_file(&prev).is_some() {
                let _ = std::fs::hard_link(prev, self.tmp.join(&rel));
            }
        }
        self.swap_in(&|from: &Path, to: &Path| std::fs::rename(from, to))
    }

    /// Puts the temporary folder in place of the output, with `rename` (a parameter so that tests
    /// can make it fail as a mount point does).
    fn swap_in(&self, rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>) -> Result<(), Error> {
        let (out, tmp, old) = (&self.out, &self.tmp, &self.old);
        // Held across the renames: a stop waits for them, then finds the folders as they are.
        let mut guard = IN_PROGRESS.lock();
        abandoned()?;
        let set_aside = if self.swap == Swap::Contents {
            swap_contents(out, tmp, old, rename)?;
            Some(old.clone())
        } else if out.exists() {
            match rename(out, old) {
                Ok(()) => {
                    if let Err(e) = rename(tmp, out) {
                        let _ = rename(old, out);
                        return Err(io(out)(e));
                    }
                    Some(old.clone())
                }
                Err(e) if cannot_rename_folder(&e) => {
                    // A mount point not seen as one (a bind mount of the same file system): the
                    // previous site goes aside inside it, the new one is moved (or copied) in.
                    let inner = out.join(format!("{INNER_PREFIX}old-{}", std::process::id()));
                    swap_contents(out, tmp, &inner, rename)?;
                    Some(inner)
                }
                Err(e) => return Err(io(out)(e)),
            }
        } else {
            rename(tmp, out).map_err(io(out))?;
            None
        };
        self.committed.store(true, Ordering::Relaxed);
        if let Ok(paths) = guard.as_mut() {
            paths.retain(|p| p != tmp);
            paths.extend(set_aside.clone());
        }
        drop(guard);
        let Some(set_aside) = set_aside else {
            return Ok(());
        };
        let removed = std::fs::remove_dir_all(&set_aside);
        untrack(&set_aside);
        removed.map_err(|e| Error::Io {
            path: set_aside.clone(),
            source: std::io::Error::new(
                e.kind(),
                format!("the new site is in place, but the previous one could not be removed: {e}"),
            ),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !*self.committed.get_mut() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
        untrack(&self.tmp);
    }
}

/// The prefix of the temporary folders inside a mount-point output folder.
const INNER_PREFIX: &str = ".exambook.";

/// The lock of an output folder: a lock file beside it, locked (advisory, released by the
/// system when the process ends) and holding the PID of its holder for the message of the next
/// build. Removed when dropped.
#[derive(Debug)]
struct Lock {
    path: PathBuf,
    _file: std::fs::File,
}

impl Lock {
    fn take(out: &Path, path: &Path) -> Result<Lock, Error> {
        use std::io::{Read as _, Write as _};
        // A holder that finishes removes the file: the one we opened may be gone by the time it
        // is ours, then we try again with the new one.
        for _ in 0..10 {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(io(path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut text = String::new();
                    let _ = file.read_to_string(&mut text);
                    return Err(Error::OutputLocked {
                        path: out.to_path_buf(),
                        lock: path.to_path_buf(),
                        holder: text.trim().parse().ok(),
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(path)(e)),
            }
            let current = std::fs::metadata(path).ok();
            let ours = file.metadata().ok();
            if !matches!((&current, &ours), (Some(a), Some(b)) if crate::paths::same_file(a, b)) {
                continue;
            }
            file.set_len(0).map_err(io(path))?;
            writeln!(file, "{}", std::process::id()).map_err(io(path))?;
            track(path);
            return Ok(Lock {
                path: path.to_path_buf(),
                _file: file,
            });
        }
        Err(io(path)(std::io::Error::other(
            "the lock file keeps changing",
        )))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked: a build waiting on this file finds it gone and retries.
        let _ = std::fs::remove_file(&self.path);
        untrack(&self.path);
    }
}

/// Whether `out` is a folder on another file system than `parent` (a mount point).
#[cfg(unix)]
fn mount_point(out: &Path, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::symlink_metadata(out), std::fs::metadata(parent)) {
        (Ok(o), Ok(p)) => o.is_dir() && o.dev() != p.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn mount_point(_: &Path, _: &Path) -> bool {
    false
}

/// Whether renaming the output folder failed because it is a mount point (EBUSY) or the
/// temporary folder is on another file system (EXDEV).
fn cannot_rename_folder(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ResourceBusy | std::io::ErrorKind::CrossesDevices
    )
}

/// Replaces the entries of `out` with those of `tmp`, setting the previous ones aside in `old`
/// (a new folder inside `out`); on failure, puts them back. Entries that cannot be renamed
/// into `out` (another file system) are copied.
fn swap_contents(
    out: &Path,
    tmp: &Path,
    old: &Path,
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), Error> {
    let skip: Vec<std::ffi::OsString> = [tmp, old]
        .iter()
        .filter(|p| p.parent() == Some(out))
        .filter_map(|p| p.file_name().map(ToOwned::to_owned))
        .collect();
    let entries = |dir: &Path| -> Result<Vec<std::ffi::OsString>, Error> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let name = entry.map_err(io(dir))?.file_name();
            if !skip.contains(&name) {
                names.push(name);
            }
        }
        Ok(names)
    };
    std::fs::create_dir(old).map_err(io(old))?;
    let previous = entries(out)?;
    let mut set_aside = Vec::new();
    let mut moved_in = Vec::new();
    let result = (|| -> Result<(), Error> {
        for name in &previous {
            rename(&out.join(name), &old.join(name)).map_err(io(&out.join(name)))?;
            set_aside.push(name.clone());
        }
        for name in entries(tmp)? {
            let (from, to) = (tmp.join(&name), out.join(&name));
            match rename(&from, &to) {
                Ok(()) => {}
                Err(e) if cannot_rename_folder(&e) => {
                    copy_tree(&from, &to)?;
                }
                Err(e) => return Err(io(&from)(e)),
            }
            moved_in.push(name);
        }
        Ok(())
    })();
    if let Err(e) = result {
        for name in &moved_in {
            let _ = std::fs::remove_dir_all(out.join(name))
                .or_else(|_| std::fs::remove_file(out.join(name)));
        }
        for name in &set_aside {
            let _ = rename(&old.join(name), &out.join(name));
        }
        let _ = std::fs::remove_dir(old);
        return Err(e);
    }
    let _ = std::fs::remove_dir_all(tmp);
    Ok(())
}

/// Copies the file or folder `from` to `to` (symbolic links as links).
fn copy_tree(from: &Path, to: &Path) -> Result<(), Error> {
    let meta = std::fs::symlink_metadata(from).map_err(io(from))?;
    if meta.is_dir() {
        std::fs::create_dir(to).map_err(io(to))?;
        for entry in std::fs::read_dir(from).map_err(io(from))? {
            let name = entry.map_err(io(from))?.file_name();
            copy_tree(&from.join(&name), &to.join(&name))?;
        }
    } else if meta.is_file() {
        std::fs::copy(from, to).map_err(io(from))?;
    } else {
        #[cfg(unix)]
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(from).map_err(io(from))?;
            std::os::unix::fs::symlink(target, to).map_err(io(to))?;
        }
    }
    Ok(())
}

/// Removes the temporary folders named `{prefix}new-PID` and `{prefix}old-PID` in `dir`: left by
/// builds that were stopped (the caller holds the output's lock, so no build is using them).
/// Only folders that are ours (holding the marker file) or empty are removed.
fn remove_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        let pid = rest
            .strip_prefix("new-")
            .or_else(|| rest.strip_prefix("old-"));
        if !pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            continue;
        }
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if path.join(MARKER).is_file() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_dir(&path);
        }
    }
}

/// Refuses an output folder holding a folder whose entries cannot be removed (read-only: its
/// old files would stay after the swap), by creating and removing a file in each.
fn check_writable(out: &Path) -> Result<(), Error> {
    let probe = format!(".exambook-probe-{}", std::process::id());
    let mut dirs = vec![out.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let file = dir.join(&probe);
        if let Err(e) = std::fs::write(&file, b"") {
            return Err(unsafe_out(
                out,
                &format!(
                    "{} cannot be changed ({e}), so the previous site could not be replaced",
                    dir.display()
                ),
            ));
        }
        let _ = std::fs::remove_file(&file);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                dirs.push(entry.path());
            }
        }
    }
    Ok(())
}

/// Maps an I/O error to [`Error::Io`] for `path`.
fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Io { path, source }
}

/// The length of `path` when it is a regular file (not a symbolic link, which a hard link would
/// copy as a link).
fn regular_file(path: &Path) -> Option<u64> {
    std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.file_type().is_file())
        .map(|m| m.len())
}

/// Whether `path` is a regular file holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read as _;
    if regular_file(path) != Some(bytes.len() as u64) {
        return false;
    }
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut buf = Vec::with_capacity(bytes.len() + 1);
    f.read_to_end(&mut buf).is_ok() && buf == bytes
}

/// A relative output path made only of normal components ([`crate::paths::output_path`]).
fn checked(path: &str) -> Result<PathBuf, Error> {
    crate::paths::output_path(path).ok_or_else(|| Error::BadOutputPath(path.to_string()))
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    let abs = std::path::absolute(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // Resolve `..` lexically, then symlinks of the existing part.
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    Ok(clean.canonicalize().unwrap_or(clean))
}

fn unsafe_out(path: &Path, reason: &str) -> Error {
    Error::UnsafeOutput {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn check_target(out: &Path, protected: &[&Path]) -> Result<(), Error> {
    if out.parent().is_none() {
        return Err(unsafe_out(out, "it is the file-system root"));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && absolute(&home).ok().as_deref() == Some(out)
    {
        return Err(unsafe_out(out, "it is the home folder"));
    }
    for p in protected {
        let p = absolute(p)?;
        if p.starts_with(out) {
            return Err(unsafe_out(out, &format!("it holds {}", p.display())));
        }
    }
    if out.is_file() {
        return Err(unsafe_out(out, "it is a file"));
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Error::UnsafeOutput {
                path: out.to_path_buf(),
                reason: format!(
                    "it is not empty and was not written by exambook (no {MARKER} file)"
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn file(path: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: b"x".to_vec(),
        }
    }

    fn tempdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("exambook-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn staged_files_appear_only_on_commit() {
        let base = tempdir("staging");
        let out = base.join("site");
        write(&out, &[file("old.html")], &[], &[]).unwrap();
        // Abandoned (a failed build): the output is untouched, nothing is left beside it.
        let staging = Staging::begin(&out, &[]).unwrap();
        staging.put(&file("new.html")).unwrap();
        drop(staging);
        assert!(out.join("old.html").exists() && !out.join("new.html").exists());
        let leftovers = std::fs::read_dir(&base).unwrap().count();
        assert_eq!(leftovers, 1, "only the output folder remains");
        // Committed: pages put while rendering and the rest arrive together.
        let staging = Staging::begin(&out, &[]).unwrap();
        std::thread::scope(|s| {
            for name in ["a/1.html", "a/2.html", "b/3.html"] {
                let staging = &staging;
                s.spawn(move || staging.put(&file(name)).unwrap());
            }
        });
        staging.commit(&[file("index.html")], &[], &[]).unwrap();
        for name in ["a/1.html", "a/2.html", "b/3.html", "index.html", MARKER] {
            assert!(out.join(name).is_file(), "{name}");
        }
        assert!(!out.join("old.html").exists());
        // A folder that may not be replaced is refused before anything is staged.
        assert!(Staging::begin(&base, &[&base]).is_err());
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn replaces_own_output_and_keeps_it_on_failure() {
        let base = tempdir("swap");
        let out = base.join("site");
        write(&out, &[file("a.html")], &[], &[]).unwrap();
        write(&out, &[file("b/c.html")], &[], &[]).unwrap();
        assert!(!out.join("a.html").exists());
        assert!(out.join("b/c.html").exists());
        // A bad path fails the write and leaves the previous output as it was.
        assert!(write(&out, &[file("../escape.html")], &[], &[]).is_err());
        assert!(out.join("b/c.html").exists());
        assert!(!base.join("escape.html").exists());
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_from_the_previous_output() {
        use std::os::unix::fs::MetadataExt as _;
        let base = tempdir("link");
        let out = base.join("site");
        let page = |text: &str| OutputFile {
            path: "a/page.html".into(),
            contents: text.as_bytes().to_vec(),
        };
        write(&out, &[page("one"), file("b.html")], &[], &[]).unwrap();
        std::fs::write(out.join("state"), "kept").unwrap();
        let inode = std::fs::metadata(out.join("a/page.html")).unwrap().ino();
        write_keeping(&out, &[page("one"), file("b.html")], &[], &[], &["state"]).unwrap();
        assert_eq!(
            std::fs::metadata(out.join("a/page.html")).unwrap().ino(),
            inode
        );
        assert_eq!(std::fs::read_to_string(out.join("state")).unwrap(), "kept");
        write(&out, &[page("two")], &[], &[]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/page.html")).unwrap(),
            "two"
        );
        assert!(!out.join("b.html").exists() && !out.join("state").exists());
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn refuses_foreign_and_source_folders() {
        let base = tempdir("refuse");
        std::fs::write(base.join("precious.txt"), "keep").unwrap();
        assert!(matches!(
            write(&base, &[file("a.html")], &[], &[]),
            Err(Error::UnsafeOutput { .. })
        ));
        let src = base.join("src");
        std::fs::create_dir_all(&src).unwrap();
        let err = write(&base.join("x/.."), &[file("a.html")], &[], &[&src]);
        assert!(matches!(err, Err(Error::UnsafeOutput { .. })));
        assert!(base.join("precious.txt").exists());
        assert!(matches!(
            write(Path::new("/"), &[file("a.html")], &[], &[]),
            Err(Error::UnsafeOutput { .. })
        ));
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_second_writer_is_refused_and_told_who_holds_the_lock() {
        let base = tempdir("lock");
        let out = base.join("site");
        let first = Staging::begin(&out, &[]).unwrap();
        let lock = base.join(".site.lock");
        assert!(lock.is_file());
        match Staging::begin(&out, &[]) {
            Err(Error::OutputLocked {
                holder, lock: at, ..
            }) => {
                assert_eq!(holder, Some(std::process::id()));
                assert_eq!(at, lock);
            }
            other => panic!("not refused: {other:?}"),
        }
        drop(first);
        assert!(!lock.exists(), "the lock file is removed with the lock");
        let second = Staging::begin(&out, &[]).unwrap();
        second.commit(&[file("a.html")], &[], &[]).unwrap();
        drop(second);
        assert_eq!(std::fs::read_dir(&base).unwrap().count(), 1);
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn what_stopped_builds_left_is_removed_by_the_next() {
        let base = tempdir("stale");
        let out = base.join("site");
        write(&out, &[file("a.html")], &[], &[]).unwrap();
        let ours = |name: &str| {
            let dir = base.join(name);
            std::fs::create_dir_all(dir.join("sub")).unwrap();
            std::fs::write(dir.join(MARKER), "").unwrap();
            dir
        };
        let stale = [
            ours(".site.new-4000000"),
            ours(".site.old-12"),
            base.join(".site.new-7"),
        ];
        std::fs::create_dir(&stale[2]).unwrap();
        let inner = out.join(".exambook.new-99");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(inner.join(MARKER), "").unwrap();
        // Not ours: another name, or not our marker and not empty.
        let kept = [
            ours(".site.new-x1"),
            ours(".other.new-5"),
            base.join(".site.old-3"),
        ];
        std::fs::create_dir(&kept[2]).unwrap();
        std::fs::write(kept[2].join("precious"), "keep").unwrap();
        write(&out, &[file("b.html")], &[], &[]).unwrap();
        for dir in stale.iter().chain([&inner]) {
            assert!(!dir.exists(), "{} is left", dir.display());
        }
        for dir in &kept {
            assert!(dir.exists(), "{} was removed", dir.display());
        }
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_mount_point_gets_its_contents_swapped() {
        let base = tempdir("mount");
        let out = base.join("site");
        write(&out, &[file("old.html"), file("d/old.html")], &[], &[]).unwrap();
        // The output folder cannot be renamed, as a mount point cannot (EBUSY); its entries can.
        let busy = |from: &Path, to: &Path| {
            if from == out {
                Err(std::io::ErrorKind::ResourceBusy.into())
            } else {
                std::fs::rename(from, to)
            }
        };
        let staging = Staging::begin(&out, &[]).unwrap();
        staging.put(&file("d/new.html")).unwrap();
        staging.put(&file("new.html")).unwrap();
        staging.swap_in(&busy).unwrap();
        drop(staging);
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [MARKER, "d", "new.html"]);
        assert!(out.join("d/new.html").is_file() && !out.join("d/old.html").exists());
        assert_eq!(
            std::fs::read_dir(&base).unwrap().count(),
            1,
            "nothing left beside"
        );
        // A move that fails half-way puts the previous site back.
        let staging = Staging::begin(&out, &[]).unwrap();
        staging.put(&file("third.html")).unwrap();
        let broken = |from: &Path, to: &Path| {
            if from == out || from.ends_with("third.html") {
                Err(std::io::ErrorKind::PermissionDenied.into())
            } else {
                std::fs::rename(from, to)
            }
        };
        assert!(staging.swap_in(&broken).is_err());
        drop(staging);
        assert!(out.join("new.html").is_file() && !out.join("third.html").exists());
        assert!(!std::fs::read_dir(&out).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(INNER_PREFIX)
        }));
        assert_eq!(
            std::fs::read_dir(&base).unwrap().count(),
            1,
            "nothing left beside"
        );
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn rejects_escaping_paths() {
        for bad in ["", "/abs", "../x", "a/../../x", "a\\..\\x", "nul\0"] {
            assert!(checked(bad).is_err(), "{bad:?}");
        }
        assert!(checked("static/main.css").is_ok());
    }
}
