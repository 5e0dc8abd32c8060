//! openlineage
use std::path::Path;
use crate::project::Project;
pub fn write(_p: &Project, file: &Path) -> std::io::Result<usize> { std::fs::write(file, "")?; Ok(0) }
