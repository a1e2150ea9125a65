//! Word forms per language: light stemmers in the manner of Snowball's and of Savoy's "light"
//! stemmers, written from their published descriptions. Each takes off the endings of plurals,
//! gender and a few common derivations, so that `Datenbanken` meets `Datenbank`, `redes` meets
//! `red` and `données` meets `donnée`; none tries to be a full morphological analysis.
//!
//! They stem folded words (lower case, accents removed, see [`super::words::fold`]), which keeps
//! their rules short. `search.js` has a twin of every one; `stems.json`, beside this file, holds
//! words and their stems per language, checked against both (here and in
//! `tests/browser/stems.test.mjs`).

use std::borrow::Cow;

/// A language's stemmer, or none: a site (or, later, each language of a site) picks one by its
/// language code with [`Stemmer::for_language`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stemmer {
    /// Whole words only: languages without a stemmer of ours, and CJK text.
    None,
    English,
    German,
    French,
    Spanish,
    Portuguese,
    Italian,
    Dutch,
}

impl Stemmer {
    /// The stemmer of a language code such as `de`, `pt-BR` or `en_GB` (by its first subtag).
    pub fn for_language(code: &str) -> Stemmer {
        let primary = code.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Stemmer::English,
            "de" => Stemmer::German,
            "fr" => Stemmer::French,
            "es" => Stemmer::Spanish,
            "pt" => Stemmer::Portuguese,
            "it" => Stemmer::Italian,
            "nl" => Stemmer::Dutch,
            _ => Stemmer::None,
        }
    }

    /// Its name in the index's head, by which `search.js` picks its twin ("" for none).
    pub fn code(self) -> &'static str {
        match self {
            Stemmer::None => "",
            Stemmer::English => "en",
            Stemmer::German => "de",
            Stemmer::French => "fr",
            Stemmer::Spanish => "es",
            Stemmer::Portuguese => "pt",
            Stemmer::Italian => "it",
            Stemmer::Dutch => "nl",
        }
    }

    /// The stem of a folded word; words of fewer than four letters, and words with digits or
    /// symbols (`c++`, `gpt4`), are kept whole. A stem that is the word cut short (most are) is
    /// a piece of it, not a copy.
    #[cfg(test)]
    pub fn stem(self, word: &str) -> Cow<'_, str> {
        self.stem_in(word, &mut Vec::new())
    }

    /// [`Stemmer::stem`], working in `chars`: a page's words share one buffer.
    pub fn stem_in<'w>(self, word: &'w str, chars: &mut Vec<char>) -> Cow<'w, str> {
        if self == Stemmer::None || word.chars().nth(3).is_none() || !word.chars().all(char::is_alphabetic) {
            return Cow::Borrowed(word);
        }
        chars.clear();
        chars.extend(word.chars());
        let w = std::mem::take(chars);
        *chars = match self {
            Stemmer::None => w,
            Stemmer::English => english(w),
            Stemmer::German => german(w),
            Stemmer::French => french(w),
            Stemmer::Spanish => spanish(w),
            Stemmer::Portuguese => portuguese(w),
            Stemmer::Italian => italian(w),
            Stemmer::Dutch => dutch(w),
        };
        let end = word.char_indices().nth(chars.len()).map_or(word.len(), |(at, _)| at);
        let start = &word[..end];
        if start.chars().eq(chars.iter().copied()) {
            Cow::Borrowed(start)
        } else {
            Cow::Owned(chars.iter().collect())
        }
    }
}

/// Whether `w` ends with `suffix` and keeps at least `keep` characters without it. Every suffix
/// is ASCII (folded words have no accents), so its length is its bytes'.
fn ends(w: &[char], suffix: &str, keep: usize) -> bool {
    debug_assert!(suffix.is_ascii());
    let n = suffix.len();
    w.len() >= n + keep && w[w.len() - n..].iter().zip(suffix.bytes()).all(|(&c, b)| c == char::from(b))
}

/// Replaces the last `n` characters of `w` with `by`.
fn cut(w: &mut Vec<char>, n: usize, by: &str) {
    w.truncate(w.len() - n);
    w.extend(by.chars());
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// A few of Porter's suffix rules: enough that `tokenizer`, `tokenization` and `tokens` meet
/// at `token`, and `containers` at `contain`.
fn english(mut w: Vec<char>) -> Vec<char> {
    // Plurals.
    if ends(&w, "sses", 3) {
        cut(&mut w, 2, "");
    } else if ends(&w, "ies", 3) {
        cut(&mut w, 3, "y");
    } else if ends(&w, "s", 3) && !ends(&w, "ss", 3) && !ends(&w, "us", 3) && !ends(&w, "is", 3) {
        cut(&mut w, 1, "");
    }
    // Word forms, longest first.
    for suffix in [
        "ization", "isation", "ation", "izing", "izer", "ized", "ize", "ment", "ness", "ing", "er", "ed",
        "ly",
    ] {
        if ends(&w, suffix, 4) {
            cut(&mut w, suffix.len(), "");
            let n = w.len();
            if matches!(suffix, "ing" | "ed" | "er")
                && n >= 4
                && w[n - 1] == w[n - 2]
                && !matches!(w[n - 1], 'l' | 's' | 'z' | 'a' | 'e' | 'i' | 'o' | 'u')
            {
                w.pop();
            }
            break;
        }
    }
    if w.len() > 4 && w[w.len() - 1] == 'e' {
        w.pop();
    }
    w
}

/// Savoy's light German stemmer (inflections in two passes), with the common derivations
/// `-ung`, `-heit`, `-keit`, `-lich` and `-isch` between them: `Programmierung` meets
/// `programmieren`.
fn german(w: Vec<char>) -> Vec<char> {
    // `ß` has no decomposition for folding to take apart.
    let mut w: Vec<char> =
        w.into_iter().flat_map(|c| if c == 'ß' { vec!['s', 's'] } else { vec![c] }).collect();
    let st_ending = |c: char| matches!(c, 'b' | 'd' | 'f' | 'g' | 'h' | 'k' | 'l' | 'm' | 'n' | 't');
    let n = w.len();
    if ends(&w, "ern", 3) {
        cut(&mut w, 3, "");
    } else if ["em", "en", "er", "es"].iter().any(|s| ends(&w, s, 3)) {
        cut(&mut w, 2, "");
    } else if ends(&w, "e", 3) || (ends(&w, "s", 3) && st_ending(w[n - 2])) {
        cut(&mut w, 1, "");
    }
    if let Some(suffix) = ["ung", "heit", "keit", "lich", "isch"].iter().find(|s| ends(&w, s, 4)) {
        cut(&mut w, suffix.len(), "");
    }
    let n = w.len();
    if ends(&w, "est", 3) {
        cut(&mut w, 3, "");
    } else if ends(&w, "er", 3) || ends(&w, "en", 3) || (ends(&w, "st", 3) && st_ending(w[n - 3])) {
        cut(&mut w, 2, "");
    }
    w
}

/// Plurals (`-s`, `-x`, `-aux` to `-al`), `-ation` and `-ement`, then the endings of gender and
/// of the infinitive, and a doubled last letter: `données`, `donnée` and `donner` meet at `don`.
fn french(mut w: Vec<char>) -> Vec<char> {
    if ends(&w, "eaux", 2) {
        cut(&mut w, 1, "");
    } else if ends(&w, "aux", 2) {
        cut(&mut w, 3, "al");
    } else if ends(&w, "x", 3) || (ends(&w, "s", 3) && !ends(&w, "ss", 2)) {
        cut(&mut w, 1, "");
    }
    if let Some(suffix) = ["ation", "ement"].iter().find(|s| ends(&w, s, 4)) {
        cut(&mut w, suffix.len(), "");
    }
    for last in ["r", "e", "e"] {
        if ends(&w, last, 4) {
            cut(&mut w, 1, "");
        }
    }
    let n = w.len();
    if n >= 4 && w[n - 1] == w[n - 2] {
        w.pop();
    }
    w
}

/// Plurals (`-es`, `-os`, `-as`, `-ces` to `-z`), adverbs in `-mente`, then the last vowel of
/// gender: `redes` meets `red`, `automáticas` meets `automático`.
fn spanish(mut w: Vec<char>) -> Vec<char> {
    if ends(&w, "ces", 2) {
        cut(&mut w, 3, "z");
    } else if ["es", "os", "as"].iter().any(|s| ends(&w, s, 3)) {
        cut(&mut w, 2, "");
    } else if ends(&w, "s", 3) && !matches!(w[w.len() - 2], 's' | 'i' | 'u') {
        cut(&mut w, 1, "");
    }
    if ends(&w, "mente", 4) {
        cut(&mut w, 5, "");
    }
    if ["a", "o", "e"].iter().any(|s| ends(&w, s, 3)) {
        cut(&mut w, 1, "");
    }
    w
}

/// Plurals (`-ões` and `-ães` to `-ão`, `-ais` to `-al`, `-eis` to `-el`, `-ns` to `-m`, `-es`
/// after r, z or s), adverbs in `-mente`, then the last vowel of gender: `informações` meets
/// `informação`, `neurais` meets `neural`.
fn portuguese(mut w: Vec<char>) -> Vec<char> {
    if ends(&w, "oes", 2) || ends(&w, "aes", 2) {
        cut(&mut w, 3, "ao");
    } else if ends(&w, "ais", 2) {
        cut(&mut w, 3, "al");
    } else if ends(&w, "eis", 2) {
        cut(&mut w, 3, "el");
    } else if ends(&w, "ois", 2) {
        cut(&mut w, 3, "ol");
    } else if ends(&w, "ns", 2) {
        cut(&mut w, 2, "m");
    } else if ["res", "zes", "ses"].iter().any(|s| ends(&w, s, 2)) {
        cut(&mut w, 2, "");
    } else if ends(&w, "s", 3) && !ends(&w, "ss", 2) {
        cut(&mut w, 1, "");
    }
    if ends(&w, "mente", 4) {
        cut(&mut w, 5, "");
    }
    if ["a", "o", "e"].iter().any(|s| ends(&w, s, 3)) {
        cut(&mut w, 1, "");
    }
    w
}

/// Adverbs in `-mente`, then the last vowel, which plurals and gender change (`modello`,
/// `modelli`; `banca`, `banche`).
fn italian(mut w: Vec<char>) -> Vec<char> {
    if ends(&w, "mente", 4) {
        cut(&mut w, 5, "");
    }
    if ["che", "chi", "ghe", "ghi"].iter().any(|s| ends(&w, s, 2)) {
        cut(&mut w, 2, "");
    } else if ["a", "e", "i", "o"].iter().any(|s| ends(&w, s, 3)) {
        cut(&mut w, 1, "");
    }
    w
}

/// Snowball's Dutch steps, lightly: `-heden` to `-heid`, a plural `-s` or `-en`, a last `-e`,
/// each after a consonant, and a doubled last consonant: `modellen` meets `model`.
fn dutch(mut w: Vec<char>) -> Vec<char> {
    let undouble = |w: &mut Vec<char>| {
        let n = w.len();
        if n >= 4 && w[n - 1] == w[n - 2] && !is_vowel(w[n - 1]) {
            w.pop();
        }
    };
    if ends(&w, "heden", 3) {
        cut(&mut w, 5, "heid");
    }
    let before = |w: &[char], n: usize| w[w.len() - n - 1];
    if ends(&w, "s", 3) && (before(&w, 1) == 'e' || !is_vowel(before(&w, 1)) && before(&w, 1) != 'j') {
        cut(&mut w, 1, "");
    }
    for suffix in ["ene", "en"] {
        if ends(&w, suffix, 3) && !is_vowel(before(&w, suffix.len())) {
            cut(&mut w, suffix.len(), "");
            undouble(&mut w);
            break;
        }
    }
    if ends(&w, "e", 3) && !is_vowel(before(&w, 1)) {
        cut(&mut w, 1, "");
        undouble(&mut w);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::words::{fold, terms};

    #[test]
    fn languages_pick_their_stemmer_by_code() {
        assert_eq!(Stemmer::for_language("de"), Stemmer::German);
        assert_eq!(Stemmer::for_language("pt-BR"), Stemmer::Portuguese);
        assert_eq!(Stemmer::for_language("en_GB"), Stemmer::English);
        assert_eq!(Stemmer::for_language("ES"), Stemmer::Spanish);
        assert_eq!(Stemmer::for_language("fi"), Stemmer::None);
        assert_eq!(Stemmer::for_language(""), Stemmer::None);
    }

    /// The words of `stems.json` stem, as `search.js` stems them, to the stems written there.
    #[test]
    fn words_stem_as_the_shared_vectors_say() {
        let vectors: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(include_str!("stems.json")).expect("stems.json");
        let mut wrong = Vec::new();
        let mut checked = 0;
        for (language, words) in &vectors {
            let stemmer = Stemmer::for_language(language);
            assert_eq!(stemmer.code(), language, "a language of stems.json has no stemmer");
            for (word, stem) in words.as_object().expect("words → stems") {
                let got = terms(&fold(word), stemmer).join(" ");
                checked += 1;
                if Some(got.as_str()) != stem.as_str() {
                    wrong.push(format!("{language}: {word} → {got}, not {stem}"));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert!(checked > 100, "{checked} words");
    }

    #[test]
    fn no_stemmer_keeps_words_whole() {
        assert_eq!(Stemmer::None.stem("datenbanken"), "datenbanken");
        assert_eq!(Stemmer::German.stem("c++"), "c++");
        assert_eq!(Stemmer::German.stem("gpt4"), "gpt4");
    }
}
