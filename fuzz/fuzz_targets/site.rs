//! The whole pipeline (load → resolve → layout → render) on a folder generated from the input:
//! see `trailmap::fuzzing::write_site` for how the input becomes files.
#![no_main]

#[path = "checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    trailmap::fuzzing::write_site(data, dir.path()).expect("the site is written");
    if let Ok(output) = trailmap::fuzzing::build(dir.path()) {
        checks::output(&output);
    }
});
