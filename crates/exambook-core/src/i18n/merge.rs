//! Bringing a catalog up to date with the template, as GNU `msgmerge` does, and making a new
//! language's catalog.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::po::{Catalog, Message};

/// How alike two source texts must be (character-bigram Sørensen–Dice, 0 to 1) for an old
/// translation to be offered, marked fuzzy, for a changed source text.
pub const SIMILAR: f64 = 0.7;

/// What [`merge`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    /// Messages whose translation was kept as it was.
    pub kept: usize,
    /// Messages given the translation of a similar old text, marked fuzzy.
    pub fuzzy: usize,
    /// Messages new to the catalog, untranslated.
    pub new: usize,
    /// Old messages no longer in the template, kept as obsolete `#~` entries.
    pub obsolete: usize,
}

/// The catalog `old` updated to `template`:
///
/// - a message of the template that `old` has (live or obsolete) keeps its translation,
///   flags and translator comments; references and `#.` comments come from the template;
/// - a message `old` lacks takes the translation of the most similar old text (at least
///   [`SIMILAR`]) that is no longer in the template, marked `fuzzy` with that text as its
///   previous msgid (`#| msgid`), else it is new and empty;
/// - old messages no longer in the template are kept as obsolete `#~` entries when they have
///   a translation (untranslated ones are dropped), after every live message;
/// - the header is kept (a missing one is made, as for a new catalog of `lang`).
pub fn merge(template: &Catalog, old: &Catalog, lang: &str) -> (Catalog, Merged) {
    let mut stats = Merged::default();
    let header = match &old.header {
        Some(h) => {
            let mut c = Catalog {
                header: Some(h.clone()),
                messages: Vec::new(),
            };
            if c.header_field("Content-Type").is_none() {
                c.set_header_field("Content-Type", "text/plain; charset=UTF-8");
            }
            c.header
        }
        None => new_catalog(template, lang).header,
    };

    let key = |m: &Message| (m.msgctxt.clone(), m.msgid.clone());
    let wanted: HashSet<(Option<String>, String)> = template.messages.iter().map(key).collect();
    let mut live: HashMap<(Option<String>, String), usize> = HashMap::new();
    let mut dead: HashMap<(Option<String>, String), usize> = HashMap::new();
    for (i, m) in old.messages.iter().enumerate() {
        if m.obsolete {
            dead.insert(key(m), i);
        } else {
            live.insert(key(m), i);
        }
    }
    // Old translations whose source text is gone: what a changed text may have been.
    let candidates: Vec<&Message> = old
        .messages
        .iter()
        .filter(|m| {
            m.msgctxt.is_none()
                && m.msgid_plural.is_none()
                && m.is_translated()
                && !wanted.contains(&key(m))
        })
        .collect();

    let matched: Vec<Option<&Message>> = template
        .messages
        .par_iter()
        .map(|t| {
            let k = key(t);
            if let Some(&i) = live.get(&k).or_else(|| dead.get(&k)) {
                return old.messages.get(i);
            }
            None
        })
        .collect();
    let similar: Vec<Option<&Message>> = template
        .messages
        .par_iter()
        .zip(&matched)
        .map(|(t, exact)| match exact {
            Some(_) => None,
            None if t.msgctxt.is_none() && t.msgid_plural.is_none() => {
                most_similar(&t.msgid, &candidates)
            }
            None => None,
        })
        .collect();

    let mut messages = Vec::with_capacity(template.messages.len());
    for ((t, exact), near) in template.messages.iter().zip(matched).zip(similar) {
        let mut m = t.clone();
        m.obsolete = false;
        m.line = 0;
        m.msgstr_line = 0;
        if let Some(o) = exact {
            m.msgstr.clone_from(&o.msgstr);
            m.translator_comments.clone_from(&o.translator_comments);
            for f in &o.flags {
                if !m.flags.contains(f) {
                    m.flags.push(f.clone());
                }
            }
            if o.is_fuzzy() {
                m.previous_msgctxt.clone_from(&o.previous_msgctxt);
                m.previous_msgid.clone_from(&o.previous_msgid);
                m.previous_msgid_plural.clone_from(&o.previous_msgid_plural);
            } else {
                m.previous_msgctxt = None;
                m.previous_msgid = None;
                m.previous_msgid_plural = None;
            }
            stats.kept += 1;
        } else if let Some(o) = near {
            m.msgstr.clone_from(&o.msgstr);
            m.translator_comments.clone_from(&o.translator_comments);
            m.set_fuzzy(true);
            m.previous_msgid = Some(o.msgid.clone());
            stats.fuzzy += 1;
        } else {
            stats.new += 1;
        }
        messages.push(m);
    }

    // Obsolete: old obsolete entries not revived, then live ones that went away (the newer
    // one wins when an obsolete entry has the same text).
    let mut obsolete: Vec<Message> = Vec::new();
    let mut at: HashMap<(Option<String>, String), usize> = HashMap::new();
    let gone = old.messages.iter().filter(|m| m.obsolete).chain(
        old.messages
            .iter()
            .filter(|m| !m.obsolete && (m.is_translated() || m.is_fuzzy())),
    );
    for m in gone {
        let k = key(m);
        if wanted.contains(&k) {
            continue;
        }
        let mut o = m.clone();
        if !o.obsolete {
            stats.obsolete += 1;
        }
        o.obsolete = true;
        o.references.clear();
        o.extracted_comments.clear();
        o.line = 0;
        o.msgstr_line = 0;
        match at.get(&k) {
            Some(&i) => obsolete[i] = o,
            None => {
                at.insert(k, obsolete.len());
                obsolete.push(o);
            }
        }
    }
    messages.extend(obsolete);
    (Catalog { header, messages }, stats)
}

/// The old message whose source text is most like `msgid`, if any is alike enough.
fn most_similar<'a>(msgid: &str, candidates: &[&'a Message]) -> Option<&'a Message> {
    let len = msgid.chars().count();
    let mut best: Option<(f64, &Message)> = None;
    for c in candidates {
        let other = c.msgid.chars().count();
        // Dice cannot reach the threshold when one text is far shorter than the other.
        let (short, long) = (len.min(other), len.max(other));
        if long == 0 || (short as f64) < (long as f64) * (SIMILAR / (2.0 - SIMILAR)) {
            continue;
        }
        let score = strsim::sorensen_dice(msgid, &c.msgid);
        if score >= SIMILAR && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, m)| m)
}

/// The gettext name of a BCP 47 tag (`pt-BR` → `pt_BR`).
pub fn gettext_language(lang: &str) -> String {
    lang.replace('-', "_")
}

/// The `Plural-Forms` header for `lang` (by its primary language; two forms, `n != 1`, when
/// we do not know it).
pub fn plural_forms(lang: &str) -> &'static str {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let lower = lang.to_ascii_lowercase().replace('_', "-");
    match primary.as_str() {
        "pt" if lower == "pt-br" => "nplurals=2; plural=(n > 1);",
        "fr" | "oc" | "ak" | "am" | "br" | "fil" | "ln" | "mg" | "ti" | "wa" => {
            "nplurals=2; plural=(n > 1);"
        }
        "ja" | "zh" | "ko" | "vi" | "th" | "id" | "ms" | "lo" | "my" | "km" | "tr" | "ka" => {
            "nplurals=1; plural=0;"
        }
        "ru" | "uk" | "be" | "sr" | "hr" | "bs" => {
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
        }
        "pl" => {
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
        }
        "cs" | "sk" => "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
        "ar" => {
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
        }
        _ => "nplurals=2; plural=(n != 1);",
    }
}

/// A new, empty catalog of `lang` for `template`: every message untranslated, and a header
/// with the language, its plural forms and UTF-8.
pub fn new_catalog(template: &Catalog, lang: &str) -> Catalog {
    let mut c = Catalog::default();
    let project = template
        .header_field("Project-Id-Version")
        .unwrap_or_default()
        .to_string();
    let mut header = Message::new("");
    header.translator_comments = vec![
        format!("{lang} translation of \"{project}\"."),
        "Translate the msgstr of each message; keep inline code, link targets and".into(),
        "placeholders as they are (see docs/translating.md).".into(),
    ];
    c.header = Some(header);
    c.set_header_field("Project-Id-Version", &project);
    c.set_header_field("PO-Revision-Date", "");
    c.set_header_field("Last-Translator", "");
    c.set_header_field("Language-Team", "");
    c.set_header_field("Language", &gettext_language(lang));
    c.set_header_field("MIME-Version", "1.0");
    c.set_header_field("Content-Type", "text/plain; charset=UTF-8");
    c.set_header_field("Content-Transfer-Encoding", "8bit");
    c.set_header_field("Plural-Forms", plural_forms(lang));
    c.messages = template
        .messages
        .iter()
        .map(|t| {
            let mut m = t.clone();
            m.msgstr = vec![String::new(); m.msgstr.len().max(1)];
            m.line = 0;
            m.msgstr_line = 0;
            m
        })
        .collect();
    c
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;
    use crate::i18n::State;

    fn msg(id: &str, s: &str, refs: &[&str]) -> Message {
        let mut m = Message::new(id);
        m.msgstr = vec![s.into()];
        m.references = refs.iter().map(|r| r.to_string()).collect();
        m
    }

    #[test]
    fn merge_keeps_fuzzies_adds_and_obsoletes() {
        let template = Catalog {
            header: None,
            messages: vec![
                msg("Storage pools", "", &["src/a.md:1"]),
                msg(
                    "Run `virsh pool-list` to list the storage pools.",
                    "",
                    &["src/a.md:3"],
                ),
                msg("A brand new paragraph about networks.", "", &["src/a.md:5"]),
                msg("Revived from the dead", "", &["src/a.md:7"]),
            ],
        };
        let mut old = new_catalog(&template, "pt-BR");
        old.messages = vec![
            msg("Storage pools", "Pools de armazenamento", &["src/old.md:9"]),
            msg(
                "Run `virsh pool-list` to list the pools.",
                "Execute `virsh pool-list` para listar os pools.",
                &["src/a.md:3"],
            ),
            msg("Deleted text", "Texto apagado", &[]),
            msg("Never translated and gone", "", &[]),
            {
                let mut m = msg("Revived from the dead", "Revivido", &[]);
                m.obsolete = true;
                m
            },
        ];
        old.messages[0].translator_comments = vec!["checked".into()];
        let (new, stats) = merge(&template, &old, "pt-BR");
        assert_eq!(
            stats,
            Merged {
                kept: 2,
                fuzzy: 1,
                new: 1,
                obsolete: 2,
            }
        );
        assert_eq!(new.header, old.header);
        let m = &new.messages;
        assert_eq!(m[0].msgstr, ["Pools de armazenamento"]);
        assert_eq!(m[0].references, ["src/a.md:1"]);
        assert_eq!(m[0].translator_comments, ["checked"]);
        assert_eq!(m[0].state(), State::Translated);
        assert_eq!(m[1].state(), State::Fuzzy);
        assert_eq!(
            m[1].previous_msgid.as_deref(),
            Some("Run `virsh pool-list` to list the pools.")
        );
        assert_eq!(
            m[1].msgstr,
            ["Execute `virsh pool-list` para listar os pools."]
        );
        assert_eq!(m[2].state(), State::Untranslated);
        assert_eq!(m[3].msgstr, ["Revivido"]);
        assert!(!m[3].obsolete);
        let obsolete: Vec<&str> = m
            .iter()
            .filter(|m| m.obsolete)
            .map(|m| m.msgid.as_str())
            .collect();
        assert_eq!(
            obsolete,
            ["Run `virsh pool-list` to list the pools.", "Deleted text"]
        );
        // Merging again changes nothing.
        let (again, _) = merge(&template, &new, "pt-BR");
        assert_eq!(again.write(), new.write());
    }

    #[test]
    fn unrelated_text_is_not_offered() {
        let template = Catalog {
            header: None,
            messages: vec![msg("Configure the bridge interface.", "", &[])],
        };
        let old = Catalog {
            header: None,
            messages: vec![msg("Install Docker on Debian.", "Instale o Docker.", &[])],
        };
        let (new, stats) = merge(&template, &old, "de");
        assert_eq!(stats.new, 1);
        assert_eq!(new.messages[0].state(), State::Untranslated);
        assert_eq!(new.header_field("Language"), Some("de"));
        assert_eq!(
            new.header_field("Plural-Forms"),
            Some("nplurals=2; plural=(n != 1);")
        );
    }
}
