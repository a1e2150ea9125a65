//! Static files that are symlinks leading out of the site.
//!
//! The theme loader follows symlinks in `static/`, so a link to `/etc/passwd` or to a folder
//! beside the site would land in the output. `trailmap serve` promises to serve nothing from
//! outside the site's folder, so such files are found here and the server answers 404 for them.

use std::collections::BTreeSet;
use std::path::Path;

/// Output paths (`img/logo.png`) of static files whose real location is outside `root`.
/// `root` must be canonical.
pub(crate) fn escaping_statics(root: &Path) -> BTreeSet<String> {
    let mut outside = BTreeSet::new();
    let mut folders = vec![root.join("static")];
    // The configured theme's files; when the settings do not load, every theme's, to be safe.
    match crate::config::Config::load(root) {
        Ok((config, _)) => folders.push(root.join("themes").join(config.theme).join("static")),
        Err(_) => {
            if let Ok(themes) = std::fs::read_dir(root.join("themes")) {
                folders.extend(themes.flatten().map(|theme| theme.path().join("static")));
            }
        }
    }
    for folder in folders {
        collect(root, &folder, &mut outside);
    }
    outside
}

fn collect(root: &Path, folder: &Path, outside: &mut BTreeSet<String>) {
    if !folder.exists() {
        return;
    }
    // Following links is the point: a file is judged by where it really is, whether the link is
    // the file itself, a folder above it, or `static/` as a whole.
    for entry in walkdir::WalkDir::new(folder).follow_links(true).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let inside = entry.path().canonicalize().is_ok_and(|real| real.starts_with(root));
        if inside {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(folder) {
            let rel: Vec<String> =
                rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            outside.insert(rel.join("/"));
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn finds_links_that_leave_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("site");
        let elsewhere = base.join("elsewhere");
        std::fs::create_dir_all(root.join("static/img")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("secret.txt"), "secret").unwrap();
        std::fs::write(root.join("static/img/logo.png"), "png").unwrap();
        std::os::unix::fs::symlink(elsewhere.join("secret.txt"), root.join("static/leak.txt")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("static/shared")).unwrap();
        std::os::unix::fs::symlink(root.join("static/img/logo.png"), root.join("static/same.png")).unwrap();
        let found = escaping_statics(&root);
        let expected: BTreeSet<String> =
            ["leak.txt", "shared/secret.txt"].iter().map(|s| s.to_string()).collect();
        assert_eq!(found, expected);
    }
}
