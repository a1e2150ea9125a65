//! Colours, the map's CSS and the legend.
//!
//! One hue per section, the same on every page that shows the section (see [`PALETTE`]). Each hue
//! is drawn as a pale fill with dark text in the light scheme and a deep fill with light text in
//! the dark one, so text contrast never depends on the hue; the hue itself is in the outline and
//! the edges. The CSS below is the single source of the map's look: the standalone
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

/// Seven hues spread around the CIELAB hue circle (h = 78, 255, 140, 300, 35, 200, 345 degrees, in
/// section order, so that the first sections of a roadmap are the furthest apart). Every outline of
/// a scheme has the same lightness (L* 50 in the light scheme, 70 in the dark one), so no branch
/// outshines the others, and any two outlines are at least 30 apart in CIELAB ΔE (a test checks 20
/// as the floor). Fills are the same hues, pale (light) or deep (dark), so text contrast never
/// depends on the section. The theme's `--sec-N` colours (section cards, navigation) are these
/// outlines; a test keeps `style.css` in step.
pub(crate) const PALETTE: [Hue; 7] = [
    hue("amber", ["#9f6d00", "#fff2e3", "#f5d8b4"], ["#d5a355", "#362d20", "#4e3d25"]),
    hue("blue", ["#067fb3", "#ebf5ff", "#bfe1fe"], ["#13b6ff", "#20303c", "#21435a"]),
    hue("green", ["#298830", "#eaf7e8", "#c6e5c1"], ["#76bb71", "#263125", "#30452e"]),
    hue("violet", ["#7469d0", "#f5f2fe", "#e0d8fe"], ["#aea0f7", "#2f2c3b", "#413c58"]),
    hue("vermillion", ["#cb4d3f", "#fef1ee", "#fed3cb"], ["#fa8d7b", "#3c2a26", "#5a3731"]),
    hue("teal", ["#078488", "#def9f9", "#a5e9ea"], ["#03bec2", "#193233", "#0e4749"]),
    hue("magenta", ["#c54693", "#fff0f7", "#ffd0e8"], ["#f18ac3", "#3a2932", "#563647"]),
];

/// How many section hues there are: section `i` (among the roadmap's sections) has hue `i % HUES`.
pub const HUES: usize = PALETTE.len();

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
/// `names` are the levels' names in the site's language (`None`: English).
#[must_use]
pub fn legend_html(names: Option<&[String; 3]>) -> String {
    let mut html = String::from("<ul class=\"mm-legend\">");
    for (class, text) in level_names(names) {
        html.push_str(&format!(
            "<li><svg class=\"mm\" width=\"34\" height=\"20\" viewBox=\"0 0 34 20\" aria-hidden=\"true\" focusable=\"false\"><g class=\"{class}\"><rect class=\"mm-key\" x=\"2\" y=\"2\" width=\"30\" height=\"16\" rx=\"4\"/></g></svg>{}</li>",
            crate::escape::escape(text)
        ));
    }
    html.push_str("</ul>");
    html
}

/// Level classes and their names, in legend order.
pub(crate) const LEVEL_NAMES: [(&str, &str); 3] =
    [("mm-core", "Core"), ("mm-optional", "Optional"), ("mm-alternative", "Alternative")];

/// The level classes with `names` (in legend order), or with [`LEVEL_NAMES`]' English ones.
pub(crate) fn level_names(names: Option<&[String; 3]>) -> [(&'static str, &str); 3] {
    let [core, optional, alternative] = LEVEL_NAMES;
    match names {
        Some([a, b, c]) => [(core.0, a.as_str()), (optional.0, b.as_str()), (alternative.0, c.as_str())],
        None => [core, optional, alternative],
    }
}

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

    /// CIELAB (D65) of an sRGB colour.
    fn lab(hex: &str) -> [f64; 3] {
        let [r, g, b] =
            rgb(hex).map(|c| if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) });
        let xyz = [
            (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47,
            0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b,
            (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83,
        ];
        let f = |t: f64| if t > 216.0 / 24389.0 { t.cbrt() } else { (24389.0 / 27.0 * t + 16.0) / 116.0 };
        let [x, y, z] = xyz.map(f);
        [116.0 * y - 16.0, 500.0 * (x - y), 200.0 * (y - z)]
    }

    /// CIE76 colour difference: the distance in CIELAB.
    fn delta_e(a: &str, b: &str) -> f64 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    #[test]
    fn lab_matches_known_values() {
        let white = lab("#ffffff");
        assert!((white[0] - 100.0).abs() < 0.01 && white[1].abs() < 0.01 && white[2].abs() < 0.01);
        // sRGB red is L* 53.24, a* 80.09, b* 67.20.
        let red = lab("#ff0000");
        assert!(
            (red[0] - 53.24).abs() < 0.05 && (red[1] - 80.09).abs() < 0.1 && (red[2] - 67.20).abs() < 0.1
        );
        assert!((delta_e("#000000", "#ffffff") - 100.0).abs() < 0.01);
    }

    #[test]
    fn every_two_section_hues_are_at_least_20_apart_in_both_schemes() {
        for (scheme, tint) in [("light", (|h: &Hue| h.light) as fn(&Hue) -> Tint), ("dark", |h| h.dark)] {
            for (i, a) in PALETTE.iter().enumerate() {
                for b in &PALETTE[i + 1..] {
                    let d = delta_e(tint(a).stroke, tint(b).stroke);
                    assert!(d >= 20.0, "{scheme}: {} and {} are {d:.1} apart", a.name, b.name);
                }
            }
        }
    }

    #[test]
    fn no_section_hue_outshines_the_others() {
        // The dark scheme's yellow once stood at L* 89 among hues near 60: the eye went to it first.
        for (scheme, tint) in [("light", (|h: &Hue| h.light) as fn(&Hue) -> Tint), ("dark", |h| h.dark)] {
            let lightness: Vec<f64> = PALETTE.iter().map(|h| lab(tint(h).stroke)[0]).collect();
            let (min, max) =
                lightness.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &l| (lo.min(l), hi.max(l)));
            assert!(max - min <= 3.0, "{scheme}: outline lightness spans {min:.1} to {max:.1}");
        }
    }

    #[test]
    fn the_theme_colours_sections_with_the_map_hues() {
        // style.css's `--sec-N` (section cards, navigation marks) must be the map's outlines, in the
        // light block and in both copies of the dark one.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let candidates = [
            root.join("themes/default/static/style.css"),
            root.join("../../main/themes/default/static/style.css"),
        ];
        let path = candidates.iter().find(|p| p.exists()).expect("themes/default/static/style.css");
        let css = std::fs::read_to_string(path).expect("readable style.css");
        for (i, h) in PALETTE.iter().enumerate() {
            let light = format!("--sec-{i}: {};", h.light.stroke);
            let dark = format!("--sec-{i}: {};", h.dark.stroke);
            assert_eq!(css.matches(&light).count(), 1, "{}: {light}", h.name);
            assert_eq!(css.matches(&dark).count(), 2, "{}: {dark}", h.name);
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
        let html = legend_html(None);
        for (class, text) in LEVEL_NAMES {
            assert!(html.contains(class) && html.contains(text));
        }
        let names = ["Kern".to_string(), "Optional".into(), "<Alternative>".into()];
        let html = legend_html(Some(&names));
        assert!(html.contains("</svg>Kern</li>") && html.contains("&lt;Alternative&gt;"), "{html}");
    }
}
