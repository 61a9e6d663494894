#![allow(clippy::expect_used)]
//! Native extraction benchmark (not a test): parse + snapshot + extract, then each renderer,
//! on X-like and Bluesky-like pages of 10, 100 and 1000 posts. Prints the median of several runs.
//!
//!     node tools/bench-pages.mjs target/bench-pages 10 100 1000
//!     node tools/make-mastodon-fixtures.mjs --bench target/bench-pages 10 100 1000
//!     cargo bench --bench extract
//!
//! (`make bench` does both.) Results go to docs/benchmarks.md with the date and machine.

use std::time::{Duration, Instant};
use unspool::snapshot::Snapshot;
use unspool::{
    bluesky, html_page, mastodon, render, x, ExtractOptions, Format, RenderOptions, Thread,
};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

type Extract = fn(&Snapshot, Option<&str>, &ExtractOptions) -> Result<Thread, unspool::UnrollError>;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-pages");
    let sites: [(&str, &str, Extract); 3] = [
        ("X-like", "posts", x::extract),
        ("Bluesky-like", "bluesky-posts", bluesky::extract),
        ("Mastodon-like", "mastodon", mastodon::extract),
    ];
    for (site, prefix, extract) in sites {
        println!("\n{site} pages\n");
        table(&dir, prefix, extract);
    }
}

fn table(dir: &std::path::Path, prefix: &str, extract: Extract) {
    println!(
        "| posts | page size | parse + snapshot | extract | total | posts/s | MB/s | text | markdown | html | json |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for count in [10usize, 100, 1000] {
        let path = dir.join(format!("{prefix}-{count}.html"));
        let Ok(page) = std::fs::read_to_string(&path) else {
            eprintln!(
                "missing {}: run `node tools/bench-pages.mjs target/bench-pages 10 100 1000` and `node tools/make-mastodon-fixtures.mjs --bench target/bench-pages 10 100 1000`",
                path.display()
            );
            std::process::exit(1);
        };
        let runs = if count >= 1000 { 7 } else { 21 };
        let opts = ExtractOptions::default();
        let snap = html_page::snapshot_from_html(&page).expect("bench page parses");
        let parse = time(runs, || html_page::snapshot_from_html(&page));
        let extract_only = time(runs, || extract(&snap, None, &opts));
        let total = time(runs, || unspool::unroll_html(&page, None, &opts));
        let thread = unspool::unroll_html(&page, None, &opts).expect("bench page unrolls");
        assert_eq!(
            thread.posts.len(),
            count,
            "the benchmark thread must come out whole"
        );
        let r = RenderOptions::default();
        let fmt = |f| ms(time(runs, || render(&thread, f, &r)));
        println!(
            "| {count} | {:.0} KB | {:.1} ms | {:.1} ms | {:.1} ms | {:.0} | {:.0} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms |",
            page.len() as f64 / 1024.0,
            ms(parse),
            ms(extract_only),
            ms(total),
            count as f64 / total.as_secs_f64(),
            page.len() as f64 / 1e6 / total.as_secs_f64(),
            fmt(Format::Text),
            fmt(Format::Markdown),
            fmt(Format::Html),
            fmt(Format::Json),
        );
    }
}
