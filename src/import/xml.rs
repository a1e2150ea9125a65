//! Outlines from mind-map tools: OPML (`<outline text=…>`, as XMind and most outliners export)
//! and FreeMind/Freeplane maps (`<node TEXT=…>`).
//!
//! A mind map has one central topic: it is the roadmap's title and its branches are the
//! sections. An OPML body with a single top outline that has children is read the same way.

use crate::diagnostics::{Diagnostic, SourceFile};

use super::outline::{Item, Outline, OutlineLink};

/// Which XML dialect to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Opml,
    FreeMind,
}

pub fn parse(source: &SourceFile, dialect: Dialect) -> Result<Outline, Diagnostic> {
    let document = roxmltree::Document::parse(&source.text).map_err(|error| {
        let pos = error.pos();
        let offset = offset_of(&source.text, pos.row as usize, pos.col as usize);
        source.error_at(offset, offset, format!("this is not well-formed XML: {error}"))
    })?;
    let root = document.root_element();
    let at = |node: roxmltree::Node<'_, '_>, message: String| {
        let range = node.range();
        source.error_at(range.start, range.start + 1, message)
    };
    let outline = match dialect {
        Dialect::Opml => {
            if !root.has_tag_name("opml") {
                return Err(at(
                    root,
                    format!("an OPML file starts with <opml>, not <{}>", root.tag_name().name()),
                ));
            }
            let title = root
                .children()
                .find(|n| n.has_tag_name("head"))
                .and_then(|head| head.children().find(|n| n.has_tag_name("title")))
                .and_then(|t| t.text())
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty());
            let Some(body) = root.children().find(|n| n.has_tag_name("body")) else {
                return Err(at(root, "this OPML file has no <body>".to_string()));
            };
            let items = children(body, "outline", &|n| opml_item(n, source));
            let items = items?;
            single_root(title, items)
        }
        Dialect::FreeMind => {
            if !root.has_tag_name("map") {
                return Err(at(
                    root,
                    format!("a FreeMind map starts with <map>, not <{}>", root.tag_name().name()),
                ));
            }
            let items = children(root, "node", &|n| mm_item(n, source))?;
            single_root(None, items)
        }
    };
    if outline.items.is_empty() {
        return Err(at(
            root,
            "this outline has no entries below its title, so it has no sections".to_string(),
        ));
    }
    Ok(outline)
}

/// A map's central topic is the title; its branches are the sections.
fn single_root(title: Option<String>, mut items: Vec<Item>) -> Outline {
    if items.len() == 1 && !items[0].children.is_empty() {
        let root = items.remove(0);
        let description = if root.summary.is_empty() { root.body } else { root.summary };
        return Outline { title: Some(root.title), description, items: root.children };
    }
    Outline { title, description: String::new(), items }
}

type Read<'f> = dyn Fn(roxmltree::Node<'_, '_>) -> Result<Item, Diagnostic> + 'f;

fn children(node: roxmltree::Node<'_, '_>, tag: &str, read: &Read<'_>) -> Result<Vec<Item>, Diagnostic> {
    node.children()
        .filter(|n| n.has_tag_name(tag))
        .map(read)
        .filter(|i| i.as_ref().map_or(true, |i| !i.title.is_empty()))
        .collect()
}

fn opml_item(node: roxmltree::Node<'_, '_>, source: &SourceFile) -> Result<Item, Diagnostic> {
    let Some(text) = node.attribute("text").or_else(|| node.attribute("title")) else {
        let range = node.range();
        return Err(source.error_at(range.start, range.start + 1, "an <outline> without a `text` attribute"));
    };
    let mut item = Item::from_text(text);
    if let Some(note) = node.attribute("_note").map(str::trim).filter(|n| !n.is_empty()) {
        if item.summary.is_empty() {
            item.summary = note.to_string();
        } else {
            item.add_prose(note);
        }
    }
    for attribute in ["url", "htmlUrl", "xmlUrl"] {
        if let Some(url) = node.attribute(attribute).filter(|u| u.contains("://")) {
            item.links.push(OutlineLink { title: item.title.clone(), url: url.to_string() });
        }
    }
    item.children = children(node, "outline", &|n| opml_item(n, source))?;
    Ok(item)
}

fn mm_item(node: roxmltree::Node<'_, '_>, source: &SourceFile) -> Result<Item, Diagnostic> {
    // Text is an attribute, or rich HTML content for formatted nodes.
    let rich = |kind: &str| {
        node.children()
            .find(|n| {
                n.has_tag_name("richcontent")
                    && n.attribute("TYPE").is_some_and(|t| t.eq_ignore_ascii_case(kind))
            })
            .map(|n| {
                n.descendants()
                    .filter(|d| d.is_text())
                    .filter_map(|d| d.text())
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
    };
    let text = node
        .attribute("TEXT")
        .or_else(|| node.attribute("LOCALIZED_TEXT"))
        .map(str::to_string)
        .or_else(|| rich("NODE"));
    let Some(text) = text else {
        let range = node.range();
        return Err(source.error_at(range.start, range.start + 1, "a <node> without a `TEXT` attribute"));
    };
    let mut item = Item::from_text(&text);
    if let Some(note) = rich("NOTE").or_else(|| rich("DETAILS")).filter(|n| !n.is_empty()) {
        if item.summary.is_empty() {
            item.summary = note;
        } else {
            item.add_prose(&note);
        }
    }
    if let Some(url) = node.attribute("LINK").filter(|u| u.contains("://")) {
        item.links.push(OutlineLink { title: item.title.clone(), url: url.to_string() });
    }
    item.children = children(node, "node", &|n| mm_item(n, source))?;
    Ok(item)
}

/// The byte offset of a 1-based row and column (in characters).
fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(row.saturating_sub(1)).map(str::len).sum();
    let line = &text[line_start.min(text.len())..];
    line_start + line.char_indices().nth(col.saturating_sub(1)).map_or(line.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opml_with_a_central_topic() {
        let text = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>Map</title></head><body>
<outline text="Center"><outline text="A" _note="About A"><outline text="a1: why" url="https://a.example/"/></outline><outline text="B"/></outline>
</body></opml>"#;
        let outline = parse(&SourceFile::new("m.opml", text), Dialect::Opml).unwrap();
        assert_eq!(outline.title.as_deref(), Some("Center"));
        assert_eq!(outline.items.len(), 2);
        assert_eq!(outline.items[0].summary, "About A");
        assert_eq!(outline.items[0].children[0].summary, "why");
        assert_eq!(outline.items[0].children[0].links[0].url, "https://a.example/");
    }

    #[test]
    fn freemind_nodes_and_rich_text() {
        let text = r#"<map version="1.0.1"><node TEXT="Root"><node TEXT="S"><node><richcontent TYPE="NODE"><html><body><p>Rich</p></body></html></richcontent></node></node></node></map>"#;
        let outline = parse(&SourceFile::new("m.mm", text), Dialect::FreeMind).unwrap();
        assert_eq!(outline.items[0].children[0].title, "Rich");
    }

    #[test]
    fn broken_xml_is_reported_where_it_breaks() {
        let error =
            parse(&SourceFile::new("m.opml", "<opml>\n<body>\n<outline text=\"a\">\n</body>"), Dialect::Opml)
                .unwrap_err();
        assert!(error.headline().starts_with("m.opml:4:"), "{}", error.headline());
    }
}
