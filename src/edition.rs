//! Editions: a site in several languages is made once per language, by one pipeline.
//!
//! An [`Edition`] is the language one run of the pipeline makes, with the folder its files go
//! to (`""` for the default language, `de/` for German). A site in one language is one edition
//! with no prefix, and its output is what it always was. The roadmap's tree, ids and order are
//! shared by every edition; only the text differs: a page's translation (`calculus.de.md`
//! beside `calculus.md`) replaces its text in that edition, and a page with none shows the
//! default language's text, marked as such (see [`Site::edition`](crate::site::Site::edition)).
//!
//! A site of several roadmaps (`roadmaps = ["ai-engineer", "data-engineer"]`) has an edition
//! per roadmap and language: the roadmap is the second coordinate, and its folder follows the
//! language's (`ai-engineer/`, `de/ai-engineer/`).
//! See `docs/design/roadmaps-and-languages.md`.

use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::site::{NodeKind, Site};

/// One language of the site, and where its pages go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edition {
    /// The language of this edition's pages and interface.
    pub language: String,
    /// The roadmap of a site that holds several (its folder of `content/`); `None` for the one
    /// roadmap of a site in `content/` itself.
    pub roadmap: Option<String>,
    /// The folder of this edition below the site's root: `""` for the default language, else
    /// the language's code and a slash (`de/`), then the roadmap's name and a slash, if any
    /// (`ai-engineer/`, `de/ai-engineer/`).
    pub prefix: String,
    /// Every language of the site, the default first (the editions this one links to).
    pub languages: Arc<[String]>,
}

impl Edition {
    /// The one edition of a site in one language (or the default one of a site in several).
    pub fn default_of(config: &Config) -> Edition {
        let languages: Arc<[String]> = config.language_codes().into_iter().map(str::to_string).collect();
        Edition { language: languages[0].clone(), roadmap: None, prefix: String::new(), languages }
    }

    /// The edition of `roadmap` (`None`: the site's only one) in `language`.
    pub fn of(&self, roadmap: Option<&str>, language: &str) -> Edition {
        let mut prefix = if language == self.languages[0] { String::new() } else { format!("{language}/") };
        if let Some(roadmap) = roadmap {
            prefix.push_str(roadmap);
            prefix.push('/');
        }
        Edition {
            language: language.to_string(),
            roadmap: roadmap.map(str::to_string),
            prefix,
            languages: self.languages.clone(),
        }
    }

    /// The edition of the default language: it publishes the files every language of its
    /// roadmap shares (the images of `content/`).
    pub fn is_default(&self) -> bool {
        self.language == self.languages[0]
    }

    /// The edition written at the site's root (the default language of a site of one roadmap):
    /// it makes the site-wide files (sitemap, robots.txt, the theme's files). A site of several
    /// roadmaps makes them apart, with its home page (see [`crate::home`]).
    pub fn is_site_root(&self) -> bool {
        self.prefix.is_empty()
    }

    /// The folder of the files every language of this edition's roadmap shares: `""`, or the
    /// roadmap's name and a slash.
    pub fn shared_folder(&self) -> String {
        self.roadmap.as_ref().map_or(String::new(), |roadmap| format!("{roadmap}/"))
    }

    /// The site has more than one language (its pages link to each other's editions).
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The default language of the site.
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    /// The folder of this roadmap's edition in `language` (`""` for the default language of a
    /// site of one roadmap).
    pub fn prefix_of(&self, language: &str) -> String {
        self.of(self.roadmap.as_deref(), language).prefix
    }

    /// `rtl` for a language written from right to left, else `ltr`.
    pub fn direction(&self) -> &'static str {
        direction(&self.language)
    }
}

/// Every edition of the site: for each roadmap in the order of `roadmaps` (or the one of
/// `content/`), the default language first, then the others in the order of `languages`.
pub fn plan(config: &Config) -> Vec<Edition> {
    let default = Edition::default_of(config);
    let roadmaps: Vec<Option<&str>> = match config.roadmap_names() {
        names if names.is_empty() => vec![None],
        names => names.into_iter().map(Some).collect(),
    };
    let mut editions = Vec::new();
    for roadmap in roadmaps {
        for language in default.languages.iter() {
            editions.push(default.of(roadmap, language));
        }
    }
    editions
}

/// Sections, standalone pages and files of `content/` whose path would be an edition's
/// folder (a section called `de` on a site in German too): each an error at its place.
pub fn collisions(site: &Site, editions: &[Edition]) -> Vec<Diagnostic> {
    let folder_of = |path: &str| {
        let first = path.split('/').next().unwrap_or_default();
        editions.iter().skip(1).find(|e| e.language == first).map(|e| e.language.clone())
    };
    let mut problems = Vec::new();
    for node in site.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Section | NodeKind::Page)) {
        if let Some(language) = folder_of(&node.path) {
            problems.push(
                Diagnostic::file(
                    &node.source.path,
                    format!(
                        "`{}/` is the folder of the `{language}` edition",
                        node.path.trim_end_matches('/')
                    ),
                )
                .with_hint(format!(
                    "pages in {language} live at /{language}/…: rename this {} (or set its `id`)",
                    if node.kind == NodeKind::Page { "page" } else { "section" }
                )),
            );
        }
    }
    for asset in &site.assets {
        if let Some(language) = folder_of(&asset.path) {
            problems.push(
                Diagnostic::file(
                    std::path::Path::new("content").join(&asset.path),
                    format!("`{language}/` is the folder of the `{language}` edition"),
                )
                .with_hint("rename the folder that holds this file"),
            );
        }
    }
    problems
}

/// `rtl` for a language written from right to left (by its primary subtag), else `ltr`.
pub fn direction(language: &str) -> &'static str {
    let primary = language.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    match primary.as_str() {
        "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb" | "syr" => "rtl",
        _ => "ltr",
    }
}

/// The name of a language in itself (`Deutsch`), for the language switcher; the code for a
/// language this table does not know.
pub fn autonym(language: &str) -> &str {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    match (primary, language) {
        (_, "pt-BR") => "Português (Brasil)",
        (_, "zh-Hant") | (_, "zh-TW") => "繁體中文",
        ("en", _) => "English",
        ("de", _) => "Deutsch",
        ("fr", _) => "Français",
        ("es", _) => "Español",
        ("pt", _) => "Português",
        ("it", _) => "Italiano",
        ("nl", _) => "Nederlands",
        ("pl", _) => "Polski",
        ("sv", _) => "Svenska",
        ("da", _) => "Dansk",
        ("nb", _) | ("no", _) => "Norsk",
        ("fi", _) => "Suomi",
        ("cs", _) => "Čeština",
        ("tr", _) => "Türkçe",
        ("ru", _) => "Русский",
        ("uk", _) => "Українська",
        ("el", _) => "Ελληνικά",
        ("ar", _) => "العربية",
        ("he", _) => "עברית",
        ("fa", _) => "فارسی",
        ("hi", _) => "हिन्दी",
        ("bn", _) => "বাংলা",
        ("zh", _) => "中文",
        ("ja", _) => "日本語",
        ("ko", _) => "한국어",
        ("vi", _) => "Tiếng Việt",
        ("th", _) => "ไทย",
        ("id", _) => "Bahasa Indonesia",
        _ => language,
    }
}

/// `(original, language)` when a page's file stem ends in one of `languages` (a site in
/// several; empty otherwise), or in a language tag that is not one of them (`intro.fr.md`:
/// to be reported, not published as a page called `intro.fr`).
pub fn translation_suffix<'s>(stem: &'s str, languages: &[String]) -> Option<(&'s str, &'s str)> {
    if languages.is_empty() {
        return None;
    }
    let (original, suffix) = stem.rsplit_once('.')?;
    let known = languages.iter().any(|l| l == suffix);
    let looks = is_iso_639_1(suffix) || (suffix.contains('-') && crate::config::is_language_tag(suffix));
    (!original.is_empty() && (known || looks)).then_some((original, suffix))
}

/// Two-letter ISO 639-1 codes: a file named `intro.it.md` on a site in several languages is
/// read as a translation into Italian (and reported when Italian is not one of the site's
/// languages), while `node.js.md` stays a page called `node.js`.
pub fn is_iso_639_1(code: &str) -> bool {
    const CODES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
        da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig \
        ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml \
        mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg \
        si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh \
        yi yo za zh zu";
    code.len() == 2 && CODES.split_ascii_whitespace().any(|c| c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(toml: &str) -> Config {
        toml::from_str(&format!("title = \"t\"\nbase_url = \"https://x.org/\"\n{toml}")).unwrap()
    }

    #[test]
    fn a_site_in_one_language_is_one_edition_at_the_root() {
        let editions = plan(&config("language = \"fr\""));
        assert_eq!(editions.len(), 1);
        assert_eq!((editions[0].language.as_str(), editions[0].prefix.as_str()), ("fr", ""));
        assert!(!editions[0].is_multilingual());
    }

    #[test]
    fn other_languages_live_in_their_folder() {
        let editions = plan(&config("languages = [\"en\", \"de\", \"ar\"]"));
        let shape: Vec<(&str, &str, &str)> =
            editions.iter().map(|e| (e.language.as_str(), e.prefix.as_str(), e.direction())).collect();
        assert_eq!(shape, [("en", "", "ltr"), ("de", "de/", "ltr"), ("ar", "ar/", "rtl")]);
        assert_eq!(editions[2].prefix_of("en"), "");
        assert_eq!(autonym("de"), "Deutsch");
        assert_eq!(autonym("x-klingon"), "x-klingon");
        assert!(is_iso_639_1("it") && !is_iso_639_1("js"));
    }

    #[test]
    fn each_roadmap_lives_in_its_folder_below_the_language() {
        let editions = plan(&config("languages = [\"en\", \"de\"]\nroadmaps = [\"ai\", \"data\"]"));
        let prefixes: Vec<&str> = editions.iter().map(|e| e.prefix.as_str()).collect();
        assert_eq!(prefixes, ["ai/", "de/ai/", "data/", "de/data/"]);
        assert!(editions.iter().all(|e| !e.is_site_root()));
        assert_eq!(editions[1].prefix_of("en"), "ai/");
        assert_eq!(editions[3].shared_folder(), "data/");
        assert!(editions[2].is_default() && !editions[3].is_default());
    }
}
