//! Structured data for search engines (schema.org JSON-LD): a `BreadcrumbList` on section and
//! skill pages, an `FAQPage` on the FAQ page.
//!
//! The JSON goes inside a `<script>` element, where the HTML parser ends the script at the first
//! `</script` whatever the JSON means; so `<`, `>` and `&` are written as `\u003c` … escapes,
//! which JSON reads back as the same characters.

use serde_json::{Value, json};

use crate::render::feeds::FaqPage;
use crate::site::{NodeId, Site};

/// `value` as JSON that is safe inside `<script type="application/ld+json">`.
pub fn script_json(value: &impl serde::Serialize) -> serde_json::Result<String> {
    Ok(crate::escape::script_safe_json(&serde_json::to_string(value)?))
}

/// A JSON value as text that is safe inside a `<script>` (a `Value` always serializes).
pub fn script_value(value: &Value) -> String {
    crate::escape::script_safe_json(&value.to_string())
}

/// The trail from the roadmap's root down to `node`, as a `BreadcrumbList`.
pub fn breadcrumbs(site: &Site, node: NodeId) -> String {
    // Typed rather than `json!` (a map per item, on every page of the roadmap); the fields are
    // in the order `json!`'s sorted maps wrote them, so the text is the same.
    #[derive(serde::Serialize)]
    struct List<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "itemListElement")]
        items: Vec<Item<'a>>,
    }
    #[derive(serde::Serialize)]
    struct Item<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        item: String,
        name: &'a str,
        position: usize,
    }
    let mut trail = site.ancestors(node);
    trail.push(node);
    let items = trail
        .iter()
        .enumerate()
        .map(|(i, &n)| Item {
            kind: "ListItem",
            item: site.permalink(n),
            name: &site.nodes[n].title,
            position: i + 1,
        })
        .collect();
    let list = List { context: "https://schema.org", kind: "BreadcrumbList", items };
    script_json(&list).expect("a list of strings and numbers serializes")
}

/// The questions and answers of the FAQ page, as an `FAQPage`.
pub fn faq(page: &FaqPage) -> String {
    let questions: Vec<Value> = page
        .entries
        .iter()
        .map(|entry| {
            json!({
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": { "@type": "Answer", "text": entry.answer_text },
            })
        })
        .collect();
    script_value(&json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": page.title,
        "url": page.permalink,
        "mainEntity": questions,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_can_close_the_script_element() {
        let text = script_value(&json!({ "name": "</script><script>alert(1)</script> & \u{2028}" }));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back["name"], "</script><script>alert(1)</script> & \u{2028}");
    }
}
