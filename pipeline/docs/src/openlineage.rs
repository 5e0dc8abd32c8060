//! OpenLineage run events (spec 2-0-2) for the last run: per model, a `START` then a
//! `COMPLETE`, `FAIL` (with an `errorMessage` run facet) or `ABORT` (not run: an upstream
//! failed) event. The job is the model (`namespace` = the project); inputs are
//! the model's input datasets; the output dataset carries a `schema` facet (its columns and
//! types) and a `columnLineage` facet (each column's derived upstream columns). Datasets are
//! named `<layer>.<model>` in namespace `warehouse://<project>`; sources are
//! `<dir>.<table>` in `file://sources`.
//!
//! Events are written as JSON lines (`docs --openlineage-file`), one event per line.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::project::{Model, Project, split_ref};

const PRODUCER: &str = "https://github.com/passculture/passculture-marts/tree/main/pipeline/docs";
const EVENT_SCHEMA: &str = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const SCHEMA_FACET: &str = "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
const LINEAGE_FACET: &str =
    "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet";
const ERROR_FACET: &str =
    "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";

fn namespace(p: &Project, m: &Model) -> String {
    if m.layer == "source" { "file://sources".into() } else { format!("warehouse://{}", p.name) }
}

fn dataset_name(m: &Model) -> String {
    if m.layer == "source" { m.name.clone() } else { format!("{}.{}", m.layer, m.name) }
}

/// A UUID (version 4 layout) derived from `seed`, so reruns of `docs` give stable ids.
fn uuid(seed: &str) -> String {
    let mut h: [u64; 2] = [0xcbf29ce484222325, 0x84222325cbf29ce4];
    for (i, b) in seed.bytes().enumerate() {
        let k = i % 2;
        h[k] ^= b as u64;
        h[k] = h[k].wrapping_mul(0x100000001b3);
        h[1 - k] = h[1 - k].rotate_left(5) ^ h[k];
    }
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&h[0].to_be_bytes());
    bytes[8..].copy_from_slice(&h[1].to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

fn dataset(p: &Project, m: &Model) -> Value {
    json!({"namespace": namespace(p, m), "name": dataset_name(m), "facets": {}})
}

/// The output dataset of model `m`, with schema and column-lineage facets.
fn output(p: &Project, m: &Model) -> Value {
    let fields: Vec<Value> =
        m.columns.iter().map(|c| json!({"name": c.name, "type": c.logical, "description": c.doc})).collect();
    let mut lineage = serde_json::Map::new();
    for c in &m.columns {
        let inputs: Vec<Value> = c
            .reads
            .iter()
            .filter_map(|r| {
                let (model, column) = split_ref(r);
                let up = p.get(model)?;
                Some(json!({"namespace": namespace(p, up), "name": dataset_name(up), "field": column}))
            })
            .collect();
        if inputs.is_empty() {
            continue;
        }
        let (kind, desc) = match c.derivation {
            crate::lineage::Derivation::Pass => ("IDENTITY", "pass-through"),
            _ => ("TRANSFORMED", "computed from the input fields"),
        };
        lineage.insert(
            c.name.clone(),
            json!({"inputFields": inputs, "transformationType": kind, "transformationDescription": desc}),
        );
    }
    json!({
        "namespace": namespace(p, m),
        "name": dataset_name(m),
        "facets": {
            "schema": {"_producer": PRODUCER, "_schemaURL": SCHEMA_FACET, "fields": fields},
            "columnLineage": {"_producer": PRODUCER, "_schemaURL": LINEAGE_FACET, "fields": lineage},
        }
    })
}

/// The events of the project's last run: START then COMPLETE/FAIL per model that ran, in DAG
/// order (without any run result, one START/COMPLETE pair per model, stamped at generation
/// time).
pub fn events(p: &Project) -> Vec<Value> {
    let end: DateTime<Utc> =
        DateTime::parse_from_rfc3339(&p.generated_at).map(|d| d.with_timezone(&Utc)).unwrap_or_else(|_| Utc::now());
    let any_run = p.models.iter().any(|m| m.last_run.is_some());
    let mut out = Vec::new();
    for m in p.models.iter().filter(|m| m.layer != "source" && (!any_run || m.last_run.is_some())) {
        let run_id = uuid(&format!("{}/{}/{}", p.name, p.run.as_ref().map(|r| r.as_of.as_str()).unwrap_or(""), m.name));
        let seconds = m.last_run.as_ref().map(|r| r.seconds).unwrap_or(0.0);
        let start = end - Duration::microseconds((seconds * 1e6) as i64);
        let inputs: Vec<Value> = m.inputs.iter().filter_map(|i| p.get(i)).map(|u| dataset(p, u)).collect();
        let job = json!({"namespace": format!("build-marts://{}", p.name), "name": m.name, "facets": {}});
        let status = m.last_run.as_ref().map(|r| r.status.as_str()).unwrap_or("success");
        // A model not run because an upstream failed is ABORTed; any other non-success FAILs.
        let (failed, end_type) = match status {
            "success" => (false, "COMPLETE"),
            "skipped" => (false, "ABORT"),
            _ => (true, "FAIL"),
        };
        out.push(json!({
            "eventType": "START",
            "eventTime": start.to_rfc3339(),
            "producer": PRODUCER,
            "schemaURL": EVENT_SCHEMA,
            "run": {"runId": run_id, "facets": {}},
            "job": job,
            "inputs": inputs,
            "outputs": [dataset(p, m)],
        }));
        let mut run_facets = json!({});
        if failed {
            let msg = m.last_run.as_ref().and_then(|r| r.message.clone()).unwrap_or_else(|| "failed".into());
            run_facets["errorMessage"] = json!({"_producer": PRODUCER, "_schemaURL": ERROR_FACET, "message": msg, "programmingLanguage": "rust"});
        }
        out.push(json!({
            "eventType": end_type,
            "eventTime": end.to_rfc3339(),
            "producer": PRODUCER,
            "schemaURL": EVENT_SCHEMA,
            "run": {"runId": run_id, "facets": run_facets},
            "job": job,
            "inputs": inputs,
            "outputs": [output(p, m)],
        }));
    }
    out
}

/// Writes the project's events as JSON lines; returns how many.
pub fn write(p: &Project, file: &Path) -> std::io::Result<usize> {
    let events = events(p);
    write_events(&events, file)?;
    Ok(events.len())
}

/// Writes events as JSON lines, one per line.
pub fn write_events(events: &[Value], file: &Path) -> std::io::Result<()> {
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::io::BufWriter::new(std::fs::File::create(file)?);
    for e in events {
        serde_json::to_writer(&mut f, e).map_err(std::io::Error::other)?;
        f.write_all(b"\n")?;
    }
    f.flush()
}

/// POSTs one event to an OpenLineage HTTP endpoint (`http://host[:port][/path]`; the path
/// defaults to `/api/v1/lineage`), as the HTTP transport of the OpenLineage clients does.
/// Plain HTTP only (std only, no TLS); any non-2xx answer is an error.
pub fn post(url: &str, event: &Value) -> Result<(), String> {
    use std::io::Read;
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("{url}: only http:// endpoints are supported"))?;
    let (host, path) = match rest.find('/') {
        Some(i) if i + 1 < rest.len() => (&rest[..i], &rest[i..]),
        Some(i) => (&rest[..i], "/api/v1/lineage"),
        None => (rest, "/api/v1/lineage"),
    };
    let addr = if host.contains(':') { host.to_string() } else { format!("{host}:80") };
    let body = serde_json::to_vec(event).map_err(|e| e.to_string())?;
    let mut s = std::net::TcpStream::connect(&addr).map_err(|e| format!("{host}: {e}"))?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(30))).map_err(|e| e.to_string())?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).and_then(|_| s.write_all(&body)).map_err(|e| format!("{host}: {e}"))?;
    let mut answer = String::new();
    s.read_to_string(&mut answer).map_err(|e| format!("{host}: {e}"))?;
    let status = answer.lines().next().unwrap_or_default();
    let code: u16 = status.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    if (200..300).contains(&code) { Ok(()) } else { Err(format!("{host}{path} answered `{status}`")) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = super::uuid("x/y/z");
        assert_eq!(a, super::uuid("x/y/z"));
        assert_ne!(a, super::uuid("x/y/w"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }
}
