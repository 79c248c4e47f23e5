//! Embeds the migrations and the mail and page templates under `frontend/`, and builds Veedor's
//! style sheet: GOV.UK Frontend, installed from npm at the version
//! `frontend/package-lock.json` pins, compiled with Veedor's settings (`frontend/styles/`) into
//! `$OUT_DIR/veedor.css`, which `site::assets` embeds. The packages are installed inside
//! `$OUT_DIR`, so a build never writes into the source tree and two builds never share a
//! `node_modules`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let frontend = manifest.join("../frontend");
    let out = PathBuf::from(env("OUT_DIR"));
    println!("cargo:rerun-if-changed=../migrations");
    for watched in [
        "mail",
        "pages",
        "styles",
        "package.json",
        "package-lock.json",
    ] {
        println!("cargo:rerun-if-changed=../frontend/{watched}");
    }
    println!("cargo:rerun-if-env-changed=VEEDOR_NPM");
    embed_templates(&manifest, &out);
    style_sheet(&frontend, &out);
}

/// `MAIL_TEMPLATES` and `PAGE_TEMPLATES`: every file under `frontend/mail` and `frontend/pages`.
fn embed_templates(manifest: &Path, out_dir: &Path) {
    for (folder, constant, file) in [
        ("mail", "MAIL_TEMPLATES", "mail_templates.rs"),
        ("pages", "PAGE_TEMPLATES", "page_templates.rs"),
    ] {
        let dir = manifest.join("../frontend").join(folder);
        let mut files = Vec::new();
        collect(&dir, &dir, &mut files);
        let mut code = format!("pub static {constant}: &[(&str, &str)] = &[\n");
        // Paths from the crate's own directory, not absolute ones: two checkouts that share a
        // build directory (CI's fresh-clone run) then share this file safely.
        for (name, _) in files {
            let relative = format!("/../frontend/{folder}/{name}");
            code.push_str(&format!(
                "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {relative:?}))),\n"
            ));
        }
        code.push_str("];\n");
        let out = out_dir.join(file);
        if let Err(e) = std::fs::write(&out, code) {
            fail(&format!("cannot write {}: {e}", out.display()));
        }
    }
}

/// GOV.UK Frontend with Veedor's settings, compiled into `$OUT_DIR/veedor.css`.
fn style_sheet(frontend: &Path, out: &Path) {
    let packages = out.join("npm");
    install(frontend, &packages);
    let css = out.join("veedor.css");
    run(
        Command::new("node")
            .arg(packages.join("node_modules/sass/sass.js"))
            .args(["--no-source-map", "--style=compressed", "--load-path"])
            .arg(packages.join("node_modules"))
            .arg(frontend.join("styles/veedor.scss"))
            .arg(&css),
        "compile frontend/styles/veedor.scss",
    );
}

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, base, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push((rel.to_string_lossy().replace('\\', "/"), path.clone()));
        }
    }
}

/// `npm ci` into `dir` from the pinned lock file, unless that exact lock is installed there.
fn install(frontend: &Path, dir: &Path) {
    let lock = read(&frontend.join("package-lock.json"));
    let installed = dir.join("installed.lock");
    if std::fs::read(&installed).ok().as_deref() == Some(lock.as_slice()) {
        return;
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        fail(&format!("cannot create {}: {e}", dir.display()));
    }
    for file in ["package.json", "package-lock.json"] {
        if let Err(e) = std::fs::copy(frontend.join(file), dir.join(file)) {
            fail(&format!("cannot copy frontend/{file}: {e}"));
        }
    }
    let npm = std::env::var("VEEDOR_NPM").unwrap_or_else(|_| "npm".into());
    run(
        Command::new(npm).current_dir(dir).args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "--loglevel=error",
        ]),
        "install the design system from npm (GOV.UK Frontend and sass)",
    );
    if let Err(e) = std::fs::write(&installed, &lock) {
        fail(&format!("cannot write {}: {e}", installed.display()));
    }
}

fn run(command: &mut Command, what: &str) {
    match command.status() {
        Ok(status) if status.success() => {}
        Ok(status) => fail(&format!("could not {what}: {status}")),
        Err(e) => fail(&format!(
            "could not {what}: {e}. Veedor's pages need Node.js and npm at build time \
             (Debian: apt install nodejs npm)"
        )),
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())))
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| fail(&format!("cargo did not set {name}")))
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}
