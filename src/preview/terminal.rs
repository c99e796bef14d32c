//! The form as plain terminal text: fixed width, no colour, Markdown rendered to wrapped text.
//! Card text is escaped on the way out (`render::escape`): no control character reaches the
//! terminal, and no line reads as a CI workflow command.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{countries, Control, Form, Status, CONTACT_NOTE, IP_LOCATION_NOTE};

/// The width of the preview.
pub const WIDTH: usize = 80;

/// The most levels of nesting (quotes, list items) drawn as indentation.
const MAX_DEPTH: usize = 8;

/// How many countries the dropdown line names before the count.
const COUNTRIES_SHOWN: usize = 4;

/// Renders the form, `width` characters wide.
pub fn render(form: &Form, width: usize) -> String {
    let width = width.max(40);
    let mut out = Vec::new();
    out.push(format!(
        "Access form of {} ({}), as the Hub shows it",
        form.path,
        form.repo_type.as_str()
    ));
    out.push("═".repeat(width));
    match &form.status {
        Status::Ok => {}
        Status::NoGateKeys => {
            out.extend(wrap(
                "note: no extra_gated_* key: if the repo is gated, the Hub shows this default form",
                width,
                "",
                "",
            ));
            out.push(String::new());
        }
        Status::Unusable(why) => {
            out.extend(wrap(&format!("note: {why}"), width, "", ""));
            out.push(String::new());
        }
    }
    out.extend(wrap(&form.heading, width, "", ""));
    out.push(String::new());
    out.extend(markdown(&form.description, width, ""));
    if let Some(prompt) = &form.prompt {
        out.extend(markdown(prompt, width, "│ "));
    }
    let box_width = 42.min(width);
    for field in &form.fields {
        let label = &field.label;
        match &field.control {
            Control::Text => {
                out.push(label.clone());
                out.push(format!("[{}]", "_".repeat(box_width - 2)));
            }
            Control::Checkbox => out.extend(wrap(label, width, "[ ] ", "    ")),
            Control::DatePicker => {
                out.push(label.clone());
                out.push(dropdown("YYYY-MM-DD", box_width, '▦'));
            }
            Control::Country => {
                out.push(label.clone());
                out.push(dropdown("Select a country", box_width, '▾'));
                let all = countries();
                let names: Vec<&str> = all.iter().take(COUNTRIES_SHOWN).map(|c| c.1).collect();
                out.extend(wrap(
                    &format!(
                        "{} countries (ISO 3166-1): {}, …",
                        all.len(),
                        names.join(", ")
                    ),
                    width,
                    "  ",
                    "  ",
                ));
            }
            Control::Select(choices) => {
                out.push(label.clone());
                out.push(dropdown("Select an option", box_width, '▾'));
                for choice in choices {
                    let shown = if choice.value == choice.label {
                        choice.label.clone()
                    } else {
                        format!("{}  (sends \"{}\")", choice.label, choice.value)
                    };
                    out.extend(wrap(&shown, width, "  ○ ", "    "));
                }
            }
            Control::IpLocation => out.extend(wrap(
                &format!("{label} (ip_location): {IP_LOCATION_NOTE}"),
                width,
                "ⓘ ",
                "  ",
            )),
            Control::Invalid(why) => out.extend(wrap(
                &format!("{label}: not shown: {why}"),
                width,
                "✗ ",
                "  ",
            )),
        }
        out.push(String::new());
    }
    if form.eu_disallowed {
        out.extend(wrap(
            "Users located in the European Union cannot request access to this repository \
             (extra_gated_eu_disallowed: true).",
            width,
            "⚠ ",
            "  ",
        ));
        out.push(String::new());
    }
    out.extend(wrap(CONTACT_NOTE, width, "", ""));
    out.push(String::new());
    let button = wrap(&form.button, width.saturating_sub(4), "", "");
    let inner = button.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    out.push(format!("┌{}┐", "─".repeat(inner + 2)));
    for line in &button {
        out.push(format!("│ {line:<inner$} │"));
    }
    out.push(format!("└{}┘", "─".repeat(inner + 2)));
    out.push("═".repeat(width));
    if form.findings.is_empty() {
        out.push("no findings".into());
    } else {
        let n = form.findings.len();
        out.push(format!("{n} finding{}:", if n == 1 { "" } else { "s" }));
        for line in form.finding_lines() {
            out.extend(wrap(&line, width, "  ", "      "));
        }
    }
    let mut text = out
        .into_iter()
        .map(|l| l.trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    // Line breaks are the renderer's own (card text is split into lines above); everything else
    // that could drive a terminal is shown escaped.
    let escaped = crate::render::escape_lines(&text);
    crate::render::guard_lines(&escaped).into_owned()
}

/// A closed dropdown: `[ text           ▾ ]`.
fn dropdown(text: &str, width: usize, arrow: char) -> String {
    let pad = width.saturating_sub(text.chars().count() + 6);
    format!("[ {text}{} {arrow} ]", " ".repeat(pad))
}

/// Word-wraps `text` (which may hold line breaks) to `width`: the first line after `first`, the
/// rest after `rest`.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut prefix = first;
    for paragraph in text.split('\n') {
        let mut line = String::from(prefix);
        let mut empty = true;
        let limit = width.max(prefix.chars().count() + 10);
        for word in paragraph.split_whitespace() {
            let len = line.chars().count();
            if !empty && len + 1 + word.chars().count() > limit {
                lines.push(std::mem::replace(&mut line, String::from(rest)));
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            empty = false;
        }
        lines.push(line);
        prefix = rest;
    }
    lines
}

/// Renders Markdown (with inline HTML, whose tags are dropped) as wrapped text, each line after
/// `bar`, followed by a blank line.
pub fn markdown(source: &str, width: usize, bar: &str) -> Vec<String> {
    let mut md = Md {
        out: Vec::new(),
        buf: String::new(),
        width,
        indent: vec![bar.to_owned()],
        marker: None,
        lists: Vec::new(),
        links: Vec::new(),
        code: false,
    };
    for event in without_raw_text(Parser::new(source)) {
        md.event(event);
    }
    md.flush();
    while md
        .out
        .last()
        .is_some_and(|l| l.trim().is_empty() || l.trim() == bar.trim())
    {
        md.out.pop();
    }
    md.out.push(String::new());
    md.out
}

struct Md {
    out: Vec<String>,
    /// The inline text of the current block.
    buf: String,
    width: usize,
    /// The prefix of each container (the bar, block quotes, list items).
    indent: Vec<String>,
    /// A list item's marker, for its first line.
    marker: Option<String>,
    /// Open lists: the next number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    /// Open links: their target and where their text starts in `buf`.
    links: Vec<(String, usize)>,
    code: bool,
}

impl Md {
    /// The prefix of the current container: at most [`MAX_DEPTH`] levels are drawn, so deeply
    /// nested quotes and lists cost a bounded width per line.
    fn prefix(&self) -> String {
        self.indent
            .iter()
            .take(MAX_DEPTH)
            .map(String::as_str)
            .collect()
    }

    fn blank(&mut self) {
        let prefix = self.prefix();
        if self.out.last().is_some_and(|l| l.trim() != prefix.trim()) {
            self.out.push(prefix.trim_end().to_owned());
        }
    }

    fn flush(&mut self) {
        let text = std::mem::take(&mut self.buf);
        if text.trim().is_empty() {
            return;
        }
        let rest = self.prefix();
        let first = match self.marker.take() {
            Some(marker) => {
                let depth = self.indent.len().saturating_sub(1).min(MAX_DEPTH);
                let p: String = self.indent.iter().take(depth).map(String::as_str).collect();
                p + &marker
            }
            None => rest.clone(),
        };
        let lines = wrap(text.trim(), self.width, &first, &rest);
        self.out.extend(lines);
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) if self.code => {
                let prefix = self.prefix();
                for line in text.lines() {
                    self.out.push(format!("{prefix}    {line}"));
                }
            }
            Event::Text(text) => self.buf.push_str(&text),
            Event::Code(code) => {
                self.buf.push('`');
                self.buf.push_str(&code);
                self.buf.push('`');
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.buf.push_str(&t),
            Event::Html(html) | Event::InlineHtml(html) => self.buf.push_str(&html),
            Event::SoftBreak => self.buf.push(' '),
            Event::HardBreak => self.buf.push('\n'),
            Event::Rule => {
                self.flush();
                let prefix = self.prefix();
                let n = self.width.saturating_sub(prefix.chars().count()).min(40);
                self.out.push(format!("{prefix}{}", "─".repeat(n)));
                self.blank();
            }
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::BlockQuote(_) => {
                self.flush();
                self.indent.push("│ ".into());
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = true;
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".into(),
                };
                self.indent.push(" ".repeat(marker.chars().count()));
                self.marker = Some(marker);
            }
            Tag::Link { dest_url, .. } => self.links.push((dest_url.to_string(), self.buf.len())),
            Tag::Image { .. } => self.buf.push_str("[image: "),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock => {
                self.flush();
                self.blank();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.indent.pop();
                self.blank();
            }
            TagEnd::CodeBlock => {
                self.code = false;
                self.blank();
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Item => {
                self.flush();
                self.indent.pop();
                self.marker = None;
            }
            TagEnd::Link => {
                if let Some((url, start)) = self.links.pop() {
                    let text = self.buf.get(start..).unwrap_or_default().trim();
                    if !url.is_empty() && text != url {
                        self.buf.push_str(&format!(" <{url}>"));
                    }
                }
            }
            TagEnd::Image => self.buf.push(']'),
            _ => {}
        }
    }
}

/// The Markdown events with the content of `<script>` and `<style>` elements dropped, wherever
/// they open and close (in one HTML block, across the lines of a block, or inline around text),
/// and every other piece of raw HTML reduced to its text ([`Event::Text`]).
pub fn without_raw_text<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    let mut inside: Option<&'static str> = None;
    events.filter_map(move |event| match event {
        Event::InlineHtml(html)
            if inside.is_none() && html.to_ascii_lowercase().starts_with("<br") =>
        {
            Some(Event::HardBreak)
        }
        Event::Html(html) | Event::InlineHtml(html) => {
            let text = strip_tags_from(&html, &mut inside);
            (!text.is_empty()).then(|| Event::Text(text.into()))
        }
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_)
            if inside.is_some() =>
        {
            None
        }
        other => Some(other),
    })
}

/// HTML with its tags (and the content of `<script>` and `<style>`) dropped and a few entities
/// decoded; `<br>`, `</p>` and `</div>` become line breaks.
pub fn strip_tags(html: &str) -> String {
    strip_tags_from(html, &mut None)
}

/// [`strip_tags`] for one piece of a longer text: `inside` is the `script` or `style` element
/// left open by the pieces before (whose content is dropped up to its end tag), and is left set
/// when this piece opens one that it does not close.
fn strip_tags_from(html: &str, inside: &mut Option<&'static str>) -> String {
    let mut out = String::new();
    let mut rest = html;
    if let Some(name) = *inside {
        match skip(rest, name) {
            Some(after) => {
                rest = after;
                *inside = None;
            }
            None => return String::new(),
        }
    }
    while let Some(open) = rest.find('<') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open..).unwrap_or_default();
        let Some(close) = after.find('>') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let tag = after
            .get(1..close)
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/', '\t', '\n'])
            .next()
            .unwrap_or("");
        if name == "br" || (tag.starts_with('/') && matches!(name, "p" | "div" | "li")) {
            out.push('\n');
        }
        rest = after.get(close + 1..).unwrap_or_default();
        // What a script or style element holds is not text.
        if !tag.starts_with('/') && !tag.ends_with('/') {
            let element = match name {
                "script" => Some("script"),
                "style" => Some("style"),
                _ => None,
            };
            if let Some(element) = element {
                match skip(rest, element) {
                    Some(after) => rest = after,
                    None => {
                        *inside = Some(element);
                        rest = "";
                    }
                }
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// `rest` from the end tag of `name` on, if it has one.
fn skip<'t>(rest: &'t str, name: &str) -> Option<&'t str> {
    let end = format!("</{name}");
    rest.to_ascii_lowercase()
        .find(&end)
        .map(|i| rest.get(i..).unwrap_or_default())
}

fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_hanging_indent() {
        let lines = wrap("one two three four", 14, "[ ] ", "    ");
        assert_eq!(lines, ["[ ] one two", "    three four"]);
    }

    #[test]
    fn markdown_lists_links_and_html() {
        let text = markdown(
            "Read the [license](https://x.y/l).\n\n- a\n- b <b>bold</b>\n\n<p>Para&amp;graph</p><style>p{}</style>",
            60,
            "",
        )
        .join("\n");
        assert_eq!(
            text,
            "Read the license <https://x.y/l>.\n\n• a\n• b bold\n\nPara&graph\n"
        );
    }

    #[test]
    fn script_and_style_content_is_dropped_across_events() {
        let text = markdown(
            "Before.\n\n<script>\nalert(1)\nmore()\n</script>\n\nMiddle <style>p{color:red}</style> end.\n",
            60,
            "",
        )
        .join("\n");
        assert!(
            !text.contains("alert") && !text.contains("more()"),
            "{text}"
        );
        assert!(!text.contains("color"), "{text}");
        assert!(
            text.contains("Before.") && text.contains("Middle") && text.contains("end."),
            "{text}"
        );
    }
}
