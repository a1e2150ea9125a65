//! Stage 5, write: the rendered site is a map from paths to bytes, written into `public/` in one
//! swap so that no reader (and no killed build) ever sees half of it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

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
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// Replaces `target` with `output`, so that `target` is at every moment either the whole old
/// site or the whole new one, even if the process is killed (see [`Staging`]).
pub fn write(output: &Output, target: &Path, site_root: &Path) -> Result<(), WriteError> {
    Staging::prepare(target, site_root)?.finish(output)
}

/// The folder a build puts the new site together in, beside `target`, before exchanging the
/// two in one atomic step (`renameat2(RENAME_EXCHANGE)` on Linux). The dotfiles of the old
/// folder (a `.git`, a `.well-known`) that the new site does not itself provide are then moved
/// over.
///
/// The old site is kept beside `target` as a spare (`.public.trailmap-old`), and the next
/// build brings that spare up to date instead of writing a whole new tree: only the files that
/// differ are written, only the ones the site no longer has are deleted. Creating and deleting
/// thousands of files and folders costs far more than comparing them, so a rebuild of a big
/// roadmap is mostly reads. A build killed at any step leaves its folders behind, and the next
/// build takes them up again, dotfiles first: a user's dotfiles are never lost.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    spare: PathBuf,
    /// The folder was made for this build: nothing in it to compare with.
    fresh: bool,
    /// What the folder held when the build began, by relative path (`true` for folders): taken
    /// by a thread of its own while the site loads, and waited for before the first write.
    survey: Mutex<Option<std::thread::JoinHandle<Result<Found, WriteError>>>>,
    found: OnceLock<Result<Found, String>>,
}

type Found = BTreeMap<String, bool>;

impl Staging {
    /// Checks that `target` may be written, recovers what a killed build left, and opens the
    /// folder the new site goes into.
    pub fn prepare(target: &Path, site_root: &Path) -> Result<Staging, WriteError> {
        guard(target, site_root)?;
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let name = target.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.trailmap-new"));
        let spare = parent.join(format!(".{name}.trailmap-old"));
        // Without an atomic exchange, the old site moves aside before the new one moves in; a
        // kill between the two leaves no `target` and the whole old site (dotfiles included)
        // as the spare.
        if !target.exists() && spare.is_dir() {
            std::fs::rename(&spare, target).map_err(io(target))?;
        }
        // The folder to bring up to date: a killed build's staging folder (whose dotfiles are
        // moved back when the build finishes), or else the spare.
        if dir.is_dir() {
            if spare.is_dir() {
                if target.is_dir() {
                    keep_dotfiles(&Output::new(), &spare, target)?;
                }
                std::fs::remove_dir_all(&spare).map_err(io(&spare))?;
            }
        } else if spare.is_dir() {
            std::fs::rename(&spare, &dir).map_err(io(&dir))?;
        }
        let fresh = !dir.exists();
        let found = OnceLock::new();
        let mut survey = None;
        if fresh {
            std::fs::create_dir_all(&dir).map_err(io(&dir))?;
            let _ = found.set(Ok(Found::new()));
        } else {
            let dir = dir.clone();
            survey = Some(std::thread::spawn(move || take_survey(&dir)));
        }
        Ok(Staging { target: target.to_path_buf(), dir, spare, fresh, survey: Mutex::new(survey), found })
    }

    /// What the folder held when the build began (see [`take_survey`]).
    fn found(&self) -> Result<&Found, WriteError> {
        let found = self.found.get_or_init(|| {
            let survey = self.survey.lock().unwrap_or_else(|e| e.into_inner()).take();
            match survey.map(std::thread::JoinHandle::join) {
                Some(Ok(Ok(found))) => Ok(found),
                Some(Ok(Err(error))) => Err(error.to_string()),
                _ => Err(format!("cannot read {}: the survey of the folder failed", self.dir.display())),
            }
        });
        found.as_ref().map_err(|message| WriteError::Io {
            path: self.dir.clone(),
            source: std::io::Error::other(message.clone()),
        })
    }

    /// Writes one file of the new site (from any thread).
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let mut file = self.file(path)?;
        let written = file.write_all(bytes).and_then(|()| file.finish().map(drop));
        written.map_err(|source| WriteError::Io { path: self.path_of(path), source })
    }

    /// Where a file of the new site is written.
    pub fn path_of(&self, path: &str) -> PathBuf {
        self.dir.join(path)
    }

    /// Opens one file of the new site for writing (from any thread); see [`SiteFile`].
    pub fn file(&self, path: &str) -> Result<SiteFile, WriteError> {
        let found = self.found()?;
        let file = self.dir.join(path);
        if let Some(folder) = file.parent()
            && std::fs::create_dir_all(folder).is_err()
        {
            // A file of the old site stands where the new one has a folder.
            let mut at = String::new();
            for part in path.split('/').take(path.split('/').count() - 1) {
                at = if at.is_empty() { part.to_string() } else { format!("{at}/{part}") };
                if found.get(&at) == Some(&false) {
                    // Another page of the same folder may have got there first.
                    let blocking = self.dir.join(&at);
                    unless_gone(std::fs::remove_file(&blocking), &blocking)?;
                }
            }
            std::fs::create_dir_all(folder).map_err(io(folder))?;
        }
        if found.get(path) == Some(&true) {
            // A folder of the old site stands where the new one has a file.
            std::fs::remove_dir_all(&file).map_err(io(&file))?;
        }
        SiteFile::open(&file, self.fresh || !found.contains_key(path)).map_err(io(&file))
    }

    /// Writes the files of `output` still in memory, deletes what the old site had and the new
    /// one does not, and puts the new site in place of `target`.
    pub fn finish(self, output: &Output) -> Result<(), WriteError> {
        use rayon::prelude::*;
        let files: Vec<(&str, &[u8])> = output.iter().collect();
        files.par_iter().try_for_each(|(path, bytes)| self.put(path, bytes))?;
        if self.target.is_dir() {
            keep_dotfiles(output, &self.dir, &self.target)?;
        }
        self.prune(output)?;
        swap(&self.dir, &self.target, &self.spare)?;
        if self.spare.exists() {
            keep_dotfiles(output, &self.spare, &self.target)?;
        }
        Ok(())
    }

    /// Gives up on the build: `target` stays as it was, and the folder is kept as the spare
    /// (or deleted, if it was made for this build).
    pub fn abandon(self) {
        let _ = self.found();
        if self.fresh || self.spare.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            let _ = std::fs::rename(&self.dir, &self.spare);
        }
    }

    /// Deletes what the folder held that the new site does not have.
    fn prune(&self, output: &Output) -> Result<(), WriteError> {
        let mut folders: BTreeSet<&str> = BTreeSet::new();
        for path in output.paths() {
            let mut path = path;
            while let Some((folder, _)) = path.rsplit_once('/') {
                if !folders.insert(folder) {
                    break;
                }
                path = folder;
            }
        }
        let mut gone: Option<&str> = None;
        for (path, &is_folder) in self.found()? {
            // Inside a folder already deleted.
            if gone.is_some_and(|g| path.strip_prefix(g).is_some_and(|rest| rest.starts_with('/'))) {
                continue;
            }
            let wanted = if is_folder { folders.contains(path.as_str()) } else { output.contains(path) };
            if wanted {
                continue;
            }
            let at = self.dir.join(path);
            let result = if is_folder {
                gone = Some(path);
                std::fs::remove_dir_all(&at)
            } else {
                std::fs::remove_file(&at)
            };
            unless_gone(result, &at)?;
        }
        Ok(())
    }
}

/// The result of deleting `path`, where finding it already gone is as good as deleting it.
fn unless_gone(result: std::io::Result<()>, path: &Path) -> Result<(), WriteError> {
    match result {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(io(path)(error)),
        _ => Ok(()),
    }
}

/// What `dir` holds: its files and folders by relative path (`true` for folders). Anything
/// else (a symlink, a socket) is deleted on the way, so that no write can follow it out.
fn take_survey(dir: &Path) -> Result<Found, WriteError> {
    let mut found = BTreeMap::new();
    let mut walk = walkdir::WalkDir::new(dir).min_depth(1).into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            WriteError::Io { source: e.into(), path }
        })?;
        let kind = entry.file_type();
        let relative =
            entry.path().strip_prefix(dir).ok().and_then(Path::to_str).map(|p| p.replace('\\', "/"));
        match relative {
            Some(path) if kind.is_dir() || kind.is_file() => {
                found.insert(path, kind.is_dir());
            }
            _ => {
                if kind.is_dir() {
                    walk.skip_current_dir();
                    std::fs::remove_dir_all(entry.path()).map_err(io(entry.path()))?;
                } else {
                    std::fs::remove_file(entry.path()).map_err(io(entry.path()))?;
                }
            }
        }
    }
    Ok(found)
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

/// A file of the new site being written, which touches the disk only where the new bytes differ
/// from what the file already holds: as long as they are the same, it reads and compares; from
/// the first difference on, it writes (in place, which costs the file system far less than a
/// new file). A file that has other names is replaced instead, so that no other file changes.
/// Nothing bigger than a buffer is ever held, however big the page.
pub struct SiteFile {
    file: std::fs::File,
    buffer: Vec<u8>,
    /// Bytes taken so far.
    at: u64,
    /// Length of what the file held before.
    old_len: u64,
    /// Everything so far is what the file already held.
    same: bool,
    old: Vec<u8>,
}

impl SiteFile {
    const BUFFER: usize = 64 * 1024;

    /// Opens `path` (`new`: there is likely no file there yet).
    fn open(path: &Path, new: bool) -> std::io::Result<SiteFile> {
        let fresh = |file| SiteFile {
            file,
            buffer: reused_buffer(),
            at: 0,
            old_len: 0,
            same: false,
            old: reused_buffer(),
        };
        if new {
            match std::fs::File::create_new(path) {
                Ok(file) => return Ok(fresh(file)),
                Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => return Err(error),
                Err(_) => {}
            }
        }
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
        match options.open(path) {
            Ok(file) => {
                let meta = file.metadata()?;
                #[cfg(unix)]
                let shared = std::os::unix::fs::MetadataExt::nlink(&meta) > 1;
                #[cfg(not(unix))]
                let shared = false;
                if meta.is_file() && !shared {
                    let mut site_file = fresh(file);
                    site_file.old_len = meta.len();
                    site_file.same = true;
                    return Ok(site_file);
                }
                drop(file);
                std::fs::remove_file(path)?;
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        Ok(fresh(std::fs::File::create_new(path)?))
    }

    /// Compares or writes what the buffer holds.
    fn drain(&mut self) -> std::io::Result<()> {
        use std::io::{Read, Seek};
        let n = self.buffer.len() as u64;
        if n == 0 {
            return Ok(());
        }
        if self.same {
            if self.at + n <= self.old_len {
                self.old.resize(self.buffer.len(), 0);
                self.file.read_exact(&mut self.old)?;
                if self.old == self.buffer {
                    self.at += n;
                    self.buffer.clear();
                    return Ok(());
                }
            }
            self.same = false;
            self.file.seek(std::io::SeekFrom::Start(self.at))?;
        }
        self.file.write_all(&self.buffer)?;
        self.at += n;
        self.buffer.clear();
        Ok(())
    }

    /// Ends the file where the new bytes end; returns its length.
    pub fn finish(mut self) -> std::io::Result<usize> {
        self.drain()?;
        // Only a file that held more than the new bytes needs cutting.
        if self.old_len > self.at {
            self.file.set_len(self.at)?;
        }
        Ok(self.at as usize)
    }
}

impl Drop for SiteFile {
    fn drop(&mut self) {
        give_back(std::mem::take(&mut self.buffer));
        give_back(std::mem::take(&mut self.old));
    }
}

thread_local! {
    /// Buffers of files already written, for the next ones on the same thread: fresh memory
    /// for every page costs more (in page faults) than the page itself.
    static BUFFERS: std::cell::RefCell<Vec<Vec<u8>>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn reused_buffer() -> Vec<u8> {
    BUFFERS.with(|b| b.borrow_mut().pop()).unwrap_or_else(|| Vec::with_capacity(SiteFile::BUFFER))
}

fn give_back(mut buffer: Vec<u8>) {
    if buffer.capacity() >= SiteFile::BUFFER && buffer.capacity() <= 2 * SiteFile::BUFFER {
        buffer.clear();
        BUFFERS.with(|b| {
            let mut buffers = b.borrow_mut();
            if buffers.len() < 4 {
                buffers.push(buffer);
            }
        });
    }
}

impl Write for SiteFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= Self::BUFFER {
            self.drain()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Moves the top-level dotfiles of `from` that the site does not generate into `to`, unless
/// `to` already has one of that name (which is then the newer).
fn keep_dotfiles(output: &Output, from: &Path, to: &Path) -> Result<(), WriteError> {
    for entry in std::fs::read_dir(from).map_err(io(from))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            continue;
        }
        let generated = output.contains(&name) || output.paths().any(|p| p.starts_with(&format!("{name}/")));
        let target = to.join(&name);
        if !generated && !target.exists() {
            std::fs::rename(entry.path(), &target).map_err(io(&target))?;
        }
    }
    Ok(())
}

/// Puts `staging` in place of `target` with a single atomic exchange where the system has one,
/// so that `target` is always a complete site; the old site ends up at `spare`.
fn swap(staging: &Path, target: &Path, spare: &Path) -> Result<(), WriteError> {
    if !target.exists() {
        return std::fs::rename(staging, target).map_err(io(target));
    }
    #[cfg(target_os = "linux")]
    if exchange(staging, target).is_ok() {
        // The old site is now at `staging`; a kill right here leaves it there, and the next
        // build recovers its dotfiles from it.
        return std::fs::rename(staging, spare).map_err(io(spare));
    }
    std::fs::rename(target, spare).map_err(io(target))?;
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
        let mut left: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        left.sort();
        assert_eq!(left, [".public.trailmap-old", "public"], "only the spare is left beside public/");
        assert!(!dir.path().join(".public.trailmap-old/.git").exists(), "the .git moved over");
    }

    /// Every file under `dir`, with its bytes.
    fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let path = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (path, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    #[test]
    fn the_spare_is_brought_up_to_date_whatever_state_it_is_in() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let spare = dir.path().join(".public.trailmap-old");
        let one = site(&[("index.html", "one"), ("a/index.html", "a"), ("gone/index.html", "x")]);
        let two =
            site(&[("index.html", "two!"), ("a/index.html", "a"), ("b/c/index.html", "c"), ("x", "file")]);
        write(&one, &public, dir.path()).unwrap();
        write(&two, &public, dir.path()).unwrap();
        // The spare now holds edition one; mess it up the ways a user or a kill could.
        std::fs::write(spare.join("a/index.html"), "half-writ").unwrap();
        std::fs::create_dir_all(spare.join("x/deep")).unwrap();
        std::fs::create_dir_all(spare.join("stray")).unwrap();
        std::fs::write(spare.join("stray/file"), "?").unwrap();
        std::fs::write(spare.join("b"), "a file where a folder goes").unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "must not change").unwrap();
        std::os::unix::fs::symlink(&outside, spare.join("index.html.tmp")).unwrap();
        std::fs::remove_file(spare.join("index.html")).unwrap();
        std::os::unix::fs::symlink(&outside, spare.join("index.html")).unwrap();
        // A file of the live site that something else links to is never written through.
        let linked = dir.path().join("linked.html");
        std::fs::hard_link(public.join("a/index.html"), &linked).unwrap();

        let three =
            site(&[("index.html", "three"), ("a/index.html", "A"), ("b/c/index.html", "c"), ("x", "f")]);
        for edition in [&one, &three, &three, &two] {
            write(edition, &public, dir.path()).unwrap();
            let expected: BTreeMap<String, Vec<u8>> =
                edition.iter().map(|(p, b)| (p.to_string(), b.to_vec())).collect();
            assert_eq!(files(&public), expected);
        }
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "must not change");
        assert_eq!(std::fs::read_to_string(&linked).unwrap(), "a");
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
        assert!(!staging.exists() && !retired.join(".git").exists());
    }

    #[test]
    fn a_site_file_writes_only_from_the_first_difference_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut changed = big.clone();
        changed[150_000] ^= 1;
        let cases: [&[u8]; 7] = [&big, &big, &changed, &big[..100_000], &big, b"", b"short"];
        for (round, bytes) in cases.iter().enumerate() {
            let mut file = SiteFile::open(&path, round == 0).unwrap();
            for piece in bytes.chunks(7_777) {
                file.write_all(piece).unwrap();
            }
            assert_eq!(file.finish().unwrap(), bytes.len());
            assert_eq!(std::fs::read(&path).unwrap(), *bytes, "round {round}");
        }
        // Unchanged bytes leave the file untouched (it is not even rewritten in place).
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut file = SiteFile::open(&path, false).unwrap();
        file.write_all(b"short").unwrap();
        file.finish().unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
        // A file with another name is replaced, never written through.
        let other = dir.path().join("other.html");
        std::fs::hard_link(&path, &other).unwrap();
        let mut file = SiteFile::open(&path, false).unwrap();
        file.write_all(b"new").unwrap();
        file.finish().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read(&other).unwrap(), b"short");
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
