//! Stage 5, write: the rendered site is a map from paths to bytes, written into `public/` in one
//! swap so that no reader (and no killed build) ever sees half of it, and only into a folder
//! that is trailmap's own (see [`manifest`]).

mod manifest;
mod site_file;
mod staging;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use site_file::SiteFile;
pub use staging::{Finished, Staging, Takeover};

/// Every file of a built site, by path relative to the output folder (with `/` separators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Shared, so that a rebuild that keeps a page keeps it without a copy.
    files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Files already written to a build's [`Staging`] folder as they were rendered, with their
    /// sizes: a big site is never held in memory whole.
    on_disk: BTreeMap<String, usize>,
}

impl Output {
    pub fn new() -> Self {
        Output::default()
    }

    /// Adds a file; returns the path back if something already claimed it.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Result<(), String> {
        let path = path.into();
        if self.contains(&path) {
            return Err(path);
        }
        self.files.insert(path, Arc::new(bytes.into()));
        Ok(())
    }

    /// Records a file of `len` bytes that is already in the build's staging folder; returns the
    /// path back if something already claimed it.
    pub fn insert_written(&mut self, path: impl Into<String>, len: usize) -> Result<(), String> {
        let path = path.into();
        if self.contains(&path) {
            return Err(path);
        }
        self.on_disk.insert(path, len);
        Ok(())
    }

    /// Adds or replaces a file already in the build's staging folder.
    pub fn put_written(&mut self, path: impl Into<String>, len: usize) {
        let path = path.into();
        self.files.remove(&path);
        self.on_disk.insert(path, len);
    }

    /// Adds or replaces a file.
    pub fn put(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let path = path.into();
        self.on_disk.remove(&path);
        self.files.insert(path, Arc::new(bytes.into()));
    }

    /// Adds or replaces the files of `other`.
    pub fn merge(&mut self, other: Output) {
        for (path, bytes) in other.files {
            self.on_disk.remove(&path);
            self.files.insert(path, bytes);
        }
        for (path, len) in other.on_disk {
            self.put_written(path, len);
        }
    }

    /// Adds the files of an edition's output below its folder `prefix` (`de/`), sharing their
    /// bytes; returns the paths that something already claimed (and keeps the first).
    pub fn merge_prefixed(&mut self, other: &Output, prefix: &str) -> Vec<String> {
        let mut taken = Vec::new();
        for (path, bytes) in &other.files {
            if let Err(path) = self.insert_shared(format!("{prefix}{path}"), Arc::clone(bytes)) {
                taken.push(path);
            }
        }
        for (path, len) in &other.on_disk {
            if let Err(path) = self.insert_written(format!("{prefix}{path}"), *len) {
                taken.push(path);
            }
        }
        taken
    }

    /// The bytes of a file held in memory (not of one already written to disk).
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|bytes| bytes.as_slice())
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.on_disk.contains_key(path)
    }

    pub fn len(&self) -> usize {
        self.files.len() + self.on_disk.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The files held in memory, with their bytes.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// A file held in memory, shared (to keep it in another output without a copy).
    pub fn shared(&self, path: &str) -> Option<&Arc<Vec<u8>>> {
        self.files.get(path)
    }

    /// Adds a file held in memory by another output; returns the path back if something
    /// already claimed it.
    pub fn insert_shared(&mut self, path: String, bytes: Arc<Vec<u8>>) -> Result<(), String> {
        if self.contains(&path) {
            return Err(path);
        }
        self.files.insert(path, bytes);
        Ok(())
    }

    /// Every path of the site, in memory or already written.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().chain(self.on_disk.keys()).map(String::as_str)
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(|bytes| bytes.len()).sum::<usize>() + self.on_disk.values().sum::<usize>()
    }

    /// The number of HTML pages.
    pub fn pages(&self) -> usize {
        self.paths().filter(|p| p.ends_with(".html")).count()
    }
}

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("refusing to write the site into {0}: it holds the site's own files (choose another --output)")]
    Unsafe(PathBuf),
    #[error("refusing to write the site into {0}: it is not a folder")]
    NotAFolder(PathBuf),
    #[error(
        "refusing to write the site into {}: it holds {count} {} that trailmap did not write ({}{})\n  = hint: {}",
        path.display(),
        if *count == 1 { "entry" } else { "entries" },
        examples.join(", "),
        if *count > examples.len() { ", …" } else { "" },
        if *earlier_trailmap {
            "it looks like the output of an earlier trailmap version, which did not mark its folders: \
             delete it and build again"
        } else {
            "build into a new or empty folder with --output, or pass --force to write into this one: \
             your files stay, and any the site would replace are moved to a folder beside it"
        }
    )]
    NotOurs { path: PathBuf, examples: Vec<String>, count: usize, earlier_trailmap: bool },
    #[error(
        "refusing to use {}: trailmap keeps its working folders under this name, and this one is not trailmap's \
         (it has no {})\n  = hint: move it away (an earlier trailmap version may have left it), or pass --force \
         to have it moved aside for you",
        .0.display(),
        manifest::NAME
    )]
    NotOurHelper(PathBuf),
    #[error(
        "refusing to replace files that trailmap did not write in {}: {}\n  = hint: move them away, or pass \
         --force to have them moved to a folder beside it",
        target.display(),
        paths.iter().take(5).map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    WouldReplace { target: PathBuf, paths: Vec<PathBuf> },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// Replaces `target` with `output`, so that `target` is at every moment either the whole old
/// site or the whole new one, even if the process is killed (see [`Staging`]).
pub fn write(
    output: &Output,
    target: &Path,
    site_root: &Path,
    takeover: Takeover,
) -> Result<Finished, WriteError> {
    Staging::prepare(target, site_root, takeover)?.finish(output)
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

    fn put(dir: &Path, path: &str, text: &str) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Every file under `dir`, with its bytes, but the manifest.
    fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && e.file_name() != manifest::NAME)
            .map(|e| {
                let path = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (path, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    fn beside(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn refuses_a_folder_it_did_not_write_and_touches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let documents = dir.path().join("Documents");
        put(&documents, "thesis.txt", "four years");
        put(&documents, "photos/beach.jpg", "sand");
        put(&documents, ".hidden", "mine");
        let before = files(&documents);
        let error =
            write(&site(&[("index.html", "x")]), &documents, dir.path(), Takeover::Refuse).unwrap_err();
        assert!(matches!(&error, WriteError::NotOurs { count: 2, .. }), "{error}");
        let message = error.to_string();
        assert!(message.contains("photos, thesis.txt") && message.contains("--force"), "{message}");
        assert_eq!(files(&documents), before);
        assert_eq!(beside(dir.path()), ["Documents"], "nothing made beside it");
    }

    #[test]
    fn an_empty_folder_or_one_holding_only_dotfiles_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        put(&public, ".git/HEAD", "ref: refs/heads/gh-pages");
        write(
            &site(&[("index.html", "new"), ("a/b/index.html", "deep"), (".nojekyll", "")]),
            &public,
            dir.path(),
            Takeover::Refuse,
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(public.join("a/b/index.html")).unwrap(), "deep");
        assert_eq!(std::fs::read_to_string(public.join(".git/HEAD")).unwrap(), "ref: refs/heads/gh-pages");
        assert!(manifest::read(&public).unwrap().is_some());
        // The next build finds the .git where it was, and leaves only the spare beside public/.
        write(&site(&[("index.html", "newer")]), &public, dir.path(), Takeover::Refuse).unwrap();
        assert_eq!(files(&public).keys().collect::<Vec<_>>(), [".git/HEAD", "index.html"]);
        assert_eq!(beside(dir.path()), [".public.trailmap-old", "public"]);
        assert!(!dir.path().join(".public.trailmap-old/.git").exists(), "the .git moved over");
    }

    #[test]
    fn prunes_only_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(
            &site(&[("index.html", "1"), ("a/index.html", "a"), ("b/index.html", "b")]),
            &public,
            dir.path(),
            Takeover::Refuse,
        )
        .unwrap();
        put(&public, "a/mine.txt", "the user's, inside a folder of the site");
        put(&public, "b/notes/todo.txt", "inside a folder the site will drop");
        put(&public, "google123.html", "a verification file");
        write(&site(&[("index.html", "2"), ("a/index.html", "a")]), &public, dir.path(), Takeover::Refuse)
            .unwrap();
        let now = files(&public);
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            ["a/index.html", "a/mine.txt", "b/notes/todo.txt", "google123.html", "index.html"]
        );
        // And again, from the spare.
        write(&site(&[("index.html", "3")]), &public, dir.path(), Takeover::Refuse).unwrap();
        assert_eq!(
            files(&public).keys().collect::<Vec<_>>(),
            ["a/mine.txt", "b/notes/todo.txt", "google123.html", "index.html"]
        );
    }

    #[test]
    fn a_file_of_the_users_in_the_sites_way_is_refused_or_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(&site(&[("index.html", "1")]), &public, dir.path(), Takeover::Refuse).unwrap();
        put(&public, "new/index.html", "the user's own page");
        put(&public, ".nojekyll", "");
        let two = site(&[("index.html", "2"), ("new/index.html", "the site's"), (".nojekyll", "")]);
        let error = write(&two, &public, dir.path(), Takeover::Refuse).unwrap_err();
        assert!(
            matches!(&error, WriteError::WouldReplace { paths, .. } if paths == &[PathBuf::from("new")]),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "1", "nothing changed");
        let finished = write(&two, &public, dir.path(), Takeover::Force).unwrap();
        assert_eq!(std::fs::read_to_string(public.join("new/index.html")).unwrap(), "the site's");
        assert_eq!(finished.kept, [PathBuf::from("new")]);
        let kept = dir.path().join(".public.trailmap-kept/new/index.html");
        assert_eq!(std::fs::read_to_string(kept).unwrap(), "the user's own page");
        // The same `.nojekyll` as the site's is simply the site's now.
        write(&two, &public, dir.path(), Takeover::Refuse).unwrap();
        assert!(!dir.path().join(".public.trailmap-kept/.nojekyll").exists());
    }

    #[test]
    fn force_writes_into_a_folder_and_keeps_every_file_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let documents = dir.path().join("Documents");
        put(&documents, "thesis.txt", "four years");
        put(&documents, "index.html", "my homepage");
        write(
            &site(&[("index.html", "site"), ("a/index.html", "a")]),
            &documents,
            dir.path(),
            Takeover::Force,
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(documents.join("thesis.txt")).unwrap(), "four years");
        assert_eq!(std::fs::read_to_string(documents.join("index.html")).unwrap(), "site");
        let kept = dir.path().join(".Documents.trailmap-kept/index.html");
        assert_eq!(std::fs::read_to_string(kept).unwrap(), "my homepage");
        // From now on the folder is trailmap's, and the thesis stays through every build.
        for n in 0..3 {
            write(&site(&[("index.html", &n.to_string())]), &documents, dir.path(), Takeover::Refuse)
                .unwrap();
            assert_eq!(std::fs::read_to_string(documents.join("thesis.txt")).unwrap(), "four years");
        }
        assert!(!documents.join("a").exists(), "the site's own page is pruned");
    }

    #[test]
    fn a_working_folder_that_is_not_trailmaps_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        put(&dir.path().join(".public.trailmap-old"), "diary.txt", "not a spare");
        let error = write(&site(&[("index.html", "x")]), &public, dir.path(), Takeover::Refuse).unwrap_err();
        assert!(matches!(error, WriteError::NotOurHelper(_)), "{error}");
        assert!(!public.exists());
        write(&site(&[("index.html", "x")]), &public, dir.path(), Takeover::Force).unwrap();
        let kept = dir.path().join(".public.trailmap-kept/.public.trailmap-old/diary.txt");
        assert_eq!(std::fs::read_to_string(kept).unwrap(), "not a spare");
    }

    #[test]
    fn the_spare_is_brought_up_to_date_whatever_state_it_is_in() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let spare = dir.path().join(".public.trailmap-old");
        let one = site(&[("index.html", "one"), ("a/index.html", "a"), ("gone/index.html", "x")]);
        let two =
            site(&[("index.html", "two!"), ("a/index.html", "a"), ("b/c/index.html", "c"), ("x", "file")]);
        write(&one, &public, dir.path(), Takeover::Refuse).unwrap();
        write(&two, &public, dir.path(), Takeover::Refuse).unwrap();
        // The spare now holds edition one; mess up its files the ways a kill could.
        std::fs::write(spare.join("a/index.html"), "half-writ").unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "must not change").unwrap();
        std::fs::remove_file(spare.join("index.html")).unwrap();
        std::os::unix::fs::symlink(&outside, spare.join("index.html")).unwrap();
        std::fs::remove_dir_all(spare.join("gone")).unwrap();
        // A file of the live site that something else links to is never written through.
        let linked = dir.path().join("linked.html");
        std::fs::hard_link(public.join("a/index.html"), &linked).unwrap();

        let three =
            site(&[("index.html", "three"), ("a/index.html", "A"), ("b/c/index.html", "c"), ("x", "f")]);
        for edition in [&one, &three, &three, &two] {
            write(edition, &public, dir.path(), Takeover::Refuse).unwrap();
            let expected: BTreeMap<String, Vec<u8>> =
                edition.iter().map(|(p, b)| (p.to_string(), b.to_vec())).collect();
            assert_eq!(files(&public), expected);
        }
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "must not change");
        assert_eq!(std::fs::read_to_string(&linked).unwrap(), "a");
    }

    #[test]
    fn the_users_files_left_in_a_working_folder_by_a_kill_go_back() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(&site(&[("index.html", "one")]), &public, dir.path(), Takeover::Refuse).unwrap();
        // As if a build was killed right after the exchange: the old site, with the user's .git
        // and notes, sits in the staging folder, and public/ has neither.
        let leftover = dir.path().join(".public.trailmap-new");
        put(&leftover, ".git/HEAD", "ref");
        put(&leftover, "index.html", "old");
        put(&leftover, "a/notes.txt", "mine");
        manifest::write_complete(&leftover, ["index.html"].into_iter()).unwrap();
        write(&site(&[("index.html", "two")]), &public, dir.path(), Takeover::Refuse).unwrap();
        assert_eq!(std::fs::read_to_string(public.join(".git/HEAD")).unwrap(), "ref");
        assert_eq!(std::fs::read_to_string(public.join("a/notes.txt")).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "two");
        assert!(!leftover.exists());
    }

    #[test]
    fn a_kill_between_the_two_renames_of_the_fallback_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        // What `swap` without an exchange leaves when killed after moving the old site aside.
        let retired = dir.path().join(".public.trailmap-old");
        put(&retired, ".git/HEAD", "ref");
        put(&retired, "index.html", "old");
        manifest::write_complete(&retired, ["index.html"].into_iter()).unwrap();
        let staging = dir.path().join(".public.trailmap-new");
        put(&staging, "index.html", "new");
        manifest::write_building(&staging).unwrap();
        write(&site(&[("index.html", "newer")]), &public, dir.path(), Takeover::Refuse).unwrap();
        assert_eq!(std::fs::read_to_string(public.join(".git/HEAD")).unwrap(), "ref");
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "newer");
        assert!(!staging.exists() && !retired.join(".git").exists());
    }

    #[test]
    fn files_beside_the_text_are_copied_once_and_again_only_when_changed() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let source = dir.path().join("diagram.png");
        std::fs::write(&source, "pixels").unwrap();
        let build = |expect: &str| {
            let staging = Staging::prepare(&public, dir.path(), Takeover::Refuse).unwrap();
            assert_eq!(staging.copy("img/diagram.png", &source).unwrap(), expect.len() as u64);
            let mut output = Output::new();
            output.insert_written("img/diagram.png", expect.len()).unwrap();
            staging.finish(&output).unwrap();
            assert_eq!(std::fs::read_to_string(public.join("img/diagram.png")).unwrap(), expect);
            std::fs::metadata(public.join("img/diagram.png")).unwrap().ino()
        };
        build("pixels");
        build("pixels");
        // The spare now holds the first copy: the third build keeps it as it is.
        let spare = dir.path().join(".public.trailmap-old/img/diagram.png");
        let kept = std::fs::metadata(&spare).unwrap().ino();
        assert_eq!(build("pixels"), kept, "an unchanged file is not copied again");
        std::fs::write(&source, "new pixels").unwrap();
        build("new pixels");
        build("new pixels");
    }

    #[test]
    fn refuses_to_write_over_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("trailmap.toml"), "").unwrap();
        let output = site(&[("index.html", "x")]);
        for target in [dir.path().to_path_buf(), dir.path().join("content/x")] {
            let result = write(&output, &target, dir.path(), Takeover::Force);
            assert!(matches!(result, Err(WriteError::Unsafe(_))), "{}", target.display());
        }
        assert!(dir.path().join("trailmap.toml").exists());
    }
}
