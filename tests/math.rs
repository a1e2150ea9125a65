//! Formulas and callouts as a user meets them: `tests/sites/math` built with the real binary,
//! its pages read for MathML where formulas are and nowhere else, callouts, the search index and
//! the print edition; and a site that opts into warnings for formulas it cannot typeset.

mod common;

use common::{copy_site, read, trailmap};

/// The text of `html` between the first `from` and the next `to` after it.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("{from} not in the page")) + from.len();
    let end = html[start..].find(to).map_or(html.len(), |i| start + i);
    &html[start..end]
}

#[test]
fn formulas_are_mathml_where_they_are_and_dollars_in_prose_stay_text() {
    let site = copy_site("math");
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "a valid site builds without warnings");
    let page = read(site.path().join("public/algebra/formulas/index.html"));

    let formulas = between(&page, "<h2 id=\"norm\">", "<h2 id=\"dollars-that-are-not-math\">");
    // Every formula written in the first part of the page (the footnote's included).
    assert_eq!(formulas.matches("<math").count(), 15, "{formulas}");
    assert_eq!(formulas.matches("<math display=\"block\">").count(), 4, "{formulas}");
    assert_eq!(formulas.matches("<span class=\"math-display\" tabindex=\"0\">").count(), 4);
    assert!(!formulas.contains('$'), "a dollar of a formula was left in the page: {formulas}");
    for construct in
        ["<mfrac>", "<munderover>", "<mtable", "∇", "𝐱", "ℝ", "softmax", "argmin", "<mover accent=\"true\">"]
    {
        assert!(formulas.contains(construct), "{construct} missing");
    }
    assert!(between(formulas, "<li>In a list", "</li>").contains("<math>"));
    assert!(between(formulas, "<td>variance</td>", "</tr>").contains("<math>"));
    assert!(between(formulas, "class=\"footnote-definition\"", "</div>").contains("<math>"));
    assert!(between(&page, "<h2 id=\"norm\">", "</h2>").contains("<math>"), "a formula in a heading");

    let prose = between(&page, "<h2 id=\"dollars-that-are-not-math\">", "<h2 id=\"callouts\">");
    assert!(!prose.contains("<math"), "{prose}");
    assert!(prose.contains("A course costs $5 and a book $10; a bundle is $5-$10 cheaper. Write $x$ for"));
    assert!(prose.contains("Shell variables such as $HOME and $PATH stay as written."));
    assert!(prose.contains("<code>$x$</code>, <code>$$y$$</code>"));
    assert!(prose.contains("$$\\frac{a}{b}$$"), "code blocks are left alone");

    let faq = read(site.path().join("public/faq/index.html"));
    assert_eq!(faq.matches("<math").count(), 1, "the answer's formula");
}

#[test]
fn alerts_are_labelled_callouts_and_plain_quotes_stay_quotes() {
    let site = copy_site("math");
    assert_eq!(trailmap(site.path(), &["build"]).code, 0);
    let page = read(site.path().join("public/algebra/formulas/index.html"));
    for (kind, label) in [
        ("note", "Note"),
        ("tip", "Tip"),
        ("important", "Important"),
        ("warning", "Warning"),
        ("caution", "Caution"),
    ] {
        let open = format!("<div class=\"callout callout-{kind}\" role=\"note\" aria-label=\"{label}\">");
        let callout = between(&page, &open, "</div>");
        assert!(callout.contains("aria-hidden=\"true\""), "{kind}: the icon is decoration");
        assert!(callout.contains(&format!("</svg>{label}</p>")), "{kind}: the title says the kind in words");
        assert!(!callout.contains("[!"), "{kind}");
    }
    let warning = between(&page, "callout-warning", "</div>");
    assert_eq!(warning.matches("<math").count(), 2, "math inside a callout");
    assert!(page.contains("<blockquote>\n<p>A plain quote stays a quote.</p>\n</blockquote>"));
}

#[test]
fn search_and_print_carry_the_formulas() {
    let site = copy_site("math");
    assert_eq!(trailmap(site.path(), &["build"]).code, 0);
    // The index holds the words of a formula's readable text (`\frac{dL}{dw}` as `dL/dw`, Greek
    // as letters), and the headings as written.
    let index = common::search_index(&site.path().join("public"));
    for word in ["3w", "dl", "dw", "θ", "softmax", "σ"] {
        assert!(index.terms.contains_key(word), "`{word}` is not a word of the search index");
    }
    let formulas = index.pages.iter().find(|p| p[1] == "Formulas" && p[0] == "k").expect("the skill's entry");
    assert!(formulas[5].as_array().expect("headings").iter().any(|h| h == "The L^2 norm"), "{formulas}");
    let print = read(site.path().join("public/print/index.html"));
    assert!(print.matches("<math").count() >= 18, "the print edition shows the math");
    assert!(print.contains("class=\"callout callout-warning\""));
}

#[test]
fn a_site_can_take_formulas_it_cannot_typeset_as_warnings() {
    let site = copy_site("math");
    let config = site.path().join("trailmap.toml");
    let mut settings = read(&config);
    settings.push_str("\n[markdown]\nmath_errors = \"warn\"\n");
    std::fs::write(&config, settings).unwrap();
    let skill = site.path().join("content/algebra/formulas.md");
    let text = read(&skill).replace("zero at $w = 2$", "zero at $w = \\two$");
    std::fs::write(&skill, text).unwrap();

    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "content/algebra/formulas.md:9:82: warning: cannot typeset this formula: Unknown command \"\\two\".\n"
        ),
        "{}",
        run.stderr
    );
    let page = read(site.path().join("public/algebra/formulas/index.html"));
    assert!(
        page.contains("zero at <code class=\"math-source\">$w = \\two$</code>."),
        "the source, shown as code"
    );
    let check = trailmap(site.path(), &["check"]);
    assert_eq!((check.code, check.stderr.as_str()), (0, run.stderr.as_str()));

    // Without the opt-in, the same formula is an error and nothing is written.
    std::fs::write(&config, read(&config).replace("math_errors = \"warn\"", "math_errors = \"error\""))
        .unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("content/algebra/formulas.md:9:82: cannot typeset this formula"),
        "{}",
        run.stderr
    );
}
