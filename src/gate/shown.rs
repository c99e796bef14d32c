//! How text from a card is quoted in a message, and what it hides: the one place that decides,
//! for every rule.
//!
//! A value that looks right and is still wrong (`'text '`, `"checkbox\u200b"`, a Cyrillic `е` in
//! `extra_gated_fiеlds`) must not be reported as if it were the word it looks like. So:
//!
//! - [`short`] quotes free text (a label, an option) on one line: blanks collapsed, at most 40
//!   characters, and every invisible character shown as `\u{HEX}`;
//! - [`word`] quotes a word that the Hub compares exactly (a type, a gate key, a key of a field or
//!   option mapping): nothing collapsed or trimmed, invisible characters and blanks other than a
//!   space shown as `\u{HEX}`, and, in a word that also holds ASCII letters, a Cyrillic, Greek or
//!   fullwidth letter that looks like an ASCII one too;
//! - [`hidden`] names what such a word hides ("a trailing space", "a zero-width space
//!   `\u{200b}`", "a Cyrillic `\u{435}` that looks like a Latin `e`") and gives the word without
//!   it, for the did-you-mean and the fix.
//!
//! `\u{HEX}` is the notation `render::escape` uses for control characters: a backslash, `u`, and
//! the code point in lower-case hex between braces. A space at either end of a word is left as it
//! is, between the backticks that quote it, and named by [`hidden`].

/// A label or option as messages show it: one line, at most 40 characters, `…` after, with every
/// invisible character shown as `\u{HEX}`.
pub fn short(text: &str) -> String {
    // Lazily: only the first 41 characters are ever looked at, however long the text.
    let mut chars = text
        .split_whitespace()
        .enumerate()
        .flat_map(|(i, word)| (i > 0).then_some(' ').into_iter().chain(word.chars()));
    let cut: Vec<char> = chars.by_ref().take(40).collect();
    let more = chars.next().is_some();
    let mut out = String::with_capacity(cut.len() + 4);
    let last = cut.len().saturating_sub(usize::from(more));
    for (i, &c) in cut.iter().take(last).enumerate() {
        // A joiner or variation selector inside an emoji sequence (`👩‍💻`, `✔️`) is part of it.
        let in_emoji = matches!(c, '\u{200d}' | '\u{fe0e}' | '\u{fe0f}')
            && i > 0
            && cut.get(i - 1).is_some_and(|&p| !p.is_ascii());
        if invisible(c).is_some() && !in_emoji {
            push_code(&mut out, c);
        } else {
            out.push(c);
        }
    }
    if more {
        out.push('…');
    }
    out
}

/// A word compared exactly (a type, a key) as messages show it, without its backticks: every
/// invisible character, blank other than a space, and look-alike letter (see the module) shown as
/// `\u{HEX}`; at most 40 characters, `…` after.
pub fn word(text: &str) -> String {
    let mixed = text.chars().any(|c| c.is_ascii_alphabetic());
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if invisible(c).is_some()
            || (c.is_whitespace() && c != ' ')
            || look_alike(c).is_some_and(|(script, _)| mixed || script == FULLWIDTH)
        {
            push_code(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// What a word hides, and the word without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    /// What is hidden, as a noun phrase: "a trailing space", "a no-break space `\u{a0}` and a
    /// trailing space".
    pub what: String,
    /// The word with blanks trimmed, invisible characters removed, other blanks made spaces and
    /// look-alike letters made the ASCII letters they look like.
    pub clean: String,
}

/// What `text`, a word compared exactly, hides from a reader: blanks at either end, invisible
/// characters, blanks other than a space, and (when it also holds ASCII letters) letters that only
/// look like ASCII ones. `None` when it hides nothing.
pub fn hidden(text: &str) -> Option<Hidden> {
    let mut found: Vec<String> = Vec::new();
    let mut add = |what: String| {
        if !found.contains(&what) {
            found.push(what);
        }
    };
    let mixed = text.chars().any(|c| c.is_ascii_alphabetic());
    if let Some(c) = text.chars().next().filter(|c| c.is_ascii_whitespace()) {
        add(format!("a leading {}", blank_name(c)));
    }
    for c in text.chars() {
        if let Some(name) = invisible(c) {
            add(format!("{name} `{}`", code(c)));
        } else if c.is_whitespace() && !c.is_ascii_whitespace() {
            add(format!("{} `{}`", space_name(c), code(c)));
        } else if let Some((script, ascii)) =
            look_alike(c).filter(|(script, _)| mixed || *script == FULLWIDTH)
        {
            let latin = if script == FULLWIDTH { "" } else { "a Latin " };
            add(format!(
                "a {script} `{}` that looks like {latin}`{ascii}`",
                code(c)
            ));
        }
    }
    let trimmed = text.trim_end_matches(|c: char| c.is_ascii_whitespace());
    if trimmed.len() < text.len() && !trimmed.is_empty() {
        if let Some(c) = text.chars().last() {
            add(format!("a trailing {}", blank_name(c)));
        }
    }
    if found.is_empty() {
        return None;
    }
    let clean: String = text
        .chars()
        .filter(|&c| invisible(c).is_none())
        .map(|c| match look_alike(c) {
            Some((script, ascii)) if mixed || script == FULLWIDTH => ascii,
            _ if c.is_whitespace() => ' ',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_owned();
    let what = match found.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    Some(Hidden { what, clean })
}

fn blank_name(c: char) -> &'static str {
    match c {
        '\t' => "tab",
        '\n' | '\r' => "line break",
        _ => "space",
    }
}

fn space_name(c: char) -> &'static str {
    match c {
        '\u{a0}' => "a no-break space",
        '\u{202f}' => "a narrow no-break space",
        '\u{3000}' => "an ideographic space",
        '\u{2028}' => "a line separator",
        '\u{2029}' => "a paragraph separator",
        _ => "a typographic space",
    }
}

/// Whether `c` shows as nothing (or nearly): a format character, filler, joiner or selector
/// (see [`hidden`]'s names for them). `render::escape` shows these as `\u{HEX}` too.
pub fn is_invisible(c: char) -> bool {
    invisible(c).is_some()
}

/// The name of a character that shows as nothing (or nearly): format characters, fillers, joiners
/// and selectors. `None` for every other character.
fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200b}' => "a zero-width space",
        '\u{200c}' => "a zero-width non-joiner",
        '\u{200d}' => "a zero-width joiner",
        '\u{2060}' => "a word joiner",
        '\u{feff}' => "a byte order mark",
        '\u{ad}' => "a soft hyphen",
        '\u{200e}' | '\u{200f}' | '\u{61c}' => "a direction mark",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "a direction control",
        '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}' => "a variation selector",
        '\u{34f}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{17b4}'
        | '\u{17b5}'
        | '\u{180b}'..='\u{180f}'
        | '\u{2061}'..='\u{2064}'
        | '\u{206a}'..='\u{206f}'
        | '\u{3164}'
        | '\u{ffa0}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e007f}' => "an invisible character",
        _ => return None,
    })
}

/// The script and the ASCII letter of a Cyrillic, Greek or fullwidth letter that looks like one.
fn look_alike(c: char) -> Option<(&'static str, char)> {
    const CYRILLIC: &[(char, char)] = &[
        ('а', 'a'),
        ('е', 'e'),
        ('о', 'o'),
        ('р', 'p'),
        ('с', 'c'),
        ('у', 'y'),
        ('х', 'x'),
        ('ѕ', 's'),
        ('і', 'i'),
        ('ј', 'j'),
        ('ԁ', 'd'),
        ('һ', 'h'),
        ('ԛ', 'q'),
        ('ԝ', 'w'),
        ('ӏ', 'l'),
        ('А', 'A'),
        ('В', 'B'),
        ('Е', 'E'),
        ('К', 'K'),
        ('М', 'M'),
        ('Н', 'H'),
        ('О', 'O'),
        ('Р', 'P'),
        ('С', 'C'),
        ('Т', 'T'),
        ('Х', 'X'),
        ('Ѕ', 'S'),
        ('І', 'I'),
        ('Ј', 'J'),
        ('У', 'Y'),
    ];
    const GREEK: &[(char, char)] = &[
        ('α', 'a'),
        ('ο', 'o'),
        ('ν', 'v'),
        ('ρ', 'p'),
        ('ι', 'i'),
        ('κ', 'k'),
        ('υ', 'u'),
        ('Α', 'A'),
        ('Β', 'B'),
        ('Ε', 'E'),
        ('Ζ', 'Z'),
        ('Η', 'H'),
        ('Ι', 'I'),
        ('Κ', 'K'),
        ('Μ', 'M'),
        ('Ν', 'N'),
        ('Ο', 'O'),
        ('Ρ', 'P'),
        ('Τ', 'T'),
        ('Υ', 'Y'),
        ('Χ', 'X'),
    ];
    let find = |table: &[(char, char)]| table.iter().find(|(k, _)| *k == c).map(|(_, a)| *a);
    if let Some(a) = find(CYRILLIC) {
        return Some(("Cyrillic", a));
    }
    if let Some(a) = find(GREEK) {
        return Some(("Greek", a));
    }
    // Fullwidth forms of ASCII letters, digits and `_`, `-`.
    let u = u32::from(c);
    if (0xFF01..=0xFF5E).contains(&u) {
        let ascii = char::from_u32(u - 0xFEE0)
            .filter(|a| a.is_ascii_alphanumeric() || "_-".contains(*a))?;
        return Some((FULLWIDTH, ascii));
    }
    None
}

/// Fullwidth letters are look-alikes even in a word without ASCII letters (`ｔｅｘｔ`).
const FULLWIDTH: &str = "fullwidth";

fn code(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

fn push_code(out: &mut String, c: char) {
    out.push_str(&code(c));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_show_what_they_hide() {
        assert_eq!(word("text "), "text ");
        assert_eq!(word("text\u{a0}"), "text\\u{a0}");
        assert_eq!(word("checkbox\u{200b}"), "checkbox\\u{200b}");
        assert_eq!(word("\u{feff}text"), "\\u{feff}text");
        assert_eq!(
            word("extra_gated_fi\u{435}lds"),
            "extra_gated_fi\\u{435}lds"
        );
        assert_eq!(word("a\tb"), "a\\u{9}b");
        // A word of Cyrillic letters only is no look-alike.
        assert_eq!(word("страна"), "страна");
        assert_eq!(word("plain"), "plain");
    }

    #[test]
    fn hidden_names_the_problem_and_cleans_the_word() {
        let h = hidden("text ").unwrap();
        assert_eq!(h.what, "a trailing space");
        assert_eq!(h.clean, "text");
        let h = hidden(" text").unwrap();
        assert_eq!(h.what, "a leading space");
        let h = hidden("text\u{a0}").unwrap();
        assert_eq!(h.what, "a no-break space `\\u{a0}`");
        assert_eq!(h.clean, "text");
        let h = hidden("check\u{200b}box").unwrap();
        assert_eq!(h.what, "a zero-width space `\\u{200b}`");
        assert_eq!(h.clean, "checkbox");
        let h = hidden("ch\u{435}ckbox").unwrap();
        assert_eq!(h.what, "a Cyrillic `\\u{435}` that looks like a Latin `e`");
        assert_eq!(h.clean, "checkbox");
        let h = hidden("\u{feff}t\u{3bf}ken ").unwrap();
        assert_eq!(
            h.what,
            "a byte order mark `\\u{feff}`, a Greek `\\u{3bf}` that looks like a Latin `o` and a trailing space"
        );
        assert_eq!(h.clean, "token");
        assert_eq!(hidden("ｔｅｘｔ").unwrap().clean, "text".to_string());
        assert_eq!(hidden("text"), None);
        assert_eq!(hidden("date picker"), None);
        assert_eq!(hidden("страна"), None);
        assert_eq!(hidden(""), None);
    }

    #[test]
    fn short_shows_invisible_characters_but_keeps_emoji_whole() {
        assert_eq!(short("  Name\u{200b}  here "), "Name\\u{200b} here");
        assert_eq!(short("✔\u{fe0f} I agree"), "✔\u{fe0f} I agree");
        assert_eq!(short("a\u{fe0f}"), "a\\u{fe0f}");
        let long = "x".repeat(50);
        assert_eq!(short(&long).chars().count(), 40);
        assert!(short(&long).ends_with('…'));
    }
}
