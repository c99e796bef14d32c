//! The form as one self-contained HTML page: inline CSS, no script, nothing fetched from the
//! network, a real `<form>`. Every piece of card text is escaped; Markdown is rendered with raw
//! HTML reduced to its text, images to their alt text, and links kept only for `http`, `https`
//! and `mailto` targets (and relative ones).

use pulldown_cmark::{html::push_html, Event, Parser, Tag, TagEnd};

use super::{countries, Control, Form, Status, CONTACT_NOTE, IP_LOCATION_NOTE};

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;background:#f3f4f6;color:#111827;font:15px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:760px;margin:0 auto;padding:32px 20px 48px}
.meta{margin:0 0 12px;color:#6b7280;font-size:13px}
.meta code{font-size:12px}
.banner{margin:0 0 16px;padding:10px 14px;border:1px solid #fcd34d;border-radius:10px;background:#fffbeb;color:#92400e;font-size:14px}
.gate{border:1px solid #e5e7eb;border-radius:14px;background:linear-gradient(to bottom,#f9fafb,#ffffff 140px);padding:28px 32px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.gate h1{display:flex;gap:10px;align-items:flex-start;margin:0 0 10px;font-size:19px;line-height:1.35;font-weight:600}
.lock{flex:none;display:inline-flex;align-items:center;justify-content:center;width:24px;height:24px;margin-top:1px;border-radius:6px;background:#111827;color:#fff}
.desc{color:#4b5563}
.desc p,.prompt p{margin:0 0 10px}
.prompt{margin:16px 0 4px;padding:14px 18px;border:1px solid #e5e7eb;border-radius:10px;background:#fff;max-height:none}
.prompt h1,.prompt h2,.prompt h3,.prompt h4{font-size:16px;margin:12px 0 6px}
.prompt ul,.prompt ol{margin:0 0 10px;padding-left:22px}
.prompt pre{overflow:auto;background:#f9fafb;padding:8px;border-radius:6px}
a{color:#2563eb}
form{margin-top:20px;display:flex;flex-direction:column;gap:14px}
.field{display:flex;flex-direction:column;gap:5px}
.field>span{font-size:14px;font-weight:500;color:#374151}
input[type=text],input[type=date],select{width:100%;max-width:440px;padding:8px 10px;border:1px solid #d1d5db;border-radius:8px;background:#fff;font:inherit;color:inherit}
.check{display:flex;gap:10px;align-items:flex-start;font-size:14px;color:#374151}
.check input{margin-top:4px;width:16px;height:16px;flex:none}
.hint{font-size:12px;color:#6b7280}
.note,.invalid,.eu{margin:0;padding:8px 12px;border-radius:8px;font-size:13px}
.note{background:#eff6ff;color:#1e40af}
.invalid{background:#fef2f2;color:#991b1b;border:1px dashed #fca5a5}
.eu{background:#fff7ed;color:#9a3412}
.fine{margin:4px 0 0;font-size:13px;color:#6b7280}
button{align-self:flex-start;margin-top:2px;padding:9px 18px;border:0;border-radius:9px;background:#111827;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.findings{margin-top:28px}
.findings h2{font-size:16px;margin:0 0 8px}
.findings ul{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.findings li{padding:8px 12px;border-radius:8px;background:#fff;border:1px solid #e5e7eb;font-size:14px}
.sev{display:inline-block;min-width:58px;font-weight:600;text-transform:uppercase;font-size:11px;letter-spacing:.04em}
.error .sev{color:#b91c1c}.warning .sev{color:#b45309}.info .sev{color:#1d4ed8}
.findings code{font-size:12px;color:#6b7280}
.help{display:block;color:#4b5563;font-size:13px;margin-top:2px}
"#;

/// A padlock, drawn inline (no font or image to fetch).
const LOCK: &str = "<svg width=\"14\" height=\"14\" viewBox=\"0 0 16 16\" fill=\"none\" \
                    stroke=\"currentColor\" stroke-width=\"1.8\"><rect x=\"3\" y=\"7\" width=\"10\" \
                    height=\"7\" rx=\"1.5\" fill=\"currentColor\"/><path d=\"M5 7V5a3 3 0 0 1 6 0v2\"/></svg>";

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Renders the page.
pub fn render(form: &Form) -> String {
    let mut page = String::new();
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; form-action 'none'\">\n",
    );
    page.push_str(&format!(
        "<title>Access form: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&form.path)
    ));
    page.push_str(&format!(
        "<p class=\"meta\">gatelint preview of <code>{}</code> ({})</p>\n",
        escape(&form.path),
        form.repo_type.as_str()
    ));
    match &form.status {
        Status::Ok => {}
        Status::NoGateKeys => page.push_str(
            "<p class=\"banner\">No <code>extra_gated_*</code> key: if the repo is gated, the \
             Hub shows this default form.</p>\n",
        ),
        Status::Unusable(why) => {
            page.push_str(&format!("<p class=\"banner\">{}</p>\n", escape(why)));
        }
    }
    page.push_str("<section class=\"gate\">\n");
    page.push_str(&format!(
        "<h1><span class=\"lock\" aria-hidden=\"true\">{LOCK}</span><span>{}</span></h1>\n",
        escape(&form.heading)
    ));
    page.push_str(&format!(
        "<div class=\"desc\">{}</div>\n",
        markdown(&form.description)
    ));
    if let Some(prompt) = &form.prompt {
        page.push_str(&format!(
            "<div class=\"prompt\">{}</div>\n",
            markdown(prompt)
        ));
    }
    page.push_str("<form action=\"#\" method=\"post\">\n");
    let mut countries_shown = false;
    for (i, field) in form.fields.iter().enumerate() {
        let label = escape(&field.label);
        let id = format!("field-{i}");
        match &field.control {
            Control::Text => page.push_str(&format!(
                "<label class=\"field\" for=\"{id}\"><span>{label}</span>\
                 <input type=\"text\" id=\"{id}\" name=\"{label}\" required></label>\n"
            )),
            Control::Checkbox => page.push_str(&format!(
                "<label class=\"check\" for=\"{id}\"><input type=\"checkbox\" id=\"{id}\" \
                 name=\"{label}\" required><span>{label}</span></label>\n"
            )),
            Control::DatePicker => page.push_str(&format!(
                "<label class=\"field\" for=\"{id}\"><span>{label}</span>\
                 <input type=\"date\" id=\"{id}\" name=\"{label}\" required></label>\n"
            )),
            Control::Country => {
                let all = countries();
                // The list is written out once, for the first country field: a card of many
                // country fields gives a page linear in its size, not 10 KB per field.
                let (options, hint) = if countries_shown {
                    (String::new(), ", as above")
                } else {
                    countries_shown = true;
                    let options: String = all
                        .iter()
                        .map(|(code, name)| {
                            format!("<option value=\"{code}\">{}</option>", escape(name))
                        })
                        .collect();
                    (options, "")
                };
                page.push_str(&format!(
                    "<label class=\"field\" for=\"{id}\"><span>{label}</span>\
                     <select id=\"{id}\" name=\"{label}\" required>\
                     <option value=\"\" selected disabled>Select a country</option>{options}\
                     </select><span class=\"hint\">{} countries (ISO 3166-1){hint}</span></label>\n",
                    all.len()
                ));
            }
            Control::Select(choices) => {
                // As the terminal does, an option that sends another value than its label says so.
                let options: String = choices
                    .iter()
                    .map(|c| {
                        let sends = if c.value == c.label {
                            String::new()
                        } else {
                            format!(" (sends &quot;{}&quot;)", escape(&c.value))
                        };
                        format!(
                            "<option value=\"{}\">{}{sends}</option>",
                            escape(&c.value),
                            escape(&c.label)
                        )
                    })
                    .collect();
                let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
                page.push_str(&format!(
                    "<label class=\"field\" for=\"{id}\"><span>{label}</span>\
                     <select id=\"{id}\" name=\"{label}\" required>\
                     <option value=\"\" selected disabled>Select an option</option>{options}\
                     </select><span class=\"hint\">{} option{}: {}</span></label>\n",
                    choices.len(),
                    if choices.len() == 1 { "" } else { "s" },
                    escape(&labels.join(", "))
                ));
            }
            Control::IpLocation => page.push_str(&format!(
                "<p class=\"note\"><strong>{label}</strong> (ip_location) {}</p>\n",
                escape(IP_LOCATION_NOTE)
            )),
            Control::Invalid(why) => page.push_str(&format!(
                "<p class=\"invalid\">&#10007; <strong>{label}</strong>: not shown: {}</p>\n",
                escape(why)
            )),
        }
    }
    if form.eu_disallowed {
        page.push_str(
            "<p class=\"eu\">Users located in the European Union cannot request access to this \
             repository (<code>extra_gated_eu_disallowed: true</code>).</p>\n",
        );
    }
    page.push_str(&format!("<p class=\"fine\">{}</p>\n", escape(CONTACT_NOTE)));
    page.push_str(&format!(
        "<button type=\"submit\">{}</button>\n</form>\n</section>\n",
        escape(&form.button)
    ));
    page.push_str("<section class=\"findings\">\n");
    if form.findings.is_empty() {
        page.push_str("<h2>No findings</h2>\n");
    } else {
        page.push_str(&format!(
            "<h2>Findings ({})</h2>\n<ul>\n",
            form.findings.len()
        ));
        for (finding, at) in &form.findings {
            let help = finding
                .help
                .as_deref()
                .map(|h| format!("<span class=\"help\">help: {}</span>", escape(h)))
                .unwrap_or_default();
            page.push_str(&format!(
                "<li class=\"{sev}\"><span class=\"sev\">{sev}</span> <code>{}:{}</code> {} \
                 <code>[{}]</code>{help}</li>\n",
                at.line,
                at.column,
                escape(&finding.message),
                finding.rule.name(),
                sev = finding.severity.as_str(),
            ));
        }
        page.push_str("</ul>\n");
    }
    page.push_str("</section>\n</main>\n</body>\n</html>\n");
    page
}

/// True for link targets that are safe to keep: http(s), mailto, or relative.
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Markdown to HTML with raw HTML reduced to text, images to their alt text and unsafe links to
/// their text.
pub fn markdown(source: &str) -> String {
    let mut links: Vec<bool> = Vec::new();
    // Raw HTML arrives as text (script and style content dropped), escaped by `push_html`.
    let raw_free = super::terminal::without_raw_text(Parser::new(source));
    let events = raw_free.filter_map(|event| match event {
        Event::Text(text) if text.trim().is_empty() && text.contains('\n') => None,
        Event::Start(Tag::Link {
            dest_url,
            link_type,
            title,
            id,
        }) => {
            let keep = safe_url(&dest_url);
            links.push(keep);
            keep.then_some(Event::Start(Tag::Link {
                dest_url,
                link_type,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) => links
            .pop()
            .unwrap_or(false)
            .then_some(Event::End(TagEnd::Link)),
        Event::Start(Tag::Image { .. }) => Some(Event::Text("[image: ".into())),
        Event::End(TagEnd::Image) => Some(Event::Text("]".into())),
        other => Some(other),
    });
    let mut out = String::new();
    push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_drops_raw_html_and_unsafe_links() {
        let html = markdown(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://a.b) ![i](https://img)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert(1)<"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("<a href=\"https://a.b\">y</a>"), "{html}");
    }

    #[test]
    fn escapes_attributes() {
        assert_eq!(escape("a\"<b>'&"), "a&quot;&lt;b&gt;&#39;&amp;");
    }
}
