//! The markup: complete, in pre-order, deterministic, well-formed whatever the labels, accessible,
//! and styled by the same CSS as the theme's stylesheet.

use proptest::prelude::*;

use super::super::text::normalize_whitespace;
use super::super::*;
use super::{EPS, options, pre_order, section, skill, to_map, tree};
use crate::escape::escape;

/// The `href` of every `<a>` element, in document order.
fn hrefs(svg: &str) -> Vec<&str> {
    svg.match_indices("<a href=\"")
        .map(|(i, m)| {
            let rest = &svg[i + m.len()..];
            &rest[..rest.find('"').unwrap_or(0)]
        })
        .collect()
}

/// A small well-formedness check: tags balance, attribute values are quoted, and every `&` starts
/// one of the entities the writer uses. Enough to catch a label breaking out of its markup.
fn check_well_formed(svg: &str) -> Result<(), String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    let entity_ok =
        |s: &str| ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#13;"].iter().any(|e| s.starts_with(e));
    while let Some(i) = rest.find(['<', '&']) {
        if rest[..i].contains('>') && !stack.contains(&"style") {
            return Err(format!("stray '>' in text near {:?}", &rest[..i]));
        }
        rest = &rest[i..];
        if rest.starts_with('&') {
            if !entity_ok(rest) {
                return Err(format!("bad entity at {:?}", &rest[..rest.len().min(20)]));
            }
            rest = &rest[1..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>").ok_or("unclosed declaration")? + 2..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or("unclosed end tag")?;
            let name = &r[..end];
            if stack.pop() != Some(name) {
                return Err(format!("mismatched </{name}>"));
            }
            rest = &r[end + 1..];
            continue;
        }
        let r = &rest[1..];
        let name_end = r.find([' ', '>', '/', '\n']).ok_or("unclosed tag")?;
        let name = &r[..name_end];
        let mut r = &r[name_end..];
        loop {
            r = r.trim_start();
            if let Some(after) = r.strip_prefix("/>") {
                r = after;
                break;
            }
            if let Some(after) = r.strip_prefix('>') {
                stack.push(name);
                r = after;
                break;
            }
            let eq = r.find("=\"").ok_or_else(|| format!("attribute without value in <{name}>"))?;
            let attr = &r[..eq];
            if attr.is_empty() || attr.contains([' ', '<', '>', '"', '&']) {
                return Err(format!("bad attribute name {attr:?}"));
            }
            let value_end = r[eq + 2..].find('"').ok_or("unclosed attribute")?;
            let value = &r[eq + 2..eq + 2 + value_end];
            if value.contains('<') {
                return Err(format!("'<' in attribute {attr}"));
            }
            let mut v = value;
            while let Some(a) = v.find('&') {
                if !entity_ok(&v[a..]) {
                    return Err(format!("bad entity in attribute {attr}"));
                }
                v = &v[a + 1..];
            }
            r = &r[eq + 2 + value_end + 1..];
        }
        rest = r;
    }
    match stack.is_empty() {
        true => Ok(()),
        false => Err(format!("unclosed elements {stack:?}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn svg_is_deterministic_complete_and_well_formed(g in tree(), standalone in any::<bool>()) {
        let root = to_map(&g);
        let svg = layout(&root).to_svg(&options(standalone));
        prop_assert_eq!(&svg, &layout(&root.clone()).to_svg(&options(standalone)));
        let expected: Vec<String> = pre_order(&root).iter().map(|n| escape(&n.url)).collect();
        prop_assert_eq!(hrefs(&svg), expected.iter().map(String::as_str).collect::<Vec<_>>());
        if let Err(e) = check_well_formed(&svg) {
            prop_assert!(false, "{}", e);
        }
        if let Err(e) = check_well_formed(&outline_html(&root)) {
            prop_assert!(false, "outline: {}", e);
        }
    }
}

#[test]
fn hostile_labels_are_escaped_everywhere() {
    let mut root =
        MapNode { kind: NodeKind::Root, ..skill("root\"><script>", "</svg><script>alert('x')</script>") };
    root.url = "javascript:x\" onclick=\"alert(1)".into();
    root.children = vec![
        skill("a", "Tom & Jerry <3 \"quotes\" 'single'"),
        skill("b", "漢字とかなの長いラベルがここにあります、そして続きます。"),
        skill("c", "שלום עולם"),
        skill("d", "🚀 emoji 👩‍👩‍👧‍👦 and \u{0} control \u{1b} chars"),
    ];
    let svg = layout(&root).to_svg(&options(true));
    check_well_formed(&svg).expect("well-formed SVG");
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("</svg><"));
    // The label may wrap, so its escaped pieces are checked rather than the whole.
    assert!(svg.contains("&lt;/svg&gt;&lt;script&gt;"));
    assert!(svg.contains("alert(&#39;x&#39;)"));
    assert!(svg.contains("href=\"javascript:x&quot; onclick=&quot;alert(1)\""));
    assert!(svg.contains("data-id=\"root&quot;&gt;&lt;script&gt;\""));
    assert!(svg.contains("Tom &amp; Jerry &lt;3 &quot;quotes&quot; &#39;single&#39;"));
    assert!(svg.contains("direction=\"rtl\">"));
    assert!(!svg.contains('\u{0}') && !svg.contains('\u{1b}'));
    let html = outline_html(&root);
    check_well_formed(&html).expect("well-formed outline");
    assert!(html.contains("&lt;/svg&gt;&lt;script&gt;"));
}

#[test]
fn svg_has_accessible_structure() {
    let mut root = MapNode { kind: NodeKind::Root, ..skill("root", "Roadmap") };
    root.children = vec![section("s0", 2), section("s1", 1)];
    root.children[0].children[1].level = Level::Optional;
    root.children[1].children[0].level = Level::Alternative;
    let mut opts = options(false);
    opts.cross_links = vec![
        CrossLink { from: "s0-0".into(), to: "s1-0".into() },
        CrossLink { from: "s0-1".into(), to: "s0-0".into() },
        CrossLink { from: "s0-1".into(), to: "s0-0".into() },
        CrossLink { from: "missing".into(), to: "s0".into() },
    ];
    let svg = layout(&root).to_svg(&opts);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mm\""));
    for needle in [
        "role=\"graphics-document\"",
        "aria-labelledby=\"m1-title\"",
        "aria-describedby=\"m1-desc\"",
        "<title id=\"m1-title\">Map &lt;of&gt; &quot;things&quot; &amp; &#39;stuff&#39;</title>",
        "<desc id=\"m1-desc\">",
        "<g class=\"mm-edges\" aria-hidden=\"true\">",
        "<g class=\"mm-xlinks\" aria-hidden=\"true\">",
        "<marker id=\"m1-arrow\"",
        "marker-end=\"url(#m1-arrow)\"",
        "preserveAspectRatio=\"xMidYMid meet\"",
        "class=\"mm-node mm-skill mm-optional s0\"",
        "class=\"mm-node mm-skill mm-alternative s1\"",
        "font-size=\"14\"",
        "font-family=\"Inter,",
    ] {
        assert!(svg.contains(needle), "missing {needle}");
    }
    // Inline maps rely on the page's CSS; the cross-link layer starts hidden there.
    assert!(!svg.contains("<style>") && !svg.contains("mm-show-xlinks"));
    // Two cross-links resolve; the repeat and the one from a missing id are skipped.
    assert_eq!(svg.matches("marker-end=").count(), 2);
    opts.standalone = true;
    let standalone = layout(&root).to_svg(&opts);
    assert!(standalone.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg"));
    assert!(standalone.contains("<style>") && standalone.contains("prefers-color-scheme:dark"));
    assert!(standalone.contains("class=\"mm mm-show-xlinks\""));
    assert!(standalone.contains("Alternative</text>"));
}

#[test]
fn viewbox_covers_the_boxes_with_a_margin() {
    let mut root = MapNode { kind: NodeKind::Root, ..skill("root", "Roadmap") };
    root.children = vec![section("s0", 4), section("s1", 2), section("s2", 3)];
    let map = layout(&root);
    let svg = map.to_svg(&SvgOptions::default());
    let b = map.bounds();
    let view = format!(
        "viewBox=\"{:.1} {:.1} {:.1} {:.1}\"",
        b.x - 16.0,
        b.y - 16.0,
        b.width + 32.0,
        b.height + 32.0
    );
    assert!(svg.contains(&view), "{view}");
    assert!(svg.contains(&format!("width=\"{:.1}\" height=\"{:.1}\"", b.width + 32.0, b.height + 32.0)));
    for nb in map.boxes() {
        assert!(nb.x >= b.x && nb.y >= b.y && nb.x + nb.width <= b.x + b.width + EPS);
    }
}

#[test]
fn theme_stylesheet_carries_the_map_css() {
    // The theme's mindmap.css must carry exactly the CSS the standalone SVG embeds. The crate sits
    // either in the project (themes/ beside src/) or in a scratch folder next to it.
    // `UPDATE_MINDMAP_CSS=1 cargo test theme_stylesheet` rewrites the block after a style change.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        root.join("themes/default/static/mindmap.css"),
        root.join("../../main/themes/default/static/mindmap.css"),
    ];
    let path = candidates.iter().find(|p| p.exists()).expect("themes/default/static/mindmap.css");
    let css = std::fs::read_to_string(path).expect("readable mindmap.css");
    let begin = "/* BEGIN map_css() */\n";
    let end = "/* END map_css() */";
    let start = css.find(begin).expect("begin marker") + begin.len();
    let stop = css.find(end).expect("end marker");
    if std::env::var_os("UPDATE_MINDMAP_CSS").is_some() {
        let updated = format!("{}{}{}", &css[..start], map_css(), &css[stop..]);
        std::fs::write(path, updated).expect("writable mindmap.css");
        return;
    }
    assert!(
        css[start..stop] == map_css(),
        "{} is out of date with style.rs: run UPDATE_MINDMAP_CSS=1 cargo test theme_stylesheet",
        path.display()
    );
}

#[test]
fn whitespace_in_labels_is_collapsed_in_svg_and_outline() {
    let mut root = skill("a", "  AI\n\tengineer   map ");
    root.children = vec![skill("b", " Fine \n tuning ")];
    let svg = layout(&root).to_svg(&SvgOptions::default());
    assert!(svg.contains(">AI engineer map</tspan>"));
    assert!(svg.contains(">Fine tuning</tspan>"));
    assert!(outline_html(&root).contains(">Fine tuning</a>"));
    assert_eq!(normalize_whitespace("  AI\n\tengineer   map "), "AI engineer map");
}

#[test]
fn wrapped_labels_read_as_their_text() {
    // The link's name is its text: lines broken at a space keep the space, words broken across
    // lines stay whole.
    let long_word = "Supercalifragilisticexpialidocious".repeat(3);
    let mut root = skill("root", "Root");
    root.kind = NodeKind::Root;
    root.children = vec![
        skill("a", "Programming and Data Handling with a label long enough to wrap onto lines"),
        skill("b", &long_word),
    ];
    let svg = layout(&root).to_svg(&options(false));
    for (id, label) in [
        ("a", "Programming and Data Handling with a label long enough to wrap onto lines"),
        ("b", long_word.as_str()),
    ] {
        let start = svg.find(&format!("data-id=\"{id}\"")).expect("the node");
        let text = &svg[start..];
        let text = &text[text.find("<text").expect("text")..text.find("</text>").expect("end")];
        let mut plain = String::new();
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        assert!(text.matches("<tspan").count() > 1, "{id} wraps");
        assert_eq!(plain, label, "{id}");
    }
}
