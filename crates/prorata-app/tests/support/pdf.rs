//! What a test reads of a PDF: its text, as pdftotext lays it out.

use std::path::Path;
use std::process::Command;

/// The layout text of a PDF, runs of spaces made one.
pub fn text_of(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", &path.to_string_lossy(), "-"])
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/setup)");
    assert!(out.status.success(), "pdftotext read {}", path.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}
