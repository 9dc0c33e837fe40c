//! Parsing a formula into a postfix program: recursive descent over the grammar in the
//! documentation of `expr`, one function per precedence level, emitting each instruction as
//! its operands are complete. Constant operands are folded on the way, with the evaluator's
//! own arithmetic, so folding cannot change a value. Errors name the offending character;
//! nesting is limited to [`MAX_NESTING`] so that no input can overflow the stack.

use std::f64::consts::{E, PI};

use super::eval::Code;
use super::compile::compile;
use super::{ExprError, Expression, Func, Op, MAX_EXPRESSION_CHARS, MAX_NESTING};

/// Parses a model formula (see [`crate::science::fit::expr`] for the grammar).
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
    let (values, jacobian) = compile(&parser.program, parser.parameters.len());
    Ok(Expression {
        text: text.to_string(),
        parameters: parser.parameters,
        program: parser.program,
        values: Box::new(values),
        jacobian: Box::new(jacobian),
    })
}

/// The state of a parse: the formula, the position reached, and the program and parameter
/// names emitted so far.
struct Parser {
    /// The formula as characters, so that positions count characters, not bytes.
    chars: Vec<char>,
    /// Index into `chars` of the next character to read.
    pos: usize,
    /// Instructions emitted so far.
    program: Vec<Op>,
    /// Parameter names met so far, in order of first appearance.
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
            Op::Apply(code) if code.is_unary() => {
                if let Some(Op::Const(a)) = self.program.last().copied() {
                    self.program[len - 1] = Op::Const(code.apply(a, a));
                    return;
                }
            }
            Op::Apply(code) if len >= 2 => {
                if let (Op::Const(a), Op::Const(b)) = (self.program[len - 2], self.program[len - 1])
                {
                    self.program.truncate(len - 2);
                    self.program.push(Op::Const(code.apply(a, b)));
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
                Some('+') => Op::Apply(Code::Add),
                Some('-') => Op::Apply(Code::Sub),
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
                Some('*') if self.chars.get(self.pos + 1) != Some(&'*') => Op::Apply(Code::Mul),
                Some('/') => Op::Apply(Code::Div),
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
                self.emit(Op::Apply(Code::Neg));
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
                    self.emit(Op::Apply(Code::Pow));
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
                self.emit(Op::Apply(Code::Pow));
            } else {
                if self.peek() == Some(',') {
                    return Err(ExprError::at(
                        self.pos,
                        &format!("{name} takes one argument; unexpected ','"),
                    ));
                }
                self.expect_close(open)?;
                if let Some(f) = function {
                    self.emit(Op::Apply(Code::Call(f)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::science::fit::Model;

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
        assert_eq!(e.program, vec![Op::Param(0), Op::Const(7.0), Op::Apply(Code::Mul)]);
    }
}
