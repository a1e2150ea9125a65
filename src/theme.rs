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
    /// The interface text files (`i18n/<lang>.toml`) of the themes, then of the site, in the
    /// order they apply (see [`crate::strings`]).
    pub i18n: Vec<crate::strings::Layer>,
    /// The theme's static files that the site's own `static/` replaces.
    pub shadowed: Vec<String>,
}

impl Theme {
    /// Loads the theme named `name` for the site at `root`.
    ///
    /// A theme may extend another (`extends = "default"` in its `theme.toml`) and replace only
    /// some of its files. Every template of the chosen theme is also registered as
    /// `theme/NAME.html`, so that a site's own template can extend the one it replaces.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        theme.add_theme(root, name, 0)?;
        let inherited: Vec<(String, String)> =
            theme.templates.iter().map(|(n, t)| (format!("theme/{n}"), t.clone())).collect();
        theme.templates.extend(inherited);
        let own_static = root.join("static");
        theme.shadowed =
            theme.statics.keys().filter(|name| own_static.join(name).is_file()).cloned().collect();
        // The site's own files win over the theme's, one file at a time.
        theme.add_folder(root, &root.join("templates"), &own_static)?;
        theme.add_i18n(root, "i18n", true)?;
        Ok(theme)
    }

    fn add_theme(&mut self, root: &Path, name: &str, depth: usize) -> Result<(), Diagnostic> {
        if depth > 8 {
            return Err(Diagnostic::file(
                "trailmap.toml",
                format!("themes extend each other in a loop at `{name}`"),
            ));
        }
        let folder = root.join("themes").join(name);
        // The theme's folder (or `themes/` itself) may be the link that leads out.
        for path in [root.join("themes"), folder.clone(), folder.join("theme.toml")] {
            if let Some(problem) = crate::files::symlink_problem(root, &path) {
                return Err(problem);
            }
        }
        if folder.is_dir() {
            if let Some(parent) = ThemeInfo::load(&folder)?.extends {
                self.add_theme(root, &parent, depth + 1)?;
            }
            self.add_folder(root, &folder.join("templates"), &folder.join("static"))?;
            self.add_i18n(root, &format!("themes/{name}/i18n"), false)
        } else if name == "default" {
            for (path, bytes) in embedded::FILES {
                self.add(path, bytes.to_vec(), Path::new(path))?;
            }
            Ok(())
        } else {
            Err(Diagnostic::file(
                "trailmap.toml",
                format!("theme `{name}` not found: there is no themes/{name}/ folder"),
            )
            .with_hint("remove the `theme` key to use the built-in default theme"))
        }
    }

    /// The files of a theme's (or the site's) `templates/` and `static/`, under the site at
    /// `root`: symlinks are followed where [`crate::files::symlink_problem`] allows.
    fn add_folder(&mut self, root: &Path, templates: &Path, statics: &Path) -> Result<(), Diagnostic> {
        for (folder, prefix) in [(templates, "templates/"), (statics, "static/")] {
            if let Some(problem) = crate::files::symlink_problem(root, folder) {
                return Err(problem);
            }
            if !folder.is_dir() {
                continue;
            }
            let walk = walkdir::WalkDir::new(folder).follow_links(true).sort_by_file_name().into_iter();
            // What is not part of the site (hidden files, editors' temporaries) is neither read nor
            // followed, as in content/.
            let site_files = walk.filter_entry(|e| {
                e.depth() == 0 || crate::files::is_site_file(&e.file_name().to_string_lossy())
            });
            for entry in site_files {
                let entry = entry.map_err(|error| crate::files::walk_error(root, &error))?;
                if entry.path_is_symlink()
                    && let Some(problem) = crate::files::symlink_problem(root, entry.path())
                {
                    return Err(problem);
                }
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
                let rel: Vec<String> =
                    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                let bytes = std::fs::read(entry.path())
                    .map_err(|error| Diagnostic::file(entry.path(), format!("cannot read: {error}")))?;
                self.add(&format!("{prefix}{}", rel.join("/")), bytes, entry.path())?;
            }
        }
        Ok(())
    }

    /// The `<lang>.toml` files of an `i18n/` folder (`rel`, below the site's root).
    fn add_i18n(&mut self, root: &Path, rel: &str, site: bool) -> Result<(), Diagnostic> {
        let folder = root.join(rel);
        if let Some(problem) = crate::files::symlink_problem(root, &folder) {
            return Err(problem);
        }
        let Ok(entries) = std::fs::read_dir(&folder) else { return Ok(()) };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else { continue };
            if !crate::files::is_site_file(&name) || !name.ends_with(".toml") {
                continue;
            }
            if let Some(problem) = crate::files::symlink_problem(root, &path) {
                return Err(problem);
            }
            let bytes = std::fs::read(&path)
                .map_err(|error| Diagnostic::file(&path, format!("cannot read: {error}")))?;
            self.add_layer(&name, bytes, &Path::new(rel).join(&name), site)?;
        }
        Ok(())
    }

    fn add_layer(&mut self, name: &str, bytes: Vec<u8>, shown: &Path, site: bool) -> Result<(), Diagnostic> {
        let Some(language) = name.strip_suffix(".toml") else { return Ok(()) };
        let text =
            String::from_utf8(bytes).map_err(|_| Diagnostic::file(shown, "the file is not valid UTF-8"))?;
        let file = crate::diagnostics::SourceFile::new(shown, text);
        self.i18n.push(crate::strings::Layer { language: language.to_string(), file, site });
        Ok(())
    }

    fn add(&mut self, path: &str, bytes: Vec<u8>, shown: &Path) -> Result<(), Diagnostic> {
        if let Some(name) = path.strip_prefix("i18n/") {
            return self.add_layer(name, bytes, Path::new("themes/default").join(path).as_path(), false);
        }
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

/// Why `trailmap theme eject` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum EjectError {
    /// Files of the theme are already there: they may be the author's own work.
    #[error("{} already exists ({} of the theme's files are there); nothing was written", .first.display(), .count)]
    Exists { first: PathBuf, count: usize },
    #[error("cannot write {}: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

/// Copies the built-in theme into `dir` (`templates/`, `static/`, `theme.toml`) for an author
/// who wants to own all of it. Refuses, writing nothing, when any of its files already exists.
pub fn eject(dir: &Path) -> Result<Vec<PathBuf>, EjectError> {
    let files: Vec<(PathBuf, &[u8])> =
        embedded::FILES.iter().map(|(path, bytes)| (dir.join(path), *bytes)).collect();
    let existing: Vec<&PathBuf> =
        files.iter().map(|(path, _)| path).filter(|path| path.symlink_metadata().is_ok()).collect();
    if let Some(first) = existing.first() {
        return Err(EjectError::Exists { first: first.to_path_buf(), count: existing.len() });
    }
    for (path, bytes) in &files {
        let io = |source| EjectError::Io { path: path.clone(), source };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(path, bytes).map_err(io)?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// `theme.toml`: what a theme is, and which theme it builds on.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeInfo {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub license: String,
    #[serde(default)]
    pub homepage: String,
    /// Another theme whose files this one starts from (`default` is built in).
    pub extends: Option<String>,
}

impl ThemeInfo {
    /// Reads `theme.toml` in a theme's folder; a theme without one is described by nothing.
    pub fn load(folder: &Path) -> Result<ThemeInfo, Diagnostic> {
        let path = folder.join("theme.toml");
        let Ok(text) = std::fs::read_to_string(&path) else { return Ok(ThemeInfo::default()) };
        let shown = Path::new("themes").join(folder.file_name().unwrap_or_default()).join("theme.toml");
        let file = crate::diagnostics::SourceFile::new(shown, text);
        toml::from_str(&file.text).map_err(|error| crate::frontmatter::toml_error(&file, 0, &error))
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

    #[test]
    fn eject_copies_the_theme_once_and_then_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("themes/default");
        let written = eject(&target).unwrap();
        assert_eq!(written.len(), embedded::FILES.len());
        assert!(target.join("templates/base.html").is_file());
        assert!(target.join("theme.toml").is_file());
        std::fs::write(target.join("templates/base.html"), "mine").unwrap();
        let refused = eject(&target).unwrap_err();
        assert!(matches!(refused, EjectError::Exists { count, .. } if count == embedded::FILES.len()));
        assert_eq!(std::fs::read_to_string(target.join("templates/base.html")).unwrap(), "mine");
    }
}
