//! UV-vis absorption spectra: import of instrument exports and detection of the first
//! excitonic peak of quantum dots.
//!
//! [`parse_spectrum`] reads the text a user pastes or uploads (Cary, JASCO and fibre
//! spectrometer exports, spreadsheet CSV) into a [`Spectrum`] of absorbance against
//! wavelength. [`find_first_exciton_peak`] then locates the lowest-energy excitonic
//! transition, whose wavelength feeds the sizing curves (`science::qd`), and its half width at
//! half maximum on the red side, which reflects the size dispersion. [`smoothed`] is the curve
//! the peak finder works on, for plotting next to the data.
//!
//! The work is split in three parts, each citing its sources:
//! - `import`: finds the data block between headers and footers, the delimiter and the
//!   decimal separator, lists the y series, and converts transmittance to absorbance;
//! - `smoothing`: a running median against spikes, then Savitzky–Golay smoothing and
//!   derivatives (A. Savitzky, M. J. E. Golay, *Anal. Chem.* **36**, 1627 (1964)) generalised
//!   to uneven spacing, and the noise level they leave;
//! - `peak`: maxima by topographic prominence, shoulders by the minimum of the second
//!   derivative (G. Talsky, *Derivative Spectrophotometry*, VCH 1994), refinement between grid
//!   points, and the red-side half width.
//!
//! This file holds the public types, the limits, and the few helpers the parts share.
//!
//! Everything here is total: any text gives either a spectrum or a [`SpectrumError`], never a
//! panic, and no result holds NaN or infinity (the module runs in wasm, where a panic kills
//! the app).

mod import;
mod kind;
mod peak;
mod screen;
mod smoothing;

use serde::{Deserialize, Serialize};

use crate::science::format::Short;
use crate::science::numeric::interpolate;

pub use import::{parse_spectrum, parse_spectrum_with};
pub use kind::{beyond_absorbance, header_entries, not_absorbance_values, DataKind, FileFormat};
pub use peak::find_first_exciton_peak;
pub use screen::{screen, Excluded, Exclusion, MAX_ABSORBANCE, SATURATION_ABSORBANCE};
pub use smoothing::smoothed;

/// Most data lines read from one paste; more gives [`SpectrumError::TooManyPoints`].
pub const MAX_POINTS: usize = 100_000;
/// Largest text read, in bytes; more gives [`SpectrumError::TooLarge`].
pub const MAX_TEXT_BYTES: usize = 5_000_000;
/// Fewest points [`find_first_exciton_peak`] works with: a cubic smoothing fit needs a
/// window of several points on each side of the peak.
pub const MIN_POINTS_FOR_PEAK: usize = 7;
/// Most y series listed from one file; wider tables are cut with a note.
pub const MAX_SERIES: usize = 1_000;

/// An absorption spectrum: absorbance against wavelength.
///
/// Built by [`Spectrum::new`] or [`parse_spectrum`], it has at least 2 points, strictly
/// ascending positive wavelengths and finite values. The fields are public (and the type is
/// deserializable), so functions taking a `Spectrum` check it again and never panic on one
/// that breaks these rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spectrum {
    /// Wavelengths in nm, strictly ascending.
    pub wavelength_nm: Vec<f64>,
    /// Decadic absorbance (optical density) at each wavelength.
    pub absorbance: Vec<f64>,
}

impl Spectrum {
    /// Builds a spectrum after checking it (see [`Spectrum::validate`]).
    pub fn new(wavelength_nm: Vec<f64>, absorbance: Vec<f64>) -> Result<Self, SpectrumError> {
        let spectrum = Spectrum {
            wavelength_nm,
            absorbance,
        };
        spectrum.validate()?;
        Ok(spectrum)
    }

    /// Checks the rules every spectrum keeps: equal lengths, 2 to [`MAX_POINTS`] points,
    /// finite values, positive and strictly ascending wavelengths.
    pub fn validate(&self) -> Result<(), SpectrumError> {
        let n = self.wavelength_nm.len();
        if n != self.absorbance.len() {
            return Err(SpectrumError::LengthMismatch {
                wavelengths: n,
                absorbances: self.absorbance.len(),
            });
        }
        if n < 2 {
            return Err(SpectrumError::TooFewPoints { found: n });
        }
        if n > MAX_POINTS {
            return Err(SpectrumError::TooManyPoints { limit: MAX_POINTS });
        }
        let mut previous_nm: Option<f64> = None;
        for (index, (&x, &a)) in self.wavelength_nm.iter().zip(&self.absorbance).enumerate() {
            if !x.is_finite() || !a.is_finite() {
                return Err(SpectrumError::NotFinite { index });
            }
            if x <= 0.0 {
                return Err(SpectrumError::NonPositiveWavelength {
                    index,
                    wavelength_nm: x,
                });
            }
            if previous_nm.is_some_and(|p| x <= p) {
                return Err(SpectrumError::NotAscending {
                    index,
                    wavelength_nm: x,
                });
            }
            previous_nm = Some(x);
        }
        Ok(())
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.wavelength_nm.len().min(self.absorbance.len())
    }

    /// True when the spectrum has no points (only possible for one built by hand).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Shortest and longest wavelength in nm, for axis ranges and messages.
    pub fn range_nm(&self) -> Option<(f64, f64)> {
        let first = *self.wavelength_nm.first()?;
        let last = *self.wavelength_nm.last()?;
        (first.is_finite() && last.is_finite()).then_some((first.min(last), first.max(last)))
    }
}

/// What the y values of a file hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ordinate {
    /// Decadic absorbance, A = −log10(I/I₀).
    Absorbance,
    /// Transmittance in percent, 0–100.
    PercentTransmittance,
    /// Transmittance as a fraction, 0–1.
    Transmittance,
}

impl Ordinate {
    /// Short label for selectors and notes.
    pub fn label(self) -> &'static str {
        match self {
            Ordinate::Absorbance => "absorbance",
            Ordinate::PercentTransmittance => "%T",
            Ordinate::Transmittance => "transmittance (0–1)",
        }
    }

    /// Converts one reading to absorbance with A = −log10(T) (Beer–Lambert).
    /// `None` where the reading is not finite or T ≤ 0, where A would be infinite.
    pub fn to_absorbance(self, value: f64) -> Option<f64> {
        if !value.is_finite() {
            return None;
        }
        let transmittance = match self {
            Ordinate::Absorbance => return Some(value),
            Ordinate::PercentTransmittance => value / 100.0,
            Ordinate::Transmittance => value,
        };
        if transmittance <= 0.0 {
            return None;
        }
        let absorbance = -transmittance.log10();
        absorbance.is_finite().then_some(absorbance)
    }
}

/// A spectrum read from text, with what the reader found out on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedSpectrum {
    /// The selected series as absorbance, sorted by ascending wavelength.
    pub spectrum: Spectrum,
    /// What the file held for this series (before conversion to absorbance).
    pub ordinate: Ordinate,
    /// Names of all y series found, one per y column or per sample block, for a selector.
    pub series_names: Vec<String>,
    /// Index into `series_names` of the series in `spectrum`.
    pub series_index: usize,
    /// Non-blank lines ignored: headers, comments, footers and garbage.
    pub skipped_lines: usize,
    /// Sentences telling the user what was assumed or repaired.
    pub notes: Vec<String>,
    /// What the values of the series are. For [`DataKind::Emission`], [`DataKind::Counts`]
    /// and [`DataKind::Unknown`], `spectrum` holds the values as read, not absorbance, and
    /// `not_absorbance` says why they are not sized.
    pub kind: DataKind,
    /// The sentence refusing to size these values, saying what the file seems to be; `None`
    /// for absorbance and transmittance.
    pub not_absorbance: Option<String>,
    /// The export format the file was recognised as.
    pub format: FileFormat,
    /// Where the series was found: the header, the columns and their labels.
    pub layout: Layout,
}

/// Where a series was found in a file, for `photocalc import`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The header lines above the series' data, as written, without the rows that name the
    /// columns and samples (see [`header_entries`] for their keys and values).
    pub header_lines: Vec<String>,
    /// The delimiter between cells: `tab`, `semicolon`, `comma` or `whitespace`.
    pub delimiter: &'static str,
    /// Whether the numbers use a decimal comma.
    pub decimal_comma: bool,
    /// Data lines in the series' block.
    pub rows: usize,
    /// Cells in the widest data line of the block.
    pub columns: usize,
    /// The column of the wavelengths, counted from 0 (a line, for data written across lines).
    pub x_column: usize,
    /// The column of the y values, counted from 0.
    pub y_column: usize,
    /// The header cell of the wavelength column, if any.
    pub x_label: Option<String>,
    /// The header cell of the y column, if any.
    pub y_label: Option<String>,
}

/// Why a spectrum could not be read or analysed. Messages are full sentences for the user.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpectrumError {
    #[error("The text is empty. Paste or upload a spectrum with one line per point: the wavelength in nm, then the absorbance.")]
    Empty,
    #[error("The file is {bytes} bytes long, more than the {limit_bytes} bytes PhotoCalc reads. Export only the wavelength range you need, or a coarser data interval.")]
    TooLarge { bytes: usize, limit_bytes: usize },
    #[error("The data has more than {limit} points, the most PhotoCalc reads. Export a narrower wavelength range or a coarser data interval.")]
    TooManyPoints { limit: usize },
    #[error("No lines with a wavelength and an absorbance were found. Each data line needs two numbers, for example `450.0, 0.123`.")]
    NoNumericData,
    #[error("{detail} No line of numbers was left to read: write every number with the same decimal mark.")]
    MixedDecimalMarks {
        /// Names the first line that mixes the marks, and the cell that showed the file's.
        detail: String,
    },
    #[error("Each data line holds only one number. Add the wavelength column: every line needs the wavelength in nm and then the absorbance.")]
    SingleColumn,
    #[error("Only {found} usable data points were found, and a spectrum needs at least 2. Check that the wavelengths are positive numbers in nm and, for transmittance, that the values are above 0.")]
    TooFewPoints { found: usize },
    #[error("The spectrum has {found} points; finding a peak needs at least {needed}. Measure or export a wider wavelength range or a finer data interval.")]
    TooFewPointsForPeak { found: usize, needed: usize },
    #[error("{0}")]
    NotASpectrum(String),
    #[error("Series {} was requested, but the file holds {available} series. Pick one of the series listed.", .requested + 1)]
    SeriesOutOfRange { requested: usize, available: usize },
    #[error("There are {wavelengths} wavelengths but {absorbances} absorbance values. Every wavelength needs exactly one absorbance.")]
    LengthMismatch {
        wavelengths: usize,
        absorbances: usize,
    },
    #[error("Point {} is not a finite number. Remove it or replace it with a measured value.", .index + 1)]
    NotFinite { index: usize },
    #[error("Point {} has the wavelength {} nm; wavelengths must be positive and in nm.", .index + 1, Short(*.wavelength_nm, 6))]
    NonPositiveWavelength { index: usize, wavelength_nm: f64 },
    #[error("Point {} ({} nm) is not at a longer wavelength than the point before it. Sort the data by wavelength and merge repeated wavelengths.", .index + 1, Short(*.wavelength_nm, 6))]
    NotAscending { index: usize, wavelength_nm: f64 },
    #[error("The search window is not a pair of numbers. Enter the shortest and longest wavelength in nm, or clear the window.")]
    SearchWindowNotANumber,
    #[error("The search window {}–{} nm holds fewer than 3 measured points, but the spectrum covers {}–{} nm. Widen the window or clear it.", Short(*.min_nm, 4), Short(*.max_nm, 4), Short(*.data_min_nm, 4), Short(*.data_max_nm, 4))]
    SearchWindowOutsideData {
        min_nm: f64,
        max_nm: f64,
        data_min_nm: f64,
        data_max_nm: f64,
    },
    #[error("Nothing is left to search between {} and {} nm once saturated stretches and steps are left out: dilute the sample and measure again.", Short(*.min_nm, 4), Short(*.max_nm, 4))]
    NothingToSearch { min_nm: f64, max_nm: f64 },
    #[error("No excitonic peak or shoulder stands out from the noise between {} and {} nm. Check that this is an absorbance spectrum of quantum dots, or set a search window around the first exciton.", Short(*.min_nm, 4), Short(*.max_nm, 4))]
    NoPeak { min_nm: f64, max_nm: f64 },
}

/// The first (lowest-energy) excitonic transition found in a spectrum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ExcitonPeak {
    /// Position of the peak, refined between grid points.
    pub wavelength_nm: f64,
    /// Smoothed absorbance at the peak.
    pub absorbance: f64,
    /// Half width at half maximum on the red side, above the baseline (the lowest smoothed
    /// absorbance at longer wavelengths); `None` when the data end before the absorbance
    /// falls to half or levels off, so that the baseline is not in the data.
    pub hwhm_nm: Option<f64>,
    /// True when the exciton has no maximum of its own and was taken from the minimum of the
    /// second derivative (a shoulder on the rising absorption of higher transitions).
    pub is_shoulder: bool,
}

/// Linear interpolation of the absorbance at `wavelength_nm`; `None` outside the measured
/// range or for a spectrum that breaks the rules of [`Spectrum`].
pub fn absorbance_at(s: &Spectrum, wavelength_nm: f64) -> Option<f64> {
    let (x, a) = (&s.wavelength_nm, &s.absorbance);
    if x.len() < 2 || a.len() != x.len() || !wavelength_nm.is_finite() {
        return None;
    }
    let (first, last) = (*x.first()?, *x.last()?);
    if !(first..=last).contains(&wavelength_nm) {
        return None;
    }
    // O(log n), and safe on a hand-built unsorted spectrum: only the bracketing pair is used.
    interpolate(x, a, wavelength_nm)
}

/// True for numbers above zero, false for zero, negatives and NaN.
fn positive(v: f64) -> bool {
    v > 0.0
}

/// `v`, or 0 where it is NaN or infinite: for noise levels and gains, where a non-finite value
/// means "no usable estimate" and must not reach a result.
fn finite_or_zero(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// Smallest and largest finite value; `None` when there is none.
fn min_max(values: &[f64]) -> Option<(f64, f64)> {
    let mut it = values.iter().copied().filter(|v| v.is_finite());
    let first = it.next()?;
    Some(it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spectrum_new_rejects_broken_spectra() {
        assert!(matches!(
            Spectrum::new(vec![1.0], vec![1.0]),
            Err(SpectrumError::TooFewPoints { found: 1 })
        ));
        assert!(matches!(
            Spectrum::new(vec![1.0, 2.0], vec![1.0]),
            Err(SpectrumError::LengthMismatch { .. })
        ));
        assert!(matches!(
            Spectrum::new(vec![2.0, 1.0], vec![1.0, 1.0]),
            Err(SpectrumError::NotAscending { index: 1, .. })
        ));
        assert!(matches!(
            Spectrum::new(vec![1.0, f64::NAN], vec![1.0, 1.0]),
            Err(SpectrumError::NotFinite { index: 1 })
        ));
        assert!(matches!(
            Spectrum::new(vec![-1.0, 1.0], vec![1.0, 1.0]),
            Err(SpectrumError::NonPositiveWavelength { .. })
        ));
    }

    #[test]
    fn spectrum_functions_do_not_panic_on_hand_built_invalid_spectra() {
        let bad = Spectrum {
            wavelength_nm: vec![3.0, f64::NAN, 1.0],
            absorbance: vec![1.0],
        };
        assert!(smoothed(&bad).is_empty());
        assert!(absorbance_at(&bad, 2.0).is_none());
        assert!(find_first_exciton_peak(&bad, None).is_err());
        let unsorted = Spectrum {
            wavelength_nm: vec![3.0, 1.0, 2.0],
            absorbance: vec![1.0, 2.0, 3.0],
        };
        let _ = absorbance_at(&unsorted, 2.5);
    }

    #[test]
    fn spectrum_error_messages_are_sentences() {
        let errors = [
            SpectrumError::Empty,
            SpectrumError::TooLarge {
                bytes: 6_000_000,
                limit_bytes: MAX_TEXT_BYTES,
            },
            SpectrumError::TooManyPoints { limit: MAX_POINTS },
            SpectrumError::NoNumericData,
            SpectrumError::SingleColumn,
            SpectrumError::MixedDecimalMarks {
                detail: "Line 2: \u{201c}1.5\u{201d} has a decimal point, but the other numbers in this table use decimal commas: use one decimal mark throughout (as line 1, \u{201c}0,25\u{201d}).".into(),
            },
            SpectrumError::TooFewPoints { found: 1 },
            SpectrumError::TooFewPointsForPeak {
                found: 3,
                needed: MIN_POINTS_FOR_PEAK,
            },
            SpectrumError::SeriesOutOfRange {
                requested: 4,
                available: 2,
            },
            SpectrumError::NoPeak {
                min_nm: 400.0,
                max_nm: 800.0,
            },
            SpectrumError::SearchWindowNotANumber,
        ];
        for e in errors {
            let message = e.to_string();
            assert!(message.ends_with('.'), "{message}");
            assert!(
                message.chars().next().is_some_and(char::is_uppercase),
                "{message}"
            );
        }
        assert!(SpectrumError::TooManyPoints { limit: MAX_POINTS }
            .to_string()
            .contains("100000"));
        assert!(SpectrumError::SeriesOutOfRange {
            requested: 4,
            available: 2
        }
        .to_string()
        .contains("Series 5"));
    }
}
