//! External-standard calibration of a gas chromatograph: a straight line of peak area against
//! the injected amount of a standard gas, read backwards to give the amount in a sample, with
//! the uncertainty of that amount and the limits of detection and quantification.
//!
//! - The line, area = a + b·amount (or b·amount through the origin), is fitted by the
//!   project's linear least squares ([`fit_linear_with`], Householder QR), unweighted, by
//!   1/σ² with the σ of each standard's area, or by 1/area² (a constant relative error, the
//!   usual case for a GC detector over decades of amount). With weights the σ are relative:
//!   their scale comes from the scatter of the standards (the reduced χ²), as everywhere in
//!   the fitting engine. Two standards with an intercept give the line through them and no
//!   uncertainty (there is no scatter to estimate it from).
//! - The amount in a sample (inverse prediction, J. N. Miller & J. C. Miller, *Statistics and
//!   Chemometrics for Analytical Chemistry*, 6th ed., Pearson 2010, §5.6, and §5.10 for
//!   weighted lines) is x₀ = (ȳ₀ − a)/b, with its standard error by first-order
//!   propagation (N. R. Draper & H. Smith, *Applied Regression Analysis*, 3rd ed., Wiley 1998,
//!   §3.2, on inverse estimation), slope–intercept covariance included:
//!   var x₀ = [s²(ȳ₀)/m + var a + x₀²·var b + 2x₀·cov(a, b)] / b²,
//!   where ȳ₀ is the mean area of m replicate injections of the sample and s²(ȳ₀) the
//!   variance of one injection at that area under the fit's model of the scatter (see
//!   [`Calibration::amount_of`]). For an unweighted line this is Miller & Miller's
//!   closed form for s_x₀. Leaving the covariance out, a common slip, misstates the error:
//!   on the tests' reference data it overstates it by 62 % in the middle of the range. The
//!   95 % interval is x₀ ± t(0.975, n − p)·se.
//! - Limits of detection and quantification after ICH Q2(R1), *Validation of Analytical
//!   Procedures: Text and Methodology* (2005), §§6.3 and 7.3 (based on the standard deviation
//!   of the response and the slope): LOD = 3.3·σ/b and LOQ = 10·σ/b, with σ the residual
//!   standard deviation of the regression line. When the weighting makes that standard
//!   deviation depend on the level (1/σ², 1/area²), σ is taken at the lowest standard: the
//!   level nearest the blank at which the scatter was actually measured. (Extrapolating a
//!   constant-relative-error model to zero area would give σ → 0 and an LOD of 0, which no
//!   detector has. ICH's other option, the standard error of the intercept, does not exist
//!   for a line through the origin, and shrinks as standards are added while the noise of one
//!   injection does not.) An LOD below the lowest standard is itself an extrapolation: ICH
//!   asks that it be confirmed by injecting a standard near it.
//! - From the syringe sample to the reactor: [`headspace_amount`] scales the amount in the
//!   injected volume to the whole headspace, and [`standard_amount_from_volume`] turns a
//!   standard given as a volume of a gas mixture into an amount.
//!
//! Nothing here panics or returns a non-finite number: input that cannot be used gives a
//! [`CalibrationError`] that says what to change.

use thiserror::Error;

use crate::science::fit::{fit_linear_with, Data, Design, FitError, FitReport};
use crate::science::format::Short;
use crate::science::numeric::interpolate;

/// The ICH Q2(R1) factor of the limit of detection, LOD = 3.3·σ/slope.
pub const LOD_FACTOR: f64 = 3.3;
/// The ICH Q2(R1) factor of the limit of quantification, LOQ = 10·σ/slope.
pub const LOQ_FACTOR: f64 = 10.0;

/// An amount within this fraction of the largest standard's amount outside the standards'
/// range still counts as within it: reading the line's own area at the lowest standard must
/// not be flagged as an extrapolation because of the last bit of rounding.
const RANGE_SLACK_RELATIVE: f64 = 1e-9;

/// Standards whose residuals are all below this fraction of the largest area lie on the line
/// to rounding: their scatter is taken as not measured, not as zero.
const EXACT_FIT_RELATIVE: f64 = 1e-12;

/// One injected standard: a known amount of the gas and the peak area it gave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standard {
    /// The amount of the gas injected, in the unit the caller uses throughout (e.g. µmol);
    /// every amount this module returns is in the same unit.
    pub amount: f64,
    /// The peak area (detector counts, or whatever the integrator reports).
    pub area: f64,
    /// The standard deviation of the area (e.g. of replicate injections of this standard), in
    /// the same unit as the area; needed only for [`Weighting::Sigma`].
    pub area_sigma: Option<f64>,
}

/// How the standards are weighted in the fit of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Weighting {
    /// All standards alike (ordinary least squares): the scatter of the area is the same at
    /// every amount.
    #[default]
    Unweighted,
    /// By 1/σ², with the σ of each standard's area ([`Standard::area_sigma`]), taken as
    /// relative: their overall scale comes from the scatter of the standards.
    Sigma,
    /// By 1/area²: the same relative scatter at every amount (a constant relative standard
    /// deviation of the area, typical of a GC detector over a wide range).
    RelativeArea,
}

impl Weighting {
    /// The weighting as a report states it.
    pub fn describe(self) -> &'static str {
        match self {
            Weighting::Unweighted => "all standards weighted equally (ordinary least squares)",
            Weighting::Sigma => "each standard weighted by 1/σ² with the σ of its area (relative weights: the scale comes from the scatter)",
            Weighting::RelativeArea => "each standard weighted by 1/area² (the same relative uncertainty at every amount)",
        }
    }
}

/// How to fit the calibration line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CalibrationSettings {
    /// Fit area = slope·amount (no intercept) instead of area = intercept + slope·amount.
    /// Through the origin, a single level injected several times (a response factor) is
    /// allowed; with an intercept, at least two different amounts are needed.
    pub through_origin: bool,
    /// How the standards are weighted.
    pub weighting: Weighting,
}

/// Why a calibration, or a reading of it, cannot be done. Every message is a sentence that
/// says what to change.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CalibrationError {
    /// Fewer than 2 standards.
    #[error("There {}: a calibration line needs at least 2 standards, and 3 or more (with an intercept) to estimate its uncertainty and the limit of detection.", if *given == 1 { "is only 1 standard".to_string() } else { format!("are {given} standards") })]
    TooFewStandards { given: usize },
    /// An amount, area or σ that is NaN or infinite.
    #[error("Standard {row} has {quantity} = {value}, which is not a finite number: correct or remove it.")]
    NonFinite {
        row: usize,
        quantity: &'static str,
        value: f64,
    },
    /// A negative amount or area.
    #[error("Standard {row} has a negative {quantity} ({}): amounts and peak areas are 0 or more. Check the sign, or remove the standard.", Short(*.value, 6))]
    Negative {
        row: usize,
        quantity: &'static str,
        value: f64,
    },
    /// [`Weighting::Sigma`] with a standard that has no σ.
    #[error("Standard {row} has no uncertainty of its area: weighting by 1/σ² needs one for every standard (e.g. the standard deviation of replicate injections). Enter it, or choose another weighting.")]
    MissingAreaSigma { row: usize },
    /// [`Weighting::Sigma`] with a σ that is zero or negative.
    #[error("Standard {row} has an area uncertainty σ = {}: it must be a positive number, because the standard is weighted by 1/σ².", Short(*.value, 6))]
    BadAreaSigma { row: usize, value: f64 },
    /// [`Weighting::RelativeArea`] with a standard of area 0.
    #[error("Standard {row} has area 0, which weighting by 1/area² cannot use (its weight would be infinite). Remove it, or weight the standards equally or by 1/σ².")]
    ZeroAreaRelative { row: usize },
    /// With an intercept, every standard at the same amount.
    #[error("Every standard has the same amount ({}): a line with an intercept needs standards at two or more amounts. Add standards at other amounts, or fit through the origin (a single-level response factor).", Short(*.amount, 6))]
    AllAmountsEqual { amount: f64 },
    /// Every standard with the same area, at different amounts.
    #[error("Every standard has the same peak area ({}) although the amounts differ: the area does not follow the amount, so there is no calibration line. Check that each area is of the right gas's peak, and that the detector was on.", Short(*.area, 6))]
    AllAreasEqual { area: f64 },
    /// Through the origin, every standard at amount 0.
    #[error("Every standard has amount 0: a line through the origin needs at least one standard with gas in it.")]
    AllAmountsZero,
    /// The fitted slope is zero or negative.
    #[error("The fitted slope is {} area per unit amount: the peak area must grow with the amount of gas. Check that amounts and areas are in matching rows, and that each area is of the right gas's peak.", Short(*.slope, 4))]
    NonPositiveSlope { slope: f64 },
    /// The fitting engine could not fit the line.
    #[error("The calibration line could not be fitted: {0}")]
    Fit(#[from] FitError),
    /// The numbers overflow.
    #[error("The numbers are too large or too small for double-precision arithmetic ({what}): change the units of the amounts or areas.")]
    OutOfRange { what: &'static str },
    /// A sample's area that is negative or not finite.
    #[error("The sample's peak area is {}: it must be a number, 0 or more.", Short(*.area, 6))]
    BadSampleArea { area: f64 },
    /// No replicate injections.
    #[error("The number of injections of the sample is 0: give at least 1 (the area is the mean of that many injections).")]
    NoReplicates,
    /// A volume that is zero, negative or not finite.
    #[error("The {quantity} is {} {unit}: it must be a positive volume.", Short(*.value, 6))]
    BadVolume {
        quantity: &'static str,
        value: f64,
        unit: &'static str,
    },
    /// A syringe sample larger than the headspace it was drawn from.
    #[error("The injected sample ({} mL) is larger than the headspace it was taken from ({} mL): check the two volumes and their units (µL or mL).", Short(*.sample_ml, 6), Short(*.headspace_ml, 6))]
    SampleLargerThanHeadspace { sample_ml: f64, headspace_ml: f64 },
    /// A sample amount that is not finite.
    #[error("The amount in the sample is {value}, which is not a number: correct it.")]
    BadSampleAmount { value: f64 },
    /// A mole fraction outside 0 to 1.
    #[error("The fraction of the gas in the standard is {}: it must be between 0 and 1 (1 % is 0.01).", Short(*.value, 6))]
    BadFraction { value: f64 },
    /// A molar volume that is zero, negative or not finite.
    #[error("The molar volume is {} L/mol: it must be positive (an ideal gas at 25 °C and 1 atm has 24.47 L/mol).", Short(*.value, 6))]
    BadMolarVolume { value: f64 },
}

/// The statistics of a calibration line: present when the standards measure their own scatter
/// (more standards than coefficients, and not all exactly on the line).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineStatistics {
    /// Standard error of the slope (area per unit amount).
    pub slope_std_error: f64,
    /// Standard error of the intercept (area); 0 for a line through the origin.
    pub intercept_std_error: f64,
    /// Covariance of (intercept, slope): `[[var a, cov(a, b)], [cov(a, b), var b]]`; the
    /// intercept's row and column are 0 for a line through the origin.
    pub covariance: [[f64; 2]; 2],
    /// The residual standard deviation s = √(Σwᵢrᵢ²/(n − p)) of the fit: in area units when
    /// unweighted; a multiple of the σ given with [`Weighting::Sigma`] (about 1 if they are
    /// right); the relative standard deviation of an area (a fraction) with
    /// [`Weighting::RelativeArea`].
    pub residual_sd: f64,
    /// t(0.975, n − p), the factor of the 95 % intervals.
    pub t_95: f64,
    /// The standard deviation σ of one response, in area units, used for the limits: s when
    /// unweighted, else s times the weighting's σ (the σ given, or the area) at the lowest
    /// standard (root mean square where several standards share that amount).
    pub detection_sd_area: f64,
    /// Limit of detection, LOD = 3.3·σ/slope (ICH Q2(R1)), in the unit of the amounts.
    pub lod_amount: f64,
    /// Limit of quantification, LOQ = 10·σ/slope (ICH Q2(R1)), in the unit of the amounts.
    pub loq_amount: f64,
}

/// A fitted calibration line, area = intercept + slope·amount. Every number is finite.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// The sensitivity: peak area per unit amount; always positive.
    pub slope: f64,
    /// The area at zero amount; exactly 0 for a line through the origin.
    pub intercept: f64,
    /// The settings it was fitted with.
    pub settings: CalibrationSettings,
    /// R² = 1 − RSS/TSS, weighted as the fit; TSS about the (weighted) mean area with an
    /// intercept, about 0 through the origin (the uncentered R², which runs higher and cannot
    /// be compared with the other).
    pub r_squared: f64,
    /// The number of standards n.
    pub points: usize,
    /// Degrees of freedom n − p (p = 2 with an intercept, 1 through the origin).
    pub dof: usize,
    /// The smallest and largest amount among the standards: the calibrated range.
    pub amount_range: (f64, f64),
    /// Observed minus fitted area of each standard, in the order given.
    pub residuals: Vec<f64>,
    /// Standard errors, covariance, limits; `None` when the standards cannot measure their
    /// scatter: two standards with an intercept, or standards exactly on a line.
    pub statistics: Option<LineStatistics>,
    /// The weighting's σ of one response (1; the σ given; the area) at each distinct amount of
    /// the standards, ascending in amount (root mean square over standards at one amount).
    levels: Vec<(f64, f64)>,
}

/// Where an amount lies against the limits of detection and quantification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detection {
    /// Below the LOD (a negative amount included): not detected.
    BelowLod,
    /// At or above the LOD and below the LOQ: detected, but not precise enough to quote.
    BelowLoq,
    /// At or above the LOQ.
    Quantifiable,
    /// The calibration has no limits ([`Calibration::statistics`] is `None`).
    Unknown,
}

/// Where an amount lies against the amounts of the standards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangePosition {
    /// Below the lowest standard: the line is extrapolated (through the origin too: the
    /// origin is assumed, not measured).
    BelowRange,
    /// Within the standards' amounts (to 1 part in 10⁹ of the largest, so that rounding does
    /// not flag the ends).
    Within,
    /// Above the highest standard: the line is extrapolated, where the detector may no
    /// longer be linear.
    AboveRange,
}

/// The amount in a sample read off a calibration line, with its uncertainty and flags.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InversePrediction {
    /// x₀ = (area − intercept)/slope, in the unit of the standards' amounts. Negative when the
    /// area is below the intercept: it is reported as computed, not set to 0, because a
    /// clipped value would bias an average of samples and hide an offset of the line; the
    /// flag [`InversePrediction::negative`] and [`Detection::BelowLod`] say what it means.
    pub amount: f64,
    /// The area read (the mean of `replicates` injections).
    pub area: f64,
    /// The number of injections averaged into `area`.
    pub replicates: usize,
    /// Standard error of the amount (see [`Calibration::amount_of`]); `None` without
    /// [`Calibration::statistics`].
    pub std_error: Option<f64>,
    /// 95 % interval amount ± t(0.975, n − p)·se; `None` without statistics.
    pub ci95: Option<(f64, f64)>,
    /// Against the LOD and LOQ.
    pub detection: Detection,
    /// Against the standards' amounts.
    pub position: RangePosition,
    /// The area is below the intercept, so the amount is negative.
    pub negative: bool,
}

impl InversePrediction {
    /// Whether the amount is below the limit of detection (`false` when there is no limit).
    pub fn below_lod(&self) -> bool {
        self.detection == Detection::BelowLod
    }

    /// Whether the amount is below the limit of quantification (`false` when there is no
    /// limit).
    pub fn below_loq(&self) -> bool {
        matches!(self.detection, Detection::BelowLod | Detection::BelowLoq)
    }

    /// Whether the amount lies outside the standards' amounts, where the line is extrapolated.
    pub fn extrapolated(&self) -> bool {
        self.position != RangePosition::Within
    }
}

/// Fits the calibration line area = intercept + slope·amount (or slope·amount through the
/// origin) to the standards, as `settings` say.
///
/// At least 2 standards are needed. With an intercept and exactly 2, the line goes through
/// both and [`Calibration::statistics`] is `None` (no uncertainty and no LOD can be
/// estimated); the same holds when every standard lies on the line to rounding. Errors:
/// non-finite or negative amounts and areas, equal areas at different amounts, a missing or non-positive σ with
/// [`Weighting::Sigma`], an area of 0 with [`Weighting::RelativeArea`], all amounts equal
/// (with an intercept) or all 0 (through the origin), and a slope that is not positive.
///
/// ```
/// use photocalc::science::gas::calibration::{calibrate, CalibrationSettings, Standard};
/// let standards: Vec<Standard> = [(0.02, 2480.0), (0.04, 5105.0), (0.08, 9870.0), (0.16, 19730.0)]
///     .iter()
///     .map(|&(amount, area)| Standard { amount, area, area_sigma: None })
///     .collect();
/// let line = calibrate(&standards, &CalibrationSettings::default()).unwrap();
/// let sample = line.amount_of(12000.0, 1).unwrap();
/// assert!((sample.amount - 0.0977).abs() < 1e-3 && sample.std_error.is_some());
/// ```
pub fn calibrate(
    standards: &[Standard],
    settings: &CalibrationSettings,
) -> Result<Calibration, CalibrationError> {
    let n = standards.len();
    if n < 2 {
        return Err(CalibrationError::TooFewStandards { given: n });
    }
    let scales = validate(standards, settings.weighting)?;
    let amounts: Vec<f64> = standards.iter().map(|s| s.amount).collect();
    let areas: Vec<f64> = standards.iter().map(|s| s.area).collect();
    let (lowest, highest) = amounts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    if settings.through_origin {
        if highest == 0.0 {
            return Err(CalibrationError::AllAmountsZero);
        }
    } else if lowest == highest {
        return Err(CalibrationError::AllAmountsEqual { amount: lowest });
    }
    // Checked here, not left to the slope: least squares on equal areas gives a slope of
    // rounding noise, of either sign.
    if lowest != highest && areas.iter().all(|&a| a == areas[0]) {
        return Err(CalibrationError::AllAreasEqual { area: areas[0] });
    }

    let weights = match settings.weighting {
        Weighting::Unweighted => None,
        Weighting::Sigma | Weighting::RelativeArea => Some(scales.clone()),
    };
    let line = if !settings.through_origin && n == 2 {
        // The line through the two points: the same for any weights, with nothing left over
        // to estimate the scatter from.
        let slope = (areas[1] - areas[0]) / (amounts[1] - amounts[0]);
        FittedLine {
            intercept: areas[0] - slope * amounts[0],
            slope,
            r_squared: 1.0,
            residuals: vec![0.0; 2],
            report: None,
        }
    } else {
        let data = match &weights {
            Some(sigma) => Data::with_sigma(&amounts, &areas, sigma),
            None => Data::new(&amounts, &areas),
        };
        let design = if settings.through_origin {
            Design::proportional()
        } else {
            Design::straight_line()
        };
        let report = fit_linear_with(&design, &data, &[])?;
        let value = |name: &str| report.get(name).map_or(0.0, |e| e.value);
        FittedLine {
            intercept: value("intercept"),
            slope: value("slope"),
            r_squared: report.r_squared.unwrap_or(f64::NAN),
            residuals: report.residuals.clone(),
            report: Some(report),
        }
    };
    if line.slope.is_nan() || line.slope <= 0.0 {
        return Err(CalibrationError::NonPositiveSlope { slope: line.slope });
    }
    if !(line.slope.is_finite() && line.intercept.is_finite() && line.r_squared.is_finite()) {
        return Err(CalibrationError::OutOfRange {
            what: "the slope, intercept or R² overflows",
        });
    }

    let levels = levels(&amounts, &scales);
    let largest_area = areas.iter().fold(0.0_f64, |m, &a| m.max(a));
    let exact = line
        .residuals
        .iter()
        .all(|r| r.abs() <= EXACT_FIT_RELATIVE * largest_area);
    let statistics = match &line.report {
        Some(report) if !exact => Some(statistics(report, line.slope, levels[0].1)?),
        _ => None,
    };
    Ok(Calibration {
        slope: line.slope,
        intercept: line.intercept,
        settings: *settings,
        r_squared: line.r_squared,
        points: n,
        dof: n - if settings.through_origin { 1 } else { 2 },
        amount_range: (lowest, highest),
        residuals: line.residuals,
        statistics,
        levels,
    })
}

/// A line before its statistics are read.
struct FittedLine {
    intercept: f64,
    slope: f64,
    r_squared: f64,
    residuals: Vec<f64>,
    report: Option<FitReport>,
}

/// Checks every standard, and returns the weighting's σ of each (1 when unweighted).
fn validate(standards: &[Standard], weighting: Weighting) -> Result<Vec<f64>, CalibrationError> {
    standards
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let row = i + 1;
            for (quantity, value) in [("amount", s.amount), ("area", s.area)] {
                if !value.is_finite() {
                    return Err(CalibrationError::NonFinite {
                        row,
                        quantity,
                        value,
                    });
                }
                if value < 0.0 {
                    return Err(CalibrationError::Negative {
                        row,
                        quantity,
                        value,
                    });
                }
            }
            match weighting {
                Weighting::Unweighted => Ok(1.0),
                Weighting::Sigma => match s.area_sigma {
                    None => Err(CalibrationError::MissingAreaSigma { row }),
                    Some(value) if value.is_nan() || value.is_infinite() => {
                        Err(CalibrationError::NonFinite {
                            row,
                            quantity: "area uncertainty σ",
                            value,
                        })
                    }
                    // 1/σ² must be finite too: a subnormal σ would overflow the weight.
                    Some(value) if !(value > 0.0 && (1.0 / (value * value)).is_finite()) => {
                        Err(CalibrationError::BadAreaSigma { row, value })
                    }
                    Some(value) => Ok(value),
                },
                Weighting::RelativeArea if !(1.0 / (s.area * s.area)).is_finite() => {
                    Err(CalibrationError::ZeroAreaRelative { row })
                }
                Weighting::RelativeArea => Ok(s.area),
            }
        })
        .collect()
}

/// The weighting's σ at each distinct amount, ascending: the root mean square of the σ of
/// the standards at that amount.
fn levels(amounts: &[f64], scales: &[f64]) -> Vec<(f64, f64)> {
    let mut pairs: Vec<(f64, f64)> = amounts
        .iter()
        .copied()
        .zip(scales.iter().copied())
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut levels: Vec<(f64, f64)> = Vec::new();
    let mut start = 0;
    while start < pairs.len() {
        let amount = pairs[start].0;
        let end = start + pairs[start..].partition_point(|p| p.0 == amount);
        let group = &pairs[start..end];
        let mean_square = group.iter().map(|p| p.1 * p.1).sum::<f64>() / group.len() as f64;
        levels.push((amount, mean_square.sqrt()));
        start = end;
    }
    levels
}

/// Standard errors, covariance and limits from the fit's report.
fn statistics(
    report: &FitReport,
    slope: f64,
    lowest_level_scale: f64,
) -> Result<LineStatistics, CalibrationError> {
    let index = |name: &str| report.parameters.iter().position(|e| e.name == name);
    let cov = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(a), Some(b)) => report.covariance[a][b],
        _ => 0.0,
    };
    let (a, b) = (index("intercept"), index("slope"));
    let covariance = [[cov(a, a), cov(a, b)], [cov(b, a), cov(b, b)]];
    let detection_sd_area = report.residual_sd * lowest_level_scale;
    let stats = LineStatistics {
        slope_std_error: covariance[1][1].max(0.0).sqrt(),
        intercept_std_error: covariance[0][0].max(0.0).sqrt(),
        covariance,
        residual_sd: report.residual_sd,
        t_95: report.t_95,
        detection_sd_area,
        lod_amount: LOD_FACTOR * detection_sd_area / slope,
        loq_amount: LOQ_FACTOR * detection_sd_area / slope,
    };
    let finite = [
        stats.lod_amount,
        stats.loq_amount,
        stats.detection_sd_area,
        stats.t_95,
    ]
    .iter()
    .all(|v| v.is_finite());
    if !finite {
        return Err(CalibrationError::OutOfRange {
            what: "the limit of detection overflows",
        });
    }
    Ok(stats)
}

impl Calibration {
    /// The area the line gives at `amount`: intercept + slope·amount.
    pub fn line(&self, amount: f64) -> f64 {
        self.intercept + self.slope * amount
    }

    /// The 95 % confidence band of the line at `amount`, (lower, upper) area: where the true
    /// line lies, line(x) ± t(0.975, n − p)·√(var a + x²·var b + 2x·cov(a, b)) (for an
    /// unweighted line the textbook s·t·√(1/n + (x − x̄)²/Sxx)). It is the band of the line,
    /// not of new injections, which scatter further. `None` without
    /// [`Calibration::statistics`], or where the band is not finite.
    pub fn band(&self, amount: f64) -> Option<(f64, f64)> {
        let stats = self.statistics.as_ref()?;
        let c = &stats.covariance;
        let variance = c[0][0] + amount * amount * c[1][1] + 2.0 * amount * c[0][1];
        let half = stats.t_95 * variance.max(0.0).sqrt();
        let centre = self.line(amount);
        let band = (centre - half, centre + half);
        (band.0.is_finite() && band.1.is_finite()).then_some(band)
    }

    /// The amount in a sample whose mean peak area over `replicates` injections is `area`
    /// (inverse prediction), with its standard error, 95 % interval and flags.
    ///
    /// The standard error (see the module documentation) counts the scatter of the sample's
    /// own injections, s²(ȳ₀)/m, and the uncertainty of the line, with the covariance of
    /// slope and intercept. s²(ȳ₀), the variance of one injection at the sample's area, follows
    /// the weighting: s² unweighted; s²·ȳ₀² with 1/area² weights (the sample's area carries
    /// the same relative scatter as the standards'); with 1/σ² weights s²·σ(x₀)², where σ(x₀)
    /// is interpolated linearly in amount between the σ of the standards and held at the end
    /// values outside them (Miller & Miller's "weight appropriate to y₀", §5.10), because a
    /// sample's area has no σ of its own.
    ///
    /// Errors: an area that is negative or not finite, `replicates` = 0, and an amount or
    /// standard error that overflows. An area below the intercept gives a negative amount,
    /// reported and flagged (see [`InversePrediction::amount`]).
    pub fn amount_of(
        &self,
        area: f64,
        replicates: usize,
    ) -> Result<InversePrediction, CalibrationError> {
        if !(area.is_finite() && area >= 0.0) {
            return Err(CalibrationError::BadSampleArea { area });
        }
        if replicates == 0 {
            return Err(CalibrationError::NoReplicates);
        }
        let amount = (area - self.intercept) / self.slope;
        if !amount.is_finite() {
            return Err(CalibrationError::OutOfRange {
                what: "the amount overflows",
            });
        }
        let (lowest, highest) = self.amount_range;
        let slack = RANGE_SLACK_RELATIVE * highest;
        let position = if amount < lowest - slack {
            RangePosition::BelowRange
        } else if amount > highest + slack {
            RangePosition::AboveRange
        } else {
            RangePosition::Within
        };
        let (std_error, ci95, detection) = match &self.statistics {
            None => (None, None, Detection::Unknown),
            Some(stats) => {
                let one_injection_sd = stats.residual_sd * self.response_scale(area, amount);
                let c = &stats.covariance;
                let variance = (one_injection_sd * one_injection_sd / replicates as f64
                    + c[0][0]
                    + amount * amount * c[1][1]
                    + 2.0 * amount * c[0][1])
                    / (self.slope * self.slope);
                let se = variance.max(0.0).sqrt();
                let half = stats.t_95 * se;
                if !(se.is_finite() && half.is_finite()) {
                    return Err(CalibrationError::OutOfRange {
                        what: "the standard error of the amount overflows",
                    });
                }
                let detection = if amount < stats.lod_amount {
                    Detection::BelowLod
                } else if amount < stats.loq_amount {
                    Detection::BelowLoq
                } else {
                    Detection::Quantifiable
                };
                (Some(se), Some((amount - half, amount + half)), detection)
            }
        };
        Ok(InversePrediction {
            amount,
            area,
            replicates,
            std_error,
            ci95,
            detection,
            position,
            negative: amount < 0.0,
        })
    }

    /// The weighting's σ of one injection (in units of the residual SD) at a sample's area
    /// and amount.
    fn response_scale(&self, area: f64, amount: f64) -> f64 {
        match self.settings.weighting {
            Weighting::Unweighted => 1.0,
            Weighting::RelativeArea => area,
            Weighting::Sigma => {
                let (first, last) = (self.levels[0], self.levels[self.levels.len() - 1]);
                if amount <= first.0 {
                    first.1
                } else if amount >= last.0 {
                    last.1
                } else {
                    let (x, s): (Vec<f64>, Vec<f64>) = self.levels.iter().copied().unzip();
                    interpolate(&x, &s, amount).unwrap_or(last.1)
                }
            }
        }
    }

    /// Sentences for the page about a sample read off this line: extrapolation, the limits,
    /// a negative amount, a missing uncertainty. Empty when there is nothing to warn about.
    pub fn warnings(&self, sample: &InversePrediction) -> Vec<String> {
        let mut warnings = Vec::new();
        let (lowest, highest) = self.amount_range;
        if sample.negative {
            warnings.push("The peak area is below the calibration line's intercept, so the computed amount is negative: the gas was not detected. Report it as below the limit of detection, not as a negative amount.".to_string());
        }
        match sample.position {
            RangePosition::BelowRange if !sample.negative => warnings.push(format!(
                "The amount is below the lowest standard ({}), so it is read off an extrapolated line: add a standard at or below it.",
                Short(lowest, 4)
            )),
            RangePosition::AboveRange => warnings.push(format!(
                "The amount is above the highest standard ({}), so it is read off an extrapolated line, where the detector may no longer be linear: inject less sample, or add a larger standard.",
                Short(highest, 4)
            )),
            _ => {}
        }
        if let Some(stats) = &self.statistics {
            match sample.detection {
                Detection::BelowLod if !sample.negative => warnings.push(format!(
                    "The amount is below the limit of detection ({}): the gas is not detected with confidence.",
                    Short(stats.lod_amount, 3)
                )),
                Detection::BelowLoq => warnings.push(format!(
                    "The amount is between the limit of detection ({}) and the limit of quantification ({}): the gas is detected, but the amount is too imprecise to quote as a number.",
                    Short(stats.lod_amount, 3),
                    Short(stats.loq_amount, 3)
                )),
                _ => {}
            }
        } else {
            warnings.push("The calibration cannot estimate its own scatter (two standards with an intercept, or standards exactly on a line), so the amount has no uncertainty and there is no limit of detection: add standards.".to_string());
        }
        warnings
    }
}

/// The amount of gas in the whole headspace when a syringe sample of `sample_volume_ml` was
/// drawn from a headspace of `headspace_volume_ml` (both at the same temperature and
/// pressure) and found to contain `sample_amount`: n_total = n_sample·V_headspace/V_sample.
///
/// The result is in the unit of `sample_amount`. The scaling is linear, so the same call
/// scales a standard error or the ends of an interval. `sample_amount` may be negative (a
/// flagged inverse prediction passes through unchanged in sign). It does not add back the gas
/// removed by earlier samples from the same reactor, which matters for a long time course
/// sampled often from a small headspace. Errors: volumes that are not positive and finite,
/// and a sample larger than the headspace.
pub fn headspace_amount(
    sample_amount: f64,
    sample_volume_ml: f64,
    headspace_volume_ml: f64,
) -> Result<f64, CalibrationError> {
    if !sample_amount.is_finite() {
        return Err(CalibrationError::BadSampleAmount {
            value: sample_amount,
        });
    }
    for (quantity, value) in [
        ("injected sample volume", sample_volume_ml),
        ("headspace volume", headspace_volume_ml),
    ] {
        if !(value > 0.0 && value.is_finite()) {
            return Err(CalibrationError::BadVolume {
                quantity,
                value,
                unit: "mL",
            });
        }
    }
    if sample_volume_ml > headspace_volume_ml {
        return Err(CalibrationError::SampleLargerThanHeadspace {
            sample_ml: sample_volume_ml,
            headspace_ml: headspace_volume_ml,
        });
    }
    let total = sample_amount * (headspace_volume_ml / sample_volume_ml);
    if total.is_finite() {
        Ok(total)
    } else {
        Err(CalibrationError::OutOfRange {
            what: "the amount in the headspace overflows",
        })
    }
}

/// The amount (µmol) of a gas in an injected standard given as a volume of a gas mixture:
/// n = V·x/V_m, with V the injected volume in µL, x the mole (≈ volume) fraction of the gas
/// in the mixture, 0 to 1, and V_m the molar volume at the syringe's temperature and pressure
/// in L/mol. µL × (L/mol)⁻¹ gives µmol directly: 100 µL of 1 % H₂ at 24.47 L/mol is
/// 100 × 0.01/24.47 = 0.0409 µmol.
///
/// Errors: a volume or molar volume that is not positive and finite, a fraction outside 0 to
/// 1 (a fraction of 0 is allowed: a blank).
pub fn standard_amount_from_volume(
    injected_volume_ul: f64,
    fraction: f64,
    molar_volume_l_per_mol: f64,
) -> Result<f64, CalibrationError> {
    if !(injected_volume_ul > 0.0 && injected_volume_ul.is_finite()) {
        return Err(CalibrationError::BadVolume {
            quantity: "injected volume of the standard",
            value: injected_volume_ul,
            unit: "µL",
        });
    }
    if !(0.0..=1.0).contains(&fraction) {
        return Err(CalibrationError::BadFraction { value: fraction });
    }
    if !(molar_volume_l_per_mol > 0.0 && molar_volume_l_per_mol.is_finite()) {
        return Err(CalibrationError::BadMolarVolume {
            value: molar_volume_l_per_mol,
        });
    }
    let amount_umol = injected_volume_ul * fraction / molar_volume_l_per_mol;
    if amount_umol.is_finite() {
        Ok(amount_umol)
    } else {
        Err(CalibrationError::OutOfRange {
            what: "the amount of the standard overflows",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Reference values from tests/gas_refs/make_calibration_refs.py (NumPy and SciPy, closed
    // forms independent of the project's QR engine; see the script's docstring), pasted as it
    // printed them. Tolerances, stated where used: the fitted line, its covariance, R², s and
    // t agree to 1e-10 relative; quantities that can be near 0 (the intercept, the band at
    // amount 0, a negative x₀) are compared on the scale of the data instead (1e-10 of the
    // largest area, or of the standard error), since QR and the normal equations differ in
    // the last digits of the *absolute* values.
    #[rustfmt::skip]
    mod refs {
        // Python 3.11.7 NumPy 2.4.6 SciPy 1.17.1
        // A
        pub const A_LINE: [f64; 2] = [35.600599357203464, 121473.62867675524]; // intercept, slope
        pub const A_COV: [f64; 3] = [9850.92342170239, -67626.40816993825, 640603.8033148556]; // var a, cov ab, var b
        pub const A_FIT: [f64; 3] = [0.9998263758695978, 127.55772652166333, 2.7764451051977934]; // R2, residual SD, t(0.975, 4)
        pub const A_LOD_LOQ: [f64; 2] = [0.0034652829762879937, 0.010500857503903012];
        // area 3000.0 x1: x0 0.0244036, se 0.00125397; Monte Carlo SD 0.00125732 (+0.27 %); without cov(a,b) the se would be 0.0013402 (+6.9 %)
        // area 12000.0 x3: x0 0.0984938, se 0.000743984; Monte Carlo SD 0.000744289 (+0.04 %); without cov(a,b) the se would be 0.00120678 (+62.2 %)
        // area 30000.0 x1: x0 0.246674, se 0.00146659; Monte Carlo SD 0.00146712 (+0.04 %); without cov(a,b) the se would be 0.00210045 (+43.2 %)
        // area 500.0 x1: x0 0.00382305, se 0.00131752; Monte Carlo SD 0.00131776 (+0.02 %); without cov(a,b) the se would be 0.00133076 (+1.0 %)
        // area 150.0 x2: x0 0.000941763, se 0.00110016; Monte Carlo SD 0.00110193 (+0.16 %); without cov(a,b) the se would be 0.00110407 (+0.4 %)
        // area 20.0 x2: x0 -0.000128428, se 0.00110459; Monte Carlo SD 0.00110278 (-0.16 %); without cov(a,b) the se would be 0.00110405 (-0.0 %)
        pub const A_INVERSE: [[f64; 6]; 6] = [ // area, replicates, x0, se, ci low, ci high
            [3000.0, 1.0, 0.02440364573722538, 0.0012539713757057215, 0.020922063049089085, 0.027885228425361674],
            [12000.0, 3.0, 0.09849380092596395, 0.0007439837525755375, 0.09642817087777891, 0.10055943097414899],
            [30000.0, 1.0, 0.2466741113034411, 0.0014665882833387858, 0.2426022094428247, 0.25074601316405754],
            [500.0, 1.0, 0.0038230470736868864, 0.0013175231064953953, 0.00016501649367275505, 0.007481077653701018],
            [150.0, 2.0, 0.0009417632607914972, 0.0011001550237470538, -0.0021127567698497724, 0.003996283291432767],
            [20.0, 2.0, -0.00012842786971250443, 0.0011045871243971102, -0.003195253384509367, 0.0029383976450843585],
        ];
        pub const A_BAND: [[f64; 3]; 3] = [ // amount, low, high
            [0.0, -239.96662554584464, 311.16782426025156],
            [0.10214999999999999, 12299.34855278655, 12588.91498458895],
            [0.30645, 36791.959872364554, 37730.42834233314],
        ];
        // A0
        pub const A0_LINE: [f64; 2] = [0.0, 121718.02613678633]; // intercept, slope
        pub const A0_COV: [f64; 3] = [0.0, 0.0, 145617.5742350332]; // var a, cov ab, var b
        pub const A0_FIT: [f64; 3] = [0.999950858019872, 115.91142268612728, 2.5705818356363146]; // R2, residual SD, t(0.975, 5)
        pub const A0_LOD_LOQ: [f64; 2] = [0.0031425722795928278, 0.009522946301796448];
        // area 3000.0 x1: x0 0.0246471, se 0.000955424; Monte Carlo SD 0.000956275 (+0.09 %); without cov(a,b) the se would be 0.000955424 (+0.0 %)
        // area 12000.0 x3: x0 0.0985885, se 0.000630731; Monte Carlo SD 0.000630855 (+0.02 %); without cov(a,b) the se would be 0.000630731 (+0.0 %)
        // area 30000.0 x1: x0 0.246471, se 0.00122636; Monte Carlo SD 0.00122634 (-0.00 %); without cov(a,b) the se would be 0.00122636 (+0.0 %)
        pub const A0_INVERSE: [[f64; 6]; 3] = [ // area, replicates, x0, se, ci low, ci high
            [3000.0, 1.0, 0.02464712988878582, 0.0009554244711385068, 0.022191133097954743, 0.027103126679616896],
            [12000.0, 3.0, 0.09858851955514328, 0.0006307313788959121, 0.0969671729293876, 0.10020986618089896],
            [30000.0, 1.0, 0.2464712988878582, 0.0012263567184142958, 0.24331884858349187, 0.24962374919222455],
        ];
        pub const A0_BAND: [[f64; 3]; 3] = [ // amount, low, high
            [0.0, 0.0, 0.0],
            [0.10214999999999999, 12333.294298024339, 12533.698441721106],
            [0.30645, 36999.882894073016, 37601.09532516332],
        ];
        // CS
        pub const CS_LINE: [f64; 2] = [-6.621872556788503, 122248.22593763637]; // intercept, slope
        pub const CS_COV: [f64; 3] = [451.1369905536159, -10182.19167494116, 612444.5682744476]; // var a, cov ab, var b
        pub const CS_FIT: [f64; 3] = [0.999795137399617, 0.8201176187438266, 2.5705818356363146]; // R2, residual SD, t(0.975, 5)
        pub const CS_LOD_LOQ: [f64; 2] = [0.0005534616394423717, 0.0016771564831587022];
        // area 900.0 x1: x0 0.00741624, se 0.000224642; Monte Carlo SD 0.000224557 (-0.04 %); without cov(a,b) the se would be 0.000246109 (+9.6 %)
        // area 30000.0 x2: x0 0.245457, se 0.00279238; Monte Carlo SD 0.00278911 (-0.12 %); without cov(a,b) the se would be 0.00285164 (+2.1 %)
        // area 90000.0 x1: x0 0.736261, se 0.0110279; Monte Carlo SD 0.0110253 (-0.02 %); without cov(a,b) the se would be 0.0110733 (+0.4 %)
        // area 150000.0 x3: x0 1.22707, se 0.0112348; Monte Carlo SD 0.0112105 (-0.22 %); without cov(a,b) the se would be 0.011309 (+0.7 %)
        pub const CS_INVERSE: [[f64; 6]; 4] = [ // area, replicates, x0, se, ci low, ci high
            [900.0, 1.0, 0.007416237459505482, 0.00022464186524033923, 0.0068387771611952055, 0.007993697757815759],
            [30000.0, 2.0, 0.2454565016580637, 0.0027923782050287066, 0.23827846496599017, 0.2526345383501372],
            [90000.0, 1.0, 0.7362611701086993, 0.011027944183978584, 0.7079129371049528, 0.7646094031124457],
            [150000.0, 3.0, 1.2270658385593347, 0.01123481286652939, 1.1981858326778612, 1.2559458444408083],
        ];
        pub const CS_BAND: [[f64; 3]; 3] = [ // amount, low, high
            [0.0, -61.2209938664116, 47.97724875283459],
            [0.1, 12045.012468425506, 12391.388973988192],
            [1.5, 180381.28941214163, 186350.14465565394],
        ];
        // CS0
        pub const CS0_LINE: [f64; 2] = [0.0, 122098.76983664693]; // intercept, slope
        pub const CS0_COV: [f64; 3] = [0.0, 0.0, 325058.3071633112]; // var a, cov ab, var b
        pub const CS0_FIT: [f64; 3] = [0.9998691923540137, 0.7559032793756748, 2.4469118511449786]; // R2, residual SD, t(0.975, 6)
        pub const CS0_LOD_LOQ: [f64; 2] = [0.0005107506048744459, 0.0015477291056801392];
        // area 900.0 x1: x0 0.00737108, se 0.000158554; Monte Carlo SD 0.000158252 (-0.19 %); without cov(a,b) the se would be 0.000158554 (+0.0 %)
        // area 30000.0 x2: x0 0.245703, se 0.00247416; Monte Carlo SD 0.00247344 (-0.03 %); without cov(a,b) the se would be 0.00247416 (+0.0 %)
        // area 90000.0 x1: x0 0.737108, se 0.00987672; Monte Carlo SD 0.00990119 (+0.25 %); without cov(a,b) the se would be 0.00987672 (-0.0 %)
        // area 150000.0 x3: x0 1.22851, se 0.00944718; Monte Carlo SD 0.00944174 (-0.06 %); without cov(a,b) the se would be 0.00944718 (+0.0 %)
        pub const CS0_INVERSE: [[f64; 6]; 4] = [ // area, replicates, x0, se, ci low, ci high
            [900.0, 1.0, 0.007371081635008189, 0.000158553883769523, 0.00698311425776748, 0.007759049012248899],
            [30000.0, 2.0, 0.24570272116693964, 0.002474158858294646, 0.23964867253496314, 0.25175676979891615],
            [90000.0, 1.0, 0.7371081635008189, 0.009876718915552347, 0.712940702935926, 0.7612756240657117],
            [150000.0, 3.0, 1.2285136058346982, 0.009447175743645425, 1.2053971995477228, 1.2516300121216735],
        ];
        pub const CS0_BAND: [[f64; 3]; 3] = [ // amount, low, high
            [0.0, 0.0, 0.0],
            [0.1, 12070.36903301786, 12349.384934311527],
            [1.5, 181055.5354952679, 185240.7740146729],
        ];
        // CR
        pub const CR_LINE: [f64; 2] = [-0.2016237073596585, 122009.24189325498]; // intercept, slope
        pub const CR_COV: [f64; 3] = [345.05480588807086, -9268.353979414085, 638888.9413668336]; // var a, cov ab, var b
        pub const CR_FIT: [f64; 3] = [0.99978545582255, 0.013540784660494666, 2.5705818356363146]; // R2, residual SD, t(0.975, 5)
        pub const CR_LOD_LOQ: [f64; 2] = [0.00045047444016604697, 0.0013650740611092335];
        // area 900.0 x1: x0 0.00737814, se 0.000162188; Monte Carlo SD 0.000161898 (-0.18 %); without cov(a,b) the se would be 0.000188394 (+16.2 %)
        // area 30000.0 x2: x0 0.245885, se 0.00280257; Monte Carlo SD 0.00280055 (-0.07 %); without cov(a,b) the se would be 0.00285667 (+1.9 %)
        // area 90000.0 x1: x0 0.737651, se 0.0110555; Monte Carlo SD 0.0110939 (+0.35 %); without cov(a,b) the se would be 0.011097 (+0.4 %)
        // area 150000.0 x3: x0 1.22942, se 0.0124795; Monte Carlo SD 0.0124746 (-0.04 %); without cov(a,b) the se would be 0.0125407 (+0.5 %)
        pub const CR_INVERSE: [[f64; 6]; 4] = [ // area, replicates, x0, se, ci low, ci high
            [900.0, 1.0, 0.007378142915558312, 0.00016218824214535928, 0.006961224766345668, 0.007795061064770957],
            [30000.0, 2.0, 0.2458846654416091, 0.0028025714567253943, 0.238680426161878, 0.2530889047213402],
            [90000.0, 1.0, 0.737650691268518, 0.011055525482501624, 0.7092315582797849, 0.7660698242572511],
            [150000.0, 3.0, 1.2294167170954269, 0.012479516808068861, 1.1973370978710869, 1.2614963363197669],
        ];
        pub const CR_BAND: [[f64; 3]; 3] = [ // amount, low, high
            [0.0, -47.95185446345915, 47.54860704873983],
            [0.1, 12021.144407966665, 12380.30072326961],
            [1.5, 179961.22099208224, 186066.10144026796],
        ];
        // CR0
        pub const CR0_LINE: [f64; 2] = [0.0, 122003.82617419075]; // intercept, slope
        pub const CR0_COV: [f64; 3] = [0.0, 0.0, 324954.3797321847]; // var a, cov ab, var b
        pub const CR0_FIT: [f64; 3] = [0.9998690305932068, 0.012361134303082062, 2.4469118511449786]; // R2, residual SD, t(0.975, 6)
        pub const CR0_LOD_LOQ: [f64; 2] = [0.00041124811991203025, 0.0012462064239758491];
        // area 900.0 x1: x0 0.00737682, se 9.74826e-05; Monte Carlo SD 9.76897e-05 (+0.21 %); without cov(a,b) the se would be 9.74826e-05 (-0.0 %)
        // area 30000.0 x2: x0 0.245894, se 0.00243708; Monte Carlo SD 0.00242858 (-0.35 %); without cov(a,b) the se would be 0.00243708 (+0.0 %)
        // area 90000.0 x1: x0 0.737682, se 0.00974826; Monte Carlo SD 0.00974749 (-0.01 %); without cov(a,b) the se would be 0.00974826 (-0.0 %)
        // area 150000.0 x3: x0 1.22947, se 0.0104876; Monte Carlo SD 0.0105054 (+0.17 %); without cov(a,b) the se would be 0.0104876 (-0.0 %)
        pub const CR0_INVERSE: [[f64; 6]; 4] = [ // area, replicates, x0, se, ci low, ci high
            [900.0, 1.0, 0.007376817827950958, 9.748255703730718e-05, 0.007138286603856454, 0.007615349052045461],
            [30000.0, 2.0, 0.24589392759836526, 0.0024370794433957016, 0.2399306090261385, 0.251857246170592],
            [90000.0, 1.0, 0.7376817827950958, 0.009748255703730717, 0.7138286603856454, 0.7615349052045461],
            [150000.0, 3.0, 1.2294696379918262, 0.010487573529423519, 1.2038074700329253, 1.255131805950727],
        ];
        pub const CR0_BAND: [[f64; 3]; 3] = [ // amount, low, high
            [0.0, 0.0, 0.0],
            [0.1, 12060.896970250846, 12339.868264587307],
            [1.5, 180913.45455376268, 185098.02396880958],
        ];
    }
    use refs::*;

    const A_AMOUNT: [f64; 6] = [0.0204, 0.0409, 0.0817, 0.1226, 0.1635, 0.2043];
    const A_AREA: [f64; 6] = [2480.0, 5105.0, 9870.0, 15020.0, 19730.0, 24950.0];
    const C_AMOUNT: [f64; 7] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];
    const C_AREA: [f64; 7] = [1230.0, 2395.0, 6120.0, 12350.0, 24100.0, 61800.0, 121500.0];
    const C_SIGMA: [f64; 7] = [25.0, 40.0, 90.0, 180.0, 420.0, 950.0, 2100.0];

    /// One reference data set: the fitted line and what is read off it.
    struct Reference {
        name: &'static str,
        line: [f64; 2],
        cov: [f64; 3],
        fit: [f64; 3],
        lod_loq: [f64; 2],
        inverse: &'static [[f64; 6]],
        band: [[f64; 3]; 3],
    }

    fn standards(amounts: &[f64], areas: &[f64], sigma: Option<&[f64]>) -> Vec<Standard> {
        amounts
            .iter()
            .zip(areas)
            .enumerate()
            .map(|(i, (&amount, &area))| Standard {
                amount,
                area,
                area_sigma: sigma.map(|s| s[i]),
            })
            .collect()
    }

    fn settings(through_origin: bool, weighting: Weighting) -> CalibrationSettings {
        CalibrationSettings {
            through_origin,
            weighting,
        }
    }

    /// |got − want| ≤ tolerance·scale.
    fn near(what: &str, got: f64, want: f64, tolerance: f64, scale: f64) {
        assert!(
            (got - want).abs() <= tolerance * scale,
            "{what}: {got} against {want} (difference {:e}, allowed {:e})",
            (got - want).abs(),
            tolerance * scale
        );
    }

    fn close(what: &str, got: f64, want: f64, tolerance: f64) {
        near(what, got, want, tolerance, want.abs());
    }

    fn check(calibration: &Calibration, reference: &Reference, largest_area: f64) {
        let name = reference.name;
        let stats = calibration.statistics.expect("statistics");
        near(
            &format!("{name} intercept"),
            calibration.intercept,
            reference.line[0],
            1e-10,
            largest_area,
        );
        close(
            &format!("{name} slope"),
            calibration.slope,
            reference.line[1],
            1e-10,
        );
        let [var_a, cov_ab, var_b] = reference.cov;
        let c = stats.covariance;
        // Through the origin var a and cov(a, b) are exactly 0 on both sides.
        near(&format!("{name} var a"), c[0][0], var_a, 1e-10, var_a.abs());
        near(
            &format!("{name} cov ab"),
            c[0][1],
            cov_ab,
            1e-10,
            cov_ab.abs(),
        );
        assert_eq!(c[0][1], c[1][0], "{name}: covariance not symmetric");
        close(&format!("{name} var b"), c[1][1], var_b, 1e-10);
        close(
            &format!("{name} se a"),
            stats.intercept_std_error,
            var_a.sqrt(),
            1e-10,
        );
        close(
            &format!("{name} se b"),
            stats.slope_std_error,
            var_b.sqrt(),
            1e-10,
        );
        close(
            &format!("{name} R²"),
            calibration.r_squared,
            reference.fit[0],
            1e-10,
        );
        close(
            &format!("{name} s"),
            stats.residual_sd,
            reference.fit[1],
            1e-10,
        );
        close(&format!("{name} t"), stats.t_95, reference.fit[2], 1e-10);
        close(
            &format!("{name} LOD"),
            stats.lod_amount,
            reference.lod_loq[0],
            1e-10,
        );
        close(
            &format!("{name} LOQ"),
            stats.loq_amount,
            reference.lod_loq[1],
            1e-10,
        );
        for row in reference.inverse {
            let [area, m, x0, se, low, high] = *row;
            let sample = calibration.amount_of(area, m as usize).unwrap();
            let what = format!("{name} area {area} ×{m}");
            // x₀ can be near 0: compared on the scale of its standard error.
            near(&format!("{what} x0"), sample.amount, x0, 1e-9, se);
            close(&format!("{what} se"), sample.std_error.unwrap(), se, 1e-9);
            let (lo, hi) = sample.ci95.unwrap();
            near(&format!("{what} ci low"), lo, low, 1e-9, se);
            near(&format!("{what} ci high"), hi, high, 1e-9, se);
        }
        for [amount, low, high] in reference.band {
            let (lo, hi) = calibration.band(amount).unwrap();
            near(
                &format!("{name} band low at {amount}"),
                lo,
                low,
                1e-10,
                largest_area,
            );
            near(
                &format!("{name} band high at {amount}"),
                hi,
                high,
                1e-10,
                largest_area,
            );
        }
    }

    fn a_standards() -> Vec<Standard> {
        standards(&A_AMOUNT, &A_AREA, None)
    }

    fn c_standards() -> Vec<Standard> {
        standards(&C_AMOUNT, &C_AREA, Some(&C_SIGMA))
    }

    #[test]
    fn unweighted_line_with_intercept_matches_numpy() {
        let line = calibrate(&a_standards(), &settings(false, Weighting::Unweighted)).unwrap();
        assert_eq!((line.points, line.dof), (6, 4));
        assert_eq!(line.amount_range, (0.0204, 0.2043));
        check(
            &line,
            &Reference {
                name: "A",
                line: A_LINE,
                cov: A_COV,
                fit: A_FIT,
                lod_loq: A_LOD_LOQ,
                inverse: &A_INVERSE,
                band: A_BAND,
            },
            24950.0,
        );
        // The intercept–slope covariance is strongly negative here, so leaving it out of the
        // inverse prediction would be caught: at area 12000 (3 injections) the standard
        // error without it is 62 % larger (the script prints the figure).
        let stats = line.statistics.unwrap();
        let x0 = line.amount_of(12000.0, 3).unwrap();
        let c = stats.covariance;
        let without = ((stats.residual_sd.powi(2) / 3.0 + c[0][0] + x0.amount.powi(2) * c[1][1])
            .sqrt())
            / line.slope;
        assert!(
            without > 1.5 * x0.std_error.unwrap(),
            "{without} against {:?}",
            x0.std_error
        );
    }

    #[test]
    fn line_through_origin_matches_numpy() {
        let line = calibrate(&a_standards(), &settings(true, Weighting::Unweighted)).unwrap();
        assert_eq!(line.intercept, 0.0);
        assert_eq!((line.points, line.dof), (6, 5));
        check(
            &line,
            &Reference {
                name: "A0",
                line: A0_LINE,
                cov: A0_COV,
                fit: A0_FIT,
                lod_loq: A0_LOD_LOQ,
                inverse: &A0_INVERSE,
                band: A0_BAND,
            },
            24950.0,
        );
    }

    #[test]
    fn sigma_weighted_lines_match_numpy() {
        let with = calibrate(&c_standards(), &settings(false, Weighting::Sigma)).unwrap();
        check(
            &with,
            &Reference {
                name: "CS",
                line: CS_LINE,
                cov: CS_COV,
                fit: CS_FIT,
                lod_loq: CS_LOD_LOQ,
                inverse: &CS_INVERSE,
                band: CS_BAND,
            },
            121500.0,
        );
        let origin = calibrate(&c_standards(), &settings(true, Weighting::Sigma)).unwrap();
        check(
            &origin,
            &Reference {
                name: "CS0",
                line: CS0_LINE,
                cov: CS0_COV,
                fit: CS0_FIT,
                lod_loq: CS0_LOD_LOQ,
                inverse: &CS0_INVERSE,
                band: CS0_BAND,
            },
            121500.0,
        );
        // σ for the LOD is s times the σ of the lowest standard (25 counts).
        let stats = with.statistics.unwrap();
        close(
            "CS detection σ",
            stats.detection_sd_area,
            CS_FIT[1] * 25.0,
            1e-10,
        );
    }

    #[test]
    fn relative_area_weighted_lines_match_numpy() {
        let with = calibrate(&c_standards(), &settings(false, Weighting::RelativeArea)).unwrap();
        check(
            &with,
            &Reference {
                name: "CR",
                line: CR_LINE,
                cov: CR_COV,
                fit: CR_FIT,
                lod_loq: CR_LOD_LOQ,
                inverse: &CR_INVERSE,
                band: CR_BAND,
            },
            121500.0,
        );
        let origin = calibrate(&c_standards(), &settings(true, Weighting::RelativeArea)).unwrap();
        check(
            &origin,
            &Reference {
                name: "CR0",
                line: CR0_LINE,
                cov: CR0_COV,
                fit: CR0_FIT,
                lod_loq: CR0_LOD_LOQ,
                inverse: &CR0_INVERSE,
                band: CR0_BAND,
            },
            121500.0,
        );
        // The σ given with the standards play no part in 1/area² weighting.
        let without_sigma = calibrate(
            &standards(&C_AMOUNT, &C_AREA, None),
            &settings(false, Weighting::RelativeArea),
        )
        .unwrap();
        assert_eq!(without_sigma, with);
    }

    #[test]
    fn flags_follow_the_limits_and_the_range() {
        let line = calibrate(&a_standards(), &CalibrationSettings::default()).unwrap();
        let stats = line.statistics.unwrap();
        let read = |area: f64| line.amount_of(area, 1).unwrap();
        // Each area of the reference set A, against LOD 0.00347, LOQ 0.0105 and the standards'
        // range 0.0204 to 0.2043.
        let within = read(3000.0);
        assert_eq!(
            (within.detection, within.position, within.negative),
            (Detection::Quantifiable, RangePosition::Within, false)
        );
        assert!(line.warnings(&within).is_empty());
        let above = read(30000.0);
        assert_eq!(above.position, RangePosition::AboveRange);
        assert!(above.extrapolated() && !above.below_loq());
        assert_eq!(line.warnings(&above).len(), 1);
        let between = read(500.0);
        assert!(between.amount > stats.lod_amount && between.amount < stats.loq_amount);
        assert_eq!(
            (between.detection, between.position),
            (Detection::BelowLoq, RangePosition::BelowRange)
        );
        assert!(between.below_loq() && !between.below_lod());
        assert_eq!(line.warnings(&between).len(), 2);
        let undetected = read(150.0);
        assert!(undetected.amount > 0.0 && undetected.below_lod() && !undetected.negative);
        let negative = read(20.0);
        assert!(
            negative.amount < 0.0,
            "area below the intercept {}",
            line.intercept
        );
        assert!(negative.negative && negative.below_lod() && negative.extrapolated());
        let warned = line.warnings(&negative);
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(warned[0].contains("negative"));
        // An area of 0 (no peak) is read, not refused.
        assert!(line.amount_of(0.0, 1).unwrap().negative);
        // Exactly at the lowest standard is within the range.
        assert_eq!(
            line.amount_of(line.line(0.0204), 1).unwrap().position,
            RangePosition::Within
        );
    }

    #[test]
    fn more_injections_narrow_the_interval_but_not_below_the_line_uncertainty() {
        let line = calibrate(&a_standards(), &CalibrationSettings::default()).unwrap();
        let se = |m: usize| line.amount_of(12000.0, m).unwrap().std_error.unwrap();
        assert!(se(1) > se(2) && se(2) > se(10) && se(10) > se(1000));
        // m → ∞ leaves the line's own uncertainty: the band's half-width / (t·b) at x₀.
        let x0 = line.amount_of(12000.0, 1).unwrap().amount;
        let (lo, hi) = line.band(x0).unwrap();
        let from_band = (hi - lo) / 2.0 / line.statistics.unwrap().t_95 / line.slope;
        close("m → ∞", se(usize::MAX), from_band, 1e-9);
    }

    #[test]
    fn two_standards_with_an_intercept_give_the_line_without_uncertainty() {
        for weighting in [
            Weighting::Unweighted,
            Weighting::Sigma,
            Weighting::RelativeArea,
        ] {
            let two = standards(&[0.05, 0.2], &[6000.0, 24500.0], Some(&[50.0, 300.0]));
            let line = calibrate(&two, &settings(false, weighting)).unwrap();
            close("slope", line.slope, 18500.0 / 0.15, 1e-14);
            near(
                "intercept",
                line.intercept,
                6000.0 - 0.05 * 18500.0 / 0.15,
                1e-14,
                24500.0,
            );
            assert_eq!((line.dof, line.r_squared, line.statistics), (0, 1.0, None));
            let sample = line.amount_of(12000.0, 1).unwrap();
            close("x0", sample.amount, 0.05 + 0.15 * 6000.0 / 18500.0, 1e-14);
            assert_eq!(
                (sample.std_error, sample.ci95, sample.detection),
                (None, None, Detection::Unknown)
            );
            assert!(!sample.below_lod() && !sample.extrapolated());
            assert_eq!(line.band(0.1), None);
            assert_eq!(line.warnings(&sample).len(), 1);
        }
        // Through the origin two standards leave one degree of freedom.
        let two = standards(&[0.05, 0.2], &[6000.0, 24500.0], None);
        let line = calibrate(&two, &settings(true, Weighting::Unweighted)).unwrap();
        assert_eq!(line.dof, 1);
        assert!(line.statistics.is_some());
    }

    #[test]
    fn standards_exactly_on_a_line_have_no_scatter_to_report() {
        let exact = standards(
            &[0.1, 0.2, 0.3, 0.4],
            &[1500.0, 2700.0, 3900.0, 5100.0],
            None,
        );
        let line = calibrate(&exact, &CalibrationSettings::default()).unwrap();
        close("slope", line.slope, 12000.0, 1e-12);
        near("intercept", line.intercept, 300.0, 1e-12, 5100.0);
        assert_eq!(line.statistics, None);
        assert_eq!(line.dof, 2);
    }

    #[test]
    fn one_level_through_the_origin_is_a_response_factor() {
        // Three injections of one standard: the slope is the mean area over the amount.
        let one = standards(&[0.04; 3], &[4890.0, 5010.0, 4950.0], None);
        let line = calibrate(&one, &settings(true, Weighting::Unweighted)).unwrap();
        close("response factor", line.slope, 4950.0 / 0.04, 1e-13);
        assert_eq!(line.amount_range, (0.04, 0.04));
        // s = SD of the three areas (60 counts, n − 1 = 2 degrees of freedom).
        close("s", line.statistics.unwrap().residual_sd, 60.0, 1e-12);
    }

    #[test]
    fn replicate_standards_at_one_amount_share_a_sigma_level() {
        // Two standards at the lowest amount with σ 30 and 40: the LOD uses their root mean
        // square, √((30² + 40²)/2) = 35.355….
        let set = standards(
            &[0.01, 0.01, 0.05, 0.1],
            &[1200.0, 1260.0, 6150.0, 12300.0],
            Some(&[30.0, 40.0, 100.0, 200.0]),
        );
        let line = calibrate(&set, &settings(false, Weighting::Sigma)).unwrap();
        let stats = line.statistics.unwrap();
        close(
            "detection σ",
            stats.detection_sd_area,
            stats.residual_sd * 1250.0_f64.sqrt(),
            1e-14,
        );
    }

    #[test]
    fn every_error_is_reported() {
        use CalibrationError as E;
        let ok = a_standards();
        let plain = CalibrationSettings::default();
        let fails = |set: &[Standard], s: CalibrationSettings| calibrate(set, &s).unwrap_err();
        assert_eq!(fails(&[], plain), E::TooFewStandards { given: 0 });
        assert_eq!(fails(&ok[..1], plain), E::TooFewStandards { given: 1 });
        assert!(fails(&ok[..1], plain)
            .to_string()
            .contains("only 1 standard"));
        let mut bad = ok.clone();
        bad[2].area = f64::NAN;
        assert!(matches!(
            fails(&bad, plain),
            E::NonFinite {
                row: 3,
                quantity: "area",
                ..
            }
        ));
        bad[2].area = 9870.0;
        bad[4].amount = f64::INFINITY;
        assert!(matches!(
            fails(&bad, plain),
            E::NonFinite {
                row: 5,
                quantity: "amount",
                ..
            }
        ));
        bad[4].amount = -0.1635;
        assert!(matches!(
            fails(&bad, plain),
            E::Negative {
                row: 5,
                quantity: "amount",
                ..
            }
        ));
        bad[4].amount = 0.1635;
        bad[0].area = -1.0;
        assert!(matches!(
            fails(&bad, plain),
            E::Negative {
                row: 1,
                quantity: "area",
                ..
            }
        ));

        // Weighting by σ needs a positive, finite σ for every standard.
        let sigma = settings(false, Weighting::Sigma);
        assert_eq!(fails(&ok, sigma), E::MissingAreaSigma { row: 1 });
        let mut with_sigma = standards(&A_AMOUNT, &A_AREA, Some(&[20.0; 6]));
        assert!(calibrate(&with_sigma, &sigma).is_ok());
        for (value, zero_or_negative) in [
            (0.0, true),
            (-5.0, true),
            (1e-300, true),
            (f64::NAN, false),
            (f64::INFINITY, false),
        ] {
            with_sigma[3].area_sigma = Some(value);
            let error = fails(&with_sigma, sigma);
            if zero_or_negative {
                assert!(
                    matches!(error, E::BadAreaSigma { row: 4, .. }),
                    "{value}: {error:?}"
                );
            } else {
                assert!(
                    matches!(error, E::NonFinite { row: 4, .. }),
                    "{value}: {error:?}"
                );
            }
        }
        with_sigma[3].area_sigma = None;
        assert_eq!(fails(&with_sigma, sigma), E::MissingAreaSigma { row: 4 });

        // 1/area² cannot weight an area of 0, which the other weightings accept.
        let mut blank = ok.clone();
        blank.push(Standard {
            amount: 0.0,
            area: 0.0,
            area_sigma: None,
        });
        assert_eq!(
            fails(&blank, settings(false, Weighting::RelativeArea)),
            E::ZeroAreaRelative { row: 7 }
        );
        assert!(calibrate(&blank, &plain).is_ok());

        let level = standards(&[0.1; 3], &[100.0, 110.0, 105.0], None);
        assert_eq!(fails(&level, plain), E::AllAmountsEqual { amount: 0.1 });
        let zero = standards(&[0.0; 3], &[0.0, 10.0, 5.0], None);
        assert_eq!(
            fails(&zero, settings(true, Weighting::Unweighted)),
            E::AllAmountsZero
        );

        // The area must grow with the amount: falling and flat areas are refused.
        let falling = standards(&[0.1, 0.2, 0.3], &[3000.0, 2000.0, 1000.0], None);
        assert!(
            matches!(fails(&falling, plain), E::NonPositiveSlope { slope } if (slope + 10000.0).abs() < 1e-6)
        );
        let flat = standards(&[0.1, 0.2, 0.3], &[2000.0, 2000.0, 2000.0], None);
        assert_eq!(fails(&flat, plain), E::AllAreasEqual { area: 2000.0 });
        assert_eq!(
            fails(&flat, settings(true, Weighting::RelativeArea)),
            E::AllAreasEqual { area: 2000.0 }
        );
        // Equal areas at one amount are a perfect response factor, not an error.
        let repeated = standards(&[0.1; 3], &[2000.0; 3], None);
        assert_eq!(
            calibrate(&repeated, &settings(true, Weighting::Unweighted))
                .unwrap()
                .statistics,
            None
        );
        let falling_two = standards(&[0.1, 0.2], &[3000.0, 2000.0], None);
        assert!(matches!(
            fails(&falling_two, plain),
            E::NonPositiveSlope { .. }
        ));

        // Reading a sample.
        let line = calibrate(&ok, &plain).unwrap();
        for area in [-1.0, f64::NAN, f64::INFINITY] {
            assert!(
                matches!(line.amount_of(area, 1), Err(E::BadSampleArea { .. })),
                "{area}"
            );
        }
        assert_eq!(line.amount_of(1000.0, 0), Err(E::NoReplicates));

        // Every message is a sentence.
        for error in [
            fails(&level, plain),
            fails(&falling, plain),
            E::NoReplicates,
            E::BadFraction { value: 2.0 },
        ] {
            let text = error.to_string();
            assert!(text.ends_with('.') && !text.contains("NaN"), "{text}");
        }
    }

    #[test]
    fn headspace_amount_scales_by_the_volumes() {
        // 0.5 mL of a 20 mL headspace holds 1/40 of its gas.
        close(
            "headspace",
            headspace_amount(0.0123, 0.5, 20.0).unwrap(),
            0.0123 * 40.0,
            1e-15,
        );
        // The whole headspace injected: unchanged. A flagged negative amount keeps its sign.
        assert_eq!(headspace_amount(0.0123, 20.0, 20.0).unwrap(), 0.0123);
        assert!(headspace_amount(-0.001, 0.5, 20.0).unwrap() < 0.0);
        use CalibrationError as E;
        for (sample, headspace) in [
            (0.0, 20.0),
            (-0.5, 20.0),
            (0.5, 0.0),
            (0.5, -20.0),
            (f64::NAN, 20.0),
            (0.5, f64::INFINITY),
        ] {
            assert!(
                matches!(
                    headspace_amount(0.01, sample, headspace),
                    Err(E::BadVolume { .. })
                ),
                "{sample} {headspace}"
            );
        }
        assert!(matches!(
            headspace_amount(0.01, 25.0, 20.0),
            Err(E::SampleLargerThanHeadspace { .. })
        ));
        assert!(matches!(
            headspace_amount(f64::NAN, 0.5, 20.0),
            Err(E::BadSampleAmount { .. })
        ));
    }

    #[test]
    fn standard_amount_from_volume_is_the_ideal_gas_amount() {
        // The example of the brief: 100 µL of 1 % H₂ at 24.47 L/mol is 0.0409 µmol.
        let amount = standard_amount_from_volume(100.0, 0.01, 24.47).unwrap();
        assert!((amount - 0.0409).abs() < 5e-5, "{amount}");
        // Against n = x·pV/(RT) in SI units: 250 µL = 2.5e-7 m³ of 5 % CO₂ at 30 °C and
        // 100 kPa, with the molar volume RT/p given in L/mol (CODATA 2018 R).
        let (r, t, p, v_m3, x) = (8.314_462_618, 303.15, 1.0e5, 2.5e-7, 0.05);
        let molar_volume_l_per_mol = r * t / p * 1e3;
        let expected_umol = x * p * v_m3 / (r * t) * 1e6;
        close(
            "µmol",
            standard_amount_from_volume(250.0, x, molar_volume_l_per_mol).unwrap(),
            expected_umol,
            1e-14,
        );
        assert_eq!(standard_amount_from_volume(100.0, 0.0, 24.47), Ok(0.0));
        use CalibrationError as E;
        for volume in [0.0, -100.0, f64::NAN] {
            assert!(matches!(
                standard_amount_from_volume(volume, 0.01, 24.47),
                Err(E::BadVolume { .. })
            ));
        }
        for fraction in [-0.01, 1.01, 100.0, f64::NAN] {
            assert!(matches!(
                standard_amount_from_volume(100.0, fraction, 24.47),
                Err(E::BadFraction { .. })
            ));
        }
        for molar in [0.0, -24.47, f64::INFINITY] {
            assert!(matches!(
                standard_amount_from_volume(100.0, 0.01, molar),
                Err(E::BadMolarVolume { .. })
            ));
        }
    }

    fn config(cases: u32) -> ProptestConfig {
        ProptestConfig {
            cases,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    fn weighting() -> impl Strategy<Value = Weighting> {
        proptest::sample::select(vec![
            Weighting::Unweighted,
            Weighting::Sigma,
            Weighting::RelativeArea,
        ])
    }

    /// A number as typed or pasted, at any magnitude: negative, zero, tiny, huge, not a number.
    fn wild() -> impl Strategy<Value = f64> {
        prop_oneof![
            3 => 0.0_f64..1e6,
            1 => -1e3_f64..0.0,
            1 => Just(0.0),
            1 => 1e-320_f64..1e-290,
            1 => 1e290_f64..f64::MAX,
            1 => Just(f64::NAN),
        ]
    }

    proptest! {
        #![proptest_config(config(512))]

        /// Reading the line's own area at a standard's amount gives that amount back, for any
        /// weighting, with or without intercept, and any number of injections.
        #[test]
        fn the_line_read_backwards_returns_the_amount(
            slope in 1e2_f64..1e7,
            intercept_fraction in -0.02_f64..0.05,
            amounts in proptest::collection::vec(1e-3_f64..10.0, 3..12),
            noise in proptest::collection::vec(-0.03_f64..0.03, 12),
            through_origin in any::<bool>(),
            weighting in weighting(),
            replicates in 1_usize..10,
        ) {
            let top = amounts.iter().fold(0.0_f64, |m, &a| m.max(a));
            let intercept = intercept_fraction * slope * top;
            let set: Vec<Standard> = amounts.iter().zip(&noise).map(|(&amount, e)| {
                let area = ((intercept + slope * amount) * (1.0 + e)).max(1.0);
                Standard { amount, area, area_sigma: Some(0.01 * area + 1.0) }
            }).collect();
            let line = match calibrate(&set, &settings(through_origin, weighting)) {
                Ok(line) => line,
                // Random areas may fall with the amount; nothing else may fail.
                Err(CalibrationError::NonPositiveSlope { .. }) => return Ok(()),
                Err(other) => panic!("{other}"),
            };
            for standard in &set {
                let area = line.line(standard.amount);
                if area < 0.0 {
                    continue;
                }
                let back = line.amount_of(area, replicates).unwrap();
                prop_assert!((back.amount - standard.amount).abs() <= 1e-9 * top, "{} from {}", back.amount, standard.amount);
                prop_assert_eq!(back.position, RangePosition::Within);
                if let (Some(se), Some((lo, hi))) = (back.std_error, back.ci95) {
                    prop_assert!(se > 0.0 && lo < back.amount && back.amount < hi);
                }
            }
        }

        /// Whatever is typed, the result is an error or a calibration of finite numbers.
        #[test]
        fn every_number_is_finite(
            raw in proptest::collection::vec((wild(), wild(), wild()), 0..8),
            through_origin in any::<bool>(),
            weighting in weighting(),
            area in wild(),
        ) {
            let set: Vec<Standard> = raw.iter().map(|&(amount, area, sigma)| Standard { amount, area, area_sigma: Some(sigma) }).collect();
            if let Ok(line) = calibrate(&set, &settings(through_origin, weighting)) {
                prop_assert!(line.slope > 0.0 && line.slope.is_finite() && line.intercept.is_finite() && line.r_squared.is_finite());
                prop_assert!(line.residuals.iter().all(|r| r.is_finite()));
                if let Some(s) = line.statistics {
                    let numbers = [s.slope_std_error, s.intercept_std_error, s.residual_sd, s.t_95, s.detection_sd_area, s.lod_amount, s.loq_amount];
                    prop_assert!(numbers.iter().chain(s.covariance.iter().flatten()).all(|v| v.is_finite()));
                }
                if let Ok(sample) = line.amount_of(area, 1) {
                    prop_assert!(sample.amount.is_finite());
                    prop_assert!(sample.std_error.is_none_or(f64::is_finite));
                }
            }
        }
    }
}
