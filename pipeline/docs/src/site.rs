//! The static documentation site: `index.html`, `app.js`, `app.css` (hand-written, no
//! dependency) and `data.js` (the [`Project`] as one `window.DOCS = …` assignment, so the
//! site works from `file://`, where browsers refuse `fetch`). Pages are hash routes of one
//! document (`#/model/<name>`, `#/graph`, `#/column/<model>.<column>`), which keeps a
//! 5,000-model site to five files.

use std::io::Write;
use std::path::Path;

use crate::project::Project;

const INDEX: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");

/// Writes the site into `dir` (created if needed). Returns the number of bytes of `data.js`.
pub fn write(project: &Project, dir: &Path) -> std::io::Result<u64> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("index.html"), INDEX.replace("{{PROJECT}}", &html_escape(&project.name)))?;
    std::fs::write(dir.join("app.js"), APP_JS)?;
    std::fs::write(dir.join("app.css"), APP_CSS)?;
    let json = serde_json::to_string(project).map_err(std::io::Error::other)?;
    // `</script>` cannot occur in JSON string escapes we emit unless in docs: escape `</`.
    let json = json.replace("</", "<\\/");
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("data.js"))?);
    f.write_all(b"window.DOCS = ")?;
    f.write_all(json.as_bytes())?;
    f.write_all(b";\n")?;
    f.flush()?;
    Ok(json.len() as u64 + 16)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
