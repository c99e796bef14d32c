//! miette's graphical report for each finding: file, line, an underline under the exact key or
//! value, the rule name, the message and a help line. Colour only when asked (`main.rs` decides
//! from the terminal and `NO_COLOR`).

use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource};

use crate::finding::Located;
use crate::Checked;

pub fn file(checked: &Checked, options: &super::RenderOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1);
    let source = NamedSource::new(&checked.path, checked.text.clone());
    let mut out = String::new();
    for finding in &checked.findings {
        let located = Located {
            finding,
            source: &source,
        };
        if handler.render_report(&mut out, &located).is_err() {
            out.push_str(&finding.message);
        }
        out.push('\n');
    }
    out
}
