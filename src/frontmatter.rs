//! Splitting a content file into its TOML front matter and its Markdown body.
//!
//! Front matter sits between two `+++` lines at the very top of the file, as in Zola and Hugo.
//! Parse errors and unknown keys are reported at their place in the file, not in the TOML
//! fragment, so the author can jump straight to them.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, SourceFile};

/// The two parts of a content file, as byte ranges into its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The TOML between the fences.
    pub front: std::ops::Range<usize>,
    /// Everything after the closing fence.
    pub body: std::ops::Range<usize>,
}

/// Finds the front matter of `file`. A file without front matter is an error: every page needs
/// at least a title, and a missing fence usually means a typo in it.
pub fn split(file: &SourceFile) -> Result<Split, Diagnostic> {
    let text = &*file.text;
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[start..first_line_end].trim_end() != "+++" {
        let end = first_line_end.max(start + 1).min(text.len());
        return Err(file
            .error_at(start, end, "expected front matter: the file must start with a `+++` line")
            .with_hint("put the page's settings between two `+++` lines, e.g. `+++\\ntitle = \"…\"\\n+++`"));
    }
    let front_start = (first_line_end + 1).min(text.len());
    let mut line_start = front_start;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "+++" {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Split { front: front_start..line_start, body: body_start..text.len() });
        }
        line_start = line_end + 1;
    }
    Err(file
        .error_at(start, first_line_end, "front matter is never closed")
        .with_hint("add a line with `+++` after the last setting"))
}

/// Deserializes the front matter into `T` (whose serde derive denies unknown fields), mapping
/// TOML's positions back into the file.
pub fn parse<T: DeserializeOwned>(file: &SourceFile, split: &Split) -> Result<T, Diagnostic> {
    let toml = &file.text[split.front.clone()];
    toml::from_str(toml).map_err(|error| toml_error(file, split.front.start, &error))
}

/// A TOML error at its place in `file`, where the TOML starts at byte `offset`.
pub fn toml_error(file: &SourceFile, offset: usize, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().replace('\n', " ");
    let (message, hint) = explain(&message);
    let diagnostic = match error.span() {
        Some(span) => file.error_at(offset + span.start, offset + span.end, message),
        None => file.error_at(offset, offset, message),
    };
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// serde's wording for an unknown key lists the expected ones; keep that as the hint.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some((field, expected)) =
        message.strip_prefix("unknown field ").and_then(|rest| rest.split_once(", expected "))
    {
        let field = field.trim_matches('`');
        let known = expected.split(['`', ',', ' ']).filter(|k| !k.is_empty() && *k != "one" && *k != "of");
        let hint = match crate::diagnostics::did_you_mean(field, known) {
            Some(close) => format!("did you mean `{close}`? The keys allowed here are {expected}"),
            None => format!("the keys allowed here are {expected}"),
        };
        return (format!("unknown key `{field}`"), Some(hint));
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return (format!("missing key {field}"), None);
    }
    if let Some((found, expected)) = message.split_once(", expected ") {
        let expected = match expected {
            "i64" | "u64" | "i32" | "u32" | "usize" => "a whole number",
            "a boolean" | "bool" => "`true` or `false`",
            other => other,
        };
        return (format!("{found}, expected {expected}"), None);
    }
    (message.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        weight: Option<i64>,
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new("x.md", text)
    }

    #[test]
    fn splits_front_matter_and_body() {
        let f = file("+++\ntitle = \"A\"\n+++\nbody\n");
        let s = split(&f).unwrap();
        assert_eq!(&f.text[s.front.clone()], "title = \"A\"\n");
        assert_eq!(&f.text[s.body.clone()], "body\n");
    }

    #[test]
    fn accepts_crlf_and_bom() {
        let f = file("\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nbody");
        let s = split(&f).unwrap();
        let meta: Meta = parse(&f, &s).unwrap();
        assert_eq!(meta.title, "A");
        assert_eq!(&f.text[s.body], "body");
    }

    #[test]
    fn unknown_key_is_reported_at_its_line() {
        let f = file("+++\ntitle = \"A\"\nwieght = 3\n+++\n");
        let s = split(&f).unwrap();
        let error = parse::<Meta>(&f, &s).unwrap_err();
        assert_eq!((error.line, error.column), (3, 1));
        assert_eq!(error.message, "unknown key `wieght`");
        assert!(error.hint.unwrap().starts_with("did you mean `weight`?"));
    }

    #[test]
    fn missing_and_unclosed_fences_are_errors() {
        assert!(split(&file("title = 1\n")).is_err());
        let error = split(&file("+++\ntitle = \"A\"\n")).unwrap_err();
        assert_eq!(error.message, "front matter is never closed");
    }
}
