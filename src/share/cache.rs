//! Images kept between builds in `.trailmap/cache/images/` under the site, each named by a hash
//! of everything that drew it: an unchanged image is never drawn twice, even into an empty
//! output folder (a CI job that keeps the folder draws only what changed).

use std::hash::Hash;
use std::path::{Path, PathBuf};

use siphasher::sip128::{Hasher128, SipHasher13};

/// Where the cache lives, relative to the site's folder (`init`'s `.gitignore` ignores
/// `/.trailmap/`).
pub const DIR: &str = ".trailmap/cache/images";

/// Changes whenever the drawing code changes what it draws for the same content, so that old
/// images are never served for new code. Bump it with any change to `card.rs` or `maps.rs`.
const DRAWING_VERSION: u32 = 1;

/// The section colours every image is drawn in (the map's light scheme): a new palette draws
/// every card and map image again, with no version to bump.
fn palette() -> impl Hash {
    crate::mindmap::PALETTE.map(|h| (h.light.stroke, h.light.fill, h.light.section_fill))
}

/// A hash of the content that drew an image, stable across runs, machines and Rust versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(u128);

impl Key {
    /// The key of an image of `kind` drawn from `content` in the section colours.
    pub fn of(kind: &str, content: &impl Hash) -> Key {
        Key::drawn_in(&palette(), kind, content)
    }

    fn drawn_in(palette: &impl Hash, kind: &str, content: &impl Hash) -> Key {
        let mut hasher = SipHasher13::new();
        (DRAWING_VERSION, env!("CARGO_PKG_VERSION"), palette, kind).hash(&mut hasher);
        // The site's fallback fonts draw text too (none leaves the keys as they were).
        let fonts = super::fonts::fallbacks().key;
        if fonts != 0 {
            fonts.hash(&mut hasher);
        }
        content.hash(&mut hasher);
        Key(hasher.finish128().as_u128())
    }

    /// The file's name in the cache.
    pub fn file_name(self, extension: &str) -> String {
        format!("{:032x}.{extension}", self.0)
    }
}

/// The cache of one site.
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(site_root: &Path) -> Cache {
        Cache { dir: site_root.join(DIR) }
    }

    /// The cached file of an image, if there is one.
    pub fn find(&self, name: &str) -> Option<(PathBuf, u64)> {
        let path = self.dir.join(name);
        let meta = std::fs::metadata(&path).ok()?;
        (meta.is_file() && meta.len() > 0).then_some((path, meta.len()))
    }

    /// Keeps a freshly drawn image. A cache that cannot be written (a read-only checkout) costs
    /// only speed, never the build: the image itself is already in the output.
    pub fn keep(&self, name: &str, bytes: &[u8]) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        // Written under a name of its own, then renamed: a killed build, or two builds at once,
        // never leave half an image under the final name.
        // Read-only: a build links it into the output (see `Staging::link`), and a tool that
        // edits the published image in place must not change the cached one through it.
        let partial = self.dir.join(format!("{name}.{}.partial", std::process::id()));
        if std::fs::write(&partial, bytes).is_err() {
            return;
        }
        if let Ok(meta) = std::fs::metadata(&partial) {
            let mut permissions = meta.permissions();
            permissions.set_readonly(true);
            let _ = std::fs::set_permissions(&partial, permissions);
        }
        if std::fs::rename(&partial, self.dir.join(name)).is_err() {
            let _ = std::fs::remove_file(&partial);
        }
    }

    /// Deletes the cached images this build did not use, so that the folder holds one site's
    /// images, not every version of them.
    pub fn prune(&self, used: &std::collections::HashSet<String>) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_str().is_none_or(|name| !used.contains(name) && !name.ends_with(".partial")) {
                // Cleaning is best effort: a file left behind is pruned by the next build.
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_kind_and_content_and_never_by_run() {
        let a = Key::of("card", &("Rust", "Core"));
        assert_eq!(a, Key::of("card", &("Rust", "Core")));
        assert_ne!(a, Key::of("card", &("Rust", "Optional")));
        assert_ne!(a, Key::of("map", &("Rust", "Core")));
        assert_eq!(a.file_name("png").len(), 32 + 4);
    }

    #[test]
    fn a_new_palette_draws_every_image_again() {
        let content = ("Rust", "Core");
        assert_eq!(Key::of("card", &content), Key::drawn_in(&palette(), "card", &content));
        let mut other = crate::mindmap::PALETTE.map(|h| (h.light.stroke, h.light.fill, h.light.section_fill));
        other[3].0 = "#000000";
        assert_ne!(Key::of("card", &content), Key::drawn_in(&other, "card", &content));
    }

    #[test]
    fn an_image_kept_is_found_and_one_not_used_is_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        assert!(cache.find("a.png").is_none());
        cache.keep("a.png", b"png");
        cache.keep("b.png", b"png");
        assert_eq!(cache.find("a.png").map(|(_, len)| len), Some(3));
        cache.prune(&["a.png".to_string()].into_iter().collect());
        assert!(cache.find("a.png").is_some() && cache.find("b.png").is_none());
    }
}
