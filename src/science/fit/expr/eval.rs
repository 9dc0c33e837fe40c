//! Evaluating a program: values and exact derivatives by forward-mode automatic
//! differentiation (A. Griewank & A. Walther, *Evaluating Derivatives*, 2nd ed., SIAM 2008,
//! ch. 3): every value on the evaluation stack carries its gradient with respect to all
//! parameters. Forward mode was chosen over symbolic differentiation because it needs no
//! simplifier, cannot blow up in size (the derivative of a product of n factors has n terms
//! symbolically), costs a fixed (1 + number of parameters) times one evaluation, and shares
//! the one evaluator between values and derivatives, so the two cannot disagree.
//!
//! The program runs over chunks of up to [`CHUNK`] points at once, so that its dispatch is
//! paid once per chunk and the loops over points are tight.

use std::f64::consts::LN_10;

use super::{Expression, Func, Op};

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

    /// d f(a) / da, given a and v = f(a).
    fn derivative(self, a: f64, v: f64) -> f64 {
        match self {
            Func::Exp => v,
            Func::Ln => 1.0 / a,
            Func::Log10 => 1.0 / (a * LN_10),
            Func::Sqrt => 0.5 / v,
            Func::Abs => {
                if a > 0.0 {
                    1.0
                } else if a < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            }
            Func::Sin => a.cos(),
            Func::Cos => -a.sin(),
            Func::Tan => 1.0 + v * v,
            Func::Atan => 1.0 / (1.0 + a * a),
        }
    }
}

pub(super) fn apply_unary(op: Op, a: f64) -> f64 {
    match op {
        Op::Neg => -a,
        Op::Call(f) => f.apply(a),
        _ => a,
    }
}

pub(super) fn apply_binary(op: Op, a: f64, b: f64) -> f64 {
    match op {
        Op::Add => a + b,
        Op::Sub => a - b,
        Op::Mul => a * b,
        Op::Div => a / b,
        Op::Pow => power(a, b),
        _ => a,
    }
}

/// aᵇ, exact for small integer exponents (and defined for negative a there).
fn power(a: f64, b: f64) -> f64 {
    if b == b.trunc() && b.abs() <= 64.0 {
        a.powi(b as i32)
    } else {
        a.powf(b)
    }
}

/// Points evaluated together: the program's dispatch is paid once per chunk, and the loops
/// over a chunk's points are tight (and vectorize where the arithmetic allows).
pub(super) const CHUNK: usize = 64;

/// Evaluation stack for a chunk of points: values (slot × point), gradients
/// (slot × parameter × point), and whether a slot depends on any parameter at all (if not,
/// its gradient rows are not read and need not be zeroed).
pub(super) struct Scratch {
    /// Parameters carried in the gradients: all of them, or 0 for values only.
    pub(super) k: usize,
    /// Points per slot: the chunk width, or fewer when there are fewer points.
    pub(super) width: usize,
    /// Slot values, `width` per slot; the result is in slot 0.
    pub(super) values: Vec<f64>,
    /// Slot gradients, `k` rows of `width` per slot; the result's are in slot 0.
    pub(super) grads: Vec<f64>,
    /// Whether each slot depends on any parameter.
    active: Vec<bool>,
    /// ∂v/∂a and ∂v/∂b of the current operation, per point.
    da: [f64; CHUNK],
    db: [f64; CHUNK],
}

impl Scratch {
    /// A stack deep enough for `expression`, for up to `width` points (at most [`CHUNK`]),
    /// carrying gradients when `with_gradient`.
    pub(super) fn new(expression: &Expression, with_gradient: bool, width: usize) -> Self {
        let w = width.clamp(1, CHUNK);
        let depth = expression.stack_size.max(1);
        let k = if with_gradient {
            expression.parameters.len()
        } else {
            0
        };
        Scratch {
            k,
            width: w,
            values: vec![0.0; depth * w],
            grads: vec![0.0; depth * k * w],
            active: vec![false; depth],
            da: [0.0; CHUNK],
            db: [0.0; CHUNK],
        }
    }

    /// The values of slot `t`.
    fn slot(&mut self, t: usize) -> &mut [f64] {
        let w = self.width;
        &mut self.values[t * w..(t + 1) * w]
    }

    /// The gradient rows of slot `t` (k rows of `width`).
    fn grad(&mut self, t: usize) -> &mut [f64] {
        let (k, w) = (self.k, self.width);
        &mut self.grads[t * k * w..(t + 1) * k * w]
    }
}

impl Expression {
    /// Runs the program at up to [`CHUNK`] points `x`. The values are left in slot 0 of
    /// `s.values`; with a gradient-carrying scratch, ∂f/∂pⱼ at point i in
    /// `s.grads[j * s.width + i]` (zeros if the result depends on no parameter).
    pub(super) fn run(&self, x: &[f64], p: &[f64], s: &mut Scratch) {
        let w = s.width;
        let len = x.len().min(w);
        let k = s.k;
        let mut top = 0usize; // number of slots in use
        for op in &self.program {
            match *op {
                Op::Const(c) => {
                    s.slot(top)[..len].fill(c);
                    s.active[top] = false;
                    top += 1;
                }
                Op::X => {
                    s.slot(top)[..len].copy_from_slice(&x[..len]);
                    s.active[top] = false;
                    top += 1;
                }
                Op::Param(i) => {
                    s.slot(top)[..len].fill(p.get(i).copied().unwrap_or(f64::NAN));
                    if k > 0 {
                        for (j, row) in s.grad(top).chunks_exact_mut(w).enumerate() {
                            row[..len].fill(if j == i { 1.0 } else { 0.0 });
                        }
                        s.active[top] = true;
                    }
                    top += 1;
                }
                Op::Neg | Op::Call(_) => {
                    let t = top - 1;
                    let Scratch { values, da, .. } = s;
                    for (v, d) in values[t * w..t * w + len]
                        .iter_mut()
                        .zip(da.iter_mut())
                    {
                        let a = *v;
                        *v = apply_unary(*op, a);
                        *d = match *op {
                            Op::Call(f) => f.derivative(a, *v),
                            _ => -1.0,
                        };
                    }
                    if k > 0 && s.active[t] {
                        let da = s.da;
                        for row in s.grad(t).chunks_exact_mut(w) {
                            for (g, d) in row[..len].iter_mut().zip(&da) {
                                *g *= d;
                            }
                        }
                    }
                }
                Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow => {
                    let (ia, ib) = (top - 2, top - 1);
                    top -= 1;
                    let (active_a, active_b) = (s.active[ia], s.active[ib]);
                    let want = k > 0 && (active_a || active_b);
                    {
                        let Scratch { values, da, db, .. } = s;
                        let (slot_a, slot_b) =
                            values[ia * w..(ib + 1) * w].split_at_mut(w);
                        let (va, vb) = (&mut slot_a[..len], &slot_b[..len]);
                        // One loop per operation, so that the operation is not dispatched per point.
                        match *op {
                            Op::Add => {
                                for (a, b) in va.iter_mut().zip(vb) {
                                    *a += b;
                                }
                                da.fill(1.0);
                                db.fill(1.0);
                            }
                            Op::Sub => {
                                for (a, b) in va.iter_mut().zip(vb) {
                                    *a -= b;
                                }
                                da.fill(1.0);
                                db.fill(-1.0);
                            }
                            Op::Mul => {
                                for i in 0..len {
                                    let (a, b) = (va[i], vb[i]);
                                    va[i] = a * b;
                                    (da[i], db[i]) = (b, a);
                                }
                            }
                            Op::Div => {
                                for i in 0..len {
                                    let (a, b) = (va[i], vb[i]);
                                    let v = a / b;
                                    va[i] = v;
                                    (da[i], db[i]) = (1.0 / b, -v / b);
                                }
                            }
                            _ => {
                                for i in 0..len {
                                    let (a, b) = (va[i], vb[i]);
                                    let v = power(a, b);
                                    va[i] = v;
                                    if want {
                                        // d(aᵇ)/da = b·aᵇ⁻¹; d(aᵇ)/db = aᵇ ln a, and 0 where aᵇ = 0
                                        // (its limit as a → 0 for b > 0).
                                        da[i] = if active_a && b != 0.0 {
                                            b * power(a, b - 1.0)
                                        } else {
                                            0.0
                                        };
                                        db[i] = if active_b && v != 0.0 {
                                            v * a.ln()
                                        } else {
                                            0.0
                                        };
                                    }
                                }
                            }
                        }
                    }
                    if !want {
                        continue;
                    }
                    let Scratch { grads, da, db, .. } = s;
                    let (rows_a, rows_b) =
                        grads[ia * k * w..(ib + 1) * k * w].split_at_mut(k * w);
                    // The chain rule's term ∂v/∂a·∂a/∂p. For a power it is taken as 0 where
                    // ∂a/∂p = 0 even if ∂v/∂a is infinite: (K·x)ⁿ with n < 1 at x = 0 is 0 for
                    // every K, so its derivative is 0, not 0·∞. Other operations multiply
                    // plainly (sqrt(a·x) at x = 0 stays an error: its derivative in a is
                    // infinite).
                    let guard = matches!(*op, Op::Pow);
                    let term = |d: f64, g: f64| if guard && g == 0.0 { 0.0 } else { d * g };
                    for (row_a, row_b) in rows_a
                        .chunks_exact_mut(w)
                        .zip(rows_b.chunks_exact(w))
                    {
                        let (row_a, row_b) = (&mut row_a[..len], &row_b[..len]);
                        match (active_a, active_b) {
                            (true, true) => {
                                for i in 0..len {
                                    row_a[i] = term(da[i], row_a[i]) + term(db[i], row_b[i]);
                                }
                            }
                            (true, false) => {
                                for (g, d) in row_a.iter_mut().zip(da.iter()) {
                                    *g = term(*d, *g);
                                }
                            }
                            _ => {
                                for i in 0..len {
                                    row_a[i] = term(db[i], row_b[i]);
                                }
                            }
                        }
                    }
                    s.active[ia] = true;
                }
            }
        }
        if k > 0 && !s.active[0] {
            s.grads[..k * w].fill(0.0);
        }
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
