//! What every successful build of a fuzzed site must hold, beyond "no panic": the files other
//! programs parse are well formed whatever the titles and bodies were.

use trailmap::output::Output;

pub fn output(output: &Output) {
    let text = |path: &str| {
        let bytes = output.get(path).unwrap_or_else(|| panic!("{path} is missing"));
        std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"))
    };
    if let Err(error) = roxmltree::Document::parse(text("mindmap.svg")) {
        panic!("mindmap.svg is not well-formed XML: {error}");
    }
    if let Err(error) = roxmltree::Document::parse(text("sitemap.xml")) {
        panic!("sitemap.xml is not well-formed XML: {error}");
    }
    let roadmap: serde_json::Value =
        serde_json::from_str(text("roadmap.json")).expect("roadmap.json is JSON");
    assert!(roadmap["nodes"].as_array().is_some_and(|nodes| !nodes.is_empty()));
    let index = text("search-index.js");
    let json = index
        .split_once("window.trailmapSearch=")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .expect("search-index.js sets window.trailmapSearch");
    let _: serde_json::Value = serde_json::from_str(json).expect("the search index is JSON");
    for (path, bytes) in output.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"));
        json_ld(path, html);
        inline_map(path, html);
    }
}

/// Every `<script type="application/ld+json">` holds JSON and cannot be closed early.
fn json_ld(path: &str, html: &str) {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        rest = &rest[start + OPEN.len()..];
        let end = rest.find("</script>").unwrap_or_else(|| panic!("{path}: JSON-LD never closed"));
        let block = &rest[..end];
        if let Err(error) = serde_json::from_str::<serde_json::Value>(block) {
            panic!("{path}: JSON-LD is not JSON ({error}): {block}");
        }
        assert!(!block.to_ascii_lowercase().contains("<!--"), "{path}: JSON-LD holds `<!--`");
    }
}

/// The mind map drawn inside a page is well-formed XML too.
fn inline_map(path: &str, html: &str) {
    const OPEN: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mm";
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        rest = &rest[start..];
        let end = rest.find("</svg>").unwrap_or_else(|| panic!("{path}: inline map never closed"));
        let svg = &rest[..end + "</svg>".len()];
        if let Err(error) = roxmltree::Document::parse(svg) {
            panic!("{path}: the inline map is not well-formed XML: {error}");
        }
        rest = &rest[end..];
    }
}
