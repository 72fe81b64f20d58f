//! A content-addressed cache of the expensive parts of a build: highlighted code blocks,
//! rendered diagrams and minified pages.
//!
//! Keys are 128-bit xxh3 hashes of everything an entry depends on (what it is, the renderer
//! version, the input), so an entry is either exactly right or never looked up; a rebuild of
//! unchanged input skips syntect, merman and minify-html entirely.
//!
//! Design decisions:
//! - A minified page is not stored: it is already on disk, in the output folder of the previous
//!   build. Its entry holds the hash of the minified bytes, and a hit reads the previous
//!   output's file back, checking the hash (a file changed by hand, or missing, is a miss). That
//!   keeps the cache file and a cold build's memory a page copy smaller. Only a cache opened
//!   with [`RenderCache::load_with_pages`] (by `exambook build`, naming the output folder it
//!   writes its pages to) does this; others ([`RenderCache::new`], [`RenderCache::load`], what a
//!   development server keeps in memory) store pages whole. The cache file need not live in
//!   that folder (`exambook build` keeps it in the book's `.exambook/`, out of the site).
//! - The file format is ours and trivial: magic, version, entry count, the index (key, kind and
//!   length of every entry, sorted by key), then all values back to back as one UTF-8 text.
//!   Loading is two reads: the index into a map, the text into one `String` that the entries
//!   point into (no per-entry allocation or copy; a hit hands out a shared slice).
//! - [`RenderCache::save`] keeps only the entries used since the cache was loaded, so the file
//!   never outgrows the book, and writes nothing when that would not change the file (a
//!   rebuild of unchanged input). No fsync: a file torn by a crash reads as damaged, an empty
//!   cache.

use std::collections::HashMap;
use std::io::{self, Read as _, Write as _};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

const MAGIC: &[u8; 8] = b"EXBCACHE";
/// Bumped when the file layout changes; older files are ignored.
const FORMAT: u32 = 3;
/// Set in an index entry's length for a page entry (the value is the page hash in hex).
const PAGE_FLAG: u64 = 1 << 63;

/// Highlighted blocks, rendered diagrams and minified pages of earlier builds, shared by the
/// threads of a build. Cheap to share (`Arc`); all methods take `&self`.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: RwLock<HashMap<u128, Entry>>,
    /// The output folder whose pages the page entries describe.
    pages_dir: Option<PathBuf>,
    hits: AtomicUsize,
    misses: AtomicUsize,
    /// An entry was added since loading.
    added: AtomicBool,
}

#[derive(Debug)]
struct Entry {
    value: Value,
    used: AtomicBool,
}

#[derive(Debug, Clone)]
enum Value {
    Text(Text),
    /// A minified page, by the xxh3-128 of its bytes (as 32 hex digits): see the module docs.
    Page(Text),
}

/// A cached value: a shared string, or a shared slice of the text of a loaded cache file.
/// Cloning is cheap; it derefs to `str`.
#[derive(Debug, Clone)]
pub(crate) struct Text(Repr);

#[derive(Debug, Clone)]
enum Repr {
    Owned(Arc<String>),
    /// A range of the loaded file's text; both ends are char boundaries (checked on load).
    Slice(Arc<String>, usize, usize),
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            Repr::Slice(s, start, end) => &s[*start..*end],
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Owned(Arc::new(s)))
    }
}

/// A cache key under construction: feed it every input the entry depends on.
pub(crate) struct Key(Xxh3);

impl Key {
    /// A key for an entry of kind `kind` (e.g. `"code"`), at renderer version `version`.
    pub(crate) fn new(kind: &str, version: u32) -> Key {
        let mut k = Key(Xxh3::new());
        k.str(kind);
        k.0.update(&version.to_le_bytes());
        k.str(env!("CARGO_PKG_VERSION"));
        k
    }

    /// Adds a string (length-prefixed, so that `("ab", "c")` and `("a", "bc")` differ).
    pub(crate) fn str(&mut self, s: &str) -> &mut Key {
        self.0.update(&(s.len() as u64).to_le_bytes());
        self.0.update(s.as_bytes());
        self
    }

    /// The finished key.
    pub(crate) fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

impl RenderCache {
    /// An empty cache, kept in memory only: pages are stored whole.
    pub fn new() -> RenderCache {
        RenderCache::default()
    }

    /// Reads a cache written by [`RenderCache::save`]. A missing file, or one written by another
    /// version of exambook or damaged, gives an empty cache: the cache is never a reason for a
    /// build to fail. Other I/O errors are returned. Pages added are kept whole, in memory.
    pub fn load(path: &Path) -> io::Result<RenderCache> {
        RenderCache::read(path, None)
    }

    /// An empty cache for a build that writes its pages to the folder `pages_dir`: pages are
    /// kept as hashes of files there, not whole (a cold build's cache is then as small as a warm
    /// one's, and so is the build's memory).
    pub fn with_pages(pages_dir: &Path) -> RenderCache {
        RenderCache {
            pages_dir: Some(pages_dir.to_path_buf()),
            ..RenderCache::default()
        }
    }

    /// [`RenderCache::load`] for a build that writes its pages to the folder `pages_dir`: a page
    /// entry is then the hash of a page found there (see the module docs).
    pub fn load_with_pages(path: &Path, pages_dir: &Path) -> io::Result<RenderCache> {
        RenderCache::read(path, Some(pages_dir))
    }

    fn read(path: &Path, pages_dir: Option<&Path>) -> io::Result<RenderCache> {
        let empty = || RenderCache {
            pages_dir: pages_dir.map(Path::to_path_buf),
            ..RenderCache::default()
        };
        let mut file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(empty()),
            Err(e) => return Err(e),
        };
        let mut head = [0u8; 20];
        if file.read_exact(&mut head).is_err() || &head[..8] != MAGIC {
            return Ok(empty());
        }
        let format = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
        let mut count = [0u8; 8];
        count.copy_from_slice(&head[12..20]);
        let count = u64::from_le_bytes(count);
        let Some(index_len) = usize::try_from(count).ok().and_then(|c| c.checked_mul(24)) else {
            return Ok(empty());
        };
        let size = file.metadata()?.len();
        if format != FORMAT || (index_len as u64).saturating_add(20) > size {
            return Ok(empty());
        }
        let mut index = vec![0u8; index_len];
        file.read_exact(&mut index)?;
        let rest = usize::try_from(size).unwrap_or(0) - 20 - index_len;
        let mut text = String::with_capacity(rest);
        if file.read_to_string(&mut text).is_err() {
            return Ok(empty());
        }
        let mut cache = RenderCache::from_parts(&index, text).unwrap_or_default();
        cache.pages_dir = empty().pages_dir;
        Ok(cache)
    }

    fn from_parts(index: &[u8], text: String) -> Option<RenderCache> {
        let text = Arc::new(text);
        let mut entries = HashMap::with_capacity(index.len() / 24);
        let mut at = 0usize;
        for e in index.chunks_exact(24) {
            let key = u128::from_le_bytes(e[..16].try_into().ok()?);
            let len = u64::from_le_bytes(e[16..].try_into().ok()?);
            let page = len & PAGE_FLAG != 0;
            let len = usize::try_from(len & !PAGE_FLAG).ok()?;
            let end = at.checked_add(len)?;
            if end > text.len() || !text.is_char_boundary(at) || !text.is_char_boundary(end) {
                return None;
            }
            let slice = Text(Repr::Slice(Arc::clone(&text), at, end));
            let value = if page {
                Value::Page(slice)
            } else {
                Value::Text(slice)
            };
            entries.insert(
                key,
                Entry {
                    value,
                    used: AtomicBool::new(false),
                },
            );
            at = end;
        }
        (at == text.len()).then(|| RenderCache {
            entries: RwLock::new(entries),
            ..RenderCache::default()
        })
    }

    /// Writes the entries used since loading (looked up or added), sorted by key, to `path`
    /// through a new temporary file in the same folder (`<name>.<pid>.tmp`, never one that
    /// already exists, so never through a symlink) and a rename. Writes nothing when the file
    /// would stay the same: no entry was added and every entry was used.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let entries = self
            .entries
            .read()
            .map_err(|_| io::Error::other("render cache lock poisoned"))?;
        let mut used: Vec<(&u128, &Entry)> = entries
            .iter()
            .filter(|(_, e)| e.used.load(Ordering::Relaxed))
            .collect();
        if !self.added.load(Ordering::Relaxed) && used.len() == entries.len() && path.is_file() {
            return Ok(());
        }
        used.sort_by_key(|(k, _)| **k);
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{}.tmp", std::process::id()));
        let tmp = path.with_file_name(name);
        // Left over by a crashed build of the same process id: ours to replace.
        let _ = std::fs::remove_file(&tmp);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let written = Self::write_entries(file, &used).and_then(|()| std::fs::rename(&tmp, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }

    /// The file format (see the module docs).
    fn write_entries(file: std::fs::File, used: &[(&u128, &Entry)]) -> io::Result<()> {
        {
            let mut f = io::BufWriter::with_capacity(1 << 20, file);
            f.write_all(MAGIC)?;
            f.write_all(&FORMAT.to_le_bytes())?;
            f.write_all(&(used.len() as u64).to_le_bytes())?;
            for (key, entry) in used {
                let (text, flag) = match &entry.value {
                    Value::Text(t) => (t, 0),
                    Value::Page(t) => (t, PAGE_FLAG),
                };
                f.write_all(&key.to_le_bytes())?;
                f.write_all(&(text.len() as u64 | flag).to_le_bytes())?;
            }
            for (_, entry) in used {
                let (Value::Text(t) | Value::Page(t)) = &entry.value;
                f.write_all(t.as_bytes())?;
            }
            f.flush()?;
        }
        Ok(())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.read().map_or(0, |e| e.len())
    }

    /// Whether the cache has no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Lookups that found an entry since the cache was created.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// Lookups that found nothing since the cache was created.
    pub fn misses(&self) -> usize {
        self.misses.load(Ordering::Relaxed)
    }

    fn lookup(&self, key: u128) -> Option<Value> {
        let found = self.entries.read().ok().and_then(|entries| {
            entries.get(&key).map(|e| {
                e.used.store(true, Ordering::Relaxed);
                e.value.clone()
            })
        });
        self.count(found.is_some());
        found
    }

    fn count(&self, hit: bool) {
        let counter = if hit { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    fn put(&self, key: u128, value: Value) {
        if let Ok(mut entries) = self.entries.write() {
            entries.insert(
                key,
                Entry {
                    value,
                    used: AtomicBool::new(true),
                },
            );
            self.added.store(true, Ordering::Relaxed);
        }
    }

    /// The entry for `key`, marking it as used.
    pub(crate) fn get(&self, key: u128) -> Option<Text> {
        match self.lookup(key)? {
            Value::Text(t) => Some(t),
            Value::Page(_) => None,
        }
    }

    /// Stores `value` under `key`.
    pub(crate) fn insert(&self, key: u128, value: impl Into<Text>) {
        self.put(key, Value::Text(value.into()));
    }

    /// The minified page stored under `key` for the output file `path`: read back from the
    /// output folder when its bytes still have the recorded hash.
    pub(crate) fn get_page(&self, key: u128, path: &str) -> Option<Vec<u8>> {
        let found = self.entries.read().ok().and_then(|entries| {
            let e = entries.get(&key)?;
            let bytes = match &e.value {
                Value::Text(t) => t.as_bytes().to_vec(),
                Value::Page(hash) => {
                    let file = self.pages_dir.as_deref()?.join(safe_relative(path)?);
                    let meta = std::fs::symlink_metadata(&file).ok()?;
                    if !meta.file_type().is_file() {
                        return None;
                    }
                    let bytes = std::fs::read(&file).ok()?;
                    (format!("{:032x}", xxh3_128(&bytes)) == **hash).then_some(bytes)?
                }
            };
            e.used.store(true, Ordering::Relaxed);
            Some(bytes)
        });
        self.count(found.is_some());
        found
    }

    /// Stores the minified page `bytes` (its hash, when the cache has an output folder).
    pub(crate) fn insert_page(&self, key: u128, bytes: &[u8]) {
        let value = match self.pages_dir {
            Some(_) => Value::Page(format!("{:032x}", xxh3_128(bytes)).into()),
            None => Value::Text(String::from_utf8_lossy(bytes).into_owned().into()),
        };
        self.put(key, value);
    }
}

/// `path` as a relative path of normal components only, or `None`.
fn safe_relative(path: &str) -> Option<&Path> {
    let p = Path::new(path);
    (!path.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_))))
    .then_some(p)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn round_trip_keeps_only_used_entries() {
        let dir = std::env::temp_dir().join(format!("exambook-cache-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("cache.bin");
        let cache = RenderCache::new();
        cache.insert(1, "one".to_owned());
        cache.insert(2, "two ✓".to_owned());
        cache.save(&path).unwrap();

        let loaded = RenderCache::load(&path).unwrap();
        assert_eq!(loaded.len(), 2);
        assert_eq!(loaded.get(2).as_deref(), Some("two ✓"));
        assert_eq!(loaded.get(1).as_deref(), Some("one"));
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        loaded.save(&path).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            modified,
            "nothing changed, nothing written"
        );
        let loaded = RenderCache::load(&path).unwrap();
        assert_eq!(loaded.get(2).as_deref(), Some("two ✓"));
        loaded.save(&path).unwrap();
        let pruned = RenderCache::load(&path).unwrap();
        assert_eq!(pruned.len(), 1, "entry 1 was not used, so it is dropped");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn damaged_or_missing_file_is_an_empty_cache() {
        let dir = std::env::temp_dir().join(format!("exambook-cache-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("cache.bin");
        for bad in [
            &b"EXBCACHE\x03\0\0\0\x05\0\0\0\0\0\0\0"[..],
            b"garbage",
            b"EXBCACHE\x03\0\0\0\x01\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x09\0\0\0\0\0\0\0abc",
        ] {
            std::fs::write(&path, bad).unwrap();
            assert!(RenderCache::load(&path).unwrap().is_empty());
        }
        std::fs::remove_dir_all(&dir).unwrap();
        let missing = RenderCache::load(Path::new("/nonexistent/exambook/cache.bin")).unwrap();
        assert!(missing.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn save_never_writes_through_a_planted_temporary_symlink() {
        let dir = tempfile_dir("exambook-cache-link");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let path = dir.join("cache");
        let tmp = dir.join(format!("cache.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &tmp).unwrap();
        let cache = RenderCache::new();
        cache.insert(1, "one".to_owned());
        cache.save(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!tmp.exists());
        assert_eq!(RenderCache::load(&path).unwrap().len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir(prefix: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn keys_separate_fields() {
        let a = Key::new("code", 1).str("ab").str("c").finish();
        let b = Key::new("code", 1).str("a").str("bc").finish();
        assert_ne!(a, b);
    }

    #[test]
    fn pages_are_read_back_from_the_output_folder() {
        let dir = std::env::temp_dir().join(format!("exambook-cache-page-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        let path = dir.join("cache.bin");
        let cache = RenderCache::load_with_pages(&path, &dir).unwrap();
        cache.insert_page(7, b"<p>page</p>");
        cache.save(&path).unwrap();
        assert!(
            std::fs::metadata(&path).unwrap().len() < 100,
            "the page itself is not stored"
        );
        std::fs::write(dir.join("a/p.html"), "<p>page</p>").unwrap();
        assert_eq!(
            RenderCache::load(&path).unwrap().get_page(7, "a/p.html"),
            None,
            "not opened with the output folder: the page is not looked for there"
        );
        let loaded = RenderCache::load_with_pages(&path, &dir).unwrap();
        assert_eq!(
            loaded.get_page(7, "a/p.html").as_deref(),
            Some(&b"<p>page</p>"[..])
        );
        std::fs::write(dir.join("a/p.html"), "<p>edited</p>").unwrap();
        assert_eq!(
            loaded.get_page(7, "a/p.html"),
            None,
            "changed by hand: a miss"
        );
        assert_eq!(loaded.get_page(7, "../p.html"), None);
        let memory = RenderCache::new();
        memory.insert_page(7, b"<p>page</p>");
        assert_eq!(
            memory.get_page(7, "x.html").as_deref(),
            Some(&b"<p>page</p>"[..])
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
