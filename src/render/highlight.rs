//! Code blocks highlighted at build time, so that pages need no highlighter script.
//!
//! Only fenced blocks with a language tag that [`lexer`](super::lexer) knows are highlighted;
//! anything else (no tag, an unknown tag, a block too large to be worth it) stays plain, escaped
//! text. Tokens get a short class (`k`, `s`, `c` …), not a colour: the theme's CSS colours them,
//! so one page reads well in the light and the dark theme and the HTML stays small.
//!
//! Every block's `<pre>` can take the keyboard focus (`tabindex="0"`): a long line scrolls it
//! sideways, and a reader without a mouse must be able to scroll it too. The theme's script
//! takes the focus away again from blocks that fit.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::lexer;
use crate::escape::escape_into;

/// Blocks longer than this stay plain: highlighting them costs more than it gives.
const MAX_BYTES: usize = 64 * 1024;

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
    let tokens = lexer::tokens_html(code, lang)?;
    let tag: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.' | '#'))
        .collect();
    let mut html = String::with_capacity(tokens.len() + 96);
    html.push_str("<pre class=\"hl\" tabindex=\"0\"><code class=\"language-");
    html.push_str(&tag);
    html.push_str("\">");
    html.push_str(&tokens);
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
        to_html(code_blocks(Parser::new(markdown)), &Default::default(), 0)
    }

    #[test]
    fn known_languages_get_classes() {
        let html = render("```python\ndef f(x):\n    return \"<b>\" # done\n```\n");
        assert!(
            html.starts_with("<pre class=\"hl\" tabindex=\"0\"><code class=\"language-python\">"),
            "{html}"
        );
        assert!(html.contains("<span class=\"k\">def</span> "), "{html}");
        assert!(html.contains("<span class=\"f\">f</span>"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "text is escaped: {html}");
        assert!(html.contains("<span class=\"c\"># done"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn strings_comments_numbers_and_literals_in_several_languages() {
        let cases = [
            (
                "sql",
                "SELECT name FROM t -- why\nWHERE x = 'a''b' AND n > 3;",
                [
                    "<span class=\"k\">SELECT</span>",
                    "<span class=\"c\">-- why</span>",
                    "<span class=\"m\">3</span>",
                ],
            ),
            (
                "bash",
                "echo \"$HOME\" # home\nexport X=1",
                [
                    "<span class=\"k\">echo</span>",
                    "<span class=\"s\">&quot;$HOME&quot;</span>",
                    "<span class=\"c\"># home</span>",
                ],
            ),
            (
                "cpp",
                "/* c */ int main() { return nullptr; }",
                [
                    "<span class=\"c\">/* c */</span>",
                    "<span class=\"f\">main</span>",
                    "<span class=\"l\">nullptr</span>",
                ],
            ),
            (
                "python",
                "@dataclass\nclass A:\n    s = \"\"\"x\n# not a comment\n\"\"\"",
                [
                    "<span class=\"d\">@dataclass</span>",
                    "<span class=\"k\">class</span>",
                    "<span class=\"s\">&quot;&quot;&quot;x\n# not a comment\n&quot;&quot;&quot;</span>",
                ],
            ),
        ];
        for (lang, code, needles) in cases {
            let html = highlight(code, lang).unwrap_or_default();
            for needle in needles {
                assert!(html.contains(needle), "{lang}: {needle} missing from {html}");
            }
        }
    }

    #[test]
    fn highlighting_never_changes_the_text() {
        let code = "x = [1, 2.5e3] # é <b> & \"q\" 'r' \\ `t`\n\tdef f(): pass\n";
        for lang in ["python", "bash", "sql", "c", "r", "yaml", "json", "html", "css"] {
            let html = highlight(code, lang).unwrap_or_default();
            let inner =
                html.split_once('>').and_then(|(_, r)| r.split_once('>')).map(|(_, r)| r).unwrap_or_default();
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.trim_end_matches("</code></pre>\n").chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            assert_eq!(text, code, "{lang}");
        }
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
