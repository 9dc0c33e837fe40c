//! Time courses of evolved gas: the amount n of a product (H₂, O₂, CO…) against the
//! irradiation time t, and what a photocatalysis paper reads off them.
//!
//! - The **initial rate** ([`initial_rate`]): the slope r of a straight line n = n₀ + r·t, or
//!   n = r·t through the origin, fitted by least squares to the readings in a window the user
//!   chooses, with its standard error and 95 % interval.
//! - **Turnover** ([`turnover_series`]): TON = n/n_cat, and the turnover frequency as IUPAC
//!   defines it, "molecules reacting per active site in unit time" (Compendium of Chemical
//!   Terminology, the Gold Book, "turnover frequency"). As S. Kozuch & J. M. L. Martin,
//!   "“Turning Over” Definitions in Catalytic Cycles", ACS Catal. 2, 2787–2794 (2012) insist,
//!   a TOF means something only with the time over which it was taken: the series gives both the
//!   average since the light was switched on (TON/t) and the TOF between successive readings
//!   (ΔTON/Δt), which falls as the catalyst deactivates or the sacrificial donor runs out.
//! - The **end point** ([`fit_saturation`]): n(t) = n∞·(1 − e^(−k·t)) is the integral of a rate
//!   that decays first order, r(t) = r₀·e^(−k·t), whether because the catalyst deactivates with
//!   first-order kinetics (O. Levenspiel, Chemical Reaction Engineering, 3rd ed., Wiley 1999,
//!   ch. 21, deactivating catalysts) or because the product comes from a limiting reagent (the
//!   donor) used up in a pseudo-first-order reaction. n∞ = r₀/k is the amount at the end,
//!   n∞/n_cat the catalyst's total turnover (TON∞), t½ = ln 2/k the time to half of it. When the
//!   readings stop well before the plateau, n∞ is an extrapolation: its profile-likelihood
//!   interval (D. M. Bates & D. G. Watts, Nonlinear Regression Analysis and Its Applications,
//!   Wiley 1988, ch. 6) is then far from symmetric, or has no upper end, and
//!   [`Saturation::doubts`] says so.
//! - **Typed models** of t ([`fit_typed_course`]), e.g. `n_inf*(1-exp(-(k*t)^beta))`.
//!
//! The saturating fit is first done in the form n = r₀·(1 − e^(−k·t))/k: for k > 0 the same
//! curve (n∞ = r₀/k), but defined for every k, the straight line r₀·t at k = 0 and a curve
//! bending upwards for k < 0. Readings that do not level off then give k ≤ 0, a clear answer
//! ([`KineticsError::NotSaturating`]), instead of sending n∞ off towards infinity. From that
//! minimum the fit is finished in (n∞, k), with n∞ ≥ 0 and k ≥ 0, which gives the estimates,
//! their standard errors and the profile interval of n∞. Every fit is the project's engine,
//! [`crate::science::fit`].
//!
//! Units: times in hours (`_h`); amounts in whatever unit the caller uses (µmol, mmol, mL of
//! gas), and every amount that comes out is in that unit, every rate in that unit per hour.

use std::f64::consts::LN_2;
use std::fmt;

use thiserror::Error;

use crate::science::fit::{
    self, parse, profile_interval, Data, Design, Estimate, ExprError, Expression, FitError,
    FitReport, FitSettings, Model, ProfileInterval,
};
use crate::science::format::Short;
use crate::science::numeric::least_squares_slope;

/// Below this fraction of n∞ at the last reading, less than one half-life of the reaction has
/// been watched and n∞ is mostly extrapolation: [`EndPointDoubt::FarFromPlateau`].
pub const PLATEAU_FRACTION_MIN: f64 = 0.5;

/// Why a time course could not be used. Every message says what to change.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum KineticsError {
    /// The two columns differ in length.
    #[error("There are {times} times but {amounts} amounts: every row needs both.")]
    LengthMismatch {
        /// Number of times.
        times: usize,
        /// Number of amounts.
        amounts: usize,
    },
    /// Too few rows for what was asked.
    #[error("The time course has {points} reading{}: {purpose} needs at least {needed}.", if *points == 1 { "" } else { "s" })]
    TooFewPoints {
        /// Readings in the course.
        points: usize,
        /// Readings needed.
        needed: usize,
        /// What needs them.
        purpose: &'static str,
    },
    /// A cell that is not a finite number (`row` counts from 1).
    #[error("Row {row}: the {column} {value} is not a finite number: correct or remove the row.")]
    NotFinite {
        /// The row, counting from 1.
        row: usize,
        /// "time" or "amount".
        column: &'static str,
        /// The value found.
        value: f64,
    },
    /// A time before the start of irradiation.
    #[error("Row {row}: the time {} h is negative: times count from the start of irradiation (0 h).", Short(*time_h, 6))]
    NegativeTime {
        /// The row, counting from 1.
        row: usize,
        /// Its time, h.
        time_h: f64,
    },
    /// A time not after the one in the row above.
    #[error("Row {row}: the time {} h is not after the {} h of row {}: times must increase down the table. Sort the rows, or remove a repeated time.", Short(*time_h, 6), Short(*previous_h, 6), row - 1)]
    TimeNotIncreasing {
        /// The row, counting from 1.
        row: usize,
        /// Its time, h.
        time_h: f64,
        /// The time of the row above, h.
        previous_h: f64,
    },
    /// The window of the initial rate is not a range.
    #[error("The window {} to {} h is not a range: give the start and the end of the initial period as numbers, the start not after the end.", Short(*from_h, 6), Short(*to_h, 6))]
    BadWindow {
        /// Start of the window, h.
        from_h: f64,
        /// End of the window, h.
        to_h: f64,
    },
    /// Fewer than 2 readings in the window.
    #[error("The window {} to {} h holds {}: a rate needs at least 2. Widen the window to take in more readings.", Short(*from_h, 6), Short(*to_h, 6), if *points == 1 { "only 1 reading".to_string() } else { format!("{points} readings") })]
    WindowTooFewPoints {
        /// Start of the window, h.
        from_h: f64,
        /// End of the window, h.
        to_h: f64,
        /// Readings in the window.
        points: usize,
    },
    /// A line through the origin with no reading after t = 0.
    #[error("The window {} to {} h holds no reading after 0 h: a line through the origin needs at least one. Widen the window.", Short(*from_h, 6), Short(*to_h, 6))]
    WindowNoTime {
        /// Start of the window, h.
        from_h: f64,
        /// End of the window, h.
        to_h: f64,
    },
    /// The amount of catalyst cannot count turnovers.
    #[error("The amount of catalyst is {value}: it must be a positive number, in the same unit as the amounts of gas, to count turnovers.")]
    BadCatalyst {
        /// The amount of catalyst given.
        value: f64,
    },
    /// The amounts do not rise, so there is nothing to saturate.
    #[error("The amounts do not rise over the time course (the largest is {}), so there is no gas evolution to fit an end point to. Check the sign and the units of the readings.", Short(*largest, 4))]
    NoEvolution {
        /// The largest amount.
        largest: f64,
    },
    /// The amounts do not level off: no end point can be estimated.
    #[error("The amounts do not level off over the {} h measured as a first-order approach to a plateau would: fitted as n = r₀·(1 − e^(−k·t))/k, they give k = {} h⁻¹, a rate that does not fall, so this model has no end point to give. Report the initial rate and irradiate longer to see the plateau; after an induction period, try a typed model with a lag.", Short(*last_time_h, 4), Short(*k_per_h, 3))]
    NotSaturating {
        /// The time of the last reading, h.
        last_time_h: f64,
        /// The fitted k, h⁻¹.
        k_per_h: f64,
    },
    /// A typed model that could not be read; the position is in the formula as typed.
    #[error("{0}")]
    Expression(#[from] ExprError),
    /// A typed model with nothing to fit.
    #[error("The model has no parameters to fit: every name other than t, pi and e is a parameter, for example r*t or n_inf*(1-exp(-k*t)).")]
    NoParameters,
    /// A parameter to be held fixed without a value.
    #[error("{name} is to be held fixed, but no value was given for it: give its value among the start values.")]
    FixedWithoutValue {
        /// The parameter.
        name: String,
    },
    /// The model cannot be evaluated at a reading.
    #[error("The model's {quantity} is not a finite number at t = {} h with {at}: choose start values (or a model) for which it is defined at every time; for example, avoid division by zero at t = 0, ln or sqrt of a negative number, and exp of a huge argument.", Short(*t_h, 6))]
    ModelNotFinite {
        /// The time of the reading, h.
        t_h: f64,
        /// "value" or "derivative".
        quantity: &'static str,
        /// The parameter values there.
        at: String,
    },
    /// The fit itself failed; the engine's message says why.
    #[error("{0}")]
    Fit(FitError),
}

impl From<FitError> for KineticsError {
    /// The engine names its variable x; in a time course it is t.
    fn from(e: FitError) -> Self {
        match e {
            FitError::NonFiniteModel { x, quantity, at } => KineticsError::ModelNotFinite { t_h: x, quantity, at },
            e => KineticsError::Fit(e),
        }
    }
}

/// A time course as typed: irradiation times and the amount of gas at each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeCourse<'a> {
    /// Time since the light was switched on, h; strictly increasing, ≥ 0.
    pub time_h: &'a [f64],
    /// Amount evolved by then, in the caller's unit (µmol, mmol, mL…); may be negative (a
    /// reading below the blank), which [`TimeCourse::warnings`] points out.
    pub amount: &'a [f64],
}

impl TimeCourse<'_> {
    /// Checks that the course can be used: as many amounts as times, at least 2 rows, finite
    /// numbers, times ≥ 0 and strictly increasing. The first problem found, by row, is reported
    /// with its row number (from 1).
    pub fn check(&self) -> Result<(), KineticsError> {
        let (times, amounts) = (self.time_h.len(), self.amount.len());
        if times != amounts {
            return Err(KineticsError::LengthMismatch { times, amounts });
        }
        if times < 2 {
            return Err(KineticsError::TooFewPoints { points: times, needed: 2, purpose: "a time course" });
        }
        for (i, (&time_h, &amount)) in self.time_h.iter().zip(self.amount).enumerate() {
            let row = i + 1;
            if !time_h.is_finite() {
                return Err(KineticsError::NotFinite { row, column: "time", value: time_h });
            }
            if !amount.is_finite() {
                return Err(KineticsError::NotFinite { row, column: "amount", value: amount });
            }
            if time_h < 0.0 {
                return Err(KineticsError::NegativeTime { row, time_h });
            }
            if let Some(&previous_h) = i.checked_sub(1).and_then(|p| self.time_h.get(p)) {
                if time_h <= previous_h {
                    return Err(KineticsError::TimeNotIncreasing { row, time_h, previous_h });
                }
            }
        }
        Ok(())
    }

    /// Sentences about readings that are allowed but worth a second look: negative amounts.
    pub fn warnings(&self) -> Vec<String> {
        let rows: Vec<String> = self
            .amount
            .iter()
            .enumerate()
            .filter(|(_, a)| **a < 0.0)
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        match rows.len() {
            0 => Vec::new(),
            1 => vec![format!("Row {} has a negative amount, a reading below the blank; it is used as measured.", rows[0])],
            n => vec![format!(
                "Rows {} and {} have negative amounts, readings below the blank; they are used as measured.",
                rows[..n - 1].join(", "),
                rows[n - 1]
            )],
        }
    }

    fn last(&self) -> (f64, f64) {
        let i = self.time_h.len().saturating_sub(1);
        (self.time_h.get(i).copied().unwrap_or(0.0), self.amount.get(i).copied().unwrap_or(0.0))
    }
}

/// A rate from a straight line through the readings of a window ([`initial_rate`]).
///
/// When the readings determine the line exactly (2 readings with an intercept, or 1 reading
/// through the origin), the rate has no uncertainty: `std_error`, `ci95` and `r_squared` are
/// `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct RateFit {
    /// The slope dn/dt, amount per hour.
    pub rate_per_h: f64,
    /// Standard error of the rate; `None` when the line is determined exactly.
    pub std_error: Option<f64>,
    /// 95 % confidence interval of the rate, rate ± t(0.975, dof)·SE; `None` with `std_error`.
    pub ci95: Option<(f64, f64)>,
    /// The line's amount at t = 0 (0 through the origin).
    pub intercept: f64,
    /// Standard error of the intercept; `None` through the origin or when exact.
    pub intercept_std_error: Option<f64>,
    /// Readings used.
    pub points: usize,
    /// First and last row used (counting from 1, inclusive): the window's readings are
    /// consecutive rows, because the times increase.
    pub rows: (usize, usize),
    /// Whether the line was forced through the origin.
    pub through_origin: bool,
    /// R² about the mean with an intercept; through the origin the uncentered R² (about 0, as
    /// NIST certifies for NoInt1 and spreadsheets report with the constant forced to 0).
    /// `None` when the line is exact or the amounts do not vary.
    pub r_squared: Option<f64>,
}

/// The rate of gas evolution from the readings with `window_h.0 ≤ t ≤ window_h.1` (h,
/// inclusive), by linear least squares, with an intercept or `through_origin`.
///
/// With an intercept the window needs 2 readings (exactly 2 give the rate without
/// uncertainty); through the origin it needs a reading after t = 0 (the origin is the second
/// point; one reading alone gives n/t without uncertainty, readings at t = 0 count in the
/// residuals).
pub fn initial_rate(course: &TimeCourse, window_h: (f64, f64), through_origin: bool) -> Result<RateFit, KineticsError> {
    course.check()?;
    let (from_h, to_h) = window_h;
    if !(from_h.is_finite() && to_h.is_finite() && from_h <= to_h) {
        return Err(KineticsError::BadWindow { from_h, to_h });
    }
    let inside = |t: &f64| (from_h..=to_h).contains(t);
    let first = course.time_h.iter().position(inside);
    let last = course.time_h.iter().rposition(inside);
    let (Some(first), Some(last)) = (first, last) else {
        return Err(KineticsError::WindowTooFewPoints { from_h, to_h, points: 0 });
    };
    let (t, n) = (&course.time_h[first..=last], &course.amount[first..=last]);
    let points = t.len();
    let rows = (first + 1, last + 1);
    let exact = |rate_per_h: f64, intercept: f64| -> Result<RateFit, KineticsError> {
        if !(rate_per_h.is_finite() && intercept.is_finite()) {
            return Err(FitError::OutOfRange { what: "the slope overflows".into() }.into());
        }
        Ok(RateFit { rate_per_h, std_error: None, ci95: None, intercept, intercept_std_error: None, points, rows, through_origin, r_squared: None })
    };
    let design = if through_origin {
        if !t.iter().any(|&v| v > 0.0) {
            return Err(KineticsError::WindowNoTime { from_h, to_h });
        }
        if points == 1 {
            return exact(n[0] / t[0], 0.0);
        }
        Design::proportional()
    } else {
        if points < 2 {
            return Err(KineticsError::WindowTooFewPoints { from_h, to_h, points });
        }
        if points == 2 {
            let rate = (n[1] - n[0]) / (t[1] - t[0]);
            return exact(rate, n[0] - rate * t[0]);
        }
        Design::straight_line()
    };
    let report = fit::fit_linear(&design, &Data::new(t, n))?;
    let slope = report.get("slope").ok_or_else(|| FitError::BadDesign("the line has no slope".into()))?;
    let intercept = report.get("intercept");
    Ok(RateFit {
        rate_per_h: slope.value,
        std_error: Some(slope.std_error),
        ci95: Some(slope.ci95),
        intercept: intercept.map_or(0.0, |e| e.value),
        intercept_std_error: intercept.map(|e| e.std_error),
        points,
        rows,
        through_origin,
        r_squared: report.r_squared,
    })
}

/// Turnover at one reading ([`turnover_series`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TurnoverPoint {
    /// The reading's time, h.
    pub time_h: f64,
    /// TON = amount/n_cat (dimensionless).
    pub ton: f64,
    /// TON/t, the average turnover frequency since t = 0, h⁻¹; `None` at t = 0.
    pub tof_average_per_h: Option<f64>,
    /// ΔTON/Δt since the previous reading, h⁻¹; `None` for the first reading.
    pub tof_interval_per_h: Option<f64>,
}

/// TON and TOF at every reading, for `n_catalyst` (the amount of catalyst, or of active sites,
/// in the same unit as the amounts). Per second is per hour / 3600.
///
/// The average TOF counts from t = 0, so a reading at t = 0 that is not zero (gas before the
/// light) inflates it; the interval TOF is immune to that.
pub fn turnover_series(course: &TimeCourse, n_catalyst: f64) -> Result<Vec<TurnoverPoint>, KineticsError> {
    course.check()?;
    if !(n_catalyst > 0.0 && n_catalyst.is_finite()) {
        return Err(KineticsError::BadCatalyst { value: n_catalyst });
    }
    let mut previous: Option<(f64, f64)> = None;
    let finite = |v: f64| Some(v).filter(|v| v.is_finite());
    Ok(course
        .time_h
        .iter()
        .zip(course.amount)
        .map(|(&time_h, &amount)| {
            let ton = amount / n_catalyst;
            let point = TurnoverPoint {
                time_h,
                ton,
                tof_average_per_h: (time_h > 0.0).then(|| ton / time_h).and_then(finite),
                tof_interval_per_h: previous.and_then(|(t0, ton0)| finite((ton - ton0) / (time_h - t0))),
            };
            previous = Some((time_h, ton));
            point
        })
        .collect())
}

/// The saturating model n(t) = n∞·(1 − e^(−k·t)), parameters `n_inf` (amount) and `k` (h⁻¹),
/// with its exact gradient: ∂n/∂n∞ = 1 − e^(−k·t), ∂n/∂k = n∞·t·e^(−k·t).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SaturatingModel;

impl Model for SaturatingModel {
    fn parameter_names(&self) -> Vec<String> {
        vec!["n_inf".into(), "k".into()]
    }

    fn value(&self, t_h: f64, p: &[f64]) -> f64 {
        // 1 − e^(−kt) by expm1, exact to rounding also where kt is small (the first readings).
        p[0] * -(-p[1] * t_h).exp_m1()
    }

    fn value_and_gradient(&self, t_h: f64, p: &[f64], grad: &mut [f64]) -> f64 {
        let (n_inf, k) = (p[0], p[1]);
        let reached = -(-k * t_h).exp_m1();
        grad[0] = reached;
        grad[1] = n_inf * t_h * (-k * t_h).exp();
        n_inf * reached
    }
}

/// The same curve as [`SaturatingModel`] written through the initial rate, n = r₀·t·φ(k·t) with
/// φ(z) = (1 − e^(−z))/z, φ(0) = 1: defined for every k (see the module documentation).
struct RateForm;

/// φ(z) = (1 − e^(−z))/z.
fn phi(z: f64) -> f64 {
    if z == 0.0 {
        1.0
    } else {
        -(-z).exp_m1() / z
    }
}

/// φ'(z) = (e^(−z)·(1 + z) − 1)/z². Below |z| = 0.5 the difference loses digits, so there it is
/// the series Σₙ₌₁ (−1)ⁿ·n·zⁿ⁻¹/(n + 1)!, 20 terms (the last below 10⁻²⁴).
fn phi_prime(z: f64) -> f64 {
    if z.abs() >= 0.5 {
        return ((-z).exp() * (1.0 + z) - 1.0) / (z * z);
    }
    // s = (−1)ⁿ·zⁿ⁻¹/(n + 1)!, from s₁ = −1/2.
    let mut s = -0.5;
    let mut sum = 0.0;
    for n in 1..=20 {
        sum += n as f64 * s;
        s *= -z / (n + 2) as f64;
    }
    sum
}

impl Model for RateForm {
    fn parameter_names(&self) -> Vec<String> {
        vec!["r0".into(), "k".into()]
    }

    fn value(&self, t_h: f64, p: &[f64]) -> f64 {
        p[0] * t_h * phi(p[1] * t_h)
    }

    fn value_and_gradient(&self, t_h: f64, p: &[f64], grad: &mut [f64]) -> f64 {
        let (r0, k) = (p[0], p[1]);
        let z = k * t_h;
        grad[0] = t_h * phi(z);
        grad[1] = r0 * t_h * t_h * phi_prime(z);
        r0 * grad[0]
    }
}

/// Why the end point n∞ of a [`Saturation`] fit should not be taken at face value.
#[derive(Debug, Clone, PartialEq)]
pub enum EndPointDoubt {
    /// The last reading reached less than [`PLATEAU_FRACTION_MIN`] of n∞.
    FarFromPlateau {
        /// Amount at the last reading over n∞.
        fraction_reached: f64,
        /// The time of the last reading, h.
        last_time_h: f64,
    },
    /// The profile interval of n∞ has no upper end (the reason from the profile).
    OpenAbove {
        /// Why, as a sentence.
        reason: String,
    },
    /// The profile interval of n∞ has no lower end.
    OpenBelow {
        /// Why, as a sentence.
        reason: String,
    },
    /// The profile interval of n∞ could not be computed.
    NoProfile {
        /// Why, as a sentence.
        reason: String,
    },
}

impl fmt::Display for EndPointDoubt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EndPointDoubt::FarFromPlateau { fraction_reached, last_time_h } => write!(
                f,
                "The last reading, at {} h, has reached only {} % of the fitted end point: n∞ is an extrapolation beyond the data, as good as the assumption of first-order decay. Irradiate longer to see the plateau.",
                Short(*last_time_h, 4),
                Short(100.0 * fraction_reached, 2)
            ),
            EndPointDoubt::OpenAbove { reason } => write!(f, "The 95 % interval of n∞ has no upper end: the readings do not yet show where the evolution stops. {reason}"),
            EndPointDoubt::OpenBelow { reason } => write!(f, "The 95 % interval of n∞ has no lower end. {reason}"),
            EndPointDoubt::NoProfile { reason } => write!(f, "The profile interval of n∞ could not be computed: {reason}"),
        }
    }
}

/// The saturating fit n(t) = n∞·(1 − e^(−k·t)) of a time course ([`fit_saturation`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Saturation {
    /// n∞, the amount at the end of the reaction (caller's unit), with its standard error and
    /// Wald 95 % interval (prefer [`Saturation::n_inf_profile`] for the interval).
    pub n_inf: Estimate,
    /// k, h⁻¹, with its standard error and 95 % interval.
    pub k_per_h: Estimate,
    /// The profile-likelihood 95 % interval of n∞: asymmetric where the readings stop before
    /// the plateau, an end `None` where the readings do not bound it. `None` when it could not
    /// be computed (see `doubts`).
    pub n_inf_profile: Option<ProfileInterval>,
    /// t½ = ln 2/k, h: the time to reach half of n∞.
    pub half_life_h: f64,
    /// The 95 % interval of t½ from that of k, (ln 2/k_high, ln 2/k_low); `None` when the
    /// interval of k reaches 0 (t½ unbounded above).
    pub half_life_ci95_h: Option<(f64, f64)>,
    /// The amount at the last reading over n∞: how much of the reaction the readings cover.
    pub fraction_reached: f64,
    /// The time of the last reading, h: where the data stop (mark it on the plot).
    pub last_time_h: f64,
    /// The fit itself (parameters `n_inf` and `k`, goodness of fit, residuals).
    pub report: FitReport,
    /// Why the end point is poorly determined; empty when it is determined.
    pub doubts: Vec<EndPointDoubt>,
}

impl Saturation {
    /// The fitted curve at `t_h`.
    pub fn curve(&self, t_h: f64) -> f64 {
        SaturatingModel.value(t_h, &self.report.values())
    }

    /// The fitted curve and its 95 % confidence half-width at each time, for plotting the
    /// band (see [`fit::confidence_band`]); `None` where it is not finite.
    pub fn confidence_band(&self, t_h: &[f64]) -> Vec<Option<(f64, f64)>> {
        fit::confidence_band(&SaturatingModel, &self.report, t_h)
    }

    /// Whether nothing casts doubt on n∞.
    pub fn end_point_determined(&self) -> bool {
        self.doubts.is_empty()
    }
}

/// Fits n(t) = n∞·(1 − e^(−k·t)) to the time course (unweighted), with n∞ ≥ 0 and k ≥ 0, and
/// says how well the readings fix the end point.
///
/// Start values: the initial slope r₀ (least squares over the first 3 readings) and k = r₀/n_max
/// with n_max the largest amount. Needs 3 readings. Errors: amounts that do not rise
/// ([`KineticsError::NoEvolution`]), amounts that do not level off (k ≤ 0,
/// [`KineticsError::NotSaturating`]), and the engine's own.
pub fn fit_saturation(course: &TimeCourse) -> Result<Saturation, KineticsError> {
    course.check()?;
    let (t, n) = (course.time_h, course.amount);
    if t.len() < 3 {
        return Err(KineticsError::TooFewPoints { points: t.len(), needed: 3, purpose: "the saturating fit (two parameters and their uncertainties)" });
    }
    let largest = n.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if largest <= 0.0 {
        return Err(KineticsError::NoEvolution { largest });
    }
    let (last_time_h, last_amount) = course.last();
    let head = t.len().min(3);
    let slope = least_squares_slope(&t[..head], &n[..head]).filter(|s| *s > 0.0 && s.is_finite()).unwrap_or(largest / last_time_h);
    let data = Data::new(t, n);
    let not_saturating = |k_per_h: f64| KineticsError::NotSaturating { last_time_h, k_per_h };

    // Find the minimum where every k is allowed, then finish in (n∞, k).
    let start = match fit::fit(&RateForm, &data, &FitSettings::new(vec![slope, slope / largest])) {
        Ok(located) if located.converged => {
            let (r0, k) = (located.parameters[0].value, located.parameters[1].value);
            if r0 <= 0.0 {
                return Err(KineticsError::NoEvolution { largest });
            }
            let n_inf = r0 / k;
            if !(k > 0.0 && n_inf.is_finite()) {
                return Err(not_saturating(k));
            }
            vec![n_inf, k]
        }
        // Not found this way (e.g. a jump to the plateau so fast that r₀ is not determined):
        // start the saturating form itself from the plain values.
        _ => vec![largest, slope / largest],
    };
    let settings = FitSettings::new(start)
        .with_bounds(&SaturatingModel, "n_inf", 0.0, f64::INFINITY)?
        .with_bounds(&SaturatingModel, "k", 0.0, f64::INFINITY)?;
    let report = fit::fit(&SaturatingModel, &data, &settings)?;
    if !report.converged {
        return Err(FitError::DidNotConverge { iterations: report.iterations, reason: report.message }.into());
    }
    let (n_inf, k_per_h) = (report.parameters[0].clone(), report.parameters[1].clone());
    if k_per_h.at_bound.is_some() {
        return Err(not_saturating(k_per_h.value));
    }
    if n_inf.at_bound.is_some() || n_inf.value <= 0.0 {
        return Err(KineticsError::NoEvolution { largest });
    }

    let mut doubts = Vec::new();
    let fraction_reached = last_amount / n_inf.value;
    if fraction_reached < PLATEAU_FRACTION_MIN {
        doubts.push(EndPointDoubt::FarFromPlateau { fraction_reached, last_time_h });
    }
    let n_inf_profile = match profile_interval(&SaturatingModel, &data, &settings, &report, "n_inf") {
        Ok(profile) => {
            if let Some(reason) = &profile.upper_open {
                doubts.push(EndPointDoubt::OpenAbove { reason: reason.clone() });
            }
            if let Some(reason) = &profile.lower_open {
                doubts.push(EndPointDoubt::OpenBelow { reason: reason.clone() });
            }
            Some(profile)
        }
        Err(e) => {
            doubts.push(EndPointDoubt::NoProfile { reason: e.to_string() });
            None
        }
    };
    let (k_low, k_high) = k_per_h.ci95;
    Ok(Saturation {
        half_life_h: LN_2 / k_per_h.value,
        half_life_ci95_h: (k_low > 0.0).then(|| (LN_2 / k_high, LN_2 / k_low)),
        n_inf,
        k_per_h,
        n_inf_profile,
        fraction_reached,
        last_time_h,
        report,
        doubts,
    })
}

/// Names start with an ASCII or Greek letter, µ or '_', and go on with digits: as the
/// expression parser reads them (`fit::expr`).
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == 'µ' || ('\u{0391}'..='\u{03C9}').contains(&c)
}

/// Parses a model of time typed with `t` as the variable (h), e.g. `a*(1-exp(-k*t))`, into an
/// [`Expression`] whose variable is t (evaluate it with [`Model::value`] at a time in h).
///
/// The expression parser's variable is x: the name `t` is handed to it as x, character for
/// character, so error positions stay those of the text typed. `x` itself is refused, so that
/// a formula copied from elsewhere is not read with x as a parameter without a word. The
/// expression's [`Expression::text`] is the formula as the parser got it, with t written x;
/// show the text the user typed.
pub fn parse_time_model(text: &str) -> Result<Expression, ExprError> {
    if text.trim().is_empty() {
        return Err(ExprError { position: 0, message: "The formula is empty: type a model in t (hours), for example n_inf*(1-exp(-k*t)).".into() });
    }
    let chars: Vec<char> = text.chars().collect();
    let mut translated = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || c == '.' {
            // A number, with its exponent (whose 'e' is not a name), copied as it is.
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if matches!(chars.get(i), Some('e' | 'E')) {
                let mut look = i + 1;
                if matches!(chars.get(look), Some('+' | '-' | '−')) {
                    look += 1;
                }
                if chars.get(look).is_some_and(|d| d.is_ascii_digit()) {
                    i = look;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            translated.extend(&chars[start..i]);
        } else if is_name_char(c) {
            let start = i;
            while i < chars.len() && is_name_char(chars[i]) {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            match name.as_str() {
                "t" => translated.push('x'),
                "x" => {
                    return Err(ExprError {
                        position: start,
                        message: format!("In a time course the variable is t (the irradiation time in hours), not x: write the model in t, and give parameters other names (x at character {}).", start + 1),
                    })
                }
                _ => translated.push_str(&name),
            }
        } else {
            translated.push(c);
            i += 1;
        }
    }
    parse(&translated).map_err(|mut e| {
        e.message = e.message.replace("2*x, not 2x", "2*t, not 2t");
        e
    })
}

/// Fits a typed model of t (see [`parse_time_model`]) to the time course (unweighted).
///
/// `starts` gives start values by parameter name (the others start at 1, as everywhere in
/// the project); the names in `fixed` are held at their value in `starts`. Returns the engine's
/// report, also when the iteration limit ran out (then `converged` is false).
pub fn fit_typed_course(course: &TimeCourse, expression: &str, starts: &[(String, f64)], fixed: &[String]) -> Result<FitReport, KineticsError> {
    course.check()?;
    let model = parse_time_model(expression)?;
    if model.parameters().is_empty() {
        return Err(KineticsError::NoParameters);
    }
    let mut settings = FitSettings::for_model(&model);
    for (name, value) in starts {
        settings = settings.with_start(&model, name, *value)?;
    }
    for name in fixed {
        let value = starts.iter().find(|(n, _)| n == name).map(|(_, v)| *v).ok_or_else(|| KineticsError::FixedWithoutValue { name: name.clone() })?;
        settings = settings.with_fixed(&model, name, value)?;
    }
    Ok(fit::fit(&model, &Data::new(course.time_h, course.amount), &settings)?)
}

#[cfg(test)]
mod tests {
    //! Reference numbers from `tests/gas_refs/make_kinetics_refs.py` (SciPy's least_squares
    //! and curve_fit, MINPACK, tolerances 1e-15; stats.linregress and numpy.polyfit; the
    //! profile interval by an independent refit-and-brentq in Python, which lmfit's
    //! conf_interval confirms), pasted below. Tolerances, relative: nonlinear values 1e-6,
    //! standard errors 1e-5, profile ends 1e-6; straight lines 1e-12 (values) and 1e-10
    //! (standard errors, R²), where both sides solve the same linear problem directly.

    use super::*;
    use crate::science::fit::check_gradient;

    // Python 3.11.7 NumPy 2.4.6 SciPy 1.17.1

    // A. Saturating: 150 µmol·(1 − e^(−0.35 t)) moved by a fixed pattern, rounded to 0.1.
    const T_A: [f64; 12] = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0];
    const N_A: [f64; 12] = [0.3, 24.0, 42.1, 61.3, 77.9, 98.7, 114.9, 122.8, 131.5, 140.6, 146.4, 148.9];
    const A_VALUES: [f64; 2] = [150.48800556525086, 0.35090002076872484];
    const A_ERRORS: [f64; 2] = [0.9316158527527363, 0.006005864979644086];
    const A_RSS: f64 = 17.05207388265416;
    const A_PROFILE: (f64, f64) = (148.43828278142425, 152.59550335109856);
    const A_T95: f64 = 2.228138851986274;

    // B. Stopped at 4 h, 63 % of the way: 150·(1 − e^(−0.25 t)).
    const T_B: [f64; 9] = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0];
    const N_B: [f64; 9] = [0.0, 18.1, 33.6, 46.0, 59.4, 69.5, 79.8, 87.2, 95.4];
    const B_VALUES: [f64; 2] = [151.85031316462937, 0.2462428970617617];
    const B_ERRORS: [f64; 2] = [3.5491798206978364, 0.00842939065978914];
    const B_PROFILE: (f64, f64) = (144.02540415511115, 160.9330962655016);
    // Wald interval of n∞ for B: 143.45783648734354 to 160.2427898419152.

    // A, window 0–2 h (5 readings), intercept free: slope, SE, intercept, SE, R².
    const RATE_LINE: [f64; 5] = [38.5, 1.4001428498550177, 2.6200000000000045, 1.7148177745755364, 0.9960479291073258];
    const RATE_LINE_CI: (f64, f64) = (34.0441205606095, 42.9558794393905);
    // Through the origin: slope, SE, uncentered R².
    const RATE_ORIGIN: [f64; 3] = [40.24666666666667, 0.9335178389059069, 0.9978526056982022];

    // C. Linear growth, 10 µmol/h plus a pattern; D. accelerating, 10 t + 0.3 t².
    const T_C: [f64; 7] = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    const N_C: [f64; 7] = [0.0, 10.3, 19.8, 30.25, 39.7, 50.2, 59.9];
    const N_D: [f64; 7] = [0.0, 10.6, 21.0, 32.95, 44.5, 57.7, 70.7];
    // C: r0 = 10.030892779789108, k = 0.0013419224562518798 per h, n_inf = 7475.016706856795,
    // the last reading 0.0080 of it; RSS 0.32606, 95 % limit 0.75698, the line through the
    // origin 0.33225 (below the limit: the profile of n∞ is open above).
    const C_K: f64 = 0.0013419224562518798;
    // D: k = -0.050200143992292286 per h.
    const D_K: f64 = -0.050200143992292286;

    fn close(what: &str, got: f64, want: f64, tolerance: f64) {
        assert!((got - want).abs() <= tolerance * want.abs(), "{what}: {got} against {want} (relative {:e})", (got - want).abs() / want.abs());
    }

    fn course<'a>(t: &'a [f64], n: &'a [f64]) -> TimeCourse<'a> {
        TimeCourse { time_h: t, amount: n }
    }

    #[test]
    fn saturation_agrees_with_scipy() {
        let fit = fit_saturation(&course(&T_A, &N_A)).unwrap();
        close("n∞", fit.n_inf.value, A_VALUES[0], 1e-6);
        close("k", fit.k_per_h.value, A_VALUES[1], 1e-6);
        close("SE n∞", fit.n_inf.std_error, A_ERRORS[0], 1e-5);
        close("SE k", fit.k_per_h.std_error, A_ERRORS[1], 1e-5);
        close("RSS", fit.report.rss, A_RSS, 1e-9);
        close("Wald high", fit.n_inf.ci95.1, A_VALUES[0] + A_T95 * A_ERRORS[0], 1e-6);
        let profile = fit.n_inf_profile.as_ref().unwrap();
        close("profile low", profile.lower.unwrap(), A_PROFILE.0, 1e-6);
        close("profile high", profile.upper.unwrap(), A_PROFILE.1, 1e-6);
        close("t½", fit.half_life_h, LN_2 / A_VALUES[1], 1e-6);
        let (low, high) = fit.half_life_ci95_h.unwrap();
        close("t½ high", high, LN_2 / (A_VALUES[1] - A_T95 * A_ERRORS[1]), 1e-5);
        close("t½ low", low, LN_2 / (A_VALUES[1] + A_T95 * A_ERRORS[1]), 1e-5);
        close("fraction", fit.fraction_reached, 148.9 / A_VALUES[0], 1e-6);
        assert_eq!(fit.last_time_h, 12.0);
        assert!(fit.end_point_determined(), "{:?}", fit.doubts);
        close("curve", fit.curve(2.0), A_VALUES[0] * (1.0 - (-2.0 * A_VALUES[1]).exp()), 1e-6);
    }

    #[test]
    fn the_interval_of_the_end_point_is_asymmetric_when_the_readings_stop_early() {
        let fit = fit_saturation(&course(&T_B, &N_B)).unwrap();
        close("n∞", fit.n_inf.value, B_VALUES[0], 1e-6);
        close("k", fit.k_per_h.value, B_VALUES[1], 1e-6);
        close("SE n∞", fit.n_inf.std_error, B_ERRORS[0], 1e-5);
        close("SE k", fit.k_per_h.std_error, B_ERRORS[1], 1e-5);
        let profile = fit.n_inf_profile.as_ref().unwrap();
        let (low, high) = (profile.lower.unwrap(), profile.upper.unwrap());
        close("profile low", low, B_PROFILE.0, 1e-6);
        close("profile high", high, B_PROFILE.1, 1e-6);
        // Longer above than below, and both ends above the symmetric Wald interval's.
        assert!(high - fit.n_inf.value > 1.1 * (fit.n_inf.value - low), "{low} {high}");
        assert!(low > fit.n_inf.ci95.0 && high > fit.n_inf.ci95.1);
        // 63 % of the way: determined, though only just.
        assert!(fit.fraction_reached > 0.6 && fit.fraction_reached < 0.65);
        assert!(fit.end_point_determined(), "{:?}", fit.doubts);
    }

    #[test]
    fn linear_growth_is_flagged() {
        let fit = fit_saturation(&course(&T_C, &N_C)).unwrap();
        // The same (ill-determined) minimum as SciPy's; looser, because RSS hardly changes
        // along the valley n∞·k = r₀.
        close("k", fit.k_per_h.value, C_K, 1e-4);
        assert!(!fit.end_point_determined());
        assert!(fit.doubts.iter().any(|d| matches!(d, EndPointDoubt::FarFromPlateau { fraction_reached, .. } if *fraction_reached < 0.01)), "{:?}", fit.doubts);
        assert!(fit.doubts.iter().any(|d| matches!(d, EndPointDoubt::OpenAbove { .. })), "{:?}", fit.doubts);
        assert!(fit.n_inf_profile.as_ref().is_some_and(|p| p.upper.is_none()));
        let text = fit.doubts[0].to_string();
        assert!(text.contains("at 6 h") && text.contains("0.8 %"), "{text}");
    }

    #[test]
    fn accelerating_growth_has_no_end_point() {
        match fit_saturation(&course(&T_C, &N_D)) {
            Err(KineticsError::NotSaturating { last_time_h, k_per_h }) => {
                assert_eq!(last_time_h, 6.0);
                close("k", k_per_h, D_K, 1e-5);
            }
            other => panic!("{other:?}"),
        }
        let message = fit_saturation(&course(&T_C, &N_D)).unwrap_err().to_string();
        assert!(message.contains("do not level off over the 6 h") && message.contains("k = -0.0502 h⁻¹, a rate that does not fall"), "{message}");
    }

    #[test]
    fn gradients_are_exact() {
        let times = [0.0, 0.3, 1.0, 4.0, 12.0, 40.0];
        check_gradient(&SaturatingModel, &times, &A_VALUES, 1e-7).unwrap();
        check_gradient(&SaturatingModel, &times, &[2.5e-3, 3.0], 1e-7).unwrap();
        // The rate form on both sides of the switch at |k·t| = 0.5, at k = 0 and for k < 0.
        for k in [0.0, 1e-9, 0.01, 0.049, 0.05, 0.3, -0.02, -0.2] {
            check_gradient(&RateForm, &[0.0, 0.5, 1.0, 9.9, 10.0, 10.1, 12.0], &[40.0, k], 1e-7)
                .unwrap_or_else(|e| panic!("k = {k}: {e}"));
        }
        // The series and the closed form of φ' agree where they meet.
        for z in [0.4999999_f64, -0.4999999] {
            let closed = ((-z).exp() * (1.0 + z) - 1.0) / (z * z);
            close("φ'", phi_prime(z), closed, 1e-14);
        }
    }

    #[test]
    fn the_band_is_zero_at_the_start_and_tends_to_the_error_of_the_end_point() {
        let fit = fit_saturation(&course(&T_A, &N_A)).unwrap();
        let band = fit.confidence_band(&[0.0, 3.0, 1000.0]);
        assert_eq!(band[0], Some((0.0, 0.0)));
        let (at_3, half_3) = band[1].unwrap();
        close("curve at 3 h", at_3, fit.curve(3.0), 1e-15);
        assert!(half_3 > 0.0 && half_3 < A_T95 * A_ERRORS[0]);
        let (end, half) = band[2].unwrap();
        close("curve at 1000 h", end, A_VALUES[0], 1e-6);
        close("band at 1000 h", half, A_T95 * A_ERRORS[0], 1e-5);
    }

    #[test]
    fn initial_rate_agrees_with_linregress() {
        let rate = initial_rate(&course(&T_A, &N_A), (0.0, 2.0), false).unwrap();
        assert_eq!((rate.points, rate.rows), (5, (1, 5)));
        close("rate", rate.rate_per_h, RATE_LINE[0], 1e-12);
        close("SE", rate.std_error.unwrap(), RATE_LINE[1], 1e-10);
        close("intercept", rate.intercept, RATE_LINE[2], 1e-12);
        close("SE intercept", rate.intercept_std_error.unwrap(), RATE_LINE[3], 1e-10);
        close("R²", rate.r_squared.unwrap(), RATE_LINE[4], 1e-10);
        let (low, high) = rate.ci95.unwrap();
        close("CI low", low, RATE_LINE_CI.0, 1e-10);
        close("CI high", high, RATE_LINE_CI.1, 1e-10);

        let origin = initial_rate(&course(&T_A, &N_A), (0.0, 2.0), true).unwrap();
        close("rate through 0", origin.rate_per_h, RATE_ORIGIN[0], 1e-12);
        close("SE through 0", origin.std_error.unwrap(), RATE_ORIGIN[1], 1e-10);
        close("R² uncentered", origin.r_squared.unwrap(), RATE_ORIGIN[2], 1e-10);
        assert_eq!((origin.intercept, origin.intercept_std_error, origin.through_origin), (0.0, None, true));
    }

    #[test]
    fn readings_that_fix_the_line_give_a_rate_without_uncertainty() {
        let two = initial_rate(&course(&T_A, &N_A), (0.5, 1.0), false).unwrap();
        close("rate", two.rate_per_h, 36.2, 1e-12);
        close("intercept", two.intercept, 5.9, 1e-12);
        assert_eq!((two.std_error, two.ci95, two.intercept_std_error, two.r_squared, two.rows), (None, None, None, None, (2, 3)));
        let one = initial_rate(&course(&T_A, &N_A), (0.6, 1.2), true).unwrap();
        assert_eq!((one.rate_per_h, one.std_error, one.points), (42.1, None, 1));
    }

    #[test]
    fn a_window_too_narrow_is_named() {
        let error = initial_rate(&course(&T_A, &N_A), (0.6, 1.2), false).unwrap_err();
        assert_eq!(error, KineticsError::WindowTooFewPoints { from_h: 0.6, to_h: 1.2, points: 1 });
        assert!(error.to_string().starts_with("The window 0.6 to 1.2 h holds only 1 reading"), "{error}");
        let empty = initial_rate(&course(&T_A, &N_A), (0.6, 0.9), false).unwrap_err();
        assert!(matches!(empty, KineticsError::WindowTooFewPoints { points: 0, .. }), "{empty:?}");
        let at_zero = initial_rate(&course(&T_A, &N_A), (0.0, 0.2), true).unwrap_err();
        assert!(matches!(at_zero, KineticsError::WindowNoTime { .. }), "{at_zero:?}");
        let backwards = initial_rate(&course(&T_A, &N_A), (2.0, 1.0), false).unwrap_err();
        assert!(matches!(backwards, KineticsError::BadWindow { .. }), "{backwards:?}");
        assert!(initial_rate(&course(&T_A, &N_A), (f64::NAN, 1.0), false).is_err());
    }

    #[test]
    fn bad_courses_are_named_by_row() {
        let check = |t: &[f64], n: &[f64]| course(t, n).check().unwrap_err();
        let repeated = check(&[0.0, 1.0, 1.0, 2.0], &[0.0, 1.0, 2.0, 3.0]);
        assert_eq!(repeated, KineticsError::TimeNotIncreasing { row: 3, time_h: 1.0, previous_h: 1.0 });
        assert!(repeated.to_string().starts_with("Row 3: the time 1 h is not after the 1 h of row 2"), "{repeated}");
        let backwards = check(&[0.0, 2.0, 1.0], &[0.0, 1.0, 2.0]);
        assert!(matches!(backwards, KineticsError::TimeNotIncreasing { row: 3, .. }), "{backwards:?}");
        assert_eq!(check(&[0.0, -1.0], &[0.0, 1.0]), KineticsError::NegativeTime { row: 2, time_h: -1.0 });
        assert!(matches!(check(&[0.0, 1.0], &[0.0, f64::NAN]), KineticsError::NotFinite { row: 2, column: "amount", .. }));
        assert!(matches!(check(&[f64::INFINITY, 1.0], &[0.0, 1.0]), KineticsError::NotFinite { row: 1, column: "time", .. }));
        assert_eq!(check(&[0.0], &[0.0]), KineticsError::TooFewPoints { points: 1, needed: 2, purpose: "a time course" });
        assert_eq!(check(&[0.0, 1.0], &[0.0]), KineticsError::LengthMismatch { times: 2, amounts: 1 });
        // The fits check too.
        assert!(matches!(fit_saturation(&course(&[0.0, 2.0, 1.0], &[0.0, 1.0, 2.0])), Err(KineticsError::TimeNotIncreasing { row: 3, .. })));
        assert!(matches!(fit_saturation(&course(&[0.0, 1.0], &[0.0, 1.0])), Err(KineticsError::TooFewPoints { needed: 3, .. })));
        assert!(matches!(fit_saturation(&course(&[0.0, 1.0, 2.0], &[0.0, -1.0, -2.0])), Err(KineticsError::NoEvolution { .. })));
    }

    #[test]
    fn negative_amounts_are_kept_and_pointed_out() {
        let c = course(&[0.0, 1.0, 2.0, 3.0], &[-0.2, 5.0, -0.1, 15.0]);
        assert_eq!(c.check(), Ok(()));
        assert_eq!(c.warnings(), vec!["Rows 1 and 3 have negative amounts, readings below the blank; they are used as measured.".to_string()]);
        assert!(course(&T_A, &N_A).warnings().is_empty());
    }

    #[test]
    fn scaling_the_amounts_scales_the_end_point_and_the_rate_but_not_k() {
        let reference = fit_saturation(&course(&T_B, &N_B)).unwrap();
        let rate = initial_rate(&course(&T_B, &N_B), (0.0, 1.5), false).unwrap();
        for c in [1e-3, 7.0, 1e4] {
            let scaled: Vec<f64> = N_B.iter().map(|n| n * c).collect();
            let fit = fit_saturation(&course(&T_B, &scaled)).unwrap();
            close("n∞", fit.n_inf.value, c * reference.n_inf.value, 1e-8);
            close("SE n∞", fit.n_inf.std_error, c * reference.n_inf.std_error, 1e-6);
            close("k", fit.k_per_h.value, reference.k_per_h.value, 1e-8);
            close("SE k", fit.k_per_h.std_error, reference.k_per_h.std_error, 1e-6);
            let (p, q) = (fit.n_inf_profile.unwrap(), reference.n_inf_profile.clone().unwrap());
            close("profile high", p.upper.unwrap(), c * q.upper.unwrap(), 1e-6);
            close("fraction", fit.fraction_reached, reference.fraction_reached, 1e-8);
            let r = initial_rate(&course(&T_B, &scaled), (0.0, 1.5), false).unwrap();
            close("rate", r.rate_per_h, c * rate.rate_per_h, 1e-12);
            close("SE rate", r.std_error.unwrap(), c * rate.std_error.unwrap(), 1e-10);
        }
    }

    #[test]
    fn turnover_over_time() {
        let series = turnover_series(&course(&[0.0, 1.0, 3.0], &[0.0, 2.0, 5.0]), 0.01).unwrap();
        let tons: Vec<f64> = series.iter().map(|p| p.ton).collect();
        assert_eq!(tons, [0.0, 200.0, 500.0]);
        assert_eq!(series[0].tof_average_per_h, None);
        assert_eq!(series[0].tof_interval_per_h, None);
        assert_eq!(series[1].tof_average_per_h, Some(200.0));
        close("average TOF", series[2].tof_average_per_h.unwrap(), 500.0 / 3.0, 1e-15);
        assert_eq!(series[2].tof_interval_per_h, Some(150.0));
        // Without a reading at t = 0 the first reading has an average but no interval TOF.
        let late = turnover_series(&course(&[0.5, 1.0], &[1.0, 1.5]), 1.0).unwrap();
        assert_eq!((late[0].tof_average_per_h, late[0].tof_interval_per_h, late[1].tof_interval_per_h), (Some(2.0), None, Some(1.0)));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(turnover_series(&course(&T_A, &N_A), bad), Err(KineticsError::BadCatalyst { .. })), "{bad}");
        }
    }

    #[test]
    fn a_typed_model_in_t_fits_like_the_built_in_one() {
        let c = course(&T_A, &N_A);
        let starts = [("a".to_string(), 100.0), ("b".to_string(), 0.5)];
        let report = fit_typed_course(&c, "a*(1 - exp(-b*t))", &starts, &[]).unwrap();
        close("a", report.parameters[0].value, A_VALUES[0], 1e-6);
        close("b", report.parameters[1].value, A_VALUES[1], 1e-6);
        close("SE a", report.parameters[0].std_error, A_ERRORS[0], 1e-5);
        close("SE b", report.parameters[1].std_error, A_ERRORS[1], 1e-5);
        // Names that contain t are parameters; only t itself is the time.
        let lag = fit_typed_course(&c, "r*(t - t0)", &[], &[]).unwrap();
        assert_eq!(lag.parameters.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["r", "t0"]);
        let held = fit_typed_course(&c, "a*(1 - exp(-b*t))", &starts, &["a".to_string()]).unwrap();
        assert!(held.parameters[0].fixed && held.parameters[0].value == 100.0 && held.free_parameters == 1);
        let no_value = fit_typed_course(&c, "a*(1 - exp(-b*t))", &[], &["a".to_string()]).unwrap_err();
        assert_eq!(no_value, KineticsError::FixedWithoutValue { name: "a".into() });
        let unknown = fit_typed_course(&c, "a*t", &[("q".to_string(), 1.0)], &[]).unwrap_err();
        assert!(matches!(unknown, KineticsError::Fit(FitError::UnknownParameter { .. })), "{unknown:?}");
    }

    #[test]
    fn typed_models_speak_of_t() {
        let c = course(&T_A, &N_A);
        let x = parse_time_model("a*x").unwrap_err();
        assert_eq!(x.position, 2);
        assert!(x.message.contains("the variable is t"), "{}", x.message);
        let product = parse_time_model("2t").unwrap_err();
        assert_eq!(product.position, 1);
        assert!(product.message.contains("2*t, not 2t") && !product.message.contains("2*x"), "{}", product.message);
        assert!(parse_time_model("  ").unwrap_err().message.contains("model in t"));
        // Exponents are numbers, not names: 1e-3 stays 10⁻³, and e alone is Euler's number.
        let e = parse_time_model("1e-3*t + e + t_half").unwrap();
        assert_eq!(e.parameters(), ["t_half"]);
        assert_eq!(e.value(2.0, &[0.0]), 2e-3 + std::f64::consts::E);
        assert_eq!(fit_typed_course(&c, "2*t", &[], &[]).unwrap_err(), KineticsError::NoParameters);
        let at_zero = fit_typed_course(&c, "a/t", &[], &[]).unwrap_err();
        assert!(matches!(at_zero, KineticsError::ModelNotFinite { t_h, .. } if t_h == 0.0), "{at_zero:?}");
        assert!(at_zero.to_string().contains("at t = 0 h"), "{at_zero}");
    }
}
