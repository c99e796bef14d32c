//! `gatelint server`: a language server (LSP 3.17) over standard input and output, on the library.
//!
//! Each open card is linted with [`crate::rules::lint_prefix`] and the settings of its nearest
//! `.gatelint.toml` (see `workspace.rs`), exactly as `gatelint check` lints a file; the findings
//! become diagnostics, `--fix`'s engine gives the code actions. One thread handles the messages in
//! order; linting a card takes milliseconds, so no request waits on another for long. Changes
//! that arrive together are linted once: diagnostics are published when no message is waiting
//! (or after [`MAX_DEFERRED`] messages), always for the latest text.
//!
//! | module | what |
//! |---|---|
//! | `transport` | the stdio framing, malformed messages answered |
//! | `text` | lines, and positions in UTF-8 or UTF-16 |
//! | `document` | open documents, `file:` URIs |
//! | `workspace` | each document's settings, from its nearest config |
//! | `lint` | lint a document; findings as diagnostics |
//! | `actions` | quick fixes and `source.fixAll.gatelint` |
//! | `hover` | findings and gate keys explained |
//! | `complete` | gate keys, field types, a select skeleton |

mod actions;
mod complete;
mod document;
mod hover;
mod lint;
mod text;
mod transport;
mod workspace;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, Diagnostic, DiagnosticSeverity, DidChangeWatchedFilesRegistrationOptions,
    FileSystemWatcher, GlobPattern, HoverProviderCapability, InitializeParams, InitializeResult,
    MessageType, PositionEncodingKind, PublishDiagnosticsParams, Registration, RegistrationParams,
    SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use self::document::Document;
use self::lint::Lint;
use self::text::{Encoding, Lines};
use self::workspace::{Problem, Workspace};

/// `gatelint server`'s flags.
#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// Talk over standard input and output: the only transport, and the default; accepted because
    /// some clients always pass it
    #[arg(long)]
    pub stdio: bool,
}

/// At most this many messages are handled before waiting diagnostics are published.
pub const MAX_DEFERRED: usize = 32;

/// The code action kind of "fix everything gatelint can".
pub const FIX_ALL: &str = "source.fixAll.gatelint";

/// Serves over stdio until `exit`: exit code 0 after a `shutdown` request, 1 otherwise (the
/// specification's rule), 1 too when the client goes away without `exit`.
pub fn run(_args: &ServerArgs) -> ExitCode {
    let (connection, threads) = transport::stdio();
    let code = serve(connection);
    // Every answer is written before the process ends.
    if let Err(err) = threads.join() {
        eprintln!(
            "gatelint server: {}",
            crate::render::escape(&err.to_string())
        );
        return ExitCode::from(1);
    }
    ExitCode::from(code)
}

/// Serves one connection (stdio, or lsp-server's in-memory pair in tests) until `exit` or until
/// the client goes away; returns the exit code (see [`run`]).
pub fn serve(connection: Connection) -> u8 {
    let mut server = Server::new(connection.sender.clone());
    let mut deferred = 0;
    loop {
        let Ok(message) = connection.receiver.recv() else {
            return if server.shutdown { 0 } else { 1 };
        };
        match message {
            Message::Notification(n) if n.method == note::Exit::METHOD => {
                return if server.shutdown { 0 } else { 1 };
            }
            Message::Notification(n) => server.notification(n),
            Message::Request(r) => server.request(r),
            // Answers to our requests (capability registration): nothing to do.
            Message::Response(_) => {}
        }
        deferred += 1;
        if connection.receiver.is_empty() || deferred >= MAX_DEFERRED {
            server.publish_dirty();
            deferred = 0;
        }
    }
}

struct Server {
    sender: Sender<Message>,
    encoding: Encoding,
    /// The client takes snippets in completions.
    snippets: bool,
    /// The client lets us register file watchers.
    watch_files: bool,
    workspace: Workspace,
    docs: HashMap<Uri, Document>,
    /// Documents whose diagnostics are out of date.
    dirty: BTreeSet<Uri>,
    /// Documents with diagnostics published and not yet cleared.
    published: HashSet<Uri>,
    /// The problem published for each broken config, to publish only changes and clear fixed ones.
    config_problems: HashMap<PathBuf, Problem>,
    initialized: bool,
    shutdown: bool,
    next_id: i32,
}

/// A request's error answer.
struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    fn new(code: ErrorCode, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, Failure> {
    serde_json::from_value(value)
        .map_err(|e| Failure::new(ErrorCode::InvalidParams, format!("invalid params: {e}")))
}

impl Server {
    fn new(sender: Sender<Message>) -> Server {
        Server {
            sender,
            encoding: Encoding::Utf16,
            snippets: false,
            watch_files: false,
            workspace: Workspace::default(),
            docs: HashMap::new(),
            dirty: BTreeSet::new(),
            published: HashSet::new(),
            config_problems: HashMap::new(),
            initialized: false,
            shutdown: false,
            next_id: 0,
        }
    }

    fn send(&self, message: Message) {
        // The client is gone when this fails: the receive loop ends on its own.
        let _ = self.sender.send(message);
    }

    fn notify<N: note::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_owned(),
            params,
        )));
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let result = if request.method == req::Initialize::METHOD {
            if self.initialized {
                Err(Failure::new(
                    ErrorCode::InvalidRequest,
                    "the server is already initialized",
                ))
            } else {
                self.initialize(request.params)
            }
        } else if !self.initialized {
            Err(Failure::new(
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet",
            ))
        } else if self.shutdown {
            Err(Failure::new(
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            ))
        } else {
            // A bug must not take the server down: the request fails, the server goes on.
            catch_unwind(AssertUnwindSafe(|| self.dispatch(request))).unwrap_or_else(|_| {
                Err(Failure::new(
                    ErrorCode::InternalError,
                    "gatelint failed on this request (a bug: please report it)",
                ))
            })
        };
        let response = match result {
            Ok(value) => Response {
                id,
                result: Some(value),
                error: None,
            },
            Err(failure) => Response::new_err(id, failure.code as i32, failure.message),
        };
        self.send(Message::Response(response));
    }

    fn dispatch(&mut self, request: Request) -> Result<Value, Failure> {
        let to_json = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| Failure::new(ErrorCode::InternalError, e.to_string()))
        };
        match request.method.as_str() {
            req::Shutdown::METHOD => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            req::CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(request.params)?;
                let actions = self.code_actions(&p);
                to_json(serde_json::to_value(actions))
            }
            req::HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(request.params)?;
                let uri = &p.text_document_position_params.text_document.uri;
                let position = p.text_document_position_params.position;
                let hover = match (self.lint_of(uri), self.docs.get(uri)) {
                    (Some(lint), Some(doc)) => hover::hover(doc, &lint, position, self.encoding),
                    _ => None,
                };
                to_json(serde_json::to_value(hover))
            }
            req::Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(request.params)?;
                let uri = &p.text_document_position.text_document.uri;
                let position = p.text_document_position.position;
                let items = self.docs.get(uri).and_then(|doc| {
                    complete::complete(doc, position, self.encoding, self.snippets)
                });
                to_json(serde_json::to_value(items))
            }
            other => Err(Failure::new(
                ErrorCode::MethodNotFound,
                format!("unknown method `{}`", short(other)),
            )),
        }
    }

    fn initialize(&mut self, value: Value) -> Result<Value, Failure> {
        let p: InitializeParams = params(value)?;
        self.encoding = negotiate(&p.capabilities);
        let completion = p
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref());
        self.snippets = completion
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        self.watch_files = p
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let mut roots: Vec<PathBuf> = p
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| document::path_of(&f.uri))
            .collect();
        #[allow(deprecated)] // rootUri: still what many clients send
        if roots.is_empty() {
            roots.extend(p.root_uri.as_ref().and_then(document::path_of));
        }
        self.workspace.set_roots(roots);
        self.initialized = true;
        let encoding = match self.encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        };
        let result = InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::from(FIX_ALL),
                        ]),
                        resolve_provider: Some(false),
                        work_done_progress_options: Default::default(),
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![":".to_owned(), " ".to_owned()]),
                    ..CompletionOptions::default()
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(lsp_types::OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "gatelint".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        serde_json::to_value(result)
            .map_err(|e| Failure::new(ErrorCode::InternalError, e.to_string()))
    }

    fn notification(&mut self, n: Notification) {
        if !self.initialized || self.shutdown {
            // Before `initialize` and after `shutdown`, notifications other than `exit` are dropped.
            return;
        }
        let _ = catch_unwind(AssertUnwindSafe(|| self.on_notification(n)));
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            note::Initialized::METHOD => self.register_watchers(),
            note::DidOpenTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidOpenTextDocumentParams>(
                    note::DidOpenTextDocument::METHOD,
                ) else {
                    return;
                };
                let d = p.text_document;
                let doc = Document::new(&d.uri, d.text, d.version, d.language_id);
                self.docs.insert(d.uri.clone(), doc);
                self.dirty.insert(d.uri);
            }
            note::DidChangeTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    note::DidChangeTextDocument::METHOD,
                ) else {
                    return;
                };
                let uri = p.text_document.uri;
                if let Some(doc) = self.docs.get_mut(&uri) {
                    doc.change(p.text_document.version, p.content_changes, self.encoding);
                    self.dirty.insert(uri);
                }
            }
            note::DidSaveTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidSaveTextDocumentParams>(
                    note::DidSaveTextDocument::METHOD,
                ) else {
                    return;
                };
                let uri = p.text_document.uri;
                if is_config(&uri) {
                    self.configs_changed();
                } else if let Some(doc) = self.docs.get_mut(&uri) {
                    if let Some(text) = p.text {
                        doc.text = text;
                        doc.lines = Lines::new(&doc.text);
                    }
                    // A save re-reads the configuration too.
                    doc.lint = None;
                    self.dirty.insert(uri);
                }
            }
            note::DidCloseTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidCloseTextDocumentParams>(
                    note::DidCloseTextDocument::METHOD,
                ) else {
                    return;
                };
                let uri = p.text_document.uri;
                self.docs.remove(&uri);
                self.dirty.remove(&uri);
                if self.published.remove(&uri) {
                    self.publish(uri, Vec::new(), None);
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeWatchedFilesParams>(
                    note::DidChangeWatchedFiles::METHOD,
                ) else {
                    return;
                };
                if p.changes.iter().any(|c| is_config(&c.uri)) {
                    self.configs_changed();
                }
            }
            note::DidChangeWorkspaceFolders::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeWorkspaceFoldersParams>(
                    note::DidChangeWorkspaceFolders::METHOD,
                ) else {
                    return;
                };
                let removed: Vec<PathBuf> = p
                    .event
                    .removed
                    .iter()
                    .filter_map(|f| document::path_of(&f.uri))
                    .collect();
                let mut roots: Vec<PathBuf> = self
                    .workspace
                    .roots()
                    .iter()
                    .filter(|r| !removed.contains(r))
                    .cloned()
                    .collect();
                roots.extend(
                    p.event
                        .added
                        .iter()
                        .filter_map(|f| document::path_of(&f.uri)),
                );
                self.workspace.set_roots(roots);
                self.configs_changed();
            }
            // `$/cancelRequest` (every request is answered before the next is read),
            // `$/setTrace`, `workspace/didChangeConfiguration` and anything unknown: nothing to do.
            _ => {}
        }
    }

    /// Asks the client to tell us when a config changes, when it lets us.
    fn register_watchers(&mut self) {
        if !self.watch_files {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{}", crate::config::FILE_NAME)),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "gatelint-config".to_owned(),
                method: note::DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_id += 1;
        let id = RequestId::from(format!("gatelint-{}", self.next_id));
        self.send(Message::Request(Request::new(
            id,
            req::RegisterCapability::METHOD.to_owned(),
            params,
        )));
    }

    /// A config changed: read every one again and lint every open document again.
    fn configs_changed(&mut self) {
        self.workspace.forget();
        for (uri, doc) in &mut self.docs {
            doc.lint = None;
            self.dirty.insert(uri.clone());
        }
    }

    /// The lint of an open document's current text, computed once per version.
    fn lint_of(&mut self, uri: &Uri) -> Option<Rc<Lint>> {
        let doc = self.docs.get(uri)?;
        if let Some(lint) = &doc.lint {
            return Some(lint.clone());
        }
        let resolved = self.workspace.resolve(doc.path.as_deref());
        if let Some(config) = &resolved.config {
            self.config_problem(config.clone(), resolved.problem.clone());
        }
        let doc = self.docs.get_mut(uri)?;
        let lint = Rc::new(lint::lint(doc, resolved.settings));
        doc.lint = Some(lint.clone());
        Some(lint)
    }

    /// Tells the client about a config that cannot be used (once per problem): a message, and a
    /// diagnostic on the config file; clears that diagnostic once the config is fixed.
    fn config_problem(&mut self, path: PathBuf, problem: Option<Problem>) {
        let before = self.config_problems.get(&path);
        if before == problem.as_ref() {
            return;
        }
        let Some(uri) = document::uri_of(&path) else {
            return;
        };
        let shown = lint::visible(&self.display(&path));
        let Some(problem) = problem else {
            self.config_problems.remove(&path);
            self.publish(uri, Vec::new(), None);
            return;
        };
        let message = match &problem.help {
            Some(help) => format!("{}\nhelp: {}", problem.message, help),
            None => problem.message.clone(),
        };
        self.notify::<note::ShowMessage>(ShowMessageParams {
            typ: MessageType::WARNING,
            message: format!(
                "gatelint: {shown} is not used ({}); the default settings apply",
                lint::visible(&problem.message)
            ),
        });
        let range = match (&problem.text, problem.span) {
            (Some(text), Some((start, end))) => {
                Lines::new(text).range(text, start, end, self.encoding)
            }
            _ => lsp_types::Range::default(),
        };
        let diagnostic = Diagnostic {
            range,
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("gatelint".to_owned()),
            message: lint::visible(&message),
            ..Diagnostic::default()
        };
        self.config_problems.insert(path, problem);
        self.publish(uri, vec![diagnostic], None);
    }

    /// A path as shown to the user: relative to its workspace folder.
    fn display(&self, path: &std::path::Path) -> String {
        let shown = path
            .parent()
            .and_then(|dir| self.workspace.root_of(dir))
            .and_then(|root| path.strip_prefix(root).ok())
            .unwrap_or(path);
        crate::sys::display(shown)
    }

    fn publish(&mut self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        if diagnostics.is_empty() {
            self.published.remove(&uri);
        } else {
            self.published.insert(uri.clone());
        }
        self.notify::<note::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    /// Publishes the diagnostics of every document changed since the last time.
    // `Uri` hashes and compares by its string alone, never by what could change inside it.
    #[allow(clippy::mutable_key_type)]
    fn publish_dirty(&mut self) {
        let dirty = std::mem::take(&mut self.dirty);
        for uri in dirty {
            let Some(lint) = self.lint_of(&uri) else {
                continue;
            };
            let Some(doc) = self.docs.get(&uri) else {
                continue;
            };
            let version = Some(doc.version);
            if !lint.relevant && !self.published.contains(&uri) {
                continue;
            }
            let diagnostics = lint::diagnostics(doc, &uri, &lint, self.encoding);
            self.publish(uri, diagnostics, version);
        }
    }

    fn code_actions(
        &mut self,
        p: &lsp_types::CodeActionParams,
    ) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        let Some(lint) = self.lint_of(uri) else {
            return Vec::new();
        };
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        actions::code_actions(doc, uri, &lint, p, self.encoding)
    }
}

/// UTF-8 when the client offers it (no counting at all), else UTF-16, which every client takes.
fn negotiate(capabilities: &ClientCapabilities) -> Encoding {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

fn is_config(uri: &Uri) -> bool {
    document::path_of(uri)
        .is_some_and(|p| p.file_name().is_some_and(|n| n == crate::config::FILE_NAME))
}

/// At most 80 characters of a client's string, for an error message.
fn short(text: &str) -> String {
    lint::visible(&text.chars().take(80).collect::<String>())
}
