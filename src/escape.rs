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
    // The bytes that may need something: a table, so that the usual run of plain text is a
    // tight loop (a page escapes some hundred short values).
    const MAYBE: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 0x20 {
            table[byte] = byte != b'\t' as usize && byte != b'\n' as usize;
            byte += 1;
        }
        table[b'&' as usize] = true;
        table[b'<' as usize] = true;
        table[b'>' as usize] = true;
        table[b'"' as usize] = true;
        table[b'\'' as usize] = true;
        table[0xEF] = true;
        table
    };
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if !MAYBE[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
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
    // A table rather than a search of the list for each byte: made for every link of every page.
    const SAFE: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 256 {
            table[byte] = (byte as u8).is_ascii_alphanumeric();
            byte += 1;
        }
        let others = b"/-._~!$&'()*+,;=:@";
        let mut i = 0;
        while i < others.len() {
            table[others[i] as usize] = true;
            i += 1;
        }
        table
    };
    let safe = |byte: u8| SAFE[usize::from(byte)];
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
    // Runs between the characters to escape are copied whole (every page has some of this).
    let bytes = text.as_bytes();
    let mut copied = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let (escaped, len) = match byte {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            // U+2028 and U+2029 in UTF-8.
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA8]) => ("\\u2028", 3),
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA9]) => ("\\u2029", 3),
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(escaped);
        copied = i + len;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_close_it() {
        assert_eq!(
            script_safe_json("{\"a\":\"</script><b>&é\u{2028}x\u{2029}\u{2027}\"}"),
            "{\"a\":\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026é\\u2028x\\u2029\u{2027}\"}"
        );
        assert_eq!(script_safe_json("plain"), "plain");
        assert_eq!(script_safe_json("<"), "\\u003c");
        assert_eq!(script_safe_json("\u{2028}"), "\\u2028");
    }

    #[test]
    fn paths_are_percent_encoded_outside_the_safe_set() {
        let encoded = |path: &str| {
            let mut out = String::new();
            push_percent_encoded_path(&mut out, path);
            out
        };
        assert_eq!(encoded("a-b/c_d.e~f/"), "a-b/c_d.e~f/");
        assert_eq!(encoded("a b/数"), "a%20b/%E6%95%B0");
        assert_eq!(encoded("x?y#z%"), "x%3Fy%23z%25");
        assert_eq!(encoded("!$&'()*+,;=:@"), "!$&'()*+,;=:@");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("</svg><script>"), "&lt;/svg&gt;&lt;script&gt;");
        assert_eq!(escape("a\r\n\tb"), "a&#13;\n\tb", "returns are written out, tabs and newlines kept");
        assert_eq!(
            escape("\u{FFFE}é\u{EFBF}漢"),
            "\u{FFFD}é\u{EFBF}漢",
            "only U+FFFE and U+FFFF of EF BF .."
        );
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
