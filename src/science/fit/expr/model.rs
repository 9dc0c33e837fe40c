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
        let k = self.parameters.len().min(grad.len());
        self.values_and_jacobian(&[x], p, &mut value, &mut grad[..k]);
        value[0]
    }

    fn values(&self, x: &[f64], p: &[f64], out: &mut [f64]) {
        run(&self.values, x, p, &mut [out]);
    }

    fn values_and_jacobian(&self, x: &[f64], p: &[f64], values: &mut [f64], jacobian: &mut [f64]) {
        let n = x.len().max(1);
        let mut outputs: Vec<&mut [f64]> = vec![values];
        outputs.extend(jacobian.chunks_mut(n).take(self.parameters.len()));
        run(&self.jacobian, x, p, &mut outputs);
    }
}

/// Runs `program` at every x, writing its output o to `outputs[o]` (as far as that is long).
fn run(program: &Program, x: &[f64], p: &[f64], outputs: &mut [&mut [f64]]) {
    let mut scratch = program.prepare(x.len(), p);
    for (c, xs) in x.chunks(CHUNK).enumerate() {
        program.run(xs, &mut scratch);
        let first = c * CHUNK;
        for (o, out) in outputs.iter_mut().enumerate() {
            let len = out.len().saturating_sub(first).min(xs.len());
            let Some(out) = out.get_mut(first..first + len) else { continue };
            match program.output(&scratch, o, len) {
                Some(values) => out.copy_from_slice(values),
                None => out.fill(0.0),
            }
        }
    }
}
