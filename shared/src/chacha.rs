//! ChaCha with 8 rounds as a stream of `u64`s: the bit source of [`crate::random`].
//!
//! The same stream as `rand_chacha::ChaCha8Rng` (key, 64-bit block counter from 0, 64-bit
//! stream id, `next_u64` = two little-endian words, low first); a test checks them against
//! each other word for word. [`crate::random`] uses this one in WebAssembly, where
//! `rand_chacha`'s portable fallback (emulated SIMD lanes) was 60 % of the generator's time and
//! plain scalar rounds are a third faster, and `rand_chacha` natively, where its SSE2 backend
//! is 40 % faster than scalar code. The golden files (checked natively and in Wasm) hold both
//! to the same bytes.

/// Words per block.
const WORDS: usize = 16;
/// Blocks computed together.
const LANES: usize = 4;

/// "expand 32-byte k".
const CONSTANTS: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];

/// A ChaCha8 stream.
#[derive(Debug, Clone)]
pub struct ChaCha8 {
    key: [u32; 8],
    stream: u64,
    /// The block counter of the next four blocks.
    counter: u64,
    /// Four blocks of output, block by block.
    buffer: [u32; WORDS * LANES],
    /// The next word to hand out; `WORDS * LANES` when the buffer is used up.
    index: usize,
}

impl ChaCha8 {
    /// The stream `stream` of the 256-bit `key` (little-endian words), from its start.
    pub fn new(key: [u8; 32], stream: u64) -> Self {
        let mut words = [0u32; 8];
        for (word, bytes) in words.iter_mut().zip(key.chunks_exact(4)) {
            *word = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        Self {
            key: words,
            stream,
            counter: 0,
            buffer: [0; WORDS * LANES],
            index: WORDS * LANES,
        }
    }

    /// The next 64 bits: two words, the first one low.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        if self.index >= WORDS * LANES {
            self.refill();
        }
        let low = u64::from(self.buffer[self.index]);
        let high = u64::from(self.buffer[self.index + 1]);
        self.index += 2;
        low | high << 32
    }

    /// The 32-bit word of the stream read next (as `rand_chacha`'s `get_word_pos`).
    pub fn get_word_pos(&self) -> u128 {
        let consumed_blocks = if self.index >= WORDS * LANES {
            self.counter
        } else {
            self.counter.wrapping_sub(LANES as u64)
        };
        u128::from(consumed_blocks) * WORDS as u128
            + (self.index % (WORDS * LANES)) as u128 * u128::from(self.index < WORDS * LANES)
    }

    /// Moves to the 32-bit word `position` of the stream (as `rand_chacha`'s `set_word_pos`).
    pub fn set_word_pos(&mut self, position: u128) {
        let block = (position / WORDS as u128) as u64;
        let lanes_start = block - block % LANES as u64;
        self.counter = lanes_start;
        self.refill();
        self.index = (block - lanes_start) as usize * WORDS + (position % WORDS as u128) as usize;
    }

    /// Computes the next four blocks.
    #[inline(never)]
    fn refill(&mut self) {
        for lane in 0..LANES {
            let block = self.block(self.counter.wrapping_add(lane as u64));
            self.buffer[lane * WORDS..(lane + 1) * WORDS].copy_from_slice(&block);
        }
        self.counter = self.counter.wrapping_add(LANES as u64);
        self.index = 0;
    }

    /// One block: the state after eight rounds, plus the input.
    #[inline(always)]
    fn block(&self, counter: u64) -> [u32; WORDS] {
        let input = [
            CONSTANTS[0],
            CONSTANTS[1],
            CONSTANTS[2],
            CONSTANTS[3],
            self.key[0],
            self.key[1],
            self.key[2],
            self.key[3],
            self.key[4],
            self.key[5],
            self.key[6],
            self.key[7],
            counter as u32,
            (counter >> 32) as u32,
            self.stream as u32,
            (self.stream >> 32) as u32,
        ];
        let mut x = input;
        for _ in 0..4 {
            // Column round, then diagonal round.
            quarter(&mut x, 0, 4, 8, 12);
            quarter(&mut x, 1, 5, 9, 13);
            quarter(&mut x, 2, 6, 10, 14);
            quarter(&mut x, 3, 7, 11, 15);
            quarter(&mut x, 0, 5, 10, 15);
            quarter(&mut x, 1, 6, 11, 12);
            quarter(&mut x, 2, 7, 8, 13);
            quarter(&mut x, 3, 4, 9, 14);
        }
        std::array::from_fn(|i| x[i].wrapping_add(input[i]))
    }
}

/// One quarter round.
#[inline(always)]
fn quarter(x: &mut [u32; WORDS], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(16);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(12);
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(8);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(7);
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use rand_chacha::ChaCha8Rng;
    use rand_core::{RngCore, SeedableRng};

    #[test]
    fn the_same_stream_as_rand_chacha() {
        for (seed, stream) in [(0u8, 0u64), (1, 1), (42, 2), (255, u64::MAX)] {
            let key: [u8; 32] =
                std::array::from_fn(|i| seed.wrapping_mul(31).wrapping_add(i as u8));
            let mut reference = ChaCha8Rng::from_seed(key);
            reference.set_stream(stream);
            let mut ours = ChaCha8::new(key, stream);
            for i in 0..10_000 {
                assert_eq!(
                    ours.next_u64(),
                    reference.next_u64(),
                    "seed {seed} stream {stream} word {i}"
                );
            }
            for position in [0u128, 2, 16, 30, 64, 70, 128 * 64 + 6, 1 << 40] {
                ours.set_word_pos(position);
                reference.set_word_pos(position);
                assert_eq!(ours.get_word_pos(), reference.get_word_pos());
                ours.next_u64();
                reference.next_u64();
                assert_eq!(
                    ours.get_word_pos(),
                    reference.get_word_pos(),
                    "after a read"
                );
                for i in 0..40 {
                    assert_eq!(
                        ours.next_u64(),
                        reference.next_u64(),
                        "at {position}, word {i}"
                    );
                }
            }
        }
    }
}
