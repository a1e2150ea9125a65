//! The FAQ splitter: the input is `content/faq.md` of a small, valid site, built whole.
#![no_main]

#[path = "checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    trailmap::fuzzing::write_faq_site(data, dir.path()).expect("the site is written");
    if let Ok(output) = trailmap::fuzzing::build(dir.path()) {
        assert!(output.contains("faq/index.html"), "a site with an FAQ has an FAQ page");
        checks::output(&output);
    }
});
