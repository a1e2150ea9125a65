//! Formulas: the LaTeX between `$…$` and `$$…$$`, typeset at build time as MathML.
//!
//! Browsers show MathML natively, so a page needs no script and no web font to show its math,
//! and a screen reader reads it as math. Each formula is typeset once, when its page is loaded
//! (so that one the converter cannot handle is reported with its place, like any other content
//! problem); the page's [`Formulas`] keep the HTML until the body is rendered.
//!
//! The converter is math-core: it writes MathML Core (what browsers implement), places accents
//! and operators properly, and reports what it cannot typeset, with the place in the formula,
//! instead of rendering it half.

use std::ops::Range;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

use crate::escape::escape;

/// A formula of a page body, typeset.
#[derive(Debug, Clone)]
pub struct Formula {
    display: bool,
    /// The LaTeX as written between the dollars.
    latex: Box<str>,
    /// What the page shows: the MathML, or the source as code when it could not be typeset.
    html: Box<str>,
    problem: Option<Unsupported>,
}

/// Why a formula could not be typeset, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub message: String,
    /// Bytes of the page's file.
    pub span: Range<usize>,
}

/// The formulas of one page body, in the order they appear.
#[derive(Debug, Clone, Default)]
pub struct Formulas {
    typeset: Vec<Formula>,
    /// Dollar signs that look like the start of a formula but start none.
    stray: Vec<Unsupported>,
}

/// Where a formula is in its file: `whole` is the formula with its dollars; `latex`, the bytes
/// between them when the LaTeX is exactly those bytes (not so in a block quote, whose `>` markers
/// pulldown-cmark takes out).
pub struct Place {
    pub whole: Range<usize>,
    pub latex: Option<Range<usize>>,
}

/// Typesets the formulas of one page body in order: equation numbers run on through the page,
/// and a `\ref` finds the `\label` of an earlier formula.
#[derive(Default)]
pub struct Typesetter {
    converter: Option<LatexToMathML>,
    formulas: Formulas,
}

impl Typesetter {
    /// Typesets `latex` and keeps the result.
    pub fn typeset(&mut self, latex: &str, display: bool, place: Place) {
        let (html, problem) = match self.convert(latex, display) {
            // A wide formula scrolls; keyboard users scroll it once it has the focus.
            Ok(mathml) if display => {
                (format!("<span class=\"math-display\" tabindex=\"0\">{mathml}</span>"), None)
            }
            Ok(mathml) => (mathml, None),
            Err((message, within)) => {
                // The exact place when the LaTeX is the file's bytes; else the whole formula.
                let span = match place.latex {
                    Some(bytes) if within.end <= bytes.len() => {
                        bytes.start + within.start..bytes.start + within.end.max(within.start + 1)
                    }
                    _ => place.whole,
                };
                let message = format!("cannot typeset this formula: {message}");
                (as_source(latex, display), Some(Unsupported { message, span }))
            }
        };
        self.formulas.typeset.push(Formula { display, latex: latex.into(), html: html.into(), problem });
    }

    /// Notes a `$$` or `$\` at `span` that starts no formula: pulldown-cmark leaves a formula
    /// with unbalanced braces, or with no closing dollar, as text, which would be a silent
    /// half-render of what the author meant as math.
    pub fn stray_dollar(&mut self, dollar: &str, span: Range<usize>) {
        let message = format!("`{dollar}` starts no formula: its braces are unbalanced, or it is not closed");
        self.formulas.stray.push(Unsupported { message, span });
    }

    /// The page's formulas.
    pub fn finish(self) -> Formulas {
        self.formulas
    }

    /// `latex` as a `<math>` element, or why not with the bytes of `latex` at fault.
    fn convert(&mut self, latex: &str, display: bool) -> Result<String, (String, Range<usize>)> {
        if self.converter.is_none() {
            let converter = LatexToMathML::new(MathCoreConfig::default())
                .map_err(|_| ("the formula converter could not start".to_string(), 0..latex.len()))?;
            self.converter = Some(converter);
        }
        let converter = self.converter.as_mut().expect("set just above");
        let mode = if display { MathDisplay::Block } else { MathDisplay::Inline };
        match converter.convert_with_global_state(latex, mode) {
            Ok(result) if result.warnings.has_any() => Err((
                "`\\ref` or `\\eqref` to a `\\label` of no earlier formula on this page".to_string(),
                0..latex.len(),
            )),
            Ok(result) => Ok(style_in_mstyle(&result.mathml)),
            Err(error) => Err((error.error_message(), error.0.clone())),
        }
    }
}

impl Formulas {
    /// The HTML of the formula `latex`; its source as code if the page has no such formula.
    ///
    /// `nth` counts earlier formulas of the same text in the events being rendered: the same
    /// LaTeX may be typeset differently further down the page (an equation number).
    pub fn html(&self, latex: &str, display: bool, nth: usize) -> std::borrow::Cow<'_, str> {
        let mut same = self.typeset.iter().filter(|f| f.display == display && *f.latex == *latex);
        match same.clone().nth(nth).or_else(|| same.next()) {
            Some(formula) => std::borrow::Cow::Borrowed(&formula.html),
            None => std::borrow::Cow::Owned(as_source(latex, display)),
        }
    }

    /// The formulas that could not be typeset, and the dollars that start none.
    pub fn problems(&self) -> impl Iterator<Item = &Unsupported> {
        self.typeset.iter().filter_map(|f| f.problem.as_ref()).chain(&self.stray)
    }

    pub fn len(&self) -> usize {
        self.typeset.len()
    }

    pub fn is_empty(&self) -> bool {
        self.typeset.is_empty()
    }
}

/// A formula that is not shown as math: its source, dollars included, as code.
fn as_source(latex: &str, display: bool) -> String {
    if display {
        format!(
            "<span class=\"math-display\"><code class=\"math-source\">$${}$$</code></span>",
            escape(latex)
        )
    } else {
        format!("<code class=\"math-source\">${}$</code>", escape(latex))
    }
}

/// MathML Core lets any element carry `displaystyle` and `scriptlevel`; the Nu checker (which
/// knows MathML 3) allows them on `mstyle` only. An element that has them gets an `mstyle`
/// around it that holds them instead: the same rendering, since both properties are inherited.
fn style_in_mstyle(mathml: &str) -> String {
    if !mathml.contains("displaystyle=") && !mathml.contains("scriptlevel=") {
        return mathml.to_string();
    }
    let mut out = String::with_capacity(mathml.len() + 64);
    // For each open element: whether an `mstyle` was opened around it.
    let mut wrapped: Vec<bool> = Vec::new();
    let mut rest = mathml;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else { break };
        let tag = &rest[lt..=lt + gt];
        rest = &rest[lt + gt + 1..];
        if tag.starts_with("</") {
            out.push_str(tag);
            if wrapped.pop() == Some(true) {
                out.push_str("</mstyle>");
            }
            continue;
        }
        let empty = tag.ends_with("/>");
        let inner = &tag[1..tag.len() - if empty { 2 } else { 1 }];
        let name_end = inner.find(' ').unwrap_or(inner.len());
        let name = &inner[..name_end];
        let (kept, moved) = split_style_attributes(&inner[name_end..]);
        let wrap = !moved.is_empty() && name != "mstyle" && name != "math";
        if wrap {
            out.push_str(&format!("<mstyle{moved}><{name}{kept}{}", if empty { "/>" } else { ">" }));
        } else {
            out.push_str(tag);
        }
        if empty {
            if wrap {
                out.push_str("</mstyle>");
            }
        } else {
            wrapped.push(wrap);
        }
    }
    out.push_str(rest);
    out
}

/// The attributes ` a="1" b="2"` split into those that stay and `displaystyle`/`scriptlevel`.
fn split_style_attributes(attributes: &str) -> (String, String) {
    let (mut kept, mut moved) = (String::new(), String::new());
    let mut rest = attributes;
    while let Some(eq) = rest.find("=\"") {
        let Some(close) = rest[eq + 2..].find('"') else { break };
        let end = eq + 2 + close + 1;
        let attribute = &rest[..end];
        let name = attribute[..eq].trim();
        let to = if matches!(name, "displaystyle" | "scriptlevel") { &mut moved } else { &mut kept };
        to.push(' ');
        to.push_str(attribute.trim_start());
        rest = &rest[end..];
    }
    kept.push_str(rest.trim_end());
    (kept, moved)
}

/// `latex` as text to search and to quote in search results: symbols as their characters, font
/// and layout commands dropped (their arguments kept), `\frac{a}{b}` as `a/b`, and other commands
/// as their names (`\log` → `log`).
pub fn plain_text(latex: &str) -> String {
    let mut out = String::with_capacity(latex.len());
    // The depths of braces that close a fraction's numerator (to write `/` there).
    let mut numerators: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut skip_group = false;
    let mut chars = latex.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let start = i + 1;
                let mut end = start;
                while let Some(&(j, next)) = chars.peek() {
                    if next.is_ascii_alphabetic() {
                        end = j + 1;
                        chars.next();
                    } else {
                        if end == start {
                            // A one-character command: `\,`, `\{`, `\\` …
                            chars.next();
                            match next {
                                ',' | ';' | ':' | '!' | ' ' | '\\' => out.push(' '),
                                other => out.push(other),
                            }
                        }
                        break;
                    }
                }
                if end == start {
                    continue;
                }
                let name = &latex[start..end];
                if chars.peek().is_some_and(|&(_, c)| c == '*') {
                    chars.next();
                }
                match name {
                    "frac" | "dfrac" | "tfrac" | "cfrac" => numerators.push(depth + 1),
                    "begin" | "end" => skip_group = true,
                    _ => match symbol(name) {
                        Some(symbol) => out.push_str(symbol),
                        None if is_layout(name) => {}
                        None => {
                            out.push_str(name);
                            out.push(' ');
                        }
                    },
                }
            }
            '{' => {
                depth += 1;
                if skip_group {
                    skip_group = false;
                    for (_, c) in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                    depth -= 1;
                }
            }
            '}' => {
                if numerators.last() == Some(&depth) {
                    numerators.pop();
                    out.push('/');
                }
                depth = depth.saturating_sub(1);
            }
            '&' | '~' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Commands that change how their argument looks, not what it says.
fn is_layout(name: &str) -> bool {
    name.starts_with("math")
        || name.starts_with("text")
        || name.starts_with("big")
        || name.starts_with("Big")
        || matches!(
            name,
            "operatorname"
                | "boldsymbol"
                | "bm"
                | "hat"
                | "widehat"
                | "bar"
                | "overline"
                | "underline"
                | "tilde"
                | "widetilde"
                | "vec"
                | "dot"
                | "ddot"
                | "left"
                | "right"
                | "displaystyle"
                | "textstyle"
                | "limits"
                | "nolimits"
                | "quad"
                | "qquad"
                | "label"
                | "nonumber"
        )
}

/// The character of a symbol command.
fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" | "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" | "vartheta" => "θ",
        "iota" => "ι",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "pi" => "π",
        "rho" | "varrho" => "ρ",
        "sigma" => "σ",
        "tau" => "τ",
        "phi" | "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        "sum" => "∑",
        "prod" => "∏",
        "int" => "∫",
        "partial" => "∂",
        "nabla" => "∇",
        "infty" => "∞",
        "cdot" => "·",
        "times" => "×",
        "div" => "÷",
        "pm" => "±",
        "le" | "leq" => "≤",
        "ge" | "geq" => "≥",
        "ne" | "neq" => "≠",
        "approx" => "≈",
        "sim" => "∼",
        "propto" => "∝",
        "equiv" => "≡",
        "in" => "∈",
        "notin" => "∉",
        "subset" => "⊂",
        "subseteq" => "⊆",
        "cup" => "∪",
        "cap" => "∩",
        "to" | "rightarrow" => "→",
        "gets" | "leftarrow" => "←",
        "Rightarrow" | "implies" => "⇒",
        "iff" | "Leftrightarrow" => "⇔",
        "mapsto" => "↦",
        "mid" => "|",
        "forall" => "∀",
        "exists" => "∃",
        "top" | "intercal" => "⊤",
        "dots" | "ldots" | "cdots" => "…",
        "sqrt" => "√",
        "ell" => "ℓ",
        "circ" => "∘",
        "odot" => "⊙",
        "otimes" => "⊗",
        "oplus" => "⊕",
        "langle" => "⟨",
        "rangle" => "⟩",
        "lVert" | "rVert" | "Vert" => "‖",
        "emptyset" | "varnothing" => "∅",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(latex: &str, display: bool) -> Formula {
        let mut typesetter = Typesetter::default();
        let place = Place { whole: 10..12 + latex.len(), latex: Some(11..11 + latex.len()) };
        typesetter.typeset(latex, display, place);
        typesetter.finish().typeset.remove(0)
    }

    #[test]
    fn typesets_the_latex_of_machine_learning_texts() {
        for latex in [
            r"\frac{\partial L}{\partial w} = 6(3w - 6)",
            r"\sum_{i=1}^{n} (y_i - \hat{y}_i)^2",
            r"\int_0^1 x\,dx",
            r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix} \begin{bmatrix} a \\ b \end{bmatrix}",
            r"\mathbf{W} \in \mathbb{R}^{n \times d}",
            r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
            r"\operatorname*{argmax}_\theta \; p(x \mid \theta)",
            r"\nabla_\theta J(\theta) \approx \alpha \beta \Sigma",
            r"\begin{aligned} a &= b + c \\ &= d \end{aligned}",
            r"\hat\beta = (X^\top X)^{-1} X^\top y",
            r"\mathcal{N}(\mu, \sigma^2) \quad \text{for all } x",
            r"\displaystyle \lim_{n \to \infty} \left( 1 + \frac{1}{n} \right)^n = e",
        ] {
            let formula = one(latex, true);
            assert_eq!(formula.problem, None, "{latex}");
            assert!(
                formula
                    .html
                    .starts_with("<span class=\"math-display\" tabindex=\"0\"><math display=\"block\">"),
                "{latex}"
            );
            assert!(!formula.html.contains("merror"), "{latex}");
        }
        assert!(one("x^2", false).html.starts_with("<math><msup>"));
    }

    #[test]
    fn what_cannot_be_typeset_is_reported_at_its_place_and_shown_as_source() {
        let formula = one(r"a + \foo{b}", false);
        let problem = formula.problem.expect("an unknown command is a problem");
        assert_eq!(problem.message, "cannot typeset this formula: Unknown command \"\\foo\".");
        // `\foo` is bytes 4..8 of the LaTeX, which starts at byte 11 of the file.
        assert_eq!(problem.span, 15..19);
        assert_eq!(&*formula.html, "<code class=\"math-source\">$a + \\foo{b}$</code>");

        for latex in [r"\frac{a}{b", "x^2^3", "a & b", r"\begin{nope} x \end{nope}", r"x}"] {
            assert!(one(latex, false).problem.is_some(), "{latex}");
        }
    }

    #[test]
    fn a_problem_without_an_exact_place_points_at_the_whole_formula() {
        let mut typesetter = Typesetter::default();
        typesetter.typeset(r"\frac{a}{b", true, Place { whole: 3..20, latex: None });
        let formulas = typesetter.finish();
        assert_eq!(formulas.problems().next().map(|p| p.span.clone()), Some(3..20));
        assert!(
            formulas
                .html(r"\frac{a}{b", true, 0)
                .contains("<code class=\"math-source\">$$\\frac{a}{b$$</code>")
        );
    }

    #[test]
    fn equation_numbers_run_on_through_the_page() {
        let mut typesetter = Typesetter::default();
        for latex in [r"\begin{align} a &= b \label{first} \end{align}", r"\begin{align} c &= d \end{align}"]
        {
            typesetter.typeset(latex, true, Place { whole: 0..1, latex: None });
        }
        for latex in [r"\eqref{first}", r"\eqref{later}"] {
            typesetter.typeset(latex, false, Place { whole: 0..1, latex: None });
        }
        let formulas = typesetter.finish();
        assert!(formulas.typeset[1].html.contains("<mtext>(2)</mtext>"), "{}", formulas.typeset[1].html);
        assert_eq!(formulas.typeset[2].problem, None);
        assert!(formulas.typeset[2].html.contains("(1)"), "{}", formulas.typeset[2].html);
        assert!(formulas.typeset[3].problem.is_some(), "a reference to no label");
    }

    #[test]
    fn style_attributes_move_to_an_mstyle() {
        let mathml = "<math><mtable displaystyle=\"false\" scriptlevel=\"0\" style=\"x\"><mtr><mtd><mspace \
                      scriptlevel=\"1\"/></mtd></mtr></mtable><mi>x</mi></math>";
        assert_eq!(
            style_in_mstyle(mathml),
            "<math><mstyle displaystyle=\"false\" scriptlevel=\"0\"><mtable style=\"x\"><mtr><mtd>\
             <mstyle scriptlevel=\"1\"><mspace/></mstyle></mtd></mtr></mtable></mstyle><mi>x</mi></math>"
        );
        assert!(!one(r"\begin{pmatrix} 1 \\ 2 \end{pmatrix} \dfrac{1}{2}", false).html.contains("<mtable "));
    }

    #[test]
    fn plain_text_reads_like_the_formula() {
        assert_eq!(plain_text(r"L(w) = (3w - 6)^2"), "L(w) = (3w - 6)^2");
        assert_eq!(plain_text(r"\frac{\partial L}{\partial w}"), "∂ L/∂ w");
        assert_eq!(plain_text(r"\hat{y} = \sigma(\mathbf{W}x + b)"), "y = σ(Wx + b)");
        assert_eq!(plain_text(r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}"), "1 2 3 4");
        assert_eq!(plain_text(r"\operatorname*{argmax}_x \log p(x)"), "argmax_x log p(x)");
        assert_eq!(plain_text(r"\{x \mid x > 0\}"), "{x | x > 0}");
    }
}
