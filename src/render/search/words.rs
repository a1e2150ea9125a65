//! How text becomes search terms: folded, split, stemmed and keyed to a shard. `search.js`
//! applies the very same rules to what a reader types, so every function here has a twin there;
//! a change to one is a change to both.

use unicode_normalization::UnicodeNormalization;

/// Lower case, without accents: `Über` and `uber` are one word.
pub fn fold(text: &str) -> String {
    text.nfd().flat_map(char::to_lowercase).filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect()
}

/// Chinese, Japanese and Korean characters: their words are not separated by spaces, so they
/// are indexed as overlapping pairs of characters.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0xac00..=0xd7af
            | 0x20000..=0x2ffff)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The terms of already folded text, in order: words (with a trailing `+` or `#` kept, for `c++`
/// and `c#`), stemmed when `stem` is set, and CJK runs as pairs of characters.
pub fn terms(folded: &str, stem: bool) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = folded.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i]) {
            i += 1;
            continue;
        }
        let cjk = is_cjk(chars[i]);
        let start = i;
        while i < chars.len() && is_word_char(chars[i]) && is_cjk(chars[i]) == cjk {
            i += 1;
        }
        if cjk {
            let run = &chars[start..i];
            if run.len() == 1 {
                out.push(run[0].to_string());
            }
            out.extend(run.windows(2).map(|pair| pair.iter().collect::<String>()));
            continue;
        }
        while i < chars.len() && matches!(chars[i], '+' | '#') {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        out.push(if stem { stem_english(&word) } else { word });
    }
    out
}

/// A light English stemmer (a few of Porter's suffix rules): enough that `tokenizer`,
/// `tokenization` and `tokens` meet at `token`, and `containers` at `contain`.
pub fn stem_english(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    if w.len() < 4 || !w.iter().all(|c| c.is_alphabetic()) {
        return word.to_string();
    }
    // Whether `w` ends with `s` and keeps at least `keep` characters without it.
    let ends_keeping = |w: &[char], s: &str, keep: usize| {
        let s: Vec<char> = s.chars().collect();
        w.len() >= s.len() + keep && w[w.len() - s.len()..] == s[..]
    };
    let ends = |w: &[char], s: &str| ends_keeping(w, s, 3);
    // Plurals.
    if ends(&w, "sses") {
        w.truncate(w.len() - 2);
    } else if ends(&w, "ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if ends(&w, "s") && !ends(&w, "ss") && !ends(&w, "us") && !ends(&w, "is") {
        w.pop();
    }
    // Word forms.
    for suffix in SUFFIXES {
        if ends_keeping(&w, suffix, 4) {
            w.truncate(w.len() - suffix.chars().count());
            if matches!(*suffix, "ing" | "ed" | "er") {
                let n = w.len();
                if n >= 4
                    && w[n - 1] == w[n - 2]
                    && !matches!(w[n - 1], 'l' | 's' | 'z' | 'a' | 'e' | 'i' | 'o' | 'u')
                {
                    w.pop();
                }
            }
            break;
        }
    }
    if w.len() > 4 && w[w.len() - 1] == 'e' {
        w.pop();
    }
    w.into_iter().collect()
}

/// Longest first: the first that ends a word is taken off.
const SUFFIXES: &[&str] =
    &["ization", "isation", "ation", "izing", "izer", "ized", "ize", "ment", "ness", "ing", "er", "ed", "ly"];

/// The shard a term lives in: its first two characters when they are ASCII letters or digits
/// (`tr` for `transform`), one when only the first is, and otherwise one of 32 shards by its
/// first character, so that a typo after the first two characters stays in the same shard.
pub fn shard(term: &str) -> String {
    let mut chars = term.chars();
    let Some(first) = chars.next() else { return String::from("_0") };
    if first.is_ascii_alphanumeric() {
        match chars.next() {
            Some(second) if second.is_ascii_alphanumeric() => format!("{first}{second}"),
            _ => first.to_string(),
        }
    } else {
        format!("_{}", char::from_digit(first as u32 % 32, 32).unwrap_or('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Vec<String> {
        terms(&fold(text), true)
    }

    #[test]
    fn word_forms_meet_at_one_stem() {
        for (a, b) in [
            ("tokenizer", "tokenization"),
            ("tokens", "tokenize"),
            ("containers", "container"),
            ("databases", "database"),
            ("Kubernetes", "kubernetes"),
            ("embeddings", "embed"),
            ("running", "run"),
            ("libraries", "library"),
        ] {
            assert_eq!(t(a), t(b), "{a} ~ {b}");
        }
        assert_eq!(t("tokenizer"), ["token"]);
        assert_eq!(t("analysis class data"), ["analysis", "class", "data"], "no stem eats a word");
    }

    #[test]
    fn accents_fold_and_symbols_stay() {
        assert_eq!(terms(&fold("Über Café C++ C#"), false), ["uber", "cafe", "c++", "c#"]);
    }

    #[test]
    fn cjk_runs_become_pairs() {
        assert_eq!(t("机器学习 AI"), ["机器", "器学", "学习", "ai"]);
        assert_eq!(t("学"), ["学"]);
    }

    #[test]
    fn shards_by_first_characters() {
        assert_eq!(shard("transform"), "tr");
        assert_eq!(shard("c#"), "c");
        assert_eq!(shard("7"), "7");
        assert_eq!(shard("机器"), shard("机学"));
        assert!(shard("机器").starts_with('_'));
    }
}
