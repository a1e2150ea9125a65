//! Code blocks highlighted at build time, so that pages need no highlighter script.
//!
//! Only fenced blocks with a language tag that syntect knows are highlighted; anything else
//! (no tag, an unknown tag, a grammar error, a block too large to be worth it) stays plain,
//! escaped text. Tokens get a short class (`k`, `s`, `c` …) from a small table of TextMate
//! scopes, not a colour: the theme's CSS colours them, so one page reads well in the light and
//! the dark theme and the HTML stays small.
//!
//! Every block's `<pre>` can take the keyboard focus (`tabindex="0"`): a long line scrolls it
//! sideways, and a reader without a mouse must be able to scroll it too. The theme's script
//! takes the focus away again from blocks that fit.

use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::easy::ScopeRangeIterator;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Blocks longer than this stay plain: highlighting them costs more than it gives.
const MAX_BYTES: usize = 64 * 1024;

/// Scope prefixes and the class their tokens get, most specific first.
const CLASSES: &[(&str, &str)] = &[
    ("comment", "c"),
    ("punctuation.definition.comment", "c"),
    ("constant.character.escape", "e"),
    ("string", "s"),
    ("punctuation.definition.string", "s"),
    ("constant.numeric", "m"),
    ("constant.language", "l"),
    ("variable.language", "l"),
    ("support.constant", "l"),
    ("constant.other", "l"),
    ("meta.decorator", "d"),
    ("entity.name.decorator", "d"),
    ("punctuation.definition.annotation", "d"),
    ("storage.type.annotation", "d"),
    ("keyword.operator.word", "k"),
    ("keyword.operator", "o"),
    ("keyword", "k"),
    ("storage", "k"),
    ("entity.name.function", "f"),
    ("variable.function", "f"),
    ("support.function", "f"),
    ("entity.name.tag", "g"),
    ("entity.other.attribute-name", "a"),
    ("entity.name", "t"),
    ("support.type", "t"),
    ("support.class", "t"),
    ("entity.other.inherited-class", "t"),
    ("variable.parameter", "v"),
    ("markup.heading", "h"),
    ("markup.bold", "b"),
    ("markup.italic", "i"),
    ("markup.inserted", "ins"),
    ("markup.deleted", "del"),
];

struct Highlighter {
    syntaxes: SyntaxSet,
    classes: Vec<(Scope, &'static str)>,
}

fn highlighter() -> &'static Highlighter {
    static CELL: OnceLock<Highlighter> = OnceLock::new();
    CELL.get_or_init(|| Highlighter {
        syntaxes: SyntaxSet::load_defaults_newlines(),
        classes: CLASSES
            .iter()
            .filter_map(|(scope, class)| Scope::new(scope).ok().map(|s| (s, *class)))
            .collect(),
    })
}

/// The language named by a fence's info string (`python`, `rust,ignore`, `js title="x"`).
fn language(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next().unwrap_or_default()
}

/// `code` as highlighted HTML (a whole `<pre>` element), or `None` to leave it plain.
pub fn highlight(code: &str, info: &str) -> Option<String> {
    let lang = language(info);
    if lang.is_empty() || code.len() > MAX_BYTES {
        return None;
    }
    let h = highlighter();
    let syntax = h.syntaxes.find_syntax_by_token(lang)?;
    if syntax.name == "Plain Text" {
        return None;
    }
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 2 + 96);
    let tag: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.' | '#'))
        .collect();
    html.push_str("<pre class=\"hl\" tabindex=\"0\"><code class=\"language-");
    html.push_str(&tag);
    html.push_str("\">");
    let mut open: Option<&str> = None;
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, &h.syntaxes).ok()?;
        for (range, op) in ScopeRangeIterator::new(&ops, line) {
            stack.apply(op).ok()?;
            let text = &line[range];
            if text.is_empty() {
                continue;
            }
            let class = if text.trim().is_empty() { open } else { class_of(h, &stack) };
            if class != open {
                if open.is_some() {
                    html.push_str("</span>");
                }
                if let Some(class) = class {
                    html.push_str("<span class=\"");
                    html.push_str(class);
                    html.push_str("\">");
                }
                open = class;
            }
            escape_into(&mut html, text);
        }
    }
    if open.is_some() {
        html.push_str("</span>");
    }
    html.push_str("</code></pre>\n");
    Some(html)
}

/// `code` as a plain block, escaped, with the language (if any) as a class as CommonMark asks.
fn plain(code: &str, info: Option<&str>) -> String {
    let mut html = String::with_capacity(code.len() + 64);
    html.push_str("<pre tabindex=\"0\"><code");
    if let Some(lang) = info.map(language).filter(|l| !l.is_empty()) {
        html.push_str(" class=\"language-");
        escape_into(&mut html, lang);
        html.push('"');
    }
    html.push('>');
    escape_into(&mut html, code);
    html.push_str("</code></pre>\n");
    html
}

/// The class of the innermost scope on the stack that the table knows.
fn class_of(h: &Highlighter, stack: &ScopeStack) -> Option<&'static str> {
    stack.as_slice().iter().rev().find_map(|&scope| {
        h.classes.iter().find(|(prefix, _)| prefix.is_prefix_of(scope)).map(|(_, class)| *class)
    })
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// Replaces each code block in `events` by its HTML: highlighted when its language is known.
pub fn code_blocks<'a, I>(events: I) -> CodeBlocks<I>
where
    I: Iterator<Item = Event<'a>>,
{
    CodeBlocks { inner: events }
}

/// The iterator of [`code_blocks`].
pub struct CodeBlocks<I> {
    inner: I,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for CodeBlocks<I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.inner.next()?;
        let info = match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => Some(info.clone()),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => None,
            _ => return Some(event),
        };
        let mut code = String::new();
        for inner in self.inner.by_ref() {
            match inner {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let html = info
            .as_deref()
            .and_then(|info| highlight(&code, info))
            .unwrap_or_else(|| plain(&code, info.as_deref()));
        Some(Event::Html(CowStr::from(html)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::to_html;
    use pulldown_cmark::Parser;

    fn render(markdown: &str) -> String {
        to_html(code_blocks(Parser::new(markdown)), 0)
    }

    #[test]
    fn known_languages_get_classes() {
        let html = render("```python\ndef f(x):\n    return \"<b>\" # done\n```\n");
        assert!(
            html.starts_with("<pre class=\"hl\" tabindex=\"0\"><code class=\"language-python\">"),
            "{html}"
        );
        assert!(html.contains("<span class=\"k\">def </span>"), "{html}");
        assert!(html.contains("<span class=\"f\">f</span>"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "text is escaped: {html}");
        assert!(html.contains("<span class=\"c\"># done"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn unknown_untagged_and_plain_blocks_stay_plain_text() {
        for (block, class) in [
            ("```nosuchlang\n<x>\n```\n", " class=\"language-nosuchlang\""),
            ("```\n<x>\n```\n", ""),
            ("```text\n<x>\n```\n", " class=\"language-text\""),
            ("    <x>\n", ""),
        ] {
            assert_eq!(render(block), format!("<pre tabindex=\"0\"><code{class}>&lt;x&gt;\n</code></pre>\n"));
        }
    }

    #[test]
    fn the_first_word_of_the_info_string_names_the_language() {
        assert_eq!(language("rust,ignore"), "rust");
        assert_eq!(language("js title=\"a\""), "js");
        assert!(render("```rust,ignore\nfn main() {}\n```\n").contains("language-rust"));
    }

    #[test]
    fn events_around_blocks_are_kept() {
        let html = render("a\n\n```sh\necho hi\n```\n\n```zzz\nq\n```\n\nb\n");
        assert!(html.starts_with("<p>a</p>\n<pre class=\"hl\" tabindex=\"0\">"), "{html}");
        assert!(html.contains("<pre tabindex=\"0\"><code class=\"language-zzz\">q\n</code></pre>"), "{html}");
        assert!(html.ends_with("<p>b</p>\n"), "{html}");
    }
}
