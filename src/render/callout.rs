//! GitHub's alerts (`> [!NOTE]`, `> [!TIP]`, `> [!IMPORTANT]`, `> [!WARNING]`, `> [!CAUTION]`) as
//! callouts: a note region named by its kind, whose visible title says the kind in words (the
//! icon beside it is decoration, hidden from assistive technology).

use pulldown_cmark::BlockQuoteKind;

/// The opening of the callout for an alert of `kind`, up to and with its title.
pub fn open(kind: BlockQuoteKind, strings: &crate::strings::Strings) -> String {
    let (name, icon) = match kind {
        BlockQuoteKind::Note => ("note", NOTE),
        BlockQuoteKind::Tip => ("tip", TIP),
        BlockQuoteKind::Important => ("important", IMPORTANT),
        BlockQuoteKind::Warning => ("warning", WARNING),
        BlockQuoteKind::Caution => ("caution", CAUTION),
    };
    let label = strings.format_html(&format!("content.callout_{name}"), &[]);
    format!(
        "<div class=\"callout callout-{name}\" role=\"note\" aria-label=\"{label}\">\n<p class=\"callout-title\">\
         <svg class=\"callout-icon\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\" \
         fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linecap=\"round\" \
         stroke-linejoin=\"round\">{icon}</svg>{label}</p>\n"
    )
}

/// The end of a callout.
pub const CLOSE: &str = "</div>\n";

/// A circle with an `i`.
const NOTE: &str = "<circle cx=\"8\" cy=\"8\" r=\"6.25\"/><path d=\"M8 7.25v4M8 4.75v.01\"/>";
/// A light bulb.
const TIP: &str = "<path d=\"M6 12.25h4M6.5 14.5h3M8 1.75a4.25 4.25 0 0 0-2.4 7.76c.3.2.4.5.4.85v.64h4v-.64c0-.35.1-.65.4-.85A4.25 4.25 0 0 0 8 1.75z\"/>";
/// A speech bubble with an exclamation mark.
const IMPORTANT: &str =
    "<path d=\"M2.25 2.75h11.5v8.5h-6.5l-3 2.5v-2.5h-2z\"/><path d=\"M8 4.75v3.5M8 9.75v.01\"/>";
/// A triangle with an exclamation mark.
const WARNING: &str = "<path d=\"M8 1.9 14.6 13.6H1.4z\"/><path d=\"M8 6.25v3.5M8 11.75v.01\"/>";
/// An octagon with an exclamation mark.
const CAUTION: &str = "<path d=\"M5.4 1.75h5.2l3.65 3.65v5.2l-3.65 3.65H5.4l-3.65-3.65V5.4z\"/><path d=\"M8 4.75v3.75M8 10.75v.01\"/>";
