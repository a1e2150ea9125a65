//! Markdown and plain-text outlines: headings (`#`), nested bullets (`-`, `*`, `+`, `•`, `1.`)
//! at any indentation, and prose between them.
//!
//! With headings, the headings are the outline and the bullets under a heading are its
//! children. Without, as in text copied from a web page, each list is led by the last short
//! line before it (a question, a label): that line is a section, the list its skills, and the
//! prose between them the section's text. A list led by nothing is at the top level.

use crate::diagnostics::{Diagnostic, SourceFile};

use super::outline::{Item, Outline};

/// One line of the outline, classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line<'a> {
    Blank,
    Heading { level: usize, text: &'a str },
    Bullet { indent: usize, text: &'a str },
    Prose(&'a str),
}

fn classify(line: &str) -> Line<'_> {
    let trimmed = line.trim_start();
    if trimmed.trim().is_empty() {
        return Line::Blank;
    }
    let indent: usize =
        line[..line.len() - trimmed.len()].chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if indent < 4 && (1..=6).contains(&hashes) {
        let rest = &trimmed[hashes..];
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            return Line::Heading { level: hashes, text: rest.trim().trim_end_matches('#').trim() };
        }
    }
    let mut chars = trimmed.char_indices();
    let marker_end = match chars.next() {
        Some((_, '-' | '*' | '+' | '•' | '◦' | '▪' | '‣' | '·' | '–')) => {
            chars.next().map(|(i, _)| i)
        }
        Some((_, c)) if c.is_ascii_digit() => {
            let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            match trimmed.as_bytes().get(digits) {
                Some(b'.' | b')') if digits <= 3 => Some(digits + 1),
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(end) = marker_end {
        let rest = &trimmed[end..];
        if rest.starts_with([' ', '\t']) && !rest.trim().is_empty() {
            return Line::Bullet { indent, text: rest.trim() };
        }
    }
    Line::Prose(trimmed.trim_end())
}

/// The lines of `text` that are outline, skipping code fences and front matter.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut fenced = false;
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            out.push(Line::Blank);
        } else if fenced || (number == 0 && (trimmed == "---" || trimmed == "+++")) {
            out.push(Line::Blank);
        } else {
            out.push(classify(line));
        }
    }
    out
}

/// Reads a Markdown or plain-text outline.
pub fn parse(source: &SourceFile) -> Result<Outline, Diagnostic> {
    let lines = lines(&source.text);
    let outline = if lines.iter().any(|l| matches!(l, Line::Heading { .. })) {
        with_headings(&lines)
    } else {
        without_headings(&lines)
    };
    if outline.items.is_empty() {
        return Err(source
            .error_at(0, 0, "this outline has no headings and no lists, so it has no sections")
            .with_hint(
                "write each section as a `#` heading or a line before a list, and its skills as `-` bullets",
            ));
    }
    Ok(outline)
}

/// A tree under construction: items in an arena, each with its children's indices.
struct Tree {
    items: Vec<(Item, Vec<usize>)>,
    /// The open items, innermost last, with their rank (a heading's level, or a bullet's
    /// indentation after every heading level).
    open: Vec<(usize, usize)>,
    top: Vec<usize>,
}

impl Tree {
    fn new() -> Tree {
        Tree { items: Vec::new(), open: Vec::new(), top: Vec::new() }
    }

    fn push(&mut self, rank: usize, item: Item) {
        while self.open.last().is_some_and(|&(r, _)| r >= rank) {
            self.open.pop();
        }
        let me = self.items.len();
        self.items.push((item, Vec::new()));
        match self.open.last() {
            Some(&(_, parent)) => self.items[parent].1.push(me),
            None => self.top.push(me),
        }
        self.open.push((rank, me));
    }

    /// Prose belongs to the innermost open item.
    fn prose(&mut self, text: &str) -> bool {
        match self.open.last() {
            Some(&(_, item)) => {
                self.items[item].0.add_prose(text);
                true
            }
            None => false,
        }
    }

    fn finish(mut self) -> Vec<Item> {
        fn take(items: &mut [(Item, Vec<usize>)], index: usize) -> Item {
            let children = std::mem::take(&mut items[index].1);
            let mut item = std::mem::take(&mut items[index].0);
            item.children = children.into_iter().map(|c| take(items, c)).collect();
            item
        }
        let top = std::mem::take(&mut self.top);
        top.into_iter().map(|i| take(&mut self.items, i)).collect()
    }
}

/// Bullets rank below every heading level.
const BULLET_RANK: usize = 100;

fn with_headings(lines: &[Line<'_>]) -> Outline {
    let levels: Vec<usize> = lines
        .iter()
        .filter_map(|l| if let Line::Heading { level, .. } = l { Some(*level) } else { None })
        .collect();
    let top = levels.iter().copied().min().unwrap_or(1);
    // A single top heading that comes first, with others below it, is the roadmap's title.
    let bullets = lines.iter().any(|l| matches!(l, Line::Bullet { .. }));
    let titled = levels.first() == Some(&top)
        && levels.iter().filter(|&&l| l == top).count() == 1
        && (levels.len() > 1 || bullets);
    let mut outline = Outline::default();
    let mut tree = Tree::new();
    let mut paragraph = String::new();
    let flush = |tree: &mut Tree, outline: &mut Outline, paragraph: &mut String| {
        if !paragraph.is_empty() && !tree.prose(paragraph) {
            if !outline.description.is_empty() {
                outline.description.push(' ');
            }
            outline.description.push_str(paragraph);
        }
        paragraph.clear();
    };
    for line in lines {
        match *line {
            Line::Heading { level, text } if titled && level == top => {
                flush(&mut tree, &mut outline, &mut paragraph);
                outline.title = Some(Item::from_text(text).title);
            }
            Line::Heading { level, text } => {
                flush(&mut tree, &mut outline, &mut paragraph);
                tree.push(level, Item::from_text(text));
            }
            Line::Bullet { indent, text } => {
                flush(&mut tree, &mut outline, &mut paragraph);
                tree.push(BULLET_RANK + indent, Item::from_text(text));
            }
            Line::Prose(text) => {
                if !paragraph.is_empty() {
                    paragraph.push(' ');
                }
                paragraph.push_str(text);
            }
            Line::Blank => flush(&mut tree, &mut outline, &mut paragraph),
        }
    }
    flush(&mut tree, &mut outline, &mut paragraph);
    outline.items = tree.finish().into_iter().filter(|i| !i.title.is_empty()).collect();
    outline
}

/// A line that can lead a list: one line, short, not a finished sentence.
fn leads(paragraph: &[&str]) -> bool {
    let [line] = paragraph else { return false };
    line.chars().count() <= 120
        && !line.ends_with(['.', ',', ';'])
        && !line.chars().all(|c| c.is_ascii_digit())
}

fn without_headings(lines: &[Line<'_>]) -> Outline {
    // The paragraphs and lists in order.
    enum Block<'a> {
        Paragraph(Vec<&'a str>),
        List(Vec<(usize, &'a str)>),
    }
    let mut blocks: Vec<Block<'_>> = Vec::new();
    for line in lines {
        match (*line, blocks.last_mut()) {
            (Line::Blank, _) => {
                if let Some(Block::Paragraph(_)) = blocks.last() {
                    blocks.push(Block::List(Vec::new()));
                }
            }
            (Line::Bullet { indent, text }, Some(Block::List(list))) => list.push((indent, text)),
            (Line::Bullet { indent, text }, _) => blocks.push(Block::List(vec![(indent, text)])),
            (Line::Prose(text), Some(Block::Paragraph(lines))) => lines.push(text),
            (Line::Prose(text), _) => blocks.push(Block::Paragraph(vec![text])),
            (Line::Heading { .. }, _) => {}
        }
    }
    let blocks: Vec<Block<'_>> =
        blocks.into_iter().filter(|b| !matches!(b, Block::List(list) if list.is_empty())).collect();

    let mut outline = Outline::default();
    let mut tree = Tree::new();
    let mut pending: Vec<&Vec<&str>> = Vec::new();
    let mut first_list = true;
    for block in &blocks {
        match block {
            Block::Paragraph(lines) => pending.push(lines),
            Block::List(list) => {
                let lead = pending.iter().rposition(|p| leads(p));
                if first_list {
                    let preamble = &pending[..lead.unwrap_or(pending.len())];
                    let (title, description) = title_of(preamble);
                    outline.title = title;
                    outline.description = description;
                    first_list = false;
                }
                let rank = match lead {
                    Some(lead) => {
                        let mut section = Item::from_text(pending[lead][0]);
                        for paragraph in &pending[lead + 1..] {
                            section.add_prose(&paragraph.join(" "));
                        }
                        tree.open.clear();
                        tree.push(0, section);
                        1
                    }
                    None => {
                        tree.open.clear();
                        0
                    }
                };
                for &(indent, text) in list {
                    tree.push(rank + indent, Item::from_text(text));
                }
                pending.clear();
            }
        }
    }
    outline.items = tree.finish().into_iter().filter(|i| !i.title.is_empty()).collect();
    outline
}

/// The roadmap's title in the text before the first list: the first short line followed by
/// prose (its description), else the first short line.
fn title_of(preamble: &[&Vec<&str>]) -> (Option<String>, String) {
    let described = preamble.windows(2).find(|w| leads(w[0]) && !leads(w[1]));
    match described {
        Some(w) => (Some(w[0][0].to_string()), w[1].join(" ")),
        None => (preamble.iter().find(|p| leads(p)).map(|p| p[0].to_string()), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| {
                format!(
                    "{}{}",
                    i.title,
                    if i.children.is_empty() {
                        String::new()
                    } else {
                        format!("({})", titles(&i.children).join(","))
                    }
                )
            })
            .collect()
    }

    fn read(text: &str) -> Outline {
        parse(&SourceFile::new("o.md", text)).expect("an outline")
    }

    #[test]
    fn headings_and_nested_bullets() {
        let outline = read(
            "# Road\n\nIntro.\n\n## A\n\n- a1\n  - a11\n    * a111\n- a2\n\n## B\nText of B.\n\n### B1\n1. b\n",
        );
        assert_eq!(outline.title.as_deref(), Some("Road"));
        assert_eq!(outline.description, "Intro.");
        assert_eq!(titles(&outline.items), ["A(a1(a11(a111)),a2)", "B(B1(b))"]);
        assert_eq!(outline.items[1].body, "Text of B.");
    }

    #[test]
    fn a_lone_title_heading_over_bullets() {
        let outline = read("# Road\n\n- A\n  - [ ] a1\n- B\n");
        assert_eq!(outline.title.as_deref(), Some("Road"));
        assert_eq!(titles(&outline.items), ["A(a1)", "B"]);
    }

    #[test]
    fn bullets_alone_make_sections_of_the_top_level() {
        let outline = read("- One\n\t- Two\n\t\t- Three\n- Four\n");
        assert_eq!(titles(&outline.items), ["One(Two(Three))", "Four"]);
    }

    #[test]
    fn plain_text_lists_are_led_by_their_question() {
        let text = "Banner\n\nThe Roadmap\n\nA long description of it.\n\n1\n\nWhy maths?\n\nBecause it helps.\n\n  • Algebra: Vectors.\n  • Calculus: Gradients.\n\nWhat tools?\n  • Git\n\nTrailing FAQ\n";
        let outline = read(text);
        assert_eq!(outline.title.as_deref(), Some("The Roadmap"));
        assert_eq!(titles(&outline.items), ["Why maths?(Algebra,Calculus)", "What tools?(Git)"]);
        assert_eq!(outline.items[0].body, "Because it helps.");
        assert_eq!(outline.items[0].children[0].summary, "Vectors.");
    }

    #[test]
    fn text_without_structure_is_an_error() {
        let error = parse(&SourceFile::new("o.txt", "just prose.\n")).unwrap_err();
        assert_eq!(
            error.headline(),
            "o.txt:1:1: this outline has no headings and no lists, so it has no sections"
        );
    }
}
