//! The operating point of a photoanode wired to a photocathode (seed 002: a TaON photoanode and
//! a CdS/CuInS₂ photocathode regenerating NADH with no applied bias).
//!
//! Wired together, both electrodes carry the same current I. The anode delivers
//! I = A_a·J_a(E_a) (anodic current positive) and the cathode takes it, −I = A_c·J_c(E_c)
//! (cathodic current negative). Without bias the two sit at one potential, E_a = E_c; with an
//! applied bias U and a series resistance R (cell, wires, membrane), E_a = E_c + U − I·R. Every
//! solution is found: the condition is written as a function of the cathode's potential,
//! h(E_c) = A_a·J_a(E_c + U + A_c·J_c(E_c)·R) + A_c·J_c(E_c), scanned for sign changes at every
//! breakpoint of the two curves (linear interpolation between measured points), except in
//! stretches where the curves' bounds show that h keeps one sign, and each change pinned down
//! by Brent's method. Curves are measured on one potential scale (convert first,
//! `scales`), ascending in potential.

use thiserror::Error;

use crate::science::format::Short;
use crate::science::numeric::{find_root, interpolate, interpolate_from};

/// One electrode's J–V curve.
#[derive(Debug, Clone, Copy)]
pub struct Electrode<'a> {
    /// Potential, ascending (V, on the scale both curves share).
    pub potential_v: &'a [f64],
    /// Current density (mA cm⁻²), anodic positive.
    pub current_ma_per_cm2: &'a [f64],
    /// Electrode area (cm²).
    pub area_cm2: f64,
    /// What is known of these points beforehand ([`Summary::of`] them), if anything: it spares
    /// the solution a pass over every point.
    pub summary: Option<&'a Summary>,
}

/// What the solution needs to know of a curve's points besides the points, worked out once
/// when the curve is read rather than at every solution (the page solves two 100,000-point
/// curves again at each keystroke in the bias, twice: reading every point to check it and to
/// bound the currents took most of that): whether the points can be solved at all, and the
/// least and greatest current density of each block of [`BLOCK_POINTS`] points, and of each
/// run of 2, 4, 8 … blocks, so that the bounds of any stretch are read from a few of them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    points: usize,
    /// Finite, and the potentials strictly ascending.
    sound: bool,
    /// `levels[0]` holds the blocks' bounds; each entry of `levels[i + 1]` those of two
    /// neighbours of `levels[i]` (the last one alone when they are odd in number), up to one.
    levels: Vec<Vec<(f64, f64)>>,
}

/// How many points a block of a [`Summary`] holds.
const BLOCK_POINTS: usize = 64;

impl Summary {
    /// The summary of a curve's points.
    pub fn of(potential_v: &[f64], current_ma_per_cm2: &[f64]) -> Summary {
        let sound = potential_v.len() == current_ma_per_cm2.len()
            && potential_v.iter().chain(current_ma_per_cm2).all(|v| v.is_finite())
            && potential_v.windows(2).all(|w| w[1] > w[0]);
        let mut levels = vec![current_ma_per_cm2.chunks(BLOCK_POINTS).map(least_and_greatest).collect::<Vec<_>>()];
        while let Some(below) = levels.last().filter(|l| l.len() > 1) {
            let above = below.chunks(2).map(|pair| widest(pair.iter().copied())).collect();
            levels.push(above);
        }
        Summary { points: potential_v.len(), sound, levels }
    }

    fn blocks(&self) -> usize {
        self.levels.first().map_or(0, Vec::len)
    }

    /// The least and greatest current density of blocks `first..=last`, from at most two
    /// entries per level.
    fn bounds(&self, first: usize, last: usize) -> (f64, f64) {
        let (mut from, mut to) = (first, last + 1);
        let mut found = (f64::INFINITY, f64::NEG_INFINITY);
        for level in &self.levels {
            if from >= to {
                break;
            }
            if from % 2 == 1 {
                found = widest([found, level[from]].into_iter());
                from += 1;
            }
            if to % 2 == 1 {
                to -= 1;
                found = widest([found, level[to]].into_iter());
            }
            (from, to) = (from / 2, to / 2);
        }
        found
    }

    /// The least and greatest current density of every point.
    fn overall(&self) -> (f64, f64) {
        self.levels.last().and_then(|top| top.first()).copied().unwrap_or((f64::INFINITY, f64::NEG_INFINITY))
    }
}

/// `v`, or the end of `lo..=hi` it lies beyond (comparisons rather than f64::clamp, whose
/// check of its ends links float formatting into the size-optimised build).
fn kept_within(v: f64, lo: f64, hi: f64) -> f64 {
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

/// The least and greatest of some values (comparisons rather than f64::min and max, which the
/// size-optimised build calls out of line).
fn least_and_greatest(values: &[f64]) -> (f64, f64) {
    widest(values.iter().map(|&v| (v, v)))
}

/// The least of the lows and the greatest of the highs.
fn widest(bounds: impl Iterator<Item = (f64, f64)>) -> (f64, f64) {
    bounds.fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), (l, h)| (if l < low { l } else { low }, if h > high { h } else { high }))
}

/// What joins the electrodes besides the wire.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Circuit {
    /// Applied bias U (V), anode positive.
    pub bias_v: f64,
    /// Series resistance R (Ω).
    pub resistance_ohm: f64,
}

/// One operating point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OperatingPoint {
    /// The current through the circuit (mA), positive when the anode oxidises.
    pub current_ma: f64,
    pub anode_potential_v: f64,
    pub cathode_potential_v: f64,
    /// Current densities on each electrode (mA cm⁻²; the cathode's negative).
    pub anode_ma_per_cm2: f64,
    pub cathode_ma_per_cm2: f64,
}

/// Why no operating point can be worked out.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum OperatingError {
    #[error("The {which} curve needs at least 2 points with potentials that rise (point {point} does not).")]
    NotAscending { which: &'static str, point: usize },
    #[error("The {which} curve has {potentials} potentials but {currents} currents.")]
    LengthMismatch { which: &'static str, potentials: usize, currents: usize },
    #[error("The {which} curve has a value that is not a number at point {point}.")]
    NotFinite { which: &'static str, point: usize },
    #[error("The {which} electrode's area must be above zero (it is {} cm²).", Short(*.area, 4))]
    BadArea { which: &'static str, area: f64 },
    #[error("The bias and the resistance must be numbers, the resistance not negative.")]
    BadCircuit,
    #[error("The two curves do not overlap in potential ({} to {} V against {} to {} V): no operating point can be found between them.", Short(.anode.0, 4), Short(.anode.1, 4), Short(.cathode.0, 4), Short(.cathode.1, 4))]
    NoOverlap { anode: (f64, f64), cathode: (f64, f64) },
}

impl<'a> Electrode<'a> {
    /// A curve whose points are not known beforehand.
    pub fn new(potential_v: &'a [f64], current_ma_per_cm2: &'a [f64], area_cm2: f64) -> Self {
        Electrode { potential_v, current_ma_per_cm2, area_cm2, summary: None }
    }

    /// The summary given, if it is of these points (the same number of them, and a block for
    /// each [`BLOCK_POINTS`]).
    fn summary(&self) -> Option<&'a Summary> {
        let n = self.potential_v.len();
        self.summary.filter(|s| s.points == n && self.current_ma_per_cm2.len() == n && s.blocks() == n.div_ceil(BLOCK_POINTS))
    }

    fn check(&self, which: &'static str) -> Result<(), OperatingError> {
        let (e, j) = (self.potential_v, self.current_ma_per_cm2);
        if e.len() != j.len() {
            return Err(OperatingError::LengthMismatch { which, potentials: e.len(), currents: j.len() });
        }
        if e.len() < 2 {
            return Err(OperatingError::NotAscending { which, point: e.len() + 1 });
        }
        if !self.summary().is_some_and(|s| s.sound) {
            self.check_points(which)?;
        }
        if !(self.area_cm2 > 0.0 && self.area_cm2.is_finite()) {
            return Err(OperatingError::BadArea { which, area: self.area_cm2 });
        }
        Ok(())
    }

    /// Every point finite, the potentials ascending.
    fn check_points(&self, which: &'static str) -> Result<(), OperatingError> {
        let (e, j) = (self.potential_v, self.current_ma_per_cm2);
        if let Some(point) = e.iter().zip(j).position(|(a, b)| !(a.is_finite() && b.is_finite())) {
            return Err(OperatingError::NotFinite { which, point: point + 1 });
        }
        if let Some(point) = e.windows(2).position(|w| w[1] <= w[0]) {
            return Err(OperatingError::NotAscending { which, point: point + 2 });
        }
        Ok(())
    }

    /// Bounds on the current density of the points from the last one before `s` to the first
    /// one after `t` (as far as the curve goes), for stretches whose starts `s` ascend (`seen`
    /// keeps the place found): their least and greatest, or with a summary, those of the
    /// blocks holding them, which bound them as well.
    fn bounds(&self, seen: &mut Cursor, s: f64, t: f64) -> (f64, f64) {
        let e = self.potential_v;
        let from = seen.count(e, |v| v < s).saturating_sub(1);
        let to = (from + e[from..].partition_point(|&v| v <= t)).min(e.len() - 1);
        match self.summary() {
            Some(summary) => summary.bounds(from / BLOCK_POINTS, to / BLOCK_POINTS),
            None => least_and_greatest(&self.current_ma_per_cm2[from..=to]),
        }
    }

    /// The largest magnitude of the current density.
    fn largest(&self) -> f64 {
        let (low, high) = match self.summary() {
            Some(summary) => summary.overall(),
            None => least_and_greatest(self.current_ma_per_cm2),
        };
        if -low > high { -low } else { high }
    }

    fn range(&self) -> (f64, f64) {
        (self.potential_v[0], self.potential_v[self.potential_v.len() - 1])
    }

    /// The current (mA) at a potential within the curve.
    fn current_ma(&self, e: f64) -> Option<f64> {
        interpolate(self.potential_v, self.current_ma_per_cm2, e).map(|j| j * self.area_cm2)
    }
}

/// Every operating point of the pair, in order of the cathode's potential.
pub fn operating_points<'a>(anode: &Electrode<'a>, cathode: &Electrode<'a>, circuit: Circuit) -> Result<Vec<OperatingPoint>, OperatingError> {
    solve(anode, cathode, circuit, true)
}

/// [`operating_points`], with the stretches where the currents cannot balance skipped or
/// (`skip` false, for the tests) walked point by point.
fn solve<'a>(anode: &Electrode<'a>, cathode: &Electrode<'a>, circuit: Circuit, skip: bool) -> Result<Vec<OperatingPoint>, OperatingError> {
    anode.check("photoanode")?;
    cathode.check("photocathode")?;
    if !(circuit.bias_v.is_finite() && circuit.resistance_ohm.is_finite() && circuit.resistance_ohm >= 0.0) {
        return Err(OperatingError::BadCircuit);
    }
    let (a_lo, a_hi) = anode.range();
    let (c_lo, c_hi) = cathode.range();
    // E_a = E_c + U − I·R with I = −I_c(E_c) in mA, so I·R in V is −I_c·R/1000.
    // Without resistance E_c ranges over the overlap, and E_c + U only rounds past the anode's
    // ends (at the ends of the overlap): it is kept on them.
    let anode_potential = |e_c: f64| {
        cathode.current_ma(e_c).map(|i_c| match circuit.resistance_ohm {
            0.0 => kept_within(e_c + circuit.bias_v, a_lo, a_hi),
            r => e_c + circuit.bias_v + i_c * r * 1e-3,
        })
    };
    let h = |e_c: f64| -> Option<f64> {
        let i_c = cathode.current_ma(e_c)?;
        let i_a = anode.current_ma(anode_potential(e_c)?)?;
        Some(i_a + i_c)
    };
    // Where the anode's potential stays within its curve. Without resistance that is the
    // overlap of the two shifted ranges; with it, the grid below skips the points outside.
    let (lo, hi) = if circuit.resistance_ohm == 0.0 { (c_lo.max(a_lo - circuit.bias_v), c_hi.min(a_hi - circuit.bias_v)) } else { (c_lo, c_hi) };
    if lo >= hi {
        return Err(OperatingError::NoOverlap { anode: (a_lo, a_hi), cathode: (c_lo, c_hi) });
    }
    // The grid is walked once, each value computed as it is reached (two 100,000-point curves
    // made four arrays of 200,000 values per edit): a sign change between two neighbours is
    // bracketed and solved, a zero taken as it is.
    let (mut cathode_walk, mut anode_walk) = (Walk::new(cathode.potential_v, cathode.current_ma_per_cm2), Walk::new(anode.potential_v, anode.current_ma_per_cm2));
    let mut roots: Vec<f64> = Vec::new();
    let mut previous: Option<(f64, f64)> = None;
    let mut visit = |e_c: f64| {
        let v = if circuit.resistance_ohm == 0.0 {
            // The anode's potential rises with the cathode's: both curves read in one walk.
            anode_walk.at(kept_within(e_c + circuit.bias_v, a_lo, a_hi)).zip(cathode_walk.at(e_c)).map(|(j_a, j_c)| j_a * anode.area_cm2 + j_c * cathode.area_cm2)
        } else {
            h(e_c)
        };
        if let (Some((before, w)), Some(v)) = (previous, v) {
            if w != 0.0 && v != 0.0 && (w > 0.0) != (v > 0.0) {
                let f = |e: f64| h(e).unwrap_or(f64::NAN);
                if let Ok(root) = find_root(f, before, e_c, 0.0, 200) {
                    roots.push(root);
                }
            }
        }
        if v == Some(0.0) {
            roots.push(e_c);
        }
        previous = v.map(|v| (e_c, v));
    };
    // The grid: the ends of the stretch and every breakpoint of both curves between them (the
    // anode's mapped back when there is no resistance: [`between`]), where h can change slope.
    visit(lo);
    if circuit.resistance_ohm == 0.0 {
        // In stretches of cathode points: a stretch where the currents' bounds show that h
        // keeps one sign holds no solution, and its inner points are not visited (two measured
        // 100,000-point curves cross in a few places; walking all 200,000 breakpoints took
        // most of an edit). Neither are its ends, unless a stretch walked begins or ends
        // there: h has that one sign at both ends, so a run of such stretches has one sign
        // throughout, and a change of sign is found within a stretch walked. A stretch
        // skipped makes the next one twice as long; one that cannot be skipped is tried at
        // half its length, down to SKIP_POINTS points, which are walked. So the stretches
        // away from a solution are a few long ones (with a summary each is bounded from a few
        // of its entries), and only those near a solution are walked.
        let ec = cathode.potential_v;
        let mut stretches = Stretches::new(ec, lo, hi);
        let mut seen = [Cursor::default(); 2];
        // The start of this stretch, if not visited yet.
        let mut unvisited = None;
        loop {
            let (s, t, at_end) = stretches.current();
            let walked = !(skip && one_sign([anode, cathode], &mut seen, circuit.bias_v, s, t));
            if walked && stretches.shorten() {
                continue;
            }
            if walked {
                if let Some(start) = unvisited.take() {
                    visit(start);
                }
                merge_ascending(between(ec, 0.0, s, t), between(anode.potential_v, circuit.bias_v, s, t), &mut visit);
            }
            if at_end {
                break;
            }
            if walked {
                visit(t);
            } else {
                unvisited = Some(t);
            }
            stretches.advance(!walked);
        }
    } else {
        // With a resistance the anode's breakpoints cannot be mapped back (where they fall
        // depends on the current), and the cathode's own may all lie where the anode's
        // potential leaves its curve (two straight lines of two points each): evenly spaced
        // points find the stretch where h can be evaluated, and its sign changes.
        const EVEN_POINTS: usize = 256;
        let even = (1..EVEN_POINTS).map(|k| lo + (hi - lo) * k as f64 / EVEN_POINTS as f64);
        merge_ascending(between(cathode.potential_v, 0.0, lo, hi), even, &mut visit);
    }
    visit(hi);
    roots.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * (1.0 + a.abs()));
    // Where both currents are zero over a stretch (each electrode before its onset) the
    // condition holds everywhere and no current flows: that is no operating point.
    let scale = least_and_greatest(&[anode.largest(), cathode.largest()]).1 * anode.area_cm2.max(cathode.area_cm2);
    Ok(roots
        .into_iter()
        .filter_map(|e_c| {
            let i_c = cathode.current_ma(e_c)?;
            if i_c.abs() <= 1e-12 * scale {
                return None;
            }
            let e_a = anode_potential(e_c)?;
            Some(OperatingPoint {
                current_ma: -i_c,
                anode_potential_v: e_a,
                cathode_potential_v: e_c,
                anode_ma_per_cm2: anode.current_ma(e_a)? / anode.area_cm2,
                cathode_ma_per_cm2: i_c / cathode.area_cm2,
            })
        })
        .collect())
}

/// How many of the cathode's points a stretch of the walk holds, at least (see [`solve`]).
const SKIP_POINTS: usize = 64;

/// The stretches of cathode points that the walks along a pair's curves go in, from `lo` to
/// `hi`: SKIP_POINTS points at first; after a stretch skipped the next is twice as long, and
/// one that cannot be skipped is tried at half its length, down to SKIP_POINTS points.
struct Stretches<'a> {
    ec: &'a [f64],
    hi: f64,
    /// How many of the cathode's points lie below `hi`.
    last: usize,
    /// The start of this stretch, and the first cathode point after it.
    s: f64,
    k: usize,
    length: usize,
}

impl<'a> Stretches<'a> {
    fn new(ec: &'a [f64], lo: f64, hi: f64) -> Self {
        Stretches { ec, hi, last: ec.partition_point(|&e| e < hi), s: lo, k: ec.partition_point(|&e| e <= lo), length: SKIP_POINTS }
    }

    /// This stretch: its start, its end, and whether it is the last (it ends at `hi`).
    fn current(&self) -> (f64, f64, bool) {
        let end = self.k + self.length;
        if end < self.last { (self.s, self.ec[end], false) } else { (self.s, self.hi, true) }
    }

    /// Halves this stretch, unless it is as short as stretches get: whether it did.
    fn shorten(&mut self) -> bool {
        let longer = self.length > SKIP_POINTS;
        if longer {
            self.length /= 2;
        }
        longer
    }

    /// Goes on to the next stretch (not after the last), twice as long after one `skipped`.
    fn advance(&mut self, skipped: bool) {
        let end = self.k + self.length;
        (self.s, self.k) = (self.ec[end], end + 1);
        if skipped {
            self.length = self.length.saturating_mul(2).min(self.ec.len());
        }
    }
}

/// Whether h(E) = A_a·J_a(E + U) + A_c·J_c(E) keeps one sign for every E from `s` to `t`,
/// with a margin that rounding cannot cross: from the least and greatest current density of
/// the points of each curve whose segments reach into the stretch (a straight segment lies
/// between its ends), one point more on each side.
fn one_sign(curves: [&Electrode; 2], seen: &mut [Cursor; 2], bias_v: f64, s: f64, t: f64) -> bool {
    let [anode, cathode] = curves;
    let (a_low, a_high) = anode.bounds(&mut seen[0], s + bias_v, t + bias_v);
    let (c_low, c_high) = cathode.bounds(&mut seen[1], s, t);
    let (low, high) = (a_low * anode.area_cm2 + c_low * cathode.area_cm2, a_high * anode.area_cm2 + c_high * cathode.area_cm2);
    let size = (a_low.abs() + a_high.abs()) * anode.area_cm2 + (c_low.abs() + c_high.abs()) * cathode.area_cm2;
    low > 1e-9 * size || high < -1e-9 * size
}

/// A place in ascending points that only moves forward. The stretches of the walk are met in
/// order, so the next place is found from the last one, by steps that double and then halve:
/// a few points near it are read instead of a search of the whole curve each time (on two
/// 100,000-point curves those searches took two thirds of a solution).
#[derive(Debug, Clone, Copy, Default)]
struct Cursor {
    k: usize,
}

impl Cursor {
    /// How many of the points hold `below` (`x.partition_point(below)`), for a `below` that
    /// holds for at least as many points as the one asked before.
    fn count(&mut self, x: &[f64], below: impl Fn(f64) -> bool) -> usize {
        let (mut k, mut step) = (self.k.min(x.len()), 1);
        while k + step <= x.len() && below(x[k + step - 1]) {
            k += step;
            step *= 2;
        }
        let end = (k + step - 1).min(x.len());
        self.k = k + x[k..end].partition_point(|&v| below(v));
        self.k
    }
}

/// Linear interpolation of (x, y) at ascending points, in one walk along x: the same values
/// as [`interpolate`] at each point, without a search per point.
struct Walk<'a> {
    x: &'a [f64],
    y: &'a [f64],
    at: Cursor,
}

impl<'a> Walk<'a> {
    fn new(x: &'a [f64], y: &'a [f64]) -> Self {
        Walk { x, y, at: Cursor::default() }
    }

    /// The value at `e`, no smaller than the point asked before: at the next point, or further
    /// on (a stretch skipped).
    fn at(&mut self, e: f64) -> Option<f64> {
        let k = self.at.count(self.x, |v| v < e);
        interpolate_from(self.x, self.y, k, e)
    }
}

/// A curve's points strictly between `s` and `t`, less `shift`: a run of its ascending points
/// (the anode's mapped to the cathode's potentials when there is no resistance).
fn between(points: &[f64], shift: f64, s: f64, t: f64) -> impl Iterator<Item = f64> + '_ {
    let from = points.partition_point(|&e| e - shift <= s);
    let to = points.partition_point(|&e| e - shift < t).max(from);
    points[from..to].iter().map(move |&e| e - shift)
}

/// Visits the values of two ascending sequences in order, each once (the grid of both curves'
/// breakpoints, made as it is walked: two curves of 100,000 points each would otherwise be
/// sorted, or at least copied, on every edit).
fn merge_ascending(a: impl Iterator<Item = f64>, b: impl Iterator<Item = f64>, visit: &mut dyn FnMut(f64)) {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut previous = None;
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(&x), Some(&y)) if x <= y => a.next(),
            (Some(_), Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => return,
        };
        if next != previous {
            previous = next;
            if let Some(v) = next {
                visit(v);
            }
        }
    }
}

/// The potential (V) where a curve's current reaches `current_ma`: the first such potential
/// from the negative end (`from_low`) or from the positive end; linear between points.
fn potential_at_current(curve: &Electrode, current_ma: f64, from_low: bool) -> Option<f64> {
    let (e, j) = (curve.potential_v, curve.current_ma_per_cm2);
    let target = current_ma / curve.area_cm2;
    let hit = |i: usize| {
        let (j0, j1) = (j[i - 1] - target, j[i] - target);
        if j0 == 0.0 {
            Some(e[i - 1])
        } else if (j0 < 0.0) != (j1 < 0.0) || j1 == 0.0 {
            Some(e[i - 1] + (e[i] - e[i - 1]) * j0 / (j0 - j1))
        } else {
            None
        }
    };
    // The segments ending at the points of each block: with a summary, a block whose points
    // (and the one before them) all lie on one side of the current is passed over unread.
    let segments = |b: usize| (b * BLOCK_POINTS).max(1)..((b + 1) * BLOCK_POINTS).min(e.len());
    let may_hold = |&b: &usize| {
        curve.summary().is_none_or(|summary| {
            let before = j[(b * BLOCK_POINTS).saturating_sub(1)];
            let (low, high) = widest([summary.bounds(b, b), (before, before)].into_iter());
            low <= target && target <= high
        })
    };
    let blocks = e.len().div_ceil(BLOCK_POINTS);
    if from_low {
        (0..blocks).filter(may_hold).find_map(|b| segments(b).find_map(hit))
    } else {
        (0..blocks).rev().filter(may_hold).find_map(|b| segments(b).rev().find_map(hit))
    }
}

/// The bias U (V) that drives `current_ma` through the pair: the anode at the lowest potential
/// where it delivers that current, the cathode at the highest where it takes it, and the
/// resistance's drop: U = E_a − E_c + I·R. `None` when a curve never reaches the current.
pub fn bias_for_current(anode: &Electrode, cathode: &Electrode, current_ma: f64, resistance_ohm: f64) -> Result<Option<f64>, OperatingError> {
    anode.check("photoanode")?;
    cathode.check("photocathode")?;
    if !(resistance_ohm.is_finite() && resistance_ohm >= 0.0 && current_ma.is_finite()) {
        return Err(OperatingError::BadCircuit);
    }
    let e_a = potential_at_current(anode, current_ma, true);
    let e_c = potential_at_current(cathode, -current_ma, false);
    Ok(e_a.zip(e_c).map(|(a, c)| a - c + current_ma * 1e-3 * resistance_ohm))
}

/// The split of a total area A between anode and cathode that carries the most current:
/// (A_a/A_c, the current in mA); `None` when no split gives current.
///
/// Without a series resistance it is found exactly, in one walk along the curves. At a
/// cathode potential E (the anode at E + U), where the anode's current density a = J_a(E + U)
/// is anodic and the cathode's c = −J_c(E) cathodic, the currents balance for the anode's share
/// f = c/(a + c) of the area, and then carry I = A·a·c/(a + c) (the balance
/// f·a = (1 − f)·c). Every operating point of every split is such a point, so the most current
/// of any split is the greatest of a·c/(a + c) along the curves: at a breakpoint, or inside a
/// segment, where a and c are straight lines and its one stationary point (a′c² + c′a² = 0) is
/// solved for. A stretch is passed over, as in [`operating_points`], where a·c/(a + c), which
/// rises with a and with c, cannot exceed the best so far even at the greatest a and c of its
/// points. With a resistance the anode's potential
/// depends on the current, and the split is searched for by [`scanned_area_ratio`].
pub fn best_area_ratio(anode: &Electrode, cathode: &Electrode, total_area_cm2: f64, circuit: Circuit) -> Result<Option<(f64, f64)>, OperatingError> {
    if circuit.resistance_ohm != 0.0 || !(total_area_cm2 > 0.0 && total_area_cm2.is_finite()) {
        return scanned_area_ratio(anode, cathode, total_area_cm2, circuit);
    }
    // The areas are the split's, not the ones given: only the points are checked.
    Electrode { area_cm2: 1.0, ..*anode }.check("photoanode")?;
    Electrode { area_cm2: 1.0, ..*cathode }.check("photocathode")?;
    if !circuit.bias_v.is_finite() {
        return Err(OperatingError::BadCircuit);
    }
    let bias = circuit.bias_v;
    let (a_lo, a_hi) = anode.range();
    let (c_lo, c_hi) = cathode.range();
    let (lo, hi) = (c_lo.max(a_lo - bias), c_hi.min(a_hi - bias));
    if lo >= hi {
        return Err(OperatingError::NoOverlap { anode: (a_lo, a_hi), cathode: (c_lo, c_hi) });
    }
    let ec = cathode.potential_v;
    let mut stretches = Stretches::new(ec, lo, hi);
    // A first estimate from every SKIP_POINTS-th cathode point, so that the walk below passes
    // over nearly every stretch.
    let mut estimate = SplitWalk::new(anode, cathode, bias);
    let (first, below_hi) = (stretches.k, stretches.last);
    let mut k = first;
    while k < below_hi + SKIP_POINTS {
        // Points this far apart are no segment of the curves: each is taken alone.
        estimate.previous = None;
        estimate.visit(if k == first { lo } else if k < below_hi { ec[k] } else { hi });
        k += SKIP_POINTS;
    }
    let mut walk = SplitWalk { best: estimate.best, ..SplitWalk::new(anode, cathode, bias) };
    let mut seen = [Cursor::default(); 2];
    loop {
        let (s, t, at_end) = stretches.current();
        let (_, a_high) = anode.bounds(&mut seen[0], s + bias, t + bias);
        let (c_low, _) = cathode.bounds(&mut seen[1], s, t);
        // a·c/(a + c) rises with a and with c: at most its value at their greatest.
        let (a, c) = (a_high, -c_low);
        let passed = !(a > 0.0 && c > 0.0 && a * c / (a + c) > walk.best.0);
        if !passed && stretches.shorten() {
            continue;
        }
        if passed {
            walk.previous = None;
        } else {
            walk.visit(s);
            merge_ascending(between(ec, 0.0, s, t), between(anode.potential_v, bias, s, t), &mut |e| walk.visit(e));
            walk.visit(t);
        }
        if at_end {
            break;
        }
        stretches.advance(passed);
    }
    let (g, ratio) = walk.best;
    Ok((g > 0.0 && ratio.is_finite()).then_some((ratio, total_area_cm2 * g)))
}

/// A walk along the pair's curves, at ascending cathode potentials E (the anode at E + U),
/// keeping the greatest a·c/(a + c) met, at points and inside the segments between them
/// (see [`best_area_ratio`]).
struct SplitWalk<'a> {
    anode: Walk<'a>,
    cathode: Walk<'a>,
    bias_v: f64,
    /// The last point visited, (E, a, c), while the walk is unbroken.
    previous: Option<(f64, f64, f64)>,
    /// The greatest a·c/(a + c) so far, and c/a there (the area ratio giving it).
    best: (f64, f64),
}

impl<'a> SplitWalk<'a> {
    fn new(anode: &Electrode<'a>, cathode: &Electrode<'a>, bias_v: f64) -> Self {
        SplitWalk {
            anode: Walk::new(anode.potential_v, anode.current_ma_per_cm2),
            cathode: Walk::new(cathode.potential_v, cathode.current_ma_per_cm2),
            bias_v,
            previous: None,
            best: (0.0, f64::NAN),
        }
    }

    fn consider(&mut self, a: f64, c: f64) {
        if a > 0.0 && c > 0.0 {
            let g = a * c / (a + c);
            if g > self.best.0 {
                self.best = (g, c / a);
            }
        }
    }

    /// The point at cathode potential `e`, no lower than the last, and the segment from it.
    fn visit(&mut self, e: f64) {
        // The walk stays where both curves are; at its ends, e + U may round past the anode's.
        let (first, last) = (self.anode.x[0], self.anode.x[self.anode.x.len() - 1]);
        let e_a = kept_within(e + self.bias_v, first, last);
        let (Some(a), Some(j)) = (self.anode.at(e_a), self.cathode.at(e)) else {
            self.previous = None;
            return;
        };
        let c = -j;
        self.consider(a, c);
        if let Some((_, a0, c0)) = self.previous.filter(|&(e0, _, _)| e0 < e) {
            if let Some((a, c)) = segment_peak((a0, c0), (a, c)) {
                self.consider(a, c);
            }
        }
        self.previous = Some((e, a, c));
    }
}

/// Where a·c/(a + c) is stationary inside a segment along which a and c change linearly from
/// `(a0, c0)` to `(a1, c1)`: (a, c) there, if the point lies strictly inside. Its derivative
/// vanishes where a′c² + c′a² = 0, so only where a and c change in opposite senses, at
/// c/a = √(−c′/a′).
fn segment_peak((a0, c0): (f64, f64), (a1, c1): (f64, f64)) -> Option<(f64, f64)> {
    let (da, dc) = (a1 - a0, c1 - c0);
    let opposite = da * dc < 0.0;
    if !opposite {
        return None;
    }
    let k = (-dc / da).sqrt();
    let t = (k * a0 - c0) / (dc - k * da);
    (t > 0.0 && t < 1.0).then_some((a0 + da * t, c0 + dc * t))
}

/// [`best_area_ratio`] by search, for any circuit: scanned over anode fractions 2 %…98 % in
/// steps of 2 % and refined by golden-section search around the best (one solution of the pair
/// per step: some 80 solutions in all).
fn scanned_area_ratio(anode: &Electrode, cathode: &Electrode, total_area_cm2: f64, circuit: Circuit) -> Result<Option<(f64, f64)>, OperatingError> {
    const STEP: f64 = 0.02;
    let current = |fraction: f64| -> Result<f64, OperatingError> {
        let a = Electrode { area_cm2: total_area_cm2 * fraction, ..*anode };
        let c = Electrode { area_cm2: total_area_cm2 * (1.0 - fraction), ..*cathode };
        Ok(operating_points(&a, &c, circuit)?.into_iter().map(|p| p.current_ma).fold(0.0, f64::max))
    };
    let mut best = (0.0, 0.0);
    for k in 1..(1.0 / STEP).round() as usize {
        let fraction = k as f64 * STEP;
        let i = current(fraction)?;
        if i > best.1 {
            best = (fraction, i);
        }
    }
    if best.1 <= 0.0 {
        return Ok(None);
    }
    // Golden-section refinement within one step of the best grid fraction, reusing one of the
    // two inner points at each step.
    let (mut lo, mut hi) = ((best.0 - STEP).max(1e-4), (best.0 + STEP).min(1.0 - 1e-4));
    let golden = (5f64.sqrt() - 1.0) / 2.0;
    let (mut x1, mut x2) = (hi - golden * (hi - lo), lo + golden * (hi - lo));
    let (mut f1, mut f2) = (current(x1)?, current(x2)?);
    for _ in 0..32 {
        if f1 >= f2 {
            hi = x2;
            (x2, f2) = (x1, f1);
            x1 = hi - golden * (hi - lo);
            f1 = current(x1)?;
        } else {
            lo = x1;
            (x1, f1) = (x2, f2);
            x2 = lo + golden * (hi - lo);
            f2 = current(x2)?;
        }
    }
    let (fraction, i) = if f1 >= f2 { (x1, f1) } else { (x2, f2) };
    let (fraction, i) = if i >= best.1 { (fraction, i) } else { best };
    Ok(Some((fraction / (1.0 - fraction), i)))
}

/// The onset potential of a curve by a current-density threshold (V): for a photoanode the
/// first potential, from the negative end, where J rises to +threshold; for a photocathode
/// the first, from the positive end, where J falls to −threshold. Linear between points;
/// `None` when the curve never reaches the threshold.
pub fn onset_by_threshold(curve: &Electrode, threshold_ma_per_cm2: f64, photoanode: bool) -> Option<f64> {
    let (e, j) = (curve.potential_v, curve.current_ma_per_cm2);
    let t = threshold_ma_per_cm2.abs();
    let crossing = |i0: usize, i1: usize, target: f64| e[i0] + (target - j[i0]) * (e[i1] - e[i0]) / (j[i1] - j[i0]);
    if photoanode {
        if j.first().is_some_and(|&v| v >= t) {
            return e.first().copied();
        }
        (1..e.len()).find(|&i| j[i] >= t && j[i - 1] < t).map(|i| crossing(i - 1, i, t))
    } else {
        let n = e.len();
        if j.last().is_some_and(|&v| v <= -t) {
            return e.last().copied();
        }
        (1..n).rev().find(|&i| j[i - 1] <= -t && j[i] > -t).map(|i| crossing(i, i - 1, -t))
    }
}

/// The onset potential by the tangent method (V): where the tangent at the curve's steepest
/// rise (for a photoanode dJ/dE largest, for a photocathode dJ/dE largest as well, since its
/// current grows more negative towards negative potentials) crosses J = 0. Slopes from
/// neighbouring points; `None` when the curve never rises.
pub fn onset_by_tangent(curve: &Electrode, photoanode: bool) -> Option<f64> {
    let (e, j) = (curve.potential_v, curve.current_ma_per_cm2);
    let sign = if photoanode { 1.0 } else { -1.0 };
    // The steepest segment in the direction the current grows: its midpoint and slope.
    let (i, slope) = (1..e.len())
        .map(|i| (i, (j[i] - j[i - 1]) / (e[i] - e[i - 1])))
        .filter(|(_, s)| s.is_finite() && *s > 0.0)
        .filter(|(i, _)| sign * (j[*i] + j[*i - 1]) > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let (e_mid, j_mid) = ((e[i] + e[i - 1]) / 2.0, (j[i] + j[i - 1]) / 2.0);
    let onset = e_mid - j_mid / slope;
    onset.is_finite().then_some(onset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, relative: f64) {
        assert!((actual - expected).abs() <= relative * expected.abs().max(1e-300), "{actual} vs {expected}");
    }

    /// A straight line J = slope·(E − onset) sampled on a grid.
    fn line(from: f64, to: f64, points: usize, slope: f64, onset: f64) -> (Vec<f64>, Vec<f64>) {
        let e: Vec<f64> = (0..points).map(|i| from + (to - from) * i as f64 / (points - 1) as f64).collect();
        let j = e.iter().map(|&v| slope * (v - onset)).collect();
        (e, j)
    }

    #[test]
    fn two_straight_lines_cross_where_algebra_says() {
        // Anode J_a = 2(E + 0.45), cathode J_c = 3(E − 0.03) (mA cm⁻²), areas 1.5 and 1 cm²:
        // 1.5·2(E + 0.45) = −3(E − 0.03) → E = (0.09 − 1.35)/6 = −0.21 V, I = 3(0.24) = 0.72 mA.
        // Sampled coarsely, and as two 100,000-point curves, whose stretches away from the
        // crossing are skipped.
        for (na, nc) in [(41, 37), (100_000, 100_000)] {
            let (ea, ja) = line(-1.0, 1.0, na, 2.0, -0.45);
            let (ec, jc) = line(-1.0, 1.0, nc, 3.0, 0.03);
            let anode = Electrode::new(&ea, &ja, 1.5);
            let cathode = Electrode::new(&ec, &jc, 1.0);
            let points = operating_points(&anode, &cathode, Circuit::default()).unwrap();
            assert_eq!(points.len(), 1);
            close(points[0].anode_potential_v, -0.21, 1e-9);
            close(points[0].current_ma, 0.72, 1e-9);
            close(points[0].cathode_ma_per_cm2, -0.72, 1e-9);
            close(points[0].anode_ma_per_cm2, 0.48, 1e-9);
            let stretches = nc / SKIP_POINTS;
            let mut seen = Default::default();
            let walked = (0..stretches).filter(|&k| !one_sign([&anode, &cathode], &mut seen, 0.0, ec[k * SKIP_POINTS], ec[(k + 1) * SKIP_POINTS])).count();
            assert!(walked <= 2, "{walked} of {stretches} stretches may hold a solution");
            // With the curves summarised beforehand, the same point, and the blocks' coarser
            // bounds still leave all but a few stretches unwalked.
            let (sa, sc) = (Summary::of(&ea, &ja), Summary::of(&ec, &jc));
            let (anode, cathode) = (Electrode { summary: Some(&sa), ..anode }, Electrode { summary: Some(&sc), ..cathode });
            assert_eq!(operating_points(&anode, &cathode, Circuit::default()).unwrap(), points);
            let mut seen = Default::default();
            let walked = (0..stretches).filter(|&k| !one_sign([&anode, &cathode], &mut seen, 0.0, ec[k * SKIP_POINTS], ec[(k + 1) * SKIP_POINTS])).count();
            assert!(walked <= 4, "{walked} of {stretches} stretches may hold a solution");
        }
    }

    #[test]
    fn a_summary_bounds_every_run_of_blocks_as_its_points_do() {
        // 1000 points (16 blocks, the last one short): every run of blocks, from its few
        // entries, against the least and greatest of its points read one by one.
        let e: Vec<f64> = (0..1000).map(|i| i as f64 * 1e-3).collect();
        let j: Vec<f64> = (0..1000).map(|i| ((i * 7919) % 1013) as f64 - 500.0 + (i as f64 * 0.37).sin()).collect();
        let summary = Summary::of(&e, &j);
        assert_eq!(summary.blocks(), 16);
        for first in 0..16 {
            for last in first..16 {
                let points = &j[first * BLOCK_POINTS..((last + 1) * BLOCK_POINTS).min(j.len())];
                assert_eq!(summary.bounds(first, last), least_and_greatest(points), "blocks {first}..={last}");
            }
        }
        assert_eq!(summary.overall(), least_and_greatest(&j));
    }

    #[test]
    fn bias_and_resistance_move_the_point_as_the_circuit_says() {
        // Same lines; U = 0.2 V, R = 100 Ω. Unknowns E_c and I (mA): I = −3(E_c − 0.03) and
        // I = 3(E_a + 0.45) with E_a = E_c + 0.2 − 0.1·I (I in mA × 100 Ω = 0.1 V per mA).
        // Solving by hand: I = 3(E_c + 0.65 − 0.1 I) → 1.3 I = 3E_c + 1.95, E_c = 0.03 − I/3
        // → 1.3 I = 0.09 − I + 1.95 → I = 2.04/2.3.
        let (ea, ja) = line(-2.0, 2.0, 81, 2.0, -0.45);
        let (ec, jc) = line(-2.0, 2.0, 81, 3.0, 0.03);
        let anode = Electrode::new(&ea, &ja, 1.5);
        let cathode = Electrode::new(&ec, &jc, 1.0);
        let points = operating_points(&anode, &cathode, Circuit { bias_v: 0.2, resistance_ohm: 100.0 }).unwrap();
        assert_eq!(points.len(), 1, "{points:?}");
        let i = 2.04 / 2.3;
        close(points[0].current_ma, i, 1e-9);
        close(points[0].cathode_potential_v, 0.03 - i / 3.0, 1e-9);
        close(points[0].anode_potential_v - points[0].cathode_potential_v, 0.2 - 0.1 * i, 1e-9);
    }

    #[test]
    fn a_resistance_between_two_point_lines_still_finds_the_point() {
        // The page's case: anode J = 1 + 2E, cathode J = −0.5 + E, each given by its two ends
        // at ±1 V, 2 cm² each; U = 0.1 V, R = 100 Ω. At both ends of the cathode's curve the
        // anode's potential E_c + U − I·R leaves its curve, so the cathode's breakpoints alone
        // never see h. By hand: 2 + 4(E_c + 0.1 − 0.1(1 − 2E_c)) = 1 − 2E_c → E_c = −1/6.8.
        let (ea, ja) = (vec![-1.0, 1.0], vec![-1.0, 3.0]);
        let (ec, jc) = (vec![-1.0, 1.0], vec![-1.5, 0.5]);
        let anode = Electrode::new(&ea, &ja, 2.0);
        let cathode = Electrode::new(&ec, &jc, 2.0);
        let points = operating_points(&anode, &cathode, Circuit { bias_v: 0.1, resistance_ohm: 100.0 }).unwrap();
        assert_eq!(points.len(), 1, "{points:?}");
        let e_c = -1.0 / 6.8;
        close(points[0].cathode_potential_v, e_c, 1e-9);
        close(points[0].current_ma, 1.0 - 2.0 * e_c, 1e-9);
    }

    #[test]
    fn diode_curves_cross_where_a_fine_bisection_says() {
        // Photodiode-like curves, J_a = 1.2 − 0.01·(e^((−0.3 − E)/0.05) − 1) and
        // J_c = −0.9 + 0.02·(e^((E − 0.1)/0.04) − 1), sampled every mV;
        // the crossing is checked against the curves themselves (A_a·J_a + A_c·J_c = 0).
        let e: Vec<f64> = (0..2001).map(|i| -1.0 + i as f64 * 0.001).collect();
        let ja: Vec<f64> = e.iter().map(|&v| 1.2 - 0.01 * (((-0.3 - v) / 0.05_f64).exp() - 1.0)).collect();
        let jc: Vec<f64> = e.iter().map(|&v| -0.9 + 0.02 * (((v - 0.1) / 0.04_f64).exp() - 1.0)).collect();
        let anode = Electrode::new(&e, &ja, 1.0);
        let cathode = Electrode::new(&e, &jc, 1.0);
        let points = operating_points(&anode, &cathode, Circuit::default()).unwrap();
        assert_eq!(points.len(), 1);
        let p = points[0];
        assert!((p.anode_ma_per_cm2 + p.cathode_ma_per_cm2).abs() < 1e-12, "{p:?}");
        // At the crossing the cathode's current is the anode's, with the sign flipped.
        close(p.current_ma, p.anode_ma_per_cm2, 1e-12);
    }

    /// A measured-looking curve: `n` ascending potentials from `from` in uneven steps, and
    /// currents from a smooth trend with noise, crossing zero where the trend does; with
    /// `flat`, stretches of exact zeros (a potentiostat's dark current rounded away).
    fn wavy(n: usize, from: f64, steps: &[f64], trend: (f64, f64, f64), noise: &[f64], flat: bool) -> (Vec<f64>, Vec<f64>) {
        let mut e = Vec::with_capacity(n);
        let mut at = from;
        for i in 0..n {
            e.push(at);
            at += steps[i % steps.len()];
        }
        let (level, slope, wave) = trend;
        let j = e
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let j = level + slope * (v - from) + wave * (7.0 * v).sin() + noise[i % noise.len()];
                if flat && j.abs() < 0.05 { 0.0 } else { j }
            })
            .collect();
        (e, j)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, failure_persistence: None, ..Default::default() })]

        /// Skipping the stretches where the currents cannot balance finds exactly the points
        /// that walking every breakpoint finds, to the last bit, at any bias (resistance takes
        /// the other path, which skips nothing); so does the bias for a current found by
        /// passing over blocks.
        #[test]
        fn skipping_stretches_changes_no_operating_point(
            (na, nc) in (2_usize..3000, 2_usize..3000),
            steps_a in proptest::collection::vec(1e-4_f64..0.02, 1..9),
            steps_c in proptest::collection::vec(1e-4_f64..0.02, 1..9),
            trend_a in (-1.0_f64..1.0, -3.0_f64..3.0, 0.0_f64..1.0),
            trend_c in (-1.0_f64..1.0, -3.0_f64..3.0, 0.0_f64..1.0),
            noise in proptest::collection::vec(-0.05_f64..0.05, 1..17),
            (flat, from_c, bias) in (proptest::prelude::any::<bool>(), -1.0_f64..0.5, -1.0_f64..1.0),
            areas in (0.1_f64..3.0, 0.1_f64..3.0),
        ) {
            let (ea, ja) = wavy(na, -0.5, &steps_a, trend_a, &noise, flat);
            let (ec, jc) = wavy(nc, from_c, &steps_c, trend_c, &noise, flat);
            let anode = Electrode::new(&ea, &ja, areas.0);
            let cathode = Electrode::new(&ec, &jc, areas.1);
            let circuit = Circuit { bias_v: bias, ..Circuit::default() };
            let skipped = solve(&anode, &cathode, circuit, true);
            let walked = solve(&anode, &cathode, circuit, false);
            proptest::prop_assert_eq!(format!("{skipped:?}"), format!("{walked:?}"));
            // Summarised beforehand: bounds from whole blocks, and no pass over the points.
            let (sa, sc) = (Summary::of(&ea, &ja), Summary::of(&ec, &jc));
            let summarised = solve(&Electrode { summary: Some(&sa), ..anode }, &Electrode { summary: Some(&sc), ..cathode }, circuit, true);
            proptest::prop_assert_eq!(format!("{summarised:?}"), format!("{walked:?}"));
            // The best split of 2 cm², found in one walk: at least what the search over splits
            // finds, and the greatest a·c/(a + c) along the curves, as points 1/64 of each
            // segment apart give it (at least theirs, and hardly above it).
            let (anode_s, cathode_s) = (Electrode { summary: Some(&sa), ..anode }, Electrode { summary: Some(&sc), ..cathode });
            match (best_area_ratio(&anode_s, &cathode_s, 2.0, circuit), scanned_area_ratio(&anode, &cathode, 2.0, circuit)) {
                (Ok(exact), Ok(scanned)) => {
                    let mut grid: Vec<f64> = ec.iter().copied().chain(ea.iter().map(|e| e - bias)).filter(|e| *e >= ec[0].max(ea[0] - bias) && *e <= ec[nc - 1].min(ea[na - 1] - bias)).collect();
                    grid.sort_by(f64::total_cmp);
                    let g = |e: f64| match (interpolate(&ea, &ja, (e + bias).clamp(ea[0], ea[na - 1])), interpolate(&ec, &jc, e)) {
                        (Some(a), Some(j)) if a > 0.0 && j < 0.0 => 2.0 * a * -j / (a - j),
                        _ => 0.0,
                    };
                    let sampled = grid.windows(2).flat_map(|w| (0..64).map(move |i| w[0] + (w[1] - w[0]) * i as f64 / 64.0)).chain(grid.last().copied()).map(g).fold(0.0, f64::max);
                    let found = exact.map_or(0.0, |(_, current)| current);
                    proptest::prop_assert!(found >= scanned.map_or(0.0, |(_, i)| i) * (1.0 - 1e-9), "walk {exact:?}, search {scanned:?}");
                    // Where a is near zero, a peak can be narrower than the samples: a margin of
                    // 10⁻⁵ of the currents' scale besides.
                    let scale = 2.0 * ja.iter().chain(&jc).fold(0.0, |m: f64, j| m.max(j.abs()));
                    proptest::prop_assert!(found >= sampled * (1.0 - 1e-12) && found <= sampled * (1.0 + 1e-3) + 1e-5 * scale, "walk {exact:?}, sampled {sampled}");
                }
                (exact, scanned) => proptest::prop_assert_eq!(exact.err(), scanned.err()),
            }
            // The bias for a current: blocks passed over by their bounds, the same potentials.
            for current in [0.0, trend_a.0 * areas.0, -trend_c.0 * areas.1, noise[0] * areas.0, 0.25] {
                let read = bias_for_current(&anode, &cathode, current, 0.0);
                let passed = bias_for_current(&anode_s, &cathode_s, current, 0.0);
                proptest::prop_assert_eq!(format!("{passed:?}"), format!("{read:?}"));
            }
        }
    }

    proptest::proptest! {
        /// A cursor moved forward finds what a search of the whole curve finds.
        #[test]
        fn a_cursor_finds_what_a_search_finds(
            mut x in proptest::collection::vec(-10.0_f64..10.0, 0..300),
            mut asked in proptest::collection::vec(-11.0_f64..11.0, 1..40),
        ) {
            x.sort_by(f64::total_cmp);
            asked.sort_by(f64::total_cmp);
            let (mut below, mut up_to) = (Cursor::default(), Cursor::default());
            for v in asked {
                proptest::prop_assert_eq!(below.count(&x, |p| p < v), x.partition_point(|&p| p < v));
                proptest::prop_assert_eq!(up_to.count(&x, |p| p <= v), x.partition_point(|&p| p <= v));
            }
        }
    }

    #[test]
    fn curves_that_never_meet_give_no_point_and_bad_curves_are_named() {
        // The anode oxidises only above +0.8 V, the cathode reduces only below −0.8 V: between
        // them both carry nothing, and no current flows without bias.
        let (ea, ja) = line(-1.0, 1.0, 21, 1.0, 0.8);
        let ja: Vec<f64> = ja.iter().map(|j| j.max(0.0)).collect();
        let (ec, jc) = line(-1.0, 1.0, 21, 1.0, -0.8);
        let jc: Vec<f64> = jc.iter().map(|j| j.min(0.0)).collect();
        let anode = Electrode::new(&ea, &ja, 1.0);
        let cathode = Electrode::new(&ec, &jc, 1.0);
        assert!(operating_points(&anode, &cathode, Circuit::default()).unwrap().is_empty());
        let far = [5.0, 6.0];
        let away = Electrode::new(&far, &[1.0, 2.0], 1.0);
        assert!(matches!(operating_points(&away, &cathode, Circuit::default()), Err(OperatingError::NoOverlap { .. })));
        let back = Electrode::new(&[0.0, 0.1, 0.05], &[1.0, 2.0, 3.0], 1.0);
        assert_eq!(operating_points(&back, &cathode, Circuit::default()), Err(OperatingError::NotAscending { which: "photoanode", point: 3 }));
        let zero = Electrode { area_cm2: 0.0, ..anode };
        assert!(matches!(operating_points(&anode, &zero, Circuit::default()), Err(OperatingError::BadArea { which: "photocathode", .. })));
        // A summary says the same of bad points, and one of other points is not taken for theirs.
        let of_back = Summary::of(back.potential_v, back.current_ma_per_cm2);
        let back = Electrode { summary: Some(&of_back), ..back };
        assert_eq!(operating_points(&back, &cathode, Circuit::default()), Err(OperatingError::NotAscending { which: "photoanode", point: 3 }));
        let of_other = Summary::of(&[0.0, 0.1], &[1.0, 2.0]);
        let mistaken = Electrode { summary: Some(&of_other), ..back };
        assert_eq!(operating_points(&mistaken, &cathode, Circuit::default()), Err(OperatingError::NotAscending { which: "photoanode", point: 3 }));
    }

    #[test]
    fn onsets_by_threshold_match_the_seed_style_lines() {
        // A photoanode line through −0.45 V rising 1 mA cm⁻² per 0.1 V reaches 0.1 mA cm⁻² at −0.44 V.
        let (ea, ja) = line(-1.0, 1.0, 201, 10.0, -0.45);
        let anode = Electrode::new(&ea, &ja, 1.0);
        close(onset_by_threshold(&anode, 0.1, true).unwrap(), -0.44, 1e-9);
        // A photocathode through +0.03 V falling: −0.1 mA cm⁻² at +0.02 V.
        let (ec, jc) = line(-1.0, 1.0, 201, 10.0, 0.03);
        let cathode = Electrode::new(&ec, &jc, 1.0);
        close(onset_by_threshold(&cathode, 0.1, false).unwrap(), 0.02, 1e-9);
        let zeros = vec![0.0; 201];
        let flat = Electrode::new(&ea, &zeros, 1.0);
        assert_eq!(onset_by_threshold(&flat, 0.1, true), None);
    }

    #[test]
    fn the_bias_for_a_current_and_the_best_area_split() {
        // Anode J_a = 2(E + 0.45) and cathode J_c = 3(E − 0.03), 1 cm² each. For 1 mA: the
        // anode at −0.45 + 0.5 = +0.05 V, the cathode at 0.03 − 1/3 V, so U = 0.05 − 0.03 +
        // 1/3 = 0.35333 V; with 100 Ω another 0.1 V.
        let (ea, ja) = line(-2.0, 2.0, 81, 2.0, -0.45);
        let (ec, jc) = line(-2.0, 2.0, 81, 3.0, 0.03);
        let anode = Electrode::new(&ea, &ja, 1.0);
        let cathode = Electrode::new(&ec, &jc, 1.0);
        close(bias_for_current(&anode, &cathode, 1.0, 0.0).unwrap().unwrap(), 0.02 + 1.0 / 3.0, 1e-9);
        close(bias_for_current(&anode, &cathode, 1.0, 100.0).unwrap().unwrap(), 0.02 + 1.0 / 3.0 + 0.1, 1e-9);
        // At the bias-free operating current the bias needed is zero.
        let i0 = operating_points(&anode, &cathode, Circuit::default()).unwrap()[0].current_ma;
        assert!(bias_for_current(&anode, &cathode, i0, 0.0).unwrap().unwrap().abs() < 1e-9);
        // Total area 2 cm², x on the anode: I = 2x·2(E + 0.45) = −2(1 − x)·3(E − 0.03). By
        // hand, E = (0.18(1 − x) − 1.8x)/(4x + 6(1 − x)) and I = 4x(E + 0.45); the maximum is at
        // x = 1/(1 + √(2/3)) (where dI/dx = 0), i.e. A_a/A_c = √(3/2).
        let (ratio, current) = best_area_ratio(&anode, &cathode, 2.0, Circuit::default()).unwrap().unwrap();
        close(ratio, 1.5_f64.sqrt(), 1e-6);
        let x = 1.0 / (1.0 + (2.0_f64 / 3.0).sqrt());
        let e = (0.18 * (1.0 - x) - 1.8 * x) / (4.0 * x + 6.0 * (1.0 - x));
        close(current, 4.0 * x * (e + 0.45), 1e-9);
    }

    #[test]
    fn onsets_by_tangent() {
        // A straight line's tangent is itself: the onset is where it crosses zero.
        let (ea, ja) = line(-1.0, 1.0, 201, 10.0, -0.45);
        let ja: Vec<f64> = ja.iter().map(|j| j.max(0.0)).collect();
        let anode = Electrode::new(&ea, &ja, 1.0);
        close(onset_by_tangent(&anode, true).unwrap(), -0.45, 1e-9);
        let (ec, jc) = line(-1.0, 1.0, 201, 10.0, 0.03);
        let jc: Vec<f64> = jc.iter().map(|j| j.min(0.0)).collect();
        let cathode = Electrode::new(&ec, &jc, 1.0);
        close(onset_by_tangent(&cathode, false).unwrap(), 0.03, 1e-9);
        // A curve that bends, J = e^(E/0.1) − 1: its steepest segment is the last (0.99–1.00 V),
        // and the tangent through that segment's midpoint meets J = 0 at 0.995 − J_mid/slope.
        let e: Vec<f64> = (0..=100).map(|k| k as f64 / 100.0).collect();
        let j: Vec<f64> = e.iter().map(|&v| (v / 0.1_f64).exp() - 1.0).collect();
        let bent = Electrode::new(&e, &j, 1.0);
        let s = (j[100] - j[99]) / 0.01;
        close(onset_by_tangent(&bent, true).unwrap(), 0.995 - (j[100] + j[99]) / 2.0 / s, 1e-12);
        let zeros = vec![0.0; 201];
        let flat = Electrode::new(&ea, &zeros, 1.0);
        assert_eq!(onset_by_tangent(&flat, true), None);
    }
}
