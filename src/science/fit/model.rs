//! The inputs of every fit: the data ([`Data`]: x, y and optionally σ) and the model
//! ([`Model`]: y = f(x; p) with analytic derivatives), and the check that the data can be
//! fitted at all.

use super::FitError;

/// Data to fit: x, y and optionally the standard uncertainty σ of each y.
#[derive(Debug, Clone, Copy)]
pub struct Data<'a> {
    pub x: &'a [f64],
    pub y: &'a [f64],
    pub sigma: Option<&'a [f64]>,
}

impl<'a> Data<'a> {
    /// Unweighted data.
    pub fn new(x: &'a [f64], y: &'a [f64]) -> Self {
        Data { x, y, sigma: None }
    }

    /// Data with a standard uncertainty σᵢ for each yᵢ (weights 1/σᵢ²).
    pub fn with_sigma(x: &'a [f64], y: &'a [f64], sigma: &'a [f64]) -> Self {
        Data {
            x,
            y,
            sigma: Some(sigma),
        }
    }
}

/// A model y = f(x; p) with analytic derivatives.
///
/// Implement [`Model::parameter_names`], [`Model::value`] and [`Model::value_and_gradient`];
/// the batch methods have default implementations (override them only for speed). Check a
/// hand-written gradient with [`check_gradient`](super::check_gradient).
///
/// ```
/// use photocalc::science::fit::{check_gradient, Model};
/// /// Langmuir: ΔI/I0 = m·K·x / (1 + K·x), parameters [m, K].
/// struct Langmuir;
/// impl Model for Langmuir {
///     fn parameter_names(&self) -> Vec<String> { vec!["m".into(), "K".into()] }
///     fn value(&self, x: f64, p: &[f64]) -> f64 { p[0] * p[1] * x / (1.0 + p[1] * x) }
///     fn value_and_gradient(&self, x: f64, p: &[f64], g: &mut [f64]) -> f64 {
///         let d = 1.0 + p[1] * x;
///         g[0] = p[1] * x / d;
///         g[1] = p[0] * x / (d * d);
///         p[0] * p[1] * x / d
///     }
/// }
/// check_gradient(&Langmuir, &[0.0, 0.5, 2.0], &[0.8, 3.0], 1e-7).unwrap();
/// ```
pub trait Model {
    /// The parameter names, in the order of the parameter vector `p`.
    fn parameter_names(&self) -> Vec<String>;

    /// f(x; p).
    fn value(&self, x: f64, p: &[f64]) -> f64;

    /// f(x; p), with ∂f/∂pⱼ written to `grad[j]` (`grad.len() == p.len()`).
    fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64;

    /// f at every x into `out`.
    fn values(&self, x: &[f64], p: &[f64], out: &mut [f64]) {
        for (o, &xi) in out.iter_mut().zip(x) {
            *o = self.value(xi, p);
        }
    }

    /// f at every x into `values`, and the Jacobian into `jacobian`, column-major:
    /// `jacobian[j * x.len() + i]` = ∂f(xᵢ)/∂pⱼ.
    fn values_and_jacobian(&self, x: &[f64], p: &[f64], values: &mut [f64], jacobian: &mut [f64]) {
        let n = x.len();
        let mut grad = vec![0.0; p.len()];
        for (i, (&xi, out)) in x.iter().zip(values.iter_mut()).enumerate() {
            *out = self.value_and_gradient(xi, p, &mut grad);
            for (j, g) in grad.iter().enumerate() {
                if let Some(slot) = jacobian.get_mut(j * n + i) {
                    *slot = *g;
                }
            }
        }
    }
}

/// Checks the data and returns the square-root weights 1/σᵢ (empty when unweighted).
pub(super) fn validate(data: &Data, needed: usize) -> Result<Vec<f64>, FitError> {
    if data.x.len() != data.y.len() {
        return Err(FitError::LengthMismatch {
            x: data.x.len(),
            y: data.y.len(),
        });
    }
    if data.x.is_empty() {
        return Err(FitError::NoData {
            needed: needed.max(1),
        });
    }
    for (column, values) in [("x", data.x), ("y", data.y)] {
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(FitError::NonFiniteData {
                row: i + 1,
                column,
                value: values[i],
            });
        }
    }
    let Some(sigma) = data.sigma else {
        return Ok(Vec::new());
    };
    if sigma.len() != data.x.len() {
        return Err(FitError::SigmaLength {
            sigma: sigma.len(),
            points: data.x.len(),
        });
    }
    sigma
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let w = 1.0 / s;
            if s > 0.0 && s.is_finite() && w.is_finite() {
                Ok(w)
            } else {
                Err(FitError::BadUncertainty {
                    row: i + 1,
                    value: s,
                })
            }
        })
        .collect()
}
