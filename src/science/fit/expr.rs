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
//! Parsing compiles the formula to a postfix program. Derivatives are exact, by forward-mode
//! automatic differentiation: every value on the evaluation stack carries its gradient with
//! respect to all parameters. Forward mode was chosen over symbolic differentiation because
//! it needs no simplifier, cannot blow up in size (the derivative of a product of n factors
//! has n terms symbolically), costs a fixed (1 + number of parameters) times one evaluation,
//! and shares the one evaluator between values and derivatives, so the two cannot disagree.

use std::f64::consts::{E, LN_10, PI};

use thiserror::Error;

use super::Model;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Instructions of the postfix program.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Const(f64),
    X,
    Param(usize),
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Call(Func),
}

/// A parsed model formula; implements [`Model`] with exact derivatives.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    text: String,
    parameters: Vec<String>,
    program: Vec<Op>,
    stack_size: usize,
}

/// Parses a model formula (see the module documentation for the grammar).
pub fn parse(text: &str) -> Result<Expression, ExprError> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > MAX_EXPRESSION_CHARS {
        return Err(ExprError {
            position: MAX_EXPRESSION_CHARS,
            message: format!(
                "The formula has {} characters; at most {MAX_EXPRESSION_CHARS} are accepted.",
                chars.len()
            ),
        });
    }
    if chars.iter().all(|c| c.is_whitespace()) {
        return Err(ExprError {
            position: 0,
            message: "The formula is empty: type a model in x, for example a*exp(-k*x).".into(),
        });
    }
    let mut parser = Parser {
        chars,
        pos: 0,
        program: Vec::new(),
        parameters: Vec::new(),
    };
    parser.expression(0)?;
    parser.skip_space();
    if let Some(&c) = parser.chars.get(parser.pos) {
        let position = parser.pos;
        let what = match c {
            ')' => "This ')' has no matching '('".to_string(),
            ',' => {
                "A comma only separates the two arguments of pow(a, b); unexpected ','".to_string()
            }
            c if is_name_char(c) || c == '(' || c == '.' => {
                "Expected an operator (+ - * / ^) here; write a product as 2*x, not 2x,".to_string()
            }
            c => format!("Unexpected '{c}'"),
        };
        return Err(ExprError::at(position, &what));
    }
    let stack_size = stack_depth(&parser.program);
    Ok(Expression {
        text: text.to_string(),
        parameters: parser.parameters,
        program: parser.program,
        stack_size,
    })
}

/// The deepest the evaluation stack gets.
fn stack_depth(program: &[Op]) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for op in program {
        match op {
            Op::Const(_) | Op::X | Op::Param(_) => depth += 1,
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow => depth = depth.saturating_sub(1),
            Op::Neg | Op::Call(_) => {}
        }
        deepest = deepest.max(depth);
    }
    deepest
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    program: Vec<Op>,
    parameters: Vec<String>,
}

impl Parser {
    fn skip_space(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    /// The next non-space character, normalising the typographic minus and times signs.
    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.pos).map(|&c| match c {
            '−' | '–' => '-',
            '×' | '·' => '*',
            c => c,
        })
    }

    /// Consumes `**` or `^`.
    fn eat_power(&mut self) -> bool {
        match self.peek() {
            Some('^') => {
                self.pos += 1;
                true
            }
            Some('*') if self.chars.get(self.pos + 1) == Some(&'*') => {
                self.pos += 2;
                true
            }
            _ => false,
        }
    }

    /// Appends an instruction, folding constant operands.
    fn emit(&mut self, op: Op) {
        let len = self.program.len();
        match op {
            Op::Neg | Op::Call(_) => {
                if let Some(Op::Const(a)) = self.program.last().copied() {
                    self.program[len - 1] = Op::Const(apply_unary(op, a));
                    return;
                }
            }
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow if len >= 2 => {
                if let (Op::Const(a), Op::Const(b)) = (self.program[len - 2], self.program[len - 1])
                {
                    self.program.truncate(len - 2);
                    self.program.push(Op::Const(apply_binary(op, a, b)));
                    return;
                }
            }
            _ => {}
        }
        self.program.push(op);
    }

    fn expression(&mut self, depth: usize) -> Result<(), ExprError> {
        self.term(depth)?;
        loop {
            let op = match self.peek() {
                Some('+') => Op::Add,
                Some('-') => Op::Sub,
                _ => return Ok(()),
            };
            self.pos += 1;
            self.term(depth)?;
            self.emit(op);
        }
    }

    fn term(&mut self, depth: usize) -> Result<(), ExprError> {
        self.unary(depth)?;
        loop {
            let op = match self.peek() {
                Some('*') if self.chars.get(self.pos + 1) != Some(&'*') => Op::Mul,
                Some('/') => Op::Div,
                _ => return Ok(()),
            };
            self.pos += 1;
            self.unary(depth)?;
            self.emit(op);
        }
    }

    fn unary(&mut self, depth: usize) -> Result<(), ExprError> {
        if depth > MAX_NESTING {
            return Err(ExprError::at(
                self.pos,
                &format!(
                    "The formula nests parentheses, signs or powers more than {MAX_NESTING} deep"
                ),
            ));
        }
        match self.peek() {
            Some('-') => {
                self.pos += 1;
                self.unary(depth + 1)?;
                self.emit(Op::Neg);
                Ok(())
            }
            Some('+') => {
                self.pos += 1;
                self.unary(depth + 1)
            }
            _ => {
                self.primary(depth)?;
                if self.eat_power() {
                    self.unary(depth + 1)?;
                    self.emit(Op::Pow);
                }
                Ok(())
            }
        }
    }

    fn primary(&mut self, depth: usize) -> Result<(), ExprError> {
        let start = self.pos;
        match self.peek() {
            None => Err(ExprError::at(
                self.chars.len(),
                "The formula ends too early: expected a number, a name or '('",
            )),
            Some('(') => {
                self.pos += 1;
                self.expression(depth + 1)?;
                self.expect_close(start)
            }
            Some(c) if c.is_ascii_digit() || c == '.' => {
                let value = self.number()?;
                self.emit(Op::Const(value));
                Ok(())
            }
            Some(c) if is_name_start(c) => {
                let name = self.name();
                self.name_use(&name, start, depth)
            }
            Some(_) => Err(ExprError::at(self.pos, "Expected a number, a name or '('")),
        }
    }

    fn expect_close(&mut self, open: usize) -> Result<(), ExprError> {
        match self.peek() {
            Some(')') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(ExprError::at(
                self.chars.len(),
                &format!(
                    "The '(' at character {} is never closed: expected ')'",
                    open + 1
                ),
            )),
            Some(_) => Err(ExprError::at(self.pos, "Expected ')' or an operator")),
        }
    }

    fn number(&mut self) -> Result<f64, ExprError> {
        let start = self.pos;
        let digits = |p: &mut Parser| {
            let s = p.pos;
            while p.chars.get(p.pos).is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos - s
        };
        let mut count = digits(self);
        if self.chars.get(self.pos) == Some(&'.') {
            self.pos += 1;
            count += digits(self);
        }
        if count == 0 {
            return Err(ExprError::at(start, "A lone '.' is not a number"));
        }
        // An exponent only if digits follow: `2e` followed by something else is 2 then `e`.
        if matches!(self.chars.get(self.pos), Some('e') | Some('E')) {
            let mut look = self.pos + 1;
            if matches!(self.chars.get(look), Some('+') | Some('-') | Some('−')) {
                look += 1;
            }
            if self.chars.get(look).is_some_and(|c| c.is_ascii_digit()) {
                self.pos = look;
                digits(self);
            }
        }
        let literal: String = self.chars[start..self.pos]
            .iter()
            .map(|&c| if c == '−' { '-' } else { c })
            .collect();
        match crate::science::decimal::parse_f64(&literal) {
            Some(v) if v.is_finite() => Ok(v),
            _ => Err(ExprError::at(
                start,
                &format!("The number {literal} is out of range"),
            )),
        }
    }

    fn name(&mut self) -> String {
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|&c| is_name_char(c)) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn name_use(&mut self, name: &str, start: usize, depth: usize) -> Result<(), ExprError> {
        let function = match name {
            "exp" => Some(Func::Exp),
            "ln" | "log" => Some(Func::Ln),
            "log10" => Some(Func::Log10),
            "sqrt" => Some(Func::Sqrt),
            "abs" => Some(Func::Abs),
            "sin" => Some(Func::Sin),
            "cos" => Some(Func::Cos),
            "tan" => Some(Func::Tan),
            "atan" => Some(Func::Atan),
            _ => None,
        };
        let is_call = self.peek() == Some('(');
        if function.is_some() || name == "pow" {
            if !is_call {
                return Err(ExprError::at(
                    start,
                    &format!(
                        "{name} is a function: write {name}(…) with its argument in parentheses,"
                    ),
                ));
            }
            let open = self.pos;
            self.pos += 1;
            self.expression(depth + 1)?;
            if name == "pow" {
                if self.peek() != Some(',') {
                    return Err(ExprError::at(
                        self.pos,
                        "pow takes two arguments, pow(base, exponent): expected ','",
                    ));
                }
                self.pos += 1;
                self.expression(depth + 1)?;
                self.expect_close(open)?;
                self.emit(Op::Pow);
            } else {
                if self.peek() == Some(',') {
                    return Err(ExprError::at(
                        self.pos,
                        &format!("{name} takes one argument; unexpected ','"),
                    ));
                }
                self.expect_close(open)?;
                if let Some(f) = function {
                    self.emit(Op::Call(f));
                }
            }
            return Ok(());
        }
        if is_call {
            return Err(ExprError::at(
                start,
                &format!(
                    "Unknown function {name}: the functions are exp, ln (= log), log10, sqrt, pow, abs, sin, cos, tan and atan; write a product as {name}*(…),"
                ),
            ));
        }
        let op = match name {
            "x" => Op::X,
            "pi" => Op::Const(PI),
            "e" => Op::Const(E),
            _ => {
                let index = match self.parameters.iter().position(|p| p == name) {
                    Some(i) => i,
                    None => {
                        self.parameters.push(name.to_string());
                        self.parameters.len() - 1
                    }
                };
                Op::Param(index)
            }
        };
        self.emit(op);
        Ok(())
    }
}

/// Names start with an ASCII or Greek letter (µ, κ, τ…) or '_'. Only these scripts, so that
/// the Unicode letter tables (several kB of wasm) are not linked in.
fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == 'µ' || ('\u{0391}'..='\u{03C9}').contains(&c)
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit()
}

fn apply_unary(op: Op, a: f64) -> f64 {
    match op {
        Op::Neg => -a,
        Op::Call(f) => f.apply(a),
        _ => a,
    }
}

fn apply_binary(op: Op, a: f64, b: f64) -> f64 {
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
const CHUNK: usize = 64;

/// Evaluation stack for a chunk of points: values (slot × point), gradients
/// (slot × parameter × point), and whether a slot depends on any parameter at all (if not,
/// its gradient rows are not read and need not be zeroed).
struct Scratch {
    k: usize,
    /// Points per slot: the chunk width, or fewer when there are fewer points.
    width: usize,
    values: Vec<f64>,
    grads: Vec<f64>,
    active: Vec<bool>,
    /// ∂v/∂a and ∂v/∂b of the current operation, per point.
    da: [f64; CHUNK],
    db: [f64; CHUNK],
}

impl Scratch {
    fn new(expression: &Expression, with_gradient: bool, width: usize) -> Self {
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
    /// The formula as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Parameter names in order of first appearance.
    pub fn parameters(&self) -> &[String] {
        &self.parameters
    }

    /// Runs the program at up to [`CHUNK`] points `x`. The values are left in slot 0 of
    /// `s.values`; with a gradient-carrying scratch, ∂f/∂pⱼ at point i in
    /// `s.grads[j * s.width + i]` (zeros if the result depends on no parameter).
    fn run(&self, x: &[f64], p: &[f64], s: &mut Scratch) {
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
                                        // d(aᵇ)/da = b·aᵇ⁻¹; d(aᵇ)/db = aᵇ ln a, and 0 where aᵇ = 0.
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
                    for (row_a, row_b) in rows_a
                        .chunks_exact_mut(w)
                        .zip(rows_b.chunks_exact(w))
                    {
                        let (row_a, row_b) = (&mut row_a[..len], &row_b[..len]);
                        match (active_a, active_b) {
                            (true, true) => {
                                for i in 0..len {
                                    row_a[i] = da[i] * row_a[i] + db[i] * row_b[i];
                                }
                            }
                            (true, false) => {
                                for (g, d) in row_a.iter_mut().zip(da.iter()) {
                                    *g *= d;
                                }
                            }
                            _ => {
                                for i in 0..len {
                                    row_a[i] = db[i] * row_b[i];
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

impl Model for Expression {
    fn parameter_names(&self) -> Vec<String> {
        self.parameters.clone()
    }

    fn value(&self, x: f64, p: &[f64]) -> f64 {
        let mut scratch = Scratch::new(self, false, 1);
        self.run(&[x], p, &mut scratch);
        scratch.values[0]
    }

    fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64 {
        let mut scratch = Scratch::new(self, true, 1);
        self.run(&[x], p, &mut scratch);
        for (j, g) in grad.iter_mut().enumerate().take(scratch.k) {
            *g = scratch.grads[j];
        }
        scratch.values[0]
    }

    fn values(&self, x: &[f64], p: &[f64], out: &mut [f64]) {
        let mut scratch = Scratch::new(self, false, x.len());
        for (xs, outs) in x.chunks(CHUNK).zip(out.chunks_mut(CHUNK)) {
            self.run(xs, p, &mut scratch);
            let len = outs.len().min(xs.len());
            outs[..len].copy_from_slice(&scratch.values[..len]);
        }
    }

    fn values_and_jacobian(&self, x: &[f64], p: &[f64], values: &mut [f64], jacobian: &mut [f64]) {
        let n = x.len();
        let mut scratch = Scratch::new(self, true, n);
        let (k, w) = (scratch.k, scratch.width);
        for (c, (xs, outs)) in x.chunks(CHUNK).zip(values.chunks_mut(CHUNK)).enumerate() {
            self.run(xs, p, &mut scratch);
            let len = outs.len().min(xs.len());
            outs[..len].copy_from_slice(&scratch.values[..len]);
            let first = c * CHUNK;
            for j in 0..k {
                if let Some(column) = jacobian.get_mut(j * n + first..j * n + first + len) {
                    column.copy_from_slice(&scratch.grads[j * w..j * w + len]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, x: f64, p: &[f64]) -> f64 {
        parse(text).unwrap().value(x, p)
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(eval("1 + 2*3", 0.0, &[]), 7.0);
        assert_eq!(eval("2^3^2", 0.0, &[]), 512.0);
        assert_eq!(eval("2**3**2", 0.0, &[]), 512.0);
        assert_eq!(eval("-x^2", 3.0, &[]), -9.0);
        assert_eq!(eval("-x**2", 3.0, &[]), -9.0);
        assert_eq!(eval("2^-1", 0.0, &[]), 0.5);
        assert_eq!(eval("8/4/2", 0.0, &[]), 1.0);
        assert_eq!(eval("8-4-2", 0.0, &[]), 2.0);
        assert_eq!(eval("(1+2)*3", 0.0, &[]), 9.0);
        assert_eq!(eval("--x", 2.0, &[]), 2.0);
        assert_eq!(eval("2*-x", 2.0, &[]), -4.0);
        assert_eq!(eval("1e-3 * 2.5E+2", 0.0, &[]), 0.25);
        assert_eq!(eval(".5 + 1.", 0.0, &[]), 1.5);
        assert_eq!(eval("3 − 1 × 2", 0.0, &[]), 1.0);
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

    #[test]
    fn parameters_in_order_of_first_appearance() {
        let e = parse("b1*(1-exp(-b2*x)) + b1*K_SV").unwrap();
        assert_eq!(e.parameters(), ["b1", "b2", "K_SV"]);
        assert_eq!(parse("2*x").unwrap().parameters().len(), 0);
    }

    #[test]
    fn syntax_errors_point_at_the_character() {
        let cases = [
            (
                "b1*(1-)",
                6,
                "Expected a number, a name or '(' at character 7.",
            ),
            ("2x", 1, "Expected an operator"),
            ("a + ", 4, "ends too early"),
            ("(a + b", 6, "The '(' at character 1 is never closed"),
            ("a + b)", 5, "no matching '('"),
            ("foo(x)", 0, "Unknown function foo"),
            ("exp + 1", 0, "exp is a function"),
            ("pow(2)", 5, "pow takes two arguments"),
            ("exp(1, 2)", 5, "exp takes one argument"),
            ("a $ b", 2, "Unexpected '$'"),
            ("1e999", 0, "out of range"),
            ("  ", 0, "empty"),
            ("a*(b+)", 5, "Expected a number"),
            ("μ·x + #", 6, "Expected a number, a name or '('"),
        ];
        for (text, position, needle) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.position, position, "{text}: {err}");
            assert!(err.message.contains(needle), "{text}: {err}");
            assert!(err.message.ends_with('.'), "{text}: {err}");
        }
    }

    #[test]
    fn huge_and_deep_input_is_refused_without_overflow() {
        let deep = "(".repeat(900) + "x" + &")".repeat(90);
        assert!(parse(&deep).unwrap_err().message.contains("deep"));
        let minus = "-".repeat(999) + "x";
        assert!(parse(&minus).unwrap_err().message.contains("deep"));
        let powers = "x^".repeat(400) + "x";
        assert!(parse(&powers).unwrap_err().message.contains("deep"));
        let long = "x+".repeat(600) + "x";
        assert_eq!(parse(&long).unwrap_err().position, MAX_EXPRESSION_CHARS);
        // Long but flat is fine.
        let flat = "a+".repeat(400) + "x";
        assert_eq!(parse(&flat).unwrap().value(1.0, &[2.0]), 801.0);
        let nested = "(".repeat(60) + "x" + &")".repeat(60);
        assert_eq!(parse(&nested).unwrap().value(3.0, &[]), 3.0);
    }

    #[test]
    fn constants_fold() {
        let e = parse("a*(2*3+1)").unwrap();
        assert_eq!(e.program, vec![Op::Param(0), Op::Const(7.0), Op::Mul]);
    }
}
