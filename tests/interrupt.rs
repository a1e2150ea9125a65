//! Output safety: two builds of the same input are byte-identical (wherever the site's folder
//! is), and a build killed at any moment leaves `public/` as exactly the old site or exactly the
//! new one, never a mix, while the user's files in it (a `.git`, a note inside one of the site's
//! folders) survive (SPEC §6).

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_dir, copy_site, fixture, snapshot, trailmap};

type Files = BTreeMap<PathBuf, Vec<u8>>;

/// The user's own files in `public/`: trailmap never wrote them and must never lose them.
const USER_FILES: [(&str, &str); 4] = [
    (".git/HEAD", "ref: refs/heads/gh-pages\n"),
    (".git/refs/heads/gh-pages", "0123456789abcdef\n"),
    ("thesis.txt", "four years of work\n"),
    ("section-0/notes.txt", "a note inside a folder of the site\n"),
];

/// Every file of a built site but the user's own and the manifest.
fn site_files(public: &Path) -> Files {
    let mut files = snapshot(public);
    files.retain(|path, _| {
        !path.starts_with(".git")
            && !USER_FILES.iter().any(|(user, _)| path == Path::new(user))
            && path != Path::new(".trailmap-manifest")
    });
    files
}

fn build(root: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let mut all = vec!["build", "--quiet"];
    all.extend_from_slice(args);
    let run = trailmap(root, &all);
    assert_eq!(run.code, 0, "the build failed:\n{}", run.stderr);
    started.elapsed()
}

#[test]
fn rebuilds_are_byte_identical_wherever_the_site_lives() {
    for name in ["hostile", "good", "themed"] {
        let site = copy_site(name);
        let root = site.path();
        build(root, &[]);
        let first = snapshot(&root.join("public"));
        build(root, &[]);
        let second = snapshot(&root.join("public"));
        assert!(first == second, "{name}: two builds differ: {}", differences(&first, &second));

        // The same sources in another folder (another path, files created in another order)
        // give the same bytes: nothing depends on where the site is or on the file system.
        let elsewhere = tempfile::tempdir().expect("a temporary folder");
        let other = elsewhere.path().join("a/different/place");
        copy_dir(&fixture(name), &other);
        build(&other, &[]);
        let moved = snapshot(&other.join("public"));
        assert!(
            first == moved,
            "{name}: a copy elsewhere builds differently: {}",
            differences(&first, &moved)
        );
    }
}

/// Writes a roadmap of `skills` skills (in folders of 25) whose every page shows `edition`,
/// so that two editions differ in every page.
fn generate(root: &Path, skills: usize, edition: &str) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).expect("mkdir");
    set_edition(root, edition);
    std::fs::write(content.join("_index.md"), "+++\ntitle = \"Interrupted\"\n+++\n\nA big site.\n")
        .expect("write");
    std::fs::write(content.join("faq.md"), "+++\ntitle = \"FAQ\"\n+++\n\n## Why?\n\nTo be killed.\n")
        .expect("write");
    for n in 0..skills {
        let section = content.join(format!("section-{}", n / 25));
        if n % 25 == 0 {
            std::fs::create_dir_all(&section).expect("mkdir");
            let text = format!(
                "+++\ntitle = \"Section {}\"\nweight = {}\n+++\n\nPart {}.\n",
                n / 25,
                n / 25,
                n / 25
            );
            std::fs::write(section.join("_index.md"), text).expect("write");
        }
        let mut page =
            format!("+++\ntitle = \"Skill {n}\"\nsummary = \"What skill {n} is about.\"\nweight = {n}\n");
        if n > 0 {
            let _ = writeln!(page, "prerequisites = [\"skill-{}\"]", (n * 7919) % n);
        }
        page.push_str("+++\n\n## Overview\n\n");
        for s in 0..6 {
            let _ = write!(
                page,
                "Sentence {s} of skill {n} links [[skill-{}]] and keeps going. ",
                (n * 31 + s) % skills
            );
        }
        page.push_str("\n\n## Example\n\n```python\nimport numpy as np\nprint(np.arange(10).mean())\n```\n");
        std::fs::write(section.join(format!("skill-{n}.md")), page).expect("write");
    }
}

/// Makes every page of the site show `edition` (it is in the site's title).
fn set_edition(root: &Path, edition: &str) {
    let settings =
        format!("title = \"Interrupted, edition {edition}\"\nbase_url = \"https://example.org/\"\n");
    std::fs::write(root.join("trailmap.toml"), settings).expect("write");
}

/// A small generator of pseudo-random delays (no dependency needed), seeded from the clock or
/// from `TRAILMAP_KILL_SEED` to replay a run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Where a file of the user's is, with its bytes: in `public/`, or in a folder beside it.
fn find_user_file(parent: &Path, file: &str) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(parent).expect("readable").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "public" || name.starts_with(".public.trailmap-") {
            for place in [entry.path().join(file), entry.path().join(".public.trailmap-old").join(file)] {
                if let Ok(text) = std::fs::read_to_string(&place) {
                    found.push((place, text));
                }
            }
        }
    }
    found
}

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .expect("readable")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public.trailmap-"))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_site_and_keeps_the_users_files() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("site");
    let public = root.join("public");
    // A site big enough that a build takes about half a second here, so that kills land in
    // every stage (most often while files are written, the longest one).
    let mut skills = 250;
    loop {
        generate(&root, skills, "one");
        let took = build(&root, &[]);
        if took >= Duration::from_millis(400) || skills >= 4000 {
            break;
        }
        std::fs::remove_dir_all(&root).expect("rm");
        skills *= 2;
    }

    // The two editions, each built whole once.
    let one = site_files(&public);
    set_edition(&root, "two");
    let expected_two = dir.path().join("expected-two");
    let build_time = build(&root, &["--output", expected_two.to_str().expect("UTF-8")]);
    let two = site_files(&expected_two);
    std::fs::remove_dir_all(&expected_two).expect("rm");
    assert!(one.len() > skills && one != two);
    let editions = [("one", &one), ("two", &two)];

    // The user's gh-pages worktree, a file of theirs, and a note in a folder of the site.
    for (file, text) in USER_FILES {
        let path = public.join(file);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    let seed = std::env::var("TRAILMAP_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
    });
    let mut random = Lcg(seed);
    let limit = build_time.as_millis() as u64;
    eprintln!(
        "{skills} skills: a build takes {limit} ms; killing at random moments (TRAILMAP_KILL_SEED={seed})"
    );

    // Each round builds the edition that public/ does not hold, so that old and new differ.
    let mut showing = 0;
    let (mut left_old, mut left_new, mut left_over) = (0, 0, 0);
    // A folder left beside public/ other than the spare shows a build killed mid-way.
    for round in 0..30 {
        let next = 1 - showing;
        set_edition(&root, editions[next].0);
        let delay = Duration::from_millis(random.below(limit + 1));
        let mut child = Command::new(env!("CARGO_BIN_EXE_trailmap"))
            .args(["build", "--quiet", "--root"])
            .arg(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("trailmap build starts");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().expect("wait");

        let now = site_files(&public);
        if now == *editions[showing].1 {
            left_old += 1;
        } else if now == *editions[next].1 {
            left_new += 1;
            showing = next;
        } else {
            panic!(
                "round {round}: killed after {delay:?} ({status}), public/ is neither the old nor the new site: {}",
                differences(editions[showing].1, &now)
            );
        }
        for (file, text) in USER_FILES {
            let found = find_user_file(&root, file);
            assert!(
                found.len() == 1 && found[0].1 == text,
                "round {round}: the user's {file} must be in exactly one place, whole; found {found:?}"
            );
        }
        if leftovers(&root).iter().any(|name| name != ".public.trailmap-old") {
            left_over += 1;
        }
    }
    eprintln!(
        "after 30 kills: {left_old} left the old site, {left_new} the new one, {left_over} a leftover folder"
    );

    // The next build that runs to its end puts everything in place.
    set_edition(&root, editions[1 - showing].0);
    build(&root, &[]);
    let last = site_files(&public);
    assert!(
        last == *editions[1 - showing].1,
        "the final build is complete: {}",
        differences(editions[1 - showing].1, &last)
    );
    // Every file of the user's is back in public/, and nowhere else.
    for (file, text) in USER_FILES {
        assert_eq!(find_user_file(&root, file), [(public.join(file), text.to_string())]);
    }
    // What a full build leaves beside public/ is the previous site, kept as the spare that the
    // next build brings up to date.
    assert_eq!(leftovers(&root), [".public.trailmap-old"], "only the spare after a full build");
}

/// The first few paths that differ between two snapshots, for failure messages.
fn differences(a: &Files, b: &Files) -> String {
    let mut out = Vec::new();
    for (path, bytes) in a {
        match b.get(path) {
            None => out.push(format!("only before: {}", path.display())),
            Some(other) if other != bytes => out.push(format!("changed: {}", path.display())),
            _ => {}
        }
    }
    out.extend(b.keys().filter(|p| !a.contains_key(*p)).map(|p| format!("only after: {}", p.display())));
    let total = out.len();
    out.truncate(8);
    format!("{total} paths differ: {}", out.join(", "))
}
