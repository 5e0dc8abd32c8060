//! The static documentation site: `index.html`, `app.js`, `app.css` (hand-written, no
//! dependency) and the [`Project`] as scripts assigning data (`data.js`, `data/columns-*.js`),
//! so the site works from `file://`, where browsers refuse `fetch`. Pages are hash routes of
//! one document (`#/model/<name>`, `#/graph`, `#/column/<model>.<column>`), which keeps a
//! 5,000-model site to a few dozen files.

use std::io::Write;
use std::path::Path;

use crate::project::Project;

const INDEX: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");

/// Models per column-detail chunk (`data/columns-<k>.js`).
pub const CHUNK: usize = 250;

/// Writes the site into `dir` (created if needed). Returns the number of bytes of data written.
///
/// `data.js` holds everything but columns and tests (names, layers, docs, edges, last run):
/// enough for the model list, model search and the lineage graph, so a large project becomes
/// interactive after parsing a small file. Columns and tests are in `data/columns-<k>.js`
/// chunks of [`CHUNK`] models, loaded by script tags (which, unlike `fetch`, work from
/// `file://`) when a page needs them and in the background after the first page is shown.
pub fn write(project: &Project, dir: &Path) -> std::io::Result<u64> {
    std::fs::create_dir_all(dir.join("data"))?;
    std::fs::write(dir.join("index.html"), INDEX.replace("{{PROJECT}}", &html_escape(&project.name)))?;
    std::fs::write(dir.join("app.js"), APP_JS)?;
    std::fs::write(dir.join("app.css"), APP_CSS)?;
    let mut light = serde_json::to_value(project).map_err(std::io::Error::other)?;
    let models = light["models"].as_array_mut().expect("models");
    let mut details = Vec::with_capacity(models.len());
    for m in models.iter_mut() {
        let o = m.as_object_mut().expect("model object");
        let columns = o.remove("columns").unwrap_or_default();
        let tests = o.remove("tests").unwrap_or_default();
        o.insert("n_columns".into(), columns.as_array().map(|a| a.len()).unwrap_or(0).into());
        details.push(serde_json::json!([columns, tests]));
    }
    light["chunk"] = CHUNK.into();
    let mut bytes = script(&dir.join("data.js"), "window.DOCS = ", &light, ";\n")?;
    // Old chunks of a bigger project must not linger.
    for e in std::fs::read_dir(dir.join("data"))?.flatten() {
        if e.file_name().to_string_lossy().starts_with("columns-") {
            std::fs::remove_file(e.path())?;
        }
    }
    for (k, chunk) in details.chunks(CHUNK).enumerate() {
        bytes += script(
            &dir.join("data").join(format!("columns-{k}.js")),
            &format!("window.__docsChunk({k}, "),
            &serde_json::Value::Array(chunk.to_vec()),
            ");\n",
        )?;
    }
    Ok(bytes)
}

/// `prefix` + JSON (with `</` escaped so no `</script>` can occur) + `suffix`.
fn script(path: &Path, prefix: &str, v: &serde_json::Value, suffix: &str) -> std::io::Result<u64> {
    let json = serde_json::to_string(v).map_err(std::io::Error::other)?.replace("</", "<\\/");
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    f.write_all(prefix.as_bytes())?;
    f.write_all(json.as_bytes())?;
    f.write_all(suffix.as_bytes())?;
    f.flush()?;
    Ok((prefix.len() + json.len() + suffix.len()) as u64)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
