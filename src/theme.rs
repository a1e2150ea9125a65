//! Themes: Tera templates and static files, from `themes/<name>/` or the built-in default,
//! with any single file overridable by the site's own `templates/` and `static/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The files of a theme, after the site's overrides, keyed by path relative to the theme.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// `templates/…` files by template name (`base.html`, `skill.html` …).
    pub templates: BTreeMap<String, String>,
    /// Files copied into `public/` as they are, by output path.
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Loads the theme named `name` for the site at `root`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        let folder = root.join("themes").join(name);
        if folder.is_dir() {
            theme.add_folder(&folder.join("templates"), &folder.join("static"))?;
        } else if name == "default" {
            for (path, bytes) in embedded::FILES {
                theme.add(path, bytes.to_vec(), Path::new(path))?;
            }
        } else {
            return Err(Diagnostic::file(
                "trailmap.toml",
                format!("theme `{name}` not found: there is no themes/{name}/ folder"),
            )
            .with_hint("remove the `theme` key to use the built-in default theme"));
        }
        // The site's own files win over the theme's, one file at a time.
        theme.add_folder(&root.join("templates"), &root.join("static"))?;
        Ok(theme)
    }

    fn add_folder(&mut self, templates: &Path, statics: &Path) -> Result<(), Diagnostic> {
        for (folder, prefix) in [(templates, "templates/"), (statics, "static/")] {
            if !folder.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(folder).follow_links(true).sort_by_file_name() {
                let entry =
                    entry.map_err(|error| Diagnostic::file(folder, format!("cannot read: {error}")))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
                let rel: Vec<String> =
                    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                if rel
                    .iter()
                    .any(|part| part.starts_with('.') && part != ".nojekyll" && part != ".well-known")
                {
                    continue;
                }
                let bytes = std::fs::read(entry.path())
                    .map_err(|error| Diagnostic::file(entry.path(), format!("cannot read: {error}")))?;
                self.add(&format!("{prefix}{}", rel.join("/")), bytes, entry.path())?;
            }
        }
        Ok(())
    }

    fn add(&mut self, path: &str, bytes: Vec<u8>, shown: &Path) -> Result<(), Diagnostic> {
        if let Some(name) = path.strip_prefix("templates/") {
            let text =
                String::from_utf8(bytes).map_err(|_| Diagnostic::file(shown, "a template must be UTF-8"))?;
            self.templates.insert(name.to_string(), text);
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
        }
        Ok(())
    }

    /// Where a template came from, for error messages.
    pub fn template_path(root: &Path, theme: &str, name: &str) -> PathBuf {
        let own = Path::new("templates").join(name);
        if root.join(&own).is_file() {
            return own;
        }
        Path::new("themes").join(theme).join("templates").join(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_is_embedded_whole() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk =
            walkdir::WalkDir::new(&dir).into_iter().flatten().filter(|e| e.file_type().is_file()).count();
        assert_eq!(embedded::FILES.len(), on_disk);
        for required in ["base.html", "index.html", "section.html", "skill.html", "faq.html", "404.html"] {
            assert!(embedded::FILES.iter().any(|(p, _)| *p == format!("templates/{required}")), "{required}");
        }
    }
}
