//! The interface texts a template asks for by a literal key (`{{ t(key="skill.done") }}`, some
//! forty on every page) are looked up in the page's context instead of calling `t()`: a
//! function call costs Tera about ten times as much as a lookup, on every page of the roadmap.
//!
//! Before a template is compiled, each such call is rewritten to `{{ _tm.kN }}`, padded with
//! spaces to the call's length so that every line and column of the template stays where its
//! author sees it (Tera's errors point into the file). `_tm` holds each text as `t()` would
//! give it, made once per language. Calls with arguments, keys that are not literal, keys the
//! strings do not have (`t()` reports them) and anything inside `{% raw %}` stay as written.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::strings::Strings;

/// The context variable holding the texts.
pub const VAR: &str = "_tm";

/// The texts of one language, by the index the rewritten templates use.
pub struct Texts<'a> {
    index: HashMap<&'a str, usize>,
}

impl<'a> Texts<'a> {
    pub fn new(strings: &'a Strings) -> Texts<'a> {
        Texts { index: strings.keys().enumerate().map(|(i, key)| (key, i)).collect() }
    }

    /// `_tm` for the page's context: `kN` is the text of the strings' N-th key, escaped as
    /// `t()` escapes it.
    pub fn value(strings: &Strings) -> tera::Value {
        let map: std::collections::BTreeMap<String, tera::Value> = strings
            .keys()
            .enumerate()
            .map(|(i, key)| (format!("k{i}"), tera::Value::safe_string(&strings.format_html(key, &[]))))
            .collect();
        tera::Value::from(map)
    }

    /// `template` with its literal `t(key="…")` calls rewritten (see the module's comment).
    pub fn inline<'t>(&self, template: &'t str) -> Cow<'t, str> {
        let mut out = String::new();
        let mut copied = 0;
        let mut at = 0;
        while let Some(found) = template[at..].find('{') {
            let start = at + found;
            let rest = &template[start..];
            if rest.starts_with("{%") && tag_name(rest) == Some("raw") {
                // Everything up to `{% endraw %}` is text.
                at = match find_tag(template, start + 2, "endraw") {
                    Some(end) => end,
                    None => template.len(),
                };
                continue;
            }
            if let Some(replacement) =
                self.call(rest).and_then(|(len, index)| replacement(&rest[..len], index))
            {
                out.push_str(&template[copied..start]);
                out.push_str(&replacement);
                copied = start + replacement.len();
                at = copied;
                continue;
            }
            at = start + 1;
        }
        if copied == 0 {
            return Cow::Borrowed(template);
        }
        out.push_str(&template[copied..]);
        Cow::Owned(out)
    }

    /// The length of a `{{ t(key="…") }}` expression at the start of `text`, and its key's index.
    fn call(&self, text: &str) -> Option<(usize, usize)> {
        let mut rest = text.strip_prefix("{{")?;
        rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
        rest = rest.strip_prefix("t(")?.trim_start();
        rest = rest.strip_prefix("key")?.trim_start();
        rest = rest.strip_prefix('=')?.trim_start();
        let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        rest = &rest[1..];
        let end = rest.find(quote)?;
        let key = &rest[..end];
        if key.contains(['\\', '{', '}', '\n']) {
            return None;
        }
        let index = *self.index.get(key)?;
        rest = rest[end + 1..].trim_start().strip_prefix(')')?.trim_start();
        rest = rest.strip_prefix('-').unwrap_or(rest);
        rest = rest.strip_prefix("}}")?;
        Some((text.len() - rest.len(), index))
    }
}

/// `{{ _tm.kN }}` with the call's whitespace control, padded to the call's length; `None` for a
/// call written across lines (a lookup on one line would renumber the lines after it) or one
/// shorter than its lookup.
fn replacement(call: &str, index: usize) -> Option<String> {
    if call.contains('\n') {
        return None;
    }
    let open = if call.starts_with("{{-") { "{{-" } else { "{{" };
    let close = if call.ends_with("-}}") { "-}}" } else { "}}" };
    let lookup = format!("{open} {VAR}.k{index}");
    let pad = call.len().checked_sub(lookup.len() + close.len())?;
    Some(format!("{lookup}{}{close}", " ".repeat(pad)))
}

/// The name of the block tag at the start of `text` (`{% raw %}` → `raw`).
fn tag_name(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("{%")?;
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Where the tag `{% name %}` after `from` ends.
fn find_tag(text: &str, from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(found) = text[at..].find("{%") {
        let start = at + found;
        if tag_name(&text[start..]) == Some(name) {
            return text[start..].find("%}").map(|end| start + end + 2);
        }
        at = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::strings::Layer;

    fn strings() -> Strings {
        let text = "[a]\nb = \"Tom & Jerry's\"\n[skill]\ndone = \"Done\"\n";
        let layer = Layer { language: "en".into(), file: SourceFile::new("i18n/en.toml", text), site: false };
        Strings::load(&[layer], "en").unwrap().0
    }

    #[test]
    fn literal_calls_become_lookups_of_the_same_length() {
        let strings = strings();
        let texts = Texts::new(&strings);
        let template = "<b>{{ t(key=\"skill.done\") }}</b>\n<i>{{- t(key='a.b') -}}</i>";
        let inlined = texts.inline(template);
        let padded = |lookup: &str, close: &str, len: usize| {
            format!("{lookup}{}{close}", " ".repeat(len - lookup.len() - close.len()))
        };
        let first = padded("{{ _tm.k1", "}}", "{{ t(key=\"skill.done\") }}".len());
        let second = padded("{{- _tm.k0", "-}}", "{{- t(key='a.b') -}}".len());
        assert_eq!(inlined, format!("<b>{first}</b>\n<i>{second}</i>"));
        assert_eq!(inlined.len(), template.len());
    }

    #[test]
    fn other_calls_stay() {
        let strings = strings();
        let texts = Texts::new(&strings);
        for template in [
            "{{ t(key=\"skill.done\", count=2) }}",
            "{{ t(key=\"level.\" ~ page.level) }}",
            "{{ t(key=\"no.such.key\") }}",
            "{% raw %}{{ t(key=\"skill.done\") }}{% endraw %}",
            "{{ t(key=\"skill.done\") | upper }}",
            "{{ t(\nkey=\"skill.done\") }}",
            "{{ t(key=\"skill.done\"",
        ] {
            assert_eq!(texts.inline(template), template);
        }
        assert_eq!(
            texts.inline("{% raw %}{{ t(key=\"a.b\") }}{% endraw %}{{t(key=\"a.b\")}}"),
            "{% raw %}{{ t(key=\"a.b\") }}{% endraw %}{{ _tm.k0     }}"
        );
    }

    #[test]
    fn the_lookup_gives_what_t_gives() {
        let strings = strings();
        let texts = Texts::new(&strings);
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.add_raw_template("x.html", &texts.inline("<p title=\"{{ t(key=\"a.b\") }}\">")).unwrap();
        let mut context = tera::Context::new();
        context.insert_value(VAR, Texts::value(&strings));
        assert_eq!(tera.render("x.html", &context).unwrap(), "<p title=\"Tom &amp; Jerry's\">");
        assert_eq!(strings.format_html("a.b", &[]), "Tom &amp; Jerry's");
    }
}
