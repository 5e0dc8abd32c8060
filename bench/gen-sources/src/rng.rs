//! Seeded randomness. Every generator draws from its own named stream
//! ([`R::stream`]): `xoshiro256++` (a fixed algorithm, via `rand`) seeded from the run seed,
//! the stream name and an index by SplitMix64. Streams never depend on thread scheduling,
//! so the output is a function of the seed alone, whatever runs in parallel.
//!
//! The helpers below map raw 64-bit words to ranges, probabilities and weighted choices with
//! our own arithmetic, so a given seed keeps producing the same data even if `rand` changes
//! its distribution code.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, SeedableRng};

/// SplitMix64 finaliser: a bijective mix of 64 bits.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a hash of a stream name.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3))
}

/// A seeded random stream.
pub struct R(Xoshiro256PlusPlus);

impl R {
    /// The stream `name`/`index` of run seed `seed`.
    pub fn stream(seed: u64, name: &str, index: u64) -> R {
        let mut state = mix(seed ^ mix(name_hash(name) ^ mix(index)));
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_mut(8) {
            state = mix(state);
            chunk.copy_from_slice(&state.to_le_bytes());
        }
        R(Xoshiro256PlusPlus::from_seed(bytes))
    }

    pub fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n` (`n > 0`; multiply-shift, bias below 2^-40 for our sizes).
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((u128::from(self.u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform index in `0..n`.
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in `lo..hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { lo + self.below((hi - lo) as u64) as i64 }
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.index(xs.len())]
    }

    /// A reference to one element of a non-empty slice.
    pub fn pick_ref<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.index(xs.len())]
    }

    /// An index drawn with the given (small) weight list.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// A value of `(value, weight)` pairs.
    pub fn choose<T: Copy>(&mut self, table: &[(T, f64)]) -> T {
        let total: f64 = table.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for (v, w) in table {
            if x < *w {
                return *v;
            }
            x -= w;
        }
        table[table.len() - 1].0
    }

    /// Exponential with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Log-normal with median 1.
    pub fn lognormal(&mut self, sigma: f64) -> f64 {
        (sigma * self.normal()).exp()
    }

    /// Poisson with mean `lambda` (Knuth below 30, rounded normal above).
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda < 30.0 {
            let limit = (-lambda).exp();
            let mut k = 0;
            let mut p = self.unit();
            while p > limit {
                k += 1;
                p *= self.unit();
            }
            k
        } else {
            (lambda + lambda.sqrt() * self.normal()).round().max(0.0) as u64
        }
    }

    /// `digits` random decimal digits.
    pub fn digits(&mut self, digits: usize) -> String {
        (0..digits).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }

    /// `n` random lower-case hexadecimal characters.
    pub fn hex(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from_digit(self.below(16) as u32, 16).expect("hex digit")).collect()
    }
}

/// Sampling from a large, fixed weight vector (cumulative table + binary search).
pub struct Weighted {
    cdf: Vec<f64>,
}

impl Weighted {
    /// `None` when no weight is positive.
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Option<Weighted> {
        let mut acc = 0.0;
        let cdf: Vec<f64> = weights
            .into_iter()
            .map(|w| {
                acc += w.max(0.0);
                acc
            })
            .collect();
        (acc > 0.0).then_some(Weighted { cdf })
    }

    pub fn sample(&self, r: &mut R) -> usize {
        let total = *self.cdf.last().expect("non-empty");
        let x = r.unit() * total;
        self.cdf.partition_point(|c| *c <= x).min(self.cdf.len() - 1)
    }
}

/// Zipf-like weights `1 / (rank + offset)^s` for items given a random rank: a few items get
/// most of the mass, as bookings do on a catalogue.
pub fn zipf_weights(r: &mut R, n: usize, s: f64, offset: f64) -> Vec<f64> {
    let mut ranks: Vec<u32> = (0..n as u32).collect();
    // Fisher–Yates with our own draws.
    for i in (1..n).rev() {
        let j = r.index(i + 1);
        ranks.swap(i, j);
    }
    ranks.iter().map(|k| 1.0 / (f64::from(*k) + offset).powf(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| R::stream(7, "user", 0).u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut x = R::stream(7, "user", 0);
        let mut y = R::stream(7, "user", 1);
        let mut z = R::stream(8, "user", 0);
        let (vx, vy, vz) = (x.u64(), y.u64(), z.u64());
        assert!(vx != vy && vx != vz);
    }

    #[test]
    fn ranges_and_weights() {
        let mut r = R::stream(1, "t", 0);
        for _ in 0..1000 {
            let v = r.range(-3, 4);
            assert!((-3..4).contains(&v));
            assert!(r.unit() < 1.0);
        }
        let w = Weighted::new([0.0, 1.0, 0.0]).unwrap();
        assert!((0..100).all(|_| w.sample(&mut r) == 1));
        assert!(Weighted::new([0.0]).is_none());
        let mean = (0..20_000).map(|_| r.poisson(3.0) as f64).sum::<f64>() / 20_000.0;
        assert!((mean - 3.0).abs() < 0.1, "{mean}");
    }
}
