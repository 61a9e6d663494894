//! Prints what the content script must agree on with the snapshot builders (kept attributes,
//! left-out elements and roles, void elements, the post selector) as one line of JSON.
//! tools/build.mjs runs it and injects the result into the content script's bundle, so the
//! content script holds no copy of the Rust tables.

fn main() {
    println!("{}", unspool::site::content_script_spec());
}
