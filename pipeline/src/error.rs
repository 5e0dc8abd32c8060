//! The framework's error type. Every variant names the model or source file it concerns;
//! messages are lower-case and say what was expected and what was found.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An output (or a typed read) does not match its schema struct.
    #[error("model {model}: column {column}: expected {expected}, found {found}")]
    SchemaMismatch { model: String, column: String, expected: String, found: String },
    /// A source file is missing, ambiguous or holds a value that cannot be loaded.
    #[error("source {}: {message}", file.display())]
    BadSource { file: PathBuf, message: String },
    /// A model's plan cannot be built (unassigned column, unknown column, …).
    #[error("model {model}: {message}")]
    Plan { model: String, message: String },
    /// A blocking data test failed on a model's output before publication.
    #[error("model {model}: data test `{test}` failed: {message}")]
    DataTest { model: String, test: String, message: String },
    #[error("dependency cycle between models: {0}")]
    Cycle(String),
    #[error("unknown model in selector `{0}`")]
    UnknownSelector(String),
    #[error("model {model}: upstream table {upstream} is not selected and not in the warehouse ({}); select it too (e.g. `+{model}`)", path.display())]
    MissingUpstream { model: String, upstream: String, path: PathBuf },
    #[error("model {model}: {source}")]
    Polars {
        model: String,
        #[source]
        source: polars::prelude::PolarsError,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("warehouse {} is locked by another run (an flock on {})", warehouse.display(), lock.display())]
    Locked { warehouse: PathBuf, lock: PathBuf },
    /// Publishing a generation failed; `state` says what readers see now.
    #[error("warehouse {}: {state}: {message}", warehouse.display())]
    Publish { warehouse: PathBuf, state: String, message: String },
    #[error("invalid run parameters: {0}")]
    Params(String),
    /// Every failure of a run, in DAG order.
    #[error("{} model(s) failed:\n{}", .0.len(), .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    RunFailed(Vec<Error>),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    #[doc(hidden)]
    pub fn polars(model: &str, source: polars::prelude::PolarsError) -> Self {
        Error::Polars { model: model.to_string(), source }
    }

    #[doc(hidden)]
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}
