//! Linear least squares y ≈ Σⱼ βⱼ·φⱼ(x) by Householder QR with column pivoting
//! (G. H. Golub, "Numerical methods for solving linear least squares problems",
//! Numer. Math. 7, 1965, 206–216; Å. Björck, Numerical Methods for Least Squares Problems,
//! SIAM 1996, §2.7), with one step of iterative refinement.

use std::fmt;
use std::sync::Arc;

use super::linalg::{apply_qt, covariance_from_r, qr_factor, Covariance, QrWork};
use super::error::list;
use super::model::validate;
use super::report::{report, StatsInput, RANK_TOLERANCE};
use super::{FitError, FitReport, Model, Termination};

type Basis = Arc<dyn Fn(f64) -> f64 + Send + Sync>;

/// The columns of a linear model: named basis functions φⱼ(x), y = Σⱼ βⱼ·φⱼ(x).
///
/// ```
/// use photocalc::science::fit::{fit_linear, fit_linear_with, Data, Design};
/// let x = [0.0, 1.0, 2.0, 3.0];
/// let y = [1.0, 3.1, 4.9, 7.0];
/// let line = fit_linear(&Design::straight_line(), &Data::new(&x, &y)).unwrap();
/// assert!((line.get("slope").unwrap().value - 1.98).abs() < 1e-12);
/// // A Stern–Volmer line with the intercept held at 1: I0/I = 1 + K_SV·[Q].
/// let sv = Design::new().constant("intercept").column("K_SV", |q| q);
/// let held = fit_linear_with(&sv, &Data::new(&x, &y), &[Some(1.0), None]).unwrap();
/// assert_eq!(held.free_parameters, 1);
/// ```
#[derive(Clone, Default)]
pub struct Design {
    names: Vec<String>,
    columns: Vec<Basis>,
    has_constant: bool,
}

impl fmt::Debug for Design {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Design")
            .field("names", &self.names)
            .field("has_constant", &self.has_constant)
            .finish()
    }
}

impl Design {
    /// An empty design; add columns with [`Design::constant`] and [`Design::column`].
    pub fn new() -> Self {
        Design::default()
    }

    /// Adds the constant column φ(x) = 1 (an intercept). A design with a constant column gets
    /// the R² about the mean; one without gets the uncentered R² (as NIST certifies).
    pub fn constant(mut self, name: &str) -> Self {
        self.names.push(name.to_string());
        self.columns.push(Arc::new(|_| 1.0));
        self.has_constant = true;
        self
    }

    /// Adds a column φ(x).
    pub fn column(
        mut self,
        name: &str,
        basis: impl Fn(f64) -> f64 + Send + Sync + 'static,
    ) -> Self {
        self.names.push(name.to_string());
        self.columns.push(Arc::new(basis));
        self
    }

    /// y = intercept + slope·x.
    pub fn straight_line() -> Self {
        Design::new().constant("intercept").column("slope", |x| x)
    }

    /// y = slope·x (through the origin).
    pub fn proportional() -> Self {
        Design::new().column("slope", |x| x)
    }

    /// y = b0 + b1·x + … + b_d·x^d; without intercept the b0 column is left out.
    pub fn polynomial(degree: usize, intercept: bool) -> Self {
        let mut design = if intercept {
            Design::new().constant("b0")
        } else {
            Design::new()
        };
        for power in 1..=degree.min(64) {
            let name = format!("b{power}");
            design = design.column(&name, move |x| x.powi(power as i32));
        }
        design
    }

    /// Column names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// Whether a constant column is present.
    pub fn has_constant(&self) -> bool {
        self.has_constant
    }
}

impl Model for Design {
    fn parameter_names(&self) -> Vec<String> {
        self.names.clone()
    }

    fn value(&self, x: f64, p: &[f64]) -> f64 {
        self.columns.iter().zip(p).map(|(phi, b)| b * phi(x)).sum()
    }

    fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64 {
        let mut sum = 0.0;
        for ((phi, b), g) in self.columns.iter().zip(p).zip(grad.iter_mut()) {
            *g = phi(x);
            sum += b * *g;
        }
        sum
    }
}

/// Fits y ≈ Σⱼ βⱼ·φⱼ(x) with every coefficient free.
pub fn fit_linear(design: &Design, data: &super::Data) -> Result<FitReport, FitError> {
    fit_linear_with(design, data, &[])
}

/// Fits y ≈ Σⱼ βⱼ·φⱼ(x); `fixed[j] = Some(v)` holds βⱼ at v (an empty slice frees all).
/// With σ the fit is weighted by 1/σ², and the covariance scaled by the reduced χ².
pub fn fit_linear_with(
    design: &Design,
    data: &super::Data,
    fixed: &[Option<f64>],
) -> Result<FitReport, FitError> {
    let k = design.len();
    if !fixed.is_empty() && fixed.len() != k {
        return Err(FitError::BadDesign(format!(
            "{} fixed values were given for the {k} columns ({}).",
            fixed.len(),
            list(&design.names)
        )));
    }
    let fixed_value = |j: usize| fixed.get(j).copied().flatten();
    if let Some(j) = (0..k).find(|&j| fixed_value(j).is_some_and(|v| !v.is_finite())) {
        return Err(FitError::BadStart {
            name: design.names[j].clone(),
            value: fixed_value(j).unwrap_or(f64::NAN),
        });
    }
    let free: Vec<usize> = (0..k).filter(|&j| fixed_value(j).is_none()).collect();
    let sqrt_w = validate(data, free.len() + 1)?;
    if k == 0 {
        return Err(FitError::NoFreeParameters {
            reason: "the design has no columns. Add at least one.".into(),
        });
    }
    if free.is_empty() {
        return Err(FitError::NoFreeParameters {
            reason: "every coefficient is fixed. Free at least one.".into(),
        });
    }
    let n = data.x.len();
    let p = free.len();
    if n <= p {
        return Err(FitError::TooFewPoints { points: n, free: p });
    }
    let w = |i: usize| sqrt_w.get(i).copied().unwrap_or(1.0);

    // Weighted design of the free columns, and the weighted target with fixed terms removed.
    let mut a = vec![0.0; n * p];
    let mut target = vec![0.0; n];
    for (i, (&x, &y)) in data.x.iter().zip(data.y).enumerate() {
        let mut offset = 0.0;
        for j in 0..k {
            let phi = (design.columns[j])(x);
            if !phi.is_finite() {
                return Err(FitError::NonFiniteModel {
                    x,
                    quantity: "design column",
                    at: format!("the column {}", design.names[j]),
                });
            }
            match fixed_value(j) {
                Some(v) => offset += v * phi,
                None => {
                    let c = free.iter().position(|&f| f == j).unwrap_or(0);
                    a[c * n + i] = w(i) * phi;
                }
            }
        }
        target[i] = w(i) * (y - offset);
    }
    let design_matrix = a.clone();

    // Equilibrate, factor, check the rank.
    let mut scale = vec![0.0; p];
    for c in 0..p {
        let col = &mut a[c * n..(c + 1) * n];
        let norm = super::linalg::enorm(col);
        if !(norm > 0.0 && norm.is_finite()) {
            let name = design.names[free[c]].clone();
            return Err(FitError::Insensitive {
                names: name.clone(),
                parameters: vec![name],
            });
        }
        scale[c] = norm;
        for v in col.iter_mut() {
            *v /= norm;
        }
    }
    let mut qr = QrWork::new(p);
    qr_factor(n, p, &mut a, &mut qr);
    if let Covariance::Singular(cols) = covariance_from_r(n, p, &a, &qr, RANK_TOLERANCE) {
        let parameters: Vec<String> = cols
            .iter()
            .map(|&c| design.names[free[c]].clone())
            .collect();
        return Err(FitError::Singular {
            names: list(&parameters),
            parameters,
            reason: "their columns are linearly dependent at these x values (one is a combination of the others).".into(),
        });
    }

    // Solve R z = Qᵀb, then refine once with the residual of the computed solution.
    let solve = |rhs: &[f64]| -> Vec<f64> {
        let mut qtb = rhs.to_vec();
        apply_qt(n, p, &a, &mut qtb);
        let mut z = vec![0.0; p];
        for j in (0..p).rev() {
            let mut sum = qtb[j];
            for l in (j + 1)..p {
                sum -= a[l * n + j] * z[l];
            }
            z[j] = sum / qr.rdiag[j];
        }
        let mut beta = vec![0.0; p];
        for j in 0..p {
            beta[qr.ipvt[j]] = z[j] / scale[qr.ipvt[j]];
        }
        beta
    };
    let residual_of = |beta: &[f64]| -> Vec<f64> {
        let mut r = target.clone();
        for (c, b) in beta.iter().enumerate() {
            for (ri, aij) in r.iter_mut().zip(&design_matrix[c * n..(c + 1) * n]) {
                *ri -= b * aij;
            }
        }
        r
    };
    let mut beta = solve(&target);
    let correction = solve(&residual_of(&beta));
    for (b, d) in beta.iter_mut().zip(&correction) {
        *b += d;
    }

    let mut values: Vec<f64> = (0..k).map(|j| fixed_value(j).unwrap_or(0.0)).collect();
    for (c, &j) in free.iter().enumerate() {
        values[j] = beta[c];
    }
    let weighted: Vec<f64> = residual_of(&beta).iter().map(|r| -r).collect();
    let mut fitted = vec![0.0; n];
    design.values(data.x, &values, &mut fitted);
    let residuals: Vec<f64> = data.y.iter().zip(&fitted).map(|(y, f)| y - f).collect();
    let mut jacobian = design_matrix;
    report(StatsInput {
        names: &design.names,
        values: &values,
        free: &free,
        jacobian: &mut jacobian,
        weighted_residuals: &weighted,
        residuals,
        data,
        sqrt_w: &sqrt_w,
        centered: design.has_constant,
        sigma_is_absolute: false,
        iterations: 0,
        termination: Termination::LinearSolution,
    })
}
