//! [`Expression`] as a fit [`Model`]: one point at a time through a one-point scratch, or
//! whole data sets chunk by chunk, values and Jacobian columns copied out of the scratch.

use super::eval::{Scratch, CHUNK};
use super::Expression;
use crate::science::fit::Model;

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
