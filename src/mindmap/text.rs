//! Measuring and wrapping labels with the metrics of the font the page draws them in.
//!
//! A box must hold its label in a real browser, so widths come from the shipped font's own advance
//! widths and kerning (see `metrics.rs`), never from a guess per character. Characters the font
//! lacks are drawn by some fallback font we cannot know, so they are measured generously:
//! East Asian wide characters as 1em, emoji as the 1.25em colour-emoji fonts use, marks as nothing,
//! anything else as the font's average width.

use super::metrics::{self, FontMetrics};

/// The widest a line of a label may be before it wraps, in px at the map's font sizes.
pub(crate) const MAX_LINE_WIDTH: f64 = 220.0;

/// Width of an emoji drawn by a colour-emoji font, in em (Noto Color Emoji: 2550/2048).
const EMOJI_EM: f64 = 1.25;

/// How the label of one kind of node is set.
#[derive(Clone, Copy)]
pub(crate) struct TextStyle {
    pub(crate) metrics: &'static FontMetrics,
    /// CSS font-weight, matching `metrics`.
    pub(crate) weight: u16,
    /// Font size in px.
    pub(crate) size: f64,
    /// Distance between baselines in px.
    pub(crate) line_height: f64,
}

impl std::fmt::Debug for TextStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextStyle")
            .field("weight", &self.weight)
            .field("size", &self.size)
            .field("line_height", &self.line_height)
            .finish_non_exhaustive()
    }
}

impl TextStyle {
    /// The advance width of `text` in px, kerning included, as a browser lays it out on one line.
    pub(crate) fn width(&self, text: &str) -> f64 {
        let m = self.metrics;
        let mut units = 0.0;
        let mut previous: Option<char> = None;
        for c in text.chars() {
            units += advance(m, c);
            if let Some(p) = previous {
                units += f64::from(kerning(m, p, c));
            }
            previous = Some(c);
        }
        units * self.size / f64::from(m.units_per_em)
    }

    /// The kerning between two characters in px.
    fn kerning_px(&self, a: char, b: char) -> f64 {
        f64::from(kerning(self.metrics, a, b)) * self.size / f64::from(self.metrics.units_per_em)
    }

    /// Offset from the top of a line box to its baseline, centring the font's ascent + descent.
    pub(crate) fn baseline_offset(&self) -> f64 {
        let m = self.metrics;
        let scale = self.size / f64::from(m.units_per_em);
        let ascent = f64::from(m.ascender) * scale;
        let content = (f64::from(m.ascender) - f64::from(m.descender)) * scale;
        (self.line_height - content) / 2.0 + ascent
    }

    /// Break `text` (with its whitespace already collapsed by [`normalize_whitespace`]) into
    /// lines no wider than [`MAX_LINE_WIDTH`].
    ///
    /// Lines break after spaces, hyphens and slashes, and between East Asian wide characters; a
    /// word longer than a line is cut between characters (never inside a cluster such as an emoji
    /// sequence or a letter with its marks). Widths are summed piece by piece (advances plus the
    /// kerning across each join), so wrapping stays linear in the label's length.
    pub(crate) fn wrap(&self, text: &str) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = Line { start: 0, end: 0, width: 0.0, last: None };
        let mut offset = 0;
        for piece in pieces(text) {
            let at = offset;
            offset += piece.len();
            if self.fits(&line, piece) {
                self.extend(&mut line, at, piece);
                continue;
            }
            if line.end > line.start {
                lines.push(text[line.start..line.end].trim_end().to_owned());
            }
            line = Line { start: at, end: at, width: 0.0, last: None };
            if self.fits(&line, piece) {
                self.extend(&mut line, at, piece);
                continue;
            }
            let mut cluster_at = at;
            for cluster in clusters(piece) {
                if line.end > line.start && !self.fits(&line, cluster) {
                    lines.push(text[line.start..line.end].trim_end().to_owned());
                    line = Line { start: cluster_at, end: cluster_at, width: 0.0, last: None };
                }
                self.extend(&mut line, cluster_at, cluster);
                cluster_at += cluster.len();
            }
        }
        if line.end > line.start || lines.is_empty() {
            lines.push(text[line.start..line.end].trim_end().to_owned());
        }
        lines
    }

    /// Whether `piece`, without its trailing spaces, still fits on `line`.
    fn fits(&self, line: &Line, piece: &str) -> bool {
        let join = match (line.last, piece.chars().next()) {
            (Some(a), Some(b)) => self.kerning_px(a, b),
            _ => 0.0,
        };
        line.width + join + self.width(piece.trim_end()) <= MAX_LINE_WIDTH
    }

    fn extend(&self, line: &mut Line, at: usize, piece: &str) {
        if let (Some(a), Some(b)) = (line.last, piece.chars().next()) {
            line.width += self.kerning_px(a, b);
        }
        line.width += self.width(piece);
        line.end = at + piece.len();
        line.last = piece.chars().next_back().or(line.last);
    }
}

/// The line being filled while wrapping: a byte range of the text and its width, trailing spaces
/// included.
struct Line {
    start: usize,
    end: usize,
    width: f64,
    last: Option<char>,
}

/// Collapse runs of whitespace to one space and trim, as SVG text rendering does: only ASCII
/// whitespace, so a no-break space stays (and keeps its words together).
pub(crate) fn normalize_whitespace(text: &str) -> String {
    let bytes = text.as_bytes();
    let clean = bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && bytes.windows(2).all(|w| w != b"  ")
        && !bytes.iter().any(|&b| b.is_ascii_whitespace() && b != b' ');
    if clean {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_ascii_whitespace()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether the text's first strong character is right-to-left (Hebrew, Arabic, …).
pub(crate) fn is_rtl(text: &str) -> bool {
    for c in text.chars() {
        let cp = u32::from(c);
        if matches!(cp, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
        {
            return true;
        }
        if c.is_alphabetic() {
            return false;
        }
    }
    false
}

/// The advance width of one character in font units.
fn advance(m: &FontMetrics, c: char) -> f64 {
    let cp = u32::from(c);
    if (0x20..0x7F).contains(&cp) {
        return f64::from(m.ascii[(cp - 0x20) as usize]);
    }
    if let Ok(i) = m.advances.binary_search_by_key(&cp, |&(p, _)| p) {
        return f64::from(m.advances[i].1);
    }
    let em = f64::from(m.units_per_em);
    if in_ranges(metrics::ZERO_WIDTH, cp) || cp < 0x20 {
        0.0
    } else if is_emoji_block(cp) {
        EMOJI_EM * em
    } else if in_ranges(metrics::WIDE, cp) {
        em
    } else {
        f64::from(m.average)
    }
}

/// Blocks whose characters fallback fonts usually draw as colour emoji.
fn is_emoji_block(cp: u32) -> bool {
    matches!(cp, 0x2190..=0x21FF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF)
}

fn kerning(m: &FontMetrics, a: char, b: char) -> i16 {
    let (a, b) = (u32::from(a), u32::from(b));
    if (0x20..0x7F).contains(&a) && (0x20..0x7F).contains(&b) {
        return m.ascii_kerning[((a - 0x20) * 95 + (b - 0x20)) as usize];
    }
    // Kerning is only known between characters of the latin subset file.
    if a >= 0x250 || b >= 0x250 {
        return 0;
    }
    let key = (a << 16) | b;
    match m.kerning.binary_search_by_key(&key, |&(k, _)| k) {
        Ok(i) => m.kerning[i].1,
        Err(_) => 0,
    }
}

fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    let i = ranges.partition_point(|&(_, hi)| hi < cp);
    ranges.get(i).is_some_and(|&(lo, _)| lo <= cp)
}

/// Whether a line may break between `a` and `b`.
fn break_between(a: char, b: char) -> bool {
    if b == ' ' || no_break_before(b) {
        return false;
    }
    matches!(a, ' ' | '-' | '/' | '\u{2010}') || is_wide(a) || is_wide(b)
}

/// Closing punctuation and small kana that must stay on the line of the character before them.
fn no_break_before(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '%'
            | '、'
            | '。'
            | '，'
            | '．'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | 'ー'
            | '・'
            | '々'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
    )
}

fn is_wide(c: char) -> bool {
    let cp = u32::from(c);
    cp >= 0x1100 && in_ranges(metrics::WIDE, cp)
}

/// Split text at its line-break opportunities; each piece keeps its trailing space.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        if let Some(p) = previous
            && break_between(p, c)
            && !joins_previous(c)
            && p != '\u{200D}'
        {
            out.push(&text[start..i]);
            start = i;
        }
        previous = Some(c);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Characters that belong to the cluster of the character before them.
fn joins_previous(c: char) -> bool {
    let cp = u32::from(c);
    matches!(cp, 0x200D | 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
        || in_ranges(metrics::ZERO_WIDTH, cp)
}

/// Approximate extended grapheme clusters: a character with its marks, variation selectors,
/// emoji modifiers and zero-width-joined followers, and regional-indicator pairs (flags).
pub(crate) fn clusters(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    let mut regional_run = 0;
    for (i, c) in text.char_indices() {
        let regional = ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
        let join = match previous {
            None => true,
            Some(p) => joins_previous(c) || p == '\u{200D}' || (regional && regional_run % 2 == 1),
        };
        if !join {
            out.push(&text[start..i]);
            start = i;
        }
        regional_run = if regional { regional_run + 1 } else { 0 };
        previous = Some(c);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mindmap::layout::{SECTION_TEXT, SKILL_TEXT};

    #[test]
    fn measures_with_kerning() {
        let plain = SKILL_TEXT.width("A") + SKILL_TEXT.width("V");
        let kerned = SKILL_TEXT.width("AV");
        assert!(kerned < plain, "{kerned} < {plain}");
        // Inter's "A" is 1413 units of 2048 at 14px.
        assert!((SKILL_TEXT.width("A") - 1413.0 * 14.0 / 2048.0).abs() < 1e-9);
    }

    #[test]
    fn missing_characters_are_measured_generously() {
        let em = SKILL_TEXT.size;
        assert!((SKILL_TEXT.width("漢字") - 2.0 * em).abs() < 1e-9);
        assert!((SKILL_TEXT.width("🚀") - 1.25 * em).abs() < 1e-9);
        assert_eq!(SKILL_TEXT.width("\u{200D}"), 0.0);
        let average = f64::from(SKILL_TEXT.metrics.average) * em / 2048.0;
        assert!((SKILL_TEXT.width("ש") - average).abs() < 1e-9);
    }

    #[test]
    fn wraps_long_labels_within_the_limit() {
        let label = "Retrieval augmented generation with hybrid search, re-ranking and evaluation";
        let lines = SKILL_TEXT.wrap(label);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| SKILL_TEXT.width(l) <= MAX_LINE_WIDTH));
        assert_eq!(lines.join(" "), label);
    }

    #[test]
    fn wraps_cjk_without_spaces_and_keeps_punctuation_attached() {
        let label = "大規模言語モデルの評価と安全性、そして運用における監視と改善の方法について学ぶ。";
        let lines = SECTION_TEXT.wrap(label);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| SECTION_TEXT.width(l) <= MAX_LINE_WIDTH));
        assert_eq!(lines.concat(), label);
        assert!(lines.iter().all(|l| !l.starts_with('、') && !l.starts_with('。')));
    }

    #[test]
    fn cuts_overlong_words_between_clusters() {
        let word = "👩‍👩‍👧‍👦".repeat(20) + &"e\u{301}".repeat(40);
        let lines = SKILL_TEXT.wrap(&word);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        for line in &lines {
            assert!(SKILL_TEXT.width(line) <= MAX_LINE_WIDTH);
            assert!(!line.starts_with('\u{200D}') && !line.starts_with('\u{301}'));
        }
    }

    #[test]
    fn collapses_whitespace_and_keeps_empty_labels() {
        assert_eq!(normalize_whitespace("  a \n\t b  "), "a b");
        assert_eq!(normalize_whitespace("a b"), "a b");
        assert_eq!(normalize_whitespace("\u{a0}a\u{a0} b"), "\u{a0}a\u{a0} b");
        assert_eq!(normalize_whitespace("\r\n"), "");
        assert_eq!(SKILL_TEXT.wrap("a b"), vec!["a b".to_owned()]);
        assert_eq!(SKILL_TEXT.wrap(""), vec![String::new()]);
    }

    #[test]
    fn clusters_keep_flags_and_sequences_whole() {
        assert_eq!(clusters("🇫🇷🇩🇪x"), vec!["🇫🇷", "🇩🇪", "x"]);
        assert_eq!(clusters("👍🏽!"), vec!["👍🏽", "!"]);
    }

    #[test]
    fn detects_right_to_left_labels() {
        assert!(is_rtl("שלום world"));
        assert!(is_rtl("(مرحبا)"));
        assert!(!is_rtl("hello שלום"));
    }
}
