//! The committed expectations (`expectations.json`) and the comparison of a
//! run against them. Unexpected failures and unexpected passes both count.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};

use crate::runner::{Outcome, Status, Subtest};

/// What a file is expected to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// Every subtest passes.
    Pass,
    /// These subtests fail (sorted); all others pass.
    Fail(Vec<String>),
    /// The file fails as a whole (harness error, timeout); the message is
    /// informative and not compared.
    Harness(String),
    /// Not run, with the reason.
    Skip(String),
}

impl Expectation {
    fn to_json(&self) -> Value {
        match self {
            Expectation::Pass => json!("pass"),
            Expectation::Fail(names) => json!({ "fail": names }),
            Expectation::Harness(msg) => json!({ "harness": msg }),
            Expectation::Skip(reason) => json!({ "skip": reason }),
        }
    }

    fn from_json(file: &str, v: &Value) -> Result<Self> {
        let bad = || {
            anyhow::anyhow!(
                "{file}: expected \"pass\", {{\"fail\": [...]}}, {{\"harness\": \"...\"}} or {{\"skip\": \"...\"}}, got {v}"
            )
        };
        match v {
            Value::String(s) if s == "pass" => Ok(Expectation::Pass),
            Value::Object(o) if o.len() == 1 => {
                let (k, v) = o.iter().next().expect("one entry");
                match (k.as_str(), v) {
                    ("fail", Value::Array(a)) => {
                        let mut names = a
                            .iter()
                            .map(|n| n.as_str().map(str::to_string).ok_or_else(bad))
                            .collect::<Result<Vec<_>>>()?;
                        names.sort();
                        names.dedup();
                        Ok(Expectation::Fail(names))
                    }
                    ("harness", Value::String(s)) => Ok(Expectation::Harness(s.clone())),
                    ("skip", Value::String(s)) => Ok(Expectation::Skip(s.clone())),
                    _ => Err(bad()),
                }
            }
            _ => Err(bad()),
        }
    }

    /// The expectation that matches an outcome exactly.
    pub fn from_outcome(outcome: &Outcome) -> Self {
        match outcome {
            Outcome::Skipped(reason) => Expectation::Skip(reason.clone()),
            Outcome::Ran(r) => match &r.harness_error {
                Some(msg) => Expectation::Harness(msg.clone()),
                None => {
                    let failing = failing_names(&r.subtests);
                    if failing.is_empty() {
                        Expectation::Pass
                    } else {
                        Expectation::Fail(failing.into_iter().collect())
                    }
                }
            },
        }
    }
}

/// Names of subtests that did not pass (a name reported twice fails if either did).
fn failing_names(subtests: &[Subtest]) -> BTreeSet<String> {
    subtests
        .iter()
        .filter(|s| s.status != Status::Pass)
        .map(|s| s.name.clone())
        .collect()
}

/// `expectations.json`: the directories to run and what each file does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expectations {
    /// Directories (or files) relative to the WPT root that the conformance
    /// test runs. Later work adds entries here.
    pub dirs: Vec<String>,
    /// By file path relative to the WPT root.
    pub files: BTreeMap<String, Expectation>,
}

impl Expectations {
    pub fn parse(text: &str) -> Result<Self> {
        let v: Value = serde_json::from_str(text).context("expectations.json is not JSON")?;
        let Some(obj) = v.as_object() else {
            bail!("expectations.json: expected an object with \"dirs\" and \"files\"");
        };
        let dirs = match obj.get("dirs") {
            Some(Value::Array(a)) => a
                .iter()
                .map(|d| {
                    d.as_str()
                        .map(str::to_string)
                        .context("expectations.json: \"dirs\" must hold strings")
                })
                .collect::<Result<Vec<_>>>()?,
            _ => bail!("expectations.json: \"dirs\" must be a list of directories"),
        };
        let mut files = BTreeMap::new();
        if let Some(f) = obj.get("files") {
            let Some(f) = f.as_object() else {
                bail!("expectations.json: \"files\" must be an object");
            };
            for (file, e) in f {
                files.insert(file.clone(), Expectation::from_json(file, e)?);
            }
        }
        Ok(Expectations { dirs, files })
    }

    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("in {}", path.display()))
    }

    pub fn to_json_string(&self) -> String {
        let mut files = Map::new();
        for (k, v) in &self.files {
            files.insert(k.clone(), v.to_json());
        }
        let mut root = Map::new();
        root.insert("dirs".into(), json!(self.dirs));
        root.insert("files".into(), Value::Object(files));
        let mut s = serde_json::to_string_pretty(&Value::Object(root)).expect("JSON");
        s.push('\n');
        s
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_json_string())
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// Whether `file` is covered by `dirs`.
    pub fn covers(&self, file: &str) -> bool {
        self.dirs.iter().any(|d| {
            let d = d.trim_matches('/');
            file == d || file.starts_with(&format!("{d}/"))
        })
    }
}

/// One way a run disagrees with the expectations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The file has no entry in expectations.json.
    NoExpectation { file: String, got: Expectation },
    /// An entry for a file that was not found under the configured dirs.
    StaleFile { file: String },
    /// A subtest expected to pass did not.
    UnexpectedFailure {
        file: String,
        subtest: String,
        got: Status,
        message: String,
    },
    /// A subtest expected to fail passed.
    UnexpectedPass { file: String, subtest: String },
    /// A subtest expected to fail no longer exists.
    MissingSubtest { file: String, subtest: String },
    /// Whole-file disagreement (harness error vs results, skip vs run).
    File {
        file: String,
        expected: String,
        got: String,
    },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::NoExpectation { file, got } => write!(
                f,
                "{file}: not in expectations.json (got {}); run `cargo run -p nanojs-wpt -- update`",
                describe(got)
            ),
            Mismatch::StaleFile { file } => write!(
                f,
                "{file}: in expectations.json but not found under the configured dirs"
            ),
            Mismatch::UnexpectedFailure {
                file,
                subtest,
                got,
                message,
            } => {
                write!(f, "{file}: \"{subtest}\": expected PASS, got {}", got.name())?;
                if !message.is_empty() {
                    write!(f, " ({})", one_line(message))?;
                }
                Ok(())
            }
            Mismatch::UnexpectedPass { file, subtest } => write!(
                f,
                "{file}: \"{subtest}\": expected FAIL, got PASS (unexpected pass: remove it from expectations.json)"
            ),
            Mismatch::MissingSubtest { file, subtest } => write!(
                f,
                "{file}: \"{subtest}\": expected FAIL, but no such subtest ran"
            ),
            Mismatch::File {
                file,
                expected,
                got,
            } => write!(f, "{file}: expected {expected}, got {got}"),
        }
    }
}

fn one_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() > 200 {
        let cut: String = line.chars().take(200).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

fn describe(e: &Expectation) -> String {
    match e {
        Expectation::Pass => "all subtests passing".into(),
        Expectation::Fail(names) => format!("{} failing subtest(s)", names.len()),
        Expectation::Harness(msg) => format!("harness error ({})", one_line(msg)),
        Expectation::Skip(reason) => format!("skip ({reason})"),
    }
}

/// Compares one file's outcome with its expectation.
pub fn compare_file(
    file: &str,
    expected: Option<&Expectation>,
    outcome: &Outcome,
) -> Vec<Mismatch> {
    let got = Expectation::from_outcome(outcome);
    let Some(expected) = expected else {
        return vec![Mismatch::NoExpectation {
            file: file.into(),
            got,
        }];
    };
    let file_mismatch = |expected: &Expectation| {
        vec![Mismatch::File {
            file: file.into(),
            expected: describe(expected),
            got: describe(&got),
        }]
    };
    match (expected, outcome) {
        (Expectation::Skip(_), Outcome::Skipped(_)) => vec![],
        (Expectation::Skip(_), _) | (_, Outcome::Skipped(_)) => file_mismatch(expected),
        (Expectation::Harness(_), Outcome::Ran(r)) => {
            if r.harness_error.is_some() {
                vec![]
            } else {
                file_mismatch(expected)
            }
        }
        (Expectation::Pass | Expectation::Fail(_), Outcome::Ran(r)) => {
            if r.harness_error.is_some() {
                return file_mismatch(expected);
            }
            let expected_failing: BTreeSet<&str> = match expected {
                Expectation::Fail(names) => names.iter().map(String::as_str).collect(),
                _ => BTreeSet::new(),
            };
            let failing = failing_names(&r.subtests);
            let present: BTreeSet<&str> = r.subtests.iter().map(|s| s.name.as_str()).collect();
            let mut out = Vec::new();
            let mut reported = BTreeSet::new();
            for s in &r.subtests {
                if s.status != Status::Pass
                    && !expected_failing.contains(s.name.as_str())
                    && reported.insert(s.name.as_str())
                {
                    out.push(Mismatch::UnexpectedFailure {
                        file: file.into(),
                        subtest: s.name.clone(),
                        got: s.status,
                        message: s.message.clone(),
                    });
                }
            }
            for name in expected_failing {
                if !present.contains(name) {
                    out.push(Mismatch::MissingSubtest {
                        file: file.into(),
                        subtest: name.into(),
                    });
                } else if !failing.contains(name) {
                    out.push(Mismatch::UnexpectedPass {
                        file: file.into(),
                        subtest: name.into(),
                    });
                }
            }
            out
        }
    }
}

/// Compares a whole run (`(file, outcome)` for every file found under the
/// configured dirs) with the expectations.
pub fn compare(expectations: &Expectations, results: &[(String, Outcome)]) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let seen: BTreeSet<&str> = results.iter().map(|(f, _)| f.as_str()).collect();
    for (file, outcome) in results {
        out.extend(compare_file(file, expectations.files.get(file), outcome));
    }
    for file in expectations.files.keys() {
        if expectations.covers(file) && !seen.contains(file.as_str()) {
            out.push(Mismatch::StaleFile { file: file.clone() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::FileResult;

    fn ran(subtests: &[(&str, Status)]) -> Outcome {
        Outcome::Ran(FileResult {
            subtests: subtests
                .iter()
                .map(|(n, s)| Subtest {
                    name: n.to_string(),
                    status: *s,
                    message: if *s == Status::Pass {
                        String::new()
                    } else {
                        "assert_equals: expected 1 but got 2".into()
                    },
                })
                .collect(),
            ..Default::default()
        })
    }

    fn harness_error() -> Outcome {
        Outcome::Ran(FileResult {
            harness_error: Some("ERROR: boom".into()),
            ..Default::default()
        })
    }

    #[test]
    fn parse_and_serialize_round_trip() {
        let text = r#"{
  "dirs": ["url", "dom/events"],
  "files": {
    "url/a.any.js": "pass",
    "url/b.any.js": {"fail": ["z", "a"]},
    "url/c.any.js": {"harness": "TIMEOUT"},
    "url/d.any.js": {"skip": "serviceworker only"}
  }
}"#;
        let e = Expectations::parse(text).unwrap();
        assert_eq!(e.dirs, vec!["url", "dom/events"]);
        assert_eq!(
            e.files["url/b.any.js"],
            Expectation::Fail(vec!["a".into(), "z".into()])
        );
        assert_eq!(Expectations::parse(&e.to_json_string()).unwrap(), e);
        assert!(Expectations::parse(r#"{"dirs": [], "files": {"x": "fail"}}"#).is_err());
        assert!(Expectations::parse(r#"{"files": {}}"#).is_err());
    }

    #[test]
    fn matching_results_have_no_mismatch() {
        let out = ran(&[("a", Status::Pass), ("b", Status::Fail)]);
        let exp = Expectation::Fail(vec!["b".into()]);
        assert!(compare_file("f", Some(&exp), &out).is_empty());
        assert_eq!(Expectation::from_outcome(&out), exp);
        let all = ran(&[("a", Status::Pass)]);
        assert!(compare_file("f", Some(&Expectation::Pass), &all).is_empty());
    }

    #[test]
    fn unexpected_failure_is_reported() {
        let out = ran(&[("a", Status::Pass), ("b", Status::Timeout)]);
        let m = compare_file("f.any.js", Some(&Expectation::Pass), &out);
        assert_eq!(m.len(), 1);
        assert!(matches!(
            &m[0],
            Mismatch::UnexpectedFailure { subtest, got: Status::Timeout, .. } if subtest == "b"
        ));
        let text = m[0].to_string();
        assert!(
            text.contains("f.any.js") && text.contains("\"b\""),
            "{text}"
        );
        assert!(text.contains("expected PASS, got TIMEOUT"), "{text}");
    }

    #[test]
    fn unexpected_pass_is_reported() {
        let out = ran(&[("a", Status::Pass), ("b", Status::Pass)]);
        let exp = Expectation::Fail(vec!["b".into()]);
        let m = compare_file("f", Some(&exp), &out);
        assert_eq!(
            m,
            vec![Mismatch::UnexpectedPass {
                file: "f".into(),
                subtest: "b".into()
            }]
        );
        assert!(m[0].to_string().contains("expected FAIL, got PASS"));
    }

    #[test]
    fn vanished_subtest_is_reported() {
        let out = ran(&[("a", Status::Pass)]);
        let exp = Expectation::Fail(vec!["gone".into()]);
        let m = compare_file("f", Some(&exp), &out);
        assert!(matches!(&m[..], [Mismatch::MissingSubtest { subtest, .. }] if subtest == "gone"));
    }

    #[test]
    fn harness_errors() {
        let exp = Expectation::Harness("ERROR: something else".into());
        assert!(compare_file("f", Some(&exp), &harness_error()).is_empty());
        // Harness recovered: that is an unexpected pass of the file.
        assert_eq!(
            compare_file("f", Some(&exp), &ran(&[("a", Status::Pass)])).len(),
            1
        );
        // Harness broke where results were expected.
        assert_eq!(
            compare_file("f", Some(&Expectation::Pass), &harness_error()).len(),
            1
        );
    }

    #[test]
    fn skips() {
        let skipped = Outcome::Skipped("serviceworker only".into());
        let exp = Expectation::Skip("x".into());
        assert!(compare_file("f", Some(&exp), &skipped).is_empty());
        assert_eq!(
            compare_file("f", Some(&Expectation::Pass), &skipped).len(),
            1
        );
        assert_eq!(
            compare_file("f", Some(&exp), &ran(&[("a", Status::Pass)])).len(),
            1
        );
    }

    #[test]
    fn missing_and_stale_files() {
        let e = Expectations {
            dirs: vec!["url".into()],
            files: BTreeMap::from([
                ("url/old.any.js".to_string(), Expectation::Pass),
                ("other/x.any.js".to_string(), Expectation::Pass),
            ]),
        };
        let results = vec![("url/new.any.js".to_string(), ran(&[("a", Status::Pass)]))];
        let m = compare(&e, &results);
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m.iter().any(
            |m| matches!(m, Mismatch::NoExpectation { file, .. } if file == "url/new.any.js")
        ));
        assert!(m
            .iter()
            .any(|m| matches!(m, Mismatch::StaleFile { file } if file == "url/old.any.js")));
        assert!(m[0].to_string().contains("not in expectations.json"));
    }

    #[test]
    fn duplicate_subtest_names_fail_if_any_fails() {
        let out = ran(&[("a", Status::Pass), ("a", Status::Fail)]);
        assert_eq!(
            Expectation::from_outcome(&out),
            Expectation::Fail(vec!["a".into()])
        );
        assert!(compare_file("f", Some(&Expectation::Fail(vec!["a".into()])), &out).is_empty());
    }
}
