//! `trailmap init DIR`: writes a small, working roadmap site to start from.

use std::path::{Path, PathBuf};

/// The starter site, compiled into the binary so that `init` works wherever trailmap is installed.
const STARTER: &[(&str, &str)] = &[
    ("trailmap.toml", include_str!("starter/trailmap.toml")),
    ("content/_index.md", include_str!("starter/content/_index.md")),
    ("content/faq.md", include_str!("starter/content/faq.md")),
    ("content/foundations/_index.md", include_str!("starter/content/foundations/_index.md")),
    (
        "content/foundations/first-principles.md",
        include_str!("starter/content/foundations/first-principles.md"),
    ),
    ("content/foundations/core-tools.md", include_str!("starter/content/foundations/core-tools.md")),
    ("content/practice/_index.md", include_str!("starter/content/practice/_index.md")),
    ("content/practice/projects/_index.md", include_str!("starter/content/practice/projects/_index.md")),
    (
        "content/practice/projects/small-project.md",
        include_str!("starter/content/practice/projects/small-project.md"),
    ),
    ("content/practice/projects/capstone.md", include_str!("starter/content/practice/projects/capstone.md")),
    ("static/.gitkeep", ""),
    (".gitignore", "/public\n/.public.trailmap-*\n"),
];

/// Why a new site could not be made.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} is not empty; trailmap init only writes into a new or empty folder")]
    NotEmpty(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Writes the starter site into `dir`, which must not exist yet or be empty. Returns the files
/// written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<&'static str>, InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    for (path, text) in STARTER {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        // create_new: never overwrite, even if something appeared since the check above.
        let mut file =
            std::fs::OpenOptions::new().write(true).create_new(true).open(&target).map_err(io(&target))?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io(&target))?;
    }
    Ok(STARTER.iter().map(|(path, _)| *path).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_starter_file_is_listed() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/init/starter");
        let on_disk =
            walkdir::WalkDir::new(&dir).into_iter().flatten().filter(|e| e.file_type().is_file()).count();
        let listed =
            STARTER.iter().filter(|(_, text)| !text.is_empty() && !text.starts_with("/public")).count();
        assert_eq!(on_disk, listed);
    }
}
