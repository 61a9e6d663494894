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
    let numbers: Vec<&PostNumber> = thread
        .posts
        .iter()
        .filter_map(|p| p.number.as_ref())
        .collect();
    // One stray "1/2" is not a numbering scheme.
    if numbers.len() < 2 {
        return;
    }
    let highest_seen = numbers.iter().map(|n| n.index).max().unwrap_or(0);
    let announced = numbers.iter().filter_map(|n| n.total).max();
    let last = announced.unwrap_or(highest_seen).max(highest_seen);
    let mut present = vec![false; last as usize + 1];
    for n in &numbers {
        if let Some(slot) = present.get_mut(n.index as usize) {
            *slot = true;
        }
    }
    let missing: Vec<u32> = (1..=last)
        .filter(|&i| !present.get(i as usize).copied().unwrap_or(false))
        .collect();
    if missing.is_empty() {
        return;
    }
    thread.warn(
        Warning::new(WarningCode::MissingNumbers)
            .count(last as usize)
            .missing(ranges(&missing)),
    );
}

/// Sorted numbers as inclusive runs: 4, 5, 6, 9 → [4, 6], [9, 9].
fn ranges(numbers: &[u32]) -> Vec<[u32; 2]> {
    let mut out: Vec<[u32; 2]> = Vec::new();
    for &n in numbers {
        match out.last_mut() {
            Some(run) if run[1] + 1 == n => run[1] = n,
            _ => out.push([n, n]),
        }
    }
    out
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
}
