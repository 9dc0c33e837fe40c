//! Why a fit could not be done ([`FitError`]), and the list formatting its messages share.

use thiserror::Error;

/// Why a fit could not be done. Every message is a sentence that says what to change.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FitError {
    #[error("There are no data points: enter at least {needed} (x, y) pairs.")]
    NoData { needed: usize },
    #[error("There are {x} x values but {y} y values: every point needs both.")]
    LengthMismatch { x: usize, y: usize },
    #[error("There are {sigma} uncertainties for {points} points: give one σ per point, or none.")]
    SigmaLength { sigma: usize, points: usize },
    #[error(
        "Point {row} has {column} = {value}, which is not a finite number: correct or remove it."
    )]
    NonFiniteData {
        row: usize,
        column: &'static str,
        value: f64,
    },
    #[error("The uncertainty of point {row} is σ = {value}: each σ must be a positive, finite number, because the point is weighted by 1/σ².")]
    BadUncertainty { row: usize, value: f64 },
    #[error("There {} for {free} free parameter{}: at least {} are needed to estimate the parameters and their uncertainties. Add points, or fix a parameter at a known value.", if *points == 1 { "is only 1 point".to_string() } else { format!("are only {points} points") }, if *free == 1 { "" } else { "s" }, free + 1)]
    TooFewPoints { points: usize, free: usize },
    #[error("There is nothing to fit: {reason}")]
    NoFreeParameters { reason: String },
    #[error("The model has {expected} parameters ({names}) but {given} start values were given.")]
    StartCount {
        expected: usize,
        given: usize,
        names: String,
    },
    #[error("The start value of {name} is {value}: start values must be finite numbers.")]
    BadStart { name: String, value: f64 },
    /// A parameter's bounds are not a range (lower above upper, or NaN).
    #[error("The range given for {name}, {lower} to {upper}, is not a range: the lower bound must be a number not above the upper one (an infinite end means no bound on that side).")]
    BadBounds { name: String, lower: f64, upper: f64 },
    /// A profile interval was asked for a parameter that the fit did not vary.
    #[error("The parameter {name} is {why}, so it has no profile interval: free it (or widen its bounds) to get one.")]
    NotFree { name: String, why: &'static str },
    #[error("There is no parameter called \"{name}\" in the model; its parameters are {known}.")]
    UnknownParameter { name: String, known: String },
    #[error("The data cannot determine {names} separately: {reason} Fix one of them at a known value, or simplify the model.")]
    Singular {
        parameters: Vec<String>,
        names: String,
        reason: String,
    },
    #[error("The data cannot determine {names}: the model does not change when {names} change{s} (the derivative is zero at every data point). Remove {it} from the model, or add data where {it} matter{s}.", s = if parameters.len() == 1 { "s" } else { "" }, it = if parameters.len() == 1 { "it" } else { "them" })]
    Insensitive {
        parameters: Vec<String>,
        names: String,
    },
    #[error("The model's {quantity} is not a finite number at x = {x} with {at}: choose start values (or a model) for which it is defined at every data point; for example, avoid division by zero, ln or sqrt of a negative number, and exp of a huge argument.")]
    NonFiniteModel {
        x: f64,
        quantity: &'static str,
        at: String,
    },
    #[error("The fit did not converge from these start values ({iterations} iterations): {reason} Try start values read off a plot of the data, e.g. the plateau for an amplitude and 1/(the x where the curve is halfway) for a rate constant.")]
    DidNotConverge { iterations: usize, reason: String },
    #[error("The numbers are too large or too small for double-precision arithmetic ({what}): rescale x or y, for example by a change of units.")]
    OutOfRange { what: String },
    #[error("The design is inconsistent: {0}")]
    BadDesign(String),
}

/// "a, b and c".
pub(super) fn list(names: &[String]) -> String {
    match names.len() {
        0 => "none".to_string(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// "b1 = 1, b2 = 0.5".
pub(super) fn assignment(names: &[String], values: &[f64]) -> String {
    names
        .iter()
        .zip(values)
        .map(|(n, v)| format!("{n} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}
