//! The live-reload client of a development server (`exambook serve`).
//!
//! The renderer puts it into every HTML page itself, right before `</body>`, when
//! [`HtmlOptions::live_reload`](crate::HtmlOptions::live_reload) is set, so that a theme which
//! overrides `base.html` keeps live reload; templates know nothing of it. The client reloads the
//! page when the page itself (or a shared file) was rebuilt, keeping the scroll position, and
//! shows the diagnostics of a failed build over the last good page.

/// The client (`live_reload.js`): a function expression taking the WebSocket path.
const CLIENT: &str = include_str!("live_reload.js");

/// `html` with the client, connecting to `ws_path`, inserted before its last `</body>` (any
/// case), or appended when it has none; `html` unchanged when `ws_path` is `None`.
pub(crate) fn inject(html: String, ws_path: Option<&str>) -> String {
    let Some(ws_path) = ws_path else {
        return html;
    };
    let script = format!(
        "<script>{}({});</script>\n",
        CLIENT.trim_end(),
        crate::html::site::js_string(ws_path)
    );
    let at = html
        .as_bytes()
        .windows(b"</body>".len())
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = html;
    out.insert_str(at, &script);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn goes_before_the_last_body_end_tag() {
        let page = "<html><body><p>a</p><!-- </body> -->\n</BODY></html>".to_owned();
        let out = inject(page, Some("/ws</script>"));
        let script = out.find("<script>").unwrap();
        assert!(
            out[script..].ends_with("</script>\n</BODY></html>"),
            "{out}"
        );
        assert!(out.contains("(\"/ws\\u003c/script>\");</script>"), "{out}");
        assert!(out[..script].ends_with("<!-- </body> -->\n"));
    }

    #[test]
    fn appended_without_body_and_absent_when_not_asked() {
        let out = inject("<p>fragment</p>".to_owned(), Some("/ws"));
        assert!(out.starts_with("<p>fragment</p><script>(function (path) {"));
        assert!(out.ends_with("(\"/ws\");</script>\n"));
        assert_eq!(inject("<p>x</p>".to_owned(), None), "<p>x</p>");
    }
}
