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
    assert_eq!(list("skippedRoles"), unspool::site::skipped_roles());
    assert_eq!(list("voidElements"), unspool::compact::VOID_ELEMENTS);
    let every = |field: fn(&unspool::site::Site) -> &'static [&'static str]| -> Vec<&str> {
        unspool::SITES
            .iter()
            .flat_map(|s| field(s).iter().copied())
            .collect()
    };
    assert_eq!(list("keptClasses"), every(|s| s.kept_classes));
    assert_eq!(list("keptClassPrefixes"), every(|s| s.kept_class_prefixes));
    assert_eq!(
        list("keptStyleProperties"),
        every(|s| s.kept_style_properties)
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
    for site in unspool::SITES {
        assert!(selector.contains(site.post_selector));
    }
}

/// Every platform of the model has its site entry, found by `site::for_platform`.
#[test]
fn every_platform_has_its_site() {
    use unspool::model::Platform;
    for platform in [Platform::X, Platform::Bluesky, Platform::Mastodon] {
        assert_eq!(unspool::site::for_platform(platform).platform, platform);
    }
}

/// Generic modules name no site: what they know of one comes from its `Site` entry (issue 14).
/// Their code is scanned outside comments and the test module at the end of each file.
#[test]
fn generic_modules_name_no_site() {
    let mut files = vec![
        "src/site.rs".to_string(),
        "src/snapshot.rs".into(),
        "src/compact.rs".into(),
        "src/html_page.rs".into(),
        "src/collect.rs".into(),
    ];
    let render = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
    for entry in std::fs::read_dir(render).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".rs") {
            files.push(format!("src/render/{name}"));
        }
    }
    assert!(files.len() >= 12, "{files:?}");
    for file in files {
        let code = code_outside_tests_and_comments(&read(&file));
        for (line, text) in code.lines().enumerate() {
            if let Some(name) = site_named_in(text) {
                panic!(
                    "{file}: code line {} names a site ({name}): {text}",
                    line + 1
                );
            }
        }
    }
}

/// The file up to its `#[cfg(test)]` module, without comment lines and trailing comments.
fn code_outside_tests_and_comments(source: &str) -> String {
    let mut code = String::new();
    let mut lines = source.lines();
    for line in lines.by_ref() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(") && trimmed.contains("test") {
            break;
        }
        if !trimmed.starts_with("//") {
            code += line.split(" // ").next().unwrap_or("");
        }
        code.push('\n');
    }
    // The test module must be the file's end, so nothing after it goes unscanned.
    let rest: Vec<&str> = lines.collect();
    assert!(
        rest.is_empty() || rest[0].trim_start().starts_with("mod tests"),
        "a test attribute before the end: {:?}",
        rest.first()
    );
    code
}

/// A site's module path, name, host or model variant in one line of code.
fn site_named_in(line: &str) -> Option<&'static str> {
    let lower = line.to_ascii_lowercase();
    let words = [
        "bluesky",
        "mastodon",
        "twitter",
        "bsky",
        "x.com",
        "platform::",
    ];
    if let Some(word) = words.into_iter().find(|w| lower.contains(w)) {
        return Some(word);
    }
    // `x::` as a path, not the end of a longer name (`max::`, `index::`).
    let bytes = line.as_bytes();
    let path = line
        .match_indices("x::")
        .any(|(i, _)| i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
    path.then_some("x::")
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
