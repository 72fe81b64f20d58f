//! Cutting text into search terms, the same way for the book (here, at build time) and for the
//! reader's query (`static/search.js` mirrors these rules).
//!
//! Text is cut at white space into chunks; surrounding quotes, brackets and sentence
//! punctuation are trimmed. A chunk that holds a letter or digit and one of `-_./:=@+~$` is
//! code (`qemu-img`, `--privileged`, `/etc/libvirt/qemu.conf`) and is kept whole, in lower case,
//! as one term. Every chunk is also cut into words (runs of letters and digits); a word is
//! stemmed with the book language's Snowball stemmer and then folded (lower case, accents
//! removed), so `virtualization` and `virtualized` share a term. The folded word as written is
//! its *form*: the index ships a form → term table, so the browser needs no stemmer of its own.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// Characters that make a chunk code (kept whole as a term).
pub const CODE_CHARS: &str = "-_./:=@+~$";
/// Characters trimmed from the start of a chunk.
const TRIM_START: &str = "\"'`([{<“‘«*,;";
/// Characters trimmed from the end of a chunk.
const TRIM_END: &str = "\"'`)]}>”’»*,;:.!?";
/// Longer code chunks (long URLs, base64) are not kept whole.
pub const MAX_CODE_CHARS: usize = 64;
/// Shorter words are not indexed.
pub const MIN_WORD_CHARS: usize = 2;

/// Words so common in English prose that nearly every section holds them: left out of the
/// index (they were a fifth of its postings), so a query's other words decide.
const STOP_EN: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "be", "been", "before",
    "both", "but", "by", "can", "do", "does", "each", "for", "from", "had", "has", "have", "he",
    "her", "his", "if", "in", "into", "is", "it", "its", "may", "more", "most", "must", "no",
    "not", "of", "on", "only", "or", "other", "our", "over", "she", "should", "so", "some", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "under", "unless", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "will", "with", "would", "you", "your",
];

/// The same for Portuguese.
const STOP_PT: &[&str] = &[
    "a", "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "ela", "elas",
    "ele", "eles", "em", "entre", "essa", "esse", "esta", "este", "isso", "isto", "mais", "mas",
    "na", "nas", "no", "nos", "não", "o", "os", "ou", "para", "pela", "pelas", "pelo", "pelos",
    "por", "que", "se", "sem", "seu", "seus", "sua", "suas", "são", "também", "um", "uma", "à",
    "às", "é",
];

/// The search language of a book: which stemmer and stop words its words get.
pub struct Language {
    /// The primary language subtag the stemmer is for (`en`, `pt`), or `""` without stemming.
    pub code: &'static str,
    stemmer: Option<Stemmer>,
    stop: &'static [&'static str],
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Language({:?})", self.code)
    }
}

impl Language {
    /// The language of a book whose `book.language` is `tag` (`en`, `pt-BR`, ...). Languages
    /// without a Snowball stemmer are indexed unstemmed (words match as written or by prefix).
    pub fn new(tag: &str) -> Language {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let (code, algorithm) = match primary.as_str() {
            "en" => ("en", Algorithm::English),
            "pt" => ("pt", Algorithm::Portuguese),
            "de" => ("de", Algorithm::German),
            "es" => ("es", Algorithm::Spanish),
            "fr" => ("fr", Algorithm::French),
            "it" => ("it", Algorithm::Italian),
            "nl" => ("nl", Algorithm::Dutch),
            _ => {
                return Language {
                    code: "",
                    stemmer: None,
                    stop: &[],
                };
            }
        };
        let stop = match code {
            "en" => STOP_EN,
            "pt" => STOP_PT,
            _ => &[],
        };
        Language {
            code,
            stemmer: Some(Stemmer::create(algorithm)),
            stop,
        }
    }

    /// Whether a lower-case word is left out of the index.
    pub fn is_stop(&self, word: &str) -> bool {
        self.stop.binary_search(&word).is_ok()
    }

    /// The term of a lower-case word: its stem, folded.
    pub fn term(&self, word: &str) -> String {
        match &self.stemmer {
            Some(s) => fold(&s.stem(word)),
            None => fold(word),
        }
    }
}

/// Lower case without accents: `Configuração` → `configuracao`.
pub fn fold(s: &str) -> String {
    let lower = s.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    lower
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// One term found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What the index is keyed by: a code chunk as written (lower case), or a word's folded
    /// stem.
    pub term: String,
    /// The folded word as written (equal to `term` for code).
    pub form: String,
    /// Whether this is a code chunk.
    pub code: bool,
}

/// Trims the punctuation around a chunk.
fn trim(chunk: &str) -> &str {
    chunk
        .trim_start_matches(|c| TRIM_START.contains(c))
        .trim_end_matches(|c| TRIM_END.contains(c))
}

/// Whether a trimmed chunk is code.
pub fn is_code(chunk: &str) -> bool {
    chunk.chars().any(|c| CODE_CHARS.contains(c))
        && chunk.chars().any(char::is_alphanumeric)
        && chunk
            .chars()
            .all(|c| c.is_alphanumeric() || CODE_CHARS.contains(c))
        && chunk.chars().count() <= MAX_CODE_CHARS
}

/// Every token of `text`, in order, handed to `f`.
pub fn tokens(text: &str, lang: &Language, mut f: impl FnMut(Token)) {
    for chunk in text.split_whitespace() {
        let chunk = trim(chunk);
        if chunk.is_empty() {
            continue;
        }
        let lower = chunk.to_lowercase();
        if is_code(&lower) {
            f(Token {
                term: lower.clone(),
                form: lower.clone(),
                code: true,
            });
        }
        for word in lower.split(|c: char| !c.is_alphanumeric()) {
            if word.chars().count() < MIN_WORD_CHARS || lang.is_stop(word) {
                continue;
            }
            f(Token {
                term: lang.term(word),
                form: fold(word),
                code: false,
            });
        }
    }
}

/// The shard a term or form is stored in: its first two characters, written so that any
/// file system takes it as a file name (`[a-z0-9]` as they are, anything else as `_` and the
/// hex code point).
pub fn shard_key(term: &str) -> String {
    let mut key = String::new();
    for c in term.chars().take(2) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            key.push(c);
        } else {
            key.push_str(&format!("_{:x}", c as u32));
        }
    }
    key
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    fn all(text: &str, lang: &str) -> Vec<(String, String, bool)> {
        let lang = Language::new(lang);
        let mut out = Vec::new();
        tokens(text, &lang, |t| out.push((t.term, t.form, t.code)));
        out
    }

    fn terms(text: &str) -> Vec<String> {
        all(text, "en").into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn code_is_kept_as_written_and_cut_into_words() {
        assert_eq!(
            terms("Run `qemu-img convert` with --privileged."),
            [
                "run",
                "qemu-img",
                "qemu",
                "img",
                "convert",
                "--privileged",
                "privileg"
            ]
        );
        assert_eq!(
            terms("(see /etc/libvirt/qemu.conf)"),
            [
                "see",
                "/etc/libvirt/qemu.conf",
                "etc",
                "libvirt",
                "qemu",
                "conf"
            ]
        );
    }

    #[test]
    fn words_are_stemmed_and_forms_kept() {
        let t = all("Virtualization virtualized", "en");
        assert_eq!(t[0].0, t[1].0);
        assert_eq!(t[0].1, "virtualization");
        assert_eq!(t[1].1, "virtualized");
        assert!(!t[0].2);
    }

    #[test]
    fn portuguese_is_stemmed_and_folded() {
        let t = all("configuração configurações", "pt-BR");
        assert_eq!(t[0].0, t[1].0);
        assert!(t[0].0.is_ascii(), "{t:?}");
        assert_eq!(t[0].1, "configuracao");
        assert_eq!(Language::new("pt-BR").code, "pt");
    }

    #[test]
    fn unknown_languages_are_folded_but_not_stemmed() {
        let t = all("Maschinen", "xx");
        assert_eq!(t[0].0, "maschinen");
        assert_eq!(Language::new("xx").code, "");
    }

    #[test]
    fn punctuation_alone_and_short_words_are_no_terms() {
        assert!(terms("-- / a . ...").is_empty());
        assert_eq!(terms("e.g."), ["e.g"]);
    }

    #[test]
    fn hostile_text_is_only_words() {
        assert_eq!(
            terms("<img src=x onerror=alert(1)>"),
            ["img", "src=x", "src", "onerror", "alert"]
        );
    }

    #[test]
    fn stop_words_are_left_out_and_sorted() {
        assert_eq!(terms("The state of the guest"), ["state", "guest"]);
        assert_eq!(all("o estado da máquina", "pt")[0].1, "estado");
        for list in [STOP_EN, STOP_PT] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn shard_keys_are_file_names() {
        assert_eq!(shard_key("qemu"), "qe");
        assert_eq!(shard_key("--privileged"), "_2d_2d");
        assert_eq!(shard_key("/etc"), "_2fe");
        assert_eq!(shard_key("x"), "x");
        assert_eq!(shard_key("çã"), "_e7_e3");
    }
}
