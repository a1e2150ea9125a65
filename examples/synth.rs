//! Writes a synthetic roadmap for benchmarks: `cargo run --release --example synth -- DIR SECTIONS SKILLS [chains]`
//! makes SECTIONS sections of SKILLS skills each (a tenth of them folders with sub-skills), with
//! realistic bodies (headings, a list, a code block, a table) and three cross-links per skill.
//! Each skill has one prerequisite among the skills before it; with `chains`, the prerequisites
//! instead form long chains (each skill needs the one before it in its section) and wide
//! diamonds (every fifth skill also needs two skills of the section before), so that trails are
//! long and share many steps.
//! With `--math` after the counts, every skill's overview ends in a formula (a sum, a fraction,
//! Greek), written as plain text otherwise, so that the two roadmaps differ only in the math.
//! The same arguments always give the same files.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator, so runs are comparable.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

const WORDS: &[&str] = &[
    "model", "data", "gradient", "layer", "vector", "training", "loss", "feature", "matrix", "signal",
    "network", "sample", "metric", "pipeline", "tensor", "weight", "batch", "kernel", "token", "query",
];

fn sentence(rng: &mut Lcg, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[rng.next(WORDS.len())]);
    }
    let mut chars = s.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or('X');
    format!("{first}{}.", chars.as_str())
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: synth DIR SECTIONS SKILLS_PER_SECTION [--math]";
    let (Some(dir), Some(sections), Some(skills)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let (Ok(sections), Ok(skills)) = (sections.parse::<usize>(), skills.parse::<usize>()) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let flags: Vec<&str> = args.iter().skip(4).map(String::as_str).collect();
    if flags.iter().any(|flag| !matches!(*flag, "chains" | "--chains" | "--math")) {
        eprintln!("{usage}");
        std::process::exit(2);
    }
    let chains = flags.iter().any(|flag| matches!(*flag, "chains" | "--chains"));
    let math = flags.contains(&"--math");
    let dir = Path::new(dir);
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let content = dir.join("content");
    std::fs::create_dir_all(&content)?;
    std::fs::write(
        dir.join("trailmap.toml"),
        format!(
            "title = \"Synthetic roadmap\"\nbase_url = \"https://example.org/\"\ndescription = \"{sections} sections of {skills} skills\"\n"
        ),
    )?;
    std::fs::write(
        content.join("_index.md"),
        "+++\ntitle = \"Synthetic roadmap\"\ndescription = \"A generated roadmap.\"\ntakeaways = [\"One\", \"Two\"]\n+++\n\n## Introduction\n\nGenerated for benchmarks.\n",
    )?;
    std::fs::write(
        content.join("faq.md"),
        "+++\ntitle = \"FAQ\"\n+++\n\n## Is this real?\n\nNo, it is generated.\n",
    )?;

    let total = sections * skills;
    let id = |n: usize| format!("skill-{n}");
    let mut rng = Lcg(42);
    for s in 0..sections {
        let section = content.join(format!("section-{s}"));
        std::fs::create_dir_all(&section)?;
        std::fs::write(
            section.join("_index.md"),
            format!(
                "+++\ntitle = \"Section {s}\"\nquestion = \"What is in section {s}?\"\nweight = {s}\n+++\n\n{}\n",
                sentence(&mut rng, 30)
            ),
        )?;
        // Every tenth skill is a folder that holds the next four as sub-skills.
        let mut folder: Option<std::path::PathBuf> = None;
        for k in 0..skills {
            let n = s * skills + k;
            let path = if k % 10 == 0 && k + 4 < skills {
                let dir = section.join(id(n));
                std::fs::create_dir_all(&dir)?;
                folder = Some(dir.clone());
                dir.join("_index.md")
            } else if let (1..=4, Some(dir)) = (k % 10, &folder) {
                dir.join(format!("{}.md", id(n)))
            } else {
                folder = None;
                section.join(format!("{}.md", id(n)))
            };
            let mut page = String::new();
            let _ = writeln!(page, "+++\ntitle = \"Skill {n}: {}\"", WORDS[n % WORDS.len()]);
            let _ = writeln!(page, "summary = \"{}\"", sentence(&mut rng, 10).trim_end_matches('.'));
            let _ = writeln!(page, "weight = {k}");
            let _ = writeln!(page, "level = \"{}\"", ["core", "core", "optional", "alternative"][n % 4]);
            if chains {
                let mut before = Vec::new();
                if k > 0 {
                    before.push(id(n - 1));
                }
                if k % 5 == 4 && s > 0 {
                    // A diamond: two skills of the section before, which share their own trail.
                    before.push(id((s - 1) * skills + rng.next(skills)));
                    before.push(id((s - 1) * skills + rng.next(skills)));
                    before.dedup();
                }
                let quoted: Vec<String> = before.iter().map(|b| format!("\"{b}\"")).collect();
                if !quoted.is_empty() {
                    let _ = writeln!(page, "prerequisites = [{}]", quoted.join(", "));
                }
            } else if n > 0 {
                let _ = writeln!(page, "prerequisites = [\"{}\"]", id(rng.next(n)));
            }
            let _ = writeln!(page, "related = [\"{}\"]", id(rng.next(total)));
            let _ = writeln!(
                page,
                "resources = [\n  {{ title = \"Docs {n}\", url = \"https://example.org/docs/{n}\", kind = \"docs\" }},\n  {{ title = \"Paper {n}\", url = \"https://example.org/paper/{n}\", kind = \"paper\" }},\n]\n+++\n"
            );
            let links: Vec<String> = (0..3).map(|_| format!("[[{}]]", id(rng.next(total)))).collect();
            let loss = if math {
                format!(
                    "$L(w) = \\frac{{1}}{{n}} \\sum_{{i=1}}^{{n}} (y_i - w x_i)^2 + \\lambda_{{{n}}} \\lVert w \\rVert^2$"
                )
            } else {
                format!("L(w) = 1/n sum_i=1^n (y_i - w x_i)^2 + lambda_{n} ||w||^2")
            };
            let _ = writeln!(
                page,
                "## Overview\n\n{} See {}, {} and {}. Its loss is {loss}.\n",
                sentence(&mut rng, 40),
                links[0],
                links[1],
                links[2]
            );
            let _ = writeln!(
                page,
                "## What to learn first\n\n- {}\n- {}\n- {}\n",
                sentence(&mut rng, 8),
                sentence(&mut rng, 8),
                sentence(&mut rng, 8)
            );
            let _ = writeln!(
                page,
                "## Example\n\n```python\nimport numpy as np\nx = np.arange({n})\nprint(x.mean())\n```\n"
            );
            let _ = writeln!(
                page,
                "| term | meaning |\n|---|---|\n| {} | {} |\n| {} | {} |\n",
                WORDS[n % 20],
                sentence(&mut rng, 5),
                WORDS[(n + 3) % 20],
                sentence(&mut rng, 5)
            );
            let _ = writeln!(page, "## Pitfalls\n\n{}\n", sentence(&mut rng, 50));
            std::fs::write(path, page)?;
        }
    }
    println!("wrote {total} skills in {sections} sections to {}", dir.display());
    Ok(())
}
