//! The one driver: report, fix and diff stream through [`run`], on the pool of [`ordered`].
//!
//! [`run`] discovers the cards, and each thread reads, lints (and, with `--fix` or `--diff`,
//! fixes, writes or diffs) and renders one card at a time, so a card's text is dropped as soon
//! as it is rendered; the consumer (the calling thread) writes the rendered chunks, in path
//! order, as soon as every card before them is done, tallies the [`Summary`], and hands what
//! goes to stderr (unreadable paths, `fixed PATH: …` lines) to the caller in the same order.
//! Memory stays flat in the number of cards and the output is the same for any thread count.
//!
//! [`ordered`] runs `work` on a pool of scoped threads and feeds the results, in item order, to
//! `consume` on the calling thread, which lints too whenever the next result is not in yet (so
//! `n` threads in all, not `n` workers and an idle consumer competing for the cores). Threads
//! take the items in chunks (64 at first, fewer near the end so that no core idles while another
//! finishes a long last chunk) and hand each chunk's results over in one message, so that the
//! threads meet a few hundred times per run rather than several times per card. A chunk that
//! arrives early waits in a reorder buffer; a thread that would get more than [`WINDOW`] items
//! ahead of the consumer waits, so memory stays bounded however many cards there are, and output
//! starts with the first chunk instead of after the last. The output is the same whatever the
//! number of threads.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Condvar, Mutex, PoisonError};
use std::thread;

use crate::card::Origin;
use crate::discover::{self, CardPath};
use crate::error::Error;
use crate::fix::{self, Applied, Withheld};
use crate::read::{self, Prefix};
use crate::render::{self, Format, RenderOptions};
use crate::report::{Checked, Summary};
use crate::rule::{Rule, Severity};
use crate::settings::Settings;
use crate::write::{OpenError, Opened, WriteError};

/// Where the cards come from.
pub enum Input {
    /// Files and directories.
    Paths(Vec<PathBuf>),
    /// Standard input, shown under this name.
    Stdin(String),
}

/// What a run does with each card.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Report the findings (`check`).
    #[default]
    Report,
    /// Fix, write, then report what is left (`check --fix`; standard input: print the fixed
    /// text).
    Fix,
    /// Print a unified diff of what `--fix` would change; write nothing (`check --diff`).
    Diff,
}

/// How to run: settings, format, threads.
pub struct RunOptions {
    pub settings: Settings,
    pub format: Format,
    pub render: RenderOptions,
    /// 0: one per core (never more than there are cards).
    pub threads: usize,
    /// Include/exclude globs and the progress bar.
    pub discover: discover::Options,
    pub mode: Mode,
}

/// Where a run writes.
pub struct Sinks<'a> {
    /// The report (the findings in the chosen format), or the diffs with [`Mode::Diff`].
    pub report: &'a mut dyn Write,
    /// The fixed text of standard input with [`Mode::Fix`].
    pub fixed: &'a mut dyn Write,
}

/// What a run says besides the report, one card at a time, in path order (stderr).
pub enum Event<'a> {
    /// A path that could not be read (or walked).
    Error(&'a Error),
    /// The fixes applied to a card (with `--diff`: that would be).
    Fixed {
        path: &'a str,
        applied: &'a [Applied],
        mode: Mode,
    },
    /// A card left alone: its front matter has this rule's error.
    Refused { path: &'a str, rule: Rule },
    /// Fixes left out of a card: each would add a structural finding no fix repairs.
    Withheld {
        path: &'a str,
        withheld: &'a [Withheld],
    },
    /// A fixed card that was not written, and why.
    NotWritten {
        path: &'a str,
        error: &'a WriteError,
    },
}

impl fmt::Display for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Error(err) => write!(f, "gatelint: error: {err}"),
            Event::Fixed {
                path,
                applied,
                mode,
            } => {
                let verb = if *mode == Mode::Diff {
                    "would fix"
                } else {
                    "fixed"
                };
                write!(f, "{verb} {path}: ")?;
                for (i, a) in applied.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    f.write_str(&a.description)?;
                }
                Ok(())
            }
            Event::Refused { path, rule } => write!(
                f,
                "not fixed {path}: its front matter has a `{rule}` error; fix it by hand first"
            ),
            Event::NotWritten { path, error } => write!(f, "not fixed {path}: {error}"),
            Event::Withheld { path, withheld } => {
                write!(f, "not fixed {path}: ")?;
                for (i, w) in withheld.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(
                        f,
                        "{} (it would add a `{}` finding that no fix repairs)",
                        w.description, w.exposes
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// Discovers (or reads standard input), lints, fixes or diffs as `options.mode` says, and
/// renders: see the module docs. `Err` only for a report that cannot be written or standard
/// input that cannot be read; a card that cannot be read or written is an [`Event`].
pub fn run(
    input: &Input,
    options: &RunOptions,
    sinks: Sinks<'_>,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    let Sinks { report, fixed } = sinks;
    let mut consume = |results: &mut dyn Iterator<Item = Result<Done, Error>>| {
        let mut chunks = results.filter_map(|result| match result {
            Ok(done) => Some(done.tally(&mut summary, on_event)),
            Err(err) => {
                summary.tool_errors += 1;
                on_event(Event::Error(&err));
                None
            }
        });
        let mut chunks = chunks.by_ref().filter(|chunk| !chunk.is_empty());
        if options.mode == Mode::Diff {
            for chunk in chunks {
                if let render::Chunk::Text(diff) = chunk {
                    report.write_all(diff.as_bytes())?;
                }
            }
            report.flush()
        } else {
            render::write_stream(options.format, &mut chunks, report)
        }
    };
    let written = match input {
        Input::Stdin(name) => {
            let done = stdin(name, options, fixed)?;
            consume(&mut std::iter::once(Ok(done)))
        }
        Input::Paths(paths) => {
            // Each card is checked under the config nearest to it (see `discover.rs`).
            let found = discover::discover_all(paths, &options.discover)?;
            let table = options.discover.settings(&found.configs);
            let discovered = found.cards;
            let items = match options.mode {
                Mode::Report => discovered
                    .into_iter()
                    .map(|card| card.map(|c| (c, false)))
                    .collect(),
                Mode::Fix | Mode::Diff => with_aliases(discovered),
            };
            let written = ordered(
                items,
                options.threads,
                |item| {
                    let (card, alias) = item?;
                    let settings = card.config.and_then(|i| table.get(i));
                    let done = one(&card, alias, options, settings.unwrap_or(&options.settings));
                    options.discover.tick();
                    done
                },
                &mut consume,
            );
            options.discover.finish();
            written
        }
    };
    written.map_err(Error::Write)?;
    Ok(summary)
}

/// Marks the cards that are the same file as an earlier one (two snapshots of the Hugging Face
/// cache linked to one blob): that file is fixed once, under its first path, whatever the
/// number of threads. Asks the file system only when some card was not seen as a plain file.
fn with_aliases(cards: Vec<Result<CardPath, Error>>) -> Vec<Result<(CardPath, bool), Error>> {
    let links = cards
        .iter()
        .any(|c| c.as_ref().is_ok_and(|c| !c.known_file));
    let mut seen: HashMap<(u64, u64), ()> = HashMap::new();
    cards
        .into_iter()
        .map(|card| {
            let card = card?;
            let alias =
                links && identity(&card.path).is_some_and(|id| seen.insert(id, ()).is_some());
            Ok((card, alias))
        })
        .collect()
}

/// The device and inode of the file at `path`, through links (stat follows them; nothing is
/// opened, so a FIFO does not block).
fn identity(path: &std::path::Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(|p| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            p.hash(&mut h);
            (0, h.finish())
        })
    }
}

/// One card's part of a run: counts, the rendered chunk (the report, or the diff), and what to
/// say about it on stderr.
struct Done {
    errors: usize,
    warnings: usize,
    infos: usize,
    chunk: render::Chunk,
    path: String,
    /// Fixes applied (or that would be); empty when none.
    applied: Vec<Applied>,
    refused: Option<Rule>,
    withheld: Vec<Withheld>,
    not_written: Option<WriteError>,
    mode: Mode,
}

impl Done {
    /// The counts of `checked`, and its report rendered (in the thread that linted it), or
    /// `diff` instead.
    fn new(checked: Checked, options: &RunOptions, diff: Option<String>) -> Done {
        let (errors, warnings, infos) = (
            checked.count(Severity::Error),
            checked.count(Severity::Warning),
            checked.count(Severity::Info),
        );
        let path = checked.path.clone();
        let chunk = match diff {
            Some(diff) => render::Chunk::Text(diff),
            None if checked.findings.is_empty() => render::Chunk::Text(String::new()),
            None => render::chunk(options.format, checked, &options.render),
        };
        Done {
            errors,
            warnings,
            infos,
            chunk,
            path,
            applied: Vec::new(),
            refused: None,
            withheld: Vec::new(),
            not_written: None,
            mode: options.mode,
        }
    }

    /// Adds this card to `summary`, says what there is to say, and hands the chunk on.
    fn tally(self, summary: &mut Summary, on_event: &mut dyn FnMut(Event<'_>)) -> render::Chunk {
        summary.files += 1;
        summary.errors += self.errors;
        summary.warnings += self.warnings;
        summary.infos += self.infos;
        if let Some(error) = &self.not_written {
            summary.write_errors += 1;
            on_event(Event::NotWritten {
                path: &self.path,
                error,
            });
        } else if !self.applied.is_empty() {
            summary.fixes += self.applied.len();
            summary.fixed_files += 1;
            on_event(Event::Fixed {
                path: &self.path,
                applied: &self.applied,
                mode: self.mode,
            });
        }
        if let Some(rule) = self.refused {
            on_event(Event::Refused {
                path: &self.path,
                rule,
            });
        }
        if !self.withheld.is_empty() {
            on_event(Event::Withheld {
                path: &self.path,
                withheld: &self.withheld,
            });
        }
        self.chunk
    }
}

/// One discovered card, on a worker thread. `alias`: the same file as an earlier card, which
/// fixes it: this one is reported, not fixed again.
fn one(
    card: &CardPath,
    alias: bool,
    options: &RunOptions,
    settings: &Settings,
) -> Result<Done, Error> {
    if options.mode == Mode::Report {
        let prefix = discover::read(card)?;
        let checked = Checked::from_origin(card.display.clone(), &prefix, origin(card), settings);
        read::recycle(prefix);
        return Ok(Done::new(checked, options, None));
    }
    let shown = || card.display.clone();
    let read_error = |source: io::Error| Error::Read {
        path: shown(),
        source,
    };
    // Discovery resolved and checked a link (inside the root, or the HF cache's blob): its
    // target is opened, without following any further link; a plain file is opened where it was
    // found and nowhere else.
    let path = card.target.as_deref().unwrap_or(&card.path);
    let mut opened = Opened::open(path, false).map_err(|e| match e {
        OpenError::Io(source) => read_error(source),
        OpenError::NotAFile(kind) => Error::NotAFile {
            path: shown(),
            kind,
        },
    })?;
    let prefix = opened.read_prefix().map_err(read_error)?;
    Ok(fixed(
        card.display.clone(),
        prefix,
        origin(card),
        alias,
        options,
        settings,
        |head| opened.replace(head),
    ))
}

/// How a discovered card came to be checked: walked, or named on the command line.
fn origin(card: &CardPath) -> Origin {
    if card.walked {
        Origin::Walked
    } else {
        Origin::Named
    }
}

/// Fixes a card read as `prefix`, writes it with `write` ([`Mode::Fix`], unless `alias`) or
/// diffs it ([`Mode::Diff`]), and reports what is left (what was read, when the write failed).
fn fixed(
    path: String,
    prefix: Prefix,
    origin: Origin,
    alias: bool,
    options: &RunOptions,
    settings: &Settings,
    write: impl FnOnce(&[u8]) -> Result<(), WriteError>,
) -> Done {
    let result = fix::fix(&prefix.bytes, prefix.at_eof, settings);
    let changed = result.changed() && !alias;
    let mut not_written = None;
    let diff = match options.mode {
        Mode::Diff if changed => Some(diff(&path, &prefix, &result.bytes)),
        Mode::Diff => Some(String::new()),
        _ => {
            if changed {
                not_written = write(&result.bytes).err();
            }
            None
        }
    };
    let left = if not_written.is_some() {
        prefix
    } else {
        Prefix {
            bytes: result.bytes,
            at_eof: prefix.at_eof,
        }
    };
    let checked = Checked::from_origin(path, &left, origin, settings);
    let mut done = Done::new(checked, options, diff);
    if changed && not_written.is_none() {
        done.applied = result.applied;
    }
    done.not_written = not_written;
    if !alias {
        done.refused = result.refused;
        done.withheld = result.withheld;
    }
    done
}

/// The unified diff of what was read and its fixed text; without the rest of the file, it ends
/// at the last whole line read.
fn diff(path: &str, before: &Prefix, after: &[u8]) -> String {
    let head = |b: &[u8]| -> Vec<u8> {
        let cut = if before.at_eof {
            b.len()
        } else {
            memchr::memrchr(b'\n', b).map_or(0, |i| i + 1)
        };
        b.get(..cut).unwrap_or_default().to_vec()
    };
    fix::unified_diff(path, &head(&before.bytes), &head(after))
}

/// `head`, then the rest of `input`, streamed.
fn copy_out(head: &[u8], input: &mut dyn io::Read, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(head)?;
    io::copy(input, out)?;
    out.flush()
}

/// Standard input, read under the same front-matter cap as a file: the rest is never held. With
/// [`Mode::Fix`] the fixed text goes to `fixed`, followed by the rest of the input, streamed;
/// otherwise the rest is read and dropped.
fn stdin(name: &str, options: &RunOptions, fixed_out: &mut dyn Write) -> Result<Done, Error> {
    let read_error = |source| Error::Read {
        path: name.to_owned(),
        source,
    };
    let mut input = io::stdin().lock();
    let prefix = read::read_prefix(&mut input).map_err(read_error)?;
    if options.mode != Mode::Fix {
        // The rest is not needed, but read (and dropped, a buffer at a time), so that the writer
        // of a pipe sees it all taken (no `Broken pipe` under `set -o pipefail`).
        io::copy(&mut input, &mut io::sink()).map_err(read_error)?;
    }
    if options.mode == Mode::Report {
        let checked = Checked::new(name.to_owned(), &prefix, &options.settings);
        return Ok(Done::new(checked, options, None));
    }
    let original = (options.mode == Mode::Fix).then(|| prefix.bytes.clone());
    let mut copy_error = None;
    let mut written = false;
    let mut done = fixed(
        name.to_owned(),
        prefix,
        Origin::Named,
        false,
        options,
        &options.settings,
        |head| {
            written = true;
            copy_out(head, &mut input, fixed_out).map_err(|e| {
                copy_error = Some(e);
                WriteError::Refused(String::new())
            })
        },
    );
    // Nothing to fix (or a card left alone): the input goes out as it came.
    if let (Some(original), false) = (original, written) {
        copy_out(&original, &mut input, fixed_out).map_err(Error::Write)?;
    }
    // The fixed text goes to stdout: failing to write it fails the run, as the report would.
    if let Some(e) = copy_error {
        return Err(Error::Write(e));
    }
    done.not_written = None;
    Ok(done)
}

/// How many items the threads may run ahead of the consumer.
pub const WINDOW: usize = 1024;

/// The most items a thread takes at once.
const CHUNK: usize = 64;

/// The number of threads, the calling one included, for `threads` (0: one per core) and `items`
/// items.
pub fn thread_count(threads: usize, items: usize) -> usize {
    let wanted = match threads {
        0 => crate::sys::cores(),
        n => n,
    };
    wanted.min(items).max(1)
}

/// Runs `work` on each item on `threads` threads (0: one per core), the calling thread among
/// them, and calls `consume` once with an iterator over the results in item order. One thread,
/// or one item, runs on the calling thread alone.
pub fn ordered<I, R, T>(
    items: Vec<I>,
    threads: usize,
    work: impl Fn(I) -> R + Sync,
    consume: impl FnOnce(&mut dyn Iterator<Item = R>) -> T,
) -> T
where
    I: Send,
    R: Send,
{
    let threads = thread_count(threads, items.len());
    if threads <= 1 {
        return consume(&mut items.into_iter().map(work));
    }
    let queue = Queue::new(items, threads);
    let gate = Gate::default();
    let (tx, rx) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 1..threads {
            let tx = tx.clone();
            let (queue, gate, work) = (&queue, &gate, &work);
            scope.spawn(move || {
                let _stop = StopOnPanic(gate);
                while let Some((start, chunk)) = queue.take(usize::MAX) {
                    if !gate.wait_for(start + chunk.len()) {
                        break;
                    }
                    let results: Vec<R> = chunk.into_iter().map(work).collect();
                    if tx.send((start, results)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut results = Reorder {
            rx,
            pending: BTreeMap::new(),
            current: Vec::new().into_iter(),
            next: 0,
            gate: &gate,
            queue: &queue,
            work: &work,
        };
        // A panic in `consume` or in `work` on this thread: stop the workers, or the scope would
        // wait for them while they wait for the consumer.
        let stop = StopOnPanic(&gate);
        let out = consume(&mut results);
        drop(stop);
        // The consumer may stop early (a closed pipe): release and stop the workers.
        gate.stop();
        drop(results);
        out
    })
}

/// The items not yet taken, handed out in chunks.
struct Queue<I> {
    /// The items left, and the index of the first of them.
    inner: Mutex<(std::vec::IntoIter<I>, usize)>,
    threads: usize,
}

impl<I> Queue<I> {
    fn new(items: Vec<I>, threads: usize) -> Self {
        Queue {
            inner: Mutex::new((items.into_iter(), 0)),
            threads,
        }
    }

    /// The next chunk and the index of its first item; `None` when every item is taken, or when
    /// the chunk would reach `limit`.
    fn take(&self, limit: usize) -> Option<(usize, Vec<I>)> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let (items, next) = &mut *inner;
        // A quarter of each thread's fair share of what is left, so the last chunks are small.
        let size = (items.len() / (self.threads * 4)).clamp(1, CHUNK);
        if *next + size > limit {
            return None;
        }
        let chunk: Vec<I> = items.by_ref().take(size).collect();
        let start = *next;
        *next += chunk.len();
        (!chunk.is_empty()).then_some((start, chunk))
    }
}

/// How far the consumer has got, for the workers to wait on.
#[derive(Default)]
struct Gate {
    consumed: AtomicUsize,
    stopped: AtomicBool,
    /// Workers waiting on `moved`: the consumer wakes them only when there are any.
    waiting: AtomicUsize,
    lock: Mutex<()>,
    moved: Condvar,
}

impl Gate {
    /// Waits until the items before `end` are within [`WINDOW`] of the consumer; false when the
    /// run is stopping.
    fn wait_for(&self, end: usize) -> bool {
        let ready = || {
            self.stopped.load(Ordering::SeqCst)
                || end <= self.consumed.load(Ordering::SeqCst) + WINDOW
        };
        if !ready() {
            let mut guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
            // Counted before the last look, so that `advance` either sees the count or the
            // look sees its new value.
            self.waiting.fetch_add(1, Ordering::SeqCst);
            while !ready() {
                guard = self
                    .moved
                    .wait(guard)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            self.waiting.fetch_sub(1, Ordering::SeqCst);
        }
        !self.stopped.load(Ordering::SeqCst)
    }

    fn advance(&self, consumed: usize) {
        self.consumed.store(consumed, Ordering::SeqCst);
        self.wake();
    }

    fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.wake();
    }

    fn wake(&self) {
        if self.waiting.load(Ordering::SeqCst) > 0 {
            let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
            self.moved.notify_all();
        }
    }
}

/// Stops the run when a thread panics, so that no thread waits for ever for one that is gone
/// (the consumer for a lost chunk, a worker for the consumer); the scope then reports the panic.
struct StopOnPanic<'a>(&'a Gate);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if thread::panicking() {
            self.0.stop();
        }
    }
}

/// The results in item order: the next chunk as soon as it is in, later ones held meanwhile.
struct Reorder<'a, I, R, W> {
    rx: Receiver<(usize, Vec<R>)>,
    /// Chunks that arrived before their turn, by the index of their first item.
    pending: BTreeMap<usize, Vec<R>>,
    /// What is left of the chunk being consumed.
    current: std::vec::IntoIter<R>,
    /// The index of the first item after `current`.
    next: usize,
    gate: &'a Gate,
    queue: &'a Queue<I>,
    work: &'a W,
}

impl<I, R, W: Fn(I) -> R> Iterator for Reorder<'_, I, R, W> {
    type Item = R;

    fn next(&mut self) -> Option<R> {
        loop {
            if let Some(result) = self.current.next() {
                return Some(result);
            }
            // Once per chunk: the workers wait on whole chunks, so finer steps would only wake
            // them more often.
            self.gate.advance(self.next);
            let chunk = loop {
                if let Some(chunk) = self.pending.remove(&self.next) {
                    break chunk;
                }
                // Every worker gone and nothing pending: all items are done (or a worker
                // panicked, which the scope reports when it joins).
                let (start, results) = match self.rx.try_recv() {
                    Ok(message) => message,
                    Err(TryRecvError::Disconnected) => return None,
                    // Nothing to hand on yet: lint the next chunk here rather than wait, unless
                    // it would run more than the window ahead.
                    Err(TryRecvError::Empty) => match self.queue.take(self.next + WINDOW) {
                        Some((start, chunk)) => (start, chunk.into_iter().map(self.work).collect()),
                        None => self.rx.recv().ok()?,
                    },
                };
                self.pending.insert(start, results);
            };
            self.next += chunk.len();
            self.current = chunk.into_iter();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order_whatever_the_thread_count() {
        let items: Vec<usize> = (0..5000).collect();
        for threads in [1, 2, 3, 8] {
            let got = ordered(
                items.clone(),
                threads,
                |i| {
                    // Uneven work, so that results arrive out of order.
                    if i % 7 == 0 {
                        thread::yield_now();
                    }
                    i * 2
                },
                |results| results.collect::<Vec<_>>(),
            );
            assert_eq!(got, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_consumer_that_stops_early_ends_the_run() {
        let items: Vec<usize> = (0..WINDOW * 10).collect();
        let got = ordered(
            items,
            4,
            |i| i,
            |results| results.take(3).collect::<Vec<_>>(),
        );
        assert_eq!(got, vec![0, 1, 2]);
    }

    #[test]
    fn no_thread_runs_more_than_the_window_ahead_of_the_consumer() {
        let consumed = AtomicUsize::new(0);
        let items: Vec<usize> = (0..WINDOW * 6).collect();
        for threads in [2, 3, 8] {
            consumed.store(0, Ordering::SeqCst);
            let got = ordered(
                items.clone(),
                threads,
                |i| {
                    let seen = consumed.load(Ordering::SeqCst);
                    assert!(i < seen + WINDOW, "item {i} started with {seen} consumed");
                    i
                },
                |results| {
                    let mut got = Vec::new();
                    for i in results {
                        // A slow consumer, so that the workers reach the window.
                        if i % 97 == 0 {
                            thread::sleep(std::time::Duration::from_millis(1));
                        }
                        got.push(i);
                        consumed.store(got.len(), Ordering::SeqCst);
                    }
                    got
                },
            );
            assert_eq!(got, items);
        }
    }

    #[test]
    fn a_panic_ends_the_run_instead_of_hanging_it() {
        // In `work` (on a worker or on the calling thread) or in `consume`: either way the others
        // must not wait for ever for the thread that is gone.
        for in_consumer in [false, true] {
            let (tx, rx) = mpsc::channel();
            thread::spawn(move || {
                let run = std::panic::catch_unwind(|| {
                    ordered(
                        (0..WINDOW * 10).collect::<Vec<usize>>(),
                        4,
                        |i| {
                            assert!(in_consumer || i != 100, "boom");
                            i
                        },
                        |results| {
                            results
                                .inspect(|&i| assert!(!in_consumer || i != 5, "boom"))
                                .count()
                        },
                    )
                });
                tx.send(run.is_err()).unwrap();
            });
            let panicked = rx.recv_timeout(std::time::Duration::from_secs(60));
            assert_eq!(panicked, Ok(true), "in consumer: {in_consumer}");
        }
    }

    #[test]
    fn no_items() {
        let got = ordered(Vec::<u8>::new(), 4, |i| i, |results| results.count());
        assert_eq!(got, 0);
    }
}
