//! The roadmap tree the mind map is drawn from, as the pipeline hands it over.

/// What a node of the map stands for; it decides the node's type size and weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// The roadmap itself (`content/_index.md`).
    Root,
    /// A section (`content/<section>/_index.md`).
    Section,
    /// A skill or sub-skill.
    Skill,
}

/// How essential a skill is; drawn as the box outline (solid, dashed, dotted) and explained by the
/// legend. Only meaningful for [`NodeKind::Skill`]; other kinds are always drawn solid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Level {
    /// Everyone on the path should learn it.
    #[default]
    Core,
    /// Worth knowing, not required.
    Optional,
    /// One of several interchangeable choices.
    Alternative,
}

/// One node of the roadmap tree: its children are drawn in the given order.
#[derive(Debug, Clone, PartialEq)]
pub struct MapNode {
    /// The stable id (also the key of progress and cross-links).
    pub id: String,
    /// The title shown in the box; any text (it is escaped and wrapped).
    pub label: String,
    /// Where the node links to; emitted as given (escaped), so the pipeline decides on base paths.
    pub url: String,
    /// Root, section or skill.
    pub kind: NodeKind,
    /// The skill's level.
    pub level: Level,
    /// Sub-nodes, in reading order.
    pub children: Vec<MapNode>,
}

/// A prerequisite edge between two nodes, by id: `from` must be learnt before `to`.
/// Drawn as an optional layer that never moves the tree; ids not on the map are skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossLink {
    /// The prerequisite's id.
    pub from: String,
    /// The id of the node that needs it.
    pub to: String,
}
