//! Fitting the quenching models to what was measured, and saying what the fits mean.
//!
//! Every model is fitted to the measured values with the unquenched value a parameter
//! (`models`), so that the reading at [Q] = 0 enters as one noisy point among the others and
//! the intervals of the constants cover the truth as often as they claim (tested by simulation).
//! With lifetimes beside intensities, static + dynamic quenching is one fit of both that
//! shares K_D (`models::Joint`), each set weighted by its own scatter. The checks a referee
//! would make come with every fit: parameters the data cannot separate, constants at a
//! physical bound, an exact fit with nothing left to estimate errors from, intensities above
//! I₀; k_q is compared with the diffusion limit through its interval, with the τ₀ it used
//! said.

use serde::Serialize;

use super::diffusion::DiffusionLimit;
use super::lines::{self, Line};
use super::models::{self, Joint, Measured, Scale, Typed, TypedScale};
use super::ModelKind;
use crate::science::fit::{self, akaike_weights, f_test, profile_interval, Bound, Data, Termination, Expression, FitError, FitReport, FitSettings, Model, NestedTest, ProfileInterval};
use crate::science::format::{sig, sig_short};

/// τ₀ (ns) assumed for k_q when no lifetime was measured or typed: the TGA-CdTe dots of Han et
/// al. (supporting information).
pub const DEFAULT_TAU0_NS: f64 = 20.8;

/// A parameter whose relative standard error exceeds this is not determined by the data.
const UNDETERMINED_RELATIVE_ERROR: f64 = 1e3;
/// A fit whose residual standard deviation is below this fraction of the largest value passes
/// through every point to rounding: its standard errors are rounding noise.
const EXACT_RELATIVE_SCATTER: f64 = 1e-12;
/// Two parameters whose correlation exceeds this in magnitude cannot be told apart.
const INSEPARABLE_CORRELATION: f64 = 0.9999;

/// What was measured in the second column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Quantity {
    /// Emission intensity I (any unit).
    Intensity,
    /// The ratio I₀/I, computed by the user.
    Ratio,
    /// Excited-state lifetime τ (ns).
    Lifetime,
}

impl Quantity {
    fn scale(self) -> Scale {
        match self {
            Quantity::Ratio => Scale::Inverse,
            _ => Scale::Absolute,
        }
    }

    /// What the unquenched value is called.
    pub fn unquenched(self) -> &'static str {
        match self {
            Quantity::Lifetime => "τ₀",
            _ => "I₀",
        }
    }
}

/// How the points are weighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum Weighting {
    /// All points alike.
    #[default]
    Equal,
    /// By 1/σ² with the σ given for each point (relative: their overall scale comes from the
    /// scatter of the fit).
    Sigma,
    /// By 1/y²: every point with the same relative uncertainty (Prism's "relative weighting").
    RelativeY,
}

impl Weighting {
    /// The weighting as the report states it.
    pub fn describe(self) -> &'static str {
        match self {
            Weighting::Equal => "all points weighted equally (least squares)",
            Weighting::Sigma => "each point weighted by 1/σ² with the σ given (relative weights: the scale comes from the scatter)",
            Weighting::RelativeY => "each point weighted by 1/y² (the same relative uncertainty for every point)",
        }
    }
}

/// The measurements, in SI-like units: [Q] in mol/L, lifetimes in ns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurements {
    pub quencher_molar: Vec<f64>,
    /// The measured quantity (I, I₀/I or τ).
    pub values: Vec<f64>,
    /// The standard uncertainty of each value the weights come from (the σ column, or the
    /// values themselves for 1/y² weighting).
    pub sigma: Option<Vec<f64>>,
    pub weighting: Weighting,
    pub quantity: Quantity,
    /// Lifetimes (ns) measured beside intensities.
    pub lifetimes_ns: Option<Vec<f64>>,
    /// The table row (1-based) of each point, for messages.
    pub rows: Vec<usize>,
    /// The unquenched value (I₀ or τ₀) when typed: held fixed in every fit, so its own
    /// uncertainty is not in the error bars.
    pub unquenched: Option<f64>,
}

impl Measurements {
    fn data(&self) -> Data<'_> {
        match &self.sigma {
            Some(s) => Data::with_sigma(&self.quencher_molar, &self.values, s),
            None => Data::new(&self.quencher_molar, &self.values),
        }
    }
}

/// What τ₀ k_q is computed with when no lifetimes were measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TauZero {
    /// Typed (ns).
    Typed(f64),
    /// Not typed: [`DEFAULT_TAU0_NS`].
    Default,
    /// Typed but not a usable number: k_q is not shown.
    Invalid,
    /// From the lifetimes measured beside the intensities (ns), with its standard error.
    Measured { ns: f64, std_error: f64 },
}

/// τ₀ from lifetimes measured beside intensities: the unquenched value of the fit
/// τ = τ₀/(1 + K_D[Q]), with its standard error.
fn measured_tau0(quencher_molar: &[f64], lifetimes: &[f64]) -> Option<TauZero> {
    let q_min = quencher_molar.iter().copied().fold(f64::INFINITY, f64::min);
    let start = quencher_molar.iter().zip(lifetimes).filter(|(q, _)| **q <= q_min).map(|(_, t)| *t).fold(f64::MIN, f64::max);
    let q_max = quencher_molar.iter().copied().fold(0.0, f64::max);
    let model = Measured { kind: ModelKind::SternVolmer, scale: Scale::Absolute, unquenched: "τ₀" };
    let settings = bounded(FitSettings::new(vec![start, if q_max > 0.0 { 1.0 / q_max } else { 1.0 }]), &model, ModelKind::SternVolmer);
    let report = fit::fit(&model, &Data::new(quencher_molar, lifetimes), &settings).ok()?;
    let tau0 = report.parameters.first()?;
    (tau0.value > 0.0).then_some(TauZero::Measured { ns: tau0.value, std_error: tau0.std_error })
}

/// What the derived values need besides the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    pub tau0: TauZero,
    pub diffusion: DiffusionLimit,
    /// The quantum-dot concentration (mol/L) when [Q] was given per dot.
    pub dots_molar: Option<f64>,
    /// Whether to compute profile-likelihood intervals (each costs about ten refits: a page
    /// may leave them until typing pauses).
    pub profiles: bool,
    /// Where a built-in model's fit starts instead of the usual start values: the parameters
    /// of the same model fitted to the data of an edit ago ([`Analysis::fitted`]). While one
    /// value of a large table is typed, a fit from there needs fewer iterations. Empty: the
    /// usual starts, which a result that is kept must use.
    pub warm: Vec<(Measured, Vec<f64>)>,
}

impl Default for Context {
    fn default() -> Self {
        Context { tau0: TauZero::Default, diffusion: DiffusionLimit::default(), dots_molar: None, profiles: true, warm: Vec::new() }
    }
}

impl Context {
    /// The parameters a fit of `shape` was left at an edit ago, if they can start it.
    fn warm_start(&self, shape: &Measured) -> Option<Vec<f64>> {
        let (_, values) = self.warm.iter().find(|(fitted, _)| fitted == shape)?;
        (values.len() == shape.parameter_names().len() && values.iter().all(|v| v.is_finite())).then(|| values.clone())
    }
}

/// A value derived from fitted parameters, with its standard error and 95 % interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Derived {
    pub name: &'static str,
    pub value: f64,
    pub std_error: f64,
    pub unit: &'static str,
    /// value ± t·standard error; `None` when there is no uncertainty to give.
    pub ci95: Option<(f64, f64)>,
}

impl Derived {
    /// A derived value with its symmetric 95 % interval from the t factor of its fit.
    pub fn with_interval(name: &'static str, value: f64, std_error: f64, unit: &'static str, t_95: f64) -> Self {
        let ci95 = (std_error > 0.0 && std_error.is_finite() && t_95.is_finite()).then_some((value - t_95 * std_error, value + t_95 * std_error));
        Derived { name, value, std_error, unit, ci95 }
    }
}

/// The model a fit evaluates.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Measured(Measured),
    Joint(Joint),
    Typed(Typed),
}

/// A model typed by the user, with its start values and fixed parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedRequest {
    pub expression: Expression,
    pub scale: TypedScale,
    /// (name, value, fixed).
    pub starts: Vec<(String, f64, bool)>,
}

/// One model's fit.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFit {
    /// The built-in model, or `None` for the typed one.
    pub model: Option<ModelKind>,
    pub shape: Shape,
    pub report: FitReport,
    pub derived: Vec<Derived>,
    /// Remarks on how the fit was made.
    pub notes: Vec<String>,
    /// What a referee would question.
    pub warnings: Vec<String>,
    /// False when the ± and intervals mean nothing (an exact fit, parameters the data cannot
    /// separate): the page then shows none.
    pub intervals: bool,
    /// Profile-likelihood 95 % intervals of the binding and quenching constants.
    pub profiles: Vec<ProfileInterval>,
}

impl ModelFit {
    /// The fitted measured quantity at [Q] = `q` (the intensity, for the joint fit).
    pub fn curve(&self, q: f64) -> f64 {
        let p = self.report.values();
        match &self.shape {
            Shape::Measured(m) => m.value(q, &p),
            Shape::Typed(t) => t.value(q, &p),
            Shape::Joint(_) => {
                let mut grad = [0.0; 2];
                p.first().copied().unwrap_or(f64::NAN) * models::fraction(ModelKind::StaticDynamic, q, p.get(2..).unwrap_or(&[]), &mut grad)
            }
        }
    }

    /// The fitted unquenched value (I₀ or τ₀), on the absolute scale.
    pub fn unquenched(&self) -> Option<f64> {
        match &self.shape {
            Shape::Measured(m) if m.scale == Scale::Inverse => None,
            Shape::Typed(t) if t.measured == Scale::Inverse => None,
            _ => self.report.parameters.first().map(|e| e.value),
        }
    }

    /// The fitted curve and its 95 % confidence band, (value, half-width), at each [Q] in `q`;
    /// `None` when the band means nothing (no intervals) or for the joint fit, whose band would
    /// need the lifetimes' parameters.
    pub fn band(&self, q: &[f64]) -> Option<Vec<Option<(f64, f64)>>> {
        let model: &dyn Model = match &self.shape {
            Shape::Measured(m) => m,
            Shape::Typed(t) => t,
            Shape::Joint(_) => return None,
        };
        self.intervals.then(|| fit::confidence_band(model, &self.report, q))
    }

    /// The model's name, as the comparison table shows it.
    pub fn label(&self) -> String {
        match (&self.shape, self.model) {
            (Shape::Typed(t), _) => format!("Your model ({} = {})", t.scale.label(), t.expression.text()),
            (Shape::Joint(_), _) => "Static + dynamic (with lifetimes)".to_string(),
            (_, Some(kind)) => kind.label().to_string(),
            (_, None) => String::new(),
        }
    }

    /// Whether the fit is of the measured values alone, with the same weights as every other
    /// such fit, so that its AICc compares with theirs (the joint fit adds the lifetimes).
    pub fn comparable(&self) -> bool {
        !matches!(self.shape, Shape::Joint(_))
    }
}

/// Everything the calculator shows for one data set.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub fits: Vec<(ModelKind, Result<ModelFit, FitError>)>,
    /// The linearised Stern–Volmer line, when chosen.
    pub stern_volmer_line: Option<Result<Line, FitError>>,
    /// The double-reciprocal line, with Langmuir.
    pub double_reciprocal: Option<Result<Line, FitError>>,
    pub warnings: Vec<String>,
    /// The typed model's fit, when a model was typed.
    pub typed: Option<Result<ModelFit, String>>,
    /// Whether profile intervals were computed ([`Context::profiles`]).
    pub profiles: bool,
}

/// One row of the model comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared<'a> {
    pub label: String,
    pub fit: Result<&'a ModelFit, String>,
    /// AICc minus the lowest AICc of the compared fits.
    pub delta: Option<f64>,
    /// The Akaike weight: the probability that this model is the best of those compared.
    pub weight: Option<f64>,
}

/// An F test of a model against a larger one that contains it.
#[derive(Debug, Clone, PartialEq)]
pub struct Nested<'a> {
    pub simple: &'a ModelFit,
    pub complex: &'a ModelFit,
    /// What makes the complex model the simple one, e.g. `f = 1`.
    pub constraint: &'static str,
    /// `None` when the complex model fits no better with its extra parameters (one at a bound).
    pub test: Option<NestedTest>,
}

/// The pairs of built-in models where the first is the second with parameters held.
const NESTED: [(ModelKind, ModelKind, &str); 4] = [
    (ModelKind::SternVolmer, ModelKind::StaticDynamic, "K_S = 0"),
    (ModelKind::SternVolmer, ModelKind::Langmuir, "f = 1"),
    (ModelKind::Langmuir, ModelKind::Hill, "n = 1"),
    (ModelKind::SternVolmer, ModelKind::Hill, "f = 1 and n = 1"),
];

impl Analysis {
    /// Each built-in model's fitted parameters, to start the fits of the next edit from
    /// ([`Context::warm`]).
    pub fn fitted(&self) -> Vec<(Measured, Vec<f64>)> {
        self.fits
            .iter()
            .filter_map(|(_, fit)| match fit {
                Ok(ModelFit { shape: Shape::Measured(shape), report, .. }) => Some((*shape, report.values())),
                _ => None,
            })
            .collect()
    }

    /// Every model in the comparison (built-in, then typed), with ΔAICc and Akaike weights
    /// among those fitted to the same values with the same weights.
    pub fn comparison(&self) -> Vec<Compared<'_>> {
        let mut rows: Vec<Compared> = self
            .fits
            .iter()
            .map(|(kind, r)| Compared { label: kind.label().to_string(), fit: r.as_ref().map_err(|e| e.to_string()), delta: None, weight: None })
            .collect();
        if let Some(typed) = &self.typed {
            rows.push(Compared { label: "Your model".into(), fit: typed.as_ref().map_err(|e| e.clone()), delta: None, weight: None });
        }
        let aicc: Vec<Option<f64>> = rows.iter().map(|r| r.fit.as_ref().ok().filter(|f| f.comparable()).and_then(|f| f.report.aicc)).collect();
        let best = aicc.iter().flatten().copied().fold(f64::INFINITY, f64::min);
        for ((row, a), w) in rows.iter_mut().zip(&aicc).zip(akaike_weights(&aicc)) {
            row.delta = a.map(|a| a - best);
            row.weight = w;
        }
        rows
    }

    /// The F tests of the nested pairs among the comparable fits.
    pub fn nested_tests(&self) -> Vec<Nested<'_>> {
        let found = |kind: ModelKind| self.fits.iter().find(|(k, _)| *k == kind).and_then(|(_, r)| r.as_ref().ok()).filter(|f| f.comparable());
        NESTED
            .iter()
            .filter_map(|&(simple, complex, constraint)| {
                let (simple, complex) = (found(simple)?, found(complex)?);
                Some(Nested { simple, complex, constraint, test: f_test(&simple.report, &complex.report) })
            })
            .collect()
    }
}

/// Start values from the data: the unquenched value from the points at the lowest [Q], K
/// from the slope of Y₀/y − 1 against [Q] through the origin.
pub fn starts(m: &Measurements) -> (f64, f64, f64) {
    let q_min = m.quencher_molar.iter().copied().fold(f64::INFINITY, f64::min);
    let y0 = match m.quantity.scale() {
        Scale::Inverse => 1.0,
        Scale::Absolute if m.unquenched.is_some() => m.unquenched.unwrap_or(1.0),
        Scale::Absolute => m.quencher_molar.iter().zip(&m.values).filter(|(q, _)| **q <= q_min).map(|(_, y)| *y).fold(f64::MIN, f64::max),
    };
    let inverse = |y: f64| match m.quantity.scale() {
        Scale::Inverse => y,
        Scale::Absolute => y0 / y,
    };
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (&x, &y) in m.quencher_molar.iter().zip(&m.values) {
        if y > 0.0 && x > 0.0 {
            sxy += x * (inverse(y) - 1.0);
            sxx += x * x;
        }
    }
    let q_max = m.quencher_molar.iter().copied().fold(0.0, f64::max);
    let k = Some(sxy / sxx).filter(|k| k.is_finite() && *k > 0.0).unwrap_or(if q_max > 0.0 { 1.0 / q_max } else { 1.0 });
    let deepest = m.values.iter().map(|&y| 1.0 / inverse(y)).fold(1.0, f64::min);
    let f = ((1.0 - deepest) * 1.2).clamp(0.05, 1.0);
    (y0, k, f)
}

/// Fits one model to the measurements. Never panics; failures say why.
pub fn fit_model(kind: ModelKind, m: &Measurements, context: &Context) -> Result<ModelFit, FitError> {
    let distinct = {
        let mut q = m.quencher_molar.clone();
        q.sort_unstable_by(f64::total_cmp);
        q.dedup();
        q.len()
    };
    // One [Q] still shows the quenching against a known unquenched value (typed and held, or
    // implied by I₀/I data), so a model with one constant is determined; without one, or with
    // [Q] = 0 only, nothing is.
    let unquenched_known = m.unquenched.is_some() || m.quantity.scale() == Scale::Inverse;
    let only_zero = m.quencher_molar.iter().all(|&q| q == 0.0);
    if distinct == 1 && m.quencher_molar.len() > 1 && (only_zero || !unquenched_known) {
        return Err(FitError::Singular {
            parameters: Vec::new(),
            names: "any constant".into(),
            reason: "every row has the same [Q], so nothing shows how the emission changes with the quencher. Measure at two or more concentrations.".into(),
        });
    }
    let (y0, k, f) = starts(m);
    let mut notes = Vec::new();
    if kind == ModelKind::StaticDynamic && m.quantity == Quantity::Lifetime {
        return Err(FitError::Singular {
            parameters: vec!["K_S".into()],
            names: "K_S".into(),
            reason: "lifetimes alone see only dynamic quenching (a static complex does not emit, so it does not change τ).".into(),
        });
    }
    if kind == ModelKind::StaticDynamic && m.quantity == Quantity::Intensity {
        if let Some(lifetimes) = &m.lifetimes_ns {
            return fit_joint(m, lifetimes, context);
        }
        notes.push("Without lifetimes, K_D and K_S enter symmetrically: the fit cannot tell which is which, and k_q is not computed. Add a lifetime column to separate them.".into());
    }
    let shape = Measured { kind, scale: m.quantity.scale(), unquenched: m.quantity.unquenched() };
    let own: Vec<f64> = match kind {
        ModelKind::SternVolmer | ModelKind::SternVolmerFreeIntercept | ModelKind::Poisson => vec![k],
        ModelKind::StaticDynamic => vec![0.6 * k, 0.3 * k],
        ModelKind::Langmuir => vec![f, k / f],
        ModelKind::Hill => vec![f, k / f, 1.0],
    };
    let start: Vec<f64> = context.warm_start(&shape).unwrap_or_else(|| match shape.scale {
        Scale::Absolute => std::iter::once(y0).chain(own).collect(),
        Scale::Inverse => own,
    });
    let data = m.data();
    let settings = bounded(settings(start, m, shape.scale), &shape, kind);
    let report = fit::fit(&shape, &data, &settings)?;
    let mut fitted = ModelFit { model: Some(kind), shape: Shape::Measured(shape), report, derived: Vec::new(), notes, warnings: Vec::new(), intervals: true, profiles: Vec::new() };
    check(&mut fitted, m);
    fitted.profiles = profiles(&shape, &data, &settings, &fitted, context, |name| name.starts_with('K'));
    if matches!(kind, ModelKind::SternVolmer) || (kind == ModelKind::StaticDynamic && m.quantity == Quantity::Lifetime) {
        let constant = if kind == ModelKind::SternVolmer && m.quantity != Quantity::Lifetime { "K_SV" } else { "K_D" };
        // Lifetimes measured beside intensities give τ₀, whatever was typed.
        let measured = m.lifetimes_ns.as_ref().filter(|_| m.quantity == Quantity::Intensity).and_then(|t| measured_tau0(&m.quencher_molar, t));
        let context = &Context { tau0: measured.unwrap_or(context.tau0), ..context.clone() };
        quenching_rate(&mut fitted, constant, m.quantity == Quantity::Lifetime, context);
    }
    if kind == ModelKind::Poisson {
        poisson_per_dot(&mut fitted, context);
    }
    Ok(fitted)
}

/// The physical range of each built-in model's own parameters: constants are not negative,
/// and the fraction quenched at saturation lies between 0 and 1. A fit that would leave the
/// range ends on its edge, says so, and counts that parameter as not fitted.
fn bounded(settings: FitSettings, model: &dyn Model, kind: ModelKind) -> FitSettings {
    let ranges: &[(&str, f64, f64)] = match kind {
        // K_D when fitted to lifetimes.
        ModelKind::SternVolmer | ModelKind::SternVolmerFreeIntercept => &[("K_SV", 0.0, f64::INFINITY), ("K_D", 0.0, f64::INFINITY)],
        ModelKind::StaticDynamic => &[("K_D", 0.0, f64::INFINITY), ("K_S", 0.0, f64::INFINITY)],
        ModelKind::Langmuir => &[("f", 0.0, 1.0), ("K_L", 0.0, f64::INFINITY)],
        ModelKind::Poisson => &[("K", 0.0, f64::INFINITY)],
        ModelKind::Hill => &[("f", 0.0, 1.0), ("K", 0.0, f64::INFINITY), ("n", 0.0, f64::INFINITY)],
    };
    ranges.iter().fold(settings, |s, &(name, lower, upper)| {
        let fallback = s.clone();
        s.with_bounds(model, name, lower, upper).unwrap_or(fallback)
    })
}

/// The 95 % profile-likelihood intervals of the parameters `wanted` picks, for a fit whose
/// intervals mean something.
fn profiles(model: &dyn Model, data: &Data, settings: &FitSettings, fit: &ModelFit, context: &Context, wanted: impl Fn(&str) -> bool) -> Vec<ProfileInterval> {
    if !context.profiles || !fit.intervals || fit.report.dof == 0 || !fit.report.converged {
        return Vec::new();
    }
    fit.report
        .parameters
        .iter()
        .filter(|e| e.is_free() && wanted(&e.name))
        .filter_map(|e| profile_interval(model, data, settings, &fit.report, &e.name).ok())
        .collect()
}

/// Fit settings from start values, with Y₀ (the first parameter on the absolute scale) held at
/// the value typed, if one was.
fn settings(start: Vec<f64>, m: &Measurements, scale: Scale) -> FitSettings {
    let mut settings = FitSettings::new(start);
    if let (Some(y0), Scale::Absolute) = (m.unquenched, scale) {
        settings.start[0] = y0;
        settings.fixed = vec![false; settings.start.len()];
        settings.fixed[0] = true;
    }
    settings
}

/// Fits a typed model on the measured scale, with the same weights as the built-in models.
pub fn fit_typed(request: &TypedRequest, m: &Measurements, context: &Context) -> Result<ModelFit, String> {
    let shape = Typed { expression: request.expression.clone(), scale: request.scale, measured: m.quantity.scale(), unquenched: m.quantity.unquenched() };
    let mut start = vec![1.0; shape.parameter_names().len()];
    if shape.measured == Scale::Absolute {
        start[0] = starts(m).0;
    }
    let mut settings = settings(start, m, shape.measured);
    for (name, value, fixed) in &request.starts {
        settings = if *fixed { settings.with_fixed(&shape, name, *value) } else { settings.with_start(&shape, name, *value) }.map_err(|e| e.to_string())?;
    }
    let data = m.data();
    let report = fit::fit(&shape, &data, &settings).map_err(|e| e.to_string())?;
    let mut fitted = ModelFit { model: None, shape: Shape::Typed(shape), report, derived: Vec::new(), notes: Vec::new(), warnings: Vec::new(), intervals: true, profiles: Vec::new() };
    check(&mut fitted, m);
    if let Shape::Typed(shape) = &fitted.shape {
        let unquenched = m.quantity.unquenched();
        fitted.profiles = profiles(shape, &data, &settings, &fitted, context, |name| name != unquenched);
    }
    Ok(fitted)
}

/// Static + dynamic fitted to intensities and lifetimes at once, sharing K_D. The two sets are
/// in different units, so each is weighted by its own scatter: first each is fitted alone
/// (the intensities with static + dynamic, the lifetimes with Stern–Volmer), and their residual
/// standard deviations (times the σ given, if any) become the σ of the joint fit.
fn fit_joint(m: &Measurements, lifetimes: &[f64], context: &Context) -> Result<ModelFit, FitError> {
    let (i0, k, _) = starts(m);
    let q = &m.quencher_molar;
    let tau0 = q.iter().zip(lifetimes).fold((f64::INFINITY, 0.0), |(qm, t), (&qi, &ti)| if qi < qm { (qi, ti) } else { (qm, t) }).1;
    let alone_i = Measured { kind: ModelKind::StaticDynamic, scale: Scale::Absolute, unquenched: "I₀" };
    let intensities = fit::fit(&alone_i, &m.data(), &bounded(FitSettings::new(vec![i0, 0.6 * k, 0.3 * k]), &alone_i, ModelKind::StaticDynamic))?;
    let alone_t = Measured { kind: ModelKind::SternVolmer, scale: Scale::Absolute, unquenched: "τ₀" };
    let lifetimes_fit = fit::fit(&alone_t, &Data::new(q, lifetimes), &bounded(FitSettings::new(vec![tau0, 0.5 * k]), &alone_t, ModelKind::SternVolmer))?;
    let scatter = |r: &FitReport| if r.residual_sd > 0.0 { r.residual_sd } else { 1.0 };
    let (s_i, s_t) = (scatter(&intensities), scatter(&lifetimes_fit));
    let n = q.len();
    let mut y = m.values.clone();
    y.extend_from_slice(lifetimes);
    let mut sigma: Vec<f64> = match &m.sigma {
        Some(s) => s.iter().map(|v| v * s_i).collect(),
        None => vec![s_i; n],
    };
    sigma.extend(std::iter::repeat_n(s_t, n));
    let joint = Joint { quencher: q.clone() };
    let x = joint.indices();
    let k_d = lifetimes_fit.parameters[1].value;
    let start = vec![intensities.parameters[0].value, lifetimes_fit.parameters[0].value, k_d, (k - k_d).max(0.1 * k)];
    let data = Data::with_sigma(&x, &y, &sigma);
    let settings = bounded(settings(start, m, Scale::Absolute), &joint, ModelKind::StaticDynamic);
    let report = fit::fit(&joint, &data, &settings)?;
    let notes = vec![format!(
        "Fitted to the intensities and the lifetimes at once, sharing K_D (τ₀/τ = 1 + K_D[Q]); each set weighted by its own scatter (intensities {}, lifetimes {} ns), so K_S carries K_D's uncertainty.",
        sig(s_i, 2),
        sig(s_t, 2)
    )];
    let mut fitted = ModelFit { model: Some(ModelKind::StaticDynamic), shape: Shape::Joint(joint), report, derived: Vec::new(), notes, warnings: Vec::new(), intervals: true, profiles: Vec::new() };
    check(&mut fitted, m);
    if let Shape::Joint(joint) = &fitted.shape {
        fitted.profiles = profiles(joint, &data, &settings, &fitted, context, |name| name.starts_with('K'));
    }
    quenching_rate(&mut fitted, "K_D", true, context);
    Ok(fitted)
}

/// The checks every fit gets: an exact fit, parameters the data cannot determine or separate,
/// negative constants, intensities above the fitted I₀.
fn check(fit: &mut ModelFit, m: &Measurements) {
    let report = &fit.report;
    let largest = m.values.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
    if report.dof == 0 || report.termination == Termination::ExactFit || report.residual_sd <= EXACT_RELATIVE_SCATTER * largest {
        fit.warnings.push(format!(
            "The curve passes through every point exactly ({} points, {} fitted parameters): with no scatter left there is nothing to estimate uncertainties from, so no ± or interval is shown. Measure more concentrations, or repeat them.",
            report.points, report.free_parameters
        ));
        fit.intervals = false;
    }
    for e in report.parameters.iter().filter(|e| e.at_bound.is_some()) {
        let what = match (e.name.as_str(), e.at_bound) {
            ("f", Some(Bound::Upper)) => "every emitter can be quenched (f = 1): the fit wanted more than all of the emission quenched, so the model overshoots these data".to_string(),
            ("f", _) => "no fraction of the emission is quenchable (f = 0)".to_string(),
            ("n", _) => "the Hill coefficient reached 0".to_string(),
            (name, Some(Bound::Lower)) => format!("{name} would be negative, which a binding or quenching constant cannot be, so it is held at 0: the data show none of what it describes"),
            (name, _) => format!("{name} reached its upper limit"),
        };
        fit.warnings.push(format!(
            "{} ended on its physical bound: {what}. It is held there and not counted as fitted, so it has no ± or interval; consider a simpler model.",
            e.name
        ));
    }
    let free: Vec<usize> = (0..report.parameters.len()).filter(|&j| report.parameters[j].is_free()).collect();
    for &j in &free {
        let e = &report.parameters[j];
        if e.std_error > UNDETERMINED_RELATIVE_ERROR * e.value.abs() {
            fit.warnings.push(format!(
                "The data do not determine {}: its standard error is {} times its value, so its ± means nothing. Measure at higher [Q], or choose a simpler model.",
                e.name,
                sig(e.std_error / e.value.abs().max(f64::MIN_POSITIVE), 2)
            ));
            fit.intervals = false;
        }
    }
    for (a, &i) in free.iter().enumerate() {
        for &j in &free[a + 1..] {
            let r = report.correlation.get(i).and_then(|row| row.get(j)).copied().unwrap_or(0.0);
            if r.abs() > INSEPARABLE_CORRELATION {
                fit.warnings.push(format!(
                    "The data cannot separate {} and {} (correlation {:.5}): many pairs of values fit equally well, so their ± mean nothing. Fix one at a known value, or measure where they act differently.",
                    report.parameters[i].name, report.parameters[j].name, r
                ));
                fit.intervals = false;
            }
        }
    }
    for e in &report.parameters {
        if e.value < 0.0 && e.name.starts_with('K') {
            fit.warnings.push(format!("{} = {} is negative: a binding or quenching constant cannot be, so this model does not describe these data.", e.name, sig(e.value, 3)));
        }
    }
    readings_checks(fit, m);
}

/// Each reading judged against the fit made without it (externally studentized residuals,
/// D. A. Belsley, E. Kuh & R. E. Welsch, Regression Diagnostics, Wiley 1980, ch. 2): a wrong
/// reading pulls the fit towards itself and inflates the scatter, so it is compared with the
/// scatter of the others, s₍ᵢ₎, and its own leverage hᵢ. Readings above the fitted I₀ by more
/// than 2 s₍ᵢ₎ are named, and readings whose studentized residual exceeds the Bonferroni 5 %
/// limit for n readings, t(1 − 0.025/n, dof − 1), are named as outliers.
fn readings_checks(fit: &mut ModelFit, m: &Measurements) {
    let model: &dyn Model = match &fit.shape {
        Shape::Measured(shape) => shape,
        Shape::Typed(shape) => shape,
        // The joint fit's lifetimes are weighted by their own scatter, not kept here.
        Shape::Joint(_) => return,
    };
    let report = &fit.report;
    if report.dof < 2 || report.rss <= 0.0 || report.rss.is_nan() {
        return;
    }
    let p = report.values();
    let free: Vec<usize> = (0..p.len()).filter(|&j| report.parameters[j].is_free()).collect();
    let s2 = report.rss / report.dof as f64;
    let mut g = vec![0.0; p.len()];
    // (row, weighted distance above I₀, studentized residual, s₍ᵢ₎) of each reading.
    let mut judged = Vec::with_capacity(m.values.len());
    for (i, (&q, &y)) in m.quencher_molar.iter().zip(&m.values).enumerate() {
        let w_sqrt = 1.0 / m.sigma.as_ref().and_then(|s| s.get(i)).copied().unwrap_or(1.0);
        model.value_and_gradient(q, &p, &mut g);
        let leverage: f64 = w_sqrt * w_sqrt * free.iter().map(|&a| g[a] * free.iter().map(|&b| report.covariance[a][b] * g[b]).sum::<f64>()).sum::<f64>() / s2;
        let e = w_sqrt * report.residuals.get(i).copied().unwrap_or(0.0);
        let rest = (report.rss - e * e / (1.0 - leverage)) / (report.dof - 1) as f64;
        if !(leverage < 1.0 && rest > 0.0) {
            continue;
        }
        let s_i = rest.sqrt();
        let above = fit.unquenched().map(|y0| w_sqrt * (y - y0) / s_i);
        judged.push((m.rows.get(i).copied().unwrap_or(i + 1), above, e / (s_i * (1.0 - leverage).sqrt())));
    }
    let list = |rows: Vec<usize>| rows.iter().map(usize::to_string).collect::<Vec<_>>();
    if m.quantity == Quantity::Intensity {
        let above = list(judged.iter().filter(|j| j.1.is_some_and(|a| a > 2.0)).map(|j| j.0).collect());
        if !above.is_empty() {
            fit.warnings.push(format!(
                "Row{} {}: I is above the fitted I₀ = {} by more than twice the scatter of the other readings. Quenching lowers the emission, so check those readings (an inner-filter or scattering artefact, a diluted blank).",
                if above.len() == 1 { "" } else { "s" },
                above.join(", "),
                sig(fit.unquenched().unwrap_or(f64::NAN), 4)
            ));
        }
    }
    let limit = fit::student_t_quantile(1.0 - 0.025 / judged.len().max(1) as f64, (report.dof - 1) as f64).unwrap_or(f64::INFINITY);
    let far = list(judged.iter().filter(|j| j.2.abs() > limit).map(|j| j.0).collect());
    if !far.is_empty() {
        let one = far.len() == 1;
        fit.warnings.push(format!(
            "Row{} {} {} off this curve beyond what the scatter of the other readings allows (studentized residual above {}, the 5 % limit for {} readings): check {}, and untick “use” in the table to leave {} out if {} wrong.",
            if one { "" } else { "s" },
            far.join(", "),
            if one { "lies" } else { "lie" },
            sig(limit, 3),
            judged.len(),
            if one { "it" } else { "them" },
            if one { "it" } else { "them" },
            if one { "it is" } else { "they are" },
        ));
    }
}

/// k_q = K/τ₀, with τ₀ from the lifetimes when they were fitted (its uncertainty then
/// propagated through the covariance), else the τ₀ typed or the default, said; its interval
/// compared with the diffusion limit.
fn quenching_rate(fit: &mut ModelFit, constant: &str, tau0_fitted: bool, context: &Context) {
    let report = &fit.report;
    let Some(kj) = report.parameters.iter().position(|e| e.name == constant) else { return };
    let k = &report.parameters[kj];
    let (tau0_ns, tau0_var, covar, said) = if tau0_fitted {
        let Some(tj) = report.parameters.iter().position(|e| e.name == "τ₀") else { return };
        let t = &report.parameters[tj];
        (t.value, t.std_error * t.std_error, report.covariance[kj][tj], format!("k_q uses the fitted τ₀ = {} ± {} ns.", sig(t.value, 4), sig(t.std_error, 2)))
    } else {
        match context.tau0 {
            TauZero::Typed(t) => (t, 0.0, 0.0, format!("k_q uses τ₀ = {} ns as typed; its uncertainty is not included.", sig_short(t, 4))),
            TauZero::Measured { ns, std_error } => (
                ns,
                std_error * std_error,
                0.0,
                format!("k_q uses τ₀ = {} ± {} ns from the lifetimes measured (fitted with τ₀/τ = 1 + K_D[Q]).", sig(ns, 4), sig(std_error, 2)),
            ),
            TauZero::Default => (
                DEFAULT_TAU0_NS,
                0.0,
                0.0,
                format!("k_q uses τ₀ = {DEFAULT_TAU0_NS} ns, the default (the TGA-CdTe dots of Han et al.): type your dots' τ₀, or measure lifetimes."),
            ),
            TauZero::Invalid => {
                fit.notes.push("k_q is not shown: τ₀ is not a usable number.".into());
                return;
            }
        }
    };
    if !(tau0_ns > 0.0 && tau0_ns.is_finite()) {
        return;
    }
    let tau0_s = tau0_ns * 1e-9;
    let kq = k.value / tau0_s;
    // Var(K/τ) = (K/τ)²·(Var K/K² + Var τ/τ² − 2 Cov/(K τ)).
    let relative = k.std_error.powi(2) / (k.value * k.value) + tau0_var / (tau0_ns * tau0_ns) - 2.0 * covar / (k.value * tau0_ns);
    let se = kq.abs() * relative.max(0.0).sqrt();
    let derived = Derived::with_interval("k_q", kq, se, "M⁻¹ s⁻¹", report.t_95);
    fit.notes.push(said);
    let limit = context.diffusion.per_m_per_s;
    let (lo, hi) = derived.ci95.filter(|_| fit.intervals).unwrap_or((kq, kq));
    let versus = if lo > limit {
        format!(
            "k_q = {} M⁻¹ s⁻¹ (95 % interval from {}) exceeds {} ({} M⁻¹ s⁻¹) by {} times: nothing diffuses that fast, so the quenching is not purely dynamic. It points to static quenching: the quencher binds to the dots (lifetimes, which static quenching leaves unchanged, would tell).",
            sig(kq, 3),
            sig(lo, 3),
            context.diffusion.describe(),
            sig(limit, 2),
            sig(lo / limit, 2)
        )
    } else if hi < limit {
        format!(
            "k_q = {} M⁻¹ s⁻¹ (95 % interval up to {}) is below {} ({} M⁻¹ s⁻¹): consistent with dynamic (collisional) quenching.",
            sig(kq, 3),
            sig(hi, 3),
            context.diffusion.describe(),
            sig(limit, 2)
        )
    } else {
        format!(
            "k_q = {} M⁻¹ s⁻¹ is within its uncertainty of {} ({} M⁻¹ s⁻¹): diffusion-limited quenching.",
            sig(kq, 3),
            context.diffusion.describe(),
            sig(limit, 2)
        )
    };
    fit.notes.push(versus);
    fit.derived.push(derived);
}

/// With [Q] given per dot, the Poisson K times the dot concentration is the mean number of
/// quenchers bound per dot for each quencher added per dot: the fraction that binds (and
/// quenches).
fn poisson_per_dot(fit: &mut ModelFit, context: &Context) {
    let (Some(dots), Some(k)) = (context.dots_molar, fit.report.get("K")) else { return };
    let value = k.value * dots;
    fit.derived.push(Derived::with_interval("K·[QD]", value, k.std_error * dots, "bound per added quencher", fit.report.t_95));
    fit.notes.push(format!(
        "With [Q] given per dot, K·[QD] = {} is the mean number of quenchers bound (and switching a dot off) per quencher added per dot: the fraction of added quenchers that bind.",
        sig(value, 3)
    ));
}

/// Fits the chosen models and lines. With Langmuir, the double-reciprocal line is drawn with
/// the Langmuir fit's I₀ and compared with it: a warning when its K falls outside the Langmuir
/// fit's 95 % interval.
pub fn analyse(m: &Measurements, models: &[ModelKind], typed: Option<Result<TypedRequest, String>>, context: &Context) -> Analysis {
    let fits: Vec<(ModelKind, Result<ModelFit, FitError>)> =
        models.iter().filter(|k| k.on_measured_scale()).map(|&k| (k, fit_model(k, m, context))).collect();
    let found = |kind: ModelKind| fits.iter().find(|(k, _)| *k == kind).and_then(|(_, r)| r.as_ref().ok());
    // The I₀ the lines are drawn with: the fit's own, else Stern–Volmer's, else the reading at
    // the lowest [Q].
    let unquenched = |kind: ModelKind| -> f64 {
        found(kind)
            .or_else(|| found(ModelKind::SternVolmer))
            .and_then(ModelFit::unquenched)
            .unwrap_or_else(|| starts(m).0)
    };
    let ratios = |y0: f64| -> Vec<f64> {
        m.values
            .iter()
            .map(|&y| match m.quantity.scale() {
                Scale::Inverse => 1.0 / y,
                Scale::Absolute => y / y0,
            })
            .collect()
    };
    let stern_volmer_line = models.contains(&ModelKind::SternVolmerFreeIntercept).then(|| {
        let inverse: Vec<f64> = ratios(unquenched(ModelKind::SternVolmer)).iter().map(|r| 1.0 / r).collect();
        lines::stern_volmer(&m.quencher_molar, &inverse)
    });
    let double_reciprocal =
        models.contains(&ModelKind::Langmuir).then(|| lines::double_reciprocal(&m.quencher_molar, &ratios(unquenched(ModelKind::Langmuir))));
    let mut warnings = Vec::new();
    if let (Some(Ok(line)), Some(langmuir)) = (&double_reciprocal, found(ModelKind::Langmuir)) {
        if let (Some(k), Some(line_k)) = (langmuir.report.get("K_L"), line.derived.get(1)) {
            let estimated = langmuir.intervals && k.is_free();
            let outside = estimated && (line_k.value < k.ci95.0 || line_k.value > k.ci95.1);
            let beyond_error = estimated && (line_k.value - k.value).abs() > k.std_error;
            let ratio = line_k.value / k.value;
            let far = !(0.5..=2.0).contains(&ratio);
            if outside || beyond_error || far {
                let against = if outside {
                    format!("outside the Langmuir fit's 95 % interval ({} – {} M⁻¹) for K_L = {} M⁻¹", sig(k.ci95.0, 3), sig(k.ci95.1, 3), sig(k.value, 3))
                } else if beyond_error {
                    format!("more than one standard error from the Langmuir fit's K_L = {} ± {} M⁻¹", sig(k.value, 3), sig(k.std_error, 2))
                } else {
                    format!("{} times the Langmuir fit's K_L = {} M⁻¹", sig(ratio, 2), sig(k.value, 3))
                };
                warnings.push(format!(
                    "The double-reciprocal line gives K = {} M⁻¹, {against}. The line weights the low-[Q] points heavily (1/[Q] stretches them) and treats distorted errors as equal: report the nonlinear fit.",
                    sig(line_k.value, 3)
                ));
            }
        }
        if line.derived[0].value < 0.0 {
            warnings.push(format!(
                "The double-reciprocal line's intercept is negative, so its f_a = {} is negative: no fraction of emitters can be. The line does not describe these data.",
                sig(line.derived[0].value, 3)
            ));
        }
    }
    let typed = typed.map(|request| request.and_then(|r| fit_typed(&r, m, context)));
    Analysis { fits, stern_volmer_line, double_reciprocal, warnings, typed, profiles: context.profiles }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: [f64; 8] = [0.0, 1e-6, 2e-6, 4e-6, 6e-6, 8e-6, 10e-6, 15e-6];

    fn intensities(kind: ModelKind, own: &[f64], i0: f64) -> Measurements {
        let mut grad = vec![0.0; own.len()];
        Measurements {
            values: Q.iter().map(|&q| i0 * models::fraction(kind, q, own, &mut grad)).collect(),
            quencher_molar: Q.to_vec(),
            sigma: None,
            weighting: Weighting::Equal,
            quantity: Quantity::Intensity,
            lifetimes_ns: None,
            rows: (1..=Q.len()).collect(),
            unquenched: None,
        }
    }

    #[test]
    fn exact_data_give_back_i0_and_the_constants() {
        for (kind, own) in [
            (ModelKind::SternVolmer, vec![1.0e5]),
            (ModelKind::Langmuir, vec![0.7, 2.5e5]),
            (ModelKind::Poisson, vec![8.0e4]),
            (ModelKind::Hill, vec![0.7, 2.5e5, 1.4]),
        ] {
            let fitted = fit_model(kind, &intensities(kind, &own, 1000.0), &Context::default()).unwrap();
            let p = fitted.report.values();
            assert!((p[0] - 1000.0).abs() < 1e-7, "{kind:?}: I₀ {}", p[0]);
            for (estimate, truth) in p[1..].iter().zip(&own) {
                assert!((estimate - truth).abs() <= 1e-7 * truth.abs(), "{kind:?}: {estimate} vs {truth}");
            }
        }
    }

    #[test]
    fn lifetimes_are_fitted_with_their_own_tau0_and_give_kq() {
        // τ = τ₀/(1 + K_D[Q]) with τ₀ = 25 ns, K_D = 4e4: k_q = 4e4 / 25e-9 = 1.6e12.
        let mut m = intensities(ModelKind::SternVolmer, &[4.0e4], 25.0);
        m.quantity = Quantity::Lifetime;
        let fitted = fit_model(ModelKind::SternVolmer, &m, &Context { tau0: TauZero::Typed(20.8), ..Context::default() }).unwrap();
        let tau0 = fitted.report.get("τ₀").unwrap().value;
        assert!((tau0 - 25.0).abs() < 1e-9, "{tau0}");
        let kq = fitted.derived.iter().find(|d| d.name == "k_q").unwrap();
        assert!((kq.value - 1.6e12).abs() < 1e-6 * 1.6e12, "{}", kq.value);
        assert!(fitted.notes.iter().any(|n| n.contains("fitted τ₀ = 25")), "{:?}", fitted.notes);
    }

    #[test]
    fn static_and_dynamic_share_kd_across_intensities_and_lifetimes() {
        let (k_d, k_s) = (4.0e4, 1.5e5);
        let mut m = intensities(ModelKind::StaticDynamic, &[k_d, k_s], 1000.0);
        m.lifetimes_ns = Some(Q.iter().map(|&q| 20.0 / (1.0 + k_d * q)).collect());
        // Make both sets scatter a little, so that their weights are defined.
        for (i, v) in m.values.iter_mut().enumerate() {
            *v *= 1.0 + 0.002 * [0.0, 1.0, -1.0, 0.5, -0.5, 0.8, -0.8, 0.3][i];
        }
        if let Some(t) = &mut m.lifetimes_ns {
            for (i, v) in t.iter_mut().enumerate() {
                *v *= 1.0 + 0.002 * [0.3, -0.6, 0.9, -0.2, 0.4, -0.9, 0.1, 0.7][i];
            }
        }
        let fitted = fit_model(ModelKind::StaticDynamic, &m, &Context::default()).unwrap();
        let kd = fitted.report.get("K_D").unwrap();
        let ks = fitted.report.get("K_S").unwrap();
        assert!(!kd.fixed && kd.std_error > 0.0, "K_D is estimated, not fixed: {kd:?}");
        assert!(kd.ci95.0 < k_d && k_d < kd.ci95.1, "{kd:?}");
        assert!(ks.ci95.0 < k_s && k_s < ks.ci95.1, "{ks:?}");
        assert!(fitted.derived.iter().any(|d| d.name == "k_q"));
    }

    #[test]
    fn stern_volmer_of_intensities_takes_tau0_from_measured_lifetimes() {
        let mut m = intensities(ModelKind::SternVolmer, &[1.0e5], 1000.0);
        m.values[4] *= 1.01;
        // τ₀ = 25 ns with a little scatter, so that it has a standard error.
        m.lifetimes_ns = Some(Q.iter().enumerate().map(|(i, &q)| 25.0 / (1.0 + 4e4 * q) * (1.0 + 0.002 * [0.3, -0.6, 0.9, -0.2, 0.4, -0.9, 0.1, 0.7][i])).collect());
        let typed = Context { tau0: TauZero::Typed(20.8), ..Context::default() };
        let fitted = fit_model(ModelKind::SternVolmer, &m, &typed).unwrap();
        let kq = fitted.derived.iter().find(|d| d.name == "k_q").unwrap();
        let k = fitted.report.get("K_SV").unwrap().value;
        let note = fitted.notes.iter().find(|n| n.starts_with("k_q uses τ₀ = 25")).unwrap_or_else(|| panic!("{:?}", fitted.notes));
        assert!(note.contains("from the lifetimes measured"), "{note}");
        assert!((kq.value * 25e-9 / k - 1.0).abs() < 1e-3, "k_q = K_SV/τ₀ with τ₀ ≈ 25 ns: {}", kq.value);
    }

    #[test]
    fn without_lifetimes_static_dynamic_gives_no_kq() {
        let fitted = fit_model(ModelKind::StaticDynamic, &intensities(ModelKind::StaticDynamic, &[4e4, 1.5e5], 1000.0), &Context::default()).unwrap();
        assert!(fitted.derived.iter().all(|d| d.name != "k_q"), "{:?}", fitted.derived);
        assert!(fitted.notes.iter().any(|n| n.contains("symmetrically")));
    }

    #[test]
    fn kq_is_compared_with_the_diffusion_limit_through_its_interval_and_says_its_tau0() {
        // K_SV = 1e5, τ₀ = 20.8 ns: k_q = 4.80769230769231e12 (refdata f_Stern_Volmer).
        let mut m = intensities(ModelKind::SternVolmer, &[1.0e5], 1000.0);
        m.values[3] *= 1.01;
        let fitted = fit_model(ModelKind::SternVolmer, &m, &Context::default()).unwrap();
        let kq = fitted.derived.iter().find(|d| d.name == "k_q").unwrap();
        assert!(kq.ci95.is_some());
        assert!(fitted.notes.iter().any(|n| n.contains("the default")), "{:?}", fitted.notes);
        assert!(fitted.notes.iter().any(|n| n.contains("exceeds") && n.contains("static")), "{:?}", fitted.notes);
        let typed = Context { tau0: TauZero::Invalid, ..Context::default() };
        let hidden = fit_model(ModelKind::SternVolmer, &m, &typed).unwrap();
        assert!(hidden.derived.iter().all(|d| d.name != "k_q"));
        assert!(!hidden.report.parameters.is_empty(), "an invalid τ₀ hides only k_q");
    }

    #[test]
    fn equal_concentrations_and_exact_fits_say_so() {
        let mut m = intensities(ModelKind::SternVolmer, &[1e5], 1000.0);
        m.quencher_molar = vec![2e-6; 8];
        let message = fit_model(ModelKind::Langmuir, &m, &Context::default()).unwrap_err().to_string();
        assert!(message.contains("same [Q]"), "{message}");
        // With I₀ held at a typed value, one [Q] determines one constant: K_SV = (I₀/I − 1)/[Q]
        // from the mean I, which is what least squares on one [Q] fits. Langmuir's two are not.
        let values = vec![900.0, 800.0, 700.0, 650.0];
        let held = Measurements { quencher_molar: vec![5e-6; 4], rows: (1..=4).collect(), unquenched: Some(1000.0), values, ..m.clone() };
        let sv = fit_model(ModelKind::SternVolmer, &held, &Context::default()).unwrap();
        let k_sv = sv.report.get("K_SV").unwrap().value;
        assert!((k_sv - (1000.0 / 762.5 - 1.0) / 5e-6).abs() < 1e-6 * k_sv, "K_SV = {k_sv}");
        let message = fit_model(ModelKind::Langmuir, &held, &Context::default()).map(|f| format!("{:?}", f.report.parameters)).unwrap_or_else(|e| e.to_string());
        assert!(message.contains("cannot determine"), "{message}");
        let mut few = intensities(ModelKind::SternVolmer, &[1e5], 1000.0);
        few.quencher_molar.truncate(2);
        few.values.truncate(2);
        few.rows.truncate(2);
        let message = fit_model(ModelKind::SternVolmer, &few, &Context::default()).unwrap_err().to_string();
        assert!(message.contains("only 2 points for 2 free parameters"), "{message}");
        // Points exactly on the curve leave no scatter: no ± of rounding noise.
        let exact = fit_model(ModelKind::SternVolmer, &intensities(ModelKind::SternVolmer, &[1e5], 1000.0), &Context::default()).unwrap();
        assert!(!exact.intervals && exact.warnings[0].contains("passes through every point exactly"), "{:?}", exact.warnings);
        assert!(exact.profiles.is_empty());
    }

    #[test]
    fn a_typed_model_infinite_at_a_data_point_is_refused() {
        // I₀/I = 1/x is infinite at [Q] = 0: refused as K/x is, though only I₀ is fitted and
        // I = I₀/(1/x) would come out finite (0) there.
        let m = intensities(ModelKind::SternVolmer, &[1e5], 1000.0);
        for text in ["1/x", "K/x"] {
            let request = TypedRequest { expression: fit::parse(text).unwrap(), scale: TypedScale::Inverse, starts: Vec::new() };
            let message = fit_typed(&request, &m, &Context::default()).map(|f| format!("{:?}", f.report.parameters)).unwrap_or_else(|e| e);
            assert!(message.contains("not a finite number at x = 0"), "{text}: {message}");
        }
    }

    #[test]
    fn readings_above_i0_are_named() {
        let mut m = intensities(ModelKind::SternVolmer, &[1e5], 1000.0);
        for (i, v) in m.values.iter_mut().enumerate() {
            *v *= 1.0 + 0.003 * [0.0, 1.0, -1.0, 0.5, -0.5, 0.8, -0.8, 0.3][i];
        }
        m.values[2] = 1300.0;
        let fitted = fit_model(ModelKind::SternVolmer, &m, &Context::default()).unwrap();
        assert!(fitted.warnings.iter().any(|w| w.starts_with("Row 3:") && w.contains("above the fitted I₀")), "{:?}", fitted.warnings);
        assert!(fitted.warnings.iter().any(|w| w.starts_with("Row 3 lies off this curve beyond what the scatter")), "{:?}", fitted.warnings);
    }
}
