//! [`Expression`] as a fit [`Model`]: its compiled programs run one point at a time, or over
//! whole data sets chunk by chunk, with the outputs copied out of the registers.

use super::eval::{Program, CHUNK};
use super::Expression;
use crate::science::fit::Model;

impl Model for Expression {
    fn parameter_names(&self) -> Vec<String> {
        self.parameters.clone()
    }

    fn value(&self, x: f64, p: &[f64]) -> f64 {
        let mut value = [0.0];
        self.values(&[x], p, &mut value);
        value[0]
    }

    fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64 {
        let mut value = [0.0];
        self.values_and_jacobian(&[x], p, &mut value, grad);
        value[0]
    }

    fn values(&self, x: &[f64], p: &[f64], out: &mut [f64]) {
        run(&self.values, x, p, out, &mut []);
    }

    fn values_and_jacobian(&self, x: &[f64], p: &[f64], values: &mut [f64], jacobian: &mut [f64]) {
        run(&self.jacobian, x, p, values, jacobian);
    }
}

/// Runs `program` at every x, writing its output 0 to `values` and output 1 + j to column j
/// of `jacobian` (column-major, `x.len()` rows), as far as these are long enough.
fn run(program: &Program, x: &[f64], p: &[f64], values: &mut [f64], jacobian: &mut [f64]) {
    let n = x.len();
    let mut scratch = program.prepare(n, p);
    for (c, xs) in x.chunks(CHUNK).enumerate() {
        program.run(xs, &mut scratch);
        let (first, len) = (c * CHUNK, xs.len());
        for o in 0..program.outputs.len() {
            let out = match o {
                0 => values.get_mut(first..first + len),
                _ => jacobian.get_mut((o - 1) * n + first..(o - 1) * n + first + len),
            };
            let Some(out) = out else { continue };
            match program.output(&scratch, o, len) {
                Some(v) => out.copy_from_slice(v),
                None => out.fill(0.0),
            }
        }
    }
}
