//! A content-addressed cache of the expensive parts of a build: highlighted code blocks,
//! rendered diagrams and minified pages.
//!
//! Keys are 128-bit xxh3 hashes of everything an entry depends on (what it is, the renderer
//! version, the input), so an entry is either exactly right or never looked up; a rebuild of
//! unchanged input skips syntect, merman and minify-html entirely. The file format is ours and
//! trivial (magic, version, then length-prefixed entries sorted by key), so loading a cache of
//! tens of megabytes is a memcpy, not a parse. [`RenderCache::save`] keeps only the entries used
//! since the cache was loaded, so the file never outgrows the book.

use std::collections::HashMap;
use std::io::{self, Write as _};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use xxhash_rust::xxh3::Xxh3;

const MAGIC: &[u8; 8] = b"EXBCACHE";
/// Bumped when the file layout changes; older files are ignored.
const FORMAT: u32 = 1;

/// Highlighted blocks, rendered diagrams and minified pages of earlier builds, shared by the
/// threads of a build. Cheap to share (`Arc`); all methods take `&self`.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: RwLock<HashMap<u128, Entry>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

#[derive(Debug)]
struct Entry {
    value: Arc<str>,
    used: AtomicBool,
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
    /// An empty cache.
    pub fn new() -> RenderCache {
        RenderCache::default()
    }

    /// Reads a cache written by [`RenderCache::save`]. A missing file, or one written by another
    /// version of exambook or damaged, gives an empty cache: the cache is never a reason for a
    /// build to fail. Other I/O errors are returned.
    pub fn load(path: &Path) -> io::Result<RenderCache> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(RenderCache::new()),
            Err(e) => return Err(e),
        };
        Ok(RenderCache::from_bytes(&bytes).unwrap_or_default())
    }

    fn from_bytes(bytes: &[u8]) -> Option<RenderCache> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC || r.u32()? != FORMAT {
            return None;
        }
        let count = r.u64()?;
        let mut entries = HashMap::with_capacity(usize::try_from(count).ok()?.min(1 << 20));
        for _ in 0..count {
            let key = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
            let len = usize::try_from(r.u64()?).ok()?;
            let value = std::str::from_utf8(r.take(len)?).ok()?;
            entries.insert(
                key,
                Entry {
                    value: Arc::from(value),
                    used: AtomicBool::new(false),
                },
            );
        }
        (r.at == bytes.len()).then(|| RenderCache {
            entries: RwLock::new(entries),
            ..RenderCache::default()
        })
    }

    /// Writes the entries used since loading (looked up or added), sorted by key, to `path`
    /// through a temporary file in the same folder and a rename.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let entries = self
            .entries
            .read()
            .map_err(|_| io::Error::other("render cache lock poisoned"))?;
        let mut used: Vec<(&u128, &Entry)> = entries
            .iter()
            .filter(|(_, e)| e.used.load(Ordering::Relaxed))
            .collect();
        used.sort_by_key(|(k, _)| **k);
        let mut buf =
            Vec::with_capacity(used.iter().map(|(_, e)| e.value.len() + 24).sum::<usize>() + 20);
        buf.extend_from_slice(MAGIC);
        buf.extend_from_slice(&FORMAT.to_le_bytes());
        buf.extend_from_slice(&(used.len() as u64).to_le_bytes());
        for (key, entry) in used {
            buf.extend_from_slice(&key.to_le_bytes());
            buf.extend_from_slice(&(entry.value.len() as u64).to_le_bytes());
            buf.extend_from_slice(entry.value.as_bytes());
        }
        let tmp = path.with_extension("tmp");
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&buf)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path)
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

    /// The entry for `key`, marking it as used.
    pub(crate) fn get(&self, key: u128) -> Option<Arc<str>> {
        let found = self.entries.read().ok().and_then(|entries| {
            entries.get(&key).map(|e| {
                e.used.store(true, Ordering::Relaxed);
                Arc::clone(&e.value)
            })
        });
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Stores `value` under `key`.
    pub(crate) fn insert(&self, key: u128, value: &str) {
        if let Ok(mut entries) = self.entries.write() {
            entries.insert(
                key,
                Entry {
                    value: Arc::from(value),
                    used: AtomicBool::new(true),
                },
            );
        }
    }
}

/// Looks `key` up in `cache` (when there is one), else computes and stores the value.
pub(crate) fn cached(
    cache: Option<&RenderCache>,
    key: impl FnOnce() -> u128,
    compute: impl FnOnce() -> String,
) -> String {
    let Some(cache) = cache else {
        return compute();
    };
    let key = key();
    if let Some(hit) = cache.get(key) {
        return hit.to_string();
    }
    let value = compute();
    cache.insert(key, &value);
    value
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
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
        cache.insert(1, "one");
        cache.insert(2, "two ✓");
        cache.save(&path).unwrap();

        let loaded = RenderCache::load(&path).unwrap();
        assert_eq!(loaded.len(), 2);
        assert_eq!(loaded.get(2).as_deref(), Some("two ✓"));
        loaded.save(&path).unwrap();
        let pruned = RenderCache::load(&path).unwrap();
        assert_eq!(pruned.len(), 1, "entry 1 was not used, so it is dropped");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn damaged_or_missing_file_is_an_empty_cache() {
        assert!(RenderCache::from_bytes(b"EXBCACHE\x01\0\0\0\x05\0\0\0\0\0\0\0").is_none());
        assert!(RenderCache::from_bytes(b"garbage").is_none());
        let missing = RenderCache::load(Path::new("/nonexistent/exambook/cache.bin")).unwrap();
        assert!(missing.is_empty());
    }

    #[test]
    fn keys_separate_fields() {
        let a = Key::new("code", 1).str("ab").str("c").finish();
        let b = Key::new("code", 1).str("a").str("bc").finish();
        assert_ne!(a, b);
    }
}
