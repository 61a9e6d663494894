//! The author's own numbering: "1/", "2/12", "(3/n)", "[4/10]", "5/12 🧵", at the start or the
//! end of a post. Recognised numbers go on each post; gaps become a warning, because a missing
//! number is the surest sign that a post did not make it into the thread.

use crate::model::{PostNumber, Thread, Warning, WarningCode};

/// Finds the numbering marker in a post's text.
pub fn find(text: &str) -> Option<PostNumber> {
    find_at_start(text).or_else(|| find_at_end(text))
}

fn find_at_start(text: &str) -> Option<PostNumber> {
    let lead = text.len() - skip_decoration(text).len();
    let (mut number, len) = parse_marker(&text[lead..])?;
    let after = &text[lead + len..];
    // "1/2 cup of flour" is not numbering; the marker must stand alone.
    if !after.is_empty()
        && !after.starts_with(|c: char| c.is_whitespace() || c == ':' || c == '.' || c == ')')
    {
        return None;
    }
    number.start = lead;
    number.end = lead + len;
    Some(number)
}

fn find_at_end(text: &str) -> Option<PostNumber> {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || is_thread_emoji(c));
    // The marker is the last word.
    let word_start = trimmed
        .rfind(char::is_whitespace)
        .map(|i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    if word_start == 0 {
        return None; // the whole text: already tried from the start
    }
    let (mut number, len) = parse_marker(&trimmed[word_start..])?;
    if word_start + len != trimmed.len() {
        return None;
    }
    number.start = word_start;
    number.end = word_start + len;
    Some(number)
}

fn is_thread_emoji(c: char) -> bool {
    matches!(c, '🧵' | '👇' | '⬇' | '\u{fe0f}')
}

fn skip_decoration(text: &str) -> &str {
    text.trim_start_matches(|c: char| c.is_whitespace() || is_thread_emoji(c))
}

/// Parses `N/`, `N/M`, `N/n`, optionally in `()` or `[]`; returns the number and bytes used.
fn parse_marker(s: &str) -> Option<(PostNumber, usize)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let close = match bytes.first() {
        Some(b'(') => Some(b')'),
        Some(b'[') => Some(b']'),
        _ => None,
    };
    if close.is_some() {
        i += 1;
    }
    let digits_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() && i - digits_start < 4 {
        i += 1;
    }
    if i == digits_start || bytes.get(i) != Some(&b'/') {
        return None;
    }
    let index: u32 = s[digits_start..i].parse().ok()?;
    i += 1;
    let total_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() && i - total_start < 4 {
        i += 1;
    }
    let total = if i > total_start {
        Some(s[total_start..i].parse::<u32>().ok()?)
    } else {
        if matches!(bytes.get(i), Some(b'n' | b'N')) {
            i += 1;
        }
        None
    };
    if let Some(c) = close {
        if bytes.get(i) != Some(&c) {
            return None;
        }
        i += 1;
    }
    if index == 0 || total.is_some_and(|t| t < index) {
        return None;
    }
    Some((
        PostNumber {
            index,
            total,
            start: 0,
            end: i,
        },
        i,
    ))
}

/// The text without its numbering marker, for the "strip numbering" option.
pub fn strip(text: &str, number: Option<&PostNumber>) -> String {
    match number {
        Some(n)
            if n.end <= text.len()
                && text.is_char_boundary(n.start)
                && text.is_char_boundary(n.end) =>
        {
            let before = text[..n.start].trim_end_matches(|c: char| c == ' ' || is_thread_emoji(c));
            let after = text[n.end..].trim_start_matches([' ', ':', '.']);
            let after = after.trim_start_matches(' ');
            match (before.is_empty(), after.is_empty()) {
                (true, _) => after.trim_start().to_string(),
                (false, true) => before.trim_end().to_string(),
                (false, false) => format!("{before} {after}"),
            }
        }
        _ => text.to_string(),
    }
}

/// Numbers each post and warns about gaps in the author's numbering.
pub fn annotate(thread: &mut Thread) {
    for post in &mut thread.posts {
        post.number = find(&post.text);
    }
    // (position in the thread, number): the numbers are evidence of where posts belong.
    let numbered: Vec<(usize, &PostNumber)> = thread
        .posts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.number.as_ref().map(|n| (i, n)))
        .collect();
    // One stray "1/2" is not a numbering scheme.
    if numbered.len() < 2 {
        return;
    }
    let highest_seen = numbered.iter().map(|(_, n)| n.index).max().unwrap_or(0);
    let announced = numbered.iter().filter_map(|(_, n)| n.total).max();
    let last = announced.unwrap_or(highest_seen).max(highest_seen);
    let gaps = gaps(&numbered, thread.posts.len(), announced);
    if gaps.is_empty() {
        return;
    }
    thread.warn(
        Warning::new(WarningCode::MissingNumbers)
            .count(last as usize)
            .missing(gaps.iter().map(|g| [g.from, g.to]).collect()),
    );
}

/// Numbers that no collected post can carry. Authors often number only some posts (the first,
/// every tenth, the last): unnumbered posts between two numbers fill the numbers between, so a
/// gap is only where too few posts lie between two numbered ones, or where the chain ends
/// before the announced total.
fn gaps(numbered: &[(usize, &PostNumber)], posts: usize, total: Option<u32>) -> Vec<Gap> {
    let mut out = Vec::new();
    if let Some(&(pos, first)) = numbered.first() {
        push_gap(&mut out, 1, first.index, count(pos));
    }
    for pair in numbered.windows(2) {
        let [(a, k), (b, m)] = [pair[0], pair[1]];
        // A number that does not go up is another count (a list inside a post, mixed styles).
        if m.index > k.index {
            push_gap(&mut out, k.index + 1, m.index, count(b - a - 1));
        }
    }
    if let (Some(&(pos, last)), Some(n)) = (numbered.last(), total) {
        let after = count(posts.saturating_sub(pos + 1));
        let first_unaccounted = last.index.saturating_add(after).saturating_add(1);
        if first_unaccounted <= n {
            out.push(Gap {
                from: first_unaccounted,
                to: n,
            });
        }
    }
    out
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Numbers `from..until` need `until - from` posts; `present` posts lie there.
fn push_gap(out: &mut Vec<Gap>, from: u32, until: u32, present: u32) {
    let needed = until.saturating_sub(from);
    if present < needed {
        // Which of the numbers lack a post is unknown when some posts lie there: the whole
        // range "may be missing".
        out.push(Gap {
            from,
            to: until - 1,
        });
    }
}

/// Some of the numbers `from..=to` have no post.
struct Gap {
    from: u32,
    to: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx(text: &str) -> Option<(u32, Option<u32>)> {
        find(text).map(|n| (n.index, n.total))
    }

    #[test]
    fn recognises_common_markers() {
        assert_eq!(idx("1/ Here we go"), Some((1, None)));
        assert_eq!(idx("2/12 Next"), Some((2, Some(12))));
        assert_eq!(idx("(3/n) more"), Some((3, None)));
        assert_eq!(idx("[4/10] more"), Some((4, Some(10))));
        assert_eq!(idx("🧵 1/5 A thread"), Some((1, Some(5))));
        assert_eq!(idx("And that is all. 12/12"), Some((12, Some(12))));
        assert_eq!(idx("The end 7/7 🧵"), Some((7, Some(7))));
        assert_eq!(idx("1/2: halves"), Some((1, Some(2))));
    }

    #[test]
    fn ignores_fractions_dates_and_urls() {
        assert_eq!(idx("1/2 cup of flour is 1/2cup"), Some((1, Some(2))));
        assert_eq!(idx("1/2cup"), None);
        assert_eq!(idx("Meet on 12/25/2026"), None);
        assert_eq!(idx("see https://a.b/1/2"), None);
        assert_eq!(idx("0/5 nothing"), None);
        assert_eq!(idx("5/3 odd"), None);
        assert_eq!(idx("no numbers here"), None);
        assert_eq!(idx("12/"), Some((12, None)));
    }

    #[test]
    fn strips_the_marker_only() {
        let t = "2/12 Next point";
        assert_eq!(strip(t, find(t).as_ref()), "Next point");
        let t = "That's it. 12/12";
        assert_eq!(strip(t, find(t).as_ref()), "That's it.");
        let t = "🧵 1/ Start";
        assert_eq!(strip(t, find(t).as_ref()), "Start");
        assert_eq!(strip("plain", None), "plain");
    }

    fn thread_of(texts: &[String]) -> Thread {
        let mut thread = Thread {
            posts: texts
                .iter()
                .map(|t| crate::model::Post {
                    text: t.clone(),
                    ..crate::model::Post::default()
                })
                .collect(),
            schema_version: crate::model::SCHEMA_VERSION,
            platform: crate::model::Platform::X,
            url: String::new(),
            focal_id: String::new(),
            author: crate::model::Author::default(),
            warnings: Vec::new(),
        };
        annotate(&mut thread);
        thread
    }

    /// `n` posts, numbered "k/n" where `numbered(k)`, minus the numbers in `absent`.
    fn partially_numbered(n: u32, numbered: impl Fn(u32) -> bool, absent: &[u32]) -> Vec<String> {
        (1..=n)
            .filter(|k| !absent.contains(k))
            .map(|k| match numbered(k) {
                true => format!("{k}/{n} post"),
                false => format!("post {k}"),
            })
            .collect()
    }

    /// The missing numbers' ranges and the announced count, as the note's facts.
    fn gap_note(texts: &[String]) -> Option<(Vec<[u32; 2]>, Option<usize>)> {
        thread_of(texts)
            .warnings
            .into_iter()
            .find(|w| w.code == WarningCode::MissingNumbers)
            .map(|w| (w.missing, w.count))
    }

    #[test]
    fn partial_numbering_is_no_gap() {
        let every_tenth = |k: u32| k == 1 || k.is_multiple_of(10);
        assert_eq!(gap_note(&partially_numbered(120, every_tenth, &[])), None);
        assert_eq!(gap_note(&partially_numbered(400, every_tenth, &[])), None);
        let first_last = |k: u32| k == 1 || k == 20;
        assert_eq!(gap_note(&partially_numbered(20, first_last, &[])), None);
        assert_eq!(gap_note(&partially_numbered(40, |k| k == 1, &[])), None);
        let mut mixed = partially_numbered(12, |k| k % 3 == 1, &[]);
        mixed[6] = "(7/n) post".into();
        mixed[9] = "post [10/12]".into();
        assert_eq!(gap_note(&mixed), None);
        let mut emoji = partially_numbered(10, |k| k == 10, &[]);
        emoji[0] = "1/🧵 post".into();
        assert_eq!(gap_note(&emoji), None);
    }

    #[test]
    fn a_chain_ending_before_the_authors_total_is_known_as_such() {
        let all = |_| true;
        let cut: Vec<String> = partially_numbered(40, all, &[])
            .into_iter()
            .take(20)
            .collect();
        assert_eq!(thread_of(&cut).numbered_beyond_end(), Some(40));
        // A gap in the middle only: the end met is the author's.
        assert_eq!(
            thread_of(&partially_numbered(30, all, &[4])).numbered_beyond_end(),
            None
        );
        assert_eq!(
            thread_of(&partially_numbered(30, all, &[])).numbered_beyond_end(),
            None
        );
    }

    #[test]
    fn a_real_gap_in_partial_numbering_is_reported_as_a_range() {
        let first_last = |k: u32| k == 1 || k == 20;
        assert_eq!(
            gap_note(&partially_numbered(20, first_last, &[7])),
            Some((vec![[2, 19]], Some(20)))
        );
        let all = |_| true;
        assert_eq!(
            gap_note(&partially_numbered(6, all, &[4])),
            Some((vec![[4, 4]], Some(6)))
        );
        // The chain ended before the announced total: said once, as a range.
        let cut: Vec<String> = partially_numbered(40, |k| k % 10 == 1, &[])
            .into_iter()
            .take(20)
            .collect();
        assert_eq!(gap_note(&cut), Some((vec![[21, 40]], Some(40))));
        assert_eq!(
            gap_note(&partially_numbered(30, all, &[4, 20, 21, 22])),
            Some((vec![[4, 4], [20, 22]], Some(30)))
        );
    }
}
