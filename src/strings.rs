//! The interface's words in one language: the theme's `i18n/<lang>.toml`, over its English
//! (`i18n/en.toml`, the fallback for every key), under the site's own `i18n/<lang>.toml`.
//!
//! Templates call `t(key="not_found.lead")`, with named placeholders filled in as keyword
//! arguments (`t(key="x", name=value)` for `{name}`). Step 3 of
//! `docs/design/roadmaps-and-languages.md`: one table per language, so that a site in German
//! (and, later, a site in several languages) needs no copy of a template.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean};

/// The language every theme must have whole, and every other falls back to.
pub const FALLBACK: &str = "en";

/// One `i18n/<lang>.toml` file, from a theme or the site, in the order it applies.
#[derive(Debug, Clone)]
pub struct Layer {
    pub language: String,
    pub file: SourceFile,
    /// The site's own file (which may only change keys the theme has) rather than a theme's.
    pub site: bool,
}

/// The interface text of one language.
#[derive(Debug, Clone, Default, Hash)]
pub struct Strings {
    pub language: String,
    table: BTreeMap<String, String>,
}

impl Strings {
    /// The strings of `language` from the layers (theme files first, the site's last): English
    /// first, then the language's own, each key replacing the one before. Returns the strings
    /// and what is worth fixing: keys missing in the language (they show in English), keys
    /// the site sets that no theme knows.
    pub fn load(layers: &[Layer], language: &str) -> Result<(Strings, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut table = BTreeMap::new();
        let mut own = BTreeMap::new();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for layer in layers.iter().filter(|l| l.language == FALLBACK || l.language == language) {
            let entries = match flatten(&layer.file) {
                Ok(entries) => entries,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            for (key, value, at) in entries {
                if layer.site && !table.contains_key(&key) && !own.contains_key(&key) {
                    let known = table.keys().map(String::as_str);
                    let mut unknown = layer
                        .file
                        .error_at(at, at + key.len(), format!("no interface text is called `{key}`"))
                        .warning();
                    if let Some(near) = did_you_mean(&key, known) {
                        unknown = unknown.with_hint(format!("did you mean `{near}`?"));
                    }
                    warnings.push(unknown);
                    continue;
                }
                if layer.language == language {
                    own.insert(key.clone(), ());
                }
                table.insert(key, value);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let any_file = layers.iter().any(|l| l.language == language);
        if language != FALLBACK && !any_file {
            warnings.push(
                Diagnostic::file(
                    format!("i18n/{language}.toml"),
                    format!("the theme has no interface text in `{language}`: buttons, menus and notices show in English"),
                )
                .with_hint(format!(
                    "write i18n/{language}.toml in the site's folder, with the keys of the theme's i18n/en.toml"
                ))
                .warning(),
            );
        } else if language != FALLBACK {
            let missing: Vec<&String> = table.keys().filter(|k| !own.contains_key(*k)).collect();
            if !missing.is_empty() {
                let shown: Vec<&str> = missing.iter().take(5).map(|k| k.as_str()).collect();
                let more = missing.len().saturating_sub(shown.len());
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                warnings.push(
                    Diagnostic::file(
                        format!("i18n/{language}.toml"),
                        format!(
                            "{} interface text{} not translated into `{language}` (shown in English): {}{more}",
                            missing.len(),
                            if missing.len() == 1 { " is" } else { "s are" },
                            shown.join(", ")
                        ),
                    )
                    .warning(),
                );
            }
        }
        Ok((Strings { language: language.to_string(), table }, warnings))
    }

    /// The text of `key`, or the key itself (so that a mistake shows on the page, and
    /// [`Strings::check_key`] reports it at build time).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.table.get(key).map_or(key, String::as_str)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// `key`'s text with `{name}` placeholders replaced by `args` (unknown placeholders stay).
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.fill(key, args, |out, text| out.push_str(text))
    }

    /// [`Strings::format`] for HTML: the text is escaped, the arguments (HTML already) are not.
    pub fn format_html(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.fill(key, args, crate::escape::escape_into)
    }

    fn fill(&self, key: &str, args: &[(&str, &str)], mut text_into: impl FnMut(&mut String, &str)) -> String {
        let text = self.get(key);
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            text_into(&mut out, &rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').map(|close| (&after[..close], close)) {
                Some((name, close)) if let Some((_, value)) = args.iter().find(|(n, _)| *n == name) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                _ => {
                    text_into(&mut out, "{");
                    rest = after;
                }
            }
        }
        text_into(&mut out, rest);
        out
    }
}

/// The string values of a TOML file, keyed by their dotted path, with the byte offset of each
/// key (for messages); anything but a string or a table is an error at its place.
fn flatten(file: &SourceFile) -> Result<Vec<(String, String, usize)>, Diagnostic> {
    let doc: toml::Table =
        toml::from_str(&file.text).map_err(|error| crate::frontmatter::toml_error(file, 0, &error))?;
    let mut out = Vec::new();
    walk(file, &doc, "", &mut out)?;
    Ok(out)
}

fn walk(
    file: &SourceFile,
    table: &toml::Table,
    prefix: &str,
    out: &mut Vec<(String, String, usize)>,
) -> Result<(), Diagnostic> {
    for (name, value) in table {
        let key = format!("{prefix}{name}");
        let at = find_key(&file.text, name);
        match value {
            toml::Value::String(text) => out.push((key, text.clone(), at)),
            toml::Value::Table(inner) => walk(file, inner, &format!("{key}."), out)?,
            _ => {
                return Err(file
                    .error_at(
                        at,
                        at + name.len(),
                        format!("`{key}` must be text (a string in quotes) or a table of them"),
                    )
                    .with_hint("interface text is written as `key = \"text\"`"));
            }
        }
    }
    Ok(())
}

/// Where a key is written (the start of the line that sets it), or 0.
fn find_key(text: &str, name: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(name)
            && rest.trim_start().starts_with('=')
        {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(language: &str, text: &str, site: bool) -> Layer {
        Layer {
            language: language.into(),
            file: SourceFile::new(format!("i18n/{language}.toml"), text),
            site,
        }
    }

    #[test]
    fn a_language_falls_back_to_english_key_by_key_and_says_so() {
        let layers = [
            layer("en", "[a]\nx = \"Search\"\ny = \"Go to {place}\"\n", false),
            layer("de", "[a]\nx = \"Suche\"\n", false),
        ];
        let (de, warnings) = Strings::load(&layers, "de").unwrap();
        assert_eq!(de.get("a.x"), "Suche");
        assert_eq!(de.format("a.y", &[("place", "Berlin")]), "Go to Berlin");
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("1 interface text is not translated into `de`"),
            "{}",
            warnings[0].message
        );
        assert!(warnings[0].message.contains("a.y"));
    }

    #[test]
    fn a_site_overrides_a_key_and_a_mistyped_key_is_a_warning_with_a_hint() {
        let layers = [
            layer("en", "[a]\nsearch = \"Search\"\n", false),
            layer("en", "[a]\nsearch = \"Find\"\nserch = \"Oops\"\n", true),
        ];
        let (en, warnings) = Strings::load(&layers, "en").unwrap();
        assert_eq!(en.get("a.search"), "Find");
        assert!(!en.contains("a.serch"));
        assert_eq!(warnings.len(), 1);
        let shown = warnings[0].to_string();
        assert!(shown.contains("i18n/en.toml:3:1"), "{shown}");
        assert!(shown.contains("did you mean `a.search`?"), "{shown}");
    }

    #[test]
    fn text_that_is_not_a_string_is_an_error_at_its_place() {
        let layers = [layer("en", "[a]\nx = 3\n", false)];
        let errors = Strings::load(&layers, "en").unwrap_err();
        assert!(errors[0].to_string().contains("i18n/en.toml:2:1"), "{}", errors[0]);
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_stay() {
        let (en, _) = Strings::load(&[layer("en", "x = \"{a} and {b} {\"\n", false)], "en").unwrap();
        assert_eq!(en.format("x", &[("a", "1")]), "1 and {b} {");
    }

    #[test]
    fn html_text_is_escaped_and_its_arguments_are_not() {
        let (en, _) = Strings::load(&[layer("en", "x = \"Press {k} & <go>\"\n", false)], "en").unwrap();
        assert_eq!(en.format_html("x", &[("k", "<kbd>/</kbd>")]), "Press <kbd>/</kbd> &amp; &lt;go&gt;");
    }

    #[test]
    fn the_default_theme_has_every_key_in_english() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/en.toml"))
                .unwrap();
        let (en, warnings) = Strings::load(&[layer("en", &text, false)], "en").unwrap();
        assert!(warnings.is_empty());
        assert!(en.contains("not_found.lead"));
    }
}
