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
        // English, then the language's base (`de` for `de-CH`), then the language itself; within
        // each, the theme's file before the site's.
        let base = language.split(['-', '_']).next().unwrap_or(language);
        let rank = |l: &Layer| match l.language.as_str() {
            FALLBACK => 0,
            l if l == base => 1,
            l if l == language => 2,
            _ => 3,
        };
        let mut applying: Vec<&Layer> = layers.iter().filter(|l| rank(l) < 3).collect();
        applying.sort_by_key(|l| rank(l));
        for layer in applying {
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
                if layer.language != FALLBACK {
                    own.insert(key.clone(), ());
                }
                table.insert(key, value);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let any_file = layers.iter().any(|l| l.language != FALLBACK && rank(l) < 3);
        if base != FALLBACK && !any_file {
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
        } else if base != FALLBACK {
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

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.table.keys().map(String::as_str)
    }

    /// The key of `key`'s plural form for `count`: `key_one` or `key_other` (see [`plural`]).
    pub fn plural_key(&self, key: &str, count: u64) -> String {
        format!("{key}_{}", plural(&self.language, count))
    }

    /// The text of `key`'s plural form for `count`, `{count}` filled in.
    pub fn count(&self, key: &str, count: u64) -> String {
        self.format(&self.plural_key(key, count), &[("count", &count.to_string())])
    }

    /// The keys and texts whose key starts with `prefix` (for the scripts' blob).
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.table
            .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
            .take_while(move |(key, _)| key.starts_with(prefix))
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }

    /// The strings the scripts read, as the script every page of an edition loads first
    /// ([`crate::routes::SCRIPT_STRINGS`]): one file the browser keeps, rather than the same
    /// four kilobytes in every page.
    pub fn script_file(&self) -> String {
        format!("window.trailmapStrings={};\n", self.script_json())
    }

    /// The keys of the strings scripts read (`script.…`) as one JSON object, safe inside a
    /// `<script type="application/json">` element (`<`, `>` and `&` escaped as `\u003c` …).
    pub fn script_json(&self) -> String {
        let prefix = "script.";
        let object: serde_json::Map<String, serde_json::Value> = self
            .with_prefix(prefix)
            .map(|(key, value)| (key[prefix.len()..].to_string(), serde_json::Value::from(value)))
            .collect();
        let mut object = serde_json::Value::Object(object);
        if let serde_json::Value::Object(map) = &mut object {
            map.insert("_lang".into(), serde_json::Value::from(self.language.as_str()));
        }
        crate::escape::script_safe_json(&object.to_string())
    }

    /// `key`'s text with `{name}` placeholders replaced by `args` (unknown placeholders stay).
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.fill(key, args, |out, text| out.push_str(text))
    }

    /// [`Strings::format`] for HTML: the text is escaped, the arguments (HTML already) are not.
    /// Apostrophes stay as written (the theme's attributes are in double quotes), so that text
    /// reads in the HTML as it does in the file.
    pub fn format_html(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.fill(key, args, |out, text| {
            for (i, part) in text.split('\'').enumerate() {
                if i > 0 {
                    out.push('\'');
                }
                crate::escape::escape_into(out, part);
            }
        })
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

/// The plural category of `count` in `language`, among the two the shipped languages need:
/// `one` (French and Portuguese: 0 and 1; English, German, Spanish …: 1) or `other` (Chinese
/// and Japanese have no plural forms). The same rule is in the scripts (`trailmap.js`).
pub fn plural(language: &str, count: u64) -> &'static str {
    let base = language.split(['-', '_']).next().unwrap_or(language);
    match base {
        "zh" | "ja" | "ko" => "other",
        "fr" | "pt" if count <= 1 => "one",
        _ if count == 1 => "one",
        _ => "other",
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
        let (en, _) =
            Strings::load(&[layer("en", "x = \"the roadmap's \\\"order\\\"\"\n", false)], "en").unwrap();
        assert_eq!(en.format_html("x", &[]), "the roadmap's &quot;order&quot;");
    }

    /// The `{name}` placeholders of a text, in order of first use.
    fn placeholders(text: &str) -> std::collections::BTreeSet<&str> {
        text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect()
    }

    #[test]
    fn every_shipped_language_has_exactly_the_english_keys_with_the_same_placeholders() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n");
        let read = |language: &str| {
            let path = format!("{dir}/{language}.toml");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let file = SourceFile::new(path, text);
            flatten(&file).unwrap().into_iter().map(|(k, v, _)| (k, v)).collect::<BTreeMap<_, _>>()
        };
        let en = read("en");
        let mut shipped: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".toml").to_string())
            .filter(|l| l != "en")
            .collect();
        shipped.sort();
        assert_eq!(shipped, ["de", "es", "fr", "ja", "pt", "zh"]);
        // A plural is a pair: every `_one` has its `_other`.
        for key in en.keys().filter_map(|k| k.strip_suffix("_one")) {
            assert!(en.contains_key(&format!("{key}_other")), "{key}_one without {key}_other");
        }
        for language in &shipped {
            let table = read(language);
            let missing: Vec<&String> = en.keys().filter(|k| !table.contains_key(*k)).collect();
            let extra: Vec<&String> = table.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{language}: missing {missing:?}, unknown {extra:?}"
            );
            for (key, english) in &en {
                let (want, got) = (placeholders(english), placeholders(&table[key]));
                assert_eq!(want, got, "{language}.toml `{key}`: placeholders differ from en.toml's");
                assert!(
                    !table[key].trim().is_empty() || english.trim().is_empty(),
                    "{language}: `{key}` is empty"
                );
                // A control's name (`x_label`) holds its visible text (`x`), so that a reader
                // who says what they see can use it (WCAG 2.5.3, axe's label-content-name-mismatch).
                // Pairs are those whose English name holds the English text.
                let pair = key.strip_suffix("_label").filter(|k| {
                    en.get(*k).is_some_and(|text| english.to_lowercase().contains(&text.to_lowercase()))
                });
                if let Some(shown) = pair.and_then(|k| table.get(k)) {
                    let name = table[key].to_lowercase();
                    assert!(
                        name.contains(&shown.to_lowercase()),
                        "{language}: `{key}` “{name}” lacks “{shown}”"
                    );
                }
            }
        }
    }

    #[test]
    fn a_regional_language_takes_its_base_language_then_its_own_words() {
        let layers = [
            layer("en", "[a]\nx = \"Search\"\ny = \"Colour\"\nz = \"Street\"\n", false),
            layer("de", "[a]\nx = \"Suche\"\ny = \"Farbe\"\nz = \"Straße\"\n", false),
            layer("de-CH", "[a]\nz = \"Strasse\"\n", true),
        ];
        let (ch, warnings) = Strings::load(&layers, "de-CH").unwrap();
        assert_eq!([ch.get("a.x"), ch.get("a.y"), ch.get("a.z")], ["Suche", "Farbe", "Strasse"]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let (gb, warnings) = Strings::load(&layers[..1], "en-GB").unwrap();
        assert_eq!(gb.get("a.y"), "Colour");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn plural_forms_follow_each_language() {
        assert_eq!([0, 1, 2].map(|n| plural("en", n)), ["other", "one", "other"]);
        assert_eq!([0, 1, 2].map(|n| plural("de", n)), ["other", "one", "other"]);
        assert_eq!([0, 1, 2].map(|n| plural("fr", n)), ["one", "one", "other"]);
        assert_eq!([0, 1, 2].map(|n| plural("pt-BR", n)), ["one", "one", "other"]);
        assert_eq!([0, 1, 2].map(|n| plural("ja", n)), ["other", "other", "other"]);
        let (en, _) = Strings::load(
            &[layer("en", "[c]\nx_one = \"{count} skill\"\nx_other = \"{count} skills\"\n", false)],
            "en",
        )
        .unwrap();
        assert_eq!((en.count("c.x", 1), en.count("c.x", 3)), ("1 skill".to_string(), "3 skills".to_string()));
    }

    #[test]
    fn the_scripts_blob_is_json_that_cannot_close_its_script_element() {
        let text = "[script]\nx = \"</script><b>&\"\n[other]\ny = \"not for scripts\"\n";
        let (en, _) = Strings::load(&[layer("en", text, false)], "en").unwrap();
        let json = en.script_json();
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["x"], "</script><b>&");
        assert_eq!(value["_lang"], "en");
        assert!(value.get("y").is_none() && value.get("other.y").is_none());
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
