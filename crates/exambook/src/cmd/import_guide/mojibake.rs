//! Text whose UTF-8 was once read as Windows-1252 (or Latin-1) or Mac Roman and saved again:
//! `Ã©` for `é`, `â€™` for `’`, `ðŸš€` or `üöÄ` for 🚀. Each run of non-ASCII characters is
//! mapped back to the bytes that legacy encoding gives them; when those bytes are valid UTF-8
//! (and shorter as text), the run is replaced by what they say. Runs that look broken but do
//! not map back are reported with their line.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One line changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// 1-based line.
    pub line: usize,
    /// The run as it was.
    pub before: String,
    /// What it became.
    pub after: String,
    /// Which encoding it had been read as.
    pub encoding: &'static str,
}

/// Characters → the byte a legacy encoding decodes to them.
struct Table {
    name: &'static str,
    map: HashMap<char, u8>,
}

fn tables() -> &'static [Table; 2] {
    static TABLES: OnceLock<[Table; 2]> = OnceLock::new();
    TABLES.get_or_init(|| {
        let build = |encoding: &'static encoding_rs::Encoding, latin1: bool, name| {
            let mut map = HashMap::new();
            for b in 0x80u8..=0xFF {
                let byte = [b];
                let (text, _) = encoding.decode_without_bom_handling(&byte);
                if let Some(c) = text.chars().next()
                    && c != '\u{FFFD}'
                {
                    map.insert(c, b);
                }
                // Latin-1 read the C1 range as control characters.
                if latin1 {
                    map.entry(char::from(b)).or_insert(b);
                }
            }
            Table { name, map }
        };
        [
            build(encoding_rs::WINDOWS_1252, true, "Windows-1252/Latin-1"),
            build(encoding_rs::MACINTOSH, false, "Mac Roman"),
        ]
    })
}

/// The bytes `run` came from in `table`'s encoding, read as UTF-8, when that works.
fn undo(run: &str, table: &Table) -> Option<String> {
    let mut bytes: Vec<u8> = run
        .chars()
        .map(|c| table.map.get(&c).copied())
        .collect::<Option<_>>()?;
    let decoded = match std::str::from_utf8(&bytes) {
        Ok(s) => s.to_owned(),
        // Mac Roman's 0xF0 is the Apple logo, a private-use character that is often lost: an
        // emoji (F0 9F …) then starts with its second byte.
        Err(_) if bytes.first() == Some(&0x9F) => {
            bytes.insert(0, 0xF0);
            std::str::from_utf8(&bytes).ok()?.to_owned()
        }
        Err(_) => return None,
    };
    (decoded.chars().count() < run.chars().count()).then_some(decoded)
}

/// Characters that open most runs of broken text (the first byte of a UTF-8 sequence seen
/// through Windows-1252 or Mac Roman), for runs that cannot be repaired.
const SUSPECT_LEADS: &[char] = &['Ã', 'Â', 'â', 'ð', 'Ð', 'ï', '√', '¬', 'Ô', 'ü', 'â'];

/// `text` repaired, the repairs, and lines that still look broken (line, run).
pub fn repair(text: &str) -> (String, Vec<Repair>, Vec<(usize, String)>) {
    let mut out = String::with_capacity(text.len());
    let mut repairs = Vec::new();
    let mut suspects = Vec::new();
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find(|c: char| !c.is_ascii()) {
            out.push_str(&rest[..start]);
            let tail = &rest[start..];
            let len = tail.find(|c: char| c.is_ascii()).unwrap_or(tail.len());
            let run = &tail[..len];
            let fixed = (run.chars().count() >= 2)
                .then(|| {
                    tables()
                        .iter()
                        .find_map(|t| undo(run, t).map(|s| (s, t.name)))
                })
                .flatten();
            match fixed {
                Some((after, encoding)) => {
                    out.push_str(&after);
                    repairs.push(Repair {
                        line: n + 1,
                        before: run.to_owned(),
                        after,
                        encoding,
                    });
                }
                None => {
                    let mut chars = run.chars();
                    if run.chars().count() >= 2
                        && chars.next().is_some_and(|c| SUSPECT_LEADS.contains(&c))
                        && chars.any(|c| !c.is_alphabetic())
                    {
                        suspects.push((n + 1, run.to_owned()));
                    }
                    out.push_str(run);
                }
            }
            rest = &tail[len..];
        }
        out.push_str(rest);
    }
    (out, repairs, suspects)
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn windows_1252_and_mac_roman_are_undone() {
        let (text, repairs, _) = repair("Caf\u{c3}\u{a9} \u{e2}\u{20ac}\u{2122}s\n");
        assert_eq!(text, "Café ’s\n");
        assert_eq!(repairs.len(), 2);
        // 🚀 read as Windows-1252, and 🖥️ read as Mac Roman with its first byte lost.
        let (text, _, _) = repair("\u{f0}\u{178}\u{161}\u{20ac} go\n");
        assert_eq!(text, "🚀 go\n");
        let (text, repairs, _) = repair("## üñ•Ô∏è Topic\n");
        assert_eq!(text, "## 🖥\u{fe0f} Topic\n");
        assert_eq!(repairs[0].encoding, "Mac Roman");
    }

    #[test]
    fn real_text_stays() {
        for ok in [
            "Größe, naïve café — “quoted” ü\n",
            "日本語のテキスト\n",
            "emoji 🚀 and ✅ stay\n",
            "São Paulo, Ação\n",
        ] {
            let (text, repairs, _) = repair(ok);
            assert_eq!(text, ok);
            assert!(repairs.is_empty(), "{ok}: {repairs:?}");
        }
    }
}
