//! The compact reader (`unspool::compact`) against the content script's format.
//!
//! Every fixture page is parsed with html5ever, written back the way `extension/content.js`
//! writes a page (kept attributes, only four escapes, void elements unclosed, every other element
//! closed), and read with the compact reader: the trees and the extracted threads must be equal.
//! Random trees make the same round trip. The real content script + compact reader pair runs in
//! the browser tests (every fixture unrolled through the extension).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use std::path::Path;
use unspool::compact::{snapshot_from_compact, VOID_ELEMENTS};
use unspool::html_page::snapshot_from_html;
use unspool::snapshot::{NodeId, NodeKind, Snapshot};
use unspool::ExtractOptions;

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn escape_attribute(value: &str) -> String {
    value.replace('&', "&amp;").replace('"', "&quot;")
}

/// The content script's serialisation rules, applied to a snapshot.
fn write_compact(snap: &Snapshot, id: NodeId, out: &mut String) {
    for &child in snap.children(id) {
        match snap.kind(child).unwrap() {
            NodeKind::Text(text) => out.push_str(&escape_text(text)),
            NodeKind::Element { tag, attrs } => {
                out.push('<');
                out.push_str(tag);
                for (name, value) in attrs {
                    out.push_str(&format!(" {name}=\"{}\"", escape_attribute(value)));
                }
                out.push('>');
                if !VOID_ELEMENTS.contains(&tag.as_str()) {
                    write_compact(snap, child, out);
                    out.push_str(&format!("</{tag}>"));
                }
            }
        }
    }
}

/// A tree as one comparable string.
fn shape(snap: &Snapshot, id: NodeId, out: &mut String) {
    for &child in snap.children(id) {
        match snap.kind(child).unwrap() {
            NodeKind::Text(text) => out.push_str(&format!("{text:?}")),
            NodeKind::Element { tag, attrs } => {
                out.push_str(&format!("<{tag} {attrs:?}>"));
                shape(snap, child, out);
                out.push_str("</>");
            }
        }
    }
}

fn shape_of(snap: &Snapshot) -> String {
    let mut out = String::new();
    shape(snap, Snapshot::ROOT, &mut out);
    out
}

#[test]
fn every_fixture_reads_back_to_the_same_tree_and_thread() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let case = entry.unwrap().path();
        let page = std::fs::read_to_string(case.join("page.html")).unwrap();
        let spec: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(case.join("spec.json")).unwrap())
                .unwrap();
        let url = spec["url"].as_str();
        let parsed = snapshot_from_html(&page).unwrap();
        let mut compact = String::new();
        write_compact(&parsed, Snapshot::ROOT, &mut compact);
        let read = snapshot_from_compact(&compact);
        assert_eq!(shape_of(&read), shape_of(&parsed), "{}", case.display());
        let options = ExtractOptions::default();
        let expected = unspool::x::extract(&parsed, url, &options);
        let actual = unspool::x::extract(&read, url, &options);
        assert_eq!(
            format!("{actual:?}"),
            format!("{expected:?}"),
            "{}",
            case.display()
        );
        cases += 1;
    }
    assert!(cases >= 15, "only {cases} fixtures found");
}

#[derive(Debug, Clone)]
enum Tree {
    Text(String),
    Element(String, Vec<(String, String)>, Vec<Tree>),
}

fn tree() -> impl Strategy<Value = Tree> {
    let tag = prop::sample::select(vec![
        "div", "span", "a", "p", "img", "br", "time", "article", "x-cell", "link",
    ]);
    let attr = (
        prop::sample::select(vec![
            "href",
            "data-testid",
            "alt",
            "style",
            "role",
            "onclick",
        ]),
        "[ -~é😀<>&\"']{0,12}",
    );
    let text = "[ -~é😀<>&\"'\n]{1,16}".prop_map(Tree::Text);
    let leaf = prop_oneof![
        text,
        (tag.clone(), prop::collection::vec(attr.clone(), 0..3)).prop_map(|(t, a)| Tree::Element(
            t.to_string(),
            a.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            vec![]
        )),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        (
            tag.clone(),
            prop::collection::vec(attr.clone(), 0..3),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(t, a, children)| {
                let void = VOID_ELEMENTS.contains(&t);
                Tree::Element(
                    t.to_string(),
                    a.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                    if void { vec![] } else { children },
                )
            })
    })
}

fn build(snap: &mut Snapshot, parent: NodeId, tree: &Tree) {
    match tree {
        Tree::Text(text) => snap.push_text(parent, text),
        Tree::Element(tag, attrs, children) => {
            let id = snap.push_element(
                parent,
                tag,
                attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            );
            for child in children {
                build(snap, id, child);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_trees_read_back_unchanged(trees in prop::collection::vec(tree(), 1..4)) {
        let mut original = Snapshot::new();
        for tree in &trees {
            build(&mut original, Snapshot::ROOT, tree);
        }
        let mut compact = String::new();
        write_compact(&original, Snapshot::ROOT, &mut compact);
        prop_assert_eq!(shape_of(&snapshot_from_compact(&compact)), shape_of(&original));
    }

    #[test]
    fn any_input_reads_without_panicking(input in "[<>/=\"& a-z\n😀]{0,200}") {
        let _ = snapshot_from_compact(&input);
    }
}
