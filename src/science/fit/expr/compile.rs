//! Compiling a parsed formula, once, into two straight-line programs (see `eval`): one for
//! the values, one for the values and every ∂f/∂pⱼ.
//!
//! 1. The postfix program becomes a graph in which equal subexpressions are one node
//!    (hash-consing, i.e. common-subexpression elimination: the two `K*x` of
//!    `m*K*x/(1 + K*x)` are computed once), constant operands are folded, and powers with a
//!    small integer exponent become products.
//! 2. The derivatives are added to the same graph symbolically, by forward-mode rules
//!    (A. Griewank & A. Walther, *Evaluating Derivatives*, 2nd ed., SIAM 2008, ch. 3) applied
//!    to nodes instead of numbers: ∂v/∂pⱼ for every node v and parameter pⱼ, kept only where
//!    it is not identically 0. Because the derivative nodes are hash-consed with the formula's,
//!    they share its subexpressions (∂/∂m of the Langmuir formula is `K*x` times 1/(1 + K·x),
//!    both already there). The rules are those of a forward-mode evaluator, so the derivatives
//!    are exact (not finite differences) and the special cases are kept: a power's chain-rule
//!    term is 0 where the inner derivative is 0 ([`Code::GuardedMul`]).
//! 3. Nodes that depend on no x (parameters, constants and their combinations, e.g. `m*K` or
//!    1/K) are *uniform*: they are run once per evaluation, not once per point. The others
//!    become steps over chunks of points, in registers that are reused once their value is
//!    no longer read (so that a long formula's registers stay in the cache).
//!
//! Forward mode rather than reverse mode: typed models have few parameters (typically 2–5),
//! and forward rules keep the guard above, which is defined per parameter; reverse mode would
//! multiply an infinite partial by a 0 inner derivative. Symbolic rather than carrying a
//! gradient with every value: a parameter's derivative is only computed where the parameter
//! occurs, shared subexpressions are computed once, and parameter-only factors are hoisted.

use std::collections::HashMap;
use std::f64::consts::LN_10;

use super::eval::{Code, Program, Step, Uniform, X_REGISTER};
use super::{Func, Op};

impl Func {
    /// The derivative f′(a), in terms of a and v = f(a).
    fn derivative(self) -> Derivative {
        use Derivative::*;
        match self {
            Func::Exp => Value,
            Func::Ln => Reciprocal,
            Func::Log10 => ReciprocalTimes(LN_10),
            Func::Sqrt => HalfOverValue,
            Func::Abs => SignOfArgument,
            Func::Sin => Call(Func::Cos, false),
            Func::Cos => Call(Func::Sin, true),
            Func::Tan => OnePlusValueSquared,
            Func::Atan => OverOnePlusArgumentSquared,
        }
    }
}

/// The derivative of a one-argument function in terms of its argument a and value v, for
/// building the derivative program.
#[derive(Debug, Clone, Copy)]
enum Derivative {
    /// v (exp).
    Value,
    /// 1/a (ln).
    Reciprocal,
    /// 1/(a·c) (log10, c = ln 10).
    ReciprocalTimes(f64),
    /// 0.5/v (sqrt).
    HalfOverValue,
    /// sign(a) (abs).
    SignOfArgument,
    /// g(a), negated when the flag is set (sin → cos, cos → −sin).
    Call(Func, bool),
    /// 1 + v² (tan).
    OnePlusValueSquared,
    /// 1/(1 + a²) (atan).
    OverOnePlusArgumentSquared,
}

/// A node of the expression graph; operands are earlier nodes, so node order is an order of
/// evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Node {
    /// A constant, by its bits (so that nodes can be hashed).
    Const(u64),
    X,
    Param(usize),
    /// An operation; a unary one has its operand twice.
    Apply(Code, u32, u32),
}

/// The expression graph, with each distinct node once.
#[derive(Default)]
struct Graph {
    nodes: Vec<Node>,
    /// Whether each node depends on x.
    varying: Vec<bool>,
    /// Each node's index, for finding an equal node instead of adding it again.
    index: HashMap<Node, u32>,
}

impl Graph {
    /// The index of `node`, added if it is new.
    fn add(&mut self, node: Node) -> u32 {
        if let Some(&id) = self.index.get(&node) {
            return id;
        }
        let varying = match node {
            Node::X => true,
            Node::Const(_) | Node::Param(_) => false,
            Node::Apply(_, a, b) => self.varying[a as usize] || self.varying[b as usize],
        };
        let id = self.nodes.len() as u32;
        self.nodes.push(node);
        self.varying.push(varying);
        self.index.insert(node, id);
        id
    }

    fn constant(&mut self, v: f64) -> u32 {
        self.add(Node::Const(v.to_bits()))
    }

    /// The value of node `id` if it is a constant.
    fn constant_value(&self, id: u32) -> Option<f64> {
        match self.nodes[id as usize] {
            Node::Const(bits) => Some(f64::from_bits(bits)),
            _ => None,
        }
    }

    /// `code(a, b)`, simplified where that gives the same value bit for bit: constant operands
    /// are folded with the evaluator's own arithmetic, a product with 1 is its other factor,
    /// the operands of + and × are put in one order (so that `K*x` and `x*K` are one node),
    /// and a constant small integer power is multiplied out as `powi` would.
    fn apply(&mut self, code: Code, a: u32, b: u32) -> u32 {
        let (ca, cb) = (self.constant_value(a), self.constant_value(b));
        if let (Some(x), Some(y)) = (ca, cb) {
            return self.constant(code.apply(x, y));
        }
        let (code, a, b) = match code {
            Code::Mul if ca == Some(1.0) => return b,
            Code::Mul if cb == Some(1.0) => return a,
            Code::Add | Code::Mul if b < a => (code, b, a),
            Code::Pow => match cb {
                Some(n) if n == n.trunc() && n.abs() <= 64.0 => {
                    return self.power(a, n as i32);
                }
                _ => (code, a, b),
            },
            // The guard only matters where the inner derivative can be 0.
            Code::GuardedMul if cb == Some(0.0) => return self.constant(0.0),
            Code::GuardedMul if cb.is_some() => (Code::Mul, a, b),
            _ => (code, a, b),
        };
        self.add(Node::Apply(code, a, b))
    }

    /// aⁿ for an integer n, |n| ≤ 64, as the products that `powi` forms (binary powering,
    /// then 1/r for n < 0: compiler-rt's and Rust's `__powidf2`), so that the value is the
    /// same bit for bit, and the steps are plain products that vectorize, not a call per
    /// point.
    fn power(&mut self, a: u32, n: i32) -> u32 {
        let mut square = a;
        let mut product: Option<u32> = None;
        let mut bits = n.unsigned_abs();
        loop {
            if bits & 1 != 0 {
                product = Some(match product {
                    Some(p) => self.apply(Code::Mul, p, square),
                    None => square,
                });
            }
            bits >>= 1;
            if bits == 0 {
                break;
            }
            square = self.apply(Code::Mul, square, square);
        }
        let one = self.constant(1.0);
        let product = product.unwrap_or(one);
        if n < 0 {
            self.apply(Code::Div, one, product)
        } else {
            product
        }
    }

    fn unary(&mut self, code: Code, a: u32) -> u32 {
        self.apply(code, a, a)
    }

    /// The graph of a postfix program; returns the node of its result.
    fn build(&mut self, program: &[Op]) -> u32 {
        let mut stack: Vec<u32> = Vec::new();
        for &op in program {
            let node = match op {
                Op::Const(c) => self.constant(c),
                Op::X => self.add(Node::X),
                Op::Param(i) => self.add(Node::Param(i)),
                Op::Apply(code) if code.is_unary() => {
                    let a = stack.pop().unwrap_or(0);
                    self.unary(code, a)
                }
                Op::Apply(code) => {
                    let b = stack.pop().unwrap_or(0);
                    let a = stack.pop().unwrap_or(0);
                    self.apply(code, a, b)
                }
            };
            stack.push(node);
        }
        // The parser only emits complete programs, which leave one value.
        stack.pop().unwrap_or_else(|| self.constant(f64::NAN))
    }

    /// ∂(root)/∂pⱼ for j < `parameters`, `None` where it is identically 0: forward-mode rules
    /// applied to every node of the formula in order, building the derivatives as nodes.
    fn derivatives(&mut self, root: u32, parameters: usize) -> Vec<Option<u32>> {
        let formula = self.nodes.len();
        // tangents[v][j] = ∂v/∂pⱼ.
        let mut tangents: Vec<Vec<Option<u32>>> = Vec::with_capacity(formula);
        for v in 0..formula {
            let row = match self.nodes[v] {
                Node::Const(_) | Node::X => vec![None; parameters],
                Node::Param(i) => {
                    let one = self.constant(1.0);
                    (0..parameters).map(|j| (j == i).then_some(one)).collect()
                }
                Node::Apply(code, a, b) => {
                    let (ta, tb) = (&tangents[a as usize], &tangents[b as usize]);
                    let pairs: Vec<_> = ta.iter().copied().zip(tb.iter().copied()).collect();
                    self.chain_rule(code, v as u32, a, b, &pairs)
                }
            };
            tangents.push(row);
        }
        tangents.swap_remove(root as usize)
    }

    /// The derivatives of v = code(a, b) from those of its operands, (∂a/∂pⱼ, ∂b/∂pⱼ) for
    /// each j (for a unary operation both are ∂a/∂pⱼ).
    fn chain_rule(
        &mut self,
        code: Code,
        v: u32,
        a: u32,
        b: u32,
        pairs: &[(Option<u32>, Option<u32>)],
    ) -> Vec<Option<u32>> {
        if pairs.iter().all(|&(ta, tb)| ta.is_none() && tb.is_none()) {
            return vec![None; pairs.len()];
        }
        // Partial derivatives shared by every parameter's term, made once per node.
        let shared = match code {
            // 1/b, and −v/b as −v·(1/b).
            Code::Div => {
                let one = self.constant(1.0);
                let r = self.apply(Code::Div, one, b);
                let vr = self.apply(Code::Mul, v, r);
                (r, self.unary(Code::Neg, vr))
            }
            Code::Pow => {
                // With a constant exponent, b·aᵇ⁻¹ without the test for b = 0 at every point.
                let base = match self.constant_value(b) {
                    Some(c) if c != 0.0 => {
                        let lower = self.constant(c - 1.0);
                        let lower = self.apply(Code::Pow, a, lower);
                        self.apply(Code::Mul, b, lower)
                    }
                    _ => self.apply(Code::PowBase, a, b),
                };
                (base, self.apply(Code::PowExponent, v, a))
            }
            Code::Call(f) => (self.function_derivative(f.derivative(), a, v), 0),
            _ => (0, 0),
        };
        let mut out = Vec::with_capacity(pairs.len());
        for &(ta, tb) in pairs {
            let t = match code {
                Code::Neg => ta.map(|t| self.unary(Code::Neg, t)),
                Code::Call(_) => ta.map(|t| self.apply(Code::Mul, t, shared.0)),
                Code::Add => self.sum(ta, tb),
                Code::Sub => match (ta, tb) {
                    (Some(ta), Some(tb)) => Some(self.apply(Code::Sub, ta, tb)),
                    (ta, None) => ta,
                    (None, Some(tb)) => Some(self.unary(Code::Neg, tb)),
                },
                Code::Mul => {
                    let ta = ta.map(|t| self.apply(Code::Mul, b, t));
                    let tb = tb.map(|t| self.apply(Code::Mul, a, t));
                    self.sum(ta, tb)
                }
                // (∂a − v·∂b)/b, with 1/b shared by all parameters.
                Code::Div => match (ta, tb) {
                    (Some(ta), Some(tb)) => {
                        let vtb = self.apply(Code::Mul, v, tb);
                        let numerator = self.apply(Code::Sub, ta, vtb);
                        Some(self.apply(Code::Mul, numerator, shared.0))
                    }
                    (Some(ta), None) => Some(self.apply(Code::Mul, ta, shared.0)),
                    (None, Some(tb)) => Some(self.apply(Code::Mul, tb, shared.1)),
                    (None, None) => None,
                },
                Code::Pow => {
                    let ta = ta.map(|t| self.apply(Code::GuardedMul, shared.0, t));
                    let tb = tb.map(|t| self.apply(Code::GuardedMul, shared.1, t));
                    self.sum(ta, tb)
                }
                Code::PowBase | Code::PowExponent | Code::Sign | Code::GuardedMul => {
                    unreachable!("derivative operations are added after the formula's nodes")
                }
            };
            out.push(t);
        }
        out
    }

    /// ta + tb, where `None` is 0.
    fn sum(&mut self, ta: Option<u32>, tb: Option<u32>) -> Option<u32> {
        match (ta, tb) {
            (Some(ta), Some(tb)) => Some(self.apply(Code::Add, ta, tb)),
            (t, None) | (None, t) => t,
        }
    }

    /// f′(a) as a node, given the nodes of a and v = f(a).
    fn function_derivative(&mut self, d: Derivative, a: u32, v: u32) -> u32 {
        let one = self.constant(1.0);
        match d {
            Derivative::Value => v,
            Derivative::Reciprocal => self.apply(Code::Div, one, a),
            Derivative::ReciprocalTimes(c) => {
                let c = self.constant(c);
                let ac = self.apply(Code::Mul, a, c);
                self.apply(Code::Div, one, ac)
            }
            Derivative::HalfOverValue => {
                let half = self.constant(0.5);
                self.apply(Code::Div, half, v)
            }
            Derivative::SignOfArgument => self.unary(Code::Sign, a),
            Derivative::Call(g, negate) => {
                let ga = self.unary(Code::Call(g), a);
                if negate {
                    self.unary(Code::Neg, ga)
                } else {
                    ga
                }
            }
            Derivative::OnePlusValueSquared => {
                let vv = self.apply(Code::Mul, v, v);
                self.apply(Code::Add, one, vv)
            }
            Derivative::OverOnePlusArgumentSquared => {
                let aa = self.apply(Code::Mul, a, a);
                let sum = self.apply(Code::Add, one, aa);
                self.apply(Code::Div, one, sum)
            }
        }
    }

    /// The program that computes `outputs` (`None`: 0 everywhere).
    fn schedule(&self, outputs: &[Option<u32>]) -> Program {
        let count = self.nodes.len();
        let mut needed = vec![false; count];
        for &o in outputs.iter().flatten() {
            needed[o as usize] = true;
        }
        for id in (0..count).rev() {
            if let (true, Node::Apply(_, a, b)) = (needed[id], self.nodes[id]) {
                needed[a as usize] = true;
                needed[b as usize] = true;
            }
        }

        // Uniform nodes, in order, run once per evaluation.
        let mut uniform_index = vec![0u32; count];
        let mut uniform = Vec::new();
        for id in (0..count).filter(|&id| needed[id] && !self.varying[id]) {
            uniform_index[id] = uniform.len() as u32;
            uniform.push(match self.nodes[id] {
                Node::Const(bits) => Uniform::Const(f64::from_bits(bits)),
                Node::Param(i) => Uniform::Param(i),
                Node::Apply(code, a, b) => {
                    Uniform::Apply(code, uniform_index[a as usize], uniform_index[b as usize])
                }
                Node::X => unreachable!("x is not uniform"),
            });
        }

        // Steps over points. The last step that reads each node, so that its register can
        // be reused after it; outputs are read after the last step.
        let varying: Vec<usize> = (0..count)
            .filter(|&id| needed[id] && self.varying[id] && self.nodes[id] != Node::X)
            .collect();
        let mut last_read = vec![0usize; count];
        for (s, &id) in varying.iter().enumerate() {
            if let Node::Apply(_, a, b) = self.nodes[id] {
                last_read[a as usize] = s;
                last_read[b as usize] = s;
            }
        }
        for &o in outputs.iter().flatten() {
            last_read[o as usize] = usize::MAX;
        }
        let mut allocation = Allocation {
            register: vec![None; count],
            registers: 1,
            free: Vec::new(),
            broadcast: Vec::new(),
        };
        if let Some(&x) = self.index.get(&Node::X) {
            allocation.register[x as usize] = Some(X_REGISTER);
        }
        let mut steps = Vec::with_capacity(varying.len());
        for (s, &id) in varying.iter().enumerate() {
            let Node::Apply(code, a, b) = self.nodes[id] else {
                unreachable!("constants and parameters are uniform")
            };
            let ra = allocation.operand(a as usize, self, &uniform_index);
            let rb = allocation.operand(b as usize, self, &uniform_index);
            // The result's register is taken before the operands' are released, so that a
            // step never writes a register it reads.
            let out = allocation.take();
            allocation.register[id] = Some(out);
            steps.push(Step {
                code,
                out,
                a: ra,
                b: rb,
            });
            for operand in if a == b { vec![a] } else { vec![a, b] } {
                let operand = operand as usize;
                if self.varying[operand]
                    && self.nodes[operand] != Node::X
                    && last_read[operand] == s
                {
                    allocation.free.extend(allocation.register[operand]);
                }
            }
        }
        let outputs = outputs
            .iter()
            .map(|o| o.map(|o| allocation.operand(o as usize, self, &uniform_index)))
            .collect();
        Program {
            uniform,
            broadcast: allocation.broadcast,
            steps,
            outputs,
            registers: allocation.registers as usize,
        }
    }
}

/// Registers being handed out to the nodes of a program.
struct Allocation {
    /// The register of each node, once it has one.
    register: Vec<Option<u32>>,
    /// Registers used so far.
    registers: u32,
    /// Registers whose value is no longer read.
    free: Vec<u32>,
    /// Uniform values copied into registers: (index among the uniform steps, register).
    broadcast: Vec<(u32, u32)>,
}

impl Allocation {
    /// A register for a new value: a free one, or a new one.
    fn take(&mut self) -> u32 {
        self.free.pop().unwrap_or_else(|| {
            self.registers += 1;
            self.registers - 1
        })
    }

    /// The register holding node `id` for a step over points to read; a uniform node gets a
    /// register of its own, filled once per evaluation and never reused.
    fn operand(&mut self, id: usize, graph: &Graph, uniform_index: &[u32]) -> u32 {
        if let Some(r) = self.register[id] {
            return r;
        }
        debug_assert!(
            !graph.varying[id],
            "steps are scheduled after their operands"
        );
        self.registers += 1;
        let r = self.registers - 1;
        self.register[id] = Some(r);
        self.broadcast.push((uniform_index[id], r));
        r
    }
}

/// Compiles a postfix program with `parameters` parameters into the values program (one
/// output) and the Jacobian program (the value, then ∂f/∂pⱼ for each j).
pub(super) fn compile(program: &[Op], parameters: usize) -> (Program, Program) {
    let mut graph = Graph::default();
    let root = graph.build(program);
    let values = graph.schedule(&[Some(root)]);
    let mut outputs = vec![Some(root)];
    outputs.extend(graph.derivatives(root, parameters));
    let jacobian = graph.schedule(&outputs);
    (values, jacobian)
}

#[cfg(test)]
mod tests {
    use super::super::eval::Uniform;
    use super::super::parse;
    use super::Code;
    use crate::science::fit::{check_gradient, Model};

    #[test]
    fn common_subexpressions_and_parameter_products_are_computed_once() {
        let e = parse("m*K*x/(1 + K*x)").unwrap();
        // m·K once per evaluation; per point K·x, 1 + K·x, (m·K)·x and the quotient.
        assert!(e.values.uniform.contains(&Uniform::Apply(Code::Mul, 0, 1)));
        assert_eq!(e.values.steps.len(), 4);
        // The derivatives add 1/(1 + K·x), ∂/∂m = K·x·(1/(1 + K·x)), and for ∂/∂K m·x, v·x,
        // their difference and its product with 1/(1 + K·x): K·x and 1/(…) are shared.
        assert_eq!(e.jacobian.steps.len(), 10);
        let divisions = e
            .jacobian
            .steps
            .iter()
            .filter(|s| s.code == Code::Div)
            .count();
        assert_eq!(divisions, 2);
        // `x*K` is the same node as `K*x`.
        assert_eq!(parse("K*x + x*K").unwrap().values.steps.len(), 2);
    }

    #[test]
    fn integer_powers_are_the_bits_of_powi() {
        for n in -64..=64 {
            let (of_x, of_a) = (
                parse(&format!("x^{n}")).unwrap(),
                parse(&format!("a^({n})")).unwrap(),
            );
            for a in [0.0, -0.0, 1.1, -0.7, 3.0, 1e-200, 7e150, f64::MIN_POSITIVE] {
                let expected = a.powi(n).to_bits();
                assert_eq!(of_x.value(a, &[]).to_bits(), expected, "{a}^{n}");
                assert_eq!(of_a.value(0.0, &[a]).to_bits(), expected, "{a}^{n}");
            }
        }
    }

    #[test]
    fn whole_data_sets_give_what_single_points_give() {
        // 300 points: two whole chunks and a part, so that registers are reused across
        // chunks and the last chunk is short.
        let xs: Vec<f64> = (0..300).map(|i| -1.0 + 0.01 * i as f64).collect();
        let cases: [(&str, &[f64]); 5] = [
            ("m*K*x/(1 + K*x)", &[0.7, 2.5]),
            ("b1*b2*x*((1+b2*x)**(-1))", &[500.0, 1e-4]),
            (
                "a*exp(-k*x) + c*x^3 - sqrt(abs(x))*d",
                &[1.5, 0.3, -0.2, 0.1],
            ),
            ("pow(a, x) + a^b*sin(x) - b^2 / c", &[1.4, 0.6, 2.5]),
            ("3 + 0*a", &[1.0]),
        ];
        for (text, p) in cases {
            let model = parse(text).unwrap();
            let (n, k) = (xs.len(), p.len());
            let (mut values, mut batch, mut jacobian) =
                (vec![0.0; n], vec![0.0; n], vec![9.0; n * k]);
            model.values(&xs, p, &mut values);
            model.values_and_jacobian(&xs, p, &mut batch, &mut jacobian);
            let mut grad = vec![0.0; k];
            for (i, &x) in xs.iter().enumerate() {
                let single = model.value_and_gradient(x, p, &mut grad);
                assert_eq!(
                    values[i].to_bits(),
                    model.value(x, p).to_bits(),
                    "{text} at {x}"
                );
                assert_eq!(batch[i].to_bits(), single.to_bits(), "{text} at {x}");
                for j in 0..k {
                    assert_eq!(
                        jacobian[j * n + i].to_bits(),
                        grad[j].to_bits(),
                        "{text} at {x}"
                    );
                }
            }
        }
    }

    #[test]
    fn derivatives_through_multiplied_out_powers_are_exact() {
        let cases: [(&str, &[f64], &[f64]); 3] = [
            (
                "a*(1 + b*x)^-3 + c*x^2",
                &[0.0, 0.5, 2.0],
                &[1.5, 0.8, -0.3],
            ),
            ("(a*x)^7 / (b + x)^2", &[0.2, 1.0, 1.7], &[0.9, 2.0]),
            ("a^2 * x + (a*b)^-1", &[0.5, 3.0], &[1.2, 0.4]),
        ];
        for (text, xs, p) in cases {
            if let Err(e) = check_gradient(&parse(text).unwrap(), xs, p, 1e-7) {
                panic!("{text}: {e}");
            }
        }
    }

    #[test]
    fn a_power_whose_base_does_not_move_has_derivative_zero() {
        // (K·x)ⁿ at x = 0 is 0 for every K and n: both derivatives are 0, not 0·∞ or 0·ln 0.
        let model = parse("(K*x)^n").unwrap();
        let mut grad = [f64::NAN; 2];
        assert_eq!(model.value_and_gradient(0.0, &[2.0, 0.5], &mut grad), 0.0);
        assert_eq!(grad, [0.0, 0.0]);
        // sqrt(a·x) at x = 0 is not differentiable in a: that stays not finite (∞·0, an
        // error in a fit).
        let mut grad = [0.0];
        parse("sqrt(a*x)")
            .unwrap()
            .value_and_gradient(0.0, &[1.0], &mut grad);
        assert!(!grad[0].is_finite());
    }
}
