// What HonKit needs to show a tree written by `exambook build --format gitbook`:
// - the two GitBook blocks the export writes, `{% hint style="…" %}` and `{% code title="…" %}`
//   (nunjucks, HonKit's template engine, fails the build on any other tag, so a tag the export
//   writes without defining it here is caught);
// - `{{` and `{%` in the text kept as text: GitBook has no template engine, so the export
//   writes them as they are (`{{ .Values }}` in a Helm example). HonKit escapes code blocks
//   itself but not those inside HTML such as `<details>`; every `{` opening one is replaced by a
//   private-use character before templating and put back in the HTML, except on the lines of
//   the tags above.
"use strict";

const STYLES = ["info", "success", "warning", "danger"];
const TAG_LINE = /^\s*\{% (?:hint|endhint|code|endcode)\b[^\n]*%\}\s*$/;
const HELD = "\uE000";

// HonKit's highlighter, for the languages highlight.js knows (it logs an error for others, such
// as `mermaid` and `console`, which are shown as plain text).
let highlight = null;
let known = () => false;
try {
  highlight = require("@honkit/honkit-plugin-highlight").blocks.code;
  const hljs = require("highlight.js");
  known = (language) => typeof language === "string" && Boolean(hljs.getLanguage(language));
} catch {
  // Without HonKit's highlighter code is shown as plain text.
}

module.exports = {
  hooks: {
    "page:before"(page) {
      page.content = page.content
        .split("\n")
        .map((line) => (TAG_LINE.test(line) ? line : line.replace(/\{(?=[{%])/g, HELD)))
        .join("\n");
      return page;
    },
    page(page) {
      page.content = page.content.split(HELD).join("{");
      return page;
    },
  },
  blocks: {
    hint: {
      process(block) {
        const style = block.kwargs.style;
        if (!STYLES.includes(style)) {
          throw new Error(`{% hint %} with style ${JSON.stringify(style)}: GitBook knows ${STYLES.join(", ")}`);
        }
        // As a block quote, so that the body stays markdown (HonKit's parser reads no markdown
        // inside an HTML element); the style leads it as a bold word.
        const label = style[0].toUpperCase() + style.slice(1);
        const body = `**${label}**\n\n${block.body.trim()}`;
        // `parse`: HonKit reads the result as markdown (else it is put into the HTML as it is).
        // The comment after it keeps two hints in a row apart (HonKit would join the quotes).
        const quote = body.split("\n").map((l) => (l ? `> ${l}` : ">")).join("\n");
        return { body: `\n${quote}\n\n<!-- end of hint -->\n`, parse: true };
      },
    },
    // HonKit also calls its `code` block for every code block it highlights (kwargs
    // `{ language }`): that call goes on to HonKit's highlighter.
    code: {
      process(block) {
        const { title, lineNumbers, language, ...rest } = block.kwargs;
        delete rest.__keywords;
        if (title === undefined && lineNumbers === undefined && Object.keys(rest).length === 0) {
          return highlight && known(language) ? highlight.call(this, block) : { body: block.body, html: false };
        }
        if (language !== undefined || Object.keys(rest).length > 0) {
          throw new Error(`{% code %} with ${JSON.stringify(block.kwargs)}: the export writes title and lineNumbers only`);
        }
        const shown = String(title ?? "").replace(/[\\`*_[\]<>&]/g, (c) => `\\${c}`);
        const body = title === undefined ? block.body : `\n**${shown}**\n\n${block.body.trim()}\n`;
        return { body, parse: true };
      },
    },
  },
};
