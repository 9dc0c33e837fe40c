//! Luminescence quenching and binding: Stern–Volmer, static + dynamic, modified (Lehrer)
//! Stern–Volmer, Langmuir and Poisson models (SCIENCE.md §2; seed 000, Han et al., SI).
//!
//! Every built-in model is fitted to the measured quantity on one scale, I/I₀ (or τ/τ₀ for
//! lifetimes): residuals are then proportional to errors in the measured intensity, and the
//! AICc of different models compare fits of the same numbers. The familiar linear plots
//! (I₀/I against [Q]; I₀/ΔI against 1/[Q]) show the same fits transformed, and the
//! double-reciprocal line used in seed 000 is fitted as a line of its own, so that it can be
//! compared with the nonlinear Langmuir fit.
//!
//! References: O. Stern, M. Volmer, Phys. Z. 1919, 20, 183; S. S. Lehrer, Biochemistry 1971,
//! 10, 3254; J. R. Lakowicz, Principles of Fluorescence Spectroscopy, 3rd ed., Springer 2006,
//! ch. 8; M. Tachiya, Chem. Phys. Lett. 1975, 33, 289 (Poisson statistics of quenchers).

use serde::Serialize;

use super::fit::{self, Data, Design, FitError, FitReport, FitSettings, Model};

/// Diffusion-limited bimolecular rate constant in water at 25 °C (M⁻¹ s⁻¹), order of magnitude.
pub const DIFFUSION_LIMIT_PER_M_PER_S: f64 = 1.0e10;

/// The built-in models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ModelKind {
    /// I₀/I = 1 + K_SV[Q].
    SternVolmer,
    /// I₀/I = a + K_SV[Q], the intercept a free.
    SternVolmerFreeIntercept,
    /// I₀/I = (1 + K_D[Q])(1 + K_S[Q]).
    StaticDynamic,
    /// ΔI/I₀ = (ΔI/I₀)max · K_L[Q] / (1 + K_L[Q]).
    Langmuir,
    /// I/I₀ = exp(−K[Q]), K the binding constant times the quenching per bound quencher.
    Poisson,
}

impl ModelKind {
    pub const ALL: [ModelKind; 5] = [
        ModelKind::SternVolmer,
        ModelKind::SternVolmerFreeIntercept,
        ModelKind::StaticDynamic,
        ModelKind::Langmuir,
        ModelKind::Poisson,
    ];
    /// Identifier in links.
    pub fn slug(self) -> &'static str {
        match self {
            ModelKind::SternVolmer => "sv",
            ModelKind::SternVolmerFreeIntercept => "sv-free",
            ModelKind::StaticDynamic => "static-dynamic",
            ModelKind::Langmuir => "langmuir",
            ModelKind::Poisson => "poisson",
        }
    }
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.slug() == slug.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            ModelKind::SternVolmer => "Stern–Volmer",
            ModelKind::SternVolmerFreeIntercept => "Stern–Volmer, free intercept",
            ModelKind::StaticDynamic => "Static + dynamic",
            ModelKind::Langmuir => "Langmuir",
            ModelKind::Poisson => "Poisson",
        }
    }
    /// The model as people write it.
    pub fn equation(self) -> &'static str {
        match self {
            ModelKind::SternVolmer => "I₀/I = 1 + K_SV[Q]",
            ModelKind::SternVolmerFreeIntercept => "I₀/I = a + K_SV[Q]",
            ModelKind::StaticDynamic => "I₀/I = (1 + K_D[Q])(1 + K_S[Q])",
            ModelKind::Langmuir => "ΔI/I₀ = (ΔI/I₀)max K_L[Q] / (1 + K_L[Q])",
            ModelKind::Poisson => "I/I₀ = exp(−K[Q])",
        }
    }
}

/// A built-in model on the I/I₀ scale, with analytic derivatives.
#[derive(Debug, Clone, Copy)]
struct OnRatioScale(ModelKind);

impl Model for OnRatioScale {
    fn parameter_names(&self) -> Vec<String> {
        let names: &[&str] = match self.0 {
            ModelKind::SternVolmer => &["K_SV"],
            ModelKind::SternVolmerFreeIntercept => &["a", "K_SV"],
            ModelKind::StaticDynamic => &["K_D", "K_S"],
            ModelKind::Langmuir => &["max", "K_L"],
            ModelKind::Poisson => &["K"],
        };
        names.iter().map(|s| s.to_string()).collect()
    }

    fn value(&self, x: f64, p: &[f64]) -> f64 {
        let mut grad = [0.0; 2];
        self.value_and_gradient(x, p, &mut grad[..p.len().min(2)])
    }

    fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64 {
        let mut set = |j: usize, v: f64| {
            if let Some(g) = grad.get_mut(j) {
                *g = v;
            }
        };
        let at = |j: usize| p.get(j).copied().unwrap_or(f64::NAN);
        match self.0 {
            // y = 1/(1 + K x): dy/dK = −x y².
            ModelKind::SternVolmer => {
                let y = 1.0 / (1.0 + at(0) * x);
                set(0, -x * y * y);
                y
            }
            // y = 1/(a + K x): dy/da = −y², dy/dK = −x y².
            ModelKind::SternVolmerFreeIntercept => {
                let y = 1.0 / (at(0) + at(1) * x);
                set(0, -y * y);
                set(1, -x * y * y);
                y
            }
            // y = 1/((1 + K_D x)(1 + K_S x)): dy/dK_D = −x y/(1 + K_D x), likewise K_S.
            ModelKind::StaticDynamic => {
                let (d, s) = (1.0 + at(0) * x, 1.0 + at(1) * x);
                let y = 1.0 / (d * s);
                set(0, -x * y / d);
                set(1, -x * y / s);
                y
            }
            // y = 1 − m K x/(1 + K x): dy/dm = −K x/(1 + K x), dy/dK = −m x/(1 + K x)².
            ModelKind::Langmuir => {
                let (m, k) = (at(0), at(1));
                let u = 1.0 + k * x;
                set(0, -k * x / u);
                set(1, -m * x / (u * u));
                1.0 - m * k * x / u
            }
            // y = exp(−K x): dy/dK = −x y.
            ModelKind::Poisson => {
                let y = (-at(0) * x).exp();
                set(0, -x * y);
                y
            }
        }
    }
}

impl ModelKind {
    /// The fitted curve on the I/I₀ scale.
    pub fn ratio(self, quencher_molar: f64, parameters: &[f64]) -> f64 {
        OnRatioScale(self).value(quencher_molar, parameters)
    }
}

/// The measurements on the fitting scale: [Q] (mol/L) and y = I/I₀ (or τ/τ₀), with σ of y.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observations {
    pub quencher_molar: Vec<f64>,
    pub ratio: Vec<f64>,
    pub sigma: Option<Vec<f64>>,
    /// τ/τ₀ at the same points, when lifetimes were measured beside intensities.
    pub lifetime_ratio: Option<Vec<f64>>,
    /// Whether y is a lifetime ratio (τ/τ₀) rather than an intensity ratio.
    pub is_lifetime: bool,
}

/// A value derived from fitted parameters, with its standard error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Derived {
    pub name: &'static str,
    pub value: f64,
    pub std_error: f64,
    pub unit: &'static str,
}

/// One model's fit.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFit {
    pub model: ModelKind,
    pub report: FitReport,
    pub derived: Vec<Derived>,
    pub notes: Vec<String>,
}

/// The double-reciprocal (modified Stern–Volmer, Lehrer) line I₀/ΔI = 1/(f K) · 1/[Q] + 1/f,
/// where f is the accessible fraction, (ΔI/I₀)max in Langmuir's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct DoubleReciprocal {
    pub line: FitReport,
    pub fraction: Derived,
    pub constant: Derived,
}

/// Everything the calculator shows for one data set.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub fits: Vec<(ModelKind, Result<ModelFit, FitError>)>,
    pub double_reciprocal: Option<Result<DoubleReciprocal, FitError>>,
    pub warnings: Vec<String>,
}

/// A rough K from the data, for start values: the slope of I₀/I − 1 against [Q] through the
/// origin, never below a small positive number.
fn rough_constant(obs: &Observations) -> f64 {
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (&x, &y) in obs.quencher_molar.iter().zip(&obs.ratio) {
        if y > 0.0 && x > 0.0 {
            sxy += x * (1.0 / y - 1.0);
            sxx += x * x;
        }
    }
    let k = sxy / sxx;
    if k.is_finite() && k > 0.0 {
        k
    } else {
        let max_q = obs.quencher_molar.iter().copied().fold(0.0, f64::max);
        if max_q > 0.0 {
            1.0 / max_q
        } else {
            1.0
        }
    }
}

fn data(obs: &Observations) -> Data<'_> {
    match &obs.sigma {
        Some(s) => Data::with_sigma(&obs.quencher_molar, &obs.ratio, s),
        None => Data::new(&obs.quencher_molar, &obs.ratio),
    }
}

/// The derived quantity k_q = K/τ₀ with its error, and a plain-language note when it exceeds
/// the diffusion limit.
fn quenching_rate(k: &fit::Estimate, tau0_ns: Option<f64>, derived: &mut Vec<Derived>, notes: &mut Vec<String>) {
    let Some(tau0_ns) = tau0_ns.filter(|t| t.is_finite() && *t > 0.0) else { return };
    let tau0_s = tau0_ns * 1e-9;
    let kq = k.value / tau0_s;
    derived.push(Derived { name: "k_q", value: kq, std_error: k.std_error / tau0_s, unit: "M⁻¹ s⁻¹" });
    if kq > DIFFUSION_LIMIT_PER_M_PER_S {
        notes.push(format!(
            "k_q = {} M⁻¹ s⁻¹ is about {:.0} times the diffusion limit in water (~10¹⁰ M⁻¹ s⁻¹): the quencher cannot reach the dots that fast by diffusion, so the quenching is not purely dynamic. It points to static quenching: the quencher binds to the dots (compare the lifetimes τ₀/τ, which static quenching leaves unchanged).",
            super::format::sig(kq, 4),
            kq / DIFFUSION_LIMIT_PER_M_PER_S
        ));
    }
}

/// Fits one built-in model. With lifetimes beside intensities, the static + dynamic model
/// takes K_D from the lifetimes (τ₀/τ = 1 + K_D[Q]) and fits only K_S to the intensities.
pub fn fit_model(model: ModelKind, obs: &Observations, tau0_ns: Option<f64>) -> Result<ModelFit, FitError> {
    let k0 = rough_constant(obs);
    let shape = OnRatioScale(model);
    let mut notes = Vec::new();
    let settings = match model {
        ModelKind::SternVolmer | ModelKind::Poisson => FitSettings::new(vec![k0]),
        ModelKind::SternVolmerFreeIntercept => FitSettings::new(vec![1.0, k0]),
        ModelKind::StaticDynamic => match (&obs.lifetime_ratio, obs.is_lifetime) {
            (Some(lifetimes), false) => {
                let dynamic = fit::fit(
                    &OnRatioScale(ModelKind::SternVolmer),
                    &Data::new(&obs.quencher_molar, lifetimes),
                    &FitSettings::new(vec![k0]),
                )?;
                let k_d = dynamic.parameters[0].value;
                notes.push(format!(
                    "K_D = {} ± {} M⁻¹ from the lifetimes (τ₀/τ = 1 + K_D[Q]); K_S fitted to the intensities with K_D held there.",
                    super::format::sig(k_d, 4),
                    super::format::sig(dynamic.parameters[0].std_error, 2)
                ));
                FitSettings::new(vec![k_d, k0]).with_fixed(&shape, "K_D", k_d)?
            }
            _ => {
                notes.push("Without lifetimes, K_D and K_S enter symmetrically: the fit cannot tell which is which. Add a lifetime column to separate them.".into());
                FitSettings::new(vec![0.5 * k0, 0.25 * k0])
            }
        },
        ModelKind::Langmuir => {
            let deepest = obs.ratio.iter().copied().fold(1.0, f64::min);
            let max0 = ((1.0 - deepest) * 1.2).clamp(0.05, 1.0);
            FitSettings::new(vec![max0, k0])
        }
    };
    let report = fit::fit(&shape, &data(obs), &settings)?;
    let mut derived = Vec::new();
    match model {
        ModelKind::SternVolmer | ModelKind::SternVolmerFreeIntercept => {
            let k = report.get("K_SV").cloned();
            if let Some(k) = k {
                quenching_rate(&k, tau0_ns, &mut derived, &mut notes);
            }
        }
        ModelKind::StaticDynamic => {
            if let Some(k) = report.get("K_D").cloned() {
                quenching_rate(&k, tau0_ns, &mut derived, &mut notes);
            }
        }
        ModelKind::Langmuir | ModelKind::Poisson => {}
    }
    Ok(ModelFit { model, report, derived, notes })
}

/// The double-reciprocal line, from the points with [Q] > 0 and ΔI > 0.
pub fn double_reciprocal(obs: &Observations) -> Result<DoubleReciprocal, FitError> {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for (&q, &r) in obs.quencher_molar.iter().zip(&obs.ratio) {
        let quenched = 1.0 - r;
        if q > 0.0 && quenched > 0.0 {
            x.push(1.0 / q);
            y.push(1.0 / quenched);
        }
    }
    let line = fit::fit_linear(&Design::straight_line(), &Data::new(&x, &y))?;
    let (b0, b1) = (line.parameters[0].value, line.parameters[1].value);
    let (v0, v1, c01) = (line.covariance[0][0], line.covariance[1][1], line.covariance[0][1]);
    // f = 1/b0, K = b0/b1, their errors by first-order propagation with the covariance.
    let fraction = Derived { name: "f_a", value: 1.0 / b0, std_error: v0.sqrt() / (b0 * b0), unit: "" };
    let k = b0 / b1;
    let relative_var = v0 / (b0 * b0) + v1 / (b1 * b1) - 2.0 * c01 / (b0 * b1);
    let constant = Derived { name: "K", value: k, std_error: k.abs() * relative_var.max(0.0).sqrt(), unit: "M⁻¹" };
    if !(fraction.value.is_finite() && constant.value.is_finite() && constant.std_error.is_finite()) {
        return Err(FitError::OutOfRange { what: "the double-reciprocal line's intercept or slope is zero".into() });
    }
    Ok(DoubleReciprocal { line, fraction, constant })
}

/// Fits the chosen models and, with Langmuir, the double-reciprocal line, and says when the
/// two estimates of the binding constant disagree beyond their 95 % intervals.
pub fn analyse(obs: &Observations, models: &[ModelKind], tau0_ns: Option<f64>) -> Analysis {
    let fits: Vec<(ModelKind, Result<ModelFit, FitError>)> =
        models.iter().map(|&m| (m, fit_model(m, obs, tau0_ns))).collect();
    let mut warnings = Vec::new();
    let wants_reciprocal = models.contains(&ModelKind::Langmuir);
    let double_reciprocal = wants_reciprocal.then(|| double_reciprocal(obs));
    if let (Some(Ok(line)), Some((_, Ok(langmuir)))) =
        (&double_reciprocal, fits.iter().find(|(m, _)| *m == ModelKind::Langmuir))
    {
        if let Some(k) = langmuir.report.get("K_L") {
            let t = fit::student_t_quantile(0.975, line.line.dof.max(1) as f64).unwrap_or(1.96);
            let (lo, hi) = (line.constant.value - t * line.constant.std_error, line.constant.value + t * line.constant.std_error);
            if hi < k.ci95.0 || lo > k.ci95.1 {
                warnings.push(format!(
                    "The Langmuir fit gives K_L = {:.3e} M⁻¹ (95 % interval {:.3e} – {:.3e}) but the double-reciprocal line gives {:.3e} M⁻¹ ({:.3e} – {:.3e}): the intervals do not overlap. The double-reciprocal line weights the low-[Q] points heavily (1/[Q] stretches them); prefer the nonlinear fit.",
                    k.value, k.ci95.0, k.ci95.1, line.constant.value, lo, hi
                ));
            }
        }
    }
    Analysis { fits, double_reciprocal, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observations(model: ModelKind, p: &[f64], q: &[f64]) -> Observations {
        Observations {
            ratio: q.iter().map(|&x| model.ratio(x, p)).collect(),
            quencher_molar: q.to_vec(),
            sigma: None,
            lifetime_ratio: None,
            is_lifetime: false,
        }
    }

    const Q: [f64; 8] = [0.0, 1e-6, 2e-6, 4e-6, 6e-6, 8e-6, 10e-6, 15e-6];

    #[test]
    fn analytic_gradients_match_finite_differences() {
        let cases: [(ModelKind, &[f64]); 5] = [
            (ModelKind::SternVolmer, &[1e5]),
            (ModelKind::SternVolmerFreeIntercept, &[1.1, 1e5]),
            (ModelKind::StaticDynamic, &[5e4, 2e5]),
            (ModelKind::Langmuir, &[0.7, 2.5e5]),
            (ModelKind::Poisson, &[8e4]),
        ];
        for (model, p) in cases {
            let checked = fit::check_gradient(&OnRatioScale(model), &Q, p, 1e-6);
            assert!(checked.is_ok(), "{model:?}: {checked:?}");
        }
    }

    #[test]
    fn exact_data_give_back_the_parameters() {
        for (model, p) in [
            (ModelKind::SternVolmer, vec![1.0e5]),
            (ModelKind::Langmuir, vec![0.7, 2.5e5]),
            (ModelKind::Poisson, vec![8.0e4]),
            (ModelKind::SternVolmerFreeIntercept, vec![1.05, 9.0e4]),
        ] {
            let fitted = fit_model(model, &observations(model, &p, &Q), None).unwrap();
            for (estimate, truth) in fitted.report.parameters.iter().zip(&p) {
                assert!((estimate.value - truth).abs() <= 1e-8 * truth.abs(), "{model:?}: {} vs {truth}", estimate.value);
            }
        }
    }

    #[test]
    fn lifetimes_separate_dynamic_from_static() {
        let (k_d, k_s) = (4.0e4, 1.5e5);
        let mut obs = observations(ModelKind::StaticDynamic, &[k_d, k_s], &Q);
        obs.lifetime_ratio = Some(Q.iter().map(|&x| 1.0 / (1.0 + k_d * x)).collect());
        let fitted = fit_model(ModelKind::StaticDynamic, &obs, Some(20.8)).unwrap();
        let k_s_fit = fitted.report.get("K_S").unwrap().value;
        assert!((k_s_fit - k_s).abs() < 1e-6 * k_s, "K_S {k_s_fit}");
        assert!(fitted.report.get("K_D").unwrap().fixed);
    }

    #[test]
    fn kq_above_the_diffusion_limit_is_explained() {
        // Seed refdata f_Stern_Volmer: K_SV = 1e5 M⁻¹, τ₀ = 20.8 ns → k_q = 4.80769230769231e12.
        let obs = observations(ModelKind::SternVolmer, &[1.0e5], &Q);
        let fitted = fit_model(ModelKind::SternVolmer, &obs, Some(20.8)).unwrap();
        let kq = fitted.derived.iter().find(|d| d.name == "k_q").unwrap();
        assert!((kq.value - 4.80769230769231e12).abs() < 1e-8 * 4.8e12, "{}", kq.value);
        assert!(fitted.notes.iter().any(|n| n.contains("diffusion limit") && n.contains("static")), "{:?}", fitted.notes);
    }

    #[test]
    fn the_double_reciprocal_line_recovers_langmuir_parameters_from_exact_data() {
        let obs = observations(ModelKind::Langmuir, &[0.7, 2.5e5], &Q);
        let line = double_reciprocal(&obs).unwrap();
        assert!((line.fraction.value - 0.7).abs() < 1e-9, "{}", line.fraction.value);
        assert!((line.constant.value - 2.5e5).abs() < 1e-9 * 2.5e5, "{}", line.constant.value);
        let analysis = analyse(&obs, &[ModelKind::Langmuir], None);
        assert!(analysis.warnings.is_empty(), "{:?}", analysis.warnings);
    }

    #[test]
    fn failures_say_why() {
        let one = Observations { quencher_molar: vec![1e-6], ratio: vec![0.8], sigma: None, lifetime_ratio: None, is_lifetime: false };
        let message = fit_model(ModelKind::Langmuir, &one, None).unwrap_err().to_string();
        assert!(message.contains("only 1 point"), "{message}");
        let same_q = Observations { quencher_molar: vec![2e-6; 4], ratio: vec![0.8, 0.81, 0.79, 0.8], sigma: None, lifetime_ratio: None, is_lifetime: false };
        assert!(fit_model(ModelKind::Langmuir, &same_q, None).is_err());
    }
}
