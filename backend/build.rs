// Re-embed migrations when they change, and embed the mail and page templates under frontend/.
use std::path::{Path, PathBuf};

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

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-changed=../frontend/mail");
    println!("cargo:rerun-if-changed=../frontend/pages");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
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
            panic!("cannot write {}: {e}", out.display());
        }
    }
}
