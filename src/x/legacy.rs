//! Legacy twitter.com permalink pages (server-rendered, 2014–2020). Saved pages of that era
//! still circulate; their rows feed the same chain rules as the modern timeline.

use super::markup;
use super::post::{absolute_url, read_segments, status_url, text_links};
use super::{Row, RowKind};
use crate::model::{Author, Post, Segment};
use crate::snapshot::{NodeId, Snapshot};

/// One row per tweet `div`, in document order (the legacy page is not virtualized).
pub fn read_legacy_rows(snap: &Snapshot) -> Vec<Row> {
    snap.descendants_pruned(Snapshot::ROOT, |n| {
        snap.attr(n, markup::LEGACY_TWEET_ID).is_some()
    })
    .filter(|&n| snap.attr(n, markup::LEGACY_TWEET_ID).is_some())
    .filter_map(|n| parse_legacy_tweet(snap, n))
    .map(|post| Row {
        kind: RowKind::Post(Box::new(post)),
        offset: None,
        focal: false,
        action_ref: None,
        action_href: None,
        line_above: None,
    })
    .collect()
}

fn parse_legacy_tweet(snap: &Snapshot, tweet: NodeId) -> Option<Post> {
    let id = snap
        .attr(tweet, markup::LEGACY_TWEET_ID)?
        .trim()
        .to_string();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let handle = snap.attr(tweet, markup::LEGACY_SCREEN_NAME)?.to_string();
    let name = snap
        .attr(tweet, markup::LEGACY_NAME)
        .unwrap_or(&handle)
        .to_string();
    // The text is the tweet's `p[lang]`; its links, emoji and hidden URL parts read as today.
    let text_node = snap.find(tweet, |n| {
        snap.is_tag(n, "p") && snap.attr(n, "lang").is_some()
    });
    let segments: Vec<Segment> = text_node
        .map(|t| read_segments(snap, t))
        .unwrap_or_default()
        .into_iter()
        .filter(|s| !matches!(s, Segment::Link { url, .. } if url.contains(markup::LEGACY_MEDIA_LINK_HOST)))
        .collect();
    let avatar = snap
        .find(tweet, |n| {
            snap.is_tag(n, "img")
                && snap
                    .attr(n, "src")
                    .is_some_and(|s| s.contains(markup::AVATAR_PATH))
        })
        .and_then(|i| snap.attr(i, "src"))
        .and_then(absolute_url);
    let created_at = snap
        .descendants(tweet)
        .find_map(|n| snap.attr(n, markup::LEGACY_TIME_MS))
        .and_then(|ms| ms.trim().parse::<i64>().ok())
        .map(iso_from_millis);
    let links = text_links(&segments);
    Some(Post {
        url: status_url(&handle, &id),
        id,
        author: Author {
            handle,
            name,
            avatar,
        },
        created_at,
        lang: text_node
            .and_then(|t| snap.attr(t, "lang"))
            .map(str::to_string),
        text: segments.iter().map(Segment::text).collect(),
        segments,
        links,
        ..Post::default()
    })
}

/// Milliseconds since 1970 → `YYYY-MM-DDTHH:MM:SS.000Z` (proleptic Gregorian, UTC).
pub fn iso_from_millis(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_epoch_millis() {
        assert_eq!(iso_from_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            iso_from_millis(1_466_477_165_000),
            "2016-06-21T02:46:05.000Z"
        );
        assert_eq!(iso_from_millis(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }
}
