//! XHTML from the HTML renderer's output, for the EPUB: one pass over its tags that writes
//! well-formed XML whatever it is given. Void elements close themselves, every `&` that is not
//! a character reference XML knows becomes `&amp;`, characters XML forbids are dropped, only
//! attributes EPUB's XHTML allows are kept (only http(s) or in-document links), ids stay unique,
//! and end tags are balanced from a stack of open elements (a stray one is dropped, the rest are
//! closed at the end). Images the book carries point at their file; the others cannot stay
//! remote in an EPUB, so they become a link to the picture (or go, inside a link or as an
//! avatar). It knows the renderer's classes only for that avatar.

use super::{escape_html, safe_url};
use std::collections::HashSet;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
/// Tags never written into a book (the renderer writes none; a slip must not become live).
const DROPPED: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "link", "meta", "base", "form", "frame",
    "frameset", "html", "head", "body", "template", "svg", "math",
];
const KEPT_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "href",
    "lang",
    "dir",
    "datetime",
    "title",
    "role",
    "start",
    "reversed",
    "width",
    "height",
    "colspan",
    "rowspan",
    "alt",
    "epub:type",
];

/// What the pass asks of the book: the file an image URL is embedded as, if it is.
pub(crate) struct Images<'a> {
    pub embedded: &'a dyn Fn(&str) -> Option<String>,
    /// The link text of an image the book does not carry ("Image").
    pub label: &'a str,
}

/// The fragment as XHTML (see the module comment).
pub(crate) fn xhtml_fragment(html: &str, images: &Images) -> String {
    let mut pass = Pass {
        out: String::with_capacity(html.len() + html.len() / 16),
        open: Vec::new(),
        ids: HashSet::new(),
    };
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        pass.text(&rest[..lt]);
        let at = &rest[lt..];
        match parse_tag(at) {
            Some((tag, len)) => {
                pass.tag(tag, images);
                rest = &at[len..];
            }
            None => {
                pass.out.push_str("&lt;");
                rest = &at[1..];
            }
        }
    }
    pass.text(rest);
    while let Some(name) = pass.open.pop() {
        pass.end(&name);
    }
    pass.out
}

/// Text as XML character data: see `xml_text`.
pub(crate) fn xml_escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    xml_text(text, &mut out);
    out
}

enum Tag<'a> {
    Start {
        name: String,
        attributes: Vec<(String, &'a str)>,
    },
    End(String),
    /// A comment, doctype or processing instruction: nothing a book needs.
    Other,
}

struct Pass {
    out: String,
    open: Vec<String>,
    ids: HashSet<String>,
}

impl Pass {
    fn text(&mut self, text: &str) {
        xml_text(text, &mut self.out);
    }

    fn tag(&mut self, tag: Tag, images: &Images) {
        match tag {
            Tag::Other => {}
            Tag::End(name) => {
                if let Some(at) = self.open.iter().rposition(|open| *open == name) {
                    while self.open.len() > at {
                        if let Some(open) = self.open.pop() {
                            self.end(&open);
                        }
                    }
                }
            }
            Tag::Start { name, attributes } if name == "img" => self.image(&attributes, images),
            Tag::Start { name, .. } if DROPPED.contains(&name.as_str()) => {}
            Tag::Start { name, attributes } => {
                self.out.push('<');
                self.out.push_str(&name);
                for (key, value) in &attributes {
                    self.attribute(key, value);
                }
                if VOID.contains(&name.as_str()) {
                    self.out.push_str("/>");
                } else {
                    self.out.push('>');
                    self.open.push(name);
                }
            }
        }
    }

    fn end(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    fn attribute(&mut self, key: &str, raw: &str) {
        let value = decode(raw);
        let keep = match key {
            "href" => value.starts_with('#') || safe_url(&value).is_some(),
            "id" => {
                !value.is_empty()
                    && !value.chars().any(char::is_whitespace)
                    && self.ids.insert(value.clone())
            }
            "dir" => matches!(value.as_str(), "ltr" | "rtl" | "auto"),
            "lang" => {
                !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }
            "datetime" => valid_datetime(&value),
            _ => KEPT_ATTRIBUTES.contains(&key) || key.starts_with("aria-"),
        };
        if keep {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            xml_text(&escape_html(&value), &mut self.out);
            self.out.push('"');
        }
    }

    fn image(&mut self, attributes: &[(String, &str)], images: &Images) {
        let get = |key: &str| {
            attributes
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| decode(v))
        };
        let src = get("src").unwrap_or_default();
        let class = get("class").unwrap_or_default();
        if let Some(file) = (images.embedded)(&src) {
            let alt = get("alt").unwrap_or_default();
            self.out.push_str("<img src=\"");
            xml_text(&escape_html(&file), &mut self.out);
            self.out.push_str("\" alt=\"");
            xml_text(&escape_html(&alt), &mut self.out);
            self.out.push('"');
            if !class.is_empty() {
                self.attribute("class", &escape_html(&class));
            }
            self.out.push_str("/>");
            return;
        }
        // A link cannot hold another link; an avatar is decoration, not worth a link.
        let inside_link = self.open.iter().any(|open| open == "a");
        let avatar = class.split_whitespace().any(|c| c == "avatar");
        if let (false, false, Some(url)) = (inside_link, avatar, safe_url(&src)) {
            self.out.push_str("<a class=\"image-link\" href=\"");
            xml_text(&escape_html(url), &mut self.out);
            self.out.push_str("\">");
            xml_text(&escape_html(images.label), &mut self.out);
            self.out.push_str(" ↗</a>");
        }
    }
}

/// One tag at the start of `s` (which starts with `<`) and its length, or `None` when the `<`
/// starts no tag (it is then text).
fn parse_tag(s: &str) -> Option<(Tag<'_>, usize)> {
    let bytes = s.as_bytes();
    if s.starts_with("<!--") {
        let end = s.find("-->").map_or(s.len(), |at| at + 3);
        return Some((Tag::Other, end));
    }
    if matches!(bytes.get(1), Some(b'!' | b'?')) {
        let end = s.find('>').map_or(s.len(), |at| at + 1);
        return Some((Tag::Other, end));
    }
    if bytes.get(1) == Some(&b'/') {
        let name_len = name_length(&s[2..]);
        let close = s[2 + name_len..].find('>')?;
        if name_len == 0 {
            return None;
        }
        let name = s[2..2 + name_len].to_ascii_lowercase();
        return Some((Tag::End(name), 2 + name_len + close + 1));
    }
    let name_len = name_length(&s[1..]);
    if name_len == 0 || !bytes[1].is_ascii_alphabetic() {
        return None;
    }
    let name = s[1..1 + name_len].to_ascii_lowercase();
    let mut at = 1 + name_len;
    let mut attributes = Vec::new();
    loop {
        at += s[at..].len() - s[at..].trim_start().len();
        let rest = &s[at..];
        if rest.starts_with('>') {
            return Some((Tag::Start { name, attributes }, at + 1));
        }
        if rest.starts_with("/>") {
            return Some((Tag::Start { name, attributes }, at + 2));
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/' | '"' | '\'' | '<'))
            .unwrap_or(rest.len());
        if key_len == 0 {
            return None;
        }
        let key = rest[..key_len].to_ascii_lowercase();
        at += key_len;
        let after_key = s[at..].trim_start();
        if !after_key.starts_with('=') {
            // A boolean attribute: XML wants a value.
            attributes.push((key.clone(), &s[at - key_len..at]));
            continue;
        }
        at = s.len() - after_key.len() + 1;
        at += s[at..].len() - s[at..].trim_start().len();
        let rest = &s[at..];
        let (value, used) = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let end = rest[1..].find(quote)?;
                (&rest[1..1 + end], end + 2)
            }
            Some(_) => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(rest.len());
                (&rest[..end], end)
            }
            None => return None,
        };
        attributes.push((key, value));
        at += used;
    }
}

fn name_length(s: &str) -> usize {
    s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(s.len())
}

/// Appends `text` (HTML text, entity references and all) as XML character data: the references
/// XML knows stay, `&nbsp;` becomes its number, any other `&` is escaped, `<` too, and
/// characters XML 1.0 forbids are dropped.
fn xml_text(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find(['&', '<']) {
        push_xml_chars(&rest[..amp], out);
        let at = &rest[amp..];
        if let Some(after) = at.strip_prefix('<') {
            out.push_str("&lt;");
            rest = after;
            continue;
        }
        match reference(at) {
            Some((kept, len)) => {
                out.push_str(&kept);
                rest = &at[len..];
            }
            None => {
                out.push_str("&amp;");
                rest = &at[1..];
            }
        }
    }
    push_xml_chars(rest, out);
}

/// A character reference at the start of `s` as XML may hold it, and its length.
fn reference(s: &str) -> Option<(String, usize)> {
    let end = s.get(1..)?.find(';').filter(|&at| at <= 10)? + 1;
    let body = &s[1..end];
    let code = if let Some(hex) = body.strip_prefix("#x").or(body.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(dec) = body.strip_prefix('#') {
        dec.parse().ok()?
    } else {
        return match body {
            "amp" | "lt" | "gt" | "quot" | "apos" => Some((format!("&{body};"), end + 1)),
            "nbsp" => Some(("&#160;".into(), end + 1)),
            _ => None,
        };
    };
    let c = char::from_u32(code).filter(|&c| xml_char(c))?;
    Some((format!("&#{};", c as u32), end + 1))
}

fn push_xml_chars(text: &str, out: &mut String) {
    out.extend(text.chars().filter(|&c| xml_char(c)));
}

/// XML 1.0's `Char` production.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// An attribute value as text: the references our renderer writes, decoded.
fn decode(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let at = &rest[amp..];
        let end = at.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let body = &at[1..e];
            let c = match body {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => body
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| body.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &at[len..];
            }
            None => {
                out.push('&');
                rest = &at[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A date or date-time as HTML's `datetime` takes it (`2026-01-30`, `2026-01-30T16:00:00.000Z`).
fn valid_datetime(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && value[10..]
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'T' | 'Z' | ':' | '.' | '+' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(html: &str) -> String {
        let none = |_: &str| None;
        xhtml_fragment(
            html,
            &Images {
                embedded: &none,
                label: "Image",
            },
        )
    }

    #[test]
    fn voids_close_and_entities_are_xml() {
        assert_eq!(
            pass("<p>a<br>b&nbsp;&copy; &#39;x&#39; &amp; &#0;</p>"),
            "<p>a<br/>b&#160;&amp;copy; &#39;x&#39; &amp; &amp;#0;</p>"
        );
    }

    #[test]
    fn end_tags_are_balanced_and_strays_dropped() {
        assert_eq!(pass("<div><p>x</div></span>"), "<div><p>x</p></div>");
        assert_eq!(pass("<ol><li>x"), "<ol><li>x</li></ol>");
        assert_eq!(pass("a < b"), "a &lt; b");
    }

    #[test]
    fn attributes_are_filtered() {
        assert_eq!(
            pass("<a href=\"javascript:alert(1)\" onclick=\"x()\" target=\"_blank\" class=\"link\">x</a><a href=\"https://x.com/?a=1&amp;b=2\" rel=\"noopener\">y</a><p id=\"a\">1</p><p id=\"a\">2</p><details open>z</details>"),
            "<a class=\"link\">x</a><a href=\"https://x.com/?a=1&amp;b=2\">y</a><p id=\"a\">1</p><p>2</p><details>z</details>"
        );
    }

    #[test]
    fn images_embedded_or_linked_or_dropped() {
        let embed =
            |url: &str| (url == "https://p/1.jpg?a=1&b=2").then(|| "images/1.jpg".to_string());
        let images = Images {
            embedded: &embed,
            label: "Image",
        };
        let out = xhtml_fragment(
            "<img src=\"https://p/1.jpg?a=1&amp;b=2\" alt=\"a &quot;cat&quot;\" loading=\"lazy\"><img src=\"https://p/2.jpg\" alt=\"\"><a href=\"https://v\"><img src=\"https://p/3.jpg\" alt=\"Video\"></a><img class=\"avatar\" src=\"https://p/4.jpg\" alt=\"\">",
            &images,
        );
        assert_eq!(
            out,
            "<img src=\"images/1.jpg\" alt=\"a &quot;cat&quot;\"/><a class=\"image-link\" href=\"https://p/2.jpg\">Image ↗</a><a href=\"https://v\"></a>"
        );
    }

    #[test]
    fn forbidden_characters_go() {
        assert_eq!(pass("a\u{0}b\u{1b}c\u{fffe}d"), "abcd");
    }
}
