//! Colours, the map's CSS and the legend.
//!
//! One hue per section, from the Okabe-Ito palette (distinguishable with the common colour-vision
//! deficiencies). Each hue is drawn as a pale fill with dark text in the light scheme and a deep fill
//! with light text in the dark one, so text contrast never depends on the hue; the hue itself is in
//! the outline and the edges. The CSS below is the single source of the map's look: the standalone
//! SVG embeds it, and the theme's `mindmap.css` carries the same text (a test keeps them equal).

use super::layout::{CENTRE_TEXT, SECTION_TEXT, SKILL_TEXT};
use super::metrics::FAMILY;

/// The colours of one section in one colour scheme.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tint {
    /// Outline and edge colour.
    pub(crate) stroke: &'static str,
    /// Fill of a skill's box.
    pub(crate) fill: &'static str,
    /// Fill of the section's own box (a stronger tint).
    pub(crate) section_fill: &'static str,
}

/// One palette entry: a hue in the light and the dark scheme.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hue {
    pub(crate) name: &'static str,
    pub(crate) light: Tint,
    pub(crate) dark: Tint,
}

/// The colours that do not depend on the section.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scheme {
    pub(crate) background: &'static str,
    pub(crate) ink: &'static str,
    pub(crate) centre_fill: &'static str,
    pub(crate) centre_ink: &'static str,
    pub(crate) cross_link: &'static str,
    pub(crate) focus: &'static str,
}

pub(crate) const LIGHT: Scheme = Scheme {
    background: "#ffffff",
    ink: "#1c1c21",
    centre_fill: "#1c1c21",
    centre_ink: "#ffffff",
    cross_link: "#5b5b66",
    focus: "#0b57d0",
};

pub(crate) const DARK: Scheme = Scheme {
    background: "#15171c",
    ink: "#eceef2",
    centre_fill: "#eceef2",
    centre_ink: "#15171c",
    cross_link: "#a6a6b3",
    focus: "#a8c7fa",
};

/// Okabe-Ito hues (black left out): outlines darkened (light scheme) or kept bright (dark scheme)
/// to stand out from the background, fills mixed towards the background.
pub(crate) const PALETTE: [Hue; 7] = [
    hue("orange", ["#a67200", "#fbf0d6", "#f4d794"], ["#e69f00", "#3f3216", "#694d11"]),
    hue("sky-blue", ["#4085ac", "#e4f3fb", "#b8e0f6"], ["#56b4e9", "#223645", "#2f566e"]),
    hue("bluish-green", ["#008e67", "#d6efe9", "#94d6c4"], ["#009e73", "#11322d", "#0d4d3f"]),
    hue("yellow", ["#868025", "#fdfbe1", "#f9f4b0"], ["#f0e442", "#414024", "#6d692b"]),
    hue("blue", ["#0072b2", "#d6e8f3", "#94c4df"], ["#2989be", "#11293a", "#0d3b58"]),
    hue("vermillion", ["#d15c00", "#f8e5d6", "#edbb94"], ["#d55e00", "#3b2516", "#623311"]),
    hue("reddish-purple", ["#af6890", "#f7eaf1", "#eac7da"], ["#cc79a7", "#3a2b38", "#5e3e54"]),
];

const fn hue(name: &'static str, light: [&'static str; 3], dark: [&'static str; 3]) -> Hue {
    Hue {
        name,
        light: Tint { stroke: light[0], fill: light[1], section_fill: light[2] },
        dark: Tint { stroke: dark[0], fill: dark[1], section_fill: dark[2] },
    }
}

/// The font stack of the map: the shipped font first, then fallbacks of similar width.
pub(crate) fn font_stack() -> String {
    format!(
        "{FAMILY}, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif"
    )
}

fn scheme_vars(out: &mut String, scheme: &Scheme, tint: impl Fn(&Hue) -> Tint) {
    out.push_str(&format!(
        "--mm-bg:{};--mm-ink:{};--mm-centre:{};--mm-centre-ink:{};--mm-xlink:{};--mm-focus:{};",
        scheme.background, scheme.ink, scheme.centre_fill, scheme.centre_ink, scheme.cross_link, scheme.focus
    ));
    for (i, h) in PALETTE.iter().enumerate() {
        let t = tint(h);
        out.push_str(&format!("--mm-k{i}:{};--mm-f{i}:{};--mm-g{i}:{};", t.stroke, t.fill, t.section_fill));
    }
}

/// The CSS of the map itself (and the colour variables of its `.mindmap` container): colours for both schemes, following the
/// site's convention (`:root[data-theme="dark"]`, or a dark system preference unless
/// `data-theme="light"`), type, level styles, focus ring and the cross-link layer.
///
/// Works inline in a page and as the `<style>` of the standalone SVG, where the `svg` is `:root`.
#[must_use]
pub fn map_css() -> String {
    let mut css = String::new();
    css.push_str(".mindmap,.mm{");
    scheme_vars(&mut css, &LIGHT, |h| h.light);
    css.push_str("}\n");
    let mut dark = String::new();
    scheme_vars(&mut dark, &DARK, |h| h.dark);
    css.push_str(&format!(
        "@media screen{{:root[data-theme=\"dark\"] .mindmap,:root[data-theme=\"dark\"] .mm{{{dark}}}}}\n"
    ));
    css.push_str(&format!(
        "@media screen and (prefers-color-scheme:dark){{:root:not([data-theme=\"light\"]) .mindmap,:root:not([data-theme=\"light\"]) .mm,.mm:root{{{dark}}}}}\n"
    ));
    for (i, h) in PALETTE.iter().enumerate() {
        css.push_str(&format!(
            ".mm .s{i}{{--k:var(--mm-k{i});--f:var(--mm-f{i});--g:var(--mm-g{i})}}/* {} */\n",
            h.name
        ));
    }
    let font = font_stack();
    css.push_str(&format!(
        "\
.mm-bg{{fill:var(--mm-bg)}}
.mm-edges path{{fill:none;stroke:var(--k,var(--mm-ink));stroke-width:2}}
.mm-node>rect{{fill:var(--f,var(--mm-bg));stroke:var(--k,var(--mm-ink));stroke-width:2}}
.mm-node.mm-section>rect{{fill:var(--g,var(--mm-bg))}}
.mm-node.mm-centre>rect{{fill:var(--mm-centre);stroke:var(--mm-centre)}}
.mm text{{fill:var(--mm-ink);font-family:{font};font-kerning:normal;font-feature-settings:\"calt\" 0;font-variant-ligatures:none;text-anchor:middle}}
.mm-node.mm-centre text{{fill:var(--mm-centre-ink)}}
.mm-skill text{{font-size:{}px;font-weight:{}}}
.mm-section text{{font-size:{}px;font-weight:{}}}
.mm-node.mm-centre text{{font-size:{}px;font-weight:{}}}
.mm-optional>rect{{stroke-dasharray:7 4}}
.mm-alternative>rect{{stroke-dasharray:0.5 4.5;stroke-linecap:round;stroke-width:2.5}}
.mm-node{{cursor:pointer}}
.mm-node:hover>rect{{stroke-width:3}}
.mm-node:focus{{outline:none}}
.mm-node:focus-visible{{outline:3px solid var(--mm-focus);outline-offset:3px}}
.mm-node:focus-visible>rect{{stroke:var(--mm-focus);stroke-width:4;stroke-dasharray:none}}
.mm-xlinks{{display:none;pointer-events:none}}
.mm-show-xlinks .mm-xlinks{{display:inline}}
.mm-xlinks path{{fill:none;stroke:var(--mm-xlink);stroke-width:1.5;stroke-dasharray:5 3}}
.mm-xlinks .mm-arrow{{fill:var(--mm-xlink);stroke:none}}
.mm-key{{fill:none;stroke:var(--mm-ink);stroke-width:2}}
",
        SKILL_TEXT.size,
        SKILL_TEXT.weight,
        SECTION_TEXT.size,
        SECTION_TEXT.weight,
        CENTRE_TEXT.size,
        CENTRE_TEXT.weight,
    ));
    css
}

/// A small HTML legend of the level styles (solid core, dashed optional, dotted alternative) to
/// place next to an inline map; it uses the classes of `mindmap.css`.
#[must_use]
pub fn legend_html() -> String {
    let mut html = String::from("<ul class=\"mm-legend\">");
    for (class, text) in LEVEL_NAMES {
        html.push_str(&format!(
            "<li><svg class=\"mm\" width=\"34\" height=\"20\" viewBox=\"0 0 34 20\" aria-hidden=\"true\" focusable=\"false\"><g class=\"{class}\"><rect class=\"mm-key\" x=\"2\" y=\"2\" width=\"30\" height=\"16\" rx=\"4\"/></g></svg>{text}</li>"
        ));
    }
    html.push_str("</ul>");
    html
}

/// Level classes and their names, in legend order.
pub(crate) const LEVEL_NAMES: [(&str, &str); 3] =
    [("mm-core", "Core"), ("mm-optional", "Optional"), ("mm-alternative", "Alternative")];

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(hex: &str) -> [f64; 3] {
        let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).expect("hex colour");
        [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff].map(|c| f64::from(c) / 255.0)
    }

    /// WCAG 2.1 relative luminance.
    fn luminance(hex: &str) -> f64 {
        let [r, g, b] =
            rgb(hex).map(|c| if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) });
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// WCAG 2.1 contrast ratio.
    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn contrast_formula_matches_known_values() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#777777", "#ffffff") - 4.48).abs() < 0.01);
        assert!((contrast("#123456", "#123456") - 1.0).abs() < 1e-9);
    }

    #[test]
    fn text_contrast_is_at_least_4_5_in_both_schemes() {
        for (scheme, tint) in [(LIGHT, (|h: &Hue| h.light) as fn(&Hue) -> Tint), (DARK, |h| h.dark)] {
            assert!(contrast(scheme.ink, scheme.background) >= 4.5);
            assert!(contrast(scheme.centre_ink, scheme.centre_fill) >= 4.5);
            for h in &PALETTE {
                let t = tint(h);
                for fill in [t.fill, t.section_fill] {
                    let c = contrast(scheme.ink, fill);
                    assert!(c >= 4.5, "{} text on {fill}: {c:.2}", h.name);
                }
            }
        }
    }

    #[test]
    fn outlines_and_lines_are_visible_in_both_schemes() {
        // WCAG 1.4.11: graphics needed to understand the content (outlines carry the level) reach
        // 3:1 against the background and against the box fill they enclose.
        for (scheme, tint) in [(LIGHT, (|h: &Hue| h.light) as fn(&Hue) -> Tint), (DARK, |h| h.dark)] {
            assert!(contrast(scheme.cross_link, scheme.background) >= 3.0);
            assert!(contrast(scheme.focus, scheme.background) >= 3.0);
            assert!(contrast(scheme.centre_fill, scheme.background) >= 3.0);
            for h in &PALETTE {
                let t = tint(h);
                assert!(contrast(t.stroke, scheme.background) >= 3.0, "{} outline", h.name);
                assert!(contrast(t.stroke, t.fill) >= 3.0, "{} outline on fill", h.name);
            }
        }
    }

    #[test]
    fn css_names_every_palette_entry_for_both_schemes() {
        let css = map_css();
        for h in &PALETTE {
            for c in [h.light.stroke, h.light.fill, h.dark.stroke, h.dark.fill] {
                assert!(css.contains(c), "{c}");
            }
        }
        assert!(css.contains(":root[data-theme=\"dark\"] .mm{"));
        assert!(css.contains(":root:not([data-theme=\"light\"]) .mm"));
    }

    #[test]
    fn legend_names_all_levels() {
        let html = legend_html();
        for (class, text) in LEVEL_NAMES {
            assert!(html.contains(class) && html.contains(text));
        }
    }
}
