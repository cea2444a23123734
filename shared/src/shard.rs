//! One of N shards of a run: the part a worker (a Kubernetes Indexed Job's pod, a machine)
//! writes, such that the N parts together are exactly the whole run.
//!
//! A shard owns a contiguous block of what is split — rows of one generation, units of a
//! dataset, containers of a fleet — so the shards' outputs concatenated in shard order are the
//! single run's output. Blocks differ in size by at most one item.
//!
//! ```
//! use reefer_shared::shard::Shard;
//!
//! let shards: Vec<Shard> = ["0/3", "1/3", "2/3"].iter().map(|s| s.parse().unwrap()).collect();
//! let ranges: Vec<_> = shards.iter().map(|s| s.range(10)).collect();
//! assert_eq!(ranges, [0..3, 3..6, 6..10]);
//! assert!("3/3".parse::<Shard>().is_err());
//! ```

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::error::ParseError;

/// The most shards a run can be cut into.
pub const MAX_SHARDS: u32 = 100_000;

/// Shard `index` of `count` (0-based): `K/N` on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl Default for Shard {
    fn default() -> Self {
        Self::WHOLE
    }
}

impl Shard {
    /// The whole run: shard 0 of 1.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Shard `index` of `count`: `count` from 1 to [`MAX_SHARDS`], `index` below it.
    pub fn new(index: u32, count: u32) -> Result<Self, ParseError> {
        if count == 0 || count > MAX_SHARDS || index >= count {
            return Err(ParseError::new(
                "shard",
                &format!("{index}/{count}"),
                format!(
                    "expected K/N with N from 1 to {MAX_SHARDS} and K from 0 to N-1 (e.g. 0/3, \
                     1/3, 2/3)"
                ),
            ));
        }
        Ok(Self { index, count })
    }

    /// This shard's number, from 0.
    pub const fn index(self) -> u32 {
        self.index
    }

    /// How many shards the run is cut into.
    pub const fn count(self) -> u32 {
        self.count
    }

    /// Whether this is the whole run (one shard).
    pub const fn is_whole(self) -> bool {
        self.count == 1
    }

    /// Whether this shard comes first: the one that writes a file's header and the tables
    /// shared by every shard.
    pub const fn is_first(self) -> bool {
        self.index == 0
    }

    /// This shard's block of `total` items: `total × K / N .. total × (K + 1) / N`.
    pub fn range(self, total: u64) -> Range<u64> {
        let at = |k: u32| (u128::from(total) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }

    /// [`Shard::range`] for items counted in `usize`.
    pub fn range_usize(self, total: usize) -> Range<usize> {
        let r = self.range(total as u64);
        r.start as usize..r.end as usize
    }
}

/// How many of the first `events` events of a round-robin over `members` (event `j` goes to
/// member `j mod members`) go to the members of `block`: a shard's share of a fleet stream's
/// record limit, so that the shards stop where the whole stream would.
pub fn round_robin_share(events: u64, members: u64, block: Range<u64>) -> u64 {
    if members == 0 {
        return 0;
    }
    let (each, extra) = (events / members, events % members);
    let len = block.end.saturating_sub(block.start);
    len * each + extra.min(block.end).saturating_sub(block.start.min(extra))
}

impl FromStr for Shard {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        let t = s.trim();
        let refused = || {
            ParseError::new(
                "shard",
                t,
                "expected K/N, this worker's number K from 0 and the number of workers N (e.g. \
                 0/3, 1/3, 2/3)",
            )
        };
        let (k, n) = t.split_once('/').ok_or_else(refused)?;
        let number = |x: &str| -> Result<u32, ParseError> {
            let x = x.trim();
            if x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()) {
                return Err(refused());
            }
            Ok(x.parse::<u32>().unwrap_or(u32::MAX))
        };
        Shard::new(number(k)?, number(n)?)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blocks_cover_every_item_once_in_order() {
        for total in [0u64, 1, 2, 7, 10, 1000, 1001, u64::MAX] {
            for count in [1u32, 2, 3, 7, 64] {
                let mut next = 0;
                for index in 0..count {
                    let r = Shard::new(index, count).unwrap().range(total);
                    assert_eq!(r.start, next, "{total} {index}/{count}");
                    assert!(r.end >= r.start);
                    assert!(r.end - r.start - total / u64::from(count) <= 1);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn the_round_robin_shares_count_the_events_each_block_gets() {
        for (events, members) in [(0u64, 5u64), (7, 3), (10, 10), (11, 4), (1000, 7), (3, 9)] {
            let mut got = vec![0u64; members as usize];
            for j in 0..events {
                got[(j % members) as usize] += 1;
            }
            for count in 1..=4u32 {
                let mut sum = 0;
                for index in 0..count {
                    let block = Shard::new(index, count).unwrap().range(members);
                    let expected: u64 = got[block.start as usize..block.end as usize].iter().sum();
                    assert_eq!(round_robin_share(events, members, block), expected);
                    sum += expected;
                }
                assert_eq!(sum, events);
            }
        }
    }

    #[test]
    fn it_parses_k_of_n_and_names_what_it_refuses() {
        assert_eq!("2/3".parse::<Shard>().unwrap(), Shard::new(2, 3).unwrap());
        assert_eq!(" 0 / 1 ".parse::<Shard>().unwrap(), Shard::WHOLE);
        assert_eq!(Shard::new(4, 9).unwrap().to_string(), "4/9");
        for bad in [
            "3/3",
            "0/0",
            "-1/3",
            "1",
            "a/b",
            "1/",
            "/3",
            "1/100001",
            "99999999999/3",
        ] {
            let e = bad.parse::<Shard>().unwrap_err();
            assert_eq!(e.what(), "shard", "{bad}");
        }
    }
}
