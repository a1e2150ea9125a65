//! The folder a build puts the new site together in, beside the output folder, before the two
//! are exchanged in one atomic step (`renameat2(RENAME_EXCHANGE)` on Linux).
//!
//! Three folders sit beside the output `public/`:
//! - `.public.trailmap-new`, the staging folder of the build in progress;
//! - `.public.trailmap-old`, the previous site, kept as a spare that the next build brings up to
//!   date instead of writing a whole new tree (creating and deleting thousands of files costs far
//!   more than comparing them, so a rebuild of a big roadmap is mostly reads);
//! - `.public.trailmap-kept`, made only when needed: files of the user's that had to make way
//!   (taken over with `--force`, or found in the way after an interrupted build). Never deleted.
//!
//! Only files trailmap wrote are ever deleted or replaced (see [`manifest`]): the user's files
//! in `public/` (a `.git`, a verification file) move into each new site after the exchange, and
//! a build killed at any step leaves them in `public/` or in the spare, whence the next build
//! moves them back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use super::manifest::{self, Manifest, Owned};
use super::site_file::SiteFile;
use super::{Output, WriteError, io};

/// What a build may do with an output folder that trailmap did not write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Takeover {
    /// Refuse it, saying why (the default).
    #[default]
    Refuse,
    /// Write into it anyway (`--force`): its files stay, except those the site replaces, which
    /// are moved to the `kept` folder beside it.
    Force,
}

/// What a finished build did besides writing the site.
#[derive(Debug, Default)]
pub struct Finished {
    /// Files of the user's that made way for the site's, now in this folder.
    pub kept: Vec<PathBuf>,
    pub kept_in: Option<PathBuf>,
}

/// The staging folder of one build; see the module's documentation.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    spare: PathBuf,
    kept: PathBuf,
    takeover: Takeover,
    /// The folder was made for this build: nothing in it to compare with.
    fresh: bool,
    /// What the staging folder held when the build began (taken while the site loads).
    found: Arc<Later<Found>>,
    /// The entries of the output folder that are the user's (taken while the site loads).
    foreign: Arc<Later<Vec<PathBuf>>>,
    /// The folder below the site's root that this view writes into (an edition's `de/`):
    /// every path given to it is below it. Empty for the staging folder itself.
    prefix: String,
}

/// Files and folders of the staging folder by relative path (`true` for folders).
type Found = BTreeMap<String, bool>;

impl Staging {
    /// Checks that `target` may be written, puts back what a killed build left, and opens the
    /// folder the new site goes into.
    pub fn prepare(target: &Path, site_root: &Path, takeover: Takeover) -> Result<Staging, WriteError> {
        guard(target, site_root)?;
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let name = target.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let folder = |what: &str| parent.join(format!(".{name}.trailmap-{what}"));
        let (dir, spare, kept) = (folder("new"), folder("old"), folder("kept"));

        let dir_state = helper_state(&dir, &kept, takeover)?;
        let mut spare_state = helper_state(&spare, &kept, takeover)?;
        // Without an atomic exchange the old site moves aside before the new one moves in; a
        // kill between the two leaves no `target`, and the whole old site as the spare.
        if !target.exists() && matches!(spare_state, Some(Manifest::Complete(_))) {
            std::fs::rename(&spare, target).map_err(io(target))?;
            spare_state = None;
        }
        let owned = live_ownership(target, takeover)?;
        // The user's files left in a spare or staging folder by a killed build go home first.
        for (folder, state) in [(&spare, &spare_state), (&dir, &dir_state)] {
            if let Some(Manifest::Complete(listed)) = state {
                for rel in manifest::foreign(folder, Some(listed))? {
                    give_back(&folder.join(&rel), target, &rel, &kept)?;
                }
            }
        }
        // The folder to bring up to date: a killed build's staging folder, or else the spare.
        if dir_state.is_some() {
            if spare_state.is_some() {
                std::fs::remove_dir_all(&spare).map_err(io(&spare))?;
            }
        } else if spare_state.is_some() {
            std::fs::rename(&spare, &dir).map_err(io(&dir))?;
        }
        let fresh = !dir.exists();
        if fresh {
            std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        }
        manifest::write_building(&dir)?;

        let found = if fresh {
            Later::ready(Found::new())
        } else {
            let dir = dir.clone();
            Later::spawn(move || take_survey(&dir))
        };
        let foreign = if target.is_dir() {
            let target = target.to_path_buf();
            Later::spawn(move || manifest::foreign(&target, owned.as_ref()))
        } else {
            Later::ready(Vec::new())
        };
        let (found, foreign) = (Arc::new(found), Arc::new(foreign));
        let prefix = String::new();
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            spare,
            kept,
            takeover,
            fresh,
            found,
            foreign,
            prefix,
        })
    }

    /// The same staging folder, for an edition whose files live in `prefix` (`de/`) below the
    /// site's root: what it writes at `faq/index.html` lands at `de/faq/index.html`. Only the
    /// staging folder itself may be finished or abandoned.
    pub fn for_edition(&self, prefix: &str) -> Staging {
        Staging {
            target: self.target.clone(),
            dir: self.dir.clone(),
            spare: self.spare.clone(),
            kept: self.kept.clone(),
            takeover: self.takeover,
            fresh: self.fresh,
            found: Arc::clone(&self.found),
            foreign: Arc::clone(&self.foreign),
            prefix: format!("{}{prefix}", self.prefix),
        }
    }

    /// A path given to this view, as a path of the staging folder.
    fn full<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        if self.prefix.is_empty() { path.into() } else { format!("{}{path}", self.prefix).into() }
    }

    /// Writes one file of the new site (from any thread).
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        use std::io::Write;
        let mut file = self.file(path)?;
        let written = file.write_all(bytes).and_then(|()| file.finish().map(drop));
        written.map_err(|source| WriteError::Io { path: self.path_of(path), source })
    }

    /// Where a file of the new site is written.
    pub fn path_of(&self, path: &str) -> PathBuf {
        self.dir.join(&*self.full(path))
    }

    /// Opens one file of the new site for writing (from any thread); see [`SiteFile`].
    pub fn file(&self, path: &str) -> Result<SiteFile, WriteError> {
        let path = &*self.full(path);
        let found = self.found.get(&self.dir)?;
        let file = self.make_room(path)?;
        SiteFile::open(&file, self.fresh || !found.contains_key(path)).map_err(io(&file))
    }

    /// Copies a file of the site's sources (an image beside a page) into the new site, from any
    /// thread: the system copies it (never through this program's memory), and a copy already
    /// there with the same size and time is kept, so that a rebuild copies only what changed.
    /// Returns its length.
    pub fn copy(&self, path: &str, from: &Path) -> Result<u64, WriteError> {
        let path = &*self.full(path);
        let source = std::fs::metadata(from).map_err(io(from))?;
        let to = self.dir.join(path);
        if let Ok(there) = std::fs::symlink_metadata(&to)
            && there.is_file()
            && there.len() == source.len()
            && there.modified().ok() == source.modified().ok()
        {
            return Ok(source.len());
        }
        let to = self.make_room(path)?;
        // A new file, never the old one written through (it may have other names).
        unless_gone(std::fs::remove_file(&to), &to)?;
        std::fs::copy(from, &to).map_err(io(&to))?;
        if let Ok(modified) = source.modified() {
            let file = std::fs::File::options().write(true).open(&to).map_err(io(&to))?;
            file.set_modified(modified).map_err(io(&to))?;
        }
        Ok(source.len())
    }

    /// Puts a file that never changes once written (an image of the cache, named by its
    /// content) into the new site as another name of the same file, where the file system
    /// allows it, so that an empty output folder fills without copying its bytes; else copies it
    /// as [`Staging::copy`] does. Returns its length.
    pub fn link(&self, path: &str, from: &Path) -> Result<u64, WriteError> {
        let full = self.full(path);
        let source = std::fs::metadata(from).map_err(io(from))?;
        let to = self.make_room(&full)?;
        unless_gone(std::fs::remove_file(&to), &to)?;
        if std::fs::hard_link(from, &to).is_ok() {
            return Ok(source.len());
        }
        self.copy(path, from)
    }

    /// Makes the folders a file of the new site needs, and clears what stands in their way or
    /// in the file's (a file of the old site where a folder goes, or the other way round).
    fn make_room(&self, path: &str) -> Result<PathBuf, WriteError> {
        let found = self.found.get(&self.dir)?;
        let file = self.dir.join(path);
        // A folder the old site had is there already: a rebuild asks the system to make only the
        // new ones (a thousand failed calls fewer on a site of a thousand files).
        let there = path.rsplit_once('/').is_none_or(|(folder, _)| found.get(folder) == Some(&true));
        if !there
            && let Some(folder) = file.parent()
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
        if found.get(path) == Some(&true) && std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_dir()) {
            // A folder of the old site stands where the new one has a file.
            std::fs::remove_dir_all(&file).map_err(io(&file))?;
        }
        Ok(file)
    }

    /// Writes the files of `output` still in memory, deletes what the old site had and the new
    /// one does not, puts the new site in place of `target`, and moves the user's files into it.
    pub fn finish(self, output: &Output) -> Result<Finished, WriteError> {
        use rayon::prelude::*;
        let files: Vec<(&str, &[u8])> = output.iter().collect();
        files.par_iter().try_for_each(|(path, bytes)| self.put(path, bytes))?;
        self.prune(output)?;
        let foreign = self.foreign.get(&self.target)?;
        let Sorted { carried, in_the_way, identical } = self.sort_foreign(foreign, output);
        if !in_the_way.is_empty() && self.takeover == Takeover::Refuse {
            return Err(WriteError::WouldReplace { target: self.target.clone(), paths: in_the_way });
        }
        // From here on, anything in the folder that the list does not name is the user's.
        manifest::write_complete(&self.dir, output.paths())?;
        swap(&self.dir, &self.target, &self.spare)?;
        let mut finished = Finished::default();
        if self.spare.exists() {
            for rel in &carried {
                give_back(&self.spare.join(rel), &self.target, rel, &self.kept)?;
            }
            // A file of the same bytes as the site's (a `.nojekyll`) is simply the site's now.
            for rel in &identical {
                unless_gone(std::fs::remove_file(self.spare.join(rel)), &self.spare.join(rel))?;
            }
            for rel in in_the_way {
                keep(&self.spare.join(&rel), &rel, &self.kept)?;
                finished.kept.push(rel);
                finished.kept_in = Some(self.kept.clone());
            }
        }
        Ok(finished)
    }

    /// Splits the user's entries into those the new site leaves room for and those it would
    /// replace (a file of the same name with other bytes, or a file where it needs a folder).
    fn sort_foreign(&self, foreign: &[PathBuf], output: &Output) -> Sorted {
        let paths: BTreeSet<&str> = output.paths().collect();
        let mut sorted = Sorted::default();
        for rel in foreign {
            let Some(name) = rel.to_str().map(|p| p.replace('\\', "/")) else {
                sorted.carried.push(rel.clone());
                continue;
            };
            let under = format!("{name}/");
            let holds_site = paths.range(under.as_str()..).next().is_some_and(|p| p.starts_with(&under));
            let below_a_file = name.match_indices('/').any(|(i, _)| paths.contains(&name[..i]));
            let list = if holds_site || below_a_file {
                &mut sorted.in_the_way
            } else if !paths.contains(name.as_str()) {
                &mut sorted.carried
            } else if same_bytes(&self.target.join(rel), &self.dir.join(rel)) {
                &mut sorted.identical
            } else {
                &mut sorted.in_the_way
            };
            list.push(rel.clone());
        }
        sorted
    }

    /// Gives up on the build: `target` stays as it was, and the folder is kept as the spare
    /// (or deleted, if it was made for this build). Everything in it is trailmap's.
    pub fn abandon(self) {
        let _ = self.found.get(&self.dir);
        let _ = self.foreign.get(&self.target);
        if self.fresh || self.spare.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            let _ = std::fs::rename(&self.dir, &self.spare);
        }
    }

    /// Deletes what the staging folder held that the new site does not have. The folder is the
    /// build's own (see [`manifest::write_building`]), so everything in it is trailmap's.
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
        for (path, &is_folder) in self.found.get(&self.dir)? {
            // Inside a folder already deleted.
            if gone.is_some_and(|g| path.strip_prefix(g).is_some_and(|rest| rest.starts_with('/'))) {
                continue;
            }
            let wanted = if is_folder { folders.contains(path.as_str()) } else { output.contains(path) };
            if wanted || manifest::is_own_file(path) {
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

/// The user's entries in the output folder, by what the new site does to them.
#[derive(Default)]
struct Sorted {
    /// Moved into the new site.
    carried: Vec<PathBuf>,
    /// Where the site puts a file or folder of its own.
    in_the_way: Vec<PathBuf>,
    /// The same bytes as the site's file of that name.
    identical: Vec<PathBuf>,
}

/// A result made on a thread of its own, waited for when first needed.
struct Later<T> {
    handle: Mutex<Option<JoinHandle<Result<T, WriteError>>>>,
    value: OnceLock<Result<T, String>>,
}

impl<T: Send + 'static> Later<T> {
    fn spawn(work: impl FnOnce() -> Result<T, WriteError> + Send + 'static) -> Later<T> {
        Later { handle: Mutex::new(Some(std::thread::spawn(work))), value: OnceLock::new() }
    }

    fn ready(value: T) -> Later<T> {
        let done = OnceLock::new();
        let _ = done.set(Ok(value));
        Later { handle: Mutex::new(None), value: done }
    }

    /// The result; `about` names the folder in an error.
    fn get(&self, about: &Path) -> Result<&T, WriteError> {
        let value = self.value.get_or_init(|| {
            let handle = self.handle.lock().unwrap_or_else(|e| e.into_inner()).take();
            match handle.map(JoinHandle::join) {
                Some(Ok(Ok(value))) => Ok(value),
                Some(Ok(Err(error))) => Err(error.to_string()),
                _ => Err(format!("cannot read {}: the thread reading it failed", about.display())),
            }
        });
        value.as_ref().map_err(|message| WriteError::Io {
            path: about.to_path_buf(),
            source: std::io::Error::other(message.clone()),
        })
    }
}

/// The state of the spare or staging folder, which must be trailmap's: `None` when it does not
/// exist. One that is not (no manifest) is refused, or with `--force` moved whole to `kept`.
fn helper_state(folder: &Path, kept: &Path, takeover: Takeover) -> Result<Option<Manifest>, WriteError> {
    let Ok(meta) = std::fs::symlink_metadata(folder) else { return Ok(None) };
    if meta.is_dir()
        && let Some(state) = manifest::read(folder)?
    {
        return Ok(Some(state));
    }
    if meta.is_dir() && std::fs::read_dir(folder).map_err(io(folder))?.next().is_none() {
        std::fs::remove_dir(folder).map_err(io(folder))?;
        return Ok(None);
    }
    match takeover {
        Takeover::Refuse => Err(WriteError::NotOurHelper(folder.to_path_buf())),
        Takeover::Force => {
            let name = folder.file_name().map(PathBuf::from).unwrap_or_default();
            keep(folder, &name, kept)?;
            Ok(None)
        }
    }
}

/// What of the output folder is trailmap's: `None` when nothing is (it does not exist, holds
/// only dotfiles, or is taken over with `--force`). A folder trailmap did not write that holds
/// anything else is refused.
fn live_ownership(target: &Path, takeover: Takeover) -> Result<Option<Owned>, WriteError> {
    let Ok(meta) = std::fs::metadata(target) else { return Ok(None) };
    if !meta.is_dir() {
        return Err(WriteError::NotAFolder(target.to_path_buf()));
    }
    if let Some(Manifest::Complete(owned)) = manifest::read(target)? {
        return Ok(Some(owned));
    }
    let (examples, count) = manifest::visible_entries(target, 3)?;
    if count == 0 || takeover == Takeover::Force {
        return Ok(None);
    }
    // What every site built by trailmap before folders carried a manifest holds.
    let earlier_trailmap = ["search-index.js", "roadmap.json", ".nojekyll", "404.html"]
        .iter()
        .all(|name| target.join(name).is_file());
    Err(WriteError::NotOurs { path: target.to_path_buf(), examples, count, earlier_trailmap })
}

/// Moves one of the user's entries (at `from`) to its place `rel` in `target`, or to `kept`
/// when something else is there now.
fn give_back(from: &Path, target: &Path, rel: &Path, kept: &Path) -> Result<(), WriteError> {
    let home = target.join(rel);
    let room = target.is_dir()
        && std::fs::symlink_metadata(&home).is_err()
        && home.parent().is_some_and(|folder| std::fs::create_dir_all(folder).is_ok());
    if room {
        return std::fs::rename(from, &home).map_err(io(&home));
    }
    keep(from, rel, kept)
}

/// Moves `from` into `kept` at `rel` (with a number added if that place is taken).
fn keep(from: &Path, rel: &Path, kept: &Path) -> Result<(), WriteError> {
    let mut to = kept.join(rel);
    let mut n = 1;
    while std::fs::symlink_metadata(&to).is_ok() {
        let mut name = rel.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{n}"));
        to = kept.join(rel).with_file_name(name);
        n += 1;
    }
    if let Some(folder) = to.parent() {
        std::fs::create_dir_all(folder).map_err(io(folder))?;
    }
    std::fs::rename(from, &to).map_err(io(&to))
}

/// Whether two files hold the same bytes (a user's `.nojekyll` where the site writes one).
fn same_bytes(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) else { return false };
    ma.is_file() && mb.is_file() && ma.len() == mb.len() && std::fs::read(a).ok() == std::fs::read(b).ok()
}

/// The result of deleting `path`, where finding it already gone is as good as deleting it.
fn unless_gone(result: std::io::Result<()>, path: &Path) -> Result<(), WriteError> {
    match result {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(io(path)(error)),
        _ => Ok(()),
    }
}

/// What `dir` holds: its files and folders by relative path (`true` for folders). Anything
/// else (a symlink, a socket) is deleted on the way, so that no write can follow it out: the
/// folder is the build's own.
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
    let inside_sources = ["content", "static", "themes", "templates", "pages"]
        .iter()
        .any(|dir| target_abs.starts_with(root_abs.join(dir)));
    if root_abs.starts_with(&target_abs) || inside_sources || target_abs.join("trailmap.toml").exists() {
        return Err(WriteError::Unsafe(target.to_path_buf()));
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
        // build gives the user's files in it back.
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
