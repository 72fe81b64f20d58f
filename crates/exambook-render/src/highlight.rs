//! Build-time syntax highlighting with syntect, emitted as CSS classes.
//!
//! Design decisions:
//! - syntect with Oniguruma (a small bundled C library built by `cc`) and bat's syntax collection
//!   (two-face). On the 1000-page benchmark corpus Oniguruma highlights twice as fast as the
//!   pure-Rust fancy-regex engine (1.13 MB/s against 0.64 MB/s on one thread, 380 KB of
//!   sh/yaml/json/rust; `examples/corpus_highlight.rs`), and highlighting is the largest part
//!   of a cold build; it also runs every bat grammar (fancy-regex rejects some). The render
//!   cache makes rebuilds pay it once per distinct block.
//! - The syntax set is loaded once per process (tens of milliseconds).
//! - Classes, not inline styles: a light and a dark stylesheet are generated from two themes,
//!   so one HTML page serves both. Their colours are nudged until every token reaches 4.6:1
//!   contrast against the code background (WCAG AA, with a margin).
//! - Lines are self-contained (spans open at a line's start reopened, and closed at its end)
//!   only where lines are numbered, marked or cut apart (console sessions); elsewhere spans run
//!   across lines, which keeps the HTML several times smaller.
//! - `console` blocks: lines starting with a prompt (`$ `, `# `, `user@host:~$ `, `PS> `) are
//!   highlighted as shell (or PowerShell) commands, with the prompt marked so that it is not
//!   copied; a trailing `\` continues a command; other lines are output, left plain.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use exambook_syntax::escape;
use syntect::highlighting::{Color, FontStyle, Highlighter, Style, Theme};
use syntect::parsing::{
    ParseState, Scope, ScopeStack, SyntaxDefinition, SyntaxReference, SyntaxSet, SyntaxSetBuilder,
};

/// Prefix of every highlighting class, so that theme and content classes never clash.
pub const CLASS_PREFIX: &str = "hl-";

/// Bumped whenever highlighted output changes for the same input (cache key).
pub(crate) const HIGHLIGHT_VERSION: u32 = 4;

/// The syntax set (syntect's and bat's syntaxes, via two-face), loaded once.
pub fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Our own syntaxes (PowerShell), preferred over bat's, built once.
pub fn own_syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut builder = SyntaxSetBuilder::new();
        for source in [include_str!("../syntaxes/PowerShell.sublime-syntax")] {
            // A test checks that every bundled grammar loads; a broken one is only left out.
            if let Ok(def) = SyntaxDefinition::load_from_str(source, true, None) {
                builder.add(def);
            }
        }
        builder.build()
    })
}

/// What a code block's language resolves to.
#[derive(Debug, Clone, Copy)]
pub enum Language {
    /// Shown as written, no warning (`text`, `txt`, `plain`, no language).
    Plain,
    /// A shell session: prompts and commands highlighted, output plain.
    Console,
    /// A syntect syntax, and the set it belongs to.
    Syntax(&'static SyntaxSet, &'static SyntaxReference),
    /// A language we do not know: shown as plain text, with a warning.
    Unknown,
}

/// Resolves a code block language (case-insensitive; common aliases accepted).
pub fn language(lang: Option<&str>) -> Language {
    let Some(lang) = lang.map(str::trim).filter(|l| !l.is_empty()) else {
        return Language::Plain;
    };
    let lower = lang.to_ascii_lowercase();
    let token = match lower.as_str() {
        "text" | "txt" | "plain" | "plaintext" | "none" | "output" | "log" => {
            return Language::Plain;
        }
        "console" | "shell-session" | "shellsession" | "session" | "terminal" | "sh-session" => {
            return Language::Console;
        }
        "sh" | "shell" | "bash" | "zsh" | "ksh" | "shellscript" => "bash",
        "yml" => "yaml",
        "jsonc" | "json5" => "json",
        "dockerfile" | "docker" | "containerfile" => "Dockerfile",
        "hcl" | "hcl2" | "terraform" | "tf" | "tfvars" => "tf",
        "powershell" | "pwsh" | "ps" | "ps1" | "posh" => "ps1",
        "py" | "python3" => "python",
        "ini" | "cfg" | "conf" | "desktop" | "systemd" | "unit" => "ini",
        "xml" | "xsd" | "xslt" | "svg" | "libvirt" => "xml",
        "js" | "javascript" => "js",
        "rs" => "rust",
        other => other,
    };
    find(token)
        .or_else(|| find(lang))
        .map_or(Language::Unknown, |(set, s)| Language::Syntax(set, s))
}

/// A syntax by token (extension or name), in our set first (ours replace bat's: its PowerShell
/// grammar leaves parameters such as `-Name` unmarked), then in bat's.
fn find(token: &str) -> Option<(&'static SyntaxSet, &'static SyntaxReference)> {
    [own_syntax_set(), syntax_set()]
        .into_iter()
        .find_map(|set| {
            set.find_syntax_by_token(token)
                .or_else(|| set.find_syntax_by_name(token))
                .map(|s| (set, s))
        })
}

/// How to lay out the lines of a highlighted block.
#[derive(Debug, Clone, Default)]
pub struct LineOptions {
    /// Number the lines (CSS counters; the numbers are not copied).
    pub numbers: bool,
    /// 1-based lines to highlight.
    pub highlight: Vec<usize>,
}

impl LineOptions {
    fn wraps(&self) -> bool {
        self.numbers || !self.highlight.is_empty()
    }
}

/// Parses `hl_lines="1 3-5"` (spaces or commas) into line numbers; bad parts are ignored.
pub fn parse_line_ranges(spec: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    for part in spec.split([' ', ',']).filter(|p| !p.is_empty()) {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        if let (Ok(a), Ok(b)) = (a.trim().parse::<usize>(), b.trim().parse::<usize>()) {
            // Cap a range so that a typo like 1-99999999 cannot allocate without bound.
            lines.extend((a..=b.min(a.saturating_add(10_000))).filter(|n| *n > 0));
        }
    }
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// Highlights `text` as `lang` into the inner HTML of a `<code>` element. Never fails: a
/// syntax error of the highlighter degrades to plain text for the rest of the block.
pub fn highlight(lang: Language, text: &str, opts: &LineOptions) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut emitter = Emitter::new(opts);
    match lang {
        Language::Plain | Language::Unknown => {
            for line in lines(text) {
                emitter.line(&mut out, |o| escape::text(o, line));
            }
        }
        Language::Syntax(set, syntax) => {
            let mut hl = LineHighlighter::new(set, syntax, opts.wraps());
            for line in lines(text) {
                emitter.line(&mut out, |o| hl.line(o, line));
            }
            hl.finish(&mut out);
        }
        Language::Console => console(&mut out, &mut emitter, text),
    }
    out
}

/// Splits into lines, each keeping its `\n`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
}

/// Writes lines, wrapping each in `<span class="line">` when numbers or highlights are asked for.
struct Emitter<'a> {
    opts: &'a LineOptions,
    number: usize,
}

impl<'a> Emitter<'a> {
    fn new(opts: &'a LineOptions) -> Self {
        Emitter { opts, number: 0 }
    }

    fn line(&mut self, out: &mut String, body: impl FnOnce(&mut String)) {
        self.number += 1;
        if !self.opts.wraps() {
            body(out);
            return;
        }
        let marked = self.opts.highlight.binary_search(&self.number).is_ok();
        out.push_str(if marked {
            "<span class=\"line hll\">"
        } else {
            "<span class=\"line\">"
        });
        let start = out.len();
        body(out);
        // Keep the newline outside the line's box.
        let newline = out.len() > start && out.ends_with('\n');
        if newline {
            out.pop();
        }
        out.push_str("</span>");
        if newline {
            out.push('\n');
        }
    }
}

/// Highlights a syntax line by line into flat, non-nested spans: each run of text gets the
/// classes of its style in the two themes (see [`Painter`]), and adjacent runs of the same
/// style share one span. Lines are self-contained (the span closed at each line's end) only when
/// they are wrapped, numbered or cut apart (console); elsewhere a span may run across lines.
struct LineHighlighter {
    set: &'static SyntaxSet,
    state: ParseState,
    stack: ScopeStack,
    failed: bool,
    self_contained: bool,
    /// The style of the span open in the output, if any.
    open: Option<Paint>,
}

impl LineHighlighter {
    fn new(set: &'static SyntaxSet, syntax: &SyntaxReference, self_contained: bool) -> Self {
        LineHighlighter {
            set,
            state: ParseState::new(syntax),
            stack: ScopeStack::new(),
            failed: false,
            self_contained,
            open: None,
        }
    }

    fn line(&mut self, out: &mut String, line: &str) {
        if self.failed {
            escape::text(out, line);
            return;
        }
        let ops = match self.state.parse_line(line, self.set) {
            Ok(ops) => ops,
            Err(_) => {
                self.failed = true;
                self.finish(out);
                escape::text(out, line);
                return;
            }
        };
        // In self-contained mode the newline goes after the closing tag so that line boxes
        // stay on their line.
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) if self.self_contained => (b, true),
            _ => (line, false),
        };
        PAINTER.with(|painter| {
            let mut painter = painter.borrow_mut();
            let mut at = 0;
            for (i, op) in &ops {
                let i = (*i).min(body.len());
                if i > at {
                    if let Some(t) = body.get(at..i) {
                        self.run(out, &mut painter, t);
                    }
                    at = i;
                }
                if self.stack.apply(op).is_err() {
                    self.failed = true;
                    break;
                }
            }
            if let Some(t) = body.get(at..).filter(|t| !t.is_empty()) {
                self.run(out, &mut painter, t);
            }
        });
        if self.self_contained || self.failed {
            self.finish(out);
        }
        if newline {
            out.push('\n');
        }
    }

    /// Writes a run of text in the style of the current scope stack.
    fn run(&mut self, out: &mut String, painter: &mut Painter, text: &str) {
        let paint = painter.paint(self.stack.as_slice());
        // Blank text looks the same in any span without a background or underline.
        let blank_fits = self.open.is_some_and(|p| !p.marks_blanks())
            && text.bytes().all(|b| b.is_ascii_whitespace());
        if self.open != paint && !blank_fits {
            self.finish(out);
            if let Some(p) = paint {
                p.open(out);
            }
            self.open = paint;
        }
        escape::text(out, text);
    }

    /// Closes the open span.
    fn finish(&mut self, out: &mut String) {
        if self.open.take().is_some() {
            out.push_str("</span>");
        }
    }
}

/// A run's style in the two themes: indices into [`palettes`]. `None` where both are the
/// themes' default (no span).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Paint {
    light: u16,
    dark: u16,
}

impl Paint {
    /// `<span class="hl-l3 hl-d7">`; a class is left out where its theme's style is the default.
    fn open(self, out: &mut String) {
        out.push_str("<span class=\"");
        if self.light != 0 {
            let _ = write!(out, "{CLASS_PREFIX}l{}", self.light);
        }
        if self.dark != 0 {
            if self.light != 0 {
                out.push(' ');
            }
            let _ = write!(out, "{CLASS_PREFIX}d{}", self.dark);
        }
        out.push_str("\">");
    }

    /// Whether the style shows on blank text (a background or an underline).
    fn marks_blanks(self) -> bool {
        let [light, dark] = palettes();
        light.marks_blanks(self.light) || dark.marks_blanks(self.dark)
    }
}

thread_local! {
    /// Per thread, so that lookups take no lock.
    static PAINTER: RefCell<Painter> = RefCell::new(Painter::default());
}

/// Resolves scope stacks to [`Paint`]s with syntect's own theme matching (the style bat would
/// show), cached per distinct stack.
#[derive(Default)]
struct Painter {
    cache: HashMap<Vec<Scope>, Option<Paint>>,
}

impl Painter {
    fn paint(&mut self, stack: &[Scope]) -> Option<Paint> {
        if let Some(p) = self.cache.get(stack) {
            return *p;
        }
        let [light, dark] = palettes();
        let paint = Paint {
            light: light.index(stack),
            dark: dark.index(stack),
        };
        let paint = (paint.light != 0 || paint.dark != 0).then_some(paint);
        self.cache.insert(stack.to_vec(), paint);
        paint
    }
}

/// Every style a theme can give a run of text — each combination of the foregrounds,
/// backgrounds and font styles its rules set (syntect picks the three independently) — in a
/// fixed order, the theme's default first. The stylesheet has one class per entry, so it is
/// static however the code on a page is highlighted.
struct Palette {
    highlighter: Highlighter<'static>,
    styles: Vec<Style>,
    index: HashMap<(Color, Color, u8), u16>,
    default: Style,
}

impl Palette {
    fn new(theme: &'static Theme) -> Palette {
        let highlighter = Highlighter::new(theme);
        let default = highlighter.get_default();
        let key = |c: Color| (c.r, c.g, c.b, c.a);
        let mut fgs = vec![key(default.foreground)];
        let mut bgs = vec![key(default.background)];
        let mut fonts = vec![FontStyle::empty().bits()];
        for item in &theme.scopes {
            fgs.extend(item.style.foreground.map(key));
            bgs.extend(item.style.background.map(key));
            fonts.extend(item.style.font_style.map(|f| f.bits()));
        }
        for v in [&mut fgs[1..], &mut bgs[1..]] {
            v.sort_unstable();
        }
        fonts[1..].sort_unstable();
        let color = |(r, g, b, a)| Color { r, g, b, a };
        let mut styles = Vec::new();
        let mut index = HashMap::new();
        for &fg in &fgs {
            for &bg in &bgs {
                for &font in &fonts {
                    let k = (color(fg), color(bg), font);
                    if let std::collections::hash_map::Entry::Vacant(e) = index.entry(k) {
                        e.insert(u16::try_from(styles.len()).unwrap_or(u16::MAX));
                        styles.push(Style {
                            foreground: k.0,
                            background: k.1,
                            font_style: FontStyle::from_bits_truncate(font),
                        });
                    }
                }
            }
        }
        Palette {
            highlighter,
            styles,
            index,
            default,
        }
    }

    /// The palette index of the style of `stack` (0: the default).
    fn index(&self, stack: &[Scope]) -> u16 {
        let s = self.highlighter.style_for_stack(stack);
        self.index
            .get(&(s.foreground, s.background, s.font_style.bits()))
            .copied()
            .unwrap_or(0)
    }

    fn marks_blanks(&self, i: u16) -> bool {
        self.styles.get(usize::from(i)).is_some_and(|s| {
            s.background != self.default.background || s.font_style.contains(FontStyle::UNDERLINE)
        })
    }

    /// The rules of this palette's classes (`.hl-l3{color:#123456}`), under `scope`.
    fn css(&self, class: char, scope: &str, out: &mut String) {
        let hex = |c: Color| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
        let _ = writeln!(
            out,
            "{scope}.{CLASS_PREFIX}code{{color:{};background-color:{}}}",
            hex(self.default.foreground),
            hex(self.default.background)
        );
        for (i, s) in self.styles.iter().enumerate().skip(1) {
            let _ = write!(out, "{scope}.{CLASS_PREFIX}{class}{i}{{");
            let mut decls = Vec::new();
            if s.foreground != self.default.foreground {
                decls.push(format!("color:{}", hex(s.foreground)));
            }
            if s.background != self.default.background {
                decls.push(format!("background-color:{}", hex(s.background)));
            }
            if s.font_style.contains(FontStyle::BOLD) {
                decls.push("font-weight:bold".into());
            }
            if s.font_style.contains(FontStyle::ITALIC) {
                decls.push("font-style:italic".into());
            }
            if s.font_style.contains(FontStyle::UNDERLINE) {
                decls.push("text-decoration:underline".into());
            }
            out.push_str(&decls.join(";"));
            out.push_str("}\n");
        }
    }
}

/// The palettes of the light and the dark theme, built once.
fn palettes() -> &'static [Palette; 2] {
    static PALETTES: OnceLock<[Palette; 2]> = OnceLock::new();
    PALETTES.get_or_init(|| [Palette::new(light_theme()), Palette::new(dark_theme())])
}

/// The light code theme, contrast-adjusted.
fn light_theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        accessible(two_face::theme::extra().get(two_face::theme::EmbeddedThemeName::ColdarkCold))
    })
}

/// The dark code theme, contrast-adjusted.
fn dark_theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        accessible(two_face::theme::extra().get(two_face::theme::EmbeddedThemeName::ColdarkDark))
    })
}

/// A shell session: prompt lines are commands, the rest is output.
fn console(out: &mut String, emitter: &mut Emitter<'_>, text: &str) {
    let bash = find("bash");
    let pwsh = find("ps1").or(bash);
    let mut current: Option<LineHighlighter> = None;
    let mut continues = false;
    for line in lines(text) {
        let body = line.trim_end_matches(['\n', '\r']);
        emitter.line(out, |o| {
            if continues && let Some(hl) = current.as_mut() {
                hl.line(o, line);
            } else if let Some((prompt_len, powershell)) = prompt(body) {
                let (p, command) = line.split_at(prompt_len);
                o.push_str("<span class=\"prompt ");
                o.push_str(CLASS_PREFIX);
                o.push_str("prompt\">");
                escape::text(o, p);
                o.push_str("</span>");
                let syntax = if powershell { pwsh } else { bash };
                match syntax {
                    Some((set, s)) => {
                        let mut hl = LineHighlighter::new(set, s, true);
                        hl.line(o, command);
                        current = Some(hl);
                    }
                    None => escape::text(o, command),
                }
            } else {
                current = None;
                let (text, newline) = match line.strip_suffix('\n') {
                    Some(t) => (t, true),
                    None => (line, false),
                };
                o.push_str("<span class=\"output\">");
                escape::text(o, text);
                o.push_str("</span>");
                if newline {
                    o.push('\n');
                }
            }
        });
        continues = current.is_some() && body.ends_with('\\');
    }
}

/// The length of a shell prompt at the start of `line`, and whether it is PowerShell's.
pub(crate) fn prompt(line: &str) -> Option<(usize, bool)> {
    // PowerShell: `PS> ` or `PS C:\path> `.
    if let Some(rest) = line.strip_prefix("PS")
        && (rest.starts_with('>') || rest.starts_with(' '))
        && let Some(i) = rest.find("> ")
    {
        return Some((2 + i + 2, true));
    }
    for marker in ["$ ", "# ", "% "] {
        if line.starts_with(marker) {
            return Some((marker.len(), false));
        }
    }
    // `user@host:~$ `, `[root@host ~]# `, `host$ `: a prefix without spaces (or in brackets).
    let bytes = line.as_bytes();
    let mut i = 0;
    if bytes.first() == Some(&b'[') {
        i = line.find(']')? + 1;
    } else {
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && bytes[i] != b'$'
            && bytes[i] != b'#'
        {
            i += 1;
        }
        let prefix = &line[..i];
        if !(prefix.contains('@') || prefix.contains(':')) {
            return None;
        }
    }
    let rest = &line[i..];
    for marker in ["$ ", "# ", " $ ", " # "] {
        if rest.starts_with(marker) {
            return Some((i + marker.len(), false));
        }
    }
    None
}

/// The stylesheet for both themes: light by default and in print, dark under
/// `html[data-theme="dark"]` on screen (the Coldark themes of two-face, contrast-adjusted).
/// One class per style a theme can produce (see [`Palette`]): `hl-lN` for the light theme,
/// `hl-dN` for the dark one.
pub fn stylesheet() -> String {
    let [light, dark] = palettes();
    let mut css = String::from(
        "/* Generated by exambook from the Coldark themes (two-face/bat), colours adjusted to\n \
         * at least 4.6:1 contrast. Light applies by default and in print, dark on screen under\n \
         * html[data-theme=\"dark\"]. */\n",
    );
    light.css('l', ":root:not([data-theme=\"dark\"]) ", &mut css);
    css.push_str("@media print {\n");
    light.css('l', "", &mut css);
    css.push_str("}\n@media screen {\n");
    dark.css('d', ":root[data-theme=\"dark\"] ", &mut css);
    css.push_str("}\n");
    css
}

/// A copy of `theme` whose foreground colours all reach 4.6:1 against their background.
fn accessible(theme: &Theme) -> Theme {
    const TARGET: f64 = 4.6;
    let mut theme = theme.clone();
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    let bg = Color { a: 255, ..bg };
    theme.settings.background = Some(bg);
    if let Some(fg) = theme.settings.foreground {
        theme.settings.foreground = Some(contrasting(fg, bg, TARGET));
    }
    for item in &mut theme.scopes {
        let local_bg = item.style.background.map_or(bg, |b| blend(b, bg));
        if item.style.background.is_some() {
            item.style.background = Some(local_bg);
        }
        if let Some(fg) = item.style.foreground {
            item.style.foreground = Some(contrasting(fg, local_bg, TARGET));
        }
    }
    theme
}

/// `fg` (alpha-blended over `bg`) moved towards black or white until it reaches `target`.
fn contrasting(fg: Color, bg: Color, target: f64) -> Color {
    let mut c = blend(fg, bg);
    let towards = if luminance(bg) > 0.18 { 0.0 } else { 255.0 };
    for _ in 0..40 {
        if contrast(c, bg) >= target {
            break;
        }
        let step = |v: u8| -> u8 {
            let v = f64::from(v);
            (v + (towards - v) * 0.08).round().clamp(0.0, 255.0) as u8
        };
        c = Color {
            r: step(c.r),
            g: step(c.g),
            b: step(c.b),
            a: 255,
        };
    }
    c
}

/// `c` composited over the opaque `bg`.
fn blend(c: Color, bg: Color) -> Color {
    let a = f64::from(c.a) / 255.0;
    let mix = |x: u8, y: u8| {
        (f64::from(x) * a + f64::from(y) * (1.0 - a))
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Color {
        r: mix(c.r, bg.r),
        g: mix(c.g, bg.g),
        b: mix(c.b, bg.b),
        a: 255,
    }
}

/// WCAG relative luminance.
fn luminance(c: Color) -> f64 {
    let ch = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)
}

/// WCAG contrast ratio.
fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Writes the `<figure>` of a code block: optional caption, `<pre>`, `<code>`.
pub(crate) fn code_figure(
    out: &mut String,
    lang_class: Option<&str>,
    title: Option<&str>,
    numbers: bool,
    inner: &str,
) {
    out.push_str("<figure class=\"code-block\"");
    if let Some(lang) = lang_class {
        out.push_str(" data-lang=\"");
        escape::attr(out, lang);
        out.push('"');
    }
    out.push('>');
    if let Some(title) = title {
        out.push_str("<figcaption class=\"code-title\">");
        escape::text(out, title);
        out.push_str("</figcaption>");
    }
    // tabindex: a horizontally scrolling <pre> must be reachable by keyboard.
    out.push_str("<pre class=\"");
    out.push_str(CLASS_PREFIX);
    out.push_str("code");
    if numbers {
        out.push_str(" linenos");
    }
    out.push_str("\" tabindex=\"0\"><code");
    if let Some(lang) = lang_class {
        out.push_str(" class=\"language-");
        escape::attr(out, lang);
        out.push('"');
    }
    out.push('>');
    out.push_str(inner);
    out.push_str("</code></pre></figure>\n");
}

/// The name syntect gives a language, for messages and the benchmark.
pub fn syntax_name(lang: Language) -> String {
    match lang {
        Language::Plain => "plain text".into(),
        Language::Console => "console session".into(),
        Language::Syntax(_, s) => s.name.clone(),
        Language::Unknown => "unknown".into(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn every_guide_language_resolves() {
        for lang in [
            "sh",
            "bash",
            "shell",
            "yaml",
            "yml",
            "json",
            "toml",
            "ini",
            "xml",
            "dockerfile",
            "hcl",
            "hcl2",
            "terraform",
            "powershell",
            "python",
            "rust",
        ] {
            assert!(
                matches!(language(Some(lang)), Language::Syntax(..)),
                "{lang} does not resolve"
            );
        }
        assert!(matches!(language(Some("console")), Language::Console));
        assert!(matches!(language(Some("text")), Language::Plain));
        assert!(matches!(language(None), Language::Plain));
        assert!(matches!(language(Some("klingon")), Language::Unknown));
    }

    #[test]
    fn own_powershell_grammar_loads_and_highlights() {
        let def = SyntaxDefinition::load_from_str(
            include_str!("../syntaxes/PowerShell.sublime-syntax"),
            true,
            None,
        );
        assert!(def.is_ok(), "{:?}", def.err());
        let html = highlight(
            language(Some("powershell")),
            "Get-VM -Name $vm # list\n",
            &LineOptions::default(),
        );
        // Command, parameter, variable and comment: four styles.
        let classes: Vec<&str> = html
            .split("<span class=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(classes.len(), 4, "{html}");
        for (i, c) in classes.iter().enumerate() {
            assert!(c.starts_with("hl-l") && c.contains(" hl-d"), "{html}");
            assert!(!classes[..i].contains(c), "{html}");
        }
        assert!(html.contains("\"># list\n</span>"), "{html}");
    }

    #[test]
    fn spans_are_flat_and_merged() {
        let html = highlight(
            language(Some("rust")),
            "pub fn main() {}\n",
            &LineOptions::default(),
        );
        assert!(!html.contains("</span></span>"), "never nested: {html}");
        // `pub` and `fn` are both keywords: one span, the space between them inside it.
        let keyword = html.find(">pub ").map(|i| &html[i..]).unwrap_or("");
        assert!(
            keyword.starts_with(">pub </span>") || keyword.starts_with(">pub fn "),
            "{html}"
        );
    }

    #[test]
    fn stylesheet_styles_every_class_written() {
        let css = stylesheet();
        let html = highlight(
            language(Some("rust")),
            "/// doc\npub fn f(x: u8) -> &'static str { \"a\\n\" }\n",
            &LineOptions::default(),
        );
        for class in html
            .split("class=\"")
            .skip(1)
            .flat_map(|s| s[..s.find('"').unwrap()].split(' '))
        {
            assert!(css.contains(&format!(".{class}{{")), "{class} has no rule");
        }
    }

    #[test]
    fn spans_are_balanced() {
        let text = "cat <<EOF\nmulti \"line\nstring\"\nEOF\necho $HOME # hi\n";
        let html = highlight(language(Some("bash")), text, &LineOptions::default());
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count(),
            "{html}"
        );
        let html = highlight(
            language(Some("bash")),
            text,
            &LineOptions {
                numbers: true,
                highlight: Vec::new(),
            },
        );
        for line in html.lines() {
            assert_eq!(
                line.matches("<span").count(),
                line.matches("</span>").count(),
                "{line}"
            );
        }
        assert!(html.contains("\"># hi</span></span>"), "{html}");
    }

    #[test]
    fn console_marks_prompts_and_output() {
        let text = "$ virsh list --all \\\n    --name\nvm1\nroot@host:~# id -u\n0\n";
        let html = highlight(Language::Console, text, &LineOptions::default());
        assert_eq!(html.matches("class=\"prompt").count(), 2, "{html}");
        assert_eq!(html.matches("class=\"output\"").count(), 2, "{html}");
        assert!(
            !html.contains("<span class=\"output\">    --name"),
            "continuation is a command: {html}"
        );
    }

    #[test]
    fn prompts() {
        assert_eq!(prompt("$ ls"), Some((2, false)));
        assert_eq!(prompt("# ls"), Some((2, false)));
        assert_eq!(prompt("root@host:~# ls"), Some((13, false)));
        assert_eq!(prompt("[root@host ~]# ls"), Some((15, false)));
        assert_eq!(prompt("PS C:\\> Get-VM"), Some((8, true)));
        assert_eq!(prompt("total 4"), None);
        assert_eq!(prompt("drwxr-xr-x 2 root"), None);
    }

    #[test]
    fn line_ranges() {
        assert_eq!(parse_line_ranges("1 3-5,7"), vec![1, 3, 4, 5, 7]);
        assert_eq!(parse_line_ranges("x 0 2"), vec![2]);
    }

    #[test]
    fn numbered_and_marked_lines() {
        let opts = LineOptions {
            numbers: true,
            highlight: vec![2],
        };
        let html = highlight(language(Some("yaml")), "a: 1\nb: 2\n", &opts);
        assert_eq!(html.matches("<span class=\"line\">").count(), 1, "{html}");
        assert_eq!(
            html.matches("<span class=\"line hll\">").count(),
            1,
            "{html}"
        );
    }

    #[test]
    fn stylesheet_has_both_themes_with_contrast() {
        let css = stylesheet();
        assert!(
            css.contains(":root[data-theme=\"dark\"] .hl-"),
            "dark rules scoped"
        );
        assert!(
            css.contains(":root:not([data-theme=\"dark\"]) .hl-"),
            "light rules scoped"
        );
        for theme in [
            two_face::theme::EmbeddedThemeName::ColdarkCold,
            two_face::theme::EmbeddedThemeName::ColdarkDark,
        ] {
            let t = accessible(two_face::theme::extra().get(theme));
            let bg = t.settings.background.unwrap();
            for item in &t.scopes {
                if let Some(fg) = item.style.foreground {
                    let b = item.style.background.unwrap_or(bg);
                    assert!(contrast(fg, b) >= 4.5, "{theme:?}: {fg:?} on {b:?}");
                }
            }
        }
    }
}
