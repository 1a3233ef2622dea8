//! Errors. `Display` is the message shown to the user, one problem per line.

use std::fmt;
use std::path::PathBuf;

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Field path such as `apps[1].hostname` or `admin.token_env`; empty for
    /// the top level (the message then says where).
    pub field: String,
    /// What is wrong and what is expected.
    pub message: String,
}

impl Issue {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(thiserror::Error, Debug)]
pub enum ConfigError {
    /// The config file could not be read.
    #[error("{}: cannot read the file: {source}", file.display())]
    Read {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The text is not JSON (or repeats a key). `line` and `column` are
    /// 1-based as reported by serde_json (column 0: before the first character).
    #[error("{}:{line}:{column}: invalid JSON: {message}", file.display())]
    Syntax {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The JSON is well formed but breaks one or more rules; every problem
    /// found is listed. `file` is `None` for values that did not come from a
    /// file (the admin API, `nanojs serve <path>`).
    #[error("{}", Lines(file, issues))]
    Invalid {
        file: Option<PathBuf>,
        issues: Vec<Issue>,
    },
}

impl ConfigError {
    /// The individual problems (one for `Read` and `Syntax`, as text).
    pub fn issues(&self) -> Vec<Issue> {
        match self {
            ConfigError::Invalid { issues, .. } => issues.clone(),
            other => vec![Issue::new("", other.to_string())],
        }
    }
}

struct Lines<'a>(&'a Option<PathBuf>, &'a Vec<Issue>);

impl fmt::Display for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.1.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            if let Some(file) = self.0 {
                write!(f, "{}: ", file.display())?;
            }
            if !issue.field.is_empty() {
                write!(f, "{}: ", issue.field)?;
            }
            f.write_str(&issue.message)?;
        }
        Ok(())
    }
}
