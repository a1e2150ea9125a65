//! Stage 4, render: the site, its graph and its theme become an [`Output`] (paths to bytes).
//!
//! Templates are compiled once; pages are rendered in parallel, each from its own small context.

mod body;
mod context;
mod feeds;

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::output::Output;
use crate::resolve::Graph;
use crate::site::{NodeKind, Site};
use crate::theme::Theme;
use context::{PageCtx, ReadingOrder, page_ctx, sections, site_ctx};

/// Extra values a caller (the mind map, the dev server) hands to every template.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// Inline mind map of the whole roadmap for the landing page (HTML).
    pub landing_map: String,
    /// Inline mind map per section, by node index (HTML).
    pub section_maps: Vec<String>,
}

/// One page to render: where it goes, with which template and data.
struct Job {
    path: String,
    template: &'static str,
    context: Context,
}

/// Renders every page and copies the theme's static files.
pub fn render(
    site: &Site,
    graph: &Graph,
    theme: &Theme,
    root: &Path,
    extras: &Extras,
) -> Result<Output, Vec<Diagnostic>> {
    let tera = compile(theme, root, &site.config.theme)?;
    let order = ReadingOrder::new(site);
    let site_ctx = site_ctx(site);
    let base = Context::from_serialize(&Wrap { site: &site_ctx })
        .map_err(|e| vec![Diagnostic::file("trailmap.toml", e.to_string())])?;

    let mut jobs: Vec<Job> = Vec::with_capacity(site.nodes.len() + 4);
    let section_list = sections(site);
    for node in 0..site.nodes.len() {
        let page: PageCtx = page_ctx(site, graph, &order, node);
        let mut context = base.clone();
        context.insert("page", &page);
        let (path, template) = match site.nodes[node].kind {
            NodeKind::Root => {
                context.insert("sections", &section_list);
                context.insert("mindmap", &extras.landing_map);
                context.insert("faq", &feeds::faq_entries(site, graph));
                ("index.html".to_string(), "index.html")
            }
            NodeKind::Section => {
                context.insert("mindmap", extras.section_maps.get(node).map_or("", String::as_str));
                (format!("{}index.html", site.nodes[node].path), "section.html")
            }
            NodeKind::Skill => (format!("{}index.html", site.nodes[node].path), "skill.html"),
        };
        jobs.push(Job { path, template, context });
    }
    if let Some(faq) = &site.faq {
        let mut context = base.clone();
        context.insert("faq", &feeds::faq_page(site, graph, faq));
        jobs.push(Job { path: "faq/index.html".into(), template: "faq.html", context });
    }
    jobs.push(Job { path: "404.html".into(), template: "404.html", context: base.clone() });

    let rendered: Vec<Result<(String, String), Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| {
            tera.render(job.template, &job.context)
                .map(|html| (job.path, html))
                .map_err(|error| template_error(root, &site.config.theme, theme, job.template, &error))
        })
        .collect();

    let mut output = Output::new();
    let mut problems = Vec::new();
    for result in rendered {
        match result {
            Ok((path, html)) => {
                if let Err(path) = output.insert(path, html) {
                    problems.push(Diagnostic::file(
                        "content",
                        format!("two pages would be written to public/{path}"),
                    ));
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    for (alias, node) in &graph.aliases {
        let parent = site.nodes[*node].parent.map_or(String::new(), |p| site.nodes[p].path.clone());
        let path = format!("{parent}{alias}/index.html");
        if output.insert(path.clone(), feeds::redirect(site, *node)).is_err() {
            problems.push(Diagnostic::file(
                &site.nodes[*node].source.path,
                format!("alias `{alias}` would overwrite public/{path}"),
            ));
        }
    }
    feeds::add(site, graph, &mut output);
    for (path, bytes) in &theme.statics {
        // Static files may replace generated ones on purpose (a custom robots.txt).
        output.put(path.clone(), bytes.clone());
    }
    if let Some(cname) = &site.config.cname {
        output.put("CNAME", format!("{}\n", cname.trim()));
    }
    problems.sort_by_key(Diagnostic::headline);
    if problems.is_empty() { Ok(output) } else { Err(problems) }
}

#[derive(Serialize)]
struct Wrap<'a, T> {
    site: &'a T,
}

fn compile(theme: &Theme, root: &Path, theme_name: &str) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml", ".svg"]);
    tera.add_raw_templates(theme.templates.iter().map(|(name, text)| (name.as_str(), text.as_str())))
        .map_err(|error| {
            let name = first_template_name(&error).unwrap_or_default();
            vec![template_error(root, theme_name, theme, &name, &error)]
        })?;
    Ok(tera)
}

fn first_template_name(error: &tera::Error) -> Option<String> {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report.filename().to_string())
        }
        tera::ErrorKind::MissingParent { current, .. } => Some(current.clone()),
        _ => None,
    }
}

/// A template problem at its place in the template file.
fn template_error(
    root: &Path,
    theme_name: &str,
    theme: &Theme,
    template: &str,
    error: &tera::Error,
) -> Diagnostic {
    let at = |name: &str, start: usize, end: usize, message: &str| {
        let text = theme.templates.get(name).cloned().unwrap_or_default();
        let file = SourceFile::new(Theme::template_path(root, theme_name, name), text);
        file.error_at(start, end, format!("template error: {message}"))
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() { template } else { report.filename() };
            let range = report.span().range.clone();
            at(name, range.start, range.end, report.message())
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                message = format!("{message}: {inner}");
                source = inner.source();
            }
            // Some checks only come as a formatted report: `error: MESSAGE\n --> NAME:LINE:COL …`.
            if let Some((name, line, column)) = report_location(&message) {
                let text = theme.templates.get(&name).map(String::as_str).unwrap_or_default();
                let start = text.split_inclusive('\n').take(line - 1).map(str::len).sum::<usize>()
                    + text
                        .lines()
                        .nth(line - 1)
                        .map_or(0, |l| l.char_indices().nth(column - 1).map_or(0, |(i, _)| i));
                let first = message.lines().next().unwrap_or_default().trim_start_matches("error: ");
                return at(&name, start, start, first);
            }
            let path = Theme::template_path(root, theme_name, template);
            Diagnostic::file(path, format!("template error: {}", message.lines().next().unwrap_or_default()))
        }
    }
}

/// Finds ` --> name:line:col` in one of Tera's formatted reports.
fn report_location(report: &str) -> Option<(String, usize, usize)> {
    let line = report.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = line.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let row = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.to_string();
    (row >= 1 && column >= 1).then_some((name, row, column))
}
