//! Escaping text for XML and HTML, text content and attribute values alike: the one function
//! every stage uses for text it writes into markup (pages, the map, redirects, the sitemap, code).

/// Append `text` to `out` with `& < > " '` escaped, and with the characters XML 1.0 forbids
/// (control characters other than tab and newline, U+FFFE, U+FFFF) replaced by U+FFFD, so that a
/// hostile label can neither break out of its element or attribute nor make the SVG unparsable.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    let _ = pieces(text, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// [`escape_into`] for a writer: the escape function of the page templates.
pub(crate) fn write_escaped(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pieces(text, |piece| out.write_all(piece.as_bytes()))
}

/// Hands `text` escaped to `emit`, in pieces: runs of text that need nothing, and replacements.
/// Every character that needs escaping is ASCII, or U+FFFE/U+FFFF (`EF BF BE`/`EF BF BF`), so
/// the text is scanned byte by byte and cut only at character boundaries.
fn pieces<E>(text: &str, mut emit: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let (replacement, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\r' => ("&#13;", 1),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            0..0x20 => ("\u{FFFD}", 1),
            0xEF if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) => {
                ("\u{FFFD}", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        emit(&text[start..i])?;
        emit(replacement)?;
        i += width;
        start = i;
    }
    emit(&text[start..])
}

/// `text` escaped, as a new string.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Percent-encodes a decoded site path (`my images/ü.png` → `my%20images/%C3%BC.png`), keeping the
/// characters RFC 3986 allows in a path: for URLs in pages and in `Location` headers, which are ASCII.
pub(crate) fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_percent_encoded_path(&mut out, path);
    out
}

/// Appends `path` to `out`, percent-encoded as [`percent_encode_path`] does: a page's URL is
/// made for every link to it, so the usual path, all ASCII, is copied whole.
pub(crate) fn push_percent_encoded_path(out: &mut String, path: &str) {
    let safe = |byte: u8| byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte);
    if path.bytes().all(safe) {
        out.push_str(path);
        return;
    }
    for &byte in path.as_bytes() {
        if safe(byte) {
            out.push(byte as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.extend(['%', HEX[usize::from(byte >> 4)] as char, HEX[usize::from(byte & 15)] as char]);
        }
    }
}

/// JSON text made safe inside a `<script>` element: `<`, `>` and `&` (which could close it or
/// start markup) and the two line separators JavaScript once refused, as `\u` escapes.
pub(crate) fn script_safe_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("</svg><script>"), "&lt;/svg&gt;&lt;script&gt;");
    }

    #[test]
    fn the_writer_form_writes_the_same() {
        for text in ["", "plain", "a<b>&\"c'\r\n\t\u{0}\u{FFFE}\u{FFFF}\u{FFFD}é漢", "<<>>", "\u{EFBF}x"] {
            let mut written = Vec::new();
            write_escaped(text, &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), escape(text), "{text:?}");
        }
    }

    #[test]
    fn replaces_characters_xml_forbids() {
        assert_eq!(escape("a\u{0}b\u{1b}c\u{FFFF}"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}");
        assert_eq!(escape("漢字 🚀 שלום"), "漢字 🚀 שלום");
    }
}
