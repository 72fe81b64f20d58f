//! `:rocket:` shortcodes written as their emoji, as GitHub shows them (its gemoji names, from
//! the `emojis` crate). Only in text: code spans, code blocks, link destinations and raw HTML
//! keep them. Done after ids are allocated, so `## :rocket: Launch` keeps GitHub's id
//! `rocket-launch`.

use exambook_syntax::ast::{Document, InlineKind};
use exambook_syntax::walk;

/// Replaces the shortcodes of every text node of `doc`.
pub fn shortcodes(doc: &mut Document) {
    walk::inlines_mut(&mut doc.blocks, &mut |inline| {
        if let InlineKind::Text(t) = &mut inline.kind
            && t.contains(':')
            && let Some(new) = replace(t)
        {
            *t = new;
        }
    });
}

/// `text` with its shortcodes replaced, or `None` when it has none.
pub fn replace(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut from = 0;
    let mut changed = false;
    while let Some(open) = text.get(from..).and_then(|r| r.find(':')).map(|i| from + i) {
        let Some(close) = text
            .get(open + 1..)
            .and_then(|r| r.find(':'))
            .map(|i| open + 1 + i)
        else {
            break;
        };
        let name = text.get(open + 1..close).unwrap_or_default();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
            && !word(text.get(..open).and_then(|s| s.chars().next_back()))
            && !word(text.get(close + 1..).and_then(|s| s.chars().next()));
        match valid.then(|| emojis::get_by_shortcode(name)).flatten() {
            Some(emoji) => {
                out.push_str(text.get(last..open).unwrap_or_default());
                out.push_str(emoji.as_str());
                last = close + 1;
                from = close + 1;
                changed = true;
            }
            // The closing colon may open the next shortcode (`a: :rocket:`).
            None => from = close,
        }
    }
    changed.then(|| {
        out.push_str(text.get(last..).unwrap_or_default());
        out
    })
}

#[cfg(test)]
mod tests {
    use super::replace;

    #[test]
    fn shortcodes_become_emoji() {
        assert_eq!(replace(":rocket: Launch").as_deref(), Some("🚀 Launch"));
        assert_eq!(
            replace("Note: :warning: and :+1:").as_deref(),
            Some("Note: ⚠️ and 👍")
        );
        assert_eq!(replace("at 10:30:00 sharp"), None);
        assert_eq!(replace("a:rocket:b"), None);
        assert_eq!(replace(":not-an-emoji-name:"), None);
        assert_eq!(replace("no colons"), None);
    }
}
