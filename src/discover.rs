//! Discovery: command-line paths → card files, each with the config that governs it.
//!
//! A file named on the command line is linted whatever its name; a directory is walked (in
//! parallel, one listing per directory, see `State::walk`) for files named `README.md`, hidden
//! entries and `.git` skipped, directory symlinks never followed. The `ignore` crate (ripgrep's)
//! matches the ignore files' globs; the walk is gatelint's own, so that the names it reads in each
//! directory come from the listing, not from one failed `open` or `stat` per name.
//!
//! **The root.** Every command-line path has a root: the nearest directory at or above it that
//! holds `.git` (the repository), else the directory given (for a file: its directory). Nothing
//! above the root is read: ignore files (`.ignore`; `.gitignore` and `.git/info/exclude` inside a
//! git repository) and `.gatelint.toml` count from the root down, as gatelint reads them itself,
//! not through the walker (so that a hostile one is read as safely as a card).
//!
//! **Links and special files.** A symlinked card or config is followed only when its target
//! (every link resolved) is inside the root, except a Hugging Face cache snapshot's file, whose
//! link to `../../blobs/<hash>` of the same cached repository is recognised by its structure. A
//! link that leaves is a tool error naming the link, and its target is never opened. Every file is
//! opened without following a last link (`O_NOFOLLOW`) and without blocking (`O_NONBLOCK`), then
//! checked to be a regular file on the open handle, so a FIFO or a device is never waited on.
//!
//! **Config.** By default each card gets the `.gatelint.toml` nearest to it within its root
//! (ruff's hierarchical configuration: the nearest file wins, no merging), loaded once into a
//! small table that cards point into ([`CardPath::config`]), whatever the current directory.
//! `--config PATH` gives every card that one file; `--no-config` none.
//!
//! **Globs.** `--include` globs replace "files named `README.md`", `--exclude` globs (and the
//! governing config's `exclude`) drop files and prune directories. A glob without `/` matches a
//! name at any depth, as in `.gitignore`; one with `/` matches the path relative to its base: the
//! current directory for flags, the config file's directory for a config. An excluded path is
//! dropped even when named on the command line, so that pre-commit, which names files, honours it.
//!
//! Cards are kept apart by their real path (bytes), never by the text shown for them.

pub use crate::sys::display;
use crate::sys::{is_link_error, kind_of, open_no_follow, read_small, root_of, LEAVES};
use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::config::{self, Config};
use crate::error::Error;
use crate::read::{read_prefix, Prefix};

/// Globs relative to one base directory (absolute, canonical).
#[derive(Clone, Debug)]
struct Globs {
    base: PathBuf,
    set: GlobSet,
}

impl Globs {
    fn new(base: &Path, patterns: &[String]) -> Result<Option<Globs>, Error> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
            let full = if trimmed.contains('/') {
                trimmed.trim_start_matches('/').to_owned()
            } else {
                format!("**/{trimmed}")
            };
            let glob = GlobBuilder::new(&full)
                .literal_separator(true)
                .build()
                .map_err(|e| Error::Usage(format!("invalid glob `{pattern}`: {}", e.kind())))?;
            builder.add(glob);
        }
        let set = builder
            .build()
            .map_err(|e| Error::Usage(format!("invalid globs: {e}")))?;
        Ok(Some(Globs {
            base: base.to_path_buf(),
            set,
        }))
    }

    /// Whether `path` (absolute, without `.` or `..`) or, with `ancestors`, one of its parents
    /// below the base matches.
    fn matches(&self, path: &Path, ancestors: bool) -> bool {
        let Ok(relative) = path.strip_prefix(&self.base) else {
            return false;
        };
        if ancestors {
            relative
                .ancestors()
                .filter(|p| !p.as_os_str().is_empty())
                .any(|p| self.set.is_match(p))
        } else {
            self.set.is_match(relative)
        }
    }
}

/// Which config governs the cards.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The `.gatelint.toml` nearest to each card within its root (the default).
    #[default]
    Nearest,
    /// This file for every card (`--config PATH`).
    Fixed(PathBuf),
    /// None (`--no-config`).
    Off,
}

/// Which files are cards, which paths are left out, which config governs them.
#[derive(Clone, Debug, Default)]
pub struct Options {
    include: Option<Globs>,
    exclude: Option<Globs>,
    /// A config's `exclude` applied to every path (the one config of a run that loads it
    /// itself); with [`ConfigChoice`], each card's governing config's `exclude` applies instead.
    config_exclude: Option<Globs>,
    config: ConfigChoice,
    no_ignore: bool,
    /// The command line's `--select` and `--ignore`, put over each card's config.
    flags: (Vec<crate::rule::Rule>, Vec<crate::rule::Rule>),
    progress: Option<indicatif::ProgressBar>,
}

impl Options {
    /// `include` and `exclude` from the command line, relative to the current directory;
    /// `config_exclude` relative to the config file's directory, for every path (see
    /// [`Options::with_config`] for a config per card instead).
    pub fn new(
        include: &[String],
        exclude: &[String],
        config_exclude: Option<(&Path, &[String])>,
    ) -> Result<Options, Error> {
        let cwd = current_dir();
        let config_exclude = match config_exclude {
            Some((base, patterns)) => {
                let base = fs::canonicalize(base).unwrap_or_else(|_| cwd.join(base));
                Globs::new(&base, patterns)?
            }
            None => None,
        };
        Ok(Options {
            include: Globs::new(&cwd, include)?,
            exclude: Globs::new(&cwd, exclude)?,
            config_exclude,
            config: ConfigChoice::Off,
            ..Options::default()
        })
    }

    /// Which config governs the cards (default: the nearest; [`Options::new`]: none).
    pub fn with_config(mut self, config: ConfigChoice) -> Self {
        self.config = config;
        self
    }

    /// The command line's `--select` and `--ignore`, which win over every config.
    pub fn with_flags(
        mut self,
        select: &[crate::rule::Rule],
        ignore: &[crate::rule::Rule],
    ) -> Self {
        self.flags = (select.to_vec(), ignore.to_vec());
        self
    }

    /// The settings of each config discovery loaded ([`Discovery::configs`], in order), with the
    /// flags on top: what [`CardPath::config`] points to.
    pub fn settings(&self, configs: &[Config]) -> Vec<crate::settings::Settings> {
        configs
            .iter()
            .map(|c| crate::settings::Settings::resolve(Some(c), &self.flags.0, &self.flags.1))
            .collect()
    }

    /// `--no-ignore`: read no ignore file (`.ignore`, `.gitignore`, `.git/info/exclude`).
    pub fn with_no_ignore(mut self, no_ignore: bool) -> Self {
        self.no_ignore = no_ignore;
        self
    }

    /// A progress bar, made with a hidden draw target: it is drawn on stderr only when discovery
    /// finds at least [`PROGRESS_THRESHOLD`] cards.
    pub fn with_progress(mut self, bar: indicatif::ProgressBar) -> Self {
        self.progress = Some(bar);
        self
    }

    fn is_card(&self, path: &Path, name: &OsStr) -> bool {
        match &self.include {
            None => name == CARD_NAME,
            Some(globs) => globs.matches(path, false),
        }
    }

    /// One more card read (advances the progress bar, if any).
    pub fn tick(&self) {
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
    }

    /// Clears the progress bar, if any.
    pub fn finish(&self) {
        if let Some(bar) = &self.progress {
            bar.finish_and_clear();
        }
    }
}

/// How many cards make a run long enough for a progress bar.
pub const PROGRESS_THRESHOLD: usize = 200;

/// The current directory, canonical (the base of the command line's globs).
fn current_dir() -> PathBuf {
    std::env::current_dir()
        .and_then(fs::canonicalize)
        .unwrap_or_else(|_| PathBuf::from("."))
}

/// The file name of a card.
pub const CARD_NAME: &str = "README.md";

/// One card to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPath {
    /// The card's absolute path: its directory canonical, its own name as found (a symlink is not
    /// resolved here). Two cards are the same card when these bytes are equal.
    pub path: PathBuf,
    /// The path as reports show it.
    pub display: String,
    /// The walker saw a regular file here (not a symlink): [`read`] opens it without asking the
    /// file system again. A file named on the command line, or a symlink, is looked at first.
    pub known_file: bool,
    /// For a symlink: its target, every link resolved, checked to stay inside the root (or to be
    /// the Hugging Face cache's blob). [`read`] opens this, without following links.
    pub target: Option<Box<Path>>,
    /// The config governing the card: an index into [`Discovery::configs`].
    pub config: Option<usize>,
    /// Found by walking a directory, not named on the command line: a README without front
    /// matter or gate keys is then not a card (`missing-front-matter`).
    pub walked: bool,
}

/// What discovery found: the cards (and the paths that could not be walked), in displayed-path
/// order, and the configs they point into, each loaded once.
#[derive(Debug, Default)]
pub struct Discovery {
    pub cards: Vec<Result<CardPath, Error>>,
    pub configs: Vec<Config>,
}

/// Every card under `paths`, with the defaults (nearest config, ignore files honoured).
pub fn discover(paths: &[PathBuf]) -> Result<Discovery, Error> {
    discover_all(paths, &Options::default())
}

/// The cards of [`discover_all`] alone (a config error as the one item).
pub fn discover_with(paths: &[PathBuf], options: &Options) -> Vec<Result<CardPath, Error>> {
    match discover_all(paths, options) {
        Ok(found) => found.cards,
        Err(err) => vec![Err(err)],
    }
}

/// Every card under `paths`, sorted by displayed path, with the paths that could not be walked
/// and the configs that govern them. A config that cannot be read or is invalid is the `Err`:
/// gatelint stops (exit 2) rather than lint cards under the wrong rules.
pub fn discover_all(paths: &[PathBuf], options: &Options) -> Result<Discovery, Error> {
    let state = State::new(options);
    if let ConfigChoice::Fixed(path) = &options.config {
        let config = config::load(path)?;
        state.lock_configs().add(config);
    }
    let mut out = Vec::new();
    for path in paths {
        state.top(path, &mut out);
    }
    let mut configs = state.into_configs();
    if let Some(err) = configs.first_error() {
        return Err(err);
    }
    out.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    if paths.len() > 1 {
        // Two command-line paths may reach the same card (a file and its directory): keep it once.
        let mut seen = HashSet::new();
        out.retain(|item| match item {
            Ok(card) => seen.insert(card.path.clone()),
            Err(_) => true,
        });
    }
    if let Some(bar) = &options.progress {
        if out.len() >= PROGRESS_THRESHOLD {
            bar.set_length(out.len() as u64);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
    Ok(Discovery {
        cards: out,
        configs: configs
            .loaded
            .into_iter()
            .map(|(config, _)| config)
            .collect(),
    })
}

/// The config for standard input: `--config`'s, none, or the nearest to the current directory
/// within its root (the repository holding it, else the current directory).
pub fn stdin_config(options: &Options) -> Result<Option<Config>, Error> {
    match &options.config {
        ConfigChoice::Off => Ok(None),
        ConfigChoice::Fixed(path) => config::load(path).map(Some),
        ConfigChoice::Nearest => {
            let state = State::new(options);
            let cwd = current_dir();
            let root: Arc<Path> = root_of(&cwd).into();
            let node = state.chain(&root, &cwd, &mut Vec::new());
            let mut configs = state.into_configs();
            if let Some(err) = configs.first_error() {
                return Err(err);
            }
            Ok(node
                .config
                .and_then(|i| configs.loaded.into_iter().nth(i))
                .map(|(config, _)| config))
        }
    }
}

/// The configs loaded so far (each once, by path), and the errors met loading them.
#[derive(Default)]
struct Configs {
    loaded: Vec<(Config, Option<Globs>)>,
    by_path: HashMap<PathBuf, usize>,
    errors: Vec<(PathBuf, Error)>,
}

impl Configs {
    fn add(&mut self, config: Config) -> usize {
        let globs = Globs::new(config.base(), &config.exclude).ok().flatten();
        let index = self.loaded.len();
        self.by_path.insert(config.path.clone(), index);
        self.loaded.push((config, globs));
        index
    }

    /// The error of the first config (by path) that could not be loaded.
    fn first_error(&mut self) -> Option<Error> {
        let mut errors = std::mem::take(&mut self.errors);
        errors.sort_by(|a, b| a.0.cmp(&b.0));
        errors.into_iter().next().map(|(_, err)| err)
    }
}

/// The state of one discovery: the options and the configs table, shared by the walking threads.
struct State {
    options: Options,
    configs: Mutex<Configs>,
}

impl State {
    fn new(options: &Options) -> Arc<State> {
        Arc::new(State {
            options: options.clone(),
            configs: Mutex::new(Configs::default()),
        })
    }

    /// The configs table, once the walks are over.
    fn into_configs(self: Arc<State>) -> Configs {
        match Arc::try_unwrap(self) {
            Ok(state) => state
                .configs
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
            Err(shared) => std::mem::take(&mut *shared.lock_configs()),
        }
    }
}

/// What gatelint knows about one directory: its ignore rules and its config.
#[derive(Debug)]
struct Node {
    parent: Option<Arc<Node>>,
    /// Absolute and canonical.
    dir: PathBuf,
    /// The root this directory was reached from (links may not leave it).
    root: Arc<Path>,
    /// The directory holds `.git`: `.gitignore` rules from above do not apply below it.
    repo: bool,
    /// `.ignore`, `.gitignore` (inside a git repository only) and `.git/info/exclude`; boxed,
    /// as most directories have none (a node is kept per directory).
    ignore: Option<Box<Gitignore>>,
    gitignore: Option<Box<Gitignore>>,
    exclude: Option<Box<Gitignore>>,
    /// The governing config, an index into the table.
    config: Option<usize>,
}

impl Node {
    /// Whether this directory has anything of its own beside its `parent`'s.
    fn has_own(&self, parent: &Node) -> bool {
        self.repo
            || self.ignore.is_some()
            || self.gitignore.is_some()
            || self.exclude.is_some()
            || self.config != parent.config
    }

    fn in_git(&self) -> bool {
        self.repo || self.parent.as_ref().is_some_and(|p| p.in_git())
    }

    /// Whether the ignore files say to skip `path` (a child of this directory): the nearest
    /// `.ignore` that matches decides, then the nearest `.gitignore` (within the repository), then
    /// `.git/info/exclude`, as ripgrep decides.
    fn ignored(&self, path: &Path, is_dir: bool) -> bool {
        let decide = |gi: &Option<Box<Gitignore>>| {
            gi.as_ref()
                .map(|gi| gi.matched(path, is_dir))
                .filter(|m| !m.is_none())
                .map(|m| m.is_ignore())
        };
        let (mut ignore, mut git, mut exclude) = (None, None, None);
        let mut saw_git = false;
        let mut node = Some(self);
        while let Some(n) = node {
            ignore = ignore.or_else(|| decide(&n.ignore));
            if !saw_git {
                git = git.or_else(|| decide(&n.gitignore));
                exclude = exclude.or_else(|| decide(&n.exclude));
            }
            saw_git |= n.repo;
            node = n.parent.as_deref();
        }
        ignore.or(git).or(exclude).unwrap_or(false)
    }
}

impl State {
    fn lock_configs(&self) -> std::sync::MutexGuard<'_, Configs> {
        self.configs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One command-line path.
    fn top(self: &Arc<Self>, path: &Path, out: &mut Vec<Result<CardPath, Error>>) {
        let missing = || Error::NotFound {
            path: display(path),
        };
        // `symlink_metadata`: a link is looked at, not followed.
        let Ok(meta) = fs::symlink_metadata(path) else {
            return out.push(Err(missing()));
        };
        // A directory named on the command line, or a link to one: the user chose it, so it is
        // followed; its canonical path is the base of everything below.
        let is_dir = meta.is_dir()
            || (meta.file_type().is_symlink() && fs::metadata(path).is_ok_and(|m| m.is_dir()));
        if is_dir {
            let Ok(dir) = fs::canonicalize(path) else {
                return out.push(Err(missing()));
            };
            let root: Arc<Path> = root_of(&dir).into();
            let node = self.chain(&root, &dir, out);
            if self.excluded(node.parent.as_deref(), &dir) {
                return;
            }
            return self.walk(path, node, out);
        }
        // A file: its directory is canonical, its own name kept (a link is not resolved yet).
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let (Ok(dir), Some(name)) = (fs::canonicalize(parent), path.file_name()) else {
            return out.push(Err(missing()));
        };
        let root: Arc<Path> = root_of(&dir).into();
        let node = self.chain(&root, &dir, out);
        let abs = dir.join(name);
        if self.excluded(Some(&node), &abs) {
            return;
        }
        out.push(card(path, abs, &meta.file_type(), false, &node));
    }

    /// The nodes from `root` down to `dir` (both canonical, `dir` inside `root`); the last one.
    fn chain(&self, root: &Arc<Path>, dir: &Path, out: &mut Vec<Result<CardPath, Error>>) -> Node {
        let mut dirs: Vec<&Path> = dir
            .ancestors()
            .take_while(|a| a.starts_with(root))
            .collect();
        dirs.reverse();
        let mut node: Option<Node> = None;
        for d in dirs {
            let parent = node.map(Arc::new);
            node = Some(self.node(parent, d.to_path_buf(), root.clone(), d, Names::ASK, out));
        }
        node.unwrap_or_else(|| Node {
            parent: None,
            dir: dir.to_path_buf(),
            root: root.clone(),
            repo: false,
            ignore: None,
            gitignore: None,
            exclude: None,
            config: None,
        })
    }

    /// What gatelint needs of directory `dir` (canonical), reached as `typed`: its ignore files and
    /// its config, read as a hostile tree may have made them (see [`read_small`]). `names` says
    /// which of them may be there: the walk knows from the directory's listing, so that a name
    /// the listing lacks costs no system call.
    fn node(
        &self,
        parent: Option<Arc<Node>>,
        dir: PathBuf,
        root: Arc<Path>,
        typed: &Path,
        names: Names,
        out: &mut Vec<Result<CardPath, Error>>,
    ) -> Node {
        // `symlink_metadata`: a `.git` of any kind counts (a worktree's `.git` is a file, a link
        // is looked at, not followed); only a directory holds `info/exclude`. Asked even when the
        // listing shows the name, as before: in a directory that can be listed but not searched,
        // it fails, and the directory is no repository.
        let git = if names.git {
            fs::symlink_metadata(dir.join(".git")).ok()
        } else {
            None
        };
        let repo = git.is_some();
        let mut node = Node {
            config: None,
            parent,
            root,
            repo,
            ignore: None,
            gitignore: None,
            exclude: None,
            dir,
        };
        node.config = match &self.options.config {
            ConfigChoice::Off => None,
            ConfigChoice::Fixed(_) => Some(0),
            ConfigChoice::Nearest => {
                names
                    .config
                    .then(|| self.config_in(&node))
                    .flatten()
                    .or(if repo {
                        // A repository's cards never take a config from a repository around it.
                        None
                    } else {
                        node.parent.as_ref().and_then(|p| p.config)
                    })
            }
        };
        if !self.options.no_ignore {
            if names.ignore {
                node.ignore = ignore_file(&node, ".ignore", typed, out);
            }
            if names.gitignore && node.in_git() {
                node.gitignore = ignore_file(&node, ".gitignore", typed, out);
            }
            if git.is_some_and(|m| m.is_dir()) {
                node.exclude = ignore_file(&node, ".git/info/exclude", typed, out);
            }
        }
        node
    }

    /// The `.gatelint.toml` in `node`'s directory, loaded once; `None` when there is none or it
    /// failed (the failure is kept, and ends the run).
    fn config_in(&self, node: &Node) -> Option<usize> {
        let path = node.dir.join(config::FILE_NAME);
        if let Some(&index) = self.lock_configs().by_path.get(&path) {
            return Some(index);
        }
        match read_small(&path, &node.root) {
            Ok(None) => None,
            Ok(Some(bytes)) => match config::parse_bytes(&path, &bytes) {
                Ok(config) => {
                    let mut configs = self.lock_configs();
                    // Another thread may have loaded it meanwhile.
                    if let Some(&index) = configs.by_path.get(&path) {
                        return Some(index);
                    }
                    Some(configs.add(config))
                }
                Err(err) => {
                    self.lock_configs().errors.push((path, err));
                    None
                }
            },
            Err(source) => {
                let err = Error::Read {
                    path: config::shown(&path),
                    source,
                };
                self.lock_configs().errors.push((path, err));
                None
            }
        }
    }

    /// Whether the command line's or the governing config's `exclude` drops `path` (absolute) or
    /// one of its parents; `parent` is the node of its directory.
    fn excluded(&self, parent: Option<&Node>, path: &Path) -> bool {
        if [&self.options.exclude, &self.options.config_exclude]
            .iter()
            .any(|g| g.as_ref().is_some_and(|g| g.matches(path, true)))
        {
            return true;
        }
        let Some(index) = parent.and_then(|p| p.config) else {
            return false;
        };
        let configs = self.lock_configs();
        configs
            .loaded
            .get(index)
            .and_then(|(_, globs)| globs.as_ref())
            .is_some_and(|g| g.matches(path, true))
    }

    /// Whether `path` (absolute, a child of `parent`) is excluded by a glob (itself only, its
    /// parents having been checked on the way down) or skipped by an ignore file.
    fn skipped(&self, parent: &Node, path: &Path, is_dir: bool) -> bool {
        let by_glob = [&self.options.exclude, &self.options.config_exclude]
            .iter()
            .any(|g| g.as_ref().is_some_and(|g| g.matches(path, false)))
            || parent.config.is_some_and(|index| {
                self.lock_configs()
                    .loaded
                    .get(index)
                    .and_then(|(_, globs)| globs.as_ref())
                    .is_some_and(|g| g.matches(path, false))
            });
        by_glob || (!self.options.no_ignore && parent.ignored(path, is_dir))
    }

    /// Walks the directory `typed` (as given) whose node is `top`, on one thread per core (at
    /// most 12). Each directory is listed once (`getdents`): the listing says which of `.git`,
    /// `.gatelint.toml`, `.ignore` and `.gitignore` it holds, so the ones it lacks are never
    /// asked for, and the types of its entries come from the listing too (`d_type`: no `stat`).
    /// Symlinks in the tree are not followed as directories; a symlinked card is resolved by
    /// [`card`].
    fn walk(&self, typed: &Path, top: Node, out: &mut Vec<Result<CardPath, Error>>) {
        let queue = Queue::new(Job {
            typed: typed.to_path_buf(),
            abs: top.dir.clone(),
            node: Arc::new(top),
            own: true,
        });
        let threads = crate::sys::cores().clamp(1, 12);
        let mut found = std::thread::scope(|scope| {
            let workers: Vec<_> = (1..threads)
                .map(|_| scope.spawn(|| self.work(&queue)))
                .collect();
            let mut found = self.work(&queue);
            for worker in workers {
                match worker.join() {
                    Ok(mut more) => found.append(&mut more),
                    // Not a silent pass: a worker's panic is this thread's.
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            found
        });
        // One root (the usual case): take the list as it is, rather than hold two copies at once.
        if out.is_empty() {
            *out = found;
        } else {
            out.append(&mut found);
        }
    }

    /// One walking thread: lists directories from the queue until none is left; what it found.
    fn work(&self, queue: &Queue) -> Vec<Result<CardPath, Error>> {
        let mut found = Vec::new();
        while let Some(job) = queue.next() {
            let mut busy = Busy {
                queue,
                children: Vec::new(),
            };
            self.list(job, &mut found, &mut busy.children);
        }
        found
    }

    /// Lists one directory: its node (from the names in the listing), its cards into `found`,
    /// the directories to walk into `children` (those an ignore file or a glob drops are not).
    fn list(&self, job: Job, found: &mut Vec<Result<CardPath, Error>>, children: &mut Vec<Job>) {
        // `read_dir` opens the directory itself (`O_DIRECTORY`; a command-line path that is a
        // link to a directory is followed, as the user named it; below it, only directories
        // seen as directories in a listing are queued, never links).
        let listing = match fs::read_dir(&job.typed) {
            Ok(listing) => listing,
            Err(err) => {
                if !job.own {
                    // Its config and ignore files, asked for by name as if it could be listed:
                    // a config error there still ends the run, an unreadable ignore file is
                    // still reported.
                    let parent = job.node;
                    let root = parent.root.clone();
                    let names = Names::ASK;
                    self.node(Some(parent), job.abs, root, &job.typed, names, found);
                }
                found.push(Err(walk_error(&job.typed, &err)));
                return;
            }
        };
        let mut names = Names::default();
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        for entry in listing {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    errors.push(Err(walk_error(&job.typed, &err)));
                    continue;
                }
            };
            let name = entry.file_name();
            // Hidden entries (`.git` among them) are not walked; the names gatelint reads are
            // all hidden ones.
            if name.as_encoded_bytes().first() == Some(&b'.') {
                names.note(&name);
                continue;
            }
            // From the listing (`d_type`); a file system that does not give it costs an
            // `lstat`, which does not follow a link either.
            match entry.file_type() {
                Ok(file_type) => entries.push((name, file_type)),
                Err(err) => errors.push(Err(walk_error(&entry.path(), &err))),
            }
        }
        let node = if job.own {
            job.node
        } else {
            let parent = job.node;
            let root = parent.root.clone();
            let abs = job.abs.clone();
            let node = self.node(Some(parent.clone()), abs, root, &job.typed, names, found);
            // Only a directory with something of its own gets a node of its own: memory grows
            // with those directories only.
            if node.has_own(&parent) {
                Arc::new(node)
            } else {
                parent
            }
        };
        let options = &self.options;
        for (name, file_type) in entries {
            if file_type.is_dir() {
                let abs = job.abs.join(&name);
                if self.skipped(&node, &abs, true) {
                    continue;
                }
                let typed = job.typed.join(&name);
                // A directory named like a card: reported, and still walked.
                if (options.include.is_some() || name == CARD_NAME) && options.is_card(&abs, &name)
                {
                    found.push(Err(Error::NotAFile {
                        path: display(&typed),
                        kind: "a directory",
                    }));
                }
                children.push(Job {
                    typed,
                    abs,
                    node: node.clone(),
                    own: false,
                });
                continue;
            }
            if options.include.is_none() && name != CARD_NAME {
                continue;
            }
            let abs = job.abs.join(&name);
            if options.is_card(&abs, &name) && !self.skipped(&node, &abs, false) {
                found.push(card(&job.typed.join(&name), abs, &file_type, true, &node));
            }
        }
        found.append(&mut errors);
    }
}

/// Which of the names gatelint looks for a directory's listing holds.
#[derive(Clone, Copy, Debug, Default)]
struct Names {
    git: bool,
    config: bool,
    ignore: bool,
    gitignore: bool,
}

impl Names {
    /// Not known from a listing (a command-line path and the directories above it, up to its
    /// root): each is asked for.
    const ASK: Names = Names {
        git: true,
        config: true,
        ignore: true,
        gitignore: true,
    };

    fn note(&mut self, name: &OsStr) {
        match name.as_encoded_bytes() {
            b".git" => self.git = true,
            b".ignore" => self.ignore = true,
            b".gitignore" => self.gitignore = true,
            n if n == config::FILE_NAME.as_bytes() => self.config = true,
            _ => {}
        }
    }
}

/// A directory to list.
struct Job {
    /// As walked: the command-line path and the names below it (what reports show).
    typed: PathBuf,
    /// Absolute and canonical: the walk follows no link below a command-line path.
    abs: PathBuf,
    /// This directory's node when `own` (the top of a walk), else its parent's.
    node: Arc<Node>,
    own: bool,
}

/// The directories left to list, shared by the walking threads (a stack: depth first, so that
/// it stays small), and how many threads are listing one (and may add more).
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
}

struct QueueState {
    jobs: Vec<Job>,
    busy: usize,
    waiting: usize,
}

impl Queue {
    fn new(top: Job) -> Queue {
        Queue {
            state: Mutex::new(QueueState {
                jobs: vec![top],
                busy: 0,
                waiting: 0,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next directory to list; `None` once none is left and no thread may add one.
    fn next(&self) -> Option<Job> {
        let mut state = self.lock();
        loop {
            if let Some(job) = state.jobs.pop() {
                state.busy += 1;
                return Some(job);
            }
            if state.busy == 0 {
                return None;
            }
            state.waiting += 1;
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.waiting -= 1;
        }
    }
}

/// A directory being listed: when dropped (also by a panic, so that no thread waits for ever),
/// its subdirectories join the queue and the waiting threads are woken if there is work or the
/// walk is over.
struct Busy<'a> {
    queue: &'a Queue,
    children: Vec<Job>,
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        let mut state = self.queue.lock();
        state.busy -= 1;
        state.jobs.append(&mut self.children);
        if state.waiting > 0 && (state.busy == 0 || !state.jobs.is_empty()) {
            self.queue.changed.notify_all();
        }
    }
}

/// A card at `abs` (its directory canonical), shown as `typed`; `walked`: its type comes from
/// the walker's directory listing. A symlink is resolved and checked against the root here.
fn card(
    typed: &Path,
    abs: PathBuf,
    file_type: &fs::FileType,
    walked: bool,
    parent: &Node,
) -> Result<CardPath, Error> {
    let shown = display(typed);
    let target = if file_type.is_symlink() {
        match resolve_link(&abs, &parent.root) {
            Ok(target) => Some(target.into_boxed_path()),
            Err(source) => {
                return Err(Error::Read {
                    path: shown,
                    source,
                })
            }
        }
    } else {
        None
    };
    Ok(CardPath {
        known_file: walked && file_type.is_file(),
        path: abs,
        display: shown,
        target,
        config: parent.config,
        walked,
    })
}

/// The target of the symlink `link` (absolute, its directory canonical), every link resolved,
/// when it stays inside `root` or is the Hugging Face cache's blob for a snapshot's file.
/// `canonicalize` opens nothing: it only reads links.
fn resolve_link(link: &Path, root: &Path) -> io::Result<PathBuf> {
    let target = fs::canonicalize(link).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => {
            io::Error::new(io::ErrorKind::NotFound, "no such file (a broken symlink?)")
        }
        _ => e,
    })?;
    if target.starts_with(root) || is_cache_blob(link, &target) {
        Ok(target)
    } else {
        Err(io::Error::new(io::ErrorKind::PermissionDenied, LEAVES))
    }
}

/// The Hugging Face cache layout: `<cache>/{models,datasets,spaces}--<org>--<name>/snapshots/
/// <rev>/<file>` linked to `<cache>/<same repo>/blobs/<hash>`. Recognised by structure only: the
/// link is below a `snapshots/<rev>` directory of a cached repository, and its target is a file
/// directly in that repository's `blobs`.
fn is_cache_blob(link: &Path, target: &Path) -> bool {
    link.ancestors().skip(2).any(|snapshots| {
        let Some(repo) = snapshots.parent() else {
            return false;
        };
        let cached = repo.file_name().and_then(OsStr::to_str).is_some_and(|n| {
            ["models--", "datasets--", "spaces--"]
                .iter()
                .any(|p| n.starts_with(p))
        });
        cached
            && snapshots.file_name() == Some(OsStr::new("snapshots"))
            && target.parent() == Some(repo.join("blobs").as_path())
    })
}

/// The ignore file `name` of `node`, whose directory was reached as `typed` (absent: `None`). Lines
/// that are not valid globs are dropped, as git drops them, and never printed; a file that cannot
/// be read safely is reported and not used.
fn ignore_file(
    node: &Node,
    name: &str,
    typed: &Path,
    out: &mut Vec<Result<CardPath, Error>>,
) -> Option<Box<Gitignore>> {
    match read_small(&node.dir.join(name), &node.root) {
        Ok(None) => None,
        Ok(Some(bytes)) => {
            let mut builder = GitignoreBuilder::new(&node.dir);
            for line in String::from_utf8_lossy(&bytes).lines() {
                let _ = builder.add_line(None, line);
            }
            builder
                .build()
                .ok()
                .filter(|gi| !gi.is_empty())
                .map(Box::new)
        }
        Err(err) => {
            let shown = display(typed);
            out.push(Err(Error::Walk {
                path: format!("{}/{name}", shown.trim_end_matches('/')),
                message: format!("ignore file not read: {err}"),
            }));
            None
        }
    }
}

fn sort_key(item: &Result<CardPath, Error>) -> (&str, &[u8]) {
    match item {
        Ok(card) => (&card.display, card.path.as_os_str().as_encoded_bytes()),
        Err(Error::NotFound { path } | Error::Walk { path, .. }) => (path, &[]),
        Err(Error::Read { path, .. } | Error::NotAFile { path, .. }) => (path, &[]),
        Err(_) => ("", &[]),
    }
}

/// A directory that could not be listed, or an entry of one whose type could not be read: the
/// path shown, then the path as given and the system's error (as ripgrep's walker wrote them).
fn walk_error(path: &Path, err: &io::Error) -> Error {
    Error::Walk {
        path: display(path),
        message: format!("{}: {err}", path.display()),
    }
}

/// Reads the prefix of a card named by the user (`preview CARD`), as discovery would: a link is
/// followed only inside the card's root (its repository, else its directory), and nothing but a
/// regular file is read (a FIFO would block).
pub fn read_card(path: &Path) -> Result<Prefix, Error> {
    // No config, no ignore files, no globs: this one file.
    let options = Options::default()
        .with_config(ConfigChoice::Off)
        .with_no_ignore(true);
    let mut out = Vec::new();
    State::new(&options).top(path, &mut out);
    match out.pop() {
        Some(Ok(card)) => read(&card),
        Some(Err(err)) => Err(err),
        None => Err(Error::NotFound {
            path: display(path),
        }),
    }
}

/// Reads a discovered card's prefix. A link was resolved and checked by discovery; what is opened
/// now is opened without following a last link (a link swapped in since fails) and without
/// blocking; a card not known as a regular file is checked to be one on the open handle.
pub fn read(card: &CardPath) -> Result<Prefix, Error> {
    read_file(card).map_err(|e| e.into_error(card.display.clone()))
}

/// Why a card could not be read, before its path is formatted (only then: most cards read).
enum ReadError {
    Io(io::Error),
    NotAFile(&'static str),
}

impl ReadError {
    fn into_error(self, path: String) -> Error {
        match self {
            ReadError::Io(source) => Error::Read { path, source },
            ReadError::NotAFile(kind) => Error::NotAFile { path, kind },
        }
    }
}

fn read_file(card: &CardPath) -> Result<Prefix, ReadError> {
    let gone = |source: io::Error| match source.kind() {
        io::ErrorKind::NotFound => ReadError::Io(io::Error::new(
            io::ErrorKind::NotFound,
            "no such file (a broken symlink?)",
        )),
        _ => ReadError::Io(source),
    };
    let path = card.target.as_deref().unwrap_or(&card.path);
    let file = open_no_follow(path).map_err(|e| {
        if is_link_error(&e, path) {
            ReadError::Io(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "became a symlink since it was found; not followed",
            ))
        } else {
            gone(e)
        }
    })?;
    if !card.known_file {
        let meta = file.metadata().map_err(ReadError::Io)?;
        if !meta.is_file() {
            return Err(ReadError::NotAFile(kind_of(&meta)));
        }
    }
    read_prefix(file).map_err(ReadError::Io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card_at(path: PathBuf) -> CardPath {
        CardPath {
            display: display(&path),
            path,
            known_file: true,
            target: None,
            config: None,
            walked: true,
        }
    }

    #[test]
    #[cfg(unix)]
    fn only_regular_files_seen_by_the_walker_skip_the_stat() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("plain")).unwrap();
        fs::write(root.join("plain/README.md"), "---\na: 1\n---\n").unwrap();
        fs::create_dir_all(root.join("linked")).unwrap();
        std::os::unix::fs::symlink(root.join("plain/README.md"), root.join("linked/README.md"))
            .unwrap();
        let found = discover(&[root.to_path_buf(), root.join("plain/README.md")]).unwrap();
        let real = fs::canonicalize(root).unwrap();
        let known: Vec<(String, bool)> = found
            .cards
            .iter()
            .map(|card| {
                let card = card.as_ref().unwrap();
                let name = card.path.strip_prefix(&real).unwrap().display().to_string();
                (name, card.known_file)
            })
            .collect();
        // The same card named on the command line and found by the walk is kept once.
        assert_eq!(
            known,
            [
                ("linked/README.md".to_owned(), false),
                ("plain/README.md".to_owned(), true),
            ]
        );
        for card in found.cards {
            assert!(read(&card.unwrap()).is_ok());
        }
    }

    #[test]
    #[cfg(unix)]
    fn a_known_file_that_became_a_fifo_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("README.md");
        let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        // No writer: a blocking open would wait for ever.
        assert!(read(&card_at(path)).is_ok_and(|prefix| prefix.bytes.is_empty()));
    }

    #[test]
    #[cfg(unix)]
    fn a_known_file_that_became_a_link_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("README.md");
        fs::write(dir.path().join("other.md"), "---\na: 1\n---\n").unwrap();
        std::os::unix::fs::symlink("other.md", &path).unwrap();
        let err = read(&card_at(path)).unwrap_err().to_string();
        assert!(err.contains("not followed"), "{err}");
    }

    #[test]
    fn a_known_file_gone_since_the_walk_reads_like_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("README.md");
        let card = card_at(path);
        let known = read(&card).unwrap_err().to_string();
        assert!(known.contains("no such file"), "{known}");
    }

    #[test]
    fn the_cache_blob_is_recognised_by_structure_only() {
        let cache = Path::new("/c/hub/models--org--name");
        let link = cache.join("snapshots/abc/README.md");
        assert!(is_cache_blob(&link, &cache.join("blobs/123")));
        // Another cached repository's blob, a nested blob, or no `snapshots`: not the layout.
        assert!(!is_cache_blob(
            &link,
            Path::new("/c/hub/models--other--x/blobs/123")
        ));
        assert!(!is_cache_blob(&link, &cache.join("blobs/x/123")));
        assert!(!is_cache_blob(
            Path::new("/c/hub/models--org--name/other/abc/README.md"),
            &cache.join("blobs/123")
        ));
        assert!(!is_cache_blob(
            Path::new("/c/hub/mine/snapshots/abc/README.md"),
            Path::new("/c/hub/mine/blobs/123")
        ));
        // The snapshot directory itself is not a file of a snapshot.
        assert!(!is_cache_blob(
            &cache.join("snapshots/README.md"),
            &cache.join("blobs/123")
        ));
    }

    #[test]
    #[cfg(unix)]
    fn small_files_are_read_only_inside_the_root_and_only_when_regular() {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        let inside = root.join("repo");
        fs::create_dir_all(&inside).unwrap();
        fs::write(root.join("secret"), "token").unwrap();
        fs::write(inside.join("real.toml"), "ok").unwrap();
        std::os::unix::fs::symlink("../secret", inside.join("out.toml")).unwrap();
        std::os::unix::fs::symlink("real.toml", inside.join("in.toml")).unwrap();
        assert_eq!(read_small(&inside.join("none"), &inside).unwrap(), None);
        assert_eq!(
            read_small(&inside.join("in.toml"), &inside).unwrap(),
            Some(b"ok".to_vec())
        );
        let err = read_small(&inside.join("out.toml"), &inside).unwrap_err();
        assert!(err.to_string().contains("not followed"), "{err}");
        let err = read_small(&inside, &inside).unwrap_err();
        assert!(err.to_string().contains("a directory"), "{err}");
    }
}
