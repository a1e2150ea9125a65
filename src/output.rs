//! Stage 5, write: the rendered site is a map from paths to bytes, written into `public/` in one
//! swap so that no reader (and no killed build) ever sees half of it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Every file of a built site, by path relative to the output folder (with `/` separators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn new() -> Self {
        Output::default()
    }

    /// Adds a file; returns the path back if something already claimed it.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Result<(), String> {
        let path = path.into();
        if self.files.contains_key(&path) {
            return Err(path);
        }
        self.files.insert(path, bytes.into());
        Ok(())
    }

    /// Adds or replaces a file.
    pub fn put(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }

    /// The number of HTML pages.
    pub fn pages(&self) -> usize {
        self.files.keys().filter(|p| p.ends_with(".html")).count()
    }
}

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("refusing to write the site into {0}: it holds the site's own files (choose another --output)")]
    Unsafe(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// Replaces `target` with `output`, so that `target` is at every moment either the whole old
/// site or the whole new one, even if the process is killed.
///
/// Everything is written to a sibling folder first; the two folders are then exchanged in one
/// atomic step (`renameat2(RENAME_EXCHANGE)` on Linux), and the dotfiles of the old folder (a
/// `.git`, a `.well-known`) that the new site does not itself provide are moved over. A build
/// killed between those steps leaves the dotfiles in a leftover folder, which the next build
/// moves back before anything is deleted: a user's dotfiles are never lost.
pub fn write(output: &Output, target: &Path, site_root: &Path) -> Result<(), WriteError> {
    guard(target, site_root)?;
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = target.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.trailmap-new"));
    let retired = parent.join(format!(".{name}.trailmap-old"));
    // Without an atomic exchange, the old site moves aside before the new one moves in; a kill
    // between the two leaves no `target` and the whole old site (dotfiles included) at `retired`.
    if !target.exists() && retired.is_dir() {
        std::fs::rename(&retired, target).map_err(io(target))?;
    }
    for leftover in [&staging, &retired] {
        if leftover.exists() {
            if target.is_dir() {
                keep_dotfiles(output, leftover, target)?;
            }
            std::fs::remove_dir_all(leftover).map_err(io(leftover))?;
        }
    }
    let result = write_all(output, &staging).and_then(|()| swap(&staging, target, &retired));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result?;
    if retired.exists() {
        keep_dotfiles(output, &retired, target)?;
        std::fs::remove_dir_all(&retired).map_err(io(&retired))?;
    }
    Ok(())
}

/// Writing the site over its own sources (`--output .`, `--output content`) would destroy them.
fn guard(target: &Path, site_root: &Path) -> Result<(), WriteError> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let target_abs = absolute(target);
    let root_abs = absolute(site_root);
    let inside_sources = ["content", "static", "themes", "templates"]
        .iter()
        .any(|dir| target_abs.starts_with(root_abs.join(dir)));
    if root_abs.starts_with(&target_abs) || inside_sources || target_abs.join("trailmap.toml").exists() {
        return Err(WriteError::Unsafe(target.to_path_buf()));
    }
    Ok(())
}

fn write_all(output: &Output, dir: &Path) -> Result<(), WriteError> {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut folders: Vec<PathBuf> =
        output.iter().filter_map(|(p, _)| Path::new(p).parent().map(|d| dir.join(d))).collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder).map_err(io(folder))?;
    }
    let files: Vec<(&str, &[u8])> = output.iter().collect();
    files.par_iter().try_for_each(|(path, bytes)| {
        let path = dir.join(path);
        let mut file = std::fs::File::create(&path).map_err(io(&path))?;
        file.write_all(bytes).map_err(io(&path))
    })
}

/// Moves the top-level dotfiles of `from` that the site does not generate into `to`, unless
/// `to` already has one of that name (which is then the newer).
fn keep_dotfiles(output: &Output, from: &Path, to: &Path) -> Result<(), WriteError> {
    for entry in std::fs::read_dir(from).map_err(io(from))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let generated =
            output.contains(&name) || output.iter().any(|(p, _)| p.starts_with(&format!("{name}/")));
        let target = to.join(&name);
        if name.starts_with('.') && !generated && !target.exists() {
            std::fs::rename(entry.path(), &target).map_err(io(&target))?;
        }
    }
    Ok(())
}

/// Puts `staging` in place of `target` with a single atomic exchange where the system has one,
/// so that `target` is always a complete site; the old site ends up at `retired`.
fn swap(staging: &Path, target: &Path, retired: &Path) -> Result<(), WriteError> {
    if !target.exists() {
        return std::fs::rename(staging, target).map_err(io(target));
    }
    #[cfg(target_os = "linux")]
    if exchange(staging, target).is_ok() {
        // The old site is now at `staging`; a kill right here leaves it there, and the next
        // build recovers its dotfiles from it.
        return std::fs::rename(staging, retired).map_err(io(retired));
    }
    std::fs::rename(target, retired).map_err(io(target))?;
    std::fs::rename(staging, target).map_err(io(target))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE)
    };
    if result == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Output {
        let mut output = Output::new();
        for (path, text) in files {
            output.insert(*path, text.as_bytes()).unwrap();
        }
        output
    }

    #[test]
    fn replaces_the_folder_and_keeps_its_dotfiles() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(public.join(".git")).unwrap();
        std::fs::write(public.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(public.join("stale.html"), "old").unwrap();
        write(
            &site(&[("index.html", "new"), ("a/b/index.html", "deep"), (".nojekyll", "")]),
            &public,
            dir.path(),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(public.join("a/b/index.html")).unwrap(), "deep");
        assert_eq!(std::fs::read_to_string(public.join(".git/HEAD")).unwrap(), "ref");
        assert!(!public.join("stale.html").exists());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("public")], "no staging folders left behind");
    }

    #[test]
    fn dotfiles_left_in_an_interrupted_build_are_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(&site(&[("index.html", "one")]), &public, dir.path()).unwrap();
        // As if a build was killed after the exchange: the old site, with the user's .git, sits
        // in the leftover folder and public/ has none.
        let leftover = dir.path().join(".public.trailmap-new");
        std::fs::create_dir_all(leftover.join(".git")).unwrap();
        std::fs::write(leftover.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(leftover.join("index.html"), "old").unwrap();
        write(&site(&[("index.html", "two")]), &public, dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(public.join(".git/HEAD")).unwrap(), "ref");
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "two");
        assert!(!leftover.exists());
    }

    #[test]
    fn a_kill_between_the_two_renames_of_the_fallback_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        // What `swap` without an exchange leaves when killed after moving the old site aside.
        let retired = dir.path().join(".public.trailmap-old");
        std::fs::create_dir_all(retired.join(".git")).unwrap();
        std::fs::write(retired.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(retired.join("index.html"), "old").unwrap();
        let staging = dir.path().join(".public.trailmap-new");
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("index.html"), "new").unwrap();
        write(&site(&[("index.html", "newer")]), &public, dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(public.join(".git/HEAD")).unwrap(), "ref");
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "newer");
        assert!(!retired.exists() && !staging.exists());
    }

    #[test]
    fn refuses_to_write_over_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("trailmap.toml"), "").unwrap();
        let output = site(&[("index.html", "x")]);
        assert!(matches!(write(&output, dir.path(), dir.path()), Err(WriteError::Unsafe(_))));
        assert!(matches!(
            write(&output, &dir.path().join("content/x"), dir.path()),
            Err(WriteError::Unsafe(_))
        ));
        assert!(dir.path().join("trailmap.toml").exists());
    }
}
