//! Prints what the content script must agree on with the snapshot builders (kept attributes,
//! left-out elements and roles, void elements, the post selector) as one line of JSON.
//! tools/build.mjs runs it and injects the result into the content script's bundle, so the
//! content script holds no copy of the Rust tables.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("{}", unspool::site::content_script_spec());
}

// `cargo test --target wasm32-unknown-unknown` builds every binary too; this one is a native
// build tool with nothing to do there.
#[cfg(target_arch = "wasm32")]
fn main() {}
