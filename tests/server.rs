//! `gatelint server` over lsp-server's in-memory connection: the protocol as a client sees it,
//! snapshotted, and checked against the library (the diagnostics are `gatelint check`'s findings
//! at the same places, the fixes are `--fix`'s), in UTF-16 and UTF-8.
//! The end-to-end tests against the binary (pytest-lsp, Neovim) are in tests/lsp/.

#[path = "support/files.rs"]
mod files;

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use gatelint::{lint_bytes, Settings};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(60);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A client talking to a server thread.
struct Client {
    conn: Connection,
    server: Option<JoinHandle<u8>>,
    next: i32,
    /// Notifications received and not yet looked at.
    inbox: Vec<Notification>,
    dir: tempfile::TempDir,
}

impl Client {
    /// Starts a server and initializes it with a workspace folder in a fresh directory.
    fn start(encodings: &[&str]) -> Client {
        let client = Client::spawn();
        let folder = uri(client.dir.path());
        let mut client = client;
        let response = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": folder,
                "workspaceFolders": [{ "uri": folder, "name": "ws" }],
                "capabilities": {
                    "general": { "positionEncodings": encodings },
                    "textDocument": { "completion": { "completionItem": { "snippetSupport": true } } },
                    "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
                },
            }),
        );
        assert!(response.error.is_none(), "{response:?}");
        client.notify("initialized", json!({}));
        client
    }

    fn spawn() -> Client {
        let (server, conn) = Connection::memory();
        let handle = std::thread::spawn(move || gatelint::server::serve(server));
        Client {
            conn,
            server: Some(handle),
            next: 0,
            inbox: Vec::new(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.to_owned(),
                params,
            )))
            .unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next += 1;
        let id = RequestId::from(self.next);
        let request = Request::new(id.clone(), method.to_owned(), params);
        self.conn.sender.send(Message::Request(request)).unwrap();
        loop {
            match self.conn.receiver.recv_timeout(TIMEOUT).expect("no answer") {
                Message::Response(r) if r.id == id => return r,
                Message::Response(r) => panic!("an answer to another request: {r:?}"),
                Message::Notification(n) => self.inbox.push(n),
                Message::Request(r) => self.answer(r),
            }
        }
    }

    /// The server's own requests (watcher registration): answered as a client would.
    fn answer(&self, request: Request) {
        self.conn
            .sender
            .send(Message::Response(Response::new_ok(request.id, Value::Null)))
            .unwrap();
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response.error.is_none(), "{method}: {response:?}");
        response.result.unwrap_or(Value::Null)
    }

    /// The next notification with this method (and for this URI, for diagnostics).
    fn wait(&mut self, method: &str, uri: Option<&str>) -> Value {
        let matches =
            |n: &Notification| n.method == method && uri.is_none_or(|u| n.params["uri"] == u);
        if let Some(i) = self.inbox.iter().position(matches) {
            return self.inbox.remove(i).params;
        }
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(TIMEOUT)
                .expect("no notification")
            {
                Message::Notification(n) if matches(&n) => return n.params,
                Message::Notification(n) => self.inbox.push(n),
                Message::Request(r) => self.answer(r),
                Message::Response(r) => panic!("an unasked answer: {r:?}"),
            }
        }
    }

    fn diagnostics(&mut self, uri: &str) -> Value {
        self.wait("textDocument/publishDiagnostics", Some(uri))
    }

    fn open(&mut self, name: &str, text: &str) -> String {
        let uri = uri(&self.path(name));
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
        uri
    }

    /// Shuts down and exits; the server's exit code.
    fn stop(mut self) -> u8 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r.result, Some(Value::Null));
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }

    /// Text with the client's paths replaced, for snapshots.
    fn redact(&self, value: &Value) -> String {
        let text = serde_json::to_string_pretty(value).unwrap();
        text.replace(&uri(self.dir.path()), "file://[WS]")
    }
}

fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A position as the client counts it: `utf16` or UTF-8 bytes, with lines broken as LSP says.
fn position(text: &str, offset: usize, utf16: bool) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = before
        .char_indices()
        .filter(|&(i, c)| c == '\n' || (c == '\r' && text.as_bytes().get(i + 1) != Some(&b'\n')))
        .count();
    let col = &text[line_start..offset];
    let character = if utf16 {
        col.encode_utf16().count()
    } else {
        col.len()
    };
    json!({ "line": line, "character": character })
}

/// The byte offset of a client position (the inverse of [`position`]).
fn offset(text: &str, pos: &Value, utf16: bool) -> usize {
    let (line, character) = (
        pos["line"].as_u64().unwrap() as usize,
        pos["character"].as_u64().unwrap() as usize,
    );
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    let start = starts[line];
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' || c == '\r' {
            return start + i;
        }
        units += if utf16 { c.len_utf16() } else { c.len_utf8() };
    }
    text.len()
}

/// Applies a workspace edit's text edits for `uri` to `text`.
fn apply(text: &str, edit: &Value, uri: &str, utf16: bool) -> String {
    let edits = edit["changes"][uri]
        .as_array()
        .expect("edits for the document");
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], utf16),
                offset(text, &e["range"]["end"], utf16),
                e["newText"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut out = text.to_owned();
    for (start, end, new) in spans.into_iter().rev() {
        out.replace_range(start..end, &new);
    }
    out
}

fn card_files() -> Vec<PathBuf> {
    let mut files = files::with_extension(&root().join("fixtures"), "md");
    files.sort();
    files
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

#[test]
fn diagnostics_are_the_findings_of_check_at_the_same_places() {
    for encoding in ["utf-16", "utf-8"] {
        let utf16 = encoding == "utf-16";
        let mut client = Client::start(&[encoding]);
        let mut compared = 0;
        for file in card_files() {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue; // not UTF-8: an editor would not hold it as it is
            };
            let uri = client.open("README.md", &text);
            let got = client.diagnostics(&uri);
            let findings = lint_bytes(text.as_bytes(), &Settings::default());
            let diags = got["diagnostics"].as_array().unwrap();
            assert_eq!(diags.len(), findings.len(), "{}", file.display());
            for (d, f) in diags.iter().zip(&findings) {
                let want = json!({
                    "start": position(&text, f.span.start, utf16),
                    "end": position(&text, f.span.end, utf16),
                });
                assert_eq!(d["range"], want, "{} {}", file.display(), f.rule);
                assert_eq!(d["code"], f.rule.name());
                assert!(d["message"].as_str().unwrap().starts_with(&f.message));
                let related = d["relatedInformation"].as_array().map_or(0, Vec::len);
                assert_eq!(related, f.related.len());
            }
            compared += findings.len();
            client.notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            );
            if !findings.is_empty() {
                assert_eq!(client.diagnostics(&uri)["diagnostics"], json!([]));
            }
        }
        assert!(compared > 50, "{compared}");
        assert_eq!(client.stop(), 0);
    }
}

/// Accents and emoji before the finding on its line: the range still covers the value.
const ACCENTS: &str = "---\nextra_gated_fields:\n  Pays 🇫🇷 é: countries\n  \"🤗 ok\": checkbox\nextra_gated_eu_disallowed: yes\n---\n";

#[test]
fn positions_in_utf16_and_utf8() {
    for (encoding, name) in [
        (vec!["utf-16"], "utf16"),
        (vec!["utf-8", "utf-16"], "utf8"),
        (vec![], "default"),
    ] {
        let mut client = Client::start(&encoding.iter().map(|s| &**s).collect::<Vec<_>>());
        let uri = client.open("README.md", ACCENTS);
        let got = client.diagnostics(&uri);
        let range = &got["diagnostics"][0]["range"];
        let utf16 = name != "utf8";
        let start = offset(ACCENTS, &range["start"], utf16);
        let end = offset(ACCENTS, &range["end"], utf16);
        assert_eq!(&ACCENTS[start..end], "countries", "{name}");
        insta::assert_snapshot!(format!("positions_{name}"), client.redact(&got));
        client.stop();
    }
}

#[test]
fn changes_are_relinted_and_a_closed_card_is_cleared() {
    let mut client = Client::start(&[]);
    let uri = client.open("README.md", ACCENTS);
    assert_eq!(
        client.diagnostics(&uri)["diagnostics"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // An incremental change: `countries` → `country` (line 2, after "  Pays 🇫🇷 é: ").
    let start = ACCENTS.find("countries").unwrap();
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{
                "range": { "start": position(ACCENTS, start, true), "end": position(ACCENTS, start + 9, true) },
                "text": "country",
            }],
        }),
    );
    let got = client.diagnostics(&uri);
    assert_eq!(got["version"], 2);
    let diags = got["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{got}");
    assert_eq!(diags[0]["code"], "eu-disallowed-not-boolean");
    // A whole-text change, then a save.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": "# no front matter\n" }] }),
    );
    let got = client.diagnostics(&uri);
    assert_eq!(got["diagnostics"][0]["code"], "missing-front-matter");
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(client.diagnostics(&uri)["version"], 3);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(client.diagnostics(&uri)["diagnostics"], json!([]));
    assert_eq!(client.stop(), 0);
}

#[test]
fn only_cards_get_diagnostics() {
    let mut client = Client::start(&[]);
    // Markdown without gate keys and no README: nothing, not even an empty publish.
    let plain = client.open("notes.md", "---\ntitle: x\n---\n# Notes\n");
    // Markdown with gate keys, under another name: linted.
    let other = client.open("card.md", "---\nextra_gated_fields:\n  Name: txt\n---\n");
    let got = client.diagnostics(&other);
    assert_eq!(got["diagnostics"][0]["code"], "unknown-field-type");
    // A card that does not parse while the author types keeps its diagnostics.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": other, "version": 2 }, "contentChanges": [{ "text": "---\nextra_gated_fields:\n  Name: [txt\n---\n" }] }),
    );
    assert_eq!(
        client.diagnostics(&other)["diagnostics"][0]["code"],
        "yaml-syntax-error"
    );
    let r = client.result(
        "textDocument/hover",
        json!({ "textDocument": { "uri": plain }, "position": { "line": 1, "character": 1 } }),
    );
    assert_eq!(r, Value::Null);
    assert!(
        !client
            .inbox
            .iter()
            .any(|n| n.params["uri"] == plain.as_str()),
        "{:?}",
        client.inbox
    );
    client.stop();
}

// ---------------------------------------------------------------------------------------------
// Code actions

fn actions(
    client: &mut Client,
    uri: &str,
    text: &str,
    range: (usize, usize),
    only: Option<&[&str]>,
) -> Value {
    let mut context = json!({ "diagnostics": [] });
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    client.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": position(text, range.0, true), "end": position(text, range.1, true) },
            "context": context,
        }),
    )
}

#[test]
fn fix_all_is_what_fix_makes_and_each_quickfix_is_its_fix() {
    let mut client = Client::start(&[]);
    let mut fixed_cards = 0;
    for file in card_files() {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let uri = client.open("README.md", &text);
        client.diagnostics(&uri);
        let want = gatelint::fix::fix(text.as_bytes(), true, &Settings::default());
        let all = actions(&mut client, &uri, &text, (0, text.len()), None);
        let all = all.as_array().unwrap();
        let fix_all: Vec<&Value> = all
            .iter()
            .filter(|a| a["kind"] == "source.fixAll.gatelint")
            .collect();
        if want.changed() {
            assert_eq!(fix_all.len(), 1, "{}", file.display());
            let got = apply(&text, &fix_all[0]["edit"], &uri, true);
            assert_eq!(got.as_bytes(), want.bytes, "{}", file.display());
            fixed_cards += 1;
        } else {
            assert!(fix_all.is_empty(), "{}: {fix_all:?}", file.display());
        }
        // One quick fix per fixable finding, each the finding's own edits.
        let findings = lint_bytes(text.as_bytes(), &Settings::default());
        let blocked = findings
            .iter()
            .any(|f| gatelint::fix::BLOCKING.contains(&f.rule));
        let quick: Vec<&Value> = all.iter().filter(|a| a["kind"] == "quickfix").collect();
        let fixable: Vec<_> = findings.iter().filter(|f| f.fix.is_some()).collect();
        assert_eq!(
            quick.len(),
            if blocked { 0 } else { fixable.len() },
            "{}",
            file.display()
        );
        for (action, finding) in quick.iter().zip(&fixable) {
            let fix = finding.fix.as_ref().unwrap();
            assert_eq!(action["title"], fix.description.as_str());
            assert_eq!(action["diagnostics"][0]["code"], finding.rule.name());
            let got = apply(&text, &action["edit"], &uri, true);
            let mut want = text.clone();
            let crlf = gatelint::fix::uses_crlf(text.as_bytes());
            let mut edits = fix.edits.clone();
            edits.sort_by_key(|e| e.span.start);
            for e in edits.iter().rev() {
                let r = e.replacement.replace("\r\n", "\n");
                let r = if crlf { r.replace('\n', "\r\n") } else { r };
                want.replace_range(e.span.start..e.span.end, &r);
            }
            assert_eq!(got, want, "{}: {}", file.display(), finding.rule);
        }
        client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
    assert!(fixed_cards >= 5, "{fixed_cards}");
    client.stop();
}

#[test]
fn code_actions_snapshot_and_kind_filter() {
    let mut client = Client::start(&[]);
    let uri = client.open("README.md", ACCENTS);
    client.diagnostics(&uri);
    let yes = ACCENTS.find("yes").unwrap();
    let got = actions(&mut client, &uri, ACCENTS, (yes, yes), None);
    insta::assert_snapshot!("code_actions", client.redact(&got));
    let only_fix_all = actions(
        &mut client,
        &uri,
        ACCENTS,
        (yes, yes),
        Some(&["source.fixAll"]),
    );
    let kinds: Vec<&Value> = only_fix_all
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["kind"])
        .collect();
    assert_eq!(kinds, [&json!("source.fixAll.gatelint")]);
    let only_quick = actions(&mut client, &uri, ACCENTS, (yes, yes), Some(&["quickfix"]));
    assert_eq!(only_quick.as_array().unwrap().len(), 1);
    let none = actions(&mut client, &uri, ACCENTS, (yes, yes), Some(&["refactor"]));
    assert_eq!(none, json!([]));
    client.stop();
}

// ---------------------------------------------------------------------------------------------
// Hover and completion

fn hover(client: &mut Client, uri: &str, text: &str, at: usize) -> Value {
    client.result(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": position(text, at, true) }),
    )
}

#[test]
fn hover_on_findings_and_gate_keys() {
    let mut client = Client::start(&[]);
    let uri = client.open("README.md", ACCENTS);
    client.diagnostics(&uri);
    let on_finding = hover(
        &mut client,
        &uri,
        ACCENTS,
        ACCENTS.find("countries").unwrap() + 2,
    );
    let on_key = hover(
        &mut client,
        &uri,
        ACCENTS,
        ACCENTS.find("eu_disallowed").unwrap(),
    );
    let on_fields = hover(&mut client, &uri, ACCENTS, 5);
    let nothing = hover(
        &mut client,
        &uri,
        ACCENTS,
        ACCENTS.find("checkbox").unwrap(),
    );
    assert_eq!(nothing, Value::Null);
    insta::assert_snapshot!(
        "hover",
        [on_finding, on_key, on_fields]
            .map(|h| client.redact(&h))
            .join("\n")
    );
    client.stop();
}

fn complete(client: &mut Client, uri: &str, text: &str, at: usize) -> Value {
    client.result(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": position(text, at, true) }),
    )
}

fn labels(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["label"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn completion_of_keys_types_and_a_select_skeleton() {
    let mut client = Client::start(&[]);
    let text = "---\nlicense: mit\nextra_gated_fields:\n  Name: \n  Role:\n    type: \n  Where: se\nextra_gated_eu_disallowed: \next\n---\n# Body\next\n";
    let uri = client.open("README.md", text);
    client.diagnostics(&uri);
    let at = |needle: &str| text.find(needle).unwrap() + needle.len();
    // Top level: the gate keys not there yet.
    let keys = complete(&mut client, &uri, text, at("\next\n---") - 4);
    assert_eq!(
        labels(&keys),
        [
            "extra_gated_prompt",
            "extra_gated_heading",
            "extra_gated_description",
            "extra_gated_button_content"
        ]
    );
    // After a label: the types, and select as a skeleton.
    let types = complete(&mut client, &uri, text, at("Name: "));
    assert_eq!(
        labels(&types),
        [
            "text",
            "checkbox",
            "date_picker",
            "country",
            "ip_location",
            "select"
        ]
    );
    let after_type = complete(&mut client, &uri, text, at("type: "));
    assert_eq!(labels(&after_type).len(), 6);
    let eu = complete(&mut client, &uri, text, at("disallowed: "));
    assert_eq!(labels(&eu), ["true", "false"]);
    // The select skeleton replaces what was typed after the label's colon.
    let partial = complete(&mut client, &uri, text, at("Where: se"));
    let select = partial["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "select")
        .unwrap();
    let edit = json!({ "changes": { uri.clone(): [select["textEdit"].clone()] } });
    let done = apply(text, &edit, &uri, true);
    assert!(
        done.contains("  Where:\n    type: select\n    options:\n    - ${1:first option}\n    - ${2:second option}\n"),
        "{done}"
    );
    // Outside the front matter, and in the body: nothing.
    assert_eq!(
        complete(&mut client, &uri, text, text.len() - 1),
        Value::Null
    );
    insta::assert_snapshot!(
        "completion",
        client.redact(&json!([keys["items"][0], types["items"][0], select]))
    );
    client.stop();
}

// ---------------------------------------------------------------------------------------------
// Configuration

#[test]
fn nearest_config_in_the_workspace_reloaded_when_it_changes() {
    let mut client = Client::start(&[]);
    std::fs::create_dir_all(client.path("org/model")).unwrap();
    std::fs::write(
        client.path("org/.gatelint.toml"),
        "ignore = [\"unknown-field-type\"]\n",
    )
    .unwrap();
    let uri = uri(&client.path("org/model/README.md"));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": ACCENTS } }),
    );
    let codes = |d: &Value| -> Vec<String> {
        d["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        codes(&client.diagnostics(&uri)),
        ["eu-disallowed-not-boolean"]
    );

    // Changed on disk: a file event re-lints every open card with the new settings.
    std::fs::write(
        client.path("org/.gatelint.toml"),
        "[severity]\neu-disallowed-not-boolean = \"off\"\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": self::uri(&client.path("org/.gatelint.toml")), "type": 2 }] }),
    );
    assert_eq!(codes(&client.diagnostics(&uri)), ["unknown-field-type"]);

    // Broken: a message and a diagnostic on the config, the defaults for the card.
    std::fs::write(
        client.path("org/.gatelint.toml"),
        "ignore = [\"unknown-feild-type\"]\n",
    )
    .unwrap();
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": self::uri(&client.path("org/.gatelint.toml")) } }),
    );
    let config_uri = self::uri(&client.path("org/.gatelint.toml"));
    let on_config = client.diagnostics(&config_uri);
    let shown = client.wait("window/showMessage", None);
    assert_eq!(codes(&client.diagnostics(&uri)).len(), 2);
    insta::assert_snapshot!("config_problem", client.redact(&json!([on_config, shown])));

    // Fixed: the config's diagnostic is cleared.
    std::fs::write(client.path("org/.gatelint.toml"), "").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": config_uri } }),
    );
    assert_eq!(client.diagnostics(&config_uri)["diagnostics"], json!([]));
    client.stop();
}

#[test]
fn a_config_outside_the_workspace_or_through_a_link_leaving_it_is_not_read() {
    let mut client = Client::start(&[]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("cfg.toml"),
        "ignore = [\"unknown-field-type\"]\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("cfg.toml"),
        client.path(".gatelint.toml"),
    )
    .unwrap();
    let uri = client.open("README.md", ACCENTS);
    let got = client.diagnostics(&uri);
    assert_eq!(got["diagnostics"].as_array().unwrap().len(), 2, "{got}");
    let shown = client.wait("window/showMessage", None);
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("outside the checked tree"),
        "{shown}"
    );
    client.stop();
}

// ---------------------------------------------------------------------------------------------
// Robustness and lifecycle

#[test]
fn malformed_requests_get_errors_and_the_server_goes_on() {
    let mut client = Client::spawn();
    // Before initialize.
    let r = client.request("textDocument/hover", json!({}));
    assert_eq!(r.error.unwrap().code, -32002);
    let mut client = {
        drop(client.conn.sender.clone());
        client
    };
    client.result("initialize", json!({ "capabilities": {} }));
    let r = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(r.error.unwrap().code, -32600);
    let r = client.request("no/suchMethod", json!({}));
    assert_eq!(r.error.unwrap().code, -32601);
    let r = client.request("textDocument/hover", json!({ "textDocument": 5 }));
    assert_eq!(r.error.unwrap().code, -32602);
    client.notify("textDocument/didOpen", json!({ "bad": true }));
    client.notify("no/suchNotification", json!(null));

    // Out-of-range positions and ranges clamp.
    let uri = client.open("README.md", ACCENTS);
    client.diagnostics(&uri);
    let far = json!({ "line": 4_000_000_000u32, "character": 4_000_000_000u32 });
    let r = client.result(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": far }),
    );
    assert_eq!(r, Value::Null);
    client.result(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": far }),
    );
    client.result(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": far, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [] } }),
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "range": { "start": far, "end": far }, "text": "\nmore" }] }),
    );
    let got = client.diagnostics(&uri);
    assert_eq!(got["version"], 2);
    // A request about a document never opened.
    let r = client.result("textDocument/hover", json!({ "textDocument": { "uri": "file:///nowhere.md" }, "position": { "line": 0, "character": 0 } }));
    assert_eq!(r, Value::Null);

    // A document of many megabytes: a card with a long body, and front matter at the 4 MiB cap.
    let mut big = ACCENTS.to_owned();
    big.push_str(&"body text é 🤗\n".repeat(600_000));
    let big_uri = client.open("big/README.md", &big);
    assert_eq!(
        client.diagnostics(&big_uri)["diagnostics"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let huge = format!("---\nextra_gated_prompt: x\n{}", "k: v\n".repeat(1_000_000));
    let huge_uri = client.open("huge/README.md", &huge);
    let got = client.diagnostics(&huge_uri);
    assert_eq!(
        got["diagnostics"][0]["code"],
        "front-matter-too-large",
        "{}",
        &got.to_string()[..200.min(got.to_string().len())]
    );

    // After shutdown: requests refused, exit 0.
    client.result("shutdown", Value::Null);
    let r = client.request("textDocument/hover", json!({}));
    assert_eq!(r.error.unwrap().code, -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.server.take().unwrap().join().unwrap(), 0);
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let mut client = Client::start(&[]);
    client.notify("exit", Value::Null);
    assert_eq!(client.server.take().unwrap().join().unwrap(), 1);
    // And a client that goes away: 1 too.
    let client = Client::spawn();
    let Client { conn, server, .. } = client;
    drop(conn);
    assert_eq!(server.unwrap().join().unwrap(), 1);
}

/// The binary over stdio: bad JSON and bad headers are answered, and a clean shutdown exits 0.
#[test]
fn the_binary_answers_malformed_frames_and_exits_cleanly() {
    use std::io::{Read, Write};
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let input = [
        frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}"),
        frame("{oops"),
        "Content-Length: nope\r\n\r\n".to_owned(),
        frame("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}"),
        frame("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"),
    ]
    .concat();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gatelint"))
        .arg("server")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{out}");
    let bodies: Vec<Value> = out
        .split("Content-Length: ")
        .skip(1)
        .map(|f| serde_json::from_str(f.split_once("\r\n\r\n").unwrap().1).unwrap())
        .collect();
    let summary: Vec<String> = bodies
        .iter()
        .map(|b| {
            format!(
                "{} {}",
                b["id"],
                b.get("error")
                    .map_or("ok".to_owned(), |e| e["code"].to_string())
            )
        })
        .collect();
    // Malformed frames are answered by the reader as they come, so the order may vary.
    let mut summary = summary;
    summary.sort();
    assert_eq!(summary, ["1 ok", "2 ok", "null -32700", "null -32700"]);
}

// ---------------------------------------------------------------------------------------------
// End to end: the built binary under a client library and under a real editor

#[path = "support/tools.rs"]
mod tools;

/// pytest-lsp (a client library we did not write) drives the binary as VS Code and Neovim 0.11
/// would: tests/lsp/test_server.py, against `gatelint check` and `--fix` on every fixture card.
#[test]
fn pytest_lsp_end_to_end() {
    let python = tools::venv_python();
    let out = std::process::Command::new(python)
        .args(["-m", "pytest", "-q", "tests/lsp"])
        .current_dir(root())
        .env("GATELINT", env!("CARGO_BIN_EXE_gatelint"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "pytest-lsp failed:\n{text}");
    let summary = text
        .lines()
        .rev()
        .find(|l| l.contains(" passed"))
        .unwrap_or_default();
    assert!(
        summary.contains("10 passed") && !summary.contains("failed"),
        "{text}"
    );
}

/// Headless Neovim (Debian's `neovim`) opens a card, receives the diagnostics at check's places,
/// and applies a quick fix and the fix-all action: the buffer ends as `--fix` leaves the card.
#[test]
fn neovim_end_to_end() {
    let Some(nvim) = tools::system(
        &["nvim"],
        "apt-get install neovim",
        "gatelint server's Neovim test",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let card = "---\nextra_gated_fields:\n  Pays 🇫🇷 é: countries\n  Accept: Checkbox\nextra_gated_eu_disallowed: yes\n---\n# Model\n";
    std::fs::write(dir.path().join("README.md"), card).unwrap();
    let out_file = dir.path().join("report.txt");
    let status = std::process::Command::new(nvim)
        .args([
            "--headless",
            "-u",
            "NONE",
            "-i",
            "NONE",
            "-n",
            "-c",
            "luafile tests/lsp/nvim.lua",
        ])
        .current_dir(root())
        .env("GATELINT", env!("CARGO_BIN_EXE_gatelint"))
        .env("CARD", dir.path().join("README.md"))
        .env("OUT", &out_file)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let report = std::fs::read_to_string(&out_file).unwrap_or_default();
    assert!(status.status.success(), "{report}\n{status:?}");
    // Neovim shows columns in bytes, converted from the server's UTF-16 positions.
    let findings = lint_bytes(card.as_bytes(), &Settings::default());
    let line_start = |at: usize| card[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_no = |at: usize| card[..at].matches('\n').count();
    for f in &findings {
        let want = format!(
            "diagnostic {}:{}-{}:{} {}",
            line_no(f.span.start),
            f.span.start - line_start(f.span.start),
            line_no(f.span.end),
            f.span.end - line_start(f.span.end),
            f.rule
        );
        assert!(report.lines().any(|l| l == want), "{want}\n{report}");
    }
    let fixed = gatelint::fix::fix(card.as_bytes(), true, &Settings::default());
    let buffer: Vec<&str> = report
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .collect();
    let want: Vec<&str> = std::str::from_utf8(&fixed.bytes).unwrap().lines().collect();
    assert_eq!(buffer, want, "{report}");
    assert!(
        report.contains("apply quickfix: replace `yes` with `true`"),
        "{report}"
    );
    assert!(report.contains("after fix all: 1 diagnostics"), "{report}");
}
