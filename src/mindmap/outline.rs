//! The text equivalent of the map: the same tree as nested lists of links.

use super::model::MapNode;
use super::text::normalize_whitespace;
use crate::escape::escape_into;

/// The map as nested `<ul>` lists of `<a href>` links, in the map's order, for readers who do not
/// use the drawing (screen readers, text browsers, print). Labels and URLs are HTML-escaped.
/// Iterative, so no tree is too deep for it.
#[must_use]
pub fn outline_html(root: &MapNode) -> String {
    enum Step<'a> {
        Open(&'a MapNode),
        Close,
    }
    let mut out = String::from("<ul class=\"mm-outline\">");
    let mut stack = vec![Step::Open(root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Close => out.push_str("</ul></li>"),
            Step::Open(node) => {
                out.push_str("<li><a href=\"");
                escape_into(&mut out, &node.url);
                out.push_str("\" data-id=\"");
                escape_into(&mut out, &node.id);
                out.push_str("\">");
                escape_into(&mut out, &normalize_whitespace(&node.label));
                out.push_str("</a>");
                if node.children.is_empty() {
                    out.push_str("</li>");
                } else {
                    out.push_str("<ul>");
                    stack.push(Step::Close);
                    stack.extend(node.children.iter().rev().map(Step::Open));
                }
            }
        }
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mindmap::model::{Level, NodeKind};

    fn node(id: &str, label: &str, children: Vec<MapNode>) -> MapNode {
        MapNode {
            id: id.into(),
            label: label.into(),
            url: format!("/{id}/?a=1&b=\"2\""),
            kind: NodeKind::Skill,
            level: Level::Core,
            children,
        }
    }

    #[test]
    fn nests_lists_in_order_and_escapes() {
        let tree = node(
            "r",
            "Root",
            vec![node("a", "<A> & 'B'", vec![node("c", "C", vec![])]), node("d", "D", vec![])],
        );
        assert_eq!(
            outline_html(&tree),
            "<ul class=\"mm-outline\"><li><a href=\"/r/?a=1&amp;b=&quot;2&quot;\" data-id=\"r\">Root</a><ul>\
<li><a href=\"/a/?a=1&amp;b=&quot;2&quot;\" data-id=\"a\">&lt;A&gt; &amp; &#39;B&#39;</a><ul>\
<li><a href=\"/c/?a=1&amp;b=&quot;2&quot;\" data-id=\"c\">C</a></li></ul></li>\
<li><a href=\"/d/?a=1&amp;b=&quot;2&quot;\" data-id=\"d\">D</a></li></ul></li></ul>"
        );
    }

    #[test]
    fn handles_very_deep_trees() {
        let mut tree = node("leaf", "leaf", vec![]);
        for i in 0..20_000 {
            tree = node(&i.to_string(), "x", vec![tree]);
        }
        let html = outline_html(&tree);
        assert_eq!(html.matches("<ul").count(), 20_001);
        assert_eq!(html.matches("</ul>").count(), 20_001);
        // Dropping a 20,000-deep tree recursively would overflow the test thread's stack.
        let mut next = Some(tree);
        while let Some(mut n) = next {
            next = n.children.pop();
        }
    }
}
