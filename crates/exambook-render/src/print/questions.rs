//! Questions on paper: each question of a page stays in its chapter without its answer (the
//! options lettered by `paper.css`, the explanation taken out), and every answer goes to an
//! answer key at the end of the book. `paper.css` numbers both with CSS counters (questions and
//! key entries are in the same order), so pages are split in parallel.
//!
//! Works on the page's HTML after [`super::rewrite`] (ids prefixed, links already in-document),
//! reading the form that `exambook_syntax::html::question_form` writes: its `id`, `data-kind`
//! and `data-key` (the indexes of the correct options, or the accepted answers), and its
//! explanation, the `div.question-explanation` that closes the form.

use exambook_syntax::escape;

/// One answer of the key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KeyEntry {
    /// The id of the question's form on the print page.
    pub id: String,
    /// The answer as HTML: option letters (`B`, `A, C`) or the accepted answers.
    pub answer: String,
    /// The explanation's HTML (without its title), empty when the question has none.
    pub explanation: String,
}

const FORM: &str = "<form class=\"question\"";
const EXPLANATION: &str = "<div class=\"question-explanation\" hidden>";

/// Copies `html` to `out` with each question labelled (`paper.css` adds its number) and its
/// explanation taken out; the answers are appended to `key`.
pub(crate) fn split(html: &str, key: &mut Vec<KeyEntry>, label: &str, out: &mut String) {
    let mut rest = html;
    while let Some(at) = rest.find(FORM) {
        let Some(tag_len) = rest[at..].find('>') else {
            break;
        };
        let tag = &rest[at..at + tag_len + 1];
        let Some(end) = rest[at..].find("</form>").map(|e| at + e) else {
            break;
        };
        out.push_str(&rest[..at + tag.len()]);
        out.push_str("\n<p class=\"print-question-number\">");
        escape::text(out, label);
        out.push_str("</p>");
        let inner = &rest[at + tag.len()..end];
        let (shown, explanation) = match inner.find(EXPLANATION) {
            Some(e) => {
                let body = &inner[e + EXPLANATION.len()..];
                let body = body.trim_end();
                let body = body.strip_suffix("</div>").unwrap_or(body);
                (&inner[..e], without_title(body).trim().to_owned())
            }
            None => (inner, String::new()),
        };
        out.push_str(shown);
        key.push(KeyEntry {
            id: attr(tag, "id").unwrap_or_default(),
            answer: answer_html(
                attr(tag, "data-kind").as_deref().unwrap_or(""),
                &attr(tag, "data-key").unwrap_or_default(),
            ),
            explanation,
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
}

/// The answer key as the HTML of an appendix.
pub(crate) fn key_html(key: &[KeyEntry], label: &str) -> String {
    let mut out = String::from("<dl class=\"print-answer-key\">\n");
    for entry in key {
        out.push_str("<div class=\"print-answer\"><dt><a href=\"#");
        escape::attr(&mut out, &entry.id);
        out.push_str("\">");
        escape::text(&mut out, label);
        out.push_str("</a></dt>\n<dd><p class=\"print-answer-value\">");
        out.push_str(&entry.answer);
        out.push_str("</p>\n");
        out.push_str(&entry.explanation);
        out.push_str("</dd></div>\n");
    }
    out.push_str("</dl>\n");
    out
}

/// The explanation's content without its title paragraph.
fn without_title(body: &str) -> &str {
    let body = body.trim_start();
    if body.starts_with("<p class=\"question-explanation-title\">")
        && let Some(e) = body.find("</p>")
    {
        return &body[e + 4..];
    }
    body
}

/// The value of attribute `name` in an opening tag written by our HTML writer, unescaped.
fn attr(tag: &str, name: &str) -> Option<String> {
    super::rewrite::attr_value(tag, name).map(super::rewrite::unescape)
}

/// The answer of a `data-key` as HTML: `B` or `A, C` for options (letters as `paper.css`
/// writes them), the accepted answers as code for a fill-in (`tap` or `TAP` (any case)).
fn answer_html(kind: &str, key: &str) -> String {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(key) else {
        return String::new();
    };
    let Some(items) = value.as_array() else {
        return String::new();
    };
    let mut out = String::new();
    if kind == "fill" {
        for (i, item) in items.iter().enumerate() {
            let how = item.get(0).and_then(|v| v.as_str()).unwrap_or("exact");
            let text = item.get(1).and_then(|v| v.as_str()).unwrap_or("");
            if i > 0 {
                out.push_str(" · ");
            }
            out.push_str("<code>");
            escape::text(&mut out, text);
            out.push_str("</code>");
            match how {
                "any-case" => out.push_str(" (any case)"),
                "pattern" => out.push_str(" (pattern)"),
                _ => {}
            }
        }
    } else {
        let letters: Vec<String> = items
            .iter()
            .filter_map(serde_json::Value::as_u64)
            .map(letter)
            .collect();
        out.push_str(&letters.join(", "));
    }
    out
}

/// Option `i`'s letter: A…Z, then AA, AB, … (CSS `upper-alpha`).
fn letter(i: u64) -> String {
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(char::from(b'A' + u8::try_from(n % 26).unwrap_or(0)));
        n /= 26;
    }
    s.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<p>before</p>\n<form class=\"question\" id=\"p3-q-a\" data-kind=\"single\" data-key=\"[1]\" data-objective=\"351.1\">\n<div class=\"question-text\" id=\"p3-q-a-text\">\n<p>Which?</p>\n</div>\n<fieldset class=\"question-options\"><legend>Choose one answer</legend>\n<label class=\"question-option\"><input type=\"radio\" name=\"p3-q-a\" value=\"0\"> <span>x</span></label>\n<label class=\"question-option\"><input type=\"radio\" name=\"p3-q-a\" value=\"1\"> <span>y</span></label>\n</fieldset>\n<p class=\"question-actions\"><button type=\"submit\" class=\"question-check\">Check</button></p>\n<div class=\"question-explanation\" hidden>\n<p class=\"question-explanation-title\">Explanation</p>\n<p>Because <a href=\"#p3-why\">why</a>.</p>\n</div>\n</form>\n<form class=\"question\" id=\"p3-q-b\" data-kind=\"fill\" data-key=\"[[&quot;exact&quot;,&quot;tap&quot;],[&quot;any-case&quot;,&quot;&lt;TAP&gt;&quot;]]\">\n<div class=\"question-text\"><p>Fill ______.</p></div>\n</form>\n<p>after</p>";

    #[test]
    fn questions_keep_their_text_and_lose_their_answers() {
        let mut key = vec![KeyEntry {
            id: "p1-q".into(),
            answer: "A".into(),
            explanation: String::new(),
        }];
        let mut out = String::new();
        split(PAGE, &mut key, "Question", &mut out);
        assert_eq!(
            out.matches("<p class=\"print-question-number\">Question</p>")
                .count(),
            2,
            "{out}"
        );
        assert!(out.contains("<p>Which?</p>") && out.contains("<span>y</span>"));
        assert!(!out.contains("Because"), "{out}");
        assert!(out.starts_with("<p>before</p>") && out.ends_with("<p>after</p>"));
        assert_eq!(out.matches("</form>").count(), 2);
        assert_eq!(key.len(), 3);
        assert_eq!(key[1].id, "p3-q-a");
        assert_eq!(key[1].answer, "B");
        assert_eq!(
            key[1].explanation,
            "<p>Because <a href=\"#p3-why\">why</a>.</p>"
        );
        assert_eq!(
            key[2].answer,
            "<code>tap</code> · <code>&lt;TAP&gt;</code> (any case)"
        );
        let html = key_html(&key, "Question");
        assert!(html.contains("<a href=\"#p3-q-a\">Question</a>"), "{html}");
        assert!(html.contains("Because"));
    }

    #[test]
    fn letters_follow_css_upper_alpha() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(3), "D");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(answer_html("multiple", "[0,2]"), "A, C");
    }
}
