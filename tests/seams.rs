//! Checks that keep the two sides of the extension in agreement.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The string list that follows `declaration` in content.js (`["a", "b", …]`).
fn content_script_list(declaration: &str) -> Vec<String> {
    let js = read("extension/content.js");
    let start = js
        .find(declaration)
        .unwrap_or_else(|| panic!("`{declaration}` in content.js"));
    let list = &js[start + declaration.len()..];
    list[..list.find(']').unwrap()]
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The content script strips pages down to the attributes the snapshot keeps; a list that
/// drifted would silently drop what the extractor needs.
#[test]
fn content_script_keeps_exactly_the_snapshot_attributes() {
    assert_eq!(
        content_script_list("const KEPT_ATTRIBUTES = ["),
        unspool::snapshot::KEPT_ATTRIBUTES
    );
}

/// The compact reader must know which elements the content script writes without an end tag.
#[test]
fn content_script_writes_void_elements_the_compact_reader_knows() {
    assert_eq!(
        content_script_list("const VOID = new Set(["),
        unspool::compact::VOID_ELEMENTS
    );
}

/// What the content script leaves out of its snapshots must be what every other way of building
/// one leaves out, or the CLI, the corpus tests and the extension would read different pages.
#[test]
fn content_script_leaves_out_what_the_snapshot_does() {
    assert_eq!(
        content_script_list("const SKIPPED = new Set(["),
        unspool::snapshot::SKIPPED_ELEMENTS
    );
    assert_eq!(
        content_script_list("const SKIPPED_ROLES = new Set(["),
        unspool::snapshot::SKIPPED_ROLES
    );
}

/// Minimal permissions: nothing beyond what the features need, no host access.
#[test]
fn manifest_permissions_stay_minimal() {
    let manifest: serde_json::Value = serde_json::from_str(&read("manifest.json")).unwrap();
    let mut perms: Vec<&str> = manifest["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    perms.sort();
    assert_eq!(
        perms,
        [
            "activeTab",
            "clipboardWrite",
            "contextMenus",
            "scripting",
            "storage"
        ]
    );
    assert!(
        manifest.get("host_permissions").is_none(),
        "no host permissions"
    );
    assert!(manifest.get("optional_host_permissions").is_none());
    assert!(
        manifest.get("content_scripts").is_none(),
        "nothing injected without a click"
    );
    let csp = manifest["content_security_policy"]["extension_pages"]
        .as_str()
        .unwrap();
    assert!(!csp.contains("http"), "no remote code: {csp}");
    assert_eq!(
        manifest["browser_specific_settings"]["gecko"]["data_collection_permissions"]["required"],
        serde_json::json!(["none"])
    );
}
