//! `[brand]`, `extra_css` and `extra_head`: what makes the default theme a site's own without
//! copying it. The accent colour is checked and turned into the theme's custom properties for
//! both colour schemes, each variant keeping WCAG AA contrast against the theme's backgrounds;
//! the files named are checked to exist.

use std::path::Path;

use serde::Serialize;
use toml::Spanned;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::theme::Theme;

/// WCAG AA for body text: links and button labels are text.
const AA: f64 = 4.5;

/// The backgrounds links sit on in the default theme's light scheme (`--bg`, `--soft`, `--softer`).
const LIGHT_BACKGROUNDS: [Rgb; 3] = [Rgb(0xff, 0xff, 0xff), Rgb(0xf4, 0xf6, 0xf9), Rgb(0xee, 0xf1, 0xf5)];
/// The same in the dark scheme (`--bg`, `--surface`, `--soft`, `--softer`).
const DARK_BACKGROUNDS: [Rgb; 4] =
    [Rgb(0x0f, 0x13, 0x18), Rgb(0x15, 0x1a, 0x21), Rgb(0x1a, 0x20, 0x29), Rgb(0x20, 0x28, 0x33)];

/// The template the theme includes at the end of every page's head; it includes the site's
/// `extra_head` file when there is one (Tera's `include` takes only a literal name).
pub const EXTRA_HEAD_TEMPLATE: &str = "trailmap/extra-head.html";

/// A colour in sRGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` or `#rgb`, in any case.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
        let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
            _ => None,
        }
    }

    /// Relative luminance (WCAG 2).
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// The WCAG contrast ratio of two colours (1 to 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `self` moved the fraction `t` of the way to `toward`.
    fn mix(self, toward: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, toward.0), m(self.1, toward.1), m(self.2, toward.2))
    }

    fn worst_contrast(self, backgrounds: &[Rgb]) -> f64 {
        backgrounds.iter().map(|&bg| self.contrast(bg)).fold(f64::INFINITY, f64::min)
    }

    /// The colour nearest to `self` on the way to `toward` that reads on every background:
    /// `self` itself when it already does. The hue is kept; only the lightness moves.
    fn readable_on(self, backgrounds: &[Rgb], toward: Rgb) -> Rgb {
        (0..=100)
            .map(|step| self.mix(toward, f64::from(step) / 100.0))
            .find(|c| c.worst_contrast(backgrounds) >= AA)
            .unwrap_or(toward)
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

const BLACK: Rgb = Rgb(0, 0, 0);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// The accent of one colour scheme and its variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// Links, buttons, the current section: AA on every background of the scheme.
    pub accent: Rgb,
    /// Hovered links and buttons: further from the background than `accent`.
    pub hover: Rgb,
    /// Text on an accent-coloured button.
    pub on_accent: Rgb,
}

impl Scheme {
    fn derive(colour: Rgb, backgrounds: &[Rgb], away: Rgb) -> Scheme {
        let accent = colour.readable_on(backgrounds, away);
        let hover = accent.mix(away, 0.25);
        let on_accent = if accent.contrast(WHITE) >= accent.contrast(BLACK) { WHITE } else { BLACK };
        Scheme { accent, hover, on_accent }
    }

    fn css(&self) -> String {
        let (a, h, f) = (self.accent.hex(), self.hover.hex(), self.on_accent.hex());
        format!("--accent:{a};--link:{a};--accent-hover:{h};--accent-fg:{f};--focus:{a};")
    }
}

/// The accent of both schemes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub light: Scheme,
    pub dark: Scheme,
}

impl Palette {
    /// The palette of an accent (and the dark scheme's own, if given).
    pub fn new(accent: Rgb, accent_dark: Option<Rgb>) -> Palette {
        Palette {
            light: Scheme::derive(accent, &LIGHT_BACKGROUNDS, BLACK),
            dark: Scheme::derive(accent_dark.unwrap_or(accent), &DARK_BACKGROUNDS, WHITE),
        }
    }

    /// The custom properties of both schemes, with the same selectors as the theme's
    /// stylesheet, for screens only (print keeps its black links).
    pub fn css(&self) -> String {
        let (light, dark) = (self.light.css(), self.dark.css());
        format!(
            "@media screen{{:root{{{light}}}:root[data-theme=\"dark\"]{{{dark}}}}}\
             @media screen and (prefers-color-scheme:dark){{:root:not([data-theme=\"light\"]){{{dark}}}}}"
        )
    }
}

/// What the templates get as `site.brand`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BrandCtx {
    /// The accent's custom properties (empty without an accent), for a `<style>` in the head.
    pub style: String,
    /// The logo's URL.
    pub logo: Option<String>,
    /// The footer, as HTML.
    pub footer: String,
    /// The URLs of the site's extra stylesheets, in order.
    pub extra_css: Vec<String>,
}

impl BrandCtx {
    pub fn new(config: &Config) -> BrandCtx {
        let base = config.base_path();
        let colour = |value: &Option<Spanned<String>>| value.as_ref().and_then(|v| Rgb::parse(v.get_ref()));
        BrandCtx {
            style: colour(&config.brand.accent)
                .map(|accent| Palette::new(accent, colour(&config.brand.accent_dark)).css())
                .unwrap_or_default(),
            logo: config.brand.logo.as_ref().map(|logo| static_url(base, logo.get_ref())),
            footer: config.brand.footer.as_deref().map(|text| footer_html(text, base)).unwrap_or_default(),
            extra_css: config.extra_css.iter().map(|css| static_url(base, css.get_ref())).collect(),
        }
    }
}

/// A file of `static/` as written in `trailmap.toml` (with or without `static/`, `/`).
fn static_name(written: &str) -> &str {
    let name = written.trim().trim_start_matches('/');
    name.strip_prefix("static/").unwrap_or(name)
}

fn static_url(base: &str, written: &str) -> String {
    format!("{base}{}", crate::escape::percent_encode_path(static_name(written)))
}

/// The footer's Markdown as HTML: raw HTML is shown as text, and a link starting with `/`
/// starts at the site's root (its base path).
fn footer_html(markdown: &str, base: &str) -> String {
    use pulldown_cmark::{CowStr, Event, Parser, Tag};
    let events = Parser::new(markdown).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link { link_type, dest_url, title, id })
            if dest_url.starts_with('/') && !dest_url.starts_with("//") =>
        {
            let dest_url = CowStr::from(format!("{base}{}", &dest_url[1..]));
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Problems of the brand settings: a colour that is not one, a file that is not there (errors),
/// and an accent that had to change to be readable (a warning).
pub fn check(config: &Config, theme: &Theme) -> Vec<Diagnostic> {
    let Some(file) = &config.source else { return Vec::new() };
    let at = |value: &Spanned<String>, message: String| {
        file.error_at(value.span().start, value.span().end, message)
    };
    let mut problems = Vec::new();
    let brand = &config.brand;
    for (value, backgrounds, scheme, away) in [
        (&brand.accent, &LIGHT_BACKGROUNDS[..], "light", BLACK),
        (&brand.accent_dark, &DARK_BACKGROUNDS[..], "dark", WHITE),
    ] {
        let Some(value) = value else { continue };
        let Some(colour) = Rgb::parse(value.get_ref()) else {
            problems.push(
                at(value, format!("`{}` is not a colour", value.get_ref()))
                    .with_hint("write it as `#rrggbb` (or `#rgb`), e.g. `#0a57b0`"),
            );
            continue;
        };
        let readable = colour.readable_on(backgrounds, away);
        if readable != colour {
            let contrast = colour.worst_contrast(backgrounds);
            let hint = if scheme == "light" {
                "pick a darker colour to use it as it is; `accent_dark` sets the dark scheme's own"
            } else {
                "pick a lighter colour to use it as it is"
            };
            problems.push(
                at(
                    value,
                    format!(
                        "`{}` is too faint on the {scheme} scheme's backgrounds (contrast {contrast:.1}:1, \
                         AA needs {AA}:1): links and buttons use `{}` instead",
                        value.get_ref(),
                        readable.hex()
                    ),
                )
                .with_hint(hint)
                .warning(),
            );
        }
    }
    let statics = || theme.statics.keys().map(String::as_str);
    let mut missing_static = |value: &Spanned<String>, what: &str| {
        let name = static_name(value.get_ref());
        if !theme.statics.contains_key(name) {
            let mut problem = at(value, format!("{what} `{name}` is not in static/"));
            problem = match crate::diagnostics::did_you_mean(name, statics()) {
                Some(near) => problem.with_hint(format!("did you mean `{near}`?")),
                None => problem.with_hint(format!("put the file at static/{name}")),
            };
            problems.push(problem);
        }
    };
    if let Some(logo) = &brand.logo {
        missing_static(logo, "the logo");
    }
    for css in &config.extra_css {
        missing_static(css, "the stylesheet");
    }
    if let Some(head) = &config.extra_head {
        let name = template_name(head.get_ref());
        if !theme.templates.contains_key(name) {
            problems.push(
                at(head, format!("the template `{name}` is not in templates/"))
                    .with_hint(format!("put the file at templates/{name}")),
            );
        }
    }
    problems
}

/// A template named in `trailmap.toml` (with or without `templates/`).
pub fn template_name(written: &str) -> &str {
    let name = written.trim().trim_start_matches('/');
    name.strip_prefix("templates/").unwrap_or(name)
}

/// The text of [`EXTRA_HEAD_TEMPLATE`] for a site.
pub fn extra_head_template(config: &Config) -> String {
    match &config.extra_head {
        Some(name) => format!("{{% include \"{}\" %}}", template_name(name.get_ref()).replace('"', "")),
        None => String::new(),
    }
}

/// A warning when the site's own `static/style.css` replaces the theme's whole stylesheet.
pub fn shadowed_stylesheet(root: &Path, theme: &Theme) -> Option<Diagnostic> {
    let own = Path::new("static").join("style.css");
    (theme.shadowed.iter().any(|name| name == "style.css") && root.join(&own).is_file()).then(|| {
        Diagnostic::file(&own, "this file replaces the theme's whole stylesheet")
            .with_hint(
                "to add rules to the theme's, rename it and list it in trailmap.toml: \
                 `extra_css = [\"custom.css\"]`; to own the whole theme, `trailmap theme eject`",
            )
            .warning()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;

    fn config(toml: &str) -> Config {
        let mut config: Config = toml::from_str(toml).unwrap();
        config.source = Some(SourceFile::new("trailmap.toml", toml));
        config
    }

    #[test]
    fn parses_colours() {
        assert_eq!(Rgb::parse("#0A57b0"), Some(Rgb(0x0a, 0x57, 0xb0)));
        assert_eq!(Rgb::parse("#fc0"), Some(Rgb(0xff, 0xcc, 0x00)));
        for bad in ["0a57b0", "#0a57b", "#ggg", "red", "#1234567"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_variant_keeps_aa_contrast() {
        for accent in ["#ffcc00", "#0a57b0", "#e11d48", "#000000", "#ffffff", "#22c55e"] {
            let palette = Palette::new(Rgb::parse(accent).unwrap(), None);
            for (scheme, backgrounds) in
                [(&palette.light, &LIGHT_BACKGROUNDS[..]), (&palette.dark, &DARK_BACKGROUNDS[..])]
            {
                assert!(scheme.accent.worst_contrast(backgrounds) >= AA, "{accent}: {scheme:?}");
                assert!(scheme.hover.worst_contrast(backgrounds) >= AA, "{accent}: {scheme:?}");
                assert!(scheme.on_accent.contrast(scheme.accent) >= AA, "{accent}: {scheme:?}");
            }
        }
    }

    #[test]
    fn a_readable_accent_is_kept_as_it_is() {
        let blue = Rgb::parse("#0a57b0").unwrap();
        assert_eq!(Palette::new(blue, None).light.accent, blue);
        let css = Palette::new(blue, None).css();
        assert!(css.contains(":root{--accent:#0a57b0;--link:#0a57b0;"), "{css}");
        assert!(css.contains("prefers-color-scheme:dark"), "{css}");
    }

    #[test]
    fn a_faint_accent_is_a_warning_at_its_place() {
        let config = config("title = \"t\"\nbase_url = \"https://x.org/\"\n[brand]\naccent = \"#ffcc00\"\n");
        let problems = check(&config, &Theme::default());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].is_warning());
        assert_eq!((problems[0].line, problems[0].column), (4, 10));
        assert!(problems[0].message.contains("too faint on the light scheme"), "{}", problems[0].message);
    }

    #[test]
    fn missing_files_and_bad_colours_are_errors() {
        let mut theme = Theme::default();
        theme.statics.insert("logo.svg".into(), Vec::new());
        let config = config(
            "title = \"t\"\nbase_url = \"https://x.org/\"\nextra_css = [\"custom.css\"]\nextra_head = \"head.html\"\n\
             [brand]\naccent = \"blue\"\nlogo = \"static/logo.svg\"\n",
        );
        let problems = check(&config, &theme);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`blue` is not a colour",
                "the stylesheet `custom.css` is not in static/",
                "the template `head.html` is not in templates/"
            ]
        );
        assert!(problems.iter().all(|p| !p.is_warning()));
    }

    #[test]
    fn the_footer_is_markdown_without_raw_html() {
        let html = footer_html("© 2026 [About](/about/) <script>x</script>", "/sub/");
        assert_eq!(html, "<p>© 2026 <a href=\"/sub/about/\">About</a> &lt;script&gt;x&lt;/script&gt;</p>\n");
    }
}
