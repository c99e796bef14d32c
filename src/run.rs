//! Running over many cards: lint them on every core, hand the results on in input order.
//!
//! [`ordered`] runs `work` on a pool of scoped threads, which take the next item from a shared
//! iterator, and feeds the results, in item order, to `consume` on the calling thread. A result
//! that arrives early waits in a reorder buffer; a thread that gets more than [`WINDOW`] items
//! ahead of the consumer waits, so memory stays bounded however many cards there are, and output
//! starts with the first card instead of after the last. The output is the same whatever the
//! number of threads.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Condvar, Mutex, PoisonError};
use std::thread;

/// How many items the workers may run ahead of the consumer.
pub const WINDOW: usize = 1024;

/// The number of worker threads for `threads` (0: one per core) and `items` items.
pub fn thread_count(threads: usize, items: usize) -> usize {
    let wanted = match threads {
        0 => thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    wanted.min(items).max(1)
}

/// Runs `work` on each item on `threads` threads (0: one per core) and calls `consume` once with
/// an iterator over the results in item order. One thread, or one item, runs on the calling
/// thread alone.
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
    let queue = Mutex::new(items.into_iter().enumerate());
    let gate = Gate::default();
    let (tx, rx) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (queue, gate, work) = (&queue, &gate, &work);
            scope.spawn(move || loop {
                let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
                let Some((i, item)) = next else { break };
                if !gate.wait_for(i) || tx.send((i, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut results = Reorder {
            rx,
            pending: VecDeque::new(),
            next: 0,
            gate: &gate,
        };
        let out = consume(&mut results);
        // The consumer may stop early (a closed pipe): release and stop the workers.
        gate.stop();
        drop(results);
        out
    })
}

/// How far the consumer has got, for the workers to wait on.
#[derive(Default)]
struct Gate {
    consumed: Mutex<usize>,
    moved: Condvar,
    stopped: AtomicBool,
}

impl Gate {
    /// Waits until item `i` is within [`WINDOW`] of the consumer; false when the run is stopping.
    fn wait_for(&self, i: usize) -> bool {
        let mut consumed = self.consumed.lock().unwrap_or_else(PoisonError::into_inner);
        while i >= *consumed + WINDOW && !self.stopped.load(Ordering::Acquire) {
            consumed = self
                .moved
                .wait(consumed)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !self.stopped.load(Ordering::Acquire)
    }

    fn advance(&self, consumed: usize) {
        *self.consumed.lock().unwrap_or_else(PoisonError::into_inner) = consumed;
        self.moved.notify_all();
    }

    fn stop(&self) {
        let _guard = self.consumed.lock().unwrap_or_else(PoisonError::into_inner);
        self.stopped.store(true, Ordering::Release);
        self.moved.notify_all();
    }
}

/// The results in item order: the next one as soon as it is in, later ones held meanwhile.
struct Reorder<'a, R> {
    rx: Receiver<(usize, R)>,
    /// `pending[k]` is the result of item `next + k`, once it has arrived.
    pending: VecDeque<Option<R>>,
    next: usize,
    gate: &'a Gate,
}

impl<R> Iterator for Reorder<'_, R> {
    type Item = R;

    fn next(&mut self) -> Option<R> {
        loop {
            if let Some(Some(_)) = self.pending.front() {
                let result = self.pending.pop_front().flatten();
                self.next += 1;
                // Waking the workers once per item is cheap next to linting a card; doing it only
                // every so often would let a worker wait on an item that is already consumed.
                self.gate.advance(self.next);
                return result;
            }
            // Every worker gone and nothing pending: all items are done (or a worker panicked,
            // which the scope reports when it joins).
            let (i, result) = self.rx.recv().ok()?;
            let Some(slot) = i.checked_sub(self.next) else {
                continue;
            };
            if self.pending.len() <= slot {
                self.pending.resize_with(slot + 1, || None);
            }
            if let Some(place) = self.pending.get_mut(slot) {
                *place = Some(result);
            }
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
    fn no_items() {
        let got = ordered(Vec::<u8>::new(), 4, |i| i, |results| results.count());
        assert_eq!(got, 0);
    }
}
