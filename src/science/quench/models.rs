//! The quenching and binding models on the scale of what was measured.
//!
//! Each built-in model is a fraction r([Q]) = I/I₀ of the emission left at quencher
//! concentration [Q]. Fitted to intensities (or lifetimes), the unquenched value is a parameter
//! like the others, y = Y₀·r([Q]): the reading at [Q] = 0 is a measurement with its own noise,
//! not a constant to divide by (dividing by it gives that point a residual of zero by
//! construction and leaves its noise out of every interval). Given as I₀/I, the data are fitted
//! as y = 1/r([Q]), and I₀'s own uncertainty is then outside the fit.
//!
//! References: O. Stern, M. Volmer, Phys. Z. 1919, 20, 183; J. R. Lakowicz, Principles of
//! Fluorescence Spectroscopy, 3rd ed., Springer 2006, ch. 8 (static and dynamic quenching);
//! M. Tachiya, Chem. Phys. Lett. 1975, 33, 289 (Poisson statistics of quenchers bound to
//! micelles and particles); A. V. Hill, J. Physiol. 1910, 40, iv (cooperative binding).

use serde::Serialize;

use super::ModelKind;
use crate::science::fit::{Expression, Model};

/// How the measured values relate to the fraction r = I/I₀.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// y = Y₀·r: intensities or lifetimes, with the unquenched Y₀ a parameter.
    Absolute,
    /// y = 1/r: the ratio I₀/I as given.
    Inverse,
}

/// The names of a model's own parameters (after Y₀), in order.
pub fn own_parameters(kind: ModelKind) -> &'static [&'static str] {
    match kind {
        ModelKind::SternVolmer | ModelKind::SternVolmerFreeIntercept => &["K_SV"],
        ModelKind::StaticDynamic => &["K_D", "K_S"],
        ModelKind::Langmuir => &["f", "K_L"],
        ModelKind::Poisson => &["K"],
        ModelKind::Hill => &["f", "K", "n"],
    }
}

/// r([Q]) = I/I₀ for the model's own parameters `p`, with ∂r/∂pⱼ into `grad`.
pub fn fraction(kind: ModelKind, x: f64, p: &[f64], grad: &mut [f64]) -> f64 {
    let at = |j: usize| p.get(j).copied().unwrap_or(f64::NAN);
    let mut set = |j: usize, v: f64| {
        if let Some(g) = grad.get_mut(j) {
            *g = v;
        }
    };
    match kind {
        // r = 1/(1 + K x): dr/dK = −x r².
        ModelKind::SternVolmer | ModelKind::SternVolmerFreeIntercept => {
            let r = 1.0 / (1.0 + at(0) * x);
            set(0, -x * r * r);
            r
        }
        // r = 1/((1 + K_D x)(1 + K_S x)): dr/dK_D = −x r/(1 + K_D x), likewise K_S.
        ModelKind::StaticDynamic => {
            let (d, s) = (1.0 + at(0) * x, 1.0 + at(1) * x);
            let r = 1.0 / (d * s);
            set(0, -x * r / d);
            set(1, -x * r / s);
            r
        }
        // r = 1 − f K x/(1 + K x): dr/df = −K x/(1 + K x), dr/dK = −f x/(1 + K x)².
        ModelKind::Langmuir => {
            let (f, k) = (at(0), at(1));
            let u = 1.0 + k * x;
            set(0, -k * x / u);
            set(1, -f * x / (u * u));
            1.0 - f * k * x / u
        }
        // r = exp(−K x): dr/dK = −x r.
        ModelKind::Poisson => {
            let r = (-at(0) * x).exp();
            set(0, -x * r);
            r
        }
        // r = 1 − f v/(1 + v), v = (K x)ⁿ: dv/dK = n v/K, dv/dn = v ln(K x); both 0 at x = 0,
        // where v is 0 for every K and n > 0 (the limits, not the 0·∞ of the formulas).
        ModelKind::Hill => {
            let (f, k, n) = (at(0), at(1), at(2));
            let kx = k * x;
            let v = if kx > 0.0 { kx.powf(n) } else { 0.0 };
            let h = v / (1.0 + v);
            let dh_dv = 1.0 / ((1.0 + v) * (1.0 + v));
            let (dv_dk, dv_dn) = if v > 0.0 { (n * v / k, v * kx.ln()) } else { (0.0, 0.0) };
            set(0, -h);
            set(1, -f * dh_dv * dv_dk);
            set(2, -f * dh_dv * dv_dn);
            1.0 - f * h
        }
    }
}

/// A built-in model on the measured scale: parameters `[Y₀, own…]` on the absolute scale,
/// `[own…]` on the inverse one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    pub kind: ModelKind,
    pub scale: Scale,
    /// What Y₀ is called: `I₀` or `τ₀`.
    pub unquenched: &'static str,
}

impl Measured {
    /// The index of the model's first own parameter.
    pub fn offset(&self) -> usize {
        match self.scale {
            Scale::Absolute => 1,
            Scale::Inverse => 0,
        }
    }
}

impl Model for Measured {
    fn parameter_names(&self) -> Vec<String> {
        // Lifetimes see only dynamic quenching: their Stern–Volmer constant is K_D.
        let lifetimes = self.unquenched == "τ₀";
        let own = own_parameters(self.kind).iter().map(|&s| if lifetimes && s == "K_SV" { "K_D".to_string() } else { s.to_string() });
        match self.scale {
            Scale::Absolute => std::iter::once(self.unquenched.to_string()).chain(own).collect(),
            Scale::Inverse => own.collect(),
        }
    }

    fn value(&self, x: f64, p: &[f64]) -> f64 {
        let mut grad = [0.0; 4];
        let len = p.len().min(4);
        self.value_and_gradient(x, p, &mut grad[..len])
    }

    fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64 {
        let o = self.offset();
        let (head, own) = grad.split_at_mut(o.min(grad.len()));
        let r = fraction(self.kind, x, p.get(o..).unwrap_or(&[]), own);
        match self.scale {
            Scale::Absolute => {
                let y0 = p.first().copied().unwrap_or(f64::NAN);
                if let Some(g) = head.first_mut() {
                    *g = r;
                }
                own.iter_mut().for_each(|g| *g *= y0);
                y0 * r
            }
            Scale::Inverse => {
                own.iter_mut().for_each(|g| *g = -*g / (r * r));
                1.0 / r
            }
        }
    }
}

/// The quantity a typed model predicts, as people write their models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum TypedScale {
    /// I₀/I (or τ₀/τ): Stern–Volmer-like models such as `1 + K*x`.
    #[default]
    Inverse,
    /// I/I₀.
    Ratio,
    /// ΔI/I₀ = 1 − I/I₀: binding isotherms such as `m*K*x/(1 + K*x)`.
    Quenched,
}

impl TypedScale {
    pub const ALL: [TypedScale; 3] = [TypedScale::Inverse, TypedScale::Ratio, TypedScale::Quenched];

    pub fn slug(self) -> &'static str {
        match self {
            TypedScale::Inverse => "I0/I",
            TypedScale::Ratio => "I/I0",
            TypedScale::Quenched => "dI/I0",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TypedScale::Inverse => "I₀/I",
            TypedScale::Ratio => "I/I₀",
            TypedScale::Quenched => "ΔI/I₀",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.slug() == slug.trim())
    }

    /// r = I/I₀ from g, the typed model's value on this scale, and dr/dg.
    pub fn to_ratio(self, g: f64) -> (f64, f64) {
        match self {
            TypedScale::Inverse => (1.0 / g, -1.0 / (g * g)),
            TypedScale::Ratio => (g, 1.0),
            TypedScale::Quenched => (1.0 - g, -1.0),
        }
    }
}

/// A typed model on the measured scale, so that it is fitted to the same values with the same
/// weights as the built-in models and compared with them: y = Y₀·r with r from the typed
/// expression on its scale (parameters `[Y₀, the expression's…]`), or y = 1/r for I₀/I data.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub expression: Expression,
    pub scale: TypedScale,
    pub measured: Scale,
    pub unquenched: &'static str,
}

impl Typed {
    /// The index of the expression's first parameter.
    pub fn offset(&self) -> usize {
        match self.measured {
            Scale::Absolute => 1,
            Scale::Inverse => 0,
        }
    }

    /// From g, the expression's value at a point, and Y₀ (`p[0]` on the absolute scale): the
    /// model's value y, ∂y/∂Y₀ (on the absolute scale), and the factor ∂y/∂g that turns the
    /// expression's gradient into the model's. All NaN where g is not finite: the typed
    /// expression must be defined at every point (I₀/I = 1/x at x = 0 is a division by zero,
    /// not I = 0, which r = 1/g would quietly make of it).
    fn on_measured_scale(&self, g: f64, y0: f64) -> (f64, f64, f64) {
        if !g.is_finite() {
            return (f64::NAN, f64::NAN, f64::NAN);
        }
        let (r, dr_dg) = self.scale.to_ratio(g);
        match self.measured {
            Scale::Absolute => (y0 * r, r, y0 * dr_dg),
            Scale::Inverse => (1.0 / r, f64::NAN, -dr_dg / (r * r)),
        }
    }

    /// Y₀ and the expression's parameters.
    fn split<'p>(&self, p: &'p [f64]) -> (f64, &'p [f64]) {
        let o = self.offset();
        let y0 = if o == 1 { p.first().copied().unwrap_or(f64::NAN) } else { f64::NAN };
        (y0, p.get(o..).unwrap_or(&[]))
    }
}

/// Point by point for one x, and over whole data sets through the expression's own `values`
/// and `values_and_jacobian`, which run its compiled programs chunk by chunk: a fit of a
/// 1000-row table calls these at every iteration.
impl Model for Typed {
    fn parameter_names(&self) -> Vec<String> {
        let own = self.expression.parameters().iter().cloned();
        match self.measured {
            Scale::Absolute => std::iter::once(self.unquenched.to_string()).chain(own).collect(),
            Scale::Inverse => own.collect(),
        }
    }

    fn value(&self, x: f64, p: &[f64]) -> f64 {
        let (y0, own) = self.split(p);
        self.on_measured_scale(self.expression.value(x, own), y0).0
    }

    fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64 {
        let (y0, own_p) = self.split(p);
        let (head, own) = grad.split_at_mut(self.offset().min(grad.len()));
        let (y, dy_dy0, dy_dg) = self.on_measured_scale(self.expression.value_and_gradient(x, own_p, own), y0);
        head.iter_mut().for_each(|d| *d = dy_dy0);
        // NaN where g is not finite: a NaN factor makes every derivative NaN.
        own.iter_mut().for_each(|d| *d *= dy_dg);
        y
    }

    fn values(&self, x: &[f64], p: &[f64], out: &mut [f64]) {
        let (y0, own) = self.split(p);
        self.expression.values(x, own, out);
        for y in out.iter_mut() {
            *y = self.on_measured_scale(*y, y0).0;
        }
    }

    fn values_and_jacobian(&self, x: &[f64], p: &[f64], values: &mut [f64], jacobian: &mut [f64]) {
        let n = x.len();
        let (y0, own_p) = self.split(p);
        // Column-major: Y₀'s column first (on the absolute scale), then the expression's.
        let (head, own) = jacobian.split_at_mut((self.offset() * n).min(jacobian.len()));
        self.expression.values_and_jacobian(x, own_p, values, own);
        for (i, y) in values.iter_mut().enumerate().take(n) {
            let (value, dy_dy0, dy_dg) = self.on_measured_scale(*y, y0);
            *y = value;
            if let Some(d) = head.get_mut(i) {
                *d = dy_dy0;
            }
            for d in own.iter_mut().skip(i).step_by(n.max(1)) {
                *d *= dy_dg;
            }
        }
    }
}

/// Static and dynamic quenching fitted to intensities and lifetimes at once, sharing K_D:
/// I = I₀/((1 + K_D[Q])(1 + K_S[Q])) and τ = τ₀/(1 + K_D[Q]). Parameters `[I₀, τ₀, K_D, K_S]`.
/// The x of point i is its index: points 0..n are intensities at `quencher[i]`, points n..2n
/// lifetimes at `quencher[i − n]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Joint {
    pub quencher: Vec<f64>,
}

impl Joint {
    /// The x values of the 2n points.
    pub fn indices(&self) -> Vec<f64> {
        (0..2 * self.quencher.len()).map(|i| i as f64).collect()
    }
}

impl Model for Joint {
    fn parameter_names(&self) -> Vec<String> {
        ["I₀", "τ₀", "K_D", "K_S"].iter().map(|s| s.to_string()).collect()
    }

    fn value(&self, x: f64, p: &[f64]) -> f64 {
        let mut grad = [0.0; 4];
        self.value_and_gradient(x, p, &mut grad[..p.len().min(4)])
    }

    fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64 {
        let n = self.quencher.len();
        let i = if x.is_finite() && x >= 0.0 { x as usize } else { usize::MAX };
        let lifetime = i >= n;
        let q = self.quencher.get(if lifetime { i.wrapping_sub(n) } else { i }).copied().unwrap_or(f64::NAN);
        let at = |j: usize| p.get(j).copied().unwrap_or(f64::NAN);
        let (d, s) = (1.0 + at(2) * q, 1.0 + at(3) * q);
        let mut g = [0.0; 4];
        let y = if lifetime {
            g[1] = 1.0 / d;
            g[2] = -at(1) * q / (d * d);
            at(1) / d
        } else {
            let y = at(0) / (d * s);
            g[0] = 1.0 / (d * s);
            g[2] = -q * y / d;
            g[3] = -q * y / s;
            y
        };
        for (slot, v) in grad.iter_mut().zip(g) {
            *slot = v;
        }
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::science::fit::check_gradient;

    const Q: [f64; 8] = [0.0, 1e-6, 2e-6, 4e-6, 6e-6, 8e-6, 10e-6, 15e-6];

    #[test]
    fn analytic_gradients_match_finite_differences() {
        let cases: [(ModelKind, &[f64]); 5] = [
            (ModelKind::SternVolmer, &[1e5]),
            (ModelKind::StaticDynamic, &[5e4, 2e5]),
            (ModelKind::Langmuir, &[0.7, 2.5e5]),
            (ModelKind::Poisson, &[8e4]),
            (ModelKind::Hill, &[0.8, 2e5, 1.6]),
        ];
        for (kind, own) in cases {
            let absolute = Measured { kind, scale: Scale::Absolute, unquenched: "I₀" };
            let p: Vec<f64> = std::iter::once(1000.0).chain(own.iter().copied()).collect();
            // x = 0 is left out of the check: a central difference there steps into [Q] < 0.
            let checked = check_gradient(&absolute, &Q[1..], &p, 1e-6);
            assert!(checked.is_ok(), "{kind:?} absolute: {checked:?}");
            let inverse = Measured { kind, scale: Scale::Inverse, unquenched: "I₀" };
            let checked = check_gradient(&inverse, &Q[1..], own, 1e-6);
            assert!(checked.is_ok(), "{kind:?} inverse: {checked:?}");
        }
        let joint = Joint { quencher: Q.to_vec() };
        assert!(check_gradient(&joint, &joint.indices(), &[1000.0, 20.8, 4e4, 1.5e5], 1e-6).is_ok());
    }

    #[test]
    fn the_fraction_is_one_without_quencher_and_hill_has_finite_derivatives_there() {
        for kind in ModelKind::ALL {
            let own: Vec<f64> = own_parameters(kind).iter().map(|_| 0.7).collect();
            let mut grad = vec![0.0; own.len()];
            assert_eq!(fraction(kind, 0.0, &own, &mut grad), 1.0, "{kind:?}");
            assert!(grad.iter().all(|g| g.is_finite()), "{kind:?}: {grad:?}");
        }
        // Hill with n < 1: (K x)ⁿ has an infinite derivative at x = 0 only in form.
        let mut grad = [0.0; 3];
        assert_eq!(fraction(ModelKind::Hill, 0.0, &[0.8, 2e5, 0.5], &mut grad), 1.0);
        assert_eq!(grad, [0.0; 3]);
        // Hill with n = 1 is Langmuir.
        let (mut a, mut b) = ([0.0; 3], [0.0; 2]);
        let hill = fraction(ModelKind::Hill, 3e-6, &[0.7, 2.5e5, 1.0], &mut a);
        let langmuir = fraction(ModelKind::Langmuir, 3e-6, &[0.7, 2.5e5], &mut b);
        assert!((hill - langmuir).abs() < 1e-15);
    }

    #[test]
    fn a_typed_model_over_a_whole_table_is_the_same_as_point_by_point() {
        // More points than one chunk of the expression's programs, and x = 0, where 1/x (on
        // the I₀/I scale) is not defined: that point is NaN in value and derivatives, the
        // others as computed one at a time.
        let x: Vec<f64> = (0..700).map(|i| i as f64 * 3e-8).collect();
        for (text, scale, own) in [
            ("1 + K*x + S*x^2", TypedScale::Inverse, vec![1e5, 3e9]),
            ("1 + 1/(K*x)", TypedScale::Inverse, vec![2e5]),
            ("1 - f*K*x/(1 + K*x)", TypedScale::Ratio, vec![0.7, 2.5e5]),
            ("f*K*x/(1 + K*x)", TypedScale::Quenched, vec![0.7, 2.5e5]),
        ] {
            let expression = crate::science::fit::parse(text).unwrap();
            for measured in [Scale::Absolute, Scale::Inverse] {
                let model = Typed { expression: expression.clone(), scale, measured, unquenched: "I₀" };
                let p: Vec<f64> = if measured == Scale::Absolute { std::iter::once(1000.0).chain(own.iter().copied()).collect() } else { own.clone() };
                let (n, k) = (x.len(), p.len());
                let (mut values, mut jacobian, mut only) = (vec![0.0; n], vec![0.0; n * k], vec![0.0; n]);
                model.values_and_jacobian(&x, &p, &mut values, &mut jacobian);
                model.values(&x, &p, &mut only);
                let mut grad = vec![0.0; k];
                let same = |a: f64, b: f64| (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-14 * b.abs();
                for (i, &xi) in x.iter().enumerate() {
                    let y = model.value_and_gradient(xi, &p, &mut grad);
                    let case = format!("{text} on {scale:?}, measured {measured:?}, x = {xi}");
                    assert!(same(values[i], y) && same(only[i], y) && same(model.value(xi, &p), y), "{case}: {} {} vs {y}", values[i], only[i]);
                    for j in 0..k {
                        assert!(same(jacobian[j * n + i], grad[j]), "{case}, ∂/∂p{j}: {} vs {}", jacobian[j * n + i], grad[j]);
                    }
                }
                let defined = values.iter().filter(|v| v.is_finite()).count();
                assert_eq!(defined, if text.contains("1/(K*x)") { n - 1 } else { n }, "{text}: defined at {defined} of {n} points");
            }
        }
    }
}
