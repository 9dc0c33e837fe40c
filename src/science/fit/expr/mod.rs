//! Typed models: a formula in `x` and named parameters, e.g. `b1*(1-exp(-b2*x))`.
//!
//! Grammar (precedence from loosest to tightest):
//! ```text
//! expr    := term (('+' | '-') term)*
//! term    := unary (('*' | '/') unary)*
//! unary   := ('-' | '+') unary | power
//! power   := primary (('^' | '**') unary)?        right-associative: 2^3^2 = 2^9
//! primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
//! ```
//! so `-x^2` is −(x²) and `2^-1` is ½, as in mathematics (and Python). `x` is the variable;
//! `pi` and `e` are constants; `exp ln log log10 sqrt abs sin cos tan atan` take one argument
//! and `pow(a, b)` two. **`log` is the natural logarithm**, as in C, Python, R and the NIST
//! model formulas (`log10` is the decimal one). Every other name is a parameter, numbered in
//! order of first appearance. Names are case-sensitive and made of ASCII or Greek letters,
//! digits and '_'. Numbers take a decimal point and an
//! exponent (`1e-3`); a product must be written out (`2*x`, not `2x`).
//!
//! A formula is parsed once to a postfix program (`parser`) and compiled once (`compile`)
//! into two straight-line programs: one for the values, one for the values and the exact
//! derivatives with respect to every parameter, built symbolically by forward-mode rules.
//! Common subexpressions are computed once and parameter-only subexpressions once per
//! evaluation, not per point. `eval` runs a program over chunks of points, one tight loop per
//! step; `model` makes an [`Expression`] a [`Model`](super::Model) for the fits.
//!
//! Why compiled rather than interpreted: a fit evaluates its model at every point some twenty
//! times. The first evaluator ran the postfix program with every stack value carrying its
//! gradient, which at 100,000 points made a typed formula 2.5× slower than the same model
//! written by hand, and slower than SciPy's `curve_fit`; compiled, it is within 1.5× of the
//! hand-written model in the evaluation itself (docs/performance-fitting.md has the
//! figures). A compiler to machine code (a JIT) would close the rest, but it cannot run in the
//! web page's wasm and would be far more code; chunked steps get most of the way in portable
//! Rust (with the step loops also built for AVX2, chosen at run time on x86-64).

mod compile;
mod eval;
mod model;
mod parser;

use thiserror::Error;

use eval::Code;

pub use parser::parse;

/// Longest accepted formula, in characters.
pub const MAX_EXPRESSION_CHARS: usize = 1000;
/// Deepest accepted nesting of parentheses, signs and powers.
pub const MAX_NESTING: usize = 64;

/// A formula that could not be read. `position` is the 0-based index (in characters, not
/// bytes) of the offending character, for placing a caret under it; the message counts
/// characters from 1, as a person reading the formula does.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct ExprError {
    pub position: usize,
    pub message: String,
}

impl ExprError {
    fn at(position: usize, what: &str) -> Self {
        ExprError {
            position,
            message: format!("{what} at character {}.", position + 1),
        }
    }
}

/// One-argument functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Func {
    Exp,
    Ln,
    Log10,
    Sqrt,
    Abs,
    Sin,
    Cos,
    Tan,
    Atan,
}

/// Instructions of the postfix program: operands, and operations on the values before them
/// (the formula's operations are some of the compiled programs' [`Code`]s).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Const(f64),
    X,
    Param(usize),
    Apply(Code),
}

/// A parsed model formula; implements [`Model`](super::Model) with exact derivatives.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    /// The formula as typed.
    text: String,
    /// Parameter names, in order of first appearance; `Op::Param(j)` is `parameters[j]`.
    parameters: Vec<String>,
    /// The postfix program, as parsed.
    program: Vec<Op>,
    /// `program` compiled for the values alone (boxed, as the next, to keep an expression
    /// small where it is moved around in the app's state).
    values: Box<eval::Program>,
    /// `program` compiled for the values and the derivatives: output 0 is f, output 1 + j
    /// is ∂f/∂pⱼ.
    jacobian: Box<eval::Program>,
}

impl Expression {
    /// The formula as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Parameter names in order of first appearance.
    pub fn parameters(&self) -> &[String] {
        &self.parameters
    }
}
