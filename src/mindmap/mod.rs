//! The mind map: a roadmap tree drawn as an SVG with the roadmap in the centre and its sections
//! branching to the right and the left, plus its text equivalent.
//!
//! The stage runs in two steps, both pure functions of their input:
//! [`layout`] measures every label with the shipped font's metrics, wraps it, and places the boxes
//! (two horizontal non-layered tidy trees, see `tidy.rs`); [`MindMap::to_svg`] draws the result.
//! [`outline_html`] is the same tree as nested lists of links, and [`legend_html`] explains the
//! outline styles. The theme's `mindmap.css` and `mindmap.js` style and enhance the inline SVG.
//!
//! ```
//! use trailmap::mindmap::{Level, MapNode, NodeKind, SvgOptions, layout, outline_html};
//!
//! let node = |id: &str, label: &str, url: &str, kind, children| MapNode {
//!     id: id.into(),
//!     label: label.into(),
//!     url: url.into(),
//!     kind,
//!     level: Level::Core,
//!     children,
//! };
//! let skill = node("tokens", "Tokenization", "/llms/tokens/", NodeKind::Skill, vec![]);
//! let section = node("llms", "LLMs", "/llms/", NodeKind::Section, vec![skill]);
//! let root = node("root", "AI Engineer", "/", NodeKind::Root, vec![section]);
//!
//! let map = layout(&root);
//! // Inline in a page: `<div class="mindmap">{svg}</div>`, with mindmap.css and mindmap.js loaded.
//! let svg = map.to_svg(&SvgOptions {
//!     title: "AI Engineer roadmap".into(),
//!     description: "Sections and skills of the roadmap".into(),
//!     id_prefix: "home-".into(),
//!     ..SvgOptions::default()
//! });
//! assert!(svg.contains(r#"<a href="/llms/tokens/""#));
//! assert!(outline_html(&root).contains(r#"<a href="/llms/" data-id="llms">LLMs</a>"#));
//! ```

mod layout;
mod metrics;
mod model;
mod outline;
mod print;
mod style;
mod svg;
mod text;
mod tidy;

#[cfg(test)]
mod tests;

pub use layout::{Bounds, MindMap, NodeBox, layout};
pub use model::{CrossLink, Level, MapNode, NodeKind};
pub use outline::outline_html;
/// The section hues, for the share images (the same colour on the site and on a section's cards).
pub(crate) use style::PALETTE;
pub use style::{HUES, legend_html, map_css};
pub use svg::SvgOptions;
