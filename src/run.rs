//! Running over many cards: lint them on every core, hand the results on in input order.
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

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use std::thread;

/// How many items the threads may run ahead of the consumer.
pub const WINDOW: usize = 1024;

/// The most items a thread takes at once.
const CHUNK: usize = 64;

/// The number of cores, asked once per process (it reads cgroup files).
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The number of threads, the calling one included, for `threads` (0: one per core) and `items`
/// items.
pub fn thread_count(threads: usize, items: usize) -> usize {
    let wanted = match threads {
        0 => cores(),
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
