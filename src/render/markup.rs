//! HTML (and XML, SVG) and CSS for the tokenizer of [`super::lexer`]: a web roadmap quotes
//! mostly these, and their shape (tags and attributes, selectors and properties) is not the
//! keywords-and-calls shape of the other languages. Same classes: `t` a tag or selector, `a` an
//! attribute or property, `s` a value, `c` a comment, `m` a number or colour, `k` an at-rule or
//! a doctype, `e` a character reference, `f` a CSS function.

use crate::escape::escape_into;

use super::lexer::{span, tokens_html};

/// The names a fence may give each language.
pub const HTML_NAMES: [&str; 6] = ["html", "htm", "xml", "svg", "xhtml", "vue"];
pub const CSS_NAMES: [&str; 3] = ["css", "scss", "less"];

/// HTML as highlighted spans; a `<style>` or `<script>` element's text as CSS or JavaScript.
pub fn html(code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    let mut rest = code;
    while !rest.is_empty() {
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            span(&mut out, "c", &rest[..end]);
            rest = &rest[end..];
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            span(&mut out, "k", &rest[..end]);
            rest = &rest[end..];
        } else if let Some(tag) = tag_start(rest) {
            let name = tag.name.to_ascii_lowercase();
            rest = element(&mut out, rest, &tag);
            if tag.opening && (name == "style" || name == "script") {
                let close = format!("</{name}");
                let end = find_ignoring_case(rest, &close).unwrap_or(rest.len());
                let inner = &rest[..end];
                let lang = if name == "style" { "css" } else { "js" };
                match tokens_html(inner, lang) {
                    Some(tokens) => out.push_str(&tokens),
                    None => escape_into(&mut out, inner),
                }
                rest = &rest[end..];
            }
        } else if rest.starts_with('&') {
            let end = rest[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
                .filter(|&e| rest[1 + e..].starts_with(';') && e > 0)
                .map_or(1, |e| e + 2);
            if end > 1 {
                span(&mut out, "e", &rest[..end])
            } else {
                escape_into(&mut out, "&")
            }
            rest = &rest[end..];
        } else {
            let end = rest.find(['<', '&']).filter(|&e| e > 0).unwrap_or_else(|| next_char(rest));
            escape_into(&mut out, &rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

struct TagStart<'a> {
    /// `<` or `</`.
    open: &'a str,
    name: &'a str,
    opening: bool,
}

fn tag_start(rest: &str) -> Option<TagStart<'_>> {
    let open = if rest.starts_with("</") { "</" } else { "<" };
    let after = rest.strip_prefix(open)?;
    let len = after
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | ':' | '_' | '.')))
        .unwrap_or(after.len());
    (len > 0 && after.starts_with(|c: char| c.is_alphabetic())).then(|| TagStart {
        open,
        name: &after[..len],
        opening: open == "<",
    })
}

/// Writes the tag at the start of `rest` (its name, attributes and values) and returns what
/// follows it.
fn element<'a>(out: &mut String, rest: &'a str, tag: &TagStart) -> &'a str {
    escape_into(out, tag.open);
    span(out, "t", tag.name);
    let mut rest = &rest[tag.open.len() + tag.name.len()..];
    while let Some(c) = rest.chars().next() {
        if c == '>' || rest.starts_with("/>") {
            let end = if c == '>' { 1 } else { 2 };
            escape_into(out, &rest[..end]);
            return &rest[end..];
        }
        if c == '<' {
            // An unclosed tag: the next one starts here.
            return rest;
        }
        if c == '"' || c == '\'' {
            let end = rest[1..].find(c).map_or(rest.len(), |e| e + 2);
            span(out, "s", &rest[..end]);
            rest = &rest[end..];
        } else if c.is_whitespace() || c == '=' {
            escape_into(out, &rest[..c.len_utf8()]);
            rest = &rest[c.len_utf8()..];
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '<' | '"' | '\''))
                .unwrap_or(rest.len());
            let end = if end == 0 { c.len_utf8() } else { end };
            let after_equals = out.ends_with('=');
            span(out, if after_equals { "s" } else { "a" }, &rest[..end]);
            rest = &rest[end..];
        }
    }
    rest
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| haystack.get(i..i + needle.len()).is_some_and(|s| s.eq_ignore_ascii_case(needle)))
}

fn next_char(rest: &str) -> usize {
    rest.chars().next().map_or(0, char::len_utf8)
}

/// CSS as highlighted spans: selectors, properties, values, numbers with their units, colours,
/// functions, at-rules and comments. One pass, with the little state CSS needs: how deep in
/// blocks, and whether in a declaration's value.
pub fn css(code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    let mut rest = code;
    let mut depth = 0usize;
    let mut in_value = false;
    let mut after_property = false;
    while let Some(c) = rest.chars().next() {
        let word_end = |from: usize| {
            rest[from..]
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '-' || ch == '_'))
                .map_or(rest.len(), |e| from + e)
        };
        let (class, end) = if let Some(comment) = rest.strip_prefix("/*") {
            ("c", comment.find("*/").map_or(rest.len(), |e| e + 4))
        } else if c == '"' || c == '\'' {
            ("s", rest[1..].find([c, '\n']).map_or(rest.len(), |e| e + 2))
        } else if c == '@' || (c == '!' && rest[1..].starts_with(char::is_alphabetic)) {
            ("k", word_end(1))
        } else if c == '#' && in_value {
            ("m", word_end(1))
        } else if c.is_ascii_digit()
            || (c == '.' && in_value && rest[1..].starts_with(|ch: char| ch.is_ascii_digit()))
        {
            (
                "m",
                rest.find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '.' || ch == '%'))
                    .unwrap_or(rest.len()),
            )
        } else if c.is_alphabetic() || c == '-' || c == '_' || ((c == '.' || c == '#') && !in_value) {
            let start = usize::from(c == '.' || c == '#');
            let end = word_end(start).max(start + 1).min(rest.len());
            let class = if in_value {
                if rest[end..].starts_with('(') { "f" } else { "" }
            } else if depth > 0 && property_follows(&rest[end..]) {
                "a"
            } else {
                "t"
            };
            (class, end)
        } else {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                ':' if after_property => in_value = true,
                _ => {}
            }
            if matches!(c, '{' | '}' | ';') {
                in_value = false;
            }
            ("", c.len_utf8())
        };
        let end = end.clamp(c.len_utf8(), rest.len());
        if !c.is_whitespace() {
            after_property = class == "a";
        }
        if class.is_empty() {
            escape_into(&mut out, &rest[..end]);
        } else {
            span(&mut out, class, &rest[..end]);
        }
        rest = &rest[end..];
    }
    out
}

/// A name followed by `:` and a value that ends before any `{` is a property, not a selector
/// with a pseudo-class (`a:hover {`).
fn property_follows(after: &str) -> bool {
    let after = after.trim_start();
    after.starts_with(':') && after.find([';', '}', '{']).is_none_or(|e| !after[e..].starts_with('{'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_golden() {
        let code = "<!DOCTYPE html>\n<!-- nav -->\n<a href=\"/x\" hidden>Fish &amp; chips</a>\n<img src=x.png alt='A cat'/>";
        assert_eq!(
            html(code),
            "<span class=\"k\">&lt;!DOCTYPE html&gt;</span>\n<span class=\"c\">&lt;!-- nav --&gt;</span>\n\
             &lt;<span class=\"t\">a</span> <span class=\"a\">href</span>=<span class=\"s\">&quot;/x&quot;</span> \
             <span class=\"a\">hidden</span>&gt;Fish <span class=\"e\">&amp;amp;</span> chips&lt;/<span class=\"t\">a</span>&gt;\n\
             &lt;<span class=\"t\">img</span> <span class=\"a\">src</span>=<span class=\"s\">x.png</span> \
             <span class=\"a\">alt</span>=<span class=\"s\">&#39;A cat&#39;</span>/&gt;"
        );
    }

    #[test]
    fn style_and_script_inside_html_are_their_own_languages() {
        let out = html("<style>p { color: red; }</style><script>let x = 1;</script>");
        assert!(out.contains("<span class=\"t\">p</span> { <span class=\"a\">color</span>: red; }"), "{out}");
        assert!(out.contains("<span class=\"k\">let</span>"), "{out}");
        assert!(out.ends_with("&lt;/<span class=\"t\">script</span>&gt;"), "{out}");
    }

    #[test]
    fn css_golden() {
        let code = "/* focus */\n@media (min-width: 40em) {\n  a:focus-visible, .btn { outline: 2px solid #c2410c !important; width: calc(100% - 1rem); }\n}";
        assert_eq!(
            css(code),
            "<span class=\"c\">/* focus */</span>\n<span class=\"k\">@media</span> (<span class=\"t\">min-width</span>: \
             <span class=\"m\">40em</span>) {\n  <span class=\"t\">a</span>:<span class=\"t\">focus-visible</span>, \
             <span class=\"t\">.btn</span> { <span class=\"a\">outline</span>: <span class=\"m\">2px</span> solid \
             <span class=\"m\">#c2410c</span> <span class=\"k\">!important</span>; <span class=\"a\">width</span>: \
             <span class=\"f\">calc</span>(<span class=\"m\">100%</span> - <span class=\"m\">1rem</span>); }\n}"
        );
    }
}
