//! The Markdown-with-cross-links pass (`markdown::parse`): headings, ids and every link, with
//! spans that must stay inside the body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first two bytes give the body's offset in its file, as the loader passes it.
    let (offset, body) = match data {
        [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
        _ => (0, data),
    };
    if let Ok(body) = std::str::from_utf8(body) {
        trailmap::fuzzing::markdown(body, offset);
    }
});
