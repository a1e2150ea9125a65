//! On a terminal, a build that takes more than a moment shows its stage and counts on one line,
//! which it wipes at the end; `--quiet`, or an output that is not a terminal, shows none of it.

mod common;

use std::fmt::Write as _;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
use std::process::{Command, Stdio};

/// A roadmap big enough that a build takes well over a moment (in a debug build).
/// Every skill lists a resource, so that the lints have nothing to say.
const RESOURCES: &str =
    "resources = [{ title = \"Docs\", url = \"https://example.org/\", kind = \"docs\" }]\n";

fn big_site(root: &Path, skills: usize) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        root.join("trailmap.toml"),
        "title = \"Big\"\nbase_url = \"https://big.example.net/\"\npreview_images = \"none\"\n",
    )
    .unwrap();
    std::fs::write(content.join("_index.md"), "+++\ntitle = \"Big\"\n+++\n\nA big roadmap.\n").unwrap();
    for n in 0..skills {
        let section = content.join(format!("part-{}", n / 100));
        if n % 100 == 0 {
            std::fs::create_dir_all(&section).unwrap();
            std::fs::write(section.join("_index.md"), format!("+++\ntitle = \"Part {}\"\n+++\n", n / 100))
                .unwrap();
        }
        let mut page = format!(
            "+++\ntitle = \"Skill {n}\"\nsummary = \"About {n}.\"\n{RESOURCES}+++\n\n## Overview\n\n"
        );
        for s in 0..5 {
            let _ = write!(page, "Sentence {s} links [[skill-{}]]. ", (n * 31 + s) % skills);
        }
        std::fs::write(section.join(format!("skill-{n}.md")), page).unwrap();
    }
}

/// Runs `trailmap build ARGS` with stderr on a pseudo-terminal; returns (exit code, stdout,
/// what the terminal showed).
fn build_on_a_terminal(root: &Path, args: &[&str]) -> (i32, String, String) {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two descriptors into the given integers; the null pointers ask for
    // no name, terminal settings or window size.
    let result = unsafe {
        libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), std::ptr::null())
    };
    assert_eq!(result, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and are owned by nothing else.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let child = Command::new(env!("CARGO_BIN_EXE_trailmap"))
        .arg("build")
        .args(args)
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::from(slave))
        .spawn()
        .expect("trailmap runs");
    let reader = std::thread::spawn(move || {
        let mut file = std::fs::File::from(master);
        let mut shown = Vec::new();
        let mut buffer = [0; 4096];
        // The read fails (EIO) once the child has exited and the last copy of the slave closed.
        while let Ok(n) = file.read(&mut buffer) {
            if n == 0 {
                break;
            }
            shown.extend_from_slice(&buffer[..n]);
        }
        String::from_utf8_lossy(&shown).into_owned()
    });
    let output = child.wait_with_output().expect("trailmap finishes");
    let shown = reader.join().expect("reader");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned(), shown)
}

#[test]
fn a_long_build_shows_its_progress_on_a_terminal_and_wipes_it() {
    let dir = tempfile::tempdir().unwrap();
    big_site(dir.path(), 3_000);
    let (code, stdout, shown) = build_on_a_terminal(dir.path(), &[]);
    assert_eq!(code, 0, "{shown}");
    assert!(stdout.starts_with("Built 3034 pages"), "the summary line: {stdout}");
    assert!(shown.contains("rendering: "), "the stage is shown: {shown:?}");
    assert!(shown.contains(" of 3,034 pages"), "with its count: {shown:?}");
    assert!(shown.ends_with("\r\x1b[2K"), "the line is wiped at the end: {shown:?}");

    // --quiet shows nothing but errors, on a terminal too.
    let (code, stdout, shown) = build_on_a_terminal(dir.path(), &["--quiet"]);
    assert_eq!((code, stdout.as_str(), shown.as_str()), (0, "", ""));
}

#[test]
fn no_progress_when_the_output_is_not_a_terminal() {
    let site = common::copy_site("good");
    let run = common::trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The fixture's lint warnings go to stderr; a progress line never does here.
    assert!(!run.stderr.contains('\r') && !run.stderr.contains("\x1b["), "{}", run.stderr);
    assert!(!run.stderr.contains("loading") && !run.stderr.contains("rendering"), "{}", run.stderr);
    assert!(run.stdout.starts_with("Built "), "{}", run.stdout);
}
