//! mdBook-style `{{#include path}}` directives.
//!
//! The parser only *recognises* directives: a paragraph made of directive lines becomes
//! [`BlockKind::Include`](crate::ast::BlockKind::Include) blocks, and [`find_in_code`] finds them
//! inside code blocks (the main use: pulling lab scripts into fenced code). `exambook-core`
//! reads the files and substitutes them, because only it knows where files are.
//!
//! ```
//! use exambook_syntax::ast::IncludeSelector;
//! use exambook_syntax::include::{find_in_code, parse_directive};
//!
//! let d = parse_directive("{{#include ../labs/pool.sh:create}}").unwrap();
//! assert_eq!(d.path, "../labs/pool.sh");
//! assert_eq!(d.selector, IncludeSelector::Anchor("create".into()));
//!
//! let code = "set -e\n{{#include setup.sh:3:}}\n";
//! let found = find_in_code(code);
//! assert_eq!(&code[found[0].0.clone()], "{{#include setup.sh:3:}}");
//! ```

use std::ops::Range;

use crate::ast::{IncludeDirective, IncludeSelector};

const OPEN: &str = "{{#include";

/// Parses one directive, e.g. `{{#include ../labs/x.sh:anchor}}`; surrounding whitespace is
/// allowed, anything else is not.
pub fn parse_directive(text: &str) -> Option<IncludeDirective> {
    check_directive(text).ok()
}

/// Whether `line` (trimmed) is meant as a directive: it starts with `{{#include` and the word
/// ends there (`{{#includes}}` is something else).
pub fn looks_like_directive(line: &str) -> bool {
    line.trim().strip_prefix(OPEN).is_some_and(|rest| {
        !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

/// [`parse_directive`], saying what is wrong with a line that [`looks_like_directive`] but is
/// not one.
pub fn check_directive(text: &str) -> Result<IncludeDirective, &'static str> {
    let t = text.trim();
    let inner = t.strip_prefix(OPEN).ok_or("not an include directive")?;
    let Some(inner) = inner.strip_suffix("}}") else {
        return Err(if inner.contains("}}") {
            "text after `}}`: an include directive stands on a line of its own"
        } else {
            "`{{#include` is not closed with `}}`"
        });
    };
    if inner.trim().is_empty() {
        return Err("`{{#include}}` names no file");
    }
    if !inner.starts_with(char::is_whitespace) {
        return Err("`{{#include` must be followed by a space and the path");
    }
    parse_spec(inner.trim()).ok_or(
        "not a valid include: `{{#include path}}`, `path:anchor`, `path:10`, `path:10:20`, `path:10:` or `path::20`",
    )
}

/// `path`, `path:anchor`, `path:10`, `path:10:20`, `path:10:`, `path::20`.
fn parse_spec(spec: &str) -> Option<IncludeDirective> {
    if spec.is_empty() || spec.contains(char::is_whitespace) {
        return None;
    }
    let mut parts = spec.splitn(3, ':');
    let path = parts.next()?.to_owned();
    if path.is_empty() {
        return None;
    }
    let a = parts.next();
    let b = parts.next();
    let num = |s: &str| -> Option<Option<usize>> {
        if s.is_empty() {
            Some(None)
        } else {
            s.parse::<usize>().ok().filter(|n| *n > 0).map(Some)
        }
    };
    let selector = match (a, b) {
        (None, _) => IncludeSelector::All,
        (Some(""), None) => IncludeSelector::All,
        (Some(a), None) => match a.parse::<usize>() {
            Ok(n) if n > 0 => IncludeSelector::Lines {
                start: Some(n),
                end: Some(n),
            },
            Ok(_) => return None,
            Err(_) => IncludeSelector::Anchor(a.to_owned()),
        },
        (Some(a), Some(b)) => {
            let start = num(a)?;
            let end = num(b)?;
            if start.is_none() && end.is_none() {
                IncludeSelector::All
            } else {
                IncludeSelector::Lines { start, end }
            }
        }
    };
    Some(IncludeDirective { path, selector })
}

/// Every directive in a code block's text, with its byte range in `code`.
pub fn find_in_code(code: &str) -> Vec<(Range<usize>, IncludeDirective)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = code[from..].find(OPEN) {
        let start = from + i;
        let Some(close) = code[start..].find("}}") else {
            break;
        };
        let end = start + close + 2;
        let text = &code[start..end];
        if !text.contains('\n')
            && let Some(d) = parse_directive(text)
        {
            out.push((start..end, d));
            from = end;
            continue;
        }
        from = start + OPEN.len();
    }
    out
}

/// The directive as written in canonical form, e.g. `{{#include x.sh:2:5}}`.
pub fn to_text(d: &IncludeDirective) -> String {
    let sel = match &d.selector {
        IncludeSelector::All => String::new(),
        IncludeSelector::Anchor(a) => format!(":{a}"),
        IncludeSelector::Lines {
            start: Some(s),
            end: Some(e),
        } if s == e => format!(":{s}"),
        IncludeSelector::Lines { start, end } => format!(
            ":{}:{}",
            start.map(|n| n.to_string()).unwrap_or_default(),
            end.map(|n| n.to_string()).unwrap_or_default()
        ),
    };
    format!("{{{{#include {}{sel}}}}}", d.path)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn selectors() {
        let sel = |s: &str| parse_directive(s).map(|d| d.selector);
        assert_eq!(sel("{{#include a.sh}}"), Some(IncludeSelector::All));
        assert_eq!(
            sel("  {{#include a.sh:10:20}} "),
            Some(IncludeSelector::Lines {
                start: Some(10),
                end: Some(20)
            })
        );
        assert_eq!(
            sel("{{#include a.sh:10:}}"),
            Some(IncludeSelector::Lines {
                start: Some(10),
                end: None
            })
        );
        assert_eq!(
            sel("{{#include a.sh::20}}"),
            Some(IncludeSelector::Lines {
                start: None,
                end: Some(20)
            })
        );
        assert_eq!(
            sel("{{#include a.sh:7}}"),
            Some(IncludeSelector::Lines {
                start: Some(7),
                end: Some(7)
            })
        );
        assert_eq!(
            sel("{{#include a.sh:x}}"),
            Some(IncludeSelector::Anchor("x".into()))
        );
        assert_eq!(sel("{{#include}}"), None);
        assert_eq!(sel("{{#includea.sh}}"), None);
        assert_eq!(sel("x {{#include a.sh}}"), None);
        assert_eq!(sel("{{#include a.sh:x:y}}"), None);
    }

    #[test]
    fn malformed_directives_say_why() {
        let why = |s: &str| check_directive(s).err().unwrap_or_default();
        assert!(why("{{#include}}").contains("names no file"));
        assert!(why("{{#include  }}").contains("names no file"));
        assert!(why("{{#include a.md").contains("not closed"));
        assert!(why("{{#include a.md}} and more").contains("line of its own"));
        assert!(why("{{#include a.sh:0}}").contains("not a valid include"));
        assert!(looks_like_directive("  {{#include a.md"));
        assert!(looks_like_directive("{{#include}}"));
        assert!(!looks_like_directive("{{#includes}}"));
        assert!(!looks_like_directive("see {{#include a.md}}"));
    }

    #[test]
    fn a_malformed_include_paragraph_is_an_error_and_stays_text() {
        for (src, why) in [
            ("{{#include}}\n", "names no file"),
            ("Text.\n\n  {{#include a.md\n", "not closed"),
            ("{{#include a.md}}\nmore words\n", "only include lines"),
        ] {
            let (doc, diags) = crate::parse(src);
            assert_eq!(diags.len(), 1, "{src:?}: {diags:?}");
            assert!(
                diags[0].is_error() && diags[0].message.contains(why),
                "{diags:?}"
            );
            let at = &src[diags[0].span.range()];
            assert!(at.starts_with("{{#include") || at == "more words", "{at:?}");
            assert!(
                matches!(
                    doc.blocks.last().map(|b| &b.kind),
                    Some(crate::ast::BlockKind::Paragraph(_))
                ),
                "{src:?}"
            );
        }
        let (doc, diags) = crate::parse("{{#include a.md}}\n{{#include b.md:2}}\n");
        assert!(diags.is_empty() && doc.blocks.len() == 2, "{diags:?}");
    }

    #[test]
    fn canonical_text_round_trips() {
        for s in [
            "{{#include a.sh}}",
            "{{#include a.sh:3}}",
            "{{#include a.sh:3:}}",
            "{{#include a.sh::4}}",
            "{{#include a.sh:x}}",
        ] {
            assert_eq!(to_text(&parse_directive(s).unwrap()), s);
        }
    }

    #[test]
    fn finds_in_code() {
        let code = "a {{#include x}} b {{#include}} {{#include y:1:2}}";
        let found = find_in_code(code);
        assert_eq!(found.len(), 2);
        assert_eq!(&code[found[1].0.clone()], "{{#include y:1:2}}");
    }
}
