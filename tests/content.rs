//! The repository's own roadmap, checked the way its issue says it will be: every term of the
//! seed on the page where a reader would look for it, every skill page substantial, summarised,
//! levelled and with 2–5 well-formed resources, and no sentence of the seed copied.

use std::collections::HashMap;
use std::path::Path;

use trailmap::site::NodeKind;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn site() -> trailmap::site::Site {
    trailmap::load::load(root(), false).unwrap_or_else(|problems| panic!("{}", problems[0]))
}

/// All the text a reader can find on a page: title, summary, body and resource titles.
fn page_text(node: &trailmap::site::Node) -> String {
    let resources: Vec<&str> = node.resources.iter().map(|r| r.title.as_str()).collect();
    format!("{} {} {} {} {}", node.title, node.summary, node.question, node.body.text, resources.join(" "))
        .to_lowercase()
}

#[test]
fn every_term_of_the_seed_is_on_the_page_a_reader_would_look_at() {
    let site = site();
    let by_id: HashMap<&str, &trailmap::site::Node> = site.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    // (term, the page that must explain it)
    let expected = [
        ("linear algebra", "linear-algebra"),
        ("tensor", "linear-algebra"),
        ("pca", "pca"),
        ("dimensionality reduction", "pca"),
        ("calculus", "calculus"),
        ("gradient", "gradient-descent"),
        ("distribution", "probability-distributions"),
        ("bayes", "bayes-theorem"),
        ("hypothesis test", "hypothesis-testing"),
        ("graph", "discrete-math"),
        ("set", "discrete-math"),
        ("logic", "discrete-math"),
        ("game theory", "game-theory"),
        ("nash equilibrium", "game-theory"),
        ("nash equilibrium", "gans"),
        ("python", "python"),
        ("clean", "python"),
        ("numpy", "numpy"),
        ("pandas", "pandas"),
        ("scikit-learn", "scikit-learn"),
        ("matplotlib", "matplotlib-seaborn"),
        ("seaborn", "matplotlib-seaborn"),
        ("sql", "sql"),
        ("statistical model", "r-language"),
        ("java", "java"),
        ("c++", "cpp"),
        ("data structures", "data-structures-algorithms"),
        ("algorithms", "data-structures-algorithms"),
        ("git", "git-github"),
        ("github", "git-github"),
        ("collection", "data-collection"),
        ("cleaning", "data-cleaning"),
        ("pre-processing", "data-preprocessing"),
        ("imputation", "imputation"),
        ("feature engineering", "feature-engineering"),
        ("supervised", "supervised-learning"),
        ("unsupervised", "unsupervised-learning"),
        ("reinforcement learning", "reinforcement-learning"),
        ("xgboost", "xgboost"),
        ("decision tree", "decision-trees"),
        ("logistic regression", "logistic-regression"),
        ("f1", "f1-score"),
        ("precision", "precision-recall"),
        ("recall", "precision-recall"),
        ("rmse", "rmse"),
        ("validation", "train-validation-test"),
        ("resampling", "resampling"),
        ("neural network", "neural-networks"),
        ("activation function", "activation-functions"),
        ("backpropagation", "backpropagation"),
        ("loss function", "loss-functions"),
        ("optimization", "optimization-algorithms"),
        ("computer vision", "cnn"),
        ("convolutional", "cnn"),
        ("lstm", "rnn-lstm-gru"),
        ("gru", "rnn-lstm-gru"),
        ("sequential data", "rnn-lstm-gru"),
        ("pytorch", "pytorch"),
        ("research", "pytorch"),
        ("tensorflow", "tensorflow-keras"),
        ("keras", "tensorflow-keras"),
        ("deployment", "tensorflow-keras"),
        ("transformer", "transformers"),
        ("attention", "attention-mechanism"),
        ("gan", "gans"),
        ("variational autoencoder", "vaes"),
        ("gpt", "key-llms"),
        ("llama", "key-llms"),
        ("tokeniz", "tokenization"),
        ("pre-training", "pre-training"),
        ("fine-tuning", "fine-tuning"),
        ("peft", "peft"),
        ("rlhf", "rlhf"),
        ("ci/cd", "ci-cd-for-ml"),
        ("docker", "docker"),
        ("kubernetes", "kubernetes"),
        ("mlflow", "mlflow"),
        ("monitoring", "model-monitoring"),
        ("retraining", "model-monitoring"),
        ("aws", "cloud-ai-services"),
        ("azure", "cloud-ai-services"),
        ("gcp", "cloud-ai-services"),
        ("prompt engineering", "prompt-engineering"),
        ("retrieval augmented generation", "rag"),
        ("vector database", "vector-databases"),
        ("non-technical", "explaining-technical-concepts"),
        ("cross-functional", "cross-functional-collaboration"),
        ("responsible ai", "responsible-ai"),
        ("fairness", "responsible-ai"),
        ("bias", "bias-mitigation"),
        ("gdpr", "data-privacy"),
        ("hipaa", "data-privacy"),
        ("explainable ai", "explainable-ai"),
        ("xai", "explainable-ai"),
        ("end-to-end", "hands-on-projects"),
        ("kaggle", "digital-portfolio"),
        ("certification", "certifications"),
        ("problem-solving", "problem-solving"),
        ("critical thinking", "critical-thinking"),
        ("continuous learning", "continuous-learning"),
        ("domain knowledge", "domain-knowledge"),
        ("mlops", "mlops"),
        ("generative ai", "generative-ai"),
        ("large language model", "llms"),
    ];
    let mut missing = Vec::new();
    for (term, id) in expected {
        match by_id.get(id) {
            Some(node) if page_text(node).contains(term) => {}
            Some(_) => missing.push(format!("`{term}` is not on the page `{id}`")),
            None => missing.push(format!("no page `{id}` (for `{term}`)")),
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_skill_page_has_substance_a_summary_a_level_and_resources() {
    let site = site();
    let mut problems = Vec::new();
    let skills: Vec<_> = site.nodes.iter().filter(|n| n.kind == NodeKind::Skill).collect();
    assert!(skills.len() >= 90, "only {} skills", skills.len());
    for node in skills {
        let path = node.source.path.display();
        let words = node.body.text.split_whitespace().count();
        if words < 150 {
            problems.push(format!("{path}: {words} words"));
        }
        if node.summary.trim().is_empty() || node.summary.contains('\n') || node.summary.len() > 160 {
            problems.push(format!("{path}: summary must be one short line"));
        }
        if !node.source.text.lines().any(|l| l.trim_start().starts_with("level =")) {
            problems.push(format!("{path}: no level"));
        }
        if !(2..=5).contains(&node.resources.len()) {
            problems.push(format!("{path}: {} resources", node.resources.len()));
        }
        for resource in &node.resources {
            let host =
                resource.url.strip_prefix("https://").and_then(|rest| rest.split('/').next()).unwrap_or("");
            let well_formed = host.contains('.')
                && !resource.url.contains(char::is_whitespace)
                && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
            if !well_formed {
                problems
                    .push(format!("{path}: resource URL `{}` is not a well-formed https URL", resource.url));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_root_sections_and_faq_are_complete() {
    let site = site();
    let root_node = site.root();
    assert_eq!(root_node.takeaways.len(), 5, "the seed's five key takeaways");
    assert!(root_node.body.text.split_whitespace().count() > 200, "an introduction");
    let sections: Vec<_> = root_node.children.iter().map(|&s| &site.nodes[s]).collect();
    assert_eq!(sections.len(), 5);
    for section in sections {
        assert!(section.question.ends_with('?'), "{} answers a question", section.title);
        assert!(section.body.text.split_whitespace().count() > 100, "{} has an introduction", section.title);
    }
    let faq = site.faq.as_ref().expect("an FAQ");
    let questions: Vec<&str> =
        faq.body.headings.iter().filter(|h| h.level == 2).map(|h| h.text.as_str()).collect();
    assert!(questions.len() >= 8, "the seed's 3 questions and at least 5 more: {questions:?}");
    for topic in ["programming language", "mlops", "ethic"] {
        assert!(questions.iter().any(|q| q.to_lowercase().contains(topic)), "the seed's question on {topic}");
    }
}

/// The seed's words as the copy check sees them: lower case, split at anything but letters,
/// digits and apostrophes.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A stable 64-bit hash (FNV-1a) of a run of words joined by spaces.
fn fingerprint(words: &[String]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            feed(b' ');
        }
        word.bytes().for_each(&mut feed);
    }
    hash
}

/// The hashes of every run of 10 words of the seed, kept in the repository
/// (`tests/seed-shingles.txt`) so that the copy check runs without the seed's text, which is not
/// ours to publish. Where the seed is at hand (`../shared/seed/`), the file is checked against it;
/// `UPDATE_SEED_SHINGLES=1` rewrites it.
fn seed_shingles() -> std::collections::HashSet<u64> {
    let file = root().join("tests/seed-shingles.txt");
    let seed_path = root().join("../shared/seed/ai-engineer-roadmap.txt");
    if let Ok(seed) = std::fs::read_to_string(&seed_path) {
        let mut hashes: Vec<u64> = words(&seed).windows(10).map(fingerprint).collect();
        hashes.sort_unstable();
        hashes.dedup();
        let text: String = std::iter::once(
            "# FNV-1a hashes of every run of 10 words of the seed (tests/content.rs)\n".to_string(),
        )
        .chain(hashes.iter().map(|h| format!("{h:016x}\n")))
        .collect();
        if std::env::var_os("UPDATE_SEED_SHINGLES").is_some() {
            std::fs::write(&file, &text).expect("write tests/seed-shingles.txt");
        }
        let kept = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            kept == text,
            "tests/seed-shingles.txt is not the seed's: rewrite it with UPDATE_SEED_SHINGLES=1"
        );
    }
    let kept = std::fs::read_to_string(&file).expect("tests/seed-shingles.txt is in the repository");
    let hashes: std::collections::HashSet<u64> = kept
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| u64::from_str_radix(l, 16).expect("a hex hash"))
        .collect();
    assert!(hashes.len() > 900, "the seed has about 970 runs of 10 words, found {}", hashes.len());
    hashes
}

#[test]
fn no_sentence_of_the_seed_is_copied() {
    let seed = seed_shingles();
    let site = site();
    let mut ours: Vec<(String, String)> =
        site.nodes.iter().map(|n| (n.source.path.display().to_string(), page_text(n))).collect();
    if let Some(faq) = &site.faq {
        ours.push(("content/faq.md".into(), faq.body.text.to_lowercase()));
    }
    ours.push(("content/_index.md (takeaways)".into(), site.root().takeaways.join(" ").to_lowercase()));
    let mut copied = Vec::new();
    for (path, text) in &ours {
        let words = words(text);
        for window in words.windows(10) {
            if seed.contains(&fingerprint(window)) {
                copied.push(format!("{path}: {}", window.join(" ")));
            }
        }
    }
    assert!(copied.is_empty(), "copied from the seed:\n{}", copied.join("\n"));
}

/// The one year plan (a table on the roadmap's root page) never schedules a skill before its
/// prerequisites: every prerequisite of a planned skill is planned in the same row or an earlier
/// one (so, row after row, the whole trail to every planned skill is in the plan). There is no
/// second plan elsewhere.
#[test]
fn the_year_plan_follows_the_prerequisites() {
    let site = site();
    let root = site.root();
    let text = &root.source.text;
    let start = text.find("## The year plan").expect("a year plan on the root page");
    let rows: Vec<Vec<String>> = text[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            row.split("[[")
                .skip(1)
                .filter_map(|part| part.split(['|', ']']).next())
                .map(str::to_string)
                .collect()
        })
        .collect();
    assert!(rows.len() >= 6, "a plan of several rows: {rows:?}");
    let row_of: HashMap<&str, usize> =
        rows.iter().enumerate().flat_map(|(i, ids)| ids.iter().map(move |id| (id.as_str(), i))).collect();
    let by_id: HashMap<&str, &trailmap::site::Node> = site.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut wrong = Vec::new();
    for (row, ids) in rows.iter().enumerate() {
        for id in ids {
            let node =
                by_id.get(id.as_str()).unwrap_or_else(|| panic!("the plan names `{id}`, which is no page"));
            for prerequisite in &node.prerequisites {
                match row_of.get(prerequisite.id.as_str()) {
                    Some(&at) if at <= row => {}
                    Some(&at) => wrong.push(format!(
                        "`{id}` (row {}) before its prerequisite `{}` (row {})",
                        row + 1,
                        prerequisite.id,
                        at + 1
                    )),
                    None => wrong.push(format!(
                        "`{id}` (row {}) needs `{}`, which the plan leaves out",
                        row + 1,
                        prerequisite.id
                    )),
                }
            }
        }
    }
    assert!(wrong.is_empty(), "the year plan:\n{}", wrong.join("\n"));
    let plans = site
        .nodes
        .iter()
        .filter(|n| n.source.text.contains("| Months |") || n.source.text.contains("|Months|"))
        .count();
    assert_eq!(plans, 1, "one year plan only");
}
