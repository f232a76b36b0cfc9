//! The window's TypeScript calls the commands through ui/src/bindings.ts, generated from
//! the Rust commands. A stale file would let the window call a command with the wrong
//! arguments or read a view with the wrong fields, so this fails when it differs.

#[test]
fn the_committed_typescript_bindings_match_the_rust_commands() {
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    let fresh_path =
        std::env::temp_dir().join(format!("prorata-bindings-{}.ts", std::process::id()));
    prorata_desktop::specta_builder()
        .export(prorata_desktop::bindings_language(), &fresh_path)
        .expect("the commands export to TypeScript");
    let fresh = std::fs::read_to_string(&fresh_path).expect("the export wrote a file");
    let _ = std::fs::remove_file(&fresh_path);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed, &fresh).expect("ui/src/bindings.ts is writable");
        return;
    }
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        current == fresh,
        "ui/src/bindings.ts is stale: the window would call commands that are not there; \
         run `UPDATE_BINDINGS=1 cargo test -p prorata-desktop --test bindings` and commit it"
    );
}
