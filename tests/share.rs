//! Sharing a roadmap (`src/share/`): every page kind's Open Graph and Twitter image tags, the
//! preview cards decoded and measured, `mindmap.png` and `mindmap.pdf` for the roadmap and each
//! section, titles that try to break them, the image cache, and `preview_images`.
//!
//! The PDF's text is read with poppler's `pdftotext`. Without it that test is reported as
//! ignored, saying so; under `CI=true` (as `.ci/run` sets) it fails instead. This file has its
//! own harness (libtest-mimic) because libtest can only ignore a test at compile time.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use libtest_mimic::{Arguments, Failed, Trial};

/// Sections and skills whose titles try to break a picture: markup, right-to-left text, emoji,
/// CJK, a control character and 500 characters.
fn hostile_site(mode: Option<&str>) -> tempfile::TempDir {
    let long = "Very long title ".repeat(32);
    let long = &long[..500];
    let mode = mode.map_or(String::new(), |m| format!("preview_images = \"{m}\"\n"));
    let pages: Vec<(String, String)> = vec![
        (
            "trailmap.toml".into(),
            format!("title = \"Share <b>&</b> test\"\nbase_url = \"https://example.org/sub/\"\n{mode}"),
        ),
        ("content/_index.md".into(), "+++\ntitle = \"Sharing roadmap\"\n+++\n".into()),
        ("content/markup/_index.md".into(), "+++\ntitle = \"Markup <script>alert(1)</script> & co\"\n+++\n".into()),
        (
            "content/markup/tags.md".into(),
            "+++\ntitle = \"</text><svg onload=x> \\\"quoted\\\"\"\nsummary = \"A summary with <b>tags</b> & ampersands, long enough to wrap over more than one line of the card, and then some more words to reach a third line and be cut.\"\n+++\n".into(),
        ),
        ("content/rtl/_index.md".into(), "+++\ntitle = \"مرحبا بالعالم עברית\"\n+++\n".into()),
        (
            "content/rtl/mixed.md".into(),
            "+++\ntitle = \"Mixed \u{202e}reversed\u{202c} مرحبا\"\nlevel = \"optional\"\n+++\n".into(),
        ),
        ("content/emoji/_index.md".into(), "+++\ntitle = \"Launch 🚀🔥 👩‍💻\"\n+++\n".into()),
        (
            "content/emoji/bell.md".into(),
            "+++\ntitle = \"Bell \\u0007 and tab\\tand NUL-free\"\nlevel = \"alternative\"\n+++\n".into(),
        ),
        ("content/cjk/_index.md".into(), "+++\ntitle = \"数据湖 データ 데이터\"\n+++\n".into()),
        ("content/cjk/lake.md".into(), format!("+++\ntitle = \"{long}\"\nsummary = \"{long}\"\n+++\n")),
        ("content/plain/_index.md".into(), "+++\ntitle = \"Plain Latin Section\"\n+++\n".into()),
        ("content/plain/basics.md".into(), "+++\ntitle = \"Basics\"\nsummary = \"The first step.\"\n+++\n".into()),
    ];
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in pages {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(path, text).expect("written");
    }
    dir
}

/// The section titles that Inter can draw, as they must appear in the PDF's text.
const DRAWABLE_SECTIONS: [&str; 2] = ["Markup <script>alert(1)</script> & co", "Plain Latin Section"];

fn build(site: &Path) {
    let run = common::trailmap(site, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A PNG's width and height, decoded whole (a truncated or corrupt file fails here).
fn decode(path: &Path) -> (u32, u32) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file)).read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (info.width, info.height)
}

/// The value of `<meta property|name="NAME" content="…">` in a page.
fn meta<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!("=\"{name}\" content=\"");
    let rest = &html[html.find(&needle)? + needle.len()..];
    Some(&rest[..rest.find('"')?])
}

fn every_page_kind_points_at_a_card_that_decodes_at_1200_by_630() -> Result<(), Failed> {
    let site = hostile_site(None);
    build(site.path());
    let public = site.path().join("public");
    let pages = [
        ("index.html", "preview.png"),
        ("markup/index.html", "markup/preview.png"),
        ("markup/tags/index.html", "markup/tags/preview.png"),
        ("rtl/mixed/index.html", "rtl/mixed/preview.png"),
        ("emoji/index.html", "emoji/preview.png"),
        ("emoji/bell/index.html", "emoji/bell/preview.png"),
        ("cjk/lake/index.html", "cjk/lake/preview.png"),
    ];
    for (page, image) in pages {
        let html = common::read(public.join(page));
        let url = format!("https://example.org/sub/{image}");
        assert_eq!(meta(&html, "og:image"), Some(url.as_str()), "{page}");
        assert_eq!(meta(&html, "twitter:image"), Some(url.as_str()), "{page}");
        assert_eq!(meta(&html, "og:image:width"), Some("1200"), "{page}");
        assert_eq!(meta(&html, "og:image:height"), Some("630"), "{page}");
        assert_eq!(meta(&html, "twitter:card"), Some("summary_large_image"), "{page}");
        let alt = meta(&html, "og:image:alt").unwrap_or_default();
        assert!(alt.len() > 10 && !alt.contains('<'), "{page}: the alt text is escaped: {alt}");
        assert_eq!(decode(&public.join(image)), (1200, 630), "{image}");
    }
    for folder in ["", "markup/", "rtl/", "emoji/", "cjk/", "plain/"] {
        let (width, height) = decode(&public.join(format!("{folder}mindmap.png")));
        assert!(width >= 200 && height >= 50, "{folder}mindmap.png is {width}x{height}");
        let pdf = std::fs::read(public.join(format!("{folder}mindmap.pdf"))).expect("the PDF");
        assert!(pdf.starts_with(b"%PDF-") && pdf.trim_ascii_end().ends_with(b"%%EOF"), "{folder}mindmap.pdf");
        assert_eq!(decode(&public.join(format!("{folder}preview.png"))), (1200, 630));
    }
    let landing = common::read(public.join("index.html"));
    assert!(landing.contains("href=\"/sub/mindmap.png\"") && landing.contains("href=\"/sub/mindmap.pdf\""));
    let section = common::read(public.join("plain/index.html"));
    assert!(section.contains("href=\"/sub/plain/mindmap.pdf\""));
    Ok(())
}

fn the_pdf_is_text_that_holds_every_section_title(pdftotext: &Path) -> Result<(), Failed> {
    let site = hostile_site(None);
    build(site.path());
    let public = site.path().join("public");
    let text = |pdf: PathBuf| {
        let run = Command::new(pdftotext).arg(&pdf).arg("-").output().expect("pdftotext runs");
        assert!(run.status.success(), "{}: {}", pdf.display(), String::from_utf8_lossy(&run.stderr));
        // Labels wrap onto lines: compare without whitespace.
        String::from_utf8_lossy(&run.stdout).split_whitespace().collect::<String>()
    };
    let whole = text(public.join("mindmap.pdf"));
    let bare = |text: &str| text.split_whitespace().collect::<String>();
    for title in DRAWABLE_SECTIONS.iter().chain(&["Sharing roadmap"]) {
        if !whole.contains(&bare(title)) {
            return Err(format!("mindmap.pdf lacks `{title}`: {whole}").into());
        }
    }
    // Every section's own PDF parses, hostile titles included, and the plain one holds its skill.
    for folder in ["markup", "rtl", "emoji", "cjk"] {
        text(public.join(folder).join("mindmap.pdf"));
    }
    // What Inter cannot draw is a white square in the text too, never another character.
    let cjk = text(public.join("cjk/mindmap.pdf"));
    if !cjk.starts_with("\u{25a1}\u{25a1}\u{25a1}")
        && !cjk.contains("\u{25a1}\u{25a1}\u{25a1}\u{25a1}\u{25a1}\u{25a1}")
    {
        return Err(format!("cjk/mindmap.pdf: {cjk}").into());
    }
    let plain = text(public.join("plain/mindmap.pdf"));
    if !plain.contains("PlainLatinSection") || !plain.contains("Basics") {
        return Err(format!("plain/mindmap.pdf: {plain}").into());
    }
    Ok(())
}

/// Every file of the output, with its bytes.
fn files(public: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    common::snapshot(public)
}

/// The cached images, with the time each was last written.
fn cache_state(site: &Path) -> BTreeMap<PathBuf, std::time::SystemTime> {
    let dir = site.join(".trailmap/cache/images");
    std::fs::read_dir(&dir)
        .expect("the cache folder")
        .flatten()
        .map(|e| (e.path(), e.metadata().and_then(|m| m.modified()).expect("a time")))
        .collect()
}

fn builds_are_byte_identical_with_and_without_the_cache() -> Result<(), Failed> {
    let site = hostile_site(None);
    let public = site.path().join("public");
    build(site.path());
    let cold = files(&public);
    let cached = cache_state(site.path());
    // A card for each of the 11 pages, a PNG and a PDF for the landing page and the 5 sections.
    assert_eq!(cached.len(), 11 + 6 * 2, "{cached:?}");
    // Into an empty output folder, from the cache: nothing is drawn again.
    std::fs::remove_dir_all(&public).expect("removed");
    build(site.path());
    assert_eq!(cache_state(site.path()), cached, "a warm build draws no image");
    let warm = files(&public);
    assert_eq!(cold.keys().collect::<Vec<_>>(), warm.keys().collect::<Vec<_>>());
    for (path, bytes) in &cold {
        assert!(&warm[path] == bytes, "{} differs with the cache", path.display());
    }
    // Without it: drawn again, the same bytes.
    std::fs::remove_dir_all(site.path().join(".trailmap")).expect("removed");
    build(site.path());
    for (path, bytes) in files(&public) {
        assert!(cold[&path] == bytes, "{} differs between two cold builds", path.display());
    }
    // An edit redraws what shows it, and the cache keeps only what the site uses.
    let cached = cache_state(site.path());
    let basics = site.path().join("content/plain/basics.md");
    std::fs::write(&basics, "+++\ntitle = \"Basics, renamed\"\n+++\n").expect("written");
    build(site.path());
    let after = cache_state(site.path());
    assert_eq!(after.len(), cached.len(), "old images are pruned");
    let redrawn = after.iter().filter(|(path, time)| cached.get(*path) != Some(time)).count();
    // The skill's card, and the section's and the landing page's card, PNG and PDF.
    assert_eq!(redrawn, 7, "{after:?}");
    Ok(())
}

fn preview_images_chooses_which_pages_get_a_card() -> Result<(), Failed> {
    let site = hostile_site(Some("sections"));
    build(site.path());
    let public = site.path().join("public");
    let skill = common::read(public.join("plain/basics/index.html"));
    assert_eq!(meta(&skill, "og:image"), Some("https://example.org/sub/plain/preview.png"));
    assert!(!public.join("plain/basics/preview.png").exists());
    assert_eq!(decode(&public.join("plain/preview.png")), (1200, 630));

    let site = hostile_site(Some("none"));
    build(site.path());
    let public = site.path().join("public");
    for page in ["index.html", "plain/index.html", "plain/basics/index.html"] {
        let html = common::read(public.join(page));
        assert_eq!(meta(&html, "og:image"), None, "{page}");
        assert_eq!(meta(&html, "twitter:card"), Some("summary"), "{page}");
        assert!(!html.contains("mindmap.png"), "{page}");
    }
    assert!(!public.join("preview.png").exists() && !public.join("mindmap.pdf").exists());
    assert!(!site.path().join(".trailmap/cache").exists());

    let site = hostile_site(Some("every"));
    let run = common::trailmap(site.path(), &["build"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("preview_images"), "{}", run.stderr);
    Ok(())
}

/// The first pixel of a PNG, as RGB.
fn first_pixel(path: &Path) -> [u8; 3] {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file)).read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut pixels).expect("a frame");
    [pixels[0], pixels[1], pixels[2]]
}

fn a_theme_draws_the_skill_cards_from_its_own_svg() -> Result<(), Failed> {
    let site = hostile_site(None);
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates)?;
    // A design of its own: a red card with the title, its text escaped by the template.
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"315\">\
               <rect width=\"600\" height=\"315\" fill=\"#ff0000\"/>\
               <text x=\"20\" y=\"60\" font-size=\"30\" fill=\"{{ colour }}\">{{ title }} · {{ level }}</text></svg>";
    std::fs::write(templates.join("card.svg"), svg)?;
    build(site.path());
    let public = site.path().join("public");
    for skill in ["plain/basics", "markup/tags", "cjk/lake"] {
        let card = public.join(skill).join("preview.png");
        assert_eq!(decode(&card), (1200, 630), "{skill}");
        assert_eq!(first_pixel(&card), [255, 0, 0], "{skill}: drawn from the theme's SVG");
    }
    // Sections keep the built-in map card.
    assert_ne!(first_pixel(&public.join("plain/preview.png")), [255, 0, 0]);

    // A template that does not compile is reported at its file, and nothing is written.
    std::fs::write(templates.join("card.svg"), "<svg>{{ title </svg>")?;
    let run = common::trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("templates/card.svg"), "{}", run.stderr);
    Ok(())
}

/// DejaVu Sans (Debian's fonts-dejavu-core): a free font with Arabic and Hebrew, as a site would
/// put in its `fonts/` folder.
const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// Text in scripts Inter lacks is drawn with the site's fonts: Arabic shaped (its letters take
/// their joined forms) and every right-to-left run drawn from the right; Latin keeps Inter.
fn the_sites_fonts_draw_arabic_and_hebrew_shaped_and_right_to_left(font: &Path) -> Result<(), Failed> {
    let dejavu = std::fs::read(font).expect("the font reads");
    let fonts = [dejavu];
    // One letter alone, and twice: joined, the two take other glyphs (initial and final forms).
    let (alone, rtl) = trailmap::share::card_layout("\u{628}", &fonts);
    assert!(rtl, "an Arabic paragraph is right to left");
    let (joined, _) = trailmap::share::card_layout("\u{628}\u{628}", &fonts);
    assert_eq!(alone.len(), 1);
    assert_eq!(joined.len(), 2);
    assert!(
        joined.iter().all(|&(font, id)| font == 1 && id != alone[0].1),
        "joined forms: {joined:?} vs {alone:?}"
    );
    // Hebrew (no joining): drawn left to right, the last letter first.
    let (hebrew, _) = trailmap::share::card_layout("\u{5d0}\u{5d1}", &fonts);
    let (aleph, _) = trailmap::share::card_layout("\u{5d0}", &fonts);
    assert_eq!(hebrew.last(), aleph.first(), "the first letter is drawn at the right");
    // A Latin word inside stays in reading order and in Inter.
    let (mixed, rtl) = trailmap::share::card_layout("\u{5d0}\u{5d1} AB", &fonts);
    assert!(rtl);
    let latin: Vec<u8> = mixed.iter().filter(|g| g.0 == 0).map(|g| g.0).collect();
    assert!(latin.len() >= 2, "{mixed:?}");
    assert_eq!(mixed.last(), aleph.first(), "{mixed:?}: the Hebrew word comes at the right of the line");
    // Without a font, no glyph of a fallback: boxes in Inter, nothing fails.
    let (boxes, _) = trailmap::share::card_layout("\u{628}\u{628}", &[]);
    assert!(boxes.iter().all(|g| g.0 == 0));
    // Through a build: a site's fonts/ folder changes the cards of its Arabic pages only.
    let site = tempfile::tempdir().expect("a folder");
    let write = |path: &str, text: &str| {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("trailmap.toml", "base_url = \"https://example.org/\"\nlanguage = \"ar\"\n");
    write("content/_index.md", "+++\ntitle = \"\u{62e}\u{631}\u{64a}\u{637}\u{629}\"\n+++\n");
    write("content/a/_index.md", "+++\ntitle = \"\u{623}\"\n+++\n");
    write("content/a/b.md", "+++\ntitle = \"\u{645}\u{62a}\u{648}\u{633}\u{637}\"\n+++\n");
    let card = |site: &Path| {
        let run = common::trailmap(site, &["build", "--quiet"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        std::fs::read(site.join("public/a/b/preview.png")).expect("a card")
    };
    let without = card(site.path());
    std::fs::create_dir(site.path().join("fonts")).unwrap();
    std::fs::copy(font, site.path().join("fonts/DejaVuSans.ttf")).unwrap();
    let with = card(site.path());
    assert_ne!(with, without, "the site's font draws the title");
    assert_eq!(card(site.path()), with, "the same every time");
    Ok(())
}

fn find_pdftotext() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("pdftotext")).find(|p| p.is_file())
}

fn main() {
    let arguments = Arguments::from_args();
    let pdftotext = find_pdftotext();
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let why = "needs pdftotext; install it with `apt-get install poppler-utils`";
    if pdftotext.is_none() && !in_ci {
        eprintln!("PDF text test ignored: {why}");
    }
    let ignored = pdftotext.is_none() && !in_ci;
    let dejavu = Path::new(DEJAVU).is_file();
    let font_why = "needs DejaVu Sans; install it with `apt-get install fonts-dejavu-core`";
    if !dejavu && !in_ci {
        eprintln!("right-to-left card test ignored: {font_why}");
    }
    let trials = vec![
        Trial::test("the_sites_fonts_draw_arabic_and_hebrew_shaped_and_right_to_left", move || {
            if dejavu {
                the_sites_fonts_draw_arabic_and_hebrew_shaped_and_right_to_left(Path::new(DEJAVU))
            } else {
                Err(format!("the right-to-left card test {font_why}").into())
            }
        })
        .with_ignored_flag(!dejavu && !in_ci),
        Trial::test(
            "every_page_kind_points_at_a_card_that_decodes_at_1200_by_630",
            every_page_kind_points_at_a_card_that_decodes_at_1200_by_630,
        ),
        Trial::test(
            "builds_are_byte_identical_with_and_without_the_cache",
            builds_are_byte_identical_with_and_without_the_cache,
        ),
        Trial::test(
            "a_theme_draws_the_skill_cards_from_its_own_svg",
            a_theme_draws_the_skill_cards_from_its_own_svg,
        ),
        Trial::test(
            "preview_images_chooses_which_pages_get_a_card",
            preview_images_chooses_which_pages_get_a_card,
        ),
        Trial::test("the_pdf_is_text_that_holds_every_section_title", move || match &pdftotext {
            Some(pdftotext) => the_pdf_is_text_that_holds_every_section_title(pdftotext),
            // Reached under CI=true, or when asked to run ignored tests: a failure then.
            None => Err(format!("the PDF text test {why}").into()),
        })
        .with_ignored_flag(ignored),
    ];
    libtest_mimic::run(&arguments, trials).exit();
}
