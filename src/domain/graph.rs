//! Dependency graph rules: "A is blocked by B" edges are kept acyclic.

use std::collections::{HashMap, VecDeque};

/// If adding the edge `from → to` ("from is blocked by to") would close a cycle,
/// returns the cycle as ids, starting and ending with `from`.
pub fn cycle_through(
    from: i64,
    to: i64,
    mut next: impl FnMut(i64) -> Vec<i64>,
) -> Option<Vec<i64>> {
    if from == to {
        return Some(vec![from, from]);
    }
    // Breadth-first from `to`: a path back to `from` closes the cycle.
    let mut came_from: HashMap<i64, i64> = HashMap::new();
    let mut queue = VecDeque::from([to]);
    came_from.insert(to, to);
    while let Some(node) = queue.pop_front() {
        for n in next(node) {
            if came_from.contains_key(&n) {
                continue;
            }
            came_from.insert(n, node);
            if n == from {
                return Some(read_cycle(from, to, &came_from));
            }
            queue.push_back(n);
        }
    }
    None
}

/// Reads the search tree back from `from` to `to`, then forwards:
/// `from → to → … → from`.
fn read_cycle(from: i64, to: i64, came_from: &HashMap<i64, i64>) -> Vec<i64> {
    let mut back = vec![from];
    let mut cur = from;
    while cur != to {
        cur = came_from[&cur];
        back.push(cur);
    }
    let mut cycle = vec![from];
    cycle.extend(back.iter().rev().copied());
    cycle
}

/// Finds any cycle in a whole graph (depth-first, linear in its size), returned
/// as ids starting and ending with the same node.
pub fn find_cycle(nodes: &[i64], next: impl Fn(i64) -> Vec<i64>) -> Option<Vec<i64>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Closed,
    }
    let mut mark: HashMap<i64, Mark> = HashMap::new();
    for &start in nodes {
        if mark.contains_key(&start) {
            continue;
        }
        // Stack of (node, its successors, index of the next one to visit).
        let mut stack: Vec<(i64, Vec<i64>, usize)> = vec![(start, next(start), 0)];
        mark.insert(start, Mark::Open);
        while let Some((node, succ, i)) = stack.last_mut() {
            if let Some(&n) = succ.get(*i) {
                *i += 1;
                match mark.get(&n) {
                    Some(Mark::Open) => {
                        let from = stack.iter().position(|(m, _, _)| *m == n).unwrap_or(0);
                        let mut cycle: Vec<i64> =
                            stack[from..].iter().map(|(m, _, _)| *m).collect();
                        cycle.push(n);
                        return Some(cycle);
                    }
                    Some(Mark::Closed) => {}
                    None => {
                        mark.insert(n, Mark::Open);
                        let s = next(n);
                        stack.push((n, s, 0));
                    }
                }
            } else {
                mark.insert(*node, Mark::Closed);
                stack.pop();
            }
        }
    }
    None
}

/// Formats a cycle of ids as `#3 → #5 → #3`.
pub fn describe_cycle(cycle: &[i64]) -> String {
    cycle
        .iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(i64, i64)]) -> impl FnMut(i64) -> Vec<i64> + '_ {
        move |n| {
            edges
                .iter()
                .filter(|(a, _)| *a == n)
                .map(|(_, b)| *b)
                .collect()
        }
    }

    #[test]
    fn self_dependency_is_a_cycle() {
        assert_eq!(cycle_through(3, 3, graph(&[])), Some(vec![3, 3]));
    }

    #[test]
    fn two_and_three_step_cycles_are_named_in_order() {
        // 5 is blocked by 3; blocking 3 on 5 closes 3 → 5 → 3.
        assert_eq!(cycle_through(3, 5, graph(&[(5, 3)])), Some(vec![3, 5, 3]));
        // 5 → 7 → 3; blocking 3 on 5 closes 3 → 5 → 7 → 3.
        assert_eq!(
            cycle_through(3, 5, graph(&[(5, 7), (7, 3)])),
            Some(vec![3, 5, 7, 3])
        );
        assert_eq!(describe_cycle(&[3, 5, 7, 3]), "#3 → #5 → #7 → #3");
    }

    #[test]
    fn whole_graph_cycles_are_found_and_named() {
        let edges = [(1, 2), (2, 3), (3, 4), (4, 2), (5, 1)];
        let next = |n: i64| {
            edges
                .iter()
                .filter(|(a, _)| *a == n)
                .map(|(_, b)| *b)
                .collect()
        };
        assert_eq!(find_cycle(&[5, 1, 2, 3, 4], next), Some(vec![2, 3, 4, 2]));
        let dag = [(1, 2), (1, 3), (2, 4), (3, 4)];
        let next = |n: i64| {
            dag.iter()
                .filter(|(a, _)| *a == n)
                .map(|(_, b)| *b)
                .collect()
        };
        assert_eq!(find_cycle(&[1, 2, 3, 4], next), None);
    }

    #[test]
    fn no_cycle_in_a_diamond() {
        assert_eq!(cycle_through(1, 2, graph(&[(2, 4), (3, 4), (1, 3)])), None);
    }
}
