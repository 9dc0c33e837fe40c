//! Running a compiled [`Program`] (see `compile`): the parameter-only steps once per
//! evaluation, then the steps that depend on x over chunks of up to [`CHUNK`] points, each
//! step one tight loop over the chunk's registers. This is the vectorized interpretation of
//! P. Boncz, M. Zukowski & N. Nes, "MonetDB/X100: Hyper-Pipelining Query Execution", CIDR
//! 2005 (and of NumPy's ufunc loops): the cost of dispatching an operation is paid once per
//! chunk instead of once per point, and each loop is simple enough for the compiler to
//! vectorize. A chunk of 128 points keeps a typical formula's registers in the L1 cache;
//! 256 to 1,024 measured no faster.
//!
//! Every operation's arithmetic is written once, in the `kernels!` table below, which makes
//! both the scalar form (for parameter-only steps and for folding constants at compile time)
//! and the loop over a chunk. The two cannot disagree, so hoisting or folding a
//! subexpression never changes a value.

use std::cell::Cell;

use super::Func;

impl Func {
    fn apply(self, a: f64) -> f64 {
        match self {
            Func::Exp => a.exp(),
            Func::Ln => a.ln(),
            Func::Log10 => a.log10(),
            Func::Sqrt => a.sqrt(),
            Func::Abs => a.abs(),
            Func::Sin => a.sin(),
            Func::Cos => a.cos(),
            Func::Tan => a.tan(),
            Func::Atan => a.atan(),
        }
    }
}

/// The operations of a compiled program: the formula's own, and the local partial
/// derivatives that its derivative program needs. Unary operations ignore their second
/// operand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Code {
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    /// aᵇ for any b (see [`power`]).
    Pow,
    Call(Func),
    /// ∂(aᵇ)/∂a = b·aᵇ⁻¹, and 0 where b = 0 (aᵇ is then 1 for every a).
    PowBase,
    /// ∂(aᵇ)/∂b = aᵇ·ln a from (aᵇ, a), and 0 where aᵇ = 0 (its limit as a → 0 for b > 0).
    PowExponent,
    /// The sign of a, and 0 at 0 (or NaN): the derivative of |a|.
    Sign,
    /// d·g, and 0 where g = 0 even if d is infinite: the chain-rule term ∂v/∂a·∂a/∂p through
    /// a power. (K·x)ⁿ with n < 1 at x = 0 is 0 for every K, so its derivative is 0, not
    /// 0·∞. Other operations multiply plainly: sqrt(a·x) at x = 0 stays an error, its
    /// derivative in a being infinite.
    GuardedMul,
}

/// aᵇ, exact for small integer exponents (and defined for negative a there).
fn power(a: f64, b: f64) -> f64 {
    if b == b.trunc() && b.abs() <= 64.0 {
        a.powi(b as i32)
    } else {
        a.powf(b)
    }
}

/// Writes `f(a[i], b[i])` to `out[i]` for every point of a chunk: one loop per operation, so
/// that the operation is dispatched once per chunk and the loop can vectorize.
#[inline(always)]
fn map(out: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(f64, f64) -> f64) {
    for ((o, &a), &b) in out.iter_mut().zip(a).zip(b) {
        *o = f(a, b);
    }
}

/// Defines [`Code::apply`] (one value) and [`Code::run`] (a chunk of values) from one table
/// of `pattern => |a, b| arithmetic`.
macro_rules! kernels {
    ($($code:pat => |$a:ident, $b:ident| $e:expr,)*) => {
        impl Code {
            /// The operation on one pair of operands.
            pub(super) fn apply(self, a: f64, b: f64) -> f64 {
                #[allow(unused_variables)]
                match self {
                    $($code => { let ($a, $b) = (a, b); $e })*
                }
            }

            /// The operation on a chunk: `out[i] = op(a[i], b[i])`.
            #[inline(always)]
            fn run(self, out: &mut [f64], a: &[f64], b: &[f64]) {
                #[allow(unused_variables)]
                match self {
                    $($code => map(out, a, b, |$a, $b| $e),)*
                }
            }
        }
    };
}

kernels! {
    Code::Neg => |a, b| -a,
    Code::Add => |a, b| a + b,
    Code::Sub => |a, b| a - b,
    Code::Mul => |a, b| a * b,
    Code::Div => |a, b| a / b,
    Code::Pow => |a, b| power(a, b),
    Code::Call(f) => |a, b| f.apply(a),
    Code::PowBase => |a, b| if b != 0.0 { b * power(a, b - 1.0) } else { 0.0 },
    Code::PowExponent => |a, b| if a != 0.0 { a * b.ln() } else { 0.0 },
    Code::Sign => |a, b| if a > 0.0 { 1.0 } else if a < 0.0 { -1.0 } else { 0.0 },
    Code::GuardedMul => |a, b| if b == 0.0 { 0.0 } else { a * b },
}

impl Code {
    /// Whether the operation takes one operand (in a postfix program: the value before it).
    pub(super) fn is_unary(self) -> bool {
        matches!(self, Code::Neg | Code::Call(_) | Code::Sign)
    }
}

/// Points evaluated together: a step's dispatch is paid once per chunk, the loops over a
/// chunk's points are tight, and the registers of a typical formula stay in the L1 cache.
pub(super) const CHUNK: usize = 128;

/// The points of one iteration of a compiled loop over a chunk, as the compiler vectorizes and
/// unrolls it (4 values per AVX2 instruction, 4 instructions per iteration). With fewer
/// points the whole loop would run in its scalar remainder, so chunks are padded to this.
const LANES: usize = 16;

/// A parameter-only step, run once per evaluation; operands index earlier steps' values.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Uniform {
    Const(f64),
    Param(usize),
    Apply(Code, u32, u32),
}

/// A step over the points of a chunk: `registers[out] = code(registers[a], registers[b])`,
/// with `out` different from both operands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Step {
    pub(super) code: Code,
    pub(super) out: u32,
    pub(super) a: u32,
    pub(super) b: u32,
}

/// A compiled program with its outputs: the value and, in the Jacobian program, ∂f/∂pⱼ.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Program {
    /// The parameter-only steps, in order.
    pub(super) uniform: Vec<Uniform>,
    /// Uniform values that steps over points read: (index into `uniform`, register). Each is
    /// copied across its register once per evaluation.
    pub(super) broadcast: Vec<(u32, u32)>,
    /// The steps over points, in order; register [`X_REGISTER`] holds x.
    pub(super) steps: Vec<Step>,
    /// The register of each output, or `None` where it is 0 at every point (a derivative with
    /// respect to a parameter the formula does not use, or not through x's terms).
    pub(super) outputs: Vec<Option<u32>>,
    /// Registers needed.
    pub(super) registers: usize,
}

/// The register that holds the chunk's x.
pub(super) const X_REGISTER: u32 = 0;

/// The working memory of one evaluation: the registers, with the uniform values that steps
/// read already copied in.
pub(super) struct Scratch {
    /// Points per register: the chunk width, or fewer when there are fewer points.
    width: usize,
    /// The registers, `width` values each, then the uniform values.
    memory: Vec<f64>,
}

thread_local! {
    /// Memory kept from one evaluation to the next, so that evaluating does not allocate (a
    /// fit evaluates its model a few dozen times; a small one takes microseconds in all).
    static MEMORY: Cell<Vec<f64>> = const { Cell::new(Vec::new()) };
}

impl Drop for Scratch {
    fn drop(&mut self) {
        MEMORY.with(|m| m.set(std::mem::take(&mut self.memory)));
    }
}

impl Program {
    /// Working memory for `points` points, with the parameter-only steps run for `p`
    /// (a parameter beyond `p` reads as NaN).
    pub(super) fn prepare(&self, points: usize, p: &[f64]) -> Scratch {
        let width = points.clamp(1, CHUNK).next_multiple_of(LANES);
        let size = self.registers.max(1) * width;
        // Every register is written before it is read, so old contents do no harm.
        let mut memory = MEMORY.with(Cell::take);
        memory.resize(size + self.uniform.len(), 0.0);
        let (registers, uniform) = memory.split_at_mut(size);
        for (u, step) in self.uniform.iter().enumerate() {
            uniform[u] = match *step {
                Uniform::Const(c) => c,
                Uniform::Param(i) => p.get(i).copied().unwrap_or(f64::NAN),
                Uniform::Apply(code, a, b) => code.apply(uniform[a as usize], uniform[b as usize]),
            };
        }
        for &(u, r) in &self.broadcast {
            let r = r as usize;
            registers[r * width..(r + 1) * width].fill(uniform[u as usize]);
        }
        Scratch { width, memory }
    }

    /// Runs the steps over points on up to `s.width` points `x`.
    pub(super) fn run(&self, x: &[f64], s: &mut Scratch) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: `run_avx2` only needs AVX2, and the processor has it (checked above).
            unsafe { self.run_avx2(x, s) };
            return;
        }
        self.run_portable(x, s);
    }

    /// [`Program::run`] compiled for AVX2: four values per instruction instead of the two of
    /// the x86-64 baseline (SSE2), for the same arithmetic (IEEE 754 operations give the
    /// same bits at any vector width, and Rust does not fuse multiply-adds), so the results do
    /// not depend on the processor. The command line is built for the baseline, so that it
    /// runs on any x86-64; this is chosen at run time.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn run_avx2(&self, x: &[f64], s: &mut Scratch) {
        self.run_portable(x, s);
    }

    /// The steps over points, for any processor; inlined into each compiled variant.
    #[inline(always)]
    fn run_portable(&self, x: &[f64], s: &mut Scratch) {
        let w = s.width;
        let points = x.len().min(w);
        s.memory[..points].copy_from_slice(&x[..points]);
        // The steps run over a whole number of vector iterations: the padding points repeat
        // the last x (real data, so no unusual arithmetic), and their results are not read.
        let len = points.next_multiple_of(LANES).min(w);
        let last = x.get(points.wrapping_sub(1)).copied().unwrap_or(0.0);
        s.memory[points..len].fill(last);
        for step in &self.steps {
            let (out, a, b) = (step.out as usize, step.a as usize, step.b as usize);
            // Split the register file around `out` so that the operands can be read while
            // it is written.
            let (below, rest) = s.memory.split_at_mut(out * w);
            let (target, above) = rest.split_at_mut(w);
            let register = |r: usize| -> &[f64] {
                if r < out {
                    &below[r * w..r * w + len]
                } else {
                    &above[(r - out - 1) * w..(r - out - 1) * w + len]
                }
            };
            step.code.run(&mut target[..len], register(a), register(b));
        }
    }

    /// Output `o` at the chunk's first `len` points (after [`Program::run`]), or `None` where
    /// it is 0 everywhere.
    pub(super) fn output<'s>(&self, s: &'s Scratch, o: usize, len: usize) -> Option<&'s [f64]> {
        let r = self.outputs.get(o).copied().flatten()? as usize;
        Some(&s.memory[r * s.width..r * s.width + len])
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use crate::science::fit::Model;
    use std::f64::consts::{E, PI};

    fn eval(text: &str, x: f64, p: &[f64]) -> f64 {
        parse(text).unwrap().value(x, p)
    }

    #[test]
    fn functions_and_constants() {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-15 * b.abs().max(1.0);
        assert!(close(eval("exp(1)", 0.0, &[]), E));
        assert!(close(eval("ln(e)", 0.0, &[]), 1.0));
        assert!(close(eval("log(e^2)", 0.0, &[]), 2.0));
        assert!(close(eval("log10(1000)", 0.0, &[]), 3.0));
        assert!(close(eval("sqrt(16)", 0.0, &[]), 4.0));
        assert!(close(eval("pow(2, 10)", 0.0, &[]), 1024.0));
        assert!(close(eval("abs(-3)", 0.0, &[]), 3.0));
        assert!(close(
            eval("sin(pi/2) + cos(0) + tan(0) + atan(1)*4", 0.0, &[]),
            2.0 + PI
        ));
    }
}
