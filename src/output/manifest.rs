//! Which files of an output folder are trailmap's: the manifest `.trailmap-manifest` that every
//! folder trailmap writes carries.
//!
//! trailmap deletes or replaces only files it wrote itself. A folder's manifest lists them; any
//! other file or folder in it (a `.git`, a verification file, a photo the user put there) is the
//! user's, and every build carries it over into the new site untouched. A folder without a
//! manifest that holds anything but dotfiles is not trailmap's, and a build refuses to write
//! into it unless told to take it over (`--force`), which still deletes nothing of the user's.
//!
//! The staging folder of a build in progress says `building`: everything in it is trailmap's
//! (the user's files are only ever moved into the live folder, never into the staging one).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{WriteError, io};

/// The manifest's file name, inside the folder it describes.
pub const NAME: &str = ".trailmap-manifest";
const MAGIC: &str = "trailmap manifest 1";

/// What a folder's manifest says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manifest {
    /// A staging folder: every file in it is trailmap's.
    Building,
    /// A finished site: exactly these files (relative paths with `/`) are trailmap's.
    Complete(Owned),
}

/// The files trailmap wrote in a folder, and the folders that hold them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owned {
    files: HashSet<String>,
    folders: HashSet<String>,
}

impl Owned {
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> Owned {
        let mut owned = Owned::default();
        for path in paths {
            owned.add(path);
        }
        owned
    }

    fn add(&mut self, path: &str) {
        let mut folder = path;
        while let Some((parent, _)) = folder.rsplit_once('/') {
            if !self.folders.insert(parent.to_string()) {
                break;
            }
            folder = parent;
        }
        self.files.insert(path.to_string());
    }

    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    pub fn has_folder(&self, path: &str) -> bool {
        self.folders.contains(path)
    }
}

/// Reads the manifest of `dir`; `None` when it has none (or one trailmap did not write).
pub fn read(dir: &Path) -> Result<Option<Manifest>, WriteError> {
    let path = dir.join(NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        // Not UTF-8: not ours.
        Err(error) if error.kind() == std::io::ErrorKind::InvalidData => return Ok(None),
        Err(error) => return Err(io(&path)(error)),
    };
    let mut lines = text.lines();
    let Some(state) = lines.next().and_then(|first| first.strip_prefix(MAGIC)) else { return Ok(None) };
    Ok(match state.trim() {
        "building" => Some(Manifest::Building),
        "complete" => {
            let paths: Vec<String> =
                lines.filter(|l| !l.starts_with('#') && !l.is_empty()).map(decode).collect();
            Some(Manifest::Complete(Owned::new(paths.iter().map(String::as_str))))
        }
        _ => None,
    })
}

/// Marks `dir` as a staging folder whose every file is trailmap's.
pub fn write_building(dir: &Path) -> Result<(), WriteError> {
    replace(
        dir,
        format!("{MAGIC} building\n# A site being built by trailmap; every file here is trailmap's.\n"),
    )
}

/// Lists `paths` as the files trailmap wrote in `dir`. Replaces the old manifest in one step, so
/// that a kill leaves either the old list or the new one.
pub fn write_complete<'a>(dir: &Path, paths: impl Iterator<Item = &'a str>) -> Result<(), WriteError> {
    let mut text = format!(
        "{MAGIC} complete\n# The files trailmap wrote in this folder. Anything else here is yours: trailmap never deletes or changes it.\n"
    );
    for path in paths {
        text.push_str(&encode(path));
        text.push('\n');
    }
    replace(dir, text)
}

fn replace(dir: &Path, text: String) -> Result<(), WriteError> {
    let path = dir.join(NAME);
    let temporary = dir.join(format!("{NAME}.tmp"));
    let mut file = std::fs::File::create(&temporary).map_err(io(&temporary))?;
    file.write_all(text.as_bytes()).map_err(io(&temporary))?;
    drop(file);
    std::fs::rename(&temporary, &path).map_err(io(&path))
}

/// A path on one line: `%` and line breaks are percent-encoded.
fn encode(path: &str) -> String {
    path.replace('%', "%25").replace('\n', "%0A").replace('\r', "%0D")
}

fn decode(line: &str) -> String {
    line.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
}

/// Whether a file name is one the manifest machinery itself uses.
pub fn is_own_file(name: &str) -> bool {
    name == NAME || name == format!("{NAME}.tmp")
}

/// The entries of `dir` that are not trailmap's by `owned` (`None`: nothing is), each the
/// outermost such entry (a foreign folder is listed, not its contents), as paths relative to
/// `dir`. Entries named with bytes that are not UTF-8 are foreign too.
pub fn foreign(dir: &Path, owned: Option<&Owned>) -> Result<Vec<PathBuf>, WriteError> {
    let mut found = Vec::new();
    let mut folders = vec![PathBuf::new()];
    while let Some(folder) = folders.pop() {
        let at = dir.join(&folder);
        for entry in std::fs::read_dir(&at).map_err(io(&at))? {
            let entry = entry.map_err(io(&at))?;
            let rel = folder.join(entry.file_name());
            let name = rel.to_str().map(|p| p.replace('\\', "/"));
            if folder.as_os_str().is_empty() && name.as_deref().is_some_and(is_own_file) {
                continue;
            }
            let kind = entry.file_type().map_err(io(&entry.path()))?;
            let ours = match (owned, &name) {
                (Some(owned), Some(name)) if kind.is_dir() => {
                    if owned.has_folder(name) {
                        folders.push(rel);
                        continue;
                    }
                    false
                }
                (Some(owned), Some(name)) => kind.is_file() && owned.has_file(name),
                _ => false,
            };
            if !ours {
                found.push(rel);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The non-dot entries at the top of `dir` (a folder holding only dotfiles is as good as empty:
/// they are kept anyway), at most `limit` of them, and how many there are.
pub fn visible_entries(dir: &Path, limit: usize) -> Result<(Vec<String>, usize), WriteError> {
    let mut names = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let name = entry.map_err(io(dir))?.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        count += 1;
        names.push(name);
    }
    names.sort();
    names.truncate(limit);
    Ok((names, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_round_trips_and_odd_names_survive() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        let paths = ["index.html", "a/b/index.html", "odd%20name\nwith break.txt"];
        write_complete(dir.path(), paths.iter().copied()).unwrap();
        let Some(Manifest::Complete(owned)) = read(dir.path()).unwrap() else { panic!("complete") };
        assert!(paths.iter().all(|p| owned.has_file(p)));
        assert!(owned.has_folder("a") && owned.has_folder("a/b") && !owned.has_folder("index.html"));
        write_building(dir.path()).unwrap();
        assert_eq!(read(dir.path()).unwrap(), Some(Manifest::Building));
        std::fs::write(dir.path().join(NAME), "my own notes\n").unwrap();
        assert_eq!(read(dir.path()).unwrap(), None, "a file of that name that trailmap did not write");
    }

    #[test]
    fn foreign_entries_are_the_outermost_ones_not_listed() {
        let dir = tempfile::tempdir().unwrap();
        for file in ["index.html", "a/index.html", "a/mine.txt", "photos/1.jpg", "photos/2.jpg", ".git/HEAD"]
        {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("index.html.d")).unwrap();
        write_complete(dir.path(), ["index.html", "a/index.html", "index.html.d"].into_iter()).unwrap();
        let Some(Manifest::Complete(owned)) = read(dir.path()).unwrap() else { panic!("complete") };
        let found = foreign(dir.path(), Some(&owned)).unwrap();
        let names: Vec<_> = found.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        // A listed file that is a folder on disk is not the file trailmap wrote.
        assert_eq!(names, [".git", "a/mine.txt", "index.html.d", "photos"]);
        let all = foreign(dir.path(), None).unwrap();
        assert_eq!(all.len(), 5, "without a manifest everything but the manifest is foreign: {all:?}");
    }
}
