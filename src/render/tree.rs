//! The section tree beside a page's text, as HTML made in Rust: every page of a section shows
//! nearly the same tree (the section's skills, unfolded along the way to the page), so each
//! line is escaped once per build and a page's tree is those lines put together, with its own
//! marks (`folded`, `aria-current`) set in between. Through the templates, the tree's sixty
//! links cost a page more than the rest of it.

use crate::escape::escape_into;
use crate::site::{NodeId, Site};

/// Above this many lines a section tree would outweigh the page it sits beside (and a roadmap of
/// one broad section would write it thousands of times): such pages go without.
const MAX_TREE: usize = 200;

/// One node's line of a tree, escaped, cut where a page's marks go:
/// `<li class="depth-N` | ` folded` | `" data-skill="ID"><a href="URL"` | ` aria-current="page"` | `>TITLE</a></li>`.
struct Line {
    class: String,
    link: String,
    rest: String,
}

/// The lines of every node below a section, made once for all the pages of a render.
pub struct SectionTrees {
    lines: Vec<Option<Line>>,
}

impl SectionTrees {
    pub fn new(site: &Site) -> Self {
        let lines = (0..site.nodes.len())
            .map(|n| {
                let section = site.section_of(n)?;
                let node = &site.nodes[n];
                if n == section {
                    return None;
                }
                let depth = node.depth - (site.nodes[section].depth + 1);
                let class = format!("<li class=\"depth-{depth}");
                let mut link = String::with_capacity(node.id.len() + node.path.len() + 40);
                link.push_str("\" data-skill=\"");
                escape_into(&mut link, &node.id);
                link.push_str("\"><a href=\"");
                escape_into(&mut link, &site.url(n));
                link.push('"');
                let mut rest = String::with_capacity(node.title.len() + 16);
                rest.push('>');
                escape_into(&mut rest, &node.title);
                rest.push_str("</a></li>\n  ");
                Some(Line { class, link, rest })
            })
            .collect();
        SectionTrees { lines }
    }

    /// The tree of `node`'s page as list items (empty when it has none): the section's skills in
    /// reading order, unfolded along the way to `node` (each ancestor's and `node`'s own
    /// sub-skills shown), so its length grows with the section's breadth and the page's depth,
    /// never with the whole section; empty past [`MAX_TREE`] lines.
    pub fn html(&self, site: &Site, node: NodeId) -> String {
        let Some(section) = site.section_of(node) else { return String::new() };
        let ancestors = site.ancestors(node);
        let mut count = site.nodes[section].children.len();
        for &a in ancestors.iter().skip(2).chain((node != section).then_some(&node)) {
            count += site.nodes[a].children.len();
        }
        if count > MAX_TREE {
            return String::new();
        }
        let open = |n: NodeId| n == node || ancestors.contains(&n);
        let mut out = String::with_capacity(count * 112);
        let mut stack: Vec<NodeId> = site.nodes[section].children.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            let Some(line) = &self.lines[n] else { continue };
            let unfolded = open(n);
            out.push_str(&line.class);
            if !unfolded && !site.nodes[n].children.is_empty() {
                out.push_str(" folded");
            }
            out.push_str(&line.link);
            if n == node {
                out.push_str(" aria-current=\"page\"");
            }
            out.push_str(&line.rest);
            if unfolded {
                stack.extend(site.nodes[n].children.iter().rev());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A section `a` holding `x` (with the sub-skill `y`), `w` (with the sub-skill `v`) and `z`.
    fn site() -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: String| {
            let file = dir.path().join("content").join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        };
        let page = |path: &str, title: &str, weight: u32| {
            write(path, format!("+++\ntitle = \"{title}\"\nweight = {weight}\n+++\nText.\n"));
        };
        std::fs::write(dir.path().join("trailmap.toml"), "title = \"T\"\nbase_url = \"https://t.org/\"\n")
            .unwrap();
        write("_index.md", "+++\ntitle = \"Root\"\n+++\n".to_string());
        page("a/_index.md", "A", 0);
        page("a/x/_index.md", "X <1>", 1);
        page("a/x/y.md", "Y", 1);
        page("a/w/_index.md", "W", 2);
        page("a/w/v.md", "V", 1);
        page("a/z.md", "Z", 3);
        let site = crate::load::load(dir.path(), false).unwrap();
        (dir, site)
    }

    fn node(site: &Site, id: &str) -> NodeId {
        site.nodes.iter().position(|n| n.id == id).unwrap()
    }

    #[test]
    fn a_tree_unfolds_along_the_way_to_its_page_and_marks_it() {
        let (_dir, site) = site();
        let trees = SectionTrees::new(&site);
        let lines: Vec<String> =
            trees.html(&site, node(&site, "y")).split("\n  ").map(String::from).collect();
        assert_eq!(
            lines,
            [
                "<li class=\"depth-0\" data-skill=\"x\"><a href=\"/a/x/\">X &lt;1&gt;</a></li>",
                "<li class=\"depth-1\" data-skill=\"y\"><a href=\"/a/x/y/\" aria-current=\"page\">Y</a></li>",
                "<li class=\"depth-0 folded\" data-skill=\"w\"><a href=\"/a/w/\">W</a></li>",
                "<li class=\"depth-0\" data-skill=\"z\"><a href=\"/a/z/\">Z</a></li>",
                "",
            ]
        );
        let section = trees.html(&site, node(&site, "a"));
        assert_eq!(section.matches(" folded").count(), 2, "{section}");
        assert!(!section.contains("aria-current"), "the section's own link is the tree's heading");
        assert_eq!(trees.html(&site, 0), "", "the landing page has no section");
    }
}
