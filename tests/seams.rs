//! Checks that keep the two sides of the extension in agreement.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The content script's lists are generated from the Rust tables (`snapshot-spec`, run by
/// tools/build.mjs): the spec must carry exactly those tables, and the content script must hold
/// no copy of its own that could drift from them.
#[test]
fn content_script_spec_is_the_snapshot_tables() {
    let spec = unspool::site::content_script_spec();
    let list = |key: &str| -> Vec<String> { serde_json::from_value(spec[key].clone()).unwrap() };
    assert_eq!(list("keptAttributes"), unspool::site::kept_attributes());
    assert_eq!(list("skippedElements"), unspool::snapshot::SKIPPED_ELEMENTS);
    assert_eq!(list("skippedRoles"), unspool::snapshot::SKIPPED_ROLES);
    assert_eq!(list("voidElements"), unspool::compact::VOID_ELEMENTS);
    assert_eq!(
        list("keptClassPrefixes"),
        unspool::x::markup::ARTICLE_CLASS_PREFIXES
    );
    assert_eq!(
        list("keptStyleProperties"),
        unspool::x::markup::ARTICLE_MARK_STYLE_PROPERTIES
    );
    // The entry and its modules (extension/content/, bundled into the one injected file).
    let mut js = read("extension/content.js");
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/content");
    let mut names: Vec<_> = std::fs::read_dir(&modules)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".js"))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "the content script's modules: {names:?}");
    for name in names {
        js += &read(&format!("extension/content/{name}"));
    }
    for name in [
        "\"data-testid\"",
        "\"svg\"",
        "\"wbr\"",
        "\"article\"",
        "x.com",
        "longform-",
        "font-weight",
    ] {
        assert!(!js.contains(name), "the content script names {name} itself");
    }
}

/// Every site's posts are found by the content script's selector.
#[test]
fn content_script_finds_every_sites_posts() {
    let spec = unspool::site::content_script_spec();
    let selector = spec["postSelector"].as_str().unwrap();
    for site in unspool::site::SITES {
        assert!(selector.contains(site.post_selector));
    }
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
