//! How text becomes search terms: folded, split, stemmed and keyed to a shard. `search.js`
//! applies the very same rules to what a reader types, so every function here has a twin there;
//! a change to one is a change to both.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::stem::Stemmer;

/// Lower case, without accents: `Über` and `uber` are one word.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(&mut folded, text);
    folded
}

/// [`fold`], onto the end of `out`.
pub fn fold_into(out: &mut String, text: &str) {
    if text.is_ascii() {
        // Nothing to decompose and no accent to drop: most text of most roadmaps.
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(text.nfd().flat_map(char::to_lowercase).filter(|c| !('\u{300}'..='\u{36f}').contains(c)));
    }
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
/// and `c#`), stemmed by `stemmer`, and CJK runs as pairs of characters.
#[cfg(test)]
pub fn terms(folded: &str, stemmer: Stemmer) -> Vec<String> {
    let mut out = Vec::new();
    each_term(folded, stemmer, |term| out.push(term.into_owned()));
    out
}

/// [`terms`], each handed to `found` as it is met, borrowed from `folded` where it is a piece
/// of it (a page's index entry copies only its distinct terms).
pub fn each_term<'a>(folded: &'a str, stemmer: Stemmer, mut found: impl FnMut(Cow<'a, str>)) {
    let mut chars = folded.char_indices().peekable();
    let mut scratch = Vec::new();
    while let Some((start, first)) = chars.next() {
        if !is_word_char(first) {
            continue;
        }
        let cjk = is_cjk(first);
        let mut end = start + first.len_utf8();
        while let Some(&(at, c)) = chars.peek() {
            if !is_word_char(c) || is_cjk(c) != cjk {
                break;
            }
            end = at + c.len_utf8();
            chars.next();
        }
        if cjk {
            let run = &folded[start..end];
            // Where each character starts, and the run's end.
            let at: Vec<usize> = run.char_indices().map(|(at, _)| at).chain([run.len()]).collect();
            if at.len() == 2 {
                found(Cow::Borrowed(run));
            }
            for pair in at.windows(3) {
                found(Cow::Borrowed(&run[pair[0]..pair[2]]));
            }
            continue;
        }
        while let Some(&(at, c @ ('+' | '#'))) = chars.peek() {
            end = at + c.len_utf8();
            chars.next();
        }
        found(stemmer.stem_in(&folded[start..end], &mut scratch));
    }
}

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

/// The keys under which a term is listed for readers who mistype its first letters: its first
/// three letters less one of them (`ra`, `ta`, `tr` for `transform`). A word one edit away in
/// its first three letters (`tarnsform`, `rtansform`, `yransform`) shares a key with it, so a
/// query looks in three small lists of words, not in every shard. Only words of four or more
/// ASCII letters have keys: shorter ones allow no typo, and numbers none worth finding.
pub fn near_keys(term: &str) -> Vec<String> {
    let head: Vec<char> = term.chars().take(3).collect();
    if term.len() < 4 || !term.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut keys: Vec<String> = (0..3)
        .map(|skip| head.iter().enumerate().filter(|&(i, _)| i != skip).map(|(_, c)| c).collect())
        .collect();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Vec<String> {
        terms(&fold(text), Stemmer::English)
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
        assert_eq!(terms(&fold("Über Café C++ C#"), Stemmer::None), ["uber", "cafe", "c++", "c#"]);
    }

    #[test]
    fn cjk_runs_become_pairs() {
        assert_eq!(t("机器学习 AI"), ["机器", "器学", "学习", "ai"]);
        assert_eq!(t("学"), ["学"]);
    }

    #[test]
    fn near_keys_meet_one_edit_in_the_first_letters() {
        assert_eq!(near_keys("transform"), ["ra", "ta", "tr"]);
        assert_eq!(near_keys("trrx"), ["rr", "tr"]);
        assert!(near_keys("c++x").is_empty() && near_keys("1234").is_empty() && near_keys("tra").is_empty());
        let shares = |a: &str, b: &str| near_keys(a).iter().any(|k| near_keys(b).contains(k));
        for typo in ["tarnsform", "rtansform", "yransform", "ransform", "ttransform", "tbansform"] {
            assert!(shares(typo, "transform"), "{typo}");
        }
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
