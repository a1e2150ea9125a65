//! Problems found in a site's files, reported as `path:line:column: message`.
//!
//! Every stage collects its problems instead of stopping at the first one, so an author sees
//! everything that is wrong in one run. A [`Diagnostic`] carries enough of the source to quote the
//! offending line with a caret under it, the way rustc does.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file of the site as read from disk, kept so that problems can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the author: relative to the site root where possible.
    pub path: PathBuf,
    /// The whole text of the file; empty once [released](SourceFile::release).
    pub text: Arc<str>,
    /// Where the file is on disk, once its text was released.
    on_disk: Option<PathBuf>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceFile { path: path.into(), text: text.into(), on_disk: None }
    }

    /// Lets go of the text, which `file` (where it was read from) holds: a problem found later
    /// reads it again to quote it. A build of a big roadmap that keeps nothing for a next one
    /// would otherwise hold every page's text to the end.
    pub fn release(&mut self, file: PathBuf) {
        self.text = Arc::from("");
        self.on_disk = Some(file);
    }

    /// Holds `text` again, the file's text as it was read.
    pub fn hold(&mut self, text: Arc<str>) {
        self.text = text;
        self.on_disk = None;
    }

    /// Where the file is on disk, when its text was released.
    pub fn on_disk(&self) -> Option<&Path> {
        self.on_disk.as_deref()
    }

    /// The whole text: held, or read again (empty if the file can no longer be read).
    pub fn full_text(&self) -> Arc<str> {
        match &self.on_disk {
            Some(file) => std::fs::read_to_string(file).map(Arc::from).unwrap_or_else(|_| Arc::from("")),
            None => self.text.clone(),
        }
    }

    /// A diagnostic pointing at the bytes `start..end` of this file.
    pub fn error_at(&self, start: usize, end: usize, message: impl Into<String>) -> Diagnostic {
        let text = self.full_text();
        let start = floor_char_boundary(&text, start.min(text.len()));
        let end = floor_char_boundary(&text, end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end).max(start)].chars().count().max(1);
        Diagnostic {
            path: self.path.clone(),
            line,
            column,
            message: message.into(),
            hint: None,
            snippet: Some(Box::new(Snippet { text: line_text.to_string(), width })),
            severity: Severity::Error,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The quoted source line of a diagnostic and how many characters the caret underlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub width: usize,
}

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Nothing is written until it is fixed.
    #[default]
    Error,
    /// Reported, and the build goes on (`check --strict` makes it an error).
    Warning,
}

/// One problem in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// Boxed: most problems are passed around far more often than they are printed.
    pub snippet: Option<Box<Snippet>>,
    pub severity: Severity,
}

impl Diagnostic {
    /// A problem with a whole file or folder rather than a place inside it (line 1, column 1).
    pub fn file(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.as_ref().to_path_buf(),
            line: 1,
            column: 1,
            message: message.into(),
            hint: None,
            snippet: None,
            severity: Severity::Error,
        }
    }

    /// The same problem, reported as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The quoted line with the caret under the mistake (three lines, no final newline), as the
    /// terminal and `serve`'s overlay show it.
    pub fn excerpt(&self) -> Option<String> {
        let snippet = self.snippet.as_ref()?;
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        // Tabs would shift the caret; show them as single spaces.
        let text = snippet.text.replace('\t', " ");
        let (text, column, width) = around_caret(&text, self.column, snippet.width);
        let caret_pad = " ".repeat(column.saturating_sub(1));
        Some(format!("{pad} |\n{number} | {text}\n{pad} | {caret_pad}{}", "^".repeat(width.max(1))))
    }

    /// The first line only: `path:line:column: message` (`…: warning: message` for a warning).
    pub fn headline(&self) -> String {
        let kind = if self.is_warning() { "warning: " } else { "" };
        format!("{}:{}:{}: {kind}{}", self.path.display(), self.line, self.column, self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        if let Some(excerpt) = self.excerpt() {
            writeln!(f, "{excerpt}")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The longest source line quoted whole; a longer one (a template's minified script, a table row)
/// is cut around the caret so that the caret stays on screen, in a terminal and in `serve`'s overlay.
const MAX_QUOTED: usize = 100;

/// The part of `line` to quote, with the caret's column and width in it.
fn around_caret(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= MAX_QUOTED {
        return (line.to_string(), column, width);
    }
    let width = width.clamp(1, MAX_QUOTED / 2);
    let caret = column.saturating_sub(1).min(chars.len());
    let start = caret.saturating_sub(MAX_QUOTED / 3);
    let end = (start + MAX_QUOTED).min(chars.len());
    let start = end.saturating_sub(MAX_QUOTED).min(start);
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    text.extend(&chars[start..end]);
    if end < chars.len() {
        text.push('…');
    }
    (text, caret - start + 1 + usize::from(start > 0), width)
}

/// All the problems of one run, in a stable order (by file, then position).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorted and without exact repeats, so that output is the same from run to run.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        self.0.dedup();
        self.0
    }

    /// `Ok(value)` when nothing was reported, else every problem.
    pub fn into_result<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.0.is_empty() { Ok(value) } else { Err(self.into_sorted()) }
    }

    /// Whether any problem is an error (rather than a warning).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| !d.is_warning())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The known name closest to `wrong`, if one is close enough to be what the author meant.
pub fn did_you_mean<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|candidate| (edit_distance(wrong, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column_in_characters() {
        let file = SourceFile::new("a.md", "first\nsé [[bad]] x\n");
        let start = file.text.find("[[").unwrap();
        let d = file.error_at(start, start + 7, "unknown id `bad`");
        assert_eq!((d.line, d.column), (2, 4));
        assert_eq!(d.to_string(), "a.md:2:4: unknown id `bad`\n  |\n2 | sé [[bad]] x\n  |    ^^^^^^^\n");
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret() {
        let line = format!("{}{{{{ bad }}}}{}", "a".repeat(300), "z".repeat(300));
        let file = SourceFile::new("t.html", line.clone());
        let d = file.error_at(300, 309, "template error");
        let shown = d.to_string();
        let quoted = shown.lines().nth(2).unwrap();
        let caret = shown.lines().nth(3).unwrap();
        assert!(quoted.chars().count() < 120, "{quoted}");
        assert!(quoted.starts_with("1 | …") && quoted.ends_with('…'), "{quoted}");
        let at = caret.find('^').unwrap();
        let under: String = quoted.chars().skip(at).take("{{ bad }}".len()).collect();
        assert_eq!(under, "{{ bad }}", "the caret is under the mistake");
        assert_eq!((d.line, d.column), (1, 301), "the position itself is not changed");
    }

    #[test]
    fn suggests_the_closest_name() {
        let known = ["gradient-descent", "calculus", "pca"];
        assert_eq!(did_you_mean("gradient-decent", known), Some("gradient-descent"));
        assert_eq!(did_you_mean("kalkulus", known), Some("calculus"));
        assert_eq!(did_you_mean("geometry", known), None);
        assert_eq!(did_you_mean("pcb", known), Some("pca"));
    }

    #[test]
    fn sorted_diagnostics_are_stable() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::file("b.md", "two"));
        all.push(Diagnostic::file("a.md", "one"));
        all.push(Diagnostic::file("a.md", "one"));
        let sorted = all.into_sorted();
        assert_eq!(sorted.len(), 2);
        assert_eq!(sorted[0].path, PathBuf::from("a.md"));
    }
}
