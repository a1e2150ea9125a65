//! The directory of a site of several roadmaps: every roadmap's pages by id, so that one
//! roadmap's pages can name another's (`[[data-engineer:sql]]`, `prerequisites =
//! ["data-engineer:sql"]`), checked like every other reference.
//!
//! It is built once after loading, from each roadmap in its default language, and shared by
//! every edition (see [`crate::edition`]). What needs all roadmaps at once is found here too:
//! prerequisite cycles that cross roadmaps (each roadmap's own are found by
//! [`crate::resolve`]) and the pages of other roadmaps that link to a page ("also in").

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::markdown::LinkTarget;
use crate::site::{NodeId, NodeKind, Site};

/// A page of a roadmap, as another roadmap sees it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// `roadmap:id`: how other roadmaps name it, and its progress key.
    pub key: String,
    /// Its path below its roadmap's folder.
    pub path: String,
    pub title: String,
    pub summary: String,
    /// The ids of its headings, for `[[roadmap:id#heading]]`.
    pub headings: Vec<String>,
}

/// One roadmap's pages by id.
#[derive(Debug, Clone, Default)]
pub struct Roadmap {
    pub title: String,
    pub ids: HashMap<String, Entry>,
    /// The ids of its pages by their file below the roadmap's folder (`basics/sql.md`), for
    /// relative links from other roadmaps (`../data-engineer/basics/sql.md`).
    pub files: HashMap<std::path::PathBuf, String>,
}

/// A reference to a page of a roadmap: `(roadmap, id)`.
pub type Qualified = (String, String);

/// Every roadmap of the site, by name.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub roadmaps: BTreeMap<String, Roadmap>,
    /// For each page, the pages of other roadmaps whose body, prerequisites or related skills
    /// name it, in the order of `roadmaps` and then of their reading order.
    pub mentions: HashMap<Qualified, Vec<Qualified>>,
    /// A hash of all of it: a page that shows other roadmaps' pages is rendered again (by
    /// `serve`) when it changes.
    pub fingerprint: u64,
}

/// What a qualified reference (`roadmap:id`) is, once looked up.
pub enum Found<'a> {
    /// Not a qualified reference to another roadmap: `page:about`, or a plain id.
    NotQualified,
    Page {
        roadmap: &'a str,
        id: &'a str,
        entry: &'a Entry,
    },
    /// It names no roadmap, or no page of its roadmap: a message and a hint.
    Missing {
        message: String,
        hint: String,
    },
}

/// `(roadmap, id)` when `reference` names a page of another roadmap (`data-engineer:sql`);
/// `page:` names a standalone page.
pub fn split(reference: &str) -> Option<(&str, &str)> {
    let (roadmap, id) = reference.split_once(':')?;
    (roadmap != crate::pages::ID_PREFIX.trim_end_matches(':') && !roadmap.is_empty()).then_some((roadmap, id))
}

impl Directory {
    /// The directory of `sites`, each a roadmap of the site in its default language.
    pub fn new(sites: &[Site]) -> Directory {
        let mut directory = Directory::default();
        for site in sites {
            let Some(name) = &site.edition.roadmap else { continue };
            let ids = site
                .nodes
                .iter()
                .filter(|node| matches!(node.kind, NodeKind::Section | NodeKind::Skill))
                .map(|node| {
                    let entry = Entry {
                        key: format!("{name}:{}", node.id),
                        path: node.path.clone(),
                        title: node.title.clone(),
                        summary: node.summary.clone(),
                        headings: node.body.headings.iter().map(|h| h.id.clone()).collect(),
                    };
                    (node.id.clone(), entry)
                })
                .collect();
            let folder = std::path::Path::new("content").join(name);
            let files = site
                .nodes
                .iter()
                .filter(|node| matches!(node.kind, NodeKind::Section | NodeKind::Skill))
                .filter_map(|node| {
                    Some((node.source.path.strip_prefix(&folder).ok()?.to_path_buf(), node.id.clone()))
                })
                .collect();
            directory.roadmaps.insert(name.clone(), Roadmap { title: site.root().title.clone(), ids, files });
        }
        for site in sites {
            let Some(from_roadmap) = &site.edition.roadmap else { continue };
            for node in site.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Section | NodeKind::Skill)) {
                let named = node.body.links.iter().filter_map(|link| match &link.target {
                    LinkTarget::Id { id, .. } => Some(id.clone()),
                    LinkTarget::File { path, .. } => {
                        directory.across(from_roadmap, path).map(|(r, id)| format!("{r}:{id}"))
                    }
                    _ => None,
                });
                let named: Vec<String> = named.collect();
                let named = named.iter().map(String::as_str);
                let listed = node.prerequisites.iter().chain(&node.related).map(|r| r.id.as_str());
                for reference in named.chain(listed) {
                    let Some((roadmap, id)) = split(reference) else { continue };
                    if roadmap == from_roadmap || !directory.has(roadmap, id) {
                        continue;
                    }
                    let from = (from_roadmap.clone(), node.id.clone());
                    let list = directory.mentions.entry((roadmap.to_string(), id.to_string())).or_default();
                    if !list.contains(&from) {
                        list.push(from);
                    }
                }
            }
        }
        let mut hasher = std::hash::DefaultHasher::new();
        for (name, roadmap) in &directory.roadmaps {
            (name, &roadmap.title).hash(&mut hasher);
            let mut ids: Vec<(&String, &Entry)> = roadmap.ids.iter().collect();
            ids.sort_by_key(|(id, _)| *id);
            for (id, entry) in ids {
                (id, &entry.path, &entry.title, &entry.summary, &entry.headings).hash(&mut hasher);
            }
        }
        let mut mentions: Vec<_> = directory.mentions.iter().collect();
        mentions.sort();
        mentions.hash(&mut hasher);
        directory.fingerprint = hasher.finish();
        directory
    }

    /// The page of another roadmap that a relative link of a page of `roadmap` names: `path` is
    /// relative to `roadmap`'s folder (`../data-engineer/basics/sql.md`), as on GitHub.
    pub fn across<'a>(&'a self, roadmap: &str, path: &std::path::Path) -> Option<(&'a str, &'a str)> {
        let within = path.strip_prefix("..").ok()?;
        let mut parts = within.components();
        let other = parts.next()?.as_os_str().to_str()?;
        let (name, pages) = self.roadmaps.get_key_value(other).filter(|(name, _)| *name != roadmap)?;
        let id = pages.files.get(parts.as_path())?;
        Some((name, id))
    }

    fn has(&self, roadmap: &str, id: &str) -> bool {
        self.roadmaps.get(roadmap).is_some_and(|r| r.ids.contains_key(id))
    }

    /// Looks up `reference` as a page of another roadmap.
    pub fn find<'a>(&'a self, reference: &'a str) -> Found<'a> {
        let Some((roadmap, id)) = split(reference) else { return Found::NotQualified };
        let Some((name, pages)) = self.roadmaps.get_key_value(roadmap) else {
            let hint = match did_you_mean(roadmap, self.roadmaps.keys().map(String::as_str)) {
                Some(close) => format!("did you mean `{close}:{id}`?"),
                None => format!(
                    "the site's roadmaps are `{}`",
                    self.roadmaps.keys().map(String::as_str).collect::<Vec<_>>().join("`, `")
                ),
            };
            return Found::Missing { message: format!("unknown roadmap `{roadmap}` in `{reference}`"), hint };
        };
        match pages.ids.get_key_value(id) {
            Some((id, entry)) => Found::Page { roadmap: name, id, entry },
            None => {
                let elsewhere =
                    self.roadmaps.iter().find(|(other, r)| *other != name && r.ids.contains_key(id));
                let hint = match (did_you_mean(id, pages.ids.keys().map(String::as_str)), elsewhere) {
                    (Some(close), _) => format!("did you mean `{roadmap}:{close}`?"),
                    (None, Some((other, _))) => format!("did you mean `{other}:{id}`?"),
                    (None, None) => format!("no page of `{roadmap}` has an id close to it"),
                };
                Found::Missing {
                    message: format!("unknown id `{reference}`: the {roadmap} roadmap has no page `{id}`"),
                    hint,
                }
            }
        }
    }
}

/// Prerequisite cycles that pass through more than one roadmap, found on the graph of every
/// roadmap's prerequisites together, each reported at the prerequisite entry that closes it.
pub fn cycles(sites: &[Site]) -> Vec<Diagnostic> {
    // Every page of every roadmap, numbered in order.
    let mut number: HashMap<(&str, &str), usize> = HashMap::new();
    let mut pages: Vec<(usize, NodeId)> = Vec::new();
    for (s, site) in sites.iter().enumerate() {
        let Some(roadmap) = &site.edition.roadmap else { continue };
        for (n, node) in site.nodes.iter().enumerate() {
            number.insert((roadmap.as_str(), node.id.as_str()), pages.len());
            pages.push((s, n));
        }
    }
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    let mut crosses = false;
    for &(s, n) in &pages {
        let site = &sites[s];
        let Some(roadmap) = site.edition.roadmap.as_deref() else { continue };
        let from = number[&(roadmap, site.nodes[n].id.as_str())];
        for prerequisite in &site.nodes[n].prerequisites {
            let target = match split(&prerequisite.id) {
                Some(qualified) => {
                    crosses = true;
                    qualified
                }
                None => (roadmap, prerequisite.id.as_str()),
            };
            if let Some(&to) = number.get(&target) {
                edges[from].push(to);
            }
        }
    }
    if !crosses {
        return Vec::new();
    }
    let Some(cycle) = crate::resolve::find_cycle(&edges) else { return Vec::new() };
    let roadmap_of = |p: usize| sites[pages[p].0].edition.roadmap.as_deref().unwrap_or_default();
    if cycle.iter().all(|&p| roadmap_of(p) == roadmap_of(cycle[0])) {
        // A cycle within one roadmap: reported by that roadmap's own checks.
        return Vec::new();
    }
    let name = |p: usize| format!("{}:{}", roadmap_of(p), sites[pages[p].0].nodes[pages[p].1].id);
    let names: Vec<String> = cycle.iter().chain(cycle.first()).map(|&p| name(p)).collect();
    // The edge that closes it: from the last page of the cycle back to the first.
    let last = cycle[cycle.len() - 1];
    let (s, n) = pages[last];
    let node = &sites[s].nodes[n];
    let first = cycle[0];
    let closing = node.prerequisites.iter().find(|r| {
        let target = split(&r.id).unwrap_or((roadmap_of(last), r.id.as_str()));
        number.get(&target) == Some(&first)
    });
    let message = format!("prerequisite cycle across roadmaps: {}", names.join(" → "));
    let hint = "a skill cannot (even indirectly) be its own prerequisite; remove one of these entries";
    vec![match closing {
        Some(r) => node.source.error_at(r.span.start, r.span.end, message).with_hint(hint),
        None => Diagnostic::file(&node.source.path, message).with_hint(hint),
    }]
}
