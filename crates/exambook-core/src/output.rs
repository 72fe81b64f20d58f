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

/// An output folder being written: files go into a temporary sibling folder as they come
/// ([`Staging::put`], from any thread, so that a build need not hold its pages in memory), and
/// [`Staging::commit`] swaps the folder in. Dropped without a commit, it removes the temporary
/// folder and leaves the output as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    /// The output folder exists (unchanged files are linked from it).
    previous: bool,
    committed: AtomicBool,
    /// The first error of [`Staging::put_or_defer`], returned by [`Staging::commit`].
    deferred: Mutex<Option<Error>>,
}

impl Staging {
    /// Checks that `out` may be replaced (see [`write`]) and starts an empty temporary folder
    /// beside it.
    pub fn begin(out: &Path, protected: &[&Path]) -> Result<Staging, Error> {
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
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.new-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        let _ = std::fs::remove_dir_all(&tmp);
        let staging = Staging {
            previous: out.is_dir(),
            out,
            tmp,
            old,
            committed: AtomicBool::new(false),
            deferred: Mutex::new(None),
        };
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
        let rel = checked(&file.path)?;
        let dest = self.tmp.join(&rel);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        if self.previous {
            let old = self.out.join(&rel);
            if same_bytes(&old, &file.contents) && std::fs::hard_link(&old, &dest).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(&dest, &file.contents).map_err(io(&dest))
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
        for asset in assets {
            let dest = self.tmp.join(checked(&asset.out_path)?);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
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
        let (out, tmp, old) = (&self.out, &self.tmp, &self.old);
        if out.exists() {
            std::fs::rename(out, old).map_err(io(out))?;
            if let Err(e) = std::fs::rename(tmp, out) {
                let _ = std::fs::rename(old, out);
                return Err(io(out)(e));
            }
            self.committed.store(true, Ordering::Relaxed);
            std::fs::remove_dir_all(old).map_err(io(old))?;
        } else {
            std::fs::rename(tmp, out).map_err(io(out))?;
            self.committed.store(true, Ordering::Relaxed);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !*self.committed.get_mut() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
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
    fn rejects_escaping_paths() {
        for bad in ["", "/abs", "../x", "a/../../x", "a\\..\\x", "nul\0"] {
            assert!(checked(bad).is_err(), "{bad:?}");
        }
        assert!(checked("static/main.css").is_ok());
    }
}
