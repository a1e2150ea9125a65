//! The fuzz targets' checks (`trailmap::fuzzing`, driven by `fuzz/`) on plain `cargo test`: every
//! seed of `fuzz/corpus/`, every input in `fuzz/regressions/` (crashes the fuzzers found, kept
//! after their fix) and the cases below, so that a fixed crash stays fixed without nightly Rust.

use std::path::{Path, PathBuf};

use trailmap::fuzzing;

fn inputs(folder: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<(PathBuf, Vec<u8>)> = entries
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| (e.path(), std::fs::read(e.path()).expect("readable")))
        .collect();
    files.sort();
    files
}

/// Runs one input through the target of that name, as `fuzz/fuzz_targets/<target>.rs` does.
fn run(target: &str, data: &[u8]) {
    match target {
        "frontmatter" => {
            if let Ok(text) = std::str::from_utf8(data) {
                fuzzing::front_matter(text);
            }
        }
        "markdown" => {
            let (offset, body) = match data {
                [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
                _ => (0, data),
            };
            if let Ok(body) = std::str::from_utf8(body) {
                fuzzing::markdown(body, offset);
            }
        }
        "faq" => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            fuzzing::write_faq_site(data, dir.path()).expect("the site is written");
            let _ = fuzzing::build(dir.path());
        }
        "site" => build_site(data),
        other => panic!("no fuzz target called {other}"),
    }
}

fn build_site(data: &[u8]) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fuzzing::write_site(data, dir.path()).expect("the site is written");
    let _ = fuzzing::build(dir.path());
}

#[test]
fn every_seed_and_every_saved_crash_passes_its_target() {
    let mut ran = 0;
    for target in ["frontmatter", "markdown", "faq", "site"] {
        for folder in [format!("fuzz/corpus/{target}"), format!("fuzz/regressions/{target}")] {
            for (path, data) in inputs(&folder) {
                let result = std::panic::catch_unwind(|| run(target, &data));
                assert!(result.is_ok(), "{target} fails on {}", path.display());
                ran += 1;
            }
        }
    }
    assert!(ran > 100, "the seed corpus is there ({ran} inputs)");
}

#[test]
fn odd_front_matter_is_an_error_not_a_panic() {
    for text in [
        "",
        "+++",
        "+++\n",
        "+++\n+++",
        "\u{feff}",
        "\u{feff}+++\r\n+++\r\n",
        "+++\r\ntitle = \"é\"\r\n+++",
        "+++\ntitle = \"\u{0}\"\n+++\n",
        "+++\ntitle = 'x'\nid = \"\"\n+++\n",
        "+++\ntitle = \"x\"\nweight = 99999999999999999999\n+++\n",
        "+++\ntitle = \"x\"\nprerequisites = [\"a\", 1]\n+++\n",
        "+++\n[resources]\n+++\n",
        "+++\ntitle = \"\"\"\n+++\n\"\"\"\n+++\n",
        "+++\ntitle = \"x\"\n+++\n+++\n+++\n",
        "+++\ntitle = \"🚀\"\naliases = [\"\u{202e}\"]\n+++\n",
        "+++ \t\ntitle = \"x\"\n+++ \t",
    ] {
        fuzzing::front_matter(text);
    }
}

#[test]
fn odd_bodies_parse() {
    for body in [
        "[[",
        "[[]]",
        "[[|]]",
        "[[#]]",
        "[[a#]]",
        "[[ a | b ]]",
        "[x](trailmap:0) [[a]]",
        "[x](<trailmap:1>)",
        "# {#}\n# {#}\n",
        "## a {#x}\n## x\n## x-1\n",
        "[a](../../../../x.md#y)",
        "[a](./.md)",
        "\u{0}[[a\u{0}]]",
        "> [[a]]\n>\n> - [[b|c]]",
        "| [[a]] |\n|---|\n| [[b]] |",
        "[^1]\n\n[^1]: [[a]]",
    ] {
        for offset in [0, 7, 65_535] {
            fuzzing::markdown(body, offset);
        }
    }
}

#[test]
fn odd_sites_build_or_fail_cleanly() {
    for site in [
        &b""[..],
        b"\x1e\x1e\x1e",
        b"@\n",
        b"@../../escape.md\n+++\ntitle = \"x\"\n+++\n",
        b"@_index.md\n+++\ntitle = \"R\"\n+++\n\x1e@a\n",
        b"+++\ntitle = \"R\"\n+++\n\x1e\xff\xfe\x1e+++\ntitle = \"A\"\n+++\n",
        b"+++\ntitle = \"R\"\n+++\n[[a]]\x1e\x1e+++\ntitle = \"A\"\nid = \"a\"\n+++\n\x1e+++\ntitle = \"B\"\nid = \"a\"\n+++\n",
        b"+++\ntitle = \"R\"\n+++\n\x1e+++\ntitle = \"F\"\n+++\n## Q\n\n## Q\n\n## \n",
    ] {
        build_site(site);
    }
}
