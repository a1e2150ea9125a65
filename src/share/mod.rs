//! Sharing a roadmap: the preview card each page shows when its link is posted (Open Graph and
//! Twitter), and the map as a picture (`mindmap.png`) and a vector PDF (`mindmap.pdf`), for the
//! whole roadmap and for each section. Made after render, by `trailmap build` only (a build that
//! writes a folder): `check` writes nothing, and `serve` skips them (a preview is for the
//! published site, and drawing ten thousand cards would stall the first page).
//!
//! Every image is drawn at most once: [`cache`] keeps it under a hash of what drew it. A skill's
//! card is drawn directly (see [`card`]); the maps go through SVG (see [`maps`]).
//!
//! `preview_images` in `trailmap.toml` chooses which pages get a card of their own.

mod cache;
mod card;
mod fonts;
mod maps;
mod png;

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

pub use cache::DIR as CACHE_DIR;
pub use card::{HEIGHT, WIDTH};

use crate::config::PreviewImages;
use crate::diagnostics::Diagnostic;
use crate::mindmap::MapNode;
use crate::output::{Output, Staging};
use crate::site::{Level, NodeId, NodeKind, Site};
use crate::strings::Strings;

/// A page's preview card, beside its `index.html`.
pub const CARD: &str = "preview.png";
/// The map as a picture, in the landing page's and each section's folder.
pub const MAP_PNG: &str = "mindmap.png";
/// The map as a vector PDF, beside [`MAP_PNG`].
pub const MAP_PDF: &str = "mindmap.pdf";

/// A page's preview image, as its `<meta property="og:image…">` tags give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    /// Absolute, under `base_url`: Open Graph wants no relative URL.
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// What the image shows, for readers who cannot see it.
    pub alt: String,
}

/// The preview image of a page, if the site makes them, described in the language of `strings`.
pub fn preview(site: &Site, node: NodeId, strings: &Strings) -> Option<Preview> {
    let owner = card_owner(site, node)?;
    let n = &site.nodes[node];
    let roadmap = site.config.title.as_str();
    let alt = match site.nodes[owner].kind {
        NodeKind::Root => strings.format("share.alt_roadmap", &[("roadmap", roadmap)]),
        NodeKind::Skill => {
            let section = site.section_of(node).map_or("", |s| site.nodes[s].title.as_str());
            let level = strings.get(&format!("level.{}", n.level.name())).to_string();
            let args =
                [("title", n.title.as_str()), ("level", &level), ("section", section), ("roadmap", roadmap)];
            strings.format("share.alt_skill", &args)
        }
        NodeKind::Section | NodeKind::Page => {
            let title = site.nodes[owner].title.as_str();
            strings.format("share.alt_section", &[("title", title), ("roadmap", roadmap)])
        }
    };
    Some(Preview { url: format!("{}{CARD}", site.permalink(owner)), width: WIDTH, height: HEIGHT, alt })
}

/// The page whose card a page shows: its own, its section's or the roadmap's (`None`: the site
/// makes no images).
fn card_owner(site: &Site, node: NodeId) -> Option<NodeId> {
    Some(match (site.config.preview_images, site.nodes[node].kind) {
        (PreviewImages::None, _) => return None,
        (_, NodeKind::Root | NodeKind::Section) => node,
        // A page of its own (About, Credits) is shared with the roadmap's card.
        (_, NodeKind::Page) => 0,
        (PreviewImages::All, NodeKind::Skill) => node,
        (PreviewImages::Sections, NodeKind::Skill) => site.section_of(node).unwrap_or(0),
    })
}

/// The folder URL holding a page's `mindmap.png` and `mindmap.pdf` (the landing page and the
/// sections), if the site makes them.
pub fn map_downloads(site: &Site, node: NodeId) -> Option<String> {
    let drawn = matches!(site.nodes[node].kind, NodeKind::Root | NodeKind::Section);
    (site.config.preview_images != PreviewImages::None && drawn).then(|| site.url(node))
}

/// Whether a build publishes `path` (below the site's root) as one of its images, so that a
/// root-absolute reference to it is not a broken one.
pub fn publishes(site: &Site, by_path: impl Fn(&str) -> Option<NodeId>, path: &str) -> bool {
    let (dir, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (&path[..dir.len() + 1], name),
        None => ("", path),
    };
    let Some(node) = by_path(dir) else { return false };
    match name {
        MAP_PNG | MAP_PDF => map_downloads(site, node).is_some(),
        CARD => card_owner(site, node) == Some(node),
        _ => false,
    }
}

/// What [`make`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Made {
    /// Images drawn by this build.
    pub drawn: usize,
    /// Images taken from the cache.
    pub cached: usize,
}

/// An image's bytes, or their length once written to the staging folder.
enum Placed {
    Written(usize),
    Held(Vec<u8>),
}

struct Image {
    path: String,
    placed: Placed,
    cache_name: String,
    drawn: bool,
}

/// Makes every image of the site (drawing only those not in the cache) into `staging`, or into
/// `output` without one, and drops the cached images no longer used.
///
/// A theme (or the site) replaces the skill cards' design with a template `card.svg` of its
/// own: Tera, given `site`, `section`, `hue` (the section's number), `colour` (its colour),
/// `title`, `level`, `summary` and `address`, makes an SVG that is drawn at 1200×630.
/// How the preview cards lay out `text` with the fallback fonts `fonts` (see
/// `card::layout_for_tests`): for the integration tests only.
#[doc(hidden)]
pub fn card_layout(text: &str, fonts: &[Vec<u8>]) -> (Vec<(u8, u16)>, bool) {
    card::layout_for_tests(text, fonts)
}

pub fn make(
    site: &Site,
    root: &Path,
    theme: &crate::theme::Theme,
    strings: &Strings,
    staging: Option<&Staging>,
    output: &mut Output,
) -> Result<Made, Vec<Diagnostic>> {
    let mode = site.config.preview_images;
    if mode == PreviewImages::None {
        return Ok(Made::default());
    }
    fonts::use_site_fonts(root).map_err(|problem| vec![problem])?;
    let own_card = match theme.templates.get(OWN_CARD) {
        Some(text) => Some(OwnCard::compile(text, root, site)?),
        None => None,
    };
    let cache = cache::Cache::new(root);
    let place = |path: String, name: String, draw: &dyn Fn() -> Result<Vec<u8>, maps::DrawError>| {
        place(&cache, staging, path, name, draw)
    };
    let maps: Vec<NodeId> = std::iter::once(0).chain(site.root().children.iter().copied()).collect();
    let skills: Vec<NodeId> = if mode == PreviewImages::All {
        (0..site.nodes.len()).filter(|&n| site.nodes[n].kind == NodeKind::Skill).collect()
    } else {
        Vec::new()
    };
    let (map_images, skill_cards) = rayon::join(
        || maps.par_iter().map(|&node| map_images(site, node, &place)).collect::<Vec<_>>(),
        || {
            skills
                .par_iter()
                .map(|&node| skill_card(site, node, strings, own_card.as_ref(), &place))
                .collect::<Vec<_>>()
        },
    );
    let mut made = Made::default();
    let mut problems = Vec::new();
    let mut used = HashSet::new();
    let images = map_images.into_iter().flat_map(|r| match r {
        Ok(images) => images.into_iter().map(Ok).collect(),
        Err(problem) => vec![Err(problem)],
    });
    for image in images.chain(skill_cards) {
        let image = match image {
            Ok(image) => image,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        if image.drawn {
            made.drawn += 1;
        } else {
            made.cached += 1;
        }
        used.insert(image.cache_name);
        let inserted = match image.placed {
            Placed::Written(len) => output.insert_written(image.path, len),
            Placed::Held(bytes) => output.insert(image.path, bytes),
        };
        if let Err(path) = inserted {
            problems.push(
                Diagnostic::file(
                    "content",
                    format!("a file of the site takes public/{path}, where a preview image goes"),
                )
                .with_hint("rename the file, or set `preview_images = \"none\"` in trailmap.toml"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    cache.prune(&used);
    Ok(made)
}

type Draw<'a> = &'a dyn Fn() -> Result<Vec<u8>, maps::DrawError>;

/// Puts one image into the output: copied from the cache when it is there, else drawn and kept.
fn place(
    cache: &cache::Cache,
    staging: Option<&Staging>,
    path: String,
    name: String,
    draw: Draw<'_>,
) -> Result<Image, Diagnostic> {
    let written = |error: crate::output::WriteError| Diagnostic::file("public", error.to_string());
    if let Some((file, len)) = cache.find(&name) {
        let placed = match staging {
            Some(staging) => Some(Placed::Written(staging.link(&path, &file).map_err(written)? as usize)),
            // A cached file that cannot be read is drawn again.
            None => std::fs::read(&file).ok().filter(|bytes| bytes.len() as u64 == len).map(Placed::Held),
        };
        if let Some(placed) = placed {
            return Ok(Image { path, placed, cache_name: name, drawn: false });
        }
    }
    let bytes =
        draw().map_err(|error| Diagnostic::file("public", format!("cannot draw public/{path}: {error}")))?;
    cache.keep(&name, &bytes);
    let placed = match staging {
        Some(staging) => {
            staging.put(&path, &bytes).map_err(written)?;
            Placed::Written(bytes.len())
        }
        None => Placed::Held(bytes),
    };
    Ok(Image { path, placed, cache_name: name, drawn: true })
}

type Place<'a> = dyn Fn(String, String, Draw<'_>) -> Result<Image, Diagnostic> + Sync + 'a;

/// The name of a theme's own skill card template.
pub const OWN_CARD: &str = "card.svg";

/// A theme's `card.svg`, compiled once.
struct OwnCard {
    tera: tera::Tera,
    shown: std::path::PathBuf,
}

impl OwnCard {
    fn compile(text: &str, root: &Path, site: &Site) -> Result<OwnCard, Vec<Diagnostic>> {
        let shown = crate::theme::Theme::template_path(root, &site.config.theme, OWN_CARD);
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".svg"]);
        tera.add_raw_template(OWN_CARD, text).map_err(|error| {
            vec![Diagnostic::file(&shown, format!("the card template does not compile: {error}"))]
        })?;
        Ok(OwnCard { tera, shown })
    }

    fn render(&self, card: &card::SkillCard<'_>) -> Result<String, Diagnostic> {
        let png::Rgb(r, g, b) = card::section_colour(card.section_index);
        // The texts as the built-in cards draw them: nothing XML cannot hold (the template
        // escapes the rest), a box for what the font lacks.
        let text = maps::drawable;
        let mut context = tera::Context::new();
        context.insert("site", &text(card.site));
        context.insert("section", &text(card.section));
        context.insert("hue", &card.section_index);
        context.insert("colour", &format!("#{r:02x}{g:02x}{b:02x}"));
        context.insert("title", &text(card.title));
        context.insert("level", card.level);
        context.insert("summary", &text(card.summary));
        context.insert("address", &text(card.address));
        self.tera
            .render(OWN_CARD, &context)
            .map_err(|error| Diagnostic::file(&self.shown, format!("the card template fails: {error}")))
    }
}

/// A skill's card.
fn skill_card(
    site: &Site,
    node: NodeId,
    strings: &Strings,
    own: Option<&OwnCard>,
    place: &Place<'_>,
) -> Result<Image, Diagnostic> {
    let n = &site.nodes[node];
    let section = site.section_of(node).unwrap_or(0);
    let card = card::SkillCard {
        site: &site.config.title,
        section: &site.nodes[section].title,
        section_index: site.root().children.iter().position(|&s| s == section).unwrap_or(0),
        title: &n.title,
        level: strings.get(match n.level {
            Level::Core => "map.core",
            Level::Optional => "map.optional",
            Level::Alternative => "map.alternative",
        }),
        summary: &n.summary,
        address: address(&site.config.base_url),
    };
    let path = format!("{}{CARD}", n.path);
    if let Some(own) = own {
        // The drawing is the SVG the template makes: its text is the cache's key.
        let svg = own.render(&card)?;
        let name = cache::Key::of("own-card", &svg).file_name("png");
        return place(path, name, &|| maps::card_from_svg(&svg));
    }
    let name = cache::Key::of("skill-card", &card).file_name("png");
    place(path, name, &|| Ok(card::skill_card(&card)))
}

/// `base_url` as a reader would type it.
fn address(base_url: &str) -> &str {
    let url = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    url.strip_suffix('/').unwrap_or(url)
}

/// The card, `mindmap.png` and `mindmap.pdf` of the landing page or a section, laid out once
/// for the three and only when one of them is not in the cache.
fn map_images(site: &Site, node: NodeId, place: &Place<'_>) -> Result<Vec<Image>, Diagnostic> {
    let n = &site.nodes[node];
    let tree = maps::readable(map_tree(site, node));
    let drawn = std::sync::OnceLock::new();
    let drawing = || drawn.get_or_init(|| maps::draw(&tree));
    let hue = site.root().children.iter().position(|&s| s == node);
    let shape = TreeKey(&tree);
    let card_key = cache::Key::of("map-card", &(&site.config.title, &n.title, hue, &shape));
    let card = place(format!("{}{CARD}", n.path), card_key.file_name("png"), &|| {
        maps::card(&site.config.title, &n.title, hue, drawing())
    })?;
    let picture =
        place(format!("{}{MAP_PNG}", n.path), cache::Key::of("map-png", &shape).file_name("png"), &|| {
            maps::png(drawing())
        })?;
    let pdf =
        place(format!("{}{MAP_PDF}", n.path), cache::Key::of("map-pdf", &shape).file_name("pdf"), &|| {
            maps::pdf(drawing())
        })?;
    Ok(vec![card, picture, pdf])
}

/// The map tree below `node`, whole (the images cut it to what stays readable).
/// No links: an image has nothing to click.
fn map_tree(site: &Site, node: NodeId) -> MapNode {
    let children = site.nodes[node].children.iter().map(|&c| map_tree(site, c)).collect();
    crate::map::map_node(site, node, String::new(), children)
}

/// What of a map tree its pictures show: ids (they tell the boxes apart), labels, kinds, levels
/// and the shape.
struct TreeKey<'a>(&'a MapNode);

impl Hash for TreeKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let n = self.0;
        (&n.id, &n.label, n.kind as u8, n.level as u8, n.children.len()).hash(state);
        for child in &n.children {
            TreeKey(child).hash(state);
        }
    }
}
