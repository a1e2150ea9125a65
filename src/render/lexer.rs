//! A small, fast tokenizer for the languages roadmaps quote most, so code blocks are highlighted
//! at build time without a grammar engine: syntect's regex grammars cost seconds on a 10,000-page
//! roadmap, this costs one pass over the characters. It knows comments, strings, numbers,
//! keywords, literals, decorators and function calls; that is what a reader needs to scan code.
//! Tokens get short classes (`k`, `s`, `c` …) that the theme colours in light and dark.

use crate::escape::escape_into;

/// How one language looks to the tokenizer.
struct Language {
    names: &'static [&'static str],
    line_comments: &'static [&'static str],
    block_comment: Option<(&'static str, &'static str)>,
    quotes: &'static [char],
    /// Python's `"""` and `'''`.
    triple_quotes: bool,
    keywords: &'static [&'static str],
    literals: &'static [&'static str],
    /// `@name` is a decorator or annotation.
    decorators: bool,
    /// `$NAME` is a variable (shells).
    dollar_variables: bool,
    case_insensitive: bool,
}

const PYTHON: Language = Language {
    names: &["python", "py", "python3", "ipython", "pycon"],
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
    triple_quotes: true,
    keywords: &[
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
        "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case",
    ],
    literals: &["True", "False", "None", "self"],
    decorators: true,
    dollar_variables: false,
    case_insensitive: false,
};

const SHELL: Language = Language {
    names: &["bash", "sh", "shell", "zsh", "console", "shell-session"],
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
    triple_quotes: false,
    keywords: &[
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in",
        "function", "return", "export", "local", "source", "sudo", "cd", "echo",
    ],
    literals: &["true", "false"],
    decorators: false,
    dollar_variables: true,
    case_insensitive: false,
};

const SQL: Language = Language {
    names: &["sql", "postgresql", "postgres", "mysql", "sqlite"],
    line_comments: &["--"],
    block_comment: Some(("/*", "*/")),
    quotes: &['\''],
    triple_quotes: false,
    keywords: &[
        "select",
        "from",
        "where",
        "group",
        "by",
        "order",
        "having",
        "join",
        "left",
        "right",
        "inner",
        "outer",
        "full",
        "on",
        "as",
        "and",
        "or",
        "not",
        "in",
        "is",
        "insert",
        "into",
        "values",
        "update",
        "set",
        "delete",
        "create",
        "table",
        "index",
        "view",
        "drop",
        "alter",
        "limit",
        "offset",
        "distinct",
        "union",
        "all",
        "case",
        "when",
        "then",
        "else",
        "end",
        "with",
        "over",
        "partition",
        "asc",
        "desc",
        "primary",
        "key",
        "foreign",
        "references",
        "between",
        "like",
        "exists",
        "count",
        "sum",
        "avg",
        "min",
        "max",
    ],
    literals: &["null", "true", "false"],
    decorators: false,
    dollar_variables: false,
    case_insensitive: true,
};

const C_LIKE: Language = Language {
    names: &[
        "c",
        "cpp",
        "c++",
        "cc",
        "h",
        "hpp",
        "java",
        "javascript",
        "js",
        "jsx",
        "typescript",
        "ts",
        "tsx",
        "rust",
        "rs",
        "go",
        "golang",
        "kotlin",
        "kt",
        "scala",
        "csharp",
        "cs",
        "c#",
        "swift",
        "cuda",
    ],
    line_comments: &["//"],
    block_comment: Some(("/*", "*/")),
    quotes: &['"', '\'', '`'],
    triple_quotes: false,
    keywords: &[
        "abstract",
        "async",
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "default",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "final",
        "finally",
        "fn",
        "for",
        "func",
        "function",
        "if",
        "impl",
        "implements",
        "import",
        "interface",
        "let",
        "loop",
        "match",
        "mod",
        "mut",
        "namespace",
        "new",
        "package",
        "private",
        "protected",
        "pub",
        "public",
        "return",
        "static",
        "struct",
        "switch",
        "template",
        "throw",
        "throws",
        "trait",
        "try",
        "type",
        "typedef",
        "use",
        "using",
        "var",
        "void",
        "while",
        "where",
        "int",
        "long",
        "float",
        "double",
        "char",
        "bool",
        "boolean",
        "auto",
        "unsigned",
        "std",
        "include",
        "define",
        "from",
        "of",
        "in",
        "instanceof",
        "typeof",
        "yield",
        "go",
        "defer",
        "chan",
        "select",
        "unsafe",
        "extern",
        "crate",
        "self",
        "super",
        "dyn",
        "ref",
        "move",
    ],
    literals: &["true", "false", "null", "nullptr", "undefined", "None", "Some", "Ok", "Err", "this", "nil"],
    decorators: true,
    dollar_variables: false,
    case_insensitive: false,
};

const R: Language = Language {
    names: &["r", "rscript", "splus"],
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
    triple_quotes: false,
    keywords: &[
        "if", "else", "for", "while", "repeat", "function", "return", "next", "break", "in", "library",
        "require",
    ],
    literals: &["TRUE", "FALSE", "NULL", "NA", "Inf", "NaN", "T", "F"],
    decorators: false,
    dollar_variables: false,
    case_insensitive: false,
};

const CONFIG: Language = Language {
    names: &["yaml", "yml", "toml", "ini", "dockerfile", "docker", "makefile", "make", "properties", "conf"],
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
    triple_quotes: false,
    keywords: &[
        "FROM",
        "RUN",
        "CMD",
        "COPY",
        "ADD",
        "WORKDIR",
        "ENV",
        "EXPOSE",
        "ENTRYPOINT",
        "ARG",
        "USER",
        "VOLUME",
        "LABEL",
        "HEALTHCHECK",
        "AS",
    ],
    literals: &["true", "false", "null", "yes", "no", "on", "off"],
    decorators: false,
    dollar_variables: true,
    case_insensitive: false,
};

const JSON: Language = Language {
    names: &["json", "jsonc", "json5", "geojson"],
    line_comments: &["//"],
    block_comment: Some(("/*", "*/")),
    quotes: &['"'],
    triple_quotes: false,
    keywords: &[],
    literals: &["true", "false", "null"],
    decorators: false,
    dollar_variables: false,
    case_insensitive: false,
};

const LANGUAGES: &[&Language] = &[&PYTHON, &SHELL, &SQL, &C_LIKE, &R, &CONFIG, &JSON];

fn language(name: &str) -> Option<&'static Language> {
    let name = name.to_ascii_lowercase();
    LANGUAGES.iter().copied().find(|l| l.names.contains(&name.as_str()))
}

/// `code` as highlighted HTML spans (escaped), or `None` for a language this tokenizer does not know.
pub fn tokens_html(code: &str, lang: &str) -> Option<String> {
    let lower = lang.to_ascii_lowercase();
    if super::markup::HTML_NAMES.contains(&lower.as_str()) {
        return Some(super::markup::html(code));
    }
    if super::markup::CSS_NAMES.contains(&lower.as_str()) {
        return Some(super::markup::css(code));
    }
    let language = language(lang)?;
    let mut out = String::with_capacity(code.len() * 2);
    let bytes = code.as_bytes();
    let mut i = 0;
    // Whether the previous significant token allows a decorator (start of line).
    let mut line_start = true;
    while i < code.len() {
        let rest = &code[i..];
        let c = rest.chars().next().unwrap_or('\0');
        if c == '\n' {
            out.push('\n');
            line_start = true;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        if let Some(start) = language.line_comments.iter().find(|t| rest.starts_with(**t)) {
            // `#` only opens a comment at a word boundary (not in `a#b` or `$#`).
            let boundary = i == 0 || !matches!(bytes[i - 1], b'$' | b'\\') || start.len() > 1;
            if boundary {
                let end = rest.find('\n').unwrap_or(rest.len());
                span(&mut out, "c", &rest[..end]);
                i += end;
                continue;
            }
        }
        if let Some((open, close)) = language.block_comment.filter(|(open, _)| rest.starts_with(open)) {
            let end = rest[open.len()..].find(close).map_or(rest.len(), |e| open.len() + e + close.len());
            span(&mut out, "c", &rest[..end]);
            i += end;
            line_start = false;
            continue;
        }
        if language.quotes.contains(&c) {
            let end = string_end(rest, c, language.triple_quotes);
            span(&mut out, "s", &rest[..end]);
            i += end;
            line_start = false;
            continue;
        }
        if c.is_ascii_digit() {
            let end = rest
                .char_indices()
                .find(|&(j, ch)| !(ch.is_ascii_alphanumeric() || ch == '_' || (ch == '.' && j > 0)))
                .map_or(rest.len(), |(j, _)| j);
            span(&mut out, "m", &rest[..end]);
            i += end;
            line_start = false;
            continue;
        }
        if (language.decorators && c == '@' && line_start) || (language.dollar_variables && c == '$') {
            let end = 1 + rest[1..]
                .char_indices()
                .find(|&(_, ch)| !(ch.is_alphanumeric() || ch == '_' || ch == '.' || ch == '{' || ch == '}'))
                .map_or(rest.len() - 1, |(j, _)| j);
            span(&mut out, if c == '@' { "d" } else { "v" }, &rest[..end]);
            i += end;
            line_start = false;
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let end = rest
                .char_indices()
                .find(|&(_, ch)| !(ch.is_alphanumeric() || ch == '_'))
                .map_or(rest.len(), |(j, _)| j);
            let word = &rest[..end];
            let is = |list: &[&str]| {
                if language.case_insensitive {
                    list.iter().any(|k| k.eq_ignore_ascii_case(word))
                } else {
                    list.contains(&word)
                }
            };
            let class = if is(language.keywords) {
                Some("k")
            } else if is(language.literals) {
                Some("l")
            } else if rest[end..].starts_with('(') {
                Some("f")
            } else {
                None
            };
            match class {
                Some(class) => span(&mut out, class, word),
                None => escape_into(&mut out, word),
            }
            i += end;
            line_start = false;
            continue;
        }
        escape_into(&mut out, &rest[..c.len_utf8()]);
        i += c.len_utf8();
        line_start = false;
    }
    Some(out)
}

/// Where the string starting at the beginning of `rest` (with quote `q`) ends.
fn string_end(rest: &str, q: char, triple: bool) -> usize {
    let tripled: String = [q, q, q].iter().collect();
    if triple && rest.starts_with(&tripled) {
        return rest[3..].find(&tripled).map_or(rest.len(), |e| 3 + e + 3);
    }
    let mut escaped = false;
    for (j, ch) in rest.char_indices().skip(1) {
        match ch {
            '\\' if !escaped => escaped = true,
            '\n' if q != '`' => return j,
            ch if ch == q && !escaped => return j + ch.len_utf8(),
            _ => escaped = false,
        }
    }
    rest.len()
}

pub(super) fn span(out: &mut String, class: &str, text: &str) {
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    escape_into(out, text);
    out.push_str("</span>");
}
