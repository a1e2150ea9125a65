//! `trailmap.toml`: the site's settings.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, SourceFile};

/// The settings of a site, as written in `trailmap.toml`. Every key is documented in the README.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in the header and in every page title; `content/_index.md`'s
    /// title when left out (see [`Config::title_warning`]).
    #[serde(default)]
    pub title: String,
    /// Where the site will be published, e.g. `https://user.github.io/repo/`.
    pub base_url: String,
    #[serde(default)]
    pub description: String,
    /// The language of the pages (`<html lang>`); with `languages`, the first of them (the
    /// language of this edition, once [`crate::edition`] has made one).
    #[serde(default = "default_language")]
    pub language: String,
    /// Every language the site is published in, the default first (see [`crate::edition`]):
    /// empty for a site in one language.
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    /// The roadmaps of a site that holds several, each a folder of `content/` (see
    /// [`crate::edition`]): empty for a site of one roadmap, in `content/` itself.
    #[serde(default)]
    pub roadmaps: Vec<Spanned<String>>,
    /// The theme: a folder under `themes/`, or the built-in `default`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// A custom domain for GitHub Pages, written to `public/CNAME`.
    #[serde(default)]
    pub cname: Option<String>,
    /// Lets Markdown images use `data:image/…` URLs. Off by default: on a roadmap that takes
    /// contributions, a `data:` URL is a way to smuggle a whole document into a page.
    #[serde(default)]
    pub allow_data_images: bool,
    /// `[markdown]`: how page bodies are read.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// How the site's search reads queries.
    #[serde(default)]
    pub search: SearchConfig,
    /// Which pages get a preview image of their own (see [`crate::share`]).
    #[serde(default)]
    pub preview_images: PreviewImages,
    /// `[brand]`: the accent colour, the logo and the footer.
    #[serde(default)]
    pub brand: BrandConfig,
    /// Stylesheets of the site's `static/` folder, linked after the theme's own: the way to add
    /// rules without replacing the theme's `style.css`.
    #[serde(default)]
    pub extra_css: Vec<Spanned<String>>,
    /// A template of the site's `templates/` folder, included at the end of every page's head.
    #[serde(default)]
    pub extra_head: Option<Spanned<String>>,
    /// `[extra]`: anything the site's own templates want, passed to them as `extra`.
    #[serde(default)]
    pub extra: toml::Table,
    /// The file itself, for problems found in it after it was read (a missing logo).
    #[serde(skip)]
    pub source: Option<SourceFile>,
}

/// The `[brand]` table of `trailmap.toml`: what makes the default theme the site's own.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandConfig {
    /// One colour (`#rrggbb` or `#rgb`); links, buttons and focus rings are derived from it.
    pub accent: Option<Spanned<String>>,
    /// The accent of the dark scheme, when the one derived from `accent` is not wanted.
    pub accent_dark: Option<Spanned<String>>,
    /// An image of `static/` shown before the site's name in the header.
    pub logo: Option<Spanned<String>>,
    /// Markdown shown in every page's footer.
    pub footer: Option<String>,
}

/// `preview_images` in `trailmap.toml`: which pages get a preview card of their own, for the
/// links people share (Open Graph and Twitter), and whether the map is exported as PNG and PDF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PreviewImages {
    /// Every page: the landing page, each section and each skill.
    #[default]
    All,
    /// The landing page and the sections; a skill page shows its section's card.
    Sections,
    /// No preview images and no PNG or PDF of the map: the fastest build.
    None,
}

/// The `[search]` table of `trailmap.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Words readers type for others, e.g. `db = "database"`, `k8s = "kubernetes"`.
    #[serde(default)]
    pub synonyms: std::collections::BTreeMap<String, String>,
}

/// The `[markdown]` table of `trailmap.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// What a formula that cannot be typeset is.
    #[serde(default)]
    pub math_errors: MathErrors,
}

/// What a formula that cannot be typeset is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MathErrors {
    /// An error: nothing is written until it is fixed.
    #[default]
    Error,
    /// A warning: the page shows the formula's source as code.
    Warn,
}

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

impl Config {
    /// Reads `trailmap.toml` from the site root.
    pub fn load(root: &Path) -> Result<(Config, SourceFile), Diagnostic> {
        let path = root.join("trailmap.toml");
        let shown = Path::new("trailmap.toml");
        if let Some(problem) = crate::files::symlink_problem(root, &path) {
            return Err(problem);
        }
        let text = std::fs::read(&path).map_err(|error| {
            Diagnostic::file(shown, format!("cannot read the site settings: {error}"))
                .with_hint("a site needs a trailmap.toml at its root; `trailmap init DIR` makes one")
        })?;
        let text =
            String::from_utf8(text).map_err(|_| Diagnostic::file(shown, "the file is not valid UTF-8"))?;
        let file = SourceFile::new(shown, text);
        let mut config: Config =
            toml::from_str(&file.text).map_err(|error| crate::frontmatter::toml_error(&file, 0, &error))?;
        config.base_url =
            normalize_base_url(&config.base_url).map_err(|message| locate_key(&file, "base_url", message))?;
        config.check_languages(&file)?;
        config.check_roadmaps(root, &file)?;
        config.source = Some(file.clone());
        Ok((config, file))
    }

    /// The path part of `base_url`, always starting and ending with `/`: every internal URL
    /// starts with it, so the site works under a sub-path such as GitHub's project pages.
    pub fn base_path(&self) -> &str {
        // Asked for every link of every page: bytes compared, rather than a substring search
        // (whose set-up costs more than the search).
        let url = self.base_url.as_bytes();
        let after_scheme = url.windows(3).position(|w| w == b"://").map_or(0, |i| i + 3);
        let path_start =
            url[after_scheme..].iter().position(|&b| b == b'/').map_or(url.len(), |i| after_scheme + i);
        &self.base_url[path_start..]
    }
}

impl Config {
    /// The codes of every language of the site, the default first (one for a site in one).
    pub fn language_codes(&self) -> Vec<&str> {
        if self.languages.is_empty() {
            vec![self.language.as_str()]
        } else {
            self.languages.iter().map(|code| code.get_ref().as_str()).collect()
        }
    }

    /// The default language: the first of `languages`, or `language`.
    pub fn default_language(&self) -> &str {
        self.languages.first().map_or(self.language.as_str(), |code| code.get_ref().as_str())
    }

    /// `languages` holds language tags (`de`, `pt-BR`), each once, agreeing with `language`
    /// when both are set; `language` becomes the first.
    fn check_languages(&mut self, file: &SourceFile) -> Result<(), Diagnostic> {
        let mut seen: Vec<&str> = Vec::new();
        for code in &self.languages {
            let span = code.span();
            let at = |message: String| file.error_at(span.start, span.end, message);
            if !is_language_tag(code.get_ref()) {
                return Err(at(format!("`{}` is not a language tag", code.get_ref()))
                    .with_hint("write a language code such as `en`, `de`, `pt-BR` or `zh-Hans`"));
            }
            if seen.iter().any(|s| s.eq_ignore_ascii_case(code.get_ref())) {
                return Err(at(format!("`{}` is listed twice", code.get_ref())));
            }
            seen.push(code.get_ref());
        }
        if let Some(first) = self.languages.first() {
            let written = file.text.lines().any(|line| {
                line.trim_start()
                    .strip_prefix("language")
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            });
            if written && self.language != *first.get_ref() {
                return Err(locate_key(
                    file,
                    "language",
                    format!(
                        "`language = \"{}\"` but `languages` starts with `{}`",
                        self.language,
                        first.get_ref()
                    ),
                )
                .with_hint(
                    "the first of `languages` is the default language: remove `language`, or put it first",
                ));
            }
            self.language = first.get_ref().clone();
        }
        Ok(())
    }
}

/// Top-level names a roadmap's folder cannot have: what the site's root already holds (the
/// theme's files, the search index, the site-wide files), the source folders, and `page`
/// (`[[page:about]]` names a standalone page, so `page:` can never name a roadmap).
pub const RESERVED_NAMES: [&str; 16] = [
    "page",
    "pages",
    "static",
    "search-index",
    "print",
    "faq",
    "trail",
    "content",
    "themes",
    "templates",
    "i18n",
    "fonts",
    "public",
    "sitemap",
    "robots",
    "404",
];

impl Config {
    /// The names of the site's roadmaps, in order (none for a site of one roadmap).
    pub fn roadmap_names(&self) -> Vec<&str> {
        self.roadmaps.iter().map(|name| name.get_ref().as_str()).collect()
    }

    /// Each of `roadmaps` is a folder of `content/` with a name that can be the first folder of
    /// a URL: not a language's (`/de/` is German), not one the site's root already holds.
    fn check_roadmaps(&self, root: &Path, file: &SourceFile) -> Result<(), Diagnostic> {
        let mut seen: Vec<&str> = Vec::new();
        let languages = self.language_codes();
        for name in &self.roadmaps {
            let span = name.span();
            let at = |message: String| file.error_at(span.start, span.end, message);
            let name = name.get_ref().as_str();
            let fits = !name.is_empty()
                && !name.starts_with(['.', '_', '-'])
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
            if !fits {
                return Err(at(format!("`{name}` cannot name a roadmap"))
                    .with_hint("a roadmap's name is its folder in content/ and its URL: lowercase letters, digits and `-`, like `data-engineer`"));
            }
            if seen.contains(&name) {
                return Err(at(format!("`{name}` is listed twice")));
            }
            if languages.contains(&name) || (languages.len() > 1 && crate::edition::is_iso_639_1(name)) {
                return Err(at(format!("`{name}` is a language code: /{name}/ would hold two things"))
                    .with_hint(
                        "rename the roadmap's folder (and this entry), e.g. `{name}-roadmap`"
                            .replace("{name}", name),
                    ));
            }
            if RESERVED_NAMES.contains(&name) {
                return Err(at(format!("`{name}` is a name the site's root already uses")).with_hint(
                    format!(
                        "rename the roadmap's folder (and this entry); reserved: {}",
                        RESERVED_NAMES.join(", ")
                    ),
                ));
            }
            let folder = root.join("content").join(name);
            if !folder.is_dir() {
                let folders: Vec<String> = std::fs::read_dir(root.join("content"))
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                let hint = match crate::diagnostics::did_you_mean(name, folders.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`? each roadmap is a folder of content/"),
                    None => format!("make content/{name}/ with its _index.md, or remove this entry"),
                };
                return Err(at(format!("the roadmap `{name}` has no folder content/{name}/")).with_hint(hint));
            }
            seen.push(name);
        }
        Ok(())
    }
}

/// A BCP 47 language tag as sites write them: a 2–3 letter language, then subtags of letters
/// or digits (`pt-BR`, `zh-Hans`, `es-419`).
pub fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|part| (2..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The `base_url` that `trailmap init` writes, to be replaced before publishing.
pub const PLACEHOLDER_BASE_URL: &str = "https://example.org/";

impl Config {
    /// A warning when `base_url` is still [`PLACEHOLDER_BASE_URL`]: canonical URLs, the sitemap
    /// and robots.txt would all point there. For `build` only: `serve` uses its own address.
    pub fn placeholder_warning(&self) -> Option<Diagnostic> {
        let file = self.source.as_ref()?;
        (self.base_url == PLACEHOLDER_BASE_URL).then(|| {
            locate_key(
                file,
                "base_url",
                format!("`base_url` is still the placeholder `{PLACEHOLDER_BASE_URL}`"),
            )
            .with_hint(
                "set it to where the site will be published (e.g. `https://USER.github.io/REPO/`): \
                 canonical URLs, the sitemap and robots.txt use it",
            )
            .warning()
        })
    }
}

impl Config {
    /// A warning when the site's name here and the roadmap's title in `content/_index.md` differ:
    /// authors edit one and expect both to change. Leaving `title` out of `trailmap.toml` makes
    /// `content/_index.md` the one place for it.
    pub fn title_warning(&self, root_title: &str) -> Option<Diagnostic> {
        let file = self.source.as_ref()?;
        (!self.title.is_empty() && self.title.trim() != root_title.trim()).then(|| {
            locate_key(
                file,
                "title",
                format!("the site's title `{}` differs from content/_index.md's `{root_title}`", self.title),
            )
            .with_hint(
                "this one is the site's name (header, every tab's title), content/_index.md's heads the \
                 landing page; remove this line to use content/_index.md's everywhere, or make them the same",
            )
            .warning()
        })
    }
}

/// Checks a base URL and gives it exactly one trailing slash.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!("`{url}` is not an absolute URL (like `https://example.org/`)"));
    };
    if !matches!(scheme, "http" | "https") || rest.is_empty() || rest.starts_with('/') {
        return Err(format!("`{url}` is not an http(s) URL with a host"));
    }
    if url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!("`{url}` must not contain a query, a fragment, spaces or quotes"));
    }
    let host_end = rest.find('/').unwrap_or(rest.len());
    if !rest[..host_end].is_ascii() {
        return Err(format!("`{url}` has a host that is not ASCII: write it in its punycode form (`xn--…`)"));
    }
    // The path is percent-encoded (RFC 3986) where it is not already, so that every URL made
    // from it (the sitemap, canonical and Open Graph URLs) is ASCII.
    let mut encoded = String::with_capacity(url.len());
    for &byte in url.trim_end_matches('/').as_bytes() {
        if byte.is_ascii_graphic() && !b"\\^`{|}".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded.push('/');
    Ok(encoded)
}

fn locate_key(file: &SourceFile, key: &str, message: String) -> Diagnostic {
    let start = file
        .text
        .lines()
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len() + 1;
            Some((start, line))
        })
        .find(|(_, line)| {
            line.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(0, |(start, line)| start + line.len() - line.trim_start().len());
    file.error_at(start, start + key.len(), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> Config {
        Config {
            title: "t".into(),
            base_url: normalize_base_url(base_url).unwrap(),
            description: String::new(),
            language: default_language(),
            languages: Vec::new(),
            roadmaps: Vec::new(),
            theme: default_theme(),
            cname: None,
            markdown: MarkdownConfig::default(),
            allow_data_images: false,
            search: SearchConfig::default(),
            preview_images: PreviewImages::default(),
            brand: BrandConfig::default(),
            extra_css: Vec::new(),
            extra_head: None,
            extra: toml::Table::new(),
            source: None,
        }
    }

    #[test]
    fn base_path_is_the_url_path() {
        assert_eq!(config("https://example.org").base_path(), "/");
        assert_eq!(config("https://example.org/sub").base_path(), "/sub/");
        assert_eq!(config("http://127.0.0.1:8080/a/b/").base_path(), "/a/b/");
    }

    #[test]
    fn search_synonyms_are_a_table_of_words() {
        let toml = "title = \"t\"\nbase_url = \"https://x/\"\n[search]\nsynonyms = { db = \"database\" }\n";
        let config: Config = toml::from_str(toml).unwrap();
        assert_eq!(config.search.synonyms["db"], "database");
        assert!(
            toml::from_str::<Config>(&toml.replace("synonyms", "synonym")).is_err(),
            "a misspelt key is an error"
        );
    }

    #[test]
    fn rejects_relative_and_odd_urls() {
        assert!(normalize_base_url("/sub/").is_err());
        assert!(normalize_base_url("ftp://x/").is_err());
        assert!(normalize_base_url("https://x/?q=1").is_err());
        assert!(normalize_base_url("https://例子.org/").is_err(), "an IDN host is written in punycode");
    }

    #[test]
    fn a_non_ascii_path_is_percent_encoded_once() {
        assert_eq!(
            normalize_base_url("https://x.org/路径/a%20b").unwrap(),
            "https://x.org/%E8%B7%AF%E5%BE%84/a%20b/"
        );
    }
}
