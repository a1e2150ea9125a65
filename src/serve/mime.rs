//! The `Content-Type` of a site's file, from its extension.
//!
//! Every type a roadmap site produces or an author is likely to put in `static/` is listed; the
//! server also sends `X-Content-Type-Options: nosniff`, so a wrong entry here would show at once.

/// The media type for an output path (`a/b/index.html`, `fonts/x.woff2`, `CNAME`).
pub(crate) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((_, extension)) = name.rsplit_once('.').filter(|(stem, _)| !stem.is_empty()) else {
        // `CNAME`, `.nojekyll`, `_redirects`: the extension-less files of a static site are text.
        return "text/plain; charset=utf-8";
    };
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "jsonld" => "application/ld+json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "eot" => "application/vnd.ms-fontobject",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        _ => "application/octet-stream",
    }
}

/// Pages get the live-reload script; everything else is served as built.
pub(crate) fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_site_file_types() {
        for (path, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("a/b/index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("mindmap.js", "text/javascript; charset=utf-8"),
            ("mindmap.svg", "image/svg+xml"),
            ("roadmap.json", "application/json"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("fonts/Inter.WOFF2", "font/woff2"),
            ("img/photo.JPG", "image/jpeg"),
            ("favicon.ico", "image/x-icon"),
            ("CNAME", "text/plain; charset=utf-8"),
            (".nojekyll", "text/plain; charset=utf-8"),
            ("archive.unknown", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
        assert!(is_html("404.html"));
        assert!(!is_html("page.html/x"));
    }
}
