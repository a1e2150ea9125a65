//! From a request's target to a key of the in-memory site, refusing anything that could name a
//! file outside it.
//!
//! The site is a map from output paths to bytes, so nothing here touches the disk; still, the
//! rules are strict on purpose: a target that is ambiguous (an encoded `/`, a backslash, a `..`)
//! is a bad request rather than something to normalise, so no lookup ever sees it.

use std::fmt;

/// A request target reduced to a path inside the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePath {
    /// Decoded segments joined with `/`, with no leading or trailing slash (`""` for the root).
    pub key: String,
    /// The target ended with `/`: the page is the folder's `index.html`.
    pub dir: bool,
    /// The query string as sent (without `?`), kept for redirects and the event stream.
    pub query: Option<String>,
}

/// Why a target was refused with 400 Bad Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BadTarget {
    NotAPath,
    BadEscape,
    NotUtf8,
    ControlCharacter,
    Backslash,
    EncodedSlash,
    DotSegment,
    EmptySegment,
}

impl fmt::Display for BadTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BadTarget::NotAPath => "the request target must be a path starting with `/`",
            BadTarget::BadEscape => "the path holds a malformed percent escape",
            BadTarget::NotUtf8 => "the path does not decode to UTF-8",
            BadTarget::ControlCharacter => "the path holds a NUL or another control character",
            BadTarget::Backslash => "the path holds a backslash",
            BadTarget::EncodedSlash => "the path holds an encoded `/`",
            BadTarget::DotSegment => "the path holds a `.` or `..` segment",
            BadTarget::EmptySegment => "the path holds an empty segment (`//`)",
        })
    }
}

/// Parses a request target (`/a/b/?x=1`, or the absolute form `http://host/a/b/`).
pub(crate) fn parse(target: &str) -> Result<SitePath, BadTarget> {
    let target = strip_origin(target);
    if !target.starts_with('/') {
        return Err(BadTarget::NotAPath);
    }
    // Browsers never send a fragment; a raw client might, and it is not part of the path.
    let target = target.split_once('#').map_or(target, |(before, _)| before);
    let (raw_path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query.to_string())),
        None => (target, None),
    };
    let raw_segments: Vec<&str> = raw_path[1..].split('/').collect();
    let last = raw_segments.len() - 1;
    let mut segments = Vec::with_capacity(raw_segments.len());
    for (i, raw) in raw_segments.iter().enumerate() {
        let segment = decode_segment(raw)?;
        if segment.is_empty() {
            // Only the last segment may be empty: that is the trailing slash (or the root).
            if i == last {
                continue;
            }
            return Err(BadTarget::EmptySegment);
        }
        if segment == "." || segment == ".." {
            return Err(BadTarget::DotSegment);
        }
        segments.push(segment);
    }
    let dir = raw_path.ends_with('/');
    Ok(SitePath { key: segments.join("/"), dir, query })
}

/// The `host:port` of an absolute-form target (`http://host:port/path`); `None` for a path.
pub(crate) fn authority(target: &str) -> Option<&str> {
    let scheme = ["http://", "https://"]
        .into_iter()
        .find(|scheme| target.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme)))?;
    let after = &target[scheme.len()..];
    Some(after.find(['/', '?', '#']).map_or(after, |i| &after[..i]))
}

/// `http://host:port/path` → `/path`: RFC 9112 asks servers to accept the absolute form.
fn strip_origin(target: &str) -> &str {
    for scheme in ["http://", "https://"] {
        if target.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme)) {
            let after = &target[scheme.len()..];
            return after.find('/').map_or("/", |i| &after[i..]);
        }
    }
    target
}

fn decode_segment(raw: &str) -> Result<String, BadTarget> {
    let bytes = percent_decode(raw)?;
    for &byte in &bytes {
        match byte {
            b'/' => return Err(BadTarget::EncodedSlash),
            b'\\' => return Err(BadTarget::Backslash),
            0..=0x1f | 0x7f => return Err(BadTarget::ControlCharacter),
            _ => {}
        }
    }
    String::from_utf8(bytes).map_err(|_| BadTarget::NotUtf8)
}

/// Decodes `%XX` escapes (and nothing else: `+` is a plus sign in a path).
pub(crate) fn percent_decode(raw: &str) -> Result<Vec<u8>, BadTarget> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BadTarget::BadEscape)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BadTarget::BadEscape)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| BadTarget::BadEscape)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

pub(crate) use crate::escape::percent_encode_path;

/// A query string as it may go into a header: bytes outside visible ASCII percent-encoded, the
/// rest (including existing escapes) left alone.
pub(crate) fn ascii_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if (0x21..0x7f).contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The value of `name` in a query string (`a=1&b=2`), percent-decoded.
pub(crate) fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    let query = query?;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key != name {
            return None;
        }
        percent_decode(value).ok().and_then(|bytes| String::from_utf8(bytes).ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(target: &str) -> (String, bool) {
        let path = parse(target).unwrap_or_else(|e| panic!("{target}: {e}"));
        (path.key, path.dir)
    }

    #[test]
    fn plain_paths() {
        assert_eq!(ok("/"), (String::new(), true));
        assert_eq!(ok("/a/b/"), ("a/b".to_string(), true));
        assert_eq!(ok("/a/b"), ("a/b".to_string(), false));
        assert_eq!(ok("/style.css?v=3#top"), ("style.css".to_string(), false));
        assert_eq!(ok("/caf%C3%A9/"), ("café".to_string(), true));
        assert_eq!(ok("http://127.0.0.1:1111/a/"), ("a".to_string(), true));
        assert_eq!(ok("/a+b"), ("a+b".to_string(), false));
        assert_eq!(parse("/a/?x=1").map(|p| p.query), Ok(Some("x=1".to_string())));
    }

    #[test]
    fn refuses_everything_that_could_leave_the_site() {
        let cases = [
            ("/../etc/passwd", BadTarget::DotSegment),
            ("/a/../../etc/passwd", BadTarget::DotSegment),
            ("/%2e%2e/etc/passwd", BadTarget::DotSegment),
            ("/%2E%2E/%2E%2E/etc/passwd", BadTarget::DotSegment),
            ("/.%2e/x", BadTarget::DotSegment),
            ("/./index.html", BadTarget::DotSegment),
            ("/..%2fetc%2fpasswd", BadTarget::EncodedSlash),
            ("/%2fetc/passwd", BadTarget::EncodedSlash),
            ("/..\\..\\etc\\passwd", BadTarget::Backslash),
            ("/%5c..%5cetc", BadTarget::Backslash),
            ("//etc/passwd", BadTarget::EmptySegment),
            ("/a//b", BadTarget::EmptySegment),
            ("/index.html%00.txt", BadTarget::ControlCharacter),
            ("/a%0d%0aSet-Cookie:x", BadTarget::ControlCharacter),
            ("/%zz", BadTarget::BadEscape),
            ("/%2", BadTarget::BadEscape),
            ("/%ff%fe", BadTarget::NotUtf8),
            ("etc/passwd", BadTarget::NotAPath),
            ("*", BadTarget::NotAPath),
            ("C:\\Windows\\win.ini", BadTarget::NotAPath),
        ];
        for (target, why) in cases {
            assert_eq!(parse(target), Err(why), "{target}");
        }
    }

    #[test]
    fn encodes_locations_as_ascii() {
        assert_eq!(percent_encode_path("/café/a b/"), "/caf%C3%A9/a%20b/");
        assert_eq!(percent_encode_path("/100%?#"), "/100%25%3F%23");
        assert_eq!(ascii_only("q=a%20b c=é"), "q=a%20b%20c=%C3%A9");
    }

    #[test]
    fn reads_query_values() {
        let query = Some("path=%2Fa%2Fb%2F&etag=%22x%22");
        assert_eq!(query_value(query, "path").as_deref(), Some("/a/b/"));
        assert_eq!(query_value(query, "etag").as_deref(), Some("\"x\""));
        assert_eq!(query_value(query, "other"), None);
    }
}
