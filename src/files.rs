//! Which files in a site's folder are part of the site: one rule for loading content, copying
//! static files and watching for edits, so that a file is never published while its edits are
//! ignored (or the other way round); and which symlinks may be followed, for all of them alike.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// "Too many levels of symbolic links" (`io::ErrorKind::FilesystemLoop` is not stable yet).
#[cfg(target_os = "linux")]
const ELOOP: i32 = 40;
#[cfg(not(target_os = "linux"))]
const ELOOP: i32 = 62;

/// The one rule for symlinks in a site's folder, for `build`, `check` and `serve` alike and for
/// content, templates and static files: a link whose target (followed to the end) stays inside
/// the site's folder `root` is followed like the file it names; one that leads outside, dangles
/// or loops is an error naming the link. `None` when `link` may be followed (or is no link).
pub fn symlink_problem(root: &Path, link: &Path) -> Option<Diagnostic> {
    if !link.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        return None;
    }
    let shown = link.strip_prefix(root).unwrap_or(link);
    let target = std::fs::read_link(link).unwrap_or_else(|_| PathBuf::from("?"));
    let (message, hint) = match link.canonicalize() {
        Ok(real)
            if link.parent().and_then(|p| p.canonicalize().ok()).is_some_and(|p| p.starts_with(&real)) =>
        {
            (
                format!("symlink to `{}`, a folder that holds it (a loop)", target.display()),
                "point the link at a file inside the site's folder",
            )
        }
        Ok(real) => {
            let inside = root.canonicalize().is_ok_and(|root| real.starts_with(root));
            if inside {
                return None;
            }
            (
                format!("symlink to `{}`, outside the site's folder", real.display()),
                "nothing outside the site's folder is published: copy the file in, or point the link inside",
            )
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => (
            format!("symlink to `{}`, which does not exist", target.display()),
            "remove the link, or point it at a file inside the site's folder",
        ),
        Err(error) if error.raw_os_error() == Some(ELOOP) => (
            format!("symlink to `{}`, which leads back to itself (a loop)", target.display()),
            "point the link at a file inside the site's folder",
        ),
        Err(error) => (
            format!("symlink to `{}` that cannot be followed: {error}", target.display()),
            "point the link at a file inside the site's folder",
        ),
    };
    Some(Diagnostic::file(shown, message).with_hint(hint))
}

/// A walk's error under `root` (a symlink loop, a link that dangles, a folder that cannot be
/// read) as a problem naming the path.
pub fn walk_error(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error.path().unwrap_or(root);
    let shown = path.strip_prefix(root).unwrap_or(path);
    if error.loop_ancestor().is_some() {
        let target = std::fs::read_link(path).unwrap_or_else(|_| PathBuf::from("?"));
        return Diagnostic::file(
            shown,
            format!("symlink to `{}`, a folder that holds it (a loop)", target.display()),
        )
        .with_hint("point the link at a file inside the site's folder");
    }
    symlink_problem(root, path).unwrap_or_else(|| Diagnostic::file(shown, format!("cannot read: {error}")))
}

/// Whether a file or folder named `name` is part of the site: not an editor's temporary file,
/// and not hidden, but for the two dotfiles that static hosts need (`.nojekyll`, `.well-known`).
pub fn is_site_file(name: &str) -> bool {
    !is_editor_temporary(name) && (!name.starts_with('.') || name == ".nojekyll" || name == ".well-known")
}

/// The id-giving stem of a Markdown file (`calculus.md`, `Notes.MD`, `intro.markdown` →
/// `calculus`, `Notes`, `intro`); `None` for other files. Extensions ignore case.
pub fn markdown_stem(name: &str) -> Option<&str> {
    let (stem, extension) = name.rsplit_once('.')?;
    let markdown = extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown");
    (markdown && !stem.is_empty()).then_some(stem)
}

/// The extension of a file that looks like a page written in another format (`notes.txt`,
/// `intro.mdx`, `guide.rst`): an author who puts one in `content/` most likely meant a page.
pub fn text_like(path: &Path) -> Option<String> {
    const TEXT: [&str; 10] = ["txt", "text", "mdx", "mdown", "mkd", "mkdn", "markdn", "rst", "adoc", "org"];
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    TEXT.contains(&extension.as_str()).then_some(extension)
}

/// Files editors write while saving, locking or backing up; never part of a site.
pub fn is_editor_temporary(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    // vim: swap files (.x.swp, .x.swo, .x.swx, .x.swpx), backups (x~) and the `4913` probe it
    // writes to test whether a folder is writable; emacs: #x# autosaves and .#x lock links.
    let vim_swap = name.starts_with('.')
        && [".swp", ".swo", ".swn", ".swx", ".swpx"].iter().any(|ext| lower.ends_with(ext));
    vim_swap
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        // JetBrains' safe write.
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        // Kate, gedit/GIO, Chrome's File System Access (used by web editors), LibreOffice, and
        // the generic `.tmp` of many tools.
        || lower.ends_with(".kate-swp")
        || name.starts_with(".goutputstream-")
        || lower.ends_with(".crswap")
        || name.starts_with(".~lock.")
        || lower.ends_with(".tmp")
        || name == ".DS_Store"
        || name == "Thumbs.db"
        || is_sed_temporary(name)
}

/// `sed -i` writes its output to `sedXXXXXX` (six random letters and digits) beside the file,
/// then renames it over the original.
fn is_sed_temporary(name: &str) -> bool {
    name.len() == 9 && name.starts_with("sed") && name[3..].bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_editor_temporaries() {
        for name in [
            ".calculus.md.swp",
            ".calculus.md.swx",
            "calculus.md~",
            "4913",
            "#calculus.md#",
            ".#calculus.md",
            "calculus.md___jb_tmp___",
            "calculus.md___jb_old___",
            ".goutputstream-AB12CD",
            "calculus.md.crswap",
            ".DS_Store",
            "sed2qlfDC",
        ] {
            assert!(is_editor_temporary(name), "{name}");
        }
        for name in ["calculus.md", "_index.md", "logo.svg", ".nojekyll", "swp.md", "CNAME", "sedans.md"] {
            assert!(!is_editor_temporary(name), "{name}");
        }
    }

    #[test]
    fn one_rule_for_every_part_of_a_site() {
        for name in ["style.css~", "#notes.md#", ".style.css.swp", ".hidden", ".DS_Store", "x.tmp"] {
            assert!(!is_site_file(name), "{name}");
        }
        for name in ["style.css", ".nojekyll", ".well-known", "CNAME", "Notes.MD"] {
            assert!(is_site_file(name), "{name}");
        }
        assert_eq!(markdown_stem("Notes.MD"), Some("Notes"));
        assert_eq!(markdown_stem("intro.markdown"), Some("intro"));
        assert_eq!(markdown_stem("a.b.md"), Some("a.b"));
        assert_eq!(markdown_stem("image.png"), None);
        assert_eq!(markdown_stem(".md"), None);
        assert_eq!(text_like(Path::new("lesson/notes.TXT")).as_deref(), Some("txt"));
        assert_eq!(text_like(Path::new("intro.mdx")).as_deref(), Some("mdx"));
        assert_eq!(text_like(Path::new("diagram.png")), None);
    }
}
