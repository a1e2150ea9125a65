//! Front matter: `frontmatter::split` and the page structs of every kind of page, and the FAQ.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        trailmap::fuzzing::front_matter(text);
    }
});
