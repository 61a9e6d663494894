//! One stable sort for every list the core orders.
//!
//! `slice::sort_by` compiles a whole copy of the standard library's stable sort (drift sort,
//! quicksort, small sorts: about 4 KB of Wasm) for each element type and comparison. Here the
//! standard sort runs once, on indices, with the comparison behind `dyn`, so the Wasm holds one
//! copy. The result is the same as `sort_by`'s: a stable sort by a consistent order has exactly
//! one answer.

use std::cmp::Ordering;

/// Sorts `items` like `items.sort_by(compare)`: stable, so equal items keep their order.
pub fn stable_sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The positions `0..len` in the order `compare` gives them (the one shared sort).
#[inline(never)]
fn sorted_indices(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::stable_sort_by;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut items: Vec<(u8, usize)> = [5u8, 1, 3, 1, 5, 0, 3, 3, 9, 1]
            .iter()
            .enumerate()
            .map(|(at, &key)| (key, at))
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|(key, _)| *key);
        stable_sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, expected);
        assert_eq!(items[..3], [(0, 5), (1, 1), (1, 3)]);
    }

    #[test]
    fn empty_and_single_lists_stay_as_they_are() {
        let mut empty: Vec<u8> = Vec::new();
        stable_sort_by(&mut empty, |a, b| a.cmp(b));
        assert!(empty.is_empty());
        let mut one = vec![7u8];
        stable_sort_by(&mut one, |a, b| a.cmp(b));
        assert_eq!(one, [7]);
    }
}
