//! `trailmap init DIR`: writes a small, working roadmap site to start from, with a GitHub Pages
//! workflow that installs this very release of trailmap to publish it.

use std::borrow::Cow;
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
    ("README.md", include_str!("starter/README.md")),
    ("static/.gitkeep", ""),
    (".gitignore", GITIGNORE),
];

/// Where the new site's workflow goes, and what it says. Kept outside `starter/` because it is a
/// template: the trailmap version is filled in when it is written.
const PAGES_WORKFLOW_PATH: &str = ".github/workflows/pages.yml";
const PAGES_WORKFLOW: &str = include_str!("pages/pages.yml");
/// The README's section about that workflow, appended only when the workflow is written.
const PAGES_README: &str = include_str!("pages/README.md");
const VERSION_SLOT: &str = "@TRAILMAP_VERSION@";

/// How the new site will be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publishing {
    /// A GitHub Actions workflow that builds the site and deploys it to GitHub Pages.
    GitHubPages,
    /// No workflow (`init --no-workflow`): the author publishes `public/` their own way.
    Manual,
}

/// The workflow `init` writes: it installs the trailmap release that wrote it, so the site builds
/// on GitHub exactly as it does on the author's machine.
pub fn pages_workflow() -> String {
    PAGES_WORKFLOW.replace(VERSION_SLOT, env!("CARGO_PKG_VERSION"))
}

/// Every file of a new site, relative to its folder, with its text.
fn starter(publishing: Publishing) -> Vec<(&'static str, Cow<'static, str>)> {
    let mut files: Vec<(&'static str, Cow<'static, str>)> =
        STARTER.iter().map(|&(path, text)| (path, Cow::Borrowed(text))).collect();
    if publishing == Publishing::GitHubPages {
        for (path, text) in &mut files {
            if *path == "README.md" {
                *text = Cow::Owned(format!("{text}{PAGES_README}"));
            }
        }
        files.push((PAGES_WORKFLOW_PATH, Cow::Owned(pages_workflow())));
    }
    files
}

/// Why a new site could not be made.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(
        "{0} is not empty; a new site is only written into a new or empty folder (a repository's .git may be there)"
    )]
    NotEmpty(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// What a new site's `.gitignore` says: the build's output, and /.trailmap/, trailmap's own
/// cache folder inside a site (`check --external` keeps its results there, and `build` its
/// preview images in `.trailmap/cache/`).
pub const GITIGNORE: &str = "/public\n/.public.trailmap-*\n/.trailmap/\n";

/// Writes the starter site into `dir`, which must not exist yet or be empty. Returns the files
/// written, relative to `dir`.
pub fn init(dir: &Path, publishing: Publishing) -> Result<Vec<&'static str>, InitError> {
    let files = starter(publishing);
    write_new_site(dir, &files)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// The two roadmaps of `init --multi`'s starter: each the one-roadmap starter's `content/`,
/// moved into its folder, with its own title.
const MULTI_ROADMAPS: [(&str, &str); 2] =
    [("first-roadmap", "First Roadmap"), ("second-roadmap", "Second Roadmap")];

/// The home page of `init --multi`'s starter.
const MULTI_HOME: &str = "+++
title = \"My Learning Roadmaps\"
description = \"Two roadmaps made with trailmap.\"
+++

Each roadmap below is a folder of `content/` listed in `roadmaps` in trailmap.toml. A page of one
roadmap links to a page of another with `[[roadmap:id]]`, as in [[second-roadmap:capstone]].
";

/// Every file of a new site of several roadmaps (`init --multi`).
fn multi_starter(publishing: Publishing) -> Vec<(String, Cow<'static, str>)> {
    let mut files = Vec::new();
    for (path, text) in starter(publishing) {
        let Some(rel) = path.strip_prefix("content/") else {
            let text = match path {
                "trailmap.toml" => Cow::Owned(
                    text.replace("title = \"My Learning Roadmap\"", "title = \"My Learning Roadmaps\"")
                        + "# Each roadmap is a folder of content/ (content/_index.md is the site's home page).\n\
                           roadmaps = [\"first-roadmap\", \"second-roadmap\"]\n",
                ),
                _ => text,
            };
            files.push((path.to_string(), text));
            continue;
        };
        for (i, (name, title)) in MULTI_ROADMAPS.iter().enumerate() {
            let mut text = text.to_string();
            if rel == "_index.md" {
                text = text.replace("title = \"My Learning Roadmap\"", &format!("title = \"{title}\""));
            }
            if i == 0 && rel == "practice/projects/capstone.md" {
                text.push_str("\nThe [[second-roadmap:capstone|second roadmap's capstone]] goes further.\n");
            }
            files.push((format!("content/{name}/{rel}"), Cow::Owned(text)));
        }
    }
    files.push(("content/_index.md".to_string(), Cow::Borrowed(MULTI_HOME)));
    files
}

/// Writes a starter site of two roadmaps into `dir` (see [`init`]). Returns the files written.
pub fn init_multi(dir: &Path, publishing: Publishing) -> Result<Vec<String>, InitError> {
    let files = multi_starter(publishing);
    write_new_site(dir, &files)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// What a freshly cloned repository may hold besides nothing: a new site goes beside them
/// (`.gitignore` gets the site's lines added).
const REPOSITORY_FILES: [&str; 3] = [".git", ".gitattributes", ".gitignore"];

/// Refuses a folder that exists and holds anything but a repository's own files: a new site
/// never mixes with other files.
pub fn ensure_empty(dir: &Path) -> Result<(), InitError> {
    if dir.exists() {
        let entries =
            std::fs::read_dir(dir).map_err(|source| InitError::Io { path: dir.to_path_buf(), source })?;
        let mut others = entries.flatten().filter(|e| !REPOSITORY_FILES.iter().any(|f| e.file_name() == *f));
        if others.next().is_some() {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    Ok(())
}

/// The lines of `ours` that `existing` lacks, appended to it.
fn merged_gitignore(existing: &str, ours: &str) -> String {
    let mut merged = existing.to_string();
    if !merged.is_empty() && !merged.ends_with('\n') {
        merged.push('\n');
    }
    for line in ours.lines().filter(|line| !existing.lines().any(|l| l.trim() == *line)) {
        merged.push_str(line);
        merged.push('\n');
    }
    merged
}

/// Writes `files` (paths relative to `dir`, with their text) into `dir`, which must not exist
/// yet or be empty.
pub fn write_new_site(dir: &Path, files: &[(impl AsRef<str>, impl AsRef<str>)]) -> Result<(), InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    ensure_empty(dir)?;
    for (path, text) in files {
        let target = dir.join(path.as_ref());
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        if path.as_ref() == ".gitignore" && target.is_file() {
            let existing = std::fs::read_to_string(&target).map_err(io(&target))?;
            std::fs::write(&target, merged_gitignore(&existing, text.as_ref())).map_err(io(&target))?;
            continue;
        }
        // create_new: never overwrite, even if something appeared since the check above.
        let mut file =
            std::fs::OpenOptions::new().write(true).create_new(true).open(&target).map_err(io(&target))?;
        std::io::Write::write_all(&mut file, text.as_ref().as_bytes()).map_err(io(&target))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_clone_is_as_good_as_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(".gitignore"), "target/\n/public").unwrap();
        init(dir.path(), Publishing::Manual).unwrap();
        assert!(dir.path().join("trailmap.toml").is_file());
        let ignored = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
        assert_eq!(ignored, "target/\n/public\n/.public.trailmap-*\n/.trailmap/\n");
        // Anything else is the author's: refused.
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(init(other.path(), Publishing::Manual), Err(InitError::NotEmpty(_))));
    }

    #[test]
    fn every_starter_file_is_listed() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/init/starter");
        let on_disk =
            walkdir::WalkDir::new(&dir).into_iter().flatten().filter(|e| e.file_type().is_file()).count();
        let listed = STARTER.iter().filter(|(_, text)| !text.is_empty() && *text != GITIGNORE).count();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn the_workflow_installs_this_release_from_pinned_actions() {
        let workflow = pages_workflow();
        assert!(!workflow.contains(VERSION_SLOT));
        assert!(workflow.contains(&format!("TRAILMAP_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))));
        assert!(workflow.contains("cargo install trailmap --version \"$TRAILMAP_VERSION\" --locked"));
        // A tag can be moved to other code; a full commit hash cannot (zizmor checks the rest in CI).
        for line in workflow.lines().filter(|l| l.contains("uses:")) {
            let reference = line.split('@').nth(1).unwrap_or_default();
            let hash = reference.split_whitespace().next().unwrap_or_default();
            assert!(hash.len() == 40 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "{line}");
            assert!(line.contains(" # v"), "the version beside the hash: {line}");
        }
    }

    #[test]
    fn without_a_workflow_the_readme_does_not_promise_one() {
        let manual = starter(Publishing::Manual);
        assert!(manual.iter().all(|(path, _)| !path.starts_with(".github")));
        let readme = |files: &[(&str, Cow<'_, str>)]| {
            files.iter().find(|(path, _)| *path == "README.md").map(|(_, text)| text.to_string())
        };
        assert!(!readme(&manual).unwrap().contains("pages.yml"));
        let pages = starter(Publishing::GitHubPages);
        assert!(readme(&pages).unwrap().contains(".github/workflows/pages.yml"));
        assert!(pages.iter().any(|(path, _)| *path == PAGES_WORKFLOW_PATH));
    }
}
