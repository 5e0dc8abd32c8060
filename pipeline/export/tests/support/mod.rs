//! Real servers for the delivery tests (never mocks): the URLs come from
//! `PASSCULTURE_TEST_CLICKHOUSE_URL` / `PASSCULTURE_TEST_POSTGRES_URL` (`.ci/run` starts both);
//! when unset, a server is started here with `.ci/clickhouse.sh` / `.ci/postgres.sh` if its
//! binaries are installed (stopped when the test process ends), else the test is skipped with
//! a loud message — or fails when `PASSCULTURE_REQUIRE_SERVERS=1` (CI).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    ClickHouse,
    Postgres,
}

impl Kind {
    fn env(self) -> &'static str {
        match self {
            Kind::ClickHouse => "PASSCULTURE_TEST_CLICKHOUSE_URL",
            Kind::Postgres => "PASSCULTURE_TEST_POSTGRES_URL",
        }
    }
    fn script(self) -> PathBuf {
        root().join(match self {
            Kind::ClickHouse => ".ci/clickhouse.sh",
            Kind::Postgres => ".ci/postgres.sh",
        })
    }
    fn installed(self) -> bool {
        match self {
            Kind::ClickHouse => which("clickhouse-server") || which("clickhouse"),
            Kind::Postgres => std::fs::read_dir("/usr/lib/postgresql")
                .map(|d| d.filter_map(|e| e.ok()).any(|e| e.path().join("bin/initdb").exists()))
                .unwrap_or(false),
        }
    }
}

fn which(bin: &str) -> bool {
    std::env::var_os("PATH").map(|p| std::env::split_paths(&p).any(|d| d.join(bin).is_file())).unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A server started by a test, stopped on drop.
pub struct Server {
    pub kind: Kind,
    pub dir: tempfile::TempDir,
    pub url: String,
}

impl Server {
    /// Starts a private server (fault tests kill it); `None` when the binaries are absent.
    pub fn start(kind: Kind) -> Option<Server> {
        if !kind.installed() {
            return None;
        }
        let dir = tempfile::Builder::new().prefix("passculture-export-").tempdir_in("/tmp").unwrap();
        let mut cmd = Command::new(kind.script());
        cmd.arg("start").arg(dir.path());
        match kind {
            Kind::ClickHouse => cmd.arg(free_port().to_string()).arg(free_port().to_string()),
            Kind::Postgres => cmd.arg(free_port().to_string()),
        };
        cmd.env("PASSCULTURE_WATCH_PID", std::process::id().to_string());
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{:?} start failed: {}", kind, String::from_utf8_lossy(&out.stderr));
        let url = String::from_utf8(out.stdout).unwrap().trim().to_string();
        Some(Server { kind, dir, url })
    }

    /// Kills the server like a crash (ClickHouse: SIGKILL; PostgreSQL: immediate shutdown).
    pub fn kill(&self) {
        match self.kind {
            Kind::ClickHouse => {
                let pid = std::fs::read_to_string(self.dir.path().join("server.pid")).unwrap();
                let _ = Command::new("kill").arg("-9").arg(pid.trim()).status();
                // Wait until the port is free.
                for _ in 0..100 {
                    if std::net::TcpStream::connect(self.endpoint()).is_err() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
            }
            Kind::Postgres => {
                let _ = Command::new(self.kind.script()).arg("kill").arg(self.dir.path()).status();
            }
        }
    }

    pub fn restart(&self) {
        let out = Command::new(self.kind.script())
            .arg("restart")
            .arg(self.dir.path())
            .env("PASSCULTURE_WATCH_PID", std::process::id().to_string())
            .output()
            .unwrap();
        assert!(out.status.success(), "restart failed: {}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn password(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("password")).unwrap().trim().to_string()
    }

    fn endpoint(&self) -> String {
        self.url.rsplit('@').next().unwrap().trim_start_matches("http://").split('/').next().unwrap().to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new(self.kind.script()).arg("stop").arg(self.dir.path()).status();
    }
}

fn required() -> bool {
    std::env::var("PASSCULTURE_REQUIRE_SERVERS").is_ok_and(|v| v == "1")
}

fn skip(kind: Kind, test: &str) -> Option<String> {
    assert!(
        !required(),
        "{test}: no {kind:?} server: set {} or install the server (PASSCULTURE_REQUIRE_SERVERS=1 forbids skipping)",
        kind.env()
    );
    eprintln!("\n*** SKIPPED {test}: no {kind:?} server ({} unset and the server is not installed) ***\n", kind.env());
    None
}

/// The shared server of this test process: from the environment, else started once here.
pub fn url(kind: Kind, test: &str) -> Option<String> {
    if let Ok(u) = std::env::var(kind.env())
        && !u.is_empty()
    {
        return Some(u);
    }
    static CH: OnceLock<Option<Server>> = OnceLock::new();
    static PG: OnceLock<Option<Server>> = OnceLock::new();
    let cell = match kind {
        Kind::ClickHouse => &CH,
        Kind::Postgres => &PG,
    };
    match cell.get_or_init(|| Server::start(kind)) {
        Some(s) => Some(s.url.clone()),
        None => skip(kind, test),
    }
}

/// A private server for a fault test, or a skip.
pub fn private(kind: Kind, test: &str) -> Option<Server> {
    match Server::start(kind) {
        Some(s) => Some(s),
        None => {
            skip(kind, test);
            None
        }
    }
}
