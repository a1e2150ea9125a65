//! Where the pages and files of a site live: the one place that knows their paths.
//!
//! Every path below is relative to the site's root (an edition's prefix, once a site can hold
//! several roadmaps and languages: see `docs/design/roadmaps-and-languages.md`). [`Routes`]
//! turns them into the URLs pages link to (below the base path) and the absolute ones that
//! feeds, canonical links and the sitemap need (below `base_url`), percent-encoded once, here.

use crate::config::Config;

/// The FAQ page.
pub const FAQ: &str = "faq/";
/// The print edition: every page of the roadmap in one.
pub const PRINT: &str = "print/";
/// The full trail to a skill (`trail/?to=ID`), for trails too long for a skill page.
pub const TRAIL: &str = "trail/";
/// The whole mind map as a standalone SVG.
pub const MAP_SVG: &str = "mindmap.svg";
/// The roadmap as data, for other tools.
pub const ROADMAP_JSON: &str = "roadmap.json";
/// The head of the search index (see `render::search`).
pub const SEARCH_INDEX: &str = "search-index.js";
/// The folder of the search index's shards.
pub const SEARCH_SHARDS: &str = "search-index";
/// The interface text the scripts read, one file per edition (see `Strings::script_file`).
pub const SCRIPT_STRINGS: &str = "strings.js";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const NOT_FOUND: &str = "404.html";
/// Tells GitHub Pages not to run Jekyll over the site.
pub const NO_JEKYLL: &str = ".nojekyll";

/// The output file of a page at `dir` (a folder path ending in `/`, or empty for the root).
pub fn page_file(dir: &str) -> String {
    format!("{dir}index.html")
}

/// The URLs of one site, borrowed from its configuration (cheap to make, nothing to keep in
/// step when `--base-url` replaces the configured one).
#[derive(Debug, Clone, Copy)]
pub struct Routes<'a> {
    base_url: &'a str,
    base_path: &'a str,
    /// The edition's folder below the site's root (`""`, `de/`).
    prefix: &'a str,
    /// The folder of the files every language of the edition's roadmap shares (`""`, or
    /// `ai-engineer/` on a site of several roadmaps).
    shared: &'a str,
}

impl<'a> Routes<'a> {
    pub fn new(config: &'a Config) -> Self {
        Routes { base_url: &config.base_url, base_path: config.base_path(), prefix: "", shared: "" }
    }

    /// The routes of an edition whose files live in `prefix` (`de/`) below the site's root.
    pub fn in_edition(self, prefix: &'a str) -> Self {
        Routes { prefix, ..self }
    }

    /// The site-absolute URL of a path of the site (`/sub/faq/`), percent-encoded (RFC 3986) so
    /// that an id in any script makes an ASCII URL, the same in a page, the map and a header.
    pub fn url(&self, path: &str) -> String {
        joined(self.base_path, self.prefix, path)
    }

    /// The routes of an edition whose roadmap's shared files (its images of `content/`) live
    /// in `folder` below the site's root.
    pub fn sharing(self, folder: &'a str) -> Self {
        Routes { shared: folder, ..self }
    }

    /// The site-absolute URL of a file every language shares (an image of `content/`): below
    /// the site's root (and the roadmap's folder), whatever the language.
    pub fn shared_url(&self, path: &str) -> String {
        joined(self.base_path, self.shared, path)
    }

    /// The absolute URL of a file of the whole site (`sitemap.xml`).
    pub fn shared_permalink(&self, path: &str) -> String {
        joined(self.base_url, "", path)
    }

    /// The absolute URL of a path of the site (`https://example.org/sub/faq/`): for canonical and
    /// Open Graph URLs, the sitemap, JSON-LD and `roadmap.json`.
    pub fn permalink(&self, path: &str) -> String {
        joined(self.base_url, self.prefix, path)
    }

    /// The base path every site-absolute URL starts with (`/` or `/sub/`).
    pub fn base_path(&self) -> &'a str {
        self.base_path
    }

    /// The base URL every absolute URL starts with.
    pub fn base_url(&self) -> &'a str {
        self.base_url
    }
}

/// `base`, the edition's `prefix` and the encoded `path`, in one allocation (made for every
/// link). A language prefix is a language tag: nothing in it to encode.
fn joined(base: &str, prefix: &str, path: &str) -> String {
    let mut url = String::with_capacity(base.len() + prefix.len() + path.len());
    url.push_str(base);
    url.push_str(prefix);
    crate::escape::push_percent_encoded_path(&mut url, path);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_start_at_the_base_and_are_encoded_once() {
        let toml = "title = \"t\"\nbase_url = \"https://example.org/sub/\"\n";
        let config: Config = toml::from_str(toml).unwrap();
        let routes = Routes::new(&config);
        assert_eq!(routes.url(FAQ), "/sub/faq/");
        assert_eq!(routes.permalink("数据/a b/"), "https://example.org/sub/%E6%95%B0%E6%8D%AE/a%20b/");
        assert_eq!(page_file(PRINT), "print/index.html");
        assert_eq!(page_file(""), "index.html");
    }
}
