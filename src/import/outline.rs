//! The shape every outline format is read into: a tree of titled items.

/// An outline, whatever file it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The roadmap's title, when the outline names one (a single top heading, a mind map's
    /// central topic, OPML's `<title>`).
    pub title: Option<String>,
    pub description: String,
    /// The top level: the sections.
    pub items: Vec<Item>,
}

/// One entry of an outline: a section, a skill or a sub-skill, by its depth.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    pub title: String,
    /// The explanation after "Title: ", or a note.
    pub summary: String,
    /// Prose that followed the item in the outline.
    pub body: String,
    /// Links found in the item (Markdown links, OPML `url`, FreeMind `LINK`): its resources.
    pub links: Vec<OutlineLink>,
    pub children: Vec<Item>,
}

/// A link of an item, which becomes a resource of its skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineLink {
    pub title: String,
    pub url: String,
}

impl Item {
    /// An item from the text of one entry: Markdown links become resources, emphasis goes,
    /// and "Title: explanation" is split into the title and the summary.
    pub fn from_text(text: &str) -> Item {
        // A task list's box is not part of the title.
        let text = ["[ ] ", "[x] ", "[X] "].iter().find_map(|b| text.strip_prefix(b)).unwrap_or(text);
        let (text, links) = take_links(text);
        let text = text.replace("**", "").replace("__", "").replace('`', "");
        let text = text.trim();
        let (title, summary) = match text.split_once(": ") {
            Some((title, summary)) if !title.trim().is_empty() && title.chars().count() <= 100 => {
                (title.trim().to_string(), summary.trim().to_string())
            }
            _ => (text.trim_end_matches(':').trim().to_string(), String::new()),
        };
        Item { title, summary, links, ..Item::default() }
    }

    /// Adds a line of prose to the body, keeping paragraphs apart.
    pub fn add_prose(&mut self, paragraph: &str) {
        if !self.body.is_empty() {
            self.body.push_str("\n\n");
        }
        self.body.push_str(paragraph.trim());
    }
}

/// Replaces each Markdown link `[text](url)` by its text, returning the links.
fn take_links(text: &str) -> (String, Vec<OutlineLink>) {
    let mut out = String::new();
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let parsed = after.find("](").and_then(|close| {
            let url_start = close + 2;
            let url_end = after[url_start..].find(')')? + url_start;
            Some((close, url_start, url_end))
        });
        let Some((close, url_start, url_end)) = parsed else { break };
        let label = &after[..close];
        let url = after[url_start..url_end].trim();
        out.push_str(&rest[..open]);
        out.push_str(label);
        if url.contains("://") {
            let title = if label.trim().is_empty() { url } else { label.trim() };
            links.push(OutlineLink { title: title.to_string(), url: url.to_string() });
        }
        rest = &after[url_end + 1..];
    }
    out.push_str(rest);
    (out, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_and_its_explanation() {
        let item = Item::from_text("**Linear Algebra**: Crucial for PCA.");
        assert_eq!((item.title.as_str(), item.summary.as_str()), ("Linear Algebra", "Crucial for PCA."));
        let plain = Item::from_text("Calculus");
        assert_eq!((plain.title.as_str(), plain.summary.as_str()), ("Calculus", ""));
    }

    #[test]
    fn links_become_resources() {
        let item = Item::from_text("[Pro Git](https://git-scm.com/book) and [local](x.md)");
        assert_eq!(item.title, "Pro Git and local");
        assert_eq!(
            item.links,
            vec![OutlineLink { title: "Pro Git".into(), url: "https://git-scm.com/book".into() }]
        );
    }
}
