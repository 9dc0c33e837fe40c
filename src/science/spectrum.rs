//! UV-vis absorption spectra: import of instrument exports and detection of the first
//! excitonic peak of quantum dots.
//!
//! [`parse_spectrum`] reads the text a user pastes or uploads (Cary, JASCO and fibre
//! spectrometer exports, spreadsheet CSV): it finds the data block between headers and
//! footers, the delimiter and the decimal separator, lists the y series, and converts
//! transmittance to absorbance. [`find_first_exciton_peak`] then locates the lowest-energy
//! excitonic transition, whose wavelength feeds the sizing curves (`science::qd`), and its
//! half width at half maximum on the red side, which reflects the size dispersion.
//!
//! Smoothing and derivatives follow the Savitzky–Golay filter (A. Savitzky, M. J. E. Golay,
//! *Anal. Chem.* **36**, 1627 (1964)), written as a local cubic least-squares fit in the
//! measured wavelengths so that unevenly spaced exports are handled as well; a short running
//! median before it keeps spikes from turning into peaks. A maximum counts when its
//! topographic prominence (its depth below the lower of the two cols that separate it from
//! higher ground) exceeds both a few percent of the absorbance range and the local noise.
//! When the exciton has no maximum of its own it is located at the minimum of the second
//! derivative, as in derivative spectroscopy (G. Talsky, *Derivative Spectrophotometry*,
//! VCH 1994).
//!
//! Everything here is total: any text gives either a spectrum or a [`SpectrumError`], never a
//! panic, and no result holds NaN or infinity (the module runs in wasm, where a panic kills
//! the app).

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Most data lines read from one paste; more gives [`SpectrumError::TooManyPoints`].
pub const MAX_POINTS: usize = 100_000;
/// Largest text read, in bytes; more gives [`SpectrumError::TooLarge`].
pub const MAX_TEXT_BYTES: usize = 5_000_000;
/// Fewest points [`find_first_exciton_peak`] works with: a cubic smoothing fit needs a
/// window of several points on each side of the peak.
pub const MIN_POINTS_FOR_PEAK: usize = 7;
/// Most y series listed from one file; wider tables are cut with a note.
pub const MAX_SERIES: usize = 1_000;

/// Width of the smoothing window. Narrower than first-exciton peaks of quantum dots (full
/// widths of 20 nm and more), wide enough to average out detector noise.
const SMOOTH_WINDOW_NM: f64 = 12.0;
/// Width of the window for the second derivative, which amplifies noise far more.
const SECOND_DERIVATIVE_WINDOW_NM: f64 = 24.0;
/// Width of the running median that removes spikes before smoothing.
const MEDIAN_WINDOW_NM: f64 = 4.0;
/// Caps the smoothing window in points for very finely sampled spectra, to bound the work.
const MAX_HALF_WINDOW_POINTS: usize = 60;
/// A maximum must stand out by this fraction of the spectrum's absorbance range.
const MIN_RELATIVE_PROMINENCE: f64 = 0.02;
/// A second-derivative minimum must stand out by this fraction of the second derivative's range.
const MIN_RELATIVE_SHOULDER_DEPTH: f64 = 0.05;
/// The half width is not reported when, at the long-wavelength end of the data, the
/// absorbance still falls faster than this fraction of the mean slope of the peak's red
/// flank: the baseline, and so the half height, lie beyond the data.
const MAX_RELATIVE_END_SLOPE: f64 = 0.1;
/// Shoulders lower than this fraction of the absorbance range above the minimum are taken
/// as ripples in the transparent tail.
const TAIL_FRACTION: f64 = 0.03;
/// Lines used to guess the delimiter; enough for any header, cheap for huge pastes.
const DELIMITER_SAMPLE_LINES: usize = 4_000;

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
    #[error("Each data line holds only one number. Add the wavelength column: every line needs the wavelength in nm and then the absorbance.")]
    SingleColumn,
    #[error("Only {found} usable data points were found, and a spectrum needs at least 2. Check that the wavelengths are positive numbers in nm and, for transmittance, that the values are above 0.")]
    TooFewPoints { found: usize },
    #[error("The spectrum has {found} points; finding a peak needs at least {needed}. Measure or export a wider wavelength range or a finer data interval.")]
    TooFewPointsForPeak { found: usize, needed: usize },
    #[error("Series {} was requested, but the file holds {available} series. Pick one of the series listed.", .requested + 1)]
    SeriesOutOfRange { requested: usize, available: usize },
    #[error("There are {wavelengths} wavelengths but {absorbances} absorbance values. Every wavelength needs exactly one absorbance.")]
    LengthMismatch {
        wavelengths: usize,
        absorbances: usize,
    },
    #[error("Point {} is not a finite number. Remove it or replace it with a measured value.", .index + 1)]
    NotFinite { index: usize },
    #[error("Point {} has the wavelength {wavelength_nm} nm; wavelengths must be positive and in nm.", .index + 1)]
    NonPositiveWavelength { index: usize, wavelength_nm: f64 },
    #[error("Point {} ({wavelength_nm} nm) is not at a longer wavelength than the point before it. Sort the data by wavelength and merge repeated wavelengths.", .index + 1)]
    NotAscending { index: usize, wavelength_nm: f64 },
    #[error("The search window is not a pair of numbers. Enter the shortest and longest wavelength in nm, or clear the window.")]
    SearchWindowNotANumber,
    #[error("The search window {min_nm:.1}–{max_nm:.1} nm holds fewer than 3 measured points, but the spectrum covers {data_min_nm:.1}–{data_max_nm:.1} nm. Widen the window or clear it.")]
    SearchWindowOutsideData {
        min_nm: f64,
        max_nm: f64,
        data_min_nm: f64,
        data_max_nm: f64,
    },
    #[error("No excitonic peak or shoulder stands out from the noise between {min_nm:.1} and {max_nm:.1} nm. Check that this is an absorbance spectrum of quantum dots, or set a search window around the first exciton.")]
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

/// Reads a spectrum from pasted or uploaded text, taking y series number `series`
/// (0-based, see [`ParsedSpectrum::series_names`]) and guessing whether it holds absorbance
/// or transmittance.
pub fn parse_spectrum(text: &str, series: usize) -> Result<ParsedSpectrum, SpectrumError> {
    parse_spectrum_with(text, series, None)
}

/// Like [`parse_spectrum`], but `ordinate` (when `Some`) overrides what the y values are
/// taken to be; `None` detects it from the headers or, failing that, from the values.
pub fn parse_spectrum_with(
    text: &str,
    series: usize,
    ordinate: Option<Ordinate>,
) -> Result<ParsedSpectrum, SpectrumError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(SpectrumError::TooLarge {
            bytes: text.len(),
            limit_bytes: MAX_TEXT_BYTES,
        });
    }
    let mut notes = Vec::new();
    // UTF-16 files read as UTF-8 have a NUL after every ASCII character.
    let cleaned: Cow<str> = if text.contains('\0') {
        notes.push(
            "Removed NUL characters; the file may be UTF-16. If the numbers look wrong, save it as plain text (UTF-8) and try again."
                .to_string(),
        );
        Cow::Owned(text.replace('\0', ""))
    } else {
        Cow::Borrowed(text)
    };
    let body = cleaned.trim_start_matches('\u{feff}');
    if body.trim().is_empty() {
        return Err(SpectrumError::Empty);
    }
    let lines = split_lines(body);
    let delimiter = detect_delimiter(&lines)?;
    let table = read_table(&lines, delimiter)?;
    if table.series.is_empty() {
        return Err(SpectrumError::NoNumericData);
    }
    let chosen = table
        .series
        .get(series)
        .ok_or(SpectrumError::SeriesOutOfRange {
            requested: series,
            available: table.series.len(),
        })?;
    let block = table
        .blocks
        .get(chosen.block)
        .ok_or(SpectrumError::NoNumericData)?;

    // Notes about the layout come first: they explain everything after.
    if !block.header_lines.is_empty() {
        notes.push(format!(
            "Read {}.",
            count_noun(block.header_lines.len(), "header line", "header lines")
        ));
    }
    if table.decimal_comma {
        notes.push("Decimal comma detected.".to_string());
    }
    if block.transposed {
        notes.push(
            "The numbers run along the lines, so the first line was read as wavelengths and the next ones as series."
                .to_string(),
        );
    }
    if block.inner_skipped > 0 {
        notes.push(format!(
            "Skipped {} inside the data.",
            count_noun(
                block.inner_skipped,
                "line that was not numbers",
                "lines that were not numbers"
            )
        ));
    }
    if chosen.block + 1 == table.blocks.len() && table.trailing_lines > 0 {
        notes.push(format!(
            "Ignored {} after the data.",
            count_noun(table.trailing_lines, "line", "lines")
        ));
    }
    if table.series_cut {
        notes.push(format!(
            "The file has more than {MAX_SERIES} series; only the first {MAX_SERIES} are listed."
        ));
    }
    if table.series.len() > 1 {
        notes.push(format!(
            "Found {} series; using series {}, \u{201c}{}\u{201d}.",
            table.series.len(),
            series + 1,
            chosen.name
        ));
    }

    let raw_points: Vec<(f64, f64)> = block
        .rows
        .iter()
        .filter_map(|row| {
            let x = row.get(chosen.x_col).copied().flatten()?;
            let y = row.get(chosen.y_col).copied().flatten()?;
            Some((x, y))
        })
        .collect();
    let y_values: Vec<f64> = raw_points.iter().map(|p| p.1).collect();

    let (ordinate, how) = match ordinate {
        Some(forced) => (forced, OrdinateSource::Forced),
        None => detect_ordinate(chosen.label.as_deref(), &block.header_text, &y_values),
    };
    match (ordinate, how) {
        (Ordinate::Absorbance, OrdinateSource::Values) => {}
        (Ordinate::Absorbance, OrdinateSource::Forced) => {
            notes.push("Read the values as absorbance, as chosen.".to_string())
        }
        (o, OrdinateSource::Forced) => notes.push(format!(
            "Read the values as {}, as chosen, and converted them to absorbance with A = \u{2212}log10(T).",
            o.label()
        )),
        (o, OrdinateSource::Values) => notes.push(format!(
            "The values all lie between 0 and 100, so they were read as {} and converted to absorbance with A = \u{2212}log10(T). Choose absorbance if that is wrong.",
            o.label()
        )),
        (Ordinate::Absorbance, OrdinateSource::Header) => {}
        (o, OrdinateSource::Header) => notes.push(format!(
            "The header says {}; converted to absorbance with A = \u{2212}log10(T).",
            o.label()
        )),
    }

    let spectrum = build_spectrum(&raw_points, ordinate, &mut notes)?;
    if spectrum.wavelength_nm.last().is_some_and(|&max| max < 20.0) {
        notes.push(
            "All wavelengths are below 20, so the x column may be in \u{b5}m or eV; PhotoCalc expects nm, so convert it first."
                .to_string(),
        );
    }

    Ok(ParsedSpectrum {
        spectrum,
        ordinate,
        series_names: table.series.iter().map(|s| s.name.clone()).collect(),
        series_index: series,
        skipped_lines: table.skipped_lines,
        notes,
    })
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

/// The smoothed absorbance used for peak detection, one value per point, for plotting next
/// to the raw data. Empty for a spectrum that breaks the rules of [`Spectrum`].
pub fn smoothed(s: &Spectrum) -> Vec<f64> {
    if s.validate().is_err() {
        return Vec::new();
    }
    let x = &s.wavelength_nm;
    let half = half_window_points(x, SMOOTH_WINDOW_NM);
    local_cubic_fit(x, &median_filtered(x, &s.absorbance), half).value
}

/// Finds the first excitonic peak: the longest-wavelength significant maximum of the
/// smoothed absorbance, or, when there is none, the longest-wavelength significant minimum
/// of the second derivative (a shoulder). `search_nm` limits the wavelengths searched,
/// as (shortest, longest) in nm, in either order; the significance test, the baseline and
/// the half width still use the whole spectrum.
///
/// Significant means standing out by more than 2 % of the absorbance range (ripples in the
/// transparent tail do not) and by several standard deviations of the local noise. The
/// position is refined between grid points with a parabola fitted over the top of the peak.
pub fn find_first_exciton_peak(
    s: &Spectrum,
    search_nm: Option<(f64, f64)>,
) -> Result<ExcitonPeak, SpectrumError> {
    s.validate()?;
    let x = &s.wavelength_nm;
    let y = &s.absorbance;
    let n = x.len();
    if n < MIN_POINTS_FOR_PEAK {
        return Err(SpectrumError::TooFewPointsForPeak {
            found: n,
            needed: MIN_POINTS_FOR_PEAK,
        });
    }
    let (data_min_nm, data_max_nm) = (x[0], x[n - 1]);
    let (min_nm, max_nm) = match search_nm {
        None => (data_min_nm, data_max_nm),
        Some((a, b)) => {
            if !a.is_finite() || !b.is_finite() {
                return Err(SpectrumError::SearchWindowNotANumber);
            }
            (a.min(b), a.max(b))
        }
    };
    let first = x.partition_point(|&v| v < min_nm);
    let end = x.partition_point(|&v| v <= max_nm);
    if end <= first || end - first < 3 {
        return Err(SpectrumError::SearchWindowOutsideData {
            min_nm,
            max_nm,
            data_min_nm,
            data_max_nm,
        });
    }
    let no_peak = SpectrumError::NoPeak {
        min_nm: min_nm.max(data_min_nm),
        max_nm: max_nm.min(data_max_nm),
    };

    let analysis = Analysis::new(x, y);
    let smooth = &analysis.smooth;
    let (lowest, highest) = min_max(smooth).ok_or(no_peak.clone())?;
    let range = highest - lowest;
    if !positive(range) {
        return Err(no_peak);
    }

    // 1. True maxima, where the slope of the smoothed absorbance changes sign from + to −
    //    going to longer wavelengths, taken from the red end.
    let noise_reach = 4 * analysis.half_smooth.max(3);
    let peak_noise_multiple = noise_multiple(n, analysis.half_smooth);
    let topography = Topography::new(smooth);
    let edge = analysis.half_smooth.max(1);
    let start = first.max(edge);
    let stop = end.min(n.saturating_sub(edge));
    for j in (start..stop).rev() {
        let is_maximum = smooth[j] > smooth[j - 1] && smooth[j] >= smooth[j + 1];
        if !is_maximum {
            continue;
        }
        let noise = analysis.smooth_gain[j] * analysis.local_noise(j, noise_reach);
        let threshold = (MIN_RELATIVE_PROMINENCE * range).max(peak_noise_multiple * noise);
        let prominence = topography.prominence(j);
        if prominence < threshold {
            continue;
        }
        let (grid_nm, grid_a) = refine_maximum(x, smooth, &analysis.d1, j);
        let first_hwhm = red_side_hwhm(x, smooth, grid_nm, grid_a, 4 * analysis.half_smooth);
        // ± half the half width, where a peak is close to symmetric.
        let top = PeakTop {
            index: j,
            wavelength_nm: grid_nm,
            prominence,
            reach_nm: (0.5 * first_hwhm.unwrap_or(0.0)).max(SMOOTH_WINDOW_NM / 2.0),
        };
        let (peak_nm, peak_a) =
            refine_over_top(x, &analysis.filtered, smooth, &top).unwrap_or((grid_nm, grid_a));
        return Ok(ExcitonPeak {
            wavelength_nm: peak_nm,
            absorbance: peak_a,
            hwhm_nm: red_side_hwhm(x, smooth, peak_nm, peak_a, 4 * analysis.half_smooth),
            is_shoulder: false,
        });
    }

    // 2. Shoulders: minima of d²A/dλ², away from the ends where the fit is one-sided.
    let edge2 = analysis.half_d2.max(1);
    let shoulder_noise_multiple = noise_multiple(n, analysis.half_d2);
    if n > 2 * edge2 + 2 {
        let lo = edge2;
        let hi = n - edge2;
        let curvature: Vec<f64> = analysis.d2[lo..hi].iter().map(|v| -v).collect();
        if let Some((cmin, cmax)) = min_max(&curvature) {
            let depth_floor = MIN_RELATIVE_SHOULDER_DEPTH * (cmax - cmin);
            let topography2 = Topography::new(&curvature);
            let from = first.max(lo + 1);
            let to = end.min(hi.saturating_sub(1));
            for i in (from..to).rev() {
                let k = i - lo;
                let (Some(&left), Some(&here), Some(&right)) = (
                    curvature.get(k.wrapping_sub(1)),
                    curvature.get(k),
                    curvature.get(k + 1),
                ) else {
                    continue;
                };
                if !(here > left && here >= right) {
                    continue;
                }
                let noise = analysis.d2_gain[i] * analysis.local_noise(i, 2 * edge2);
                let threshold2 = depth_floor.max(shoulder_noise_multiple * noise);
                let prominence = topography2.prominence(k);
                if !positive(threshold2) || prominence < threshold2 {
                    continue;
                }
                let grid_nm = parabola_vertex((x[i - 1], left), (x[i], here), (x[i + 1], right))
                    .map_or(x[i], |v| v.0);
                let top = PeakTop {
                    index: k,
                    wavelength_nm: grid_nm,
                    prominence,
                    reach_nm: SECOND_DERIVATIVE_WINDOW_NM,
                };
                let shoulder_nm = refine_over_top(&x[lo..hi], &curvature, &curvature, &top)
                    .map_or(grid_nm, |v| v.0);
                let shoulder_a = interpolate(x, smooth, shoulder_nm).unwrap_or(smooth[i]);
                if shoulder_a - lowest < TAIL_FRACTION * range {
                    continue;
                }
                return Ok(ExcitonPeak {
                    wavelength_nm: shoulder_nm,
                    absorbance: shoulder_a,
                    hwhm_nm: red_side_hwhm(
                        x,
                        smooth,
                        shoulder_nm,
                        shoulder_a,
                        4 * analysis.half_smooth,
                    ),
                    is_shoulder: true,
                });
            }
        }
    }
    Err(no_peak)
}

// ---------------------------------------------------------------------------------------
// Reading text
// ---------------------------------------------------------------------------------------

/// How the numbers on a line are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delimiter {
    Tab,
    Semicolon,
    Comma,
    Whitespace,
}

impl Delimiter {
    /// With commas as delimiters a decimal comma cannot be told apart, so it is not allowed;
    /// with the others a comma inside a number is a decimal comma (European locales).
    fn allows_decimal_comma(self) -> bool {
        !matches!(self, Delimiter::Comma)
    }

    /// Splits a line into cells; positional delimiters keep empty cells so that the
    /// ragged columns of multi-sample exports stay aligned.
    fn split(self, line: &str) -> Vec<&str> {
        match self {
            Delimiter::Tab => line.split('\t').map(str::trim).collect(),
            Delimiter::Semicolon => line.split(';').map(str::trim).collect(),
            Delimiter::Comma => line.split(',').map(str::trim).collect(),
            Delimiter::Whitespace => line.split_whitespace().collect(),
        }
    }
}

/// One cell of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell {
    /// Empty, or a missing-value marker such as `NaN` or `--`.
    Empty,
    Number(f64),
    Text,
}

/// What a line is, under a given delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// At least two numbers and no text.
    Data,
    /// A single number and no text (a one-column file).
    OneNumber,
    Text,
}

/// Accepts plain and scientific notation; rejects `inf`/`nan` words (they become
/// [`Cell::Empty`]) and anything with letters, so that dates and labels are text.
fn parse_cell(raw: &str, decimal_comma: bool) -> (Cell, bool) {
    let token = raw.trim().trim_matches('"').trim_matches('\'').trim();
    if token.is_empty() {
        return (Cell::Empty, false);
    }
    let lower = token.to_ascii_lowercase();
    let bare = lower.trim_start_matches(['+', '-']);
    // Instruments fill columns they did not record with dots or dashes (Gamry writes `.....`).
    let filler = token.bytes().all(|b| b == b'.' || b == b'-');
    if filler || matches!(bare, "nan" | "inf" | "infinity" | "n/a" | "na") {
        return (Cell::Empty, false);
    }
    let allowed =
        |b: u8| b.is_ascii_digit() || matches!(b, b'.' | b'+' | b'-' | b'e' | b'E' | b',');
    if !token.bytes().all(allowed) || !token.bytes().any(|b| b.is_ascii_digit()) {
        return (Cell::Text, false);
    }
    let commas = token.bytes().filter(|&b| b == b',').count();
    let (number, used_comma): (Cow<str>, bool) = if commas == 0 {
        (Cow::Borrowed(token), false)
    } else if decimal_comma && commas == 1 && !token.contains('.') {
        (Cow::Owned(token.replace(',', ".")), true)
    } else {
        return (Cell::Text, false);
    };
    match crate::science::decimal::parse_f64(&number) {
        Some(v) if v.is_finite() => (Cell::Number(v), used_comma),
        // Overflowing exponents such as 1e999 are a missing value, not text.
        Some(_) => (Cell::Empty, false),
        None => (Cell::Text, false),
    }
}

/// Classifies a line and returns its cells (`None` for empty cells) when it holds data.
fn classify(line: &str, delimiter: Delimiter) -> (LineKind, Vec<Option<f64>>, bool) {
    if line.trim().is_empty() {
        return (LineKind::Blank, Vec::new(), false);
    }
    let tokens = delimiter.split(line);
    // One data line longer than a whole spectrum is not a data line.
    if tokens.len() > MAX_POINTS + 1 {
        return (LineKind::Text, Vec::new(), false);
    }
    let mut cells = Vec::with_capacity(tokens.len());
    let mut numbers = 0usize;
    let mut used_comma = false;
    for token in tokens {
        match parse_cell(token, delimiter.allows_decimal_comma()) {
            (Cell::Text, _) => return (LineKind::Text, Vec::new(), false),
            (Cell::Empty, _) => cells.push(None),
            (Cell::Number(v), comma) => {
                numbers += 1;
                used_comma |= comma;
                cells.push(Some(v));
            }
        }
    }
    match numbers {
        0 => (LineKind::Blank, Vec::new(), false),
        1 => (LineKind::OneNumber, Vec::new(), false),
        _ => (LineKind::Data, cells, used_comma),
    }
}

/// Splits on `\n` (dropping a trailing `\r`), or on `\r` alone for old Mac line ends.
fn split_lines(text: &str) -> Vec<&str> {
    if text.contains('\n') {
        text.split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect()
    } else {
        text.split('\r').collect()
    }
}

/// Picks the delimiter under which the most lines read as data; ties go to tab, then
/// semicolon, then comma, then whitespace.
fn detect_delimiter(lines: &[&str]) -> Result<Delimiter, SpectrumError> {
    let sample: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .take(DELIMITER_SAMPLE_LINES)
        .collect();
    let mut best: Option<(Delimiter, usize)> = None;
    let mut one_number_lines = 0usize;
    for delimiter in [
        Delimiter::Tab,
        Delimiter::Semicolon,
        Delimiter::Comma,
        Delimiter::Whitespace,
    ] {
        let mut data_lines = 0usize;
        for line in &sample {
            match classify(line, delimiter).0 {
                LineKind::Data => data_lines += 1,
                LineKind::OneNumber if delimiter == Delimiter::Whitespace => one_number_lines += 1,
                _ => {}
            }
        }
        if data_lines > best.map_or(0, |b| b.1) {
            best = Some((delimiter, data_lines));
        }
    }
    match best {
        Some((delimiter, _)) => Ok(delimiter),
        None if one_number_lines > 0 => Err(SpectrumError::SingleColumn),
        None => Err(SpectrumError::NoNumericData),
    }
}

/// A run of data lines, possibly interrupted by single garbage lines.
#[derive(Debug, Default)]
struct Block {
    rows: Vec<Vec<Option<f64>>>,
    /// Text lines between the previous block (or the start) and this one, in order.
    header_lines: Vec<usize>,
    /// Lower-case text of the header lines, searched for "absorbance" and "transmittance".
    header_text: String,
    /// Garbage lines inside the block, skipped.
    inner_skipped: usize,
    /// The data ran along lines and was turned into columns.
    transposed: bool,
}

/// One y series: which block and columns it comes from and what to call it.
#[derive(Debug, Clone)]
struct SeriesSpec {
    block: usize,
    x_col: usize,
    y_col: usize,
    name: String,
    /// The y column's header cell, if any, for detecting the ordinate.
    label: Option<String>,
}

#[derive(Debug, Default)]
struct Table {
    blocks: Vec<Block>,
    series: Vec<SeriesSpec>,
    skipped_lines: usize,
    trailing_lines: usize,
    decimal_comma: bool,
    series_cut: bool,
}

/// Groups data lines into blocks and lists their series.
///
/// A block ends at a blank line or at two text lines in a row: instrument footers and
/// sample blocks start that way, while a single stray line inside the data is skipped.
fn read_table(lines: &[&str], delimiter: Delimiter) -> Result<Table, SpectrumError> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut gap_has_blank = false;
    let mut data_lines = 0usize;
    let mut non_blank_lines = 0usize;
    let mut decimal_comma = false;
    for (index, line) in lines.iter().enumerate() {
        let (kind, cells, used_comma) = classify(line, delimiter);
        match kind {
            LineKind::Blank => gap_has_blank = !blocks.is_empty(),
            LineKind::Text | LineKind::OneNumber => {
                non_blank_lines += 1;
                pending.push(index);
            }
            LineKind::Data => {
                non_blank_lines += 1;
                data_lines += 1;
                if data_lines > MAX_POINTS {
                    return Err(SpectrumError::TooManyPoints { limit: MAX_POINTS });
                }
                decimal_comma |= used_comma;
                let continues = !gap_has_blank && pending.len() < 2;
                match blocks.last_mut() {
                    Some(block) if continues => {
                        block.inner_skipped += pending.len();
                        pending.clear();
                        block.rows.push(cells);
                    }
                    _ => blocks.push(Block {
                        rows: vec![cells],
                        header_lines: std::mem::take(&mut pending),
                        ..Block::default()
                    }),
                }
                gap_has_blank = false;
            }
        }
    }
    let trailing_lines = pending.len();

    // Tiny blocks are numbers inside metadata (dates split by spaces, parameter pairs).
    let largest = blocks.iter().map(|b| b.rows.len()).max().unwrap_or(0);
    let min_rows = largest.min(5);
    blocks.retain(|b| b.rows.len() >= min_rows);
    let used_lines: usize = blocks.iter().map(|b| b.rows.len()).sum();
    if blocks.is_empty() {
        return Err(SpectrumError::NoNumericData);
    }

    let mut table = Table {
        skipped_lines: non_blank_lines.saturating_sub(used_lines),
        trailing_lines,
        decimal_comma,
        ..Table::default()
    };
    let multi_block = blocks.len() > 1;
    for (block_index, mut block) in blocks.into_iter().enumerate() {
        block.header_text = block
            .header_lines
            .iter()
            .filter_map(|&i| lines.get(i))
            .map(|l| l.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join("\n");
        transpose_if_along_lines(&mut block);
        for spec in block_series(&block, block_index, lines, delimiter, multi_block) {
            if table.series.len() >= MAX_SERIES {
                table.series_cut = true;
                break;
            }
            table.series.push(spec);
        }
        table.blocks.push(block);
    }
    Ok(table)
}

/// A few long lines of numbers whose first line runs monotonically are a spectrum written
/// across the page: wavelengths on the first line, one series per further line.
fn transpose_if_along_lines(block: &mut Block) {
    let rows = &block.rows;
    if !(2..=4).contains(&rows.len()) {
        return;
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let full = |r: &Vec<Option<f64>>| r.iter().filter(|c| c.is_some()).count() >= 8;
    if width < 8 || !rows.iter().all(full) {
        return;
    }
    let first: Vec<f64> = rows[0].iter().flatten().copied().collect();
    if !is_monotonic(&first) {
        return;
    }
    let transposed: Vec<Vec<Option<f64>>> = (0..width)
        .map(|c| rows.iter().map(|r| r.get(c).copied().flatten()).collect())
        .collect();
    block.rows = transposed;
    block.transposed = true;
}

fn is_monotonic(values: &[f64]) -> bool {
    values.len() >= 2
        && (values.windows(2).all(|w| w[1] > w[0]) || values.windows(2).all(|w| w[1] < w[0]))
}

/// Header cells of a line, unquoted, for naming series.
fn header_cells(line: &str, delimiter: Delimiter) -> Vec<String> {
    let raw = delimiter.split(line);
    let mut cells: Vec<String> = Vec::with_capacity(raw.len());
    for token in raw {
        let cell = token.trim().trim_matches('"').trim().to_string();
        // "Wavelength (nm)" splits into two tokens on whitespace; glue the unit back on.
        let is_unit = cell.starts_with('(') || cell.starts_with('[');
        match cells.last_mut() {
            Some(previous) if delimiter == Delimiter::Whitespace && is_unit => {
                previous.push(' ');
                previous.push_str(&cell);
            }
            _ => cells.push(cell),
        }
    }
    cells
}

/// A header row names columns: at least two cells, none of them numbers.
fn as_label_row(cells: Vec<String>, min_cells: usize) -> Option<Vec<String>> {
    let non_empty = cells.iter().filter(|c| !c.is_empty()).count();
    let any_number = cells
        .iter()
        .any(|c| matches!(parse_cell(c, true).0, Cell::Number(_)));
    (non_empty >= min_cells && !any_number).then_some(cells)
}

fn is_wavelength_label(label: &str) -> bool {
    if label_ordinate(label).is_some() {
        return false;
    }
    let l = label.to_ascii_lowercase();
    let compact: String = l.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("wavelength")
        || compact.contains("wave")
        || compact.contains("lambda")
        || compact.contains('\u{3bb}')
        || compact.starts_with("wl")
        || compact == "nm"
        || compact == "x"
        || compact.contains("(nm)")
        || compact.contains("[nm]")
        || compact.contains("/nm")
        || compact.contains("energy")
        || compact.contains("(ev)")
}

/// Values of one column (empty cells left out).
fn column(block: &Block, col: usize) -> Vec<f64> {
    block
        .rows
        .iter()
        .filter_map(|r| r.get(col).copied().flatten())
        .collect()
}

/// Finds which columns are wavelengths and which are y series, and names the series.
fn block_series(
    block: &Block,
    block_index: usize,
    lines: &[&str],
    delimiter: Delimiter,
    multi_block: bool,
) -> Vec<SeriesSpec> {
    let width = block.rows.iter().map(Vec::len).max().unwrap_or(0);
    let data_cols: Vec<usize> = (0..width)
        .filter(|&c| {
            block
                .rows
                .iter()
                .any(|r| r.get(c).copied().flatten().is_some())
        })
        .collect();
    if data_cols.len() < 2 {
        return Vec::new();
    }

    // The line right above the data names the columns; the one above that may name samples.
    let header_line = |back: usize| -> Option<&str> {
        let pos = block.header_lines.len().checked_sub(back)?;
        lines.get(*block.header_lines.get(pos)?).copied()
    };
    let (mut labels, mut samples) = (None, None);
    if !block.transposed {
        labels = header_line(1).and_then(|l| as_label_row(header_cells(l, delimiter), 2));
        if labels.is_some() {
            samples = header_line(2).and_then(|l| as_label_row(header_cells(l, delimiter), 1));
        }
    }
    // Whitespace drops empty cells, so only a header with one name per column lines up.
    if delimiter == Delimiter::Whitespace {
        if labels.as_ref().is_some_and(|l| l.len() != width) {
            labels = None;
        }
        if samples.as_ref().is_some_and(|s| s.len() != width) {
            samples = None;
        }
    }
    let cell_of = |row: &Option<Vec<String>>, c: usize| -> Option<String> {
        row.as_ref()?.get(c).filter(|s| !s.is_empty()).cloned()
    };

    let label_x: Vec<usize> = data_cols
        .iter()
        .copied()
        .filter(|&c| cell_of(&labels, c).is_some_and(|l| is_wavelength_label(&l)))
        .collect();
    let groups: Vec<(usize, Vec<usize>)> = if label_x.len() >= 2 {
        label_x
            .iter()
            .enumerate()
            .map(|(k, &x_col)| {
                let next = label_x.get(k + 1).copied().unwrap_or(usize::MAX);
                let ys = data_cols
                    .iter()
                    .copied()
                    .filter(|&c| c > x_col && c < next)
                    .collect();
                (x_col, ys)
            })
            .collect()
    } else if let Some(&x_col) = label_x.first() {
        let ys = data_cols.iter().copied().filter(|&c| c != x_col).collect();
        vec![(x_col, ys)]
    } else if columns_come_in_pairs(block, &data_cols) {
        data_cols
            .chunks(2)
            .filter_map(|pair| match pair {
                [x_col, y_col] => Some((*x_col, vec![*y_col])),
                _ => None,
            })
            .collect()
    } else {
        vec![(data_cols[0], data_cols[1..].to_vec())]
    };

    let mut specs = Vec::new();
    for (x_col, ys) in groups {
        let single_y = ys.len() == 1;
        for y_col in ys {
            let label = cell_of(&labels, y_col);
            let sample = cell_of(&samples, y_col)
                .or_else(|| single_y.then(|| cell_of(&samples, x_col)).flatten());
            let name = match (&sample, &label) {
                (Some(s), Some(l)) => format!("{s} ({l})"),
                (Some(s), None) => s.clone(),
                (None, Some(l)) => l.clone(),
                (None, None) if block.transposed => format!("Line {}", y_col + 1),
                (None, None) => format!("Column {}", y_col + 1),
            };
            let name = if multi_block {
                format!("Block {}: {name}", block_index + 1)
            } else {
                name
            };
            specs.push(SeriesSpec {
                block: block_index,
                x_col,
                y_col,
                name,
                label,
            });
        }
    }
    specs
}

/// Without headers, side-by-side (wavelength, y) pairs show as every other column running
/// monotonically over the same range as the first column.
fn columns_come_in_pairs(block: &Block, data_cols: &[usize]) -> bool {
    if data_cols.len() < 4 || data_cols.len() % 2 != 0 {
        return false;
    }
    let first = column(block, data_cols[0]);
    let Some((lo0, hi0)) = min_max(&first) else {
        return false;
    };
    if !is_monotonic(&first) {
        return false;
    }
    data_cols.iter().step_by(2).skip(1).all(|&c| {
        let values = column(block, c);
        is_monotonic(&values) && min_max(&values).is_some_and(|(lo, hi)| lo <= hi0 && hi >= lo0)
    })
}

/// Where the ordinate was decided, for the note telling the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrdinateSource {
    Forced,
    Header,
    Values,
}

/// What a column header says about the y values. `Transmittance` here means "some
/// transmittance", settled by the values.
fn label_ordinate(label: &str) -> Option<Ordinate> {
    let compact: String = label
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let transmittance = compact.contains("%t")
        || compact.contains("t%")
        || compact.contains("transm")
        || compact == "%"
        || compact == "t"
        || compact.starts_with("t(")
        || compact.starts_with("t[")
        || compact.starts_with("t/");
    if transmittance {
        return Some(if compact.contains('%') || compact.contains("percent") {
            Ordinate::PercentTransmittance
        } else {
            Ordinate::Transmittance
        });
    }
    let absorbance = compact.contains("abs")
        || compact == "a"
        || compact.starts_with("a(")
        || compact.starts_with("a[")
        || compact.starts_with("a/")
        || compact == "od"
        || compact.contains("opticaldensity")
        || compact.contains("extinction");
    absorbance.then_some(Ordinate::Absorbance)
}

/// Decides the ordinate from the column header, then the file header, then the values:
/// all values within 0–100 with a maximum above 5 cannot be a sensible absorbance, so they
/// are %T (a margin of 1 allows for noise around 0 % and 100 %).
fn detect_ordinate(
    label: Option<&str>,
    header_text: &str,
    values: &[f64],
) -> (Ordinate, OrdinateSource) {
    let (lo, hi) = min_max(values).unwrap_or((0.0, 0.0));
    let settle = |o: Ordinate| match o {
        Ordinate::Transmittance if hi > 1.5 => Ordinate::PercentTransmittance,
        other => other,
    };
    if let Some(o) = label.and_then(label_ordinate) {
        return (settle(o), OrdinateSource::Header);
    }
    let says_absorbance = header_text.contains("absorbance");
    let says_transmittance = header_text.contains("transmittance")
        || header_text.contains("%t")
        || header_text.contains("t%");
    match (says_absorbance, says_transmittance) {
        (true, false) => return (Ordinate::Absorbance, OrdinateSource::Header),
        (false, true) => return (settle(Ordinate::Transmittance), OrdinateSource::Header),
        _ => {}
    }
    if lo >= -1.0 && hi <= 101.0 && hi > 5.0 {
        (Ordinate::PercentTransmittance, OrdinateSource::Values)
    } else {
        (Ordinate::Absorbance, OrdinateSource::Values)
    }
}

/// Converts to absorbance, drops unusable points, sorts by wavelength and averages repeats.
fn build_spectrum(
    raw_points: &[(f64, f64)],
    ordinate: Ordinate,
    notes: &mut Vec<String>,
) -> Result<Spectrum, SpectrumError> {
    let xs: Vec<f64> = raw_points.iter().map(|p| p.0).collect();
    let descending = xs.len() >= 2 && xs.windows(2).all(|w| w[1] <= w[0]);
    let ascending = xs.windows(2).all(|w| w[1] >= w[0]);

    let mut dropped_wavelength = 0usize;
    let mut dropped_transmittance = 0usize;
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(raw_points.len());
    for &(x, v) in raw_points {
        if !positive(x) || !x.is_finite() {
            dropped_wavelength += 1;
            continue;
        }
        match ordinate.to_absorbance(v) {
            Some(a) => points.push((x, a)),
            None => dropped_transmittance += 1,
        }
    }
    if dropped_wavelength > 0 {
        notes.push(format!(
            "Dropped {} with a wavelength of 0 nm or less.",
            count_noun(dropped_wavelength, "point", "points")
        ));
    }
    if dropped_transmittance > 0 {
        notes.push(format!(
            "Dropped {} with transmittance of 0 or less, where the absorbance would be infinite.",
            count_noun(dropped_transmittance, "point", "points")
        ));
    }
    if descending && !ascending {
        notes.push("Wavelength was descending; sorted ascending.".to_string());
    } else if !ascending {
        notes.push("Wavelengths were out of order; sorted ascending.".to_string());
    }
    points.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));

    // Average points closer than a part in 10⁹: repeated wavelengths in one export.
    let mut wavelength_nm: Vec<f64> = Vec::with_capacity(points.len());
    let mut absorbance: Vec<f64> = Vec::with_capacity(points.len());
    let mut group_count = 0usize;
    let mut merged = 0usize;
    for (x, a) in points {
        let same = wavelength_nm
            .last()
            .is_some_and(|&last| (x - last).abs() <= 1e-9 * x.abs().max(1.0));
        match (same, absorbance.last_mut()) {
            (true, Some(mean)) => {
                group_count += 1;
                *mean += (a - *mean) / group_count as f64;
                merged += 1;
            }
            _ => {
                wavelength_nm.push(x);
                absorbance.push(a);
                group_count = 1;
            }
        }
    }
    if merged > 0 {
        notes.push(format!(
            "Merged {} by averaging.",
            count_noun(merged, "repeated wavelength", "repeated wavelengths")
        ));
    }
    if wavelength_nm.len() < 2 {
        return Err(SpectrumError::TooFewPoints {
            found: wavelength_nm.len(),
        });
    }
    Spectrum::new(wavelength_nm, absorbance)
}

fn count_noun(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

// ---------------------------------------------------------------------------------------
// Numerics
// ---------------------------------------------------------------------------------------

/// Smoothed curve, derivatives and noise levels of one spectrum.
struct Analysis {
    /// The data after the spike-removing median filter.
    filtered: Vec<f64>,
    smooth: Vec<f64>,
    d1: Vec<f64>,
    d2: Vec<f64>,
    half_smooth: usize,
    half_d2: usize,
    /// Noise left in `smooth` per unit noise on the data, at each point.
    smooth_gain: Vec<f64>,
    /// Noise in `d2` per unit noise on the data, at each point.
    d2_gain: Vec<f64>,
    /// |data − smoothed|, whose local root-mean-square gives the local noise level.
    residuals: Vec<f64>,
}

impl Analysis {
    fn new(x: &[f64], y: &[f64]) -> Self {
        let half_smooth = half_window_points(x, SMOOTH_WINDOW_NM);
        let half_d2 = half_window_points(x, SECOND_DERIVATIVE_WINDOW_NM).max(3);
        let filtered = median_filtered(x, y);
        let fit = local_cubic_fit(x, &filtered, half_smooth);
        let wide = local_cubic_fit(x, &filtered, half_d2);
        let residuals: Vec<f64> = y
            .iter()
            .zip(&fit.value)
            .map(|(a, s)| (a - s).abs())
            .collect();
        Analysis {
            smooth_gain: fit.value_gain,
            d2_gain: wide.d2_gain,
            residuals,
            smooth: fit.value,
            filtered,
            d1: fit.d1,
            d2: wide.d2,
            half_smooth,
            half_d2,
        }
    }
}

impl Analysis {
    /// Standard deviation of the noise on the data around point `center`, from the
    /// root-mean-square residual within `reach` points. Local, because detectors are often
    /// far noisier at one end of the range than at the other; root-mean-square rather than
    /// a median, because after smoothing, spikes count with their full variance. The
    /// residual misses the share of the noise the fit follows (the hat-matrix diagonal,
    /// `smooth_gain²`), which is put back.
    fn local_noise(&self, center: usize, reach: usize) -> f64 {
        let n = self.residuals.len();
        let from = center.saturating_sub(reach).min(n);
        let to = center.saturating_add(reach + 1).min(n);
        let window = self.residuals.get(from..to).unwrap_or(&[]);
        if window.is_empty() {
            return 0.0;
        }
        let mean_square = window.iter().map(|r| r * r).sum::<f64>() / window.len() as f64;
        let gain = self.smooth_gain.get(center).copied().unwrap_or(0.0);
        let kept = (1.0 - gain * gain).max(0.1);
        finite_or_zero((mean_square / kept).sqrt())
    }
}

/// Running median over [`MEDIAN_WINDOW_NM`], applied before the Savitzky–Golay fit.
///
/// Least-squares smoothing spreads a spike (a cosmic ray, a few bad readings) into a bump
/// shaped like a peak; a median removes spikes narrower than half its window and leaves
/// features as broad as excitons (20 nm and more) essentially unchanged. On grids too coarse
/// for a window of 3 points the data is used as it is.
fn median_filtered(x: &[f64], y: &[f64]) -> Vec<f64> {
    let n = x.len().min(y.len());
    let spacing = median_spacing(x);
    let half = (MEDIAN_WINDOW_NM / 2.0 / spacing).floor();
    let half = if half.is_finite() && half >= 1.0 {
        (half as usize).min(MAX_HALF_WINDOW_POINTS)
    } else {
        return y.to_vec();
    };
    let mut window = Vec::with_capacity(2 * half + 1);
    (0..n)
        .map(|i| {
            window.clear();
            window.extend_from_slice(&y[i.saturating_sub(half)..(i + half + 1).min(n)]);
            median(&mut window).unwrap_or(y[i])
        })
        .collect()
}

fn median_spacing(x: &[f64]) -> f64 {
    let mut steps: Vec<f64> = x
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 0.0 && d.is_finite())
        .collect();
    median(&mut steps).unwrap_or(1.0)
}

/// How many standard deviations of its noise a feature of a smoothed curve must stand out
/// by, for a spectrum of `n` points smoothed over `2·half + 1`.
///
/// The curve has about N = n / (2·half + 1) independent stretches, and the largest of N
/// Gaussian deviates is about √(2 ln N) standard deviations; prominence runs from a crest to
/// a trough, which doubles it. With a margin of 1.5 standard deviations each way this is
/// about 8 for a typical 400 nm scan, and grows slowly for long, finely sampled ones, so
/// that noise alone rarely passes however many ripples the spectrum has.
fn noise_multiple(n: usize, half: usize) -> f64 {
    let stretches = (n as f64 / (2 * half + 1) as f64).max(2.0);
    2.0 * ((2.0 * stretches.ln()).sqrt() + 1.5)
}

/// True for numbers above zero, false for zero, negatives and NaN.
fn positive(v: f64) -> bool {
    v > 0.0
}

fn finite_or_zero(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// Half the number of points spanning `window_nm` at the median point spacing, at least 2.
fn half_window_points(x: &[f64], window_nm: f64) -> usize {
    let spacing = median_spacing(x);
    let half = (window_nm / 2.0 / spacing).round();
    let half = if half.is_finite() && half > 0.0 {
        (half as usize).min(MAX_HALF_WINDOW_POINTS)
    } else {
        2
    };
    half.max(2)
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable_by(mid, |a, b| a.total_cmp(b));
    Some(*m)
}

fn min_max(values: &[f64]) -> Option<(f64, f64)> {
    let mut it = values.iter().copied().filter(|v| v.is_finite());
    let first = it.next()?;
    Some(it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v))))
}

/// Position and height of the maximum near grid point `j`, between grid points: where the
/// fitted slope `d1` crosses zero from + to − next to `j` (interpolated linearly), with the
/// height from the parabola through the three smoothed points around `j`; the parabola's
/// vertex when the slope does not cross there.
fn refine_maximum(x: &[f64], smooth: &[f64], d1: &[f64], j: usize) -> (f64, f64) {
    let n = x.len().min(smooth.len()).min(d1.len());
    if j == 0 || j + 1 >= n {
        return match (x.get(j), smooth.get(j)) {
            (Some(&xj), Some(&aj)) => (xj, aj),
            _ => (0.0, 0.0),
        };
    }
    let (p0, p1, p2) = (
        (x[j - 1], smooth[j - 1]),
        (x[j], smooth[j]),
        (x[j + 1], smooth[j + 1]),
    );
    let crossing = [j - 1, j].into_iter().find_map(|k| {
        let (a, b) = (d1[k], d1[k + 1]);
        (a > 0.0 && b <= 0.0).then(|| x[k] + a / (a - b) * (x[k + 1] - x[k]))
    });
    let refined = match crossing {
        Some(at) => parabola_at(p0, p1, p2, at).map(|value| (at, value)),
        None => parabola_vertex(p0, p1, p2),
    };
    match refined {
        Some((at, value)) if at.is_finite() && value.is_finite() => (at, value.max(smooth[j])),
        _ => p1,
    }
}

/// A maximum of a curve, as found on the grid.
struct PeakTop {
    index: usize,
    wavelength_nm: f64,
    prominence: f64,
    /// How far from the maximum the refining fit may reach.
    reach_nm: f64,
}

/// Refits the top of a peak with a least-squares parabola through `y`, for a position less
/// noisy than the smoothing window alone gives near a broad peak.
///
/// The fit spans at most `top.reach_nm` on either side, and no further than `smooth` stays
/// within half the prominence of the top, so that a nearby valley cannot pull it. `None`
/// when fewer than 5 points remain or the parabola has no maximum inside the span.
fn refine_over_top(x: &[f64], y: &[f64], smooth: &[f64], top: &PeakTop) -> Option<(f64, f64)> {
    let n = x.len().min(y.len()).min(smooth.len());
    let reach = top.reach_nm;
    let level = smooth.get(top.index)? - top.prominence / 2.0;
    let center = top.wavelength_nm;
    let mut from = top.index;
    while from > 0 && smooth[from - 1] >= level && x[from - 1] >= center - reach {
        from -= 1;
    }
    let mut to = top.index + 1;
    while to < n && smooth[to] >= level && x[to] <= center + reach {
        to += 1;
    }
    if to - from < 5 {
        return None;
    }
    let span = (center - x[from]).max(x[to - 1] - center);
    if !positive(span) {
        return None;
    }
    let mut power_sums = [0.0f64; 5];
    let mut rhs = [0.0f64; 4];
    for (&xk, &yk) in x[from..to].iter().zip(&y[from..to]) {
        let u = (xk - center) / span;
        let mut p = 1.0;
        for (e, sum) in power_sums.iter_mut().enumerate() {
            *sum += p;
            if e < 3 {
                rhs[e] += yk * p;
            }
            p *= u;
        }
    }
    let mut normal = [[0.0f64; 4]; 4];
    for (r, row) in normal.iter_mut().enumerate().take(3) {
        for (c, entry) in row.iter_mut().enumerate().take(3) {
            *entry = power_sums[r + c];
        }
    }
    let c = solve(normal, rhs, 3)?;
    if !positive(-c[2]) {
        return None;
    }
    let u = -c[1] / (2.0 * c[2]);
    let at = center + u * span;
    if !(x[from]..=x[to - 1]).contains(&at) {
        return None;
    }
    let value = c[0] + c[1] * u + c[2] * u * u;
    (at.is_finite() && value.is_finite()).then_some((at, value))
}

/// Value at `at` of the parabola through three points with increasing x.
fn parabola_at(p0: (f64, f64), p1: (f64, f64), p2: (f64, f64), at: f64) -> Option<f64> {
    let ((x0, y0), (x1, y1), (x2, y2)) = (p0, p1, p2);
    if !(x0 < x1 && x1 < x2) {
        return None;
    }
    let slope01 = (y1 - y0) / (x1 - x0);
    let curvature = ((y2 - y1) / (x2 - x1) - slope01) / (x2 - x0);
    let value = y0 + slope01 * (at - x0) + curvature * (at - x0) * (at - x1);
    value.is_finite().then_some(value)
}

/// Smoothed values and derivatives from a local cubic least-squares fit.
struct LocalFit {
    value: Vec<f64>,
    d1: Vec<f64>,
    d2: Vec<f64>,
    /// Noise gains at each point: standard deviation of the smoothed value and of the
    /// second derivative per unit standard deviation of white noise on the data. They are
    /// largest at the ends, where the fit is one-sided.
    value_gain: Vec<f64>,
    d2_gain: Vec<f64>,
}

/// Savitzky–Golay smoothing generalised to uneven spacing: at each point, a cubic is fitted
/// by least squares to the `2·half + 1` nearest points (shifted inwards at the ends) and
/// evaluated with its first two derivatives. On an even grid this is exactly the classic
/// filter. The abscissa is scaled to [−1, 1] to keep the normal equations well conditioned.
fn local_cubic_fit(x: &[f64], y: &[f64], half: usize) -> LocalFit {
    let n = x.len().min(y.len());
    let mut fit = LocalFit {
        value: Vec::with_capacity(n),
        d1: Vec::with_capacity(n),
        d2: Vec::with_capacity(n),
        value_gain: Vec::with_capacity(n),
        d2_gain: Vec::with_capacity(n),
    };
    if n == 0 {
        return fit;
    }
    let width = (2 * half + 1).min(n);
    for i in 0..n {
        let lo = i.saturating_sub(half).min(n - width);
        let hi = lo + width;
        let order = 3.min(width - 1);
        let terms = order + 1;
        let h = (x[hi - 1] - x[i]).max(x[i] - x[lo]);
        let mut result = (y[i], 0.0, 0.0);
        let mut gains = (1.0, 0.0);
        if h > 0.0 && h.is_finite() {
            let mut power_sums = [0.0f64; 7];
            let mut rhs = [0.0f64; 4];
            for k in lo..hi {
                let u = (x[k] - x[i]) / h;
                let mut p = 1.0;
                for (e, sum) in power_sums.iter_mut().enumerate().take(2 * order + 1) {
                    *sum += p;
                    if e < terms {
                        rhs[e] += y[k] * p;
                    }
                    p *= u;
                }
            }
            let mut normal = [[0.0f64; 4]; 4];
            for (r, row) in normal.iter_mut().enumerate().take(terms) {
                for (c, entry) in row.iter_mut().enumerate().take(terms) {
                    *entry = power_sums[r + c];
                }
            }
            if let Some(c) = solve(normal, rhs, terms) {
                let d2 = if order >= 2 {
                    2.0 * c[2] / (h * h)
                } else {
                    0.0
                };
                let candidate = (c[0], c[1] / h, d2);
                if candidate.0.is_finite() && candidate.1.is_finite() && candidate.2.is_finite() {
                    result = candidate;
                }
            }
            // Var(c_k) = σ² (VᵀV)⁻¹_kk for white noise of variance σ².
            let inverse_diagonal = |k: usize| {
                let mut unit = [0.0f64; 4];
                unit[k] = 1.0;
                solve(normal, unit, terms).map_or(0.0, |z| z[k].max(0.0))
            };
            gains.0 = finite_or_zero(inverse_diagonal(0).sqrt());
            if order >= 2 {
                gains.1 = finite_or_zero(inverse_diagonal(2).sqrt() * 2.0 / (h * h));
            }
        }
        fit.value.push(result.0);
        fit.d1.push(result.1);
        fit.d2.push(result.2);
        fit.value_gain.push(gains.0);
        fit.d2_gain.push(gains.1);
    }
    fit
}

/// Solves the leading `m`×`m` system by Gaussian elimination with partial pivoting;
/// `None` when it is singular.
fn solve(mut a: [[f64; 4]; 4], mut b: [f64; 4], m: usize) -> Option<[f64; 4]> {
    let m = m.min(4);
    let scale = a
        .iter()
        .take(m)
        .flat_map(|row| row.iter().take(m))
        .fold(0.0f64, |acc, v| acc.max(v.abs()));
    if !positive(scale) || !scale.is_finite() {
        return None;
    }
    for col in 0..m {
        let pivot_row = (col..m).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))?;
        if a[pivot_row][col].abs() <= 1e-13 * scale {
            return None;
        }
        a.swap(col, pivot_row);
        b.swap(col, pivot_row);
        let pivot = a[col];
        for row in col + 1..m {
            let factor = a[row][col] / pivot[col];
            for (entry, p) in a[row].iter_mut().zip(pivot).take(m).skip(col) {
                *entry -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut solution = [0.0f64; 4];
    for row in (0..m).rev() {
        let mut sum = b[row];
        for k in row + 1..m {
            sum -= a[row][k] * solution[k];
        }
        solution[row] = sum / a[row][row];
    }
    solution
        .iter()
        .take(m)
        .all(|v| v.is_finite())
        .then_some(solution)
}

/// Vertex of the parabola through three points, as (x, y); `None` when they are collinear.
/// The vertex is clamped to the span of the points.
fn parabola_vertex(p0: (f64, f64), p1: (f64, f64), p2: (f64, f64)) -> Option<(f64, f64)> {
    let (x0, y0) = p0;
    let (x1, y1) = p1;
    let (x2, y2) = p2;
    if !(x0 < x1 && x1 < x2) {
        return None;
    }
    let slope01 = (y1 - y0) / (x1 - x0);
    let slope12 = (y2 - y1) / (x2 - x1);
    let curvature = (slope12 - slope01) / (x2 - x0);
    if !positive(curvature.abs()) || !curvature.is_finite() {
        return None;
    }
    // Newton form: p(x) = y0 + slope01 (x − x0) + curvature (x − x0)(x − x1).
    let vertex = ((x0 + x1) / 2.0 - slope01 / (2.0 * curvature)).clamp(x0, x2);
    let value = y0 + slope01 * (vertex - x0) + curvature * (vertex - x0) * (vertex - x1);
    (vertex.is_finite() && value.is_finite()).then_some((vertex, value))
}

/// Linear interpolation in sorted `x`; `None` outside.
fn interpolate(x: &[f64], y: &[f64], at: f64) -> Option<f64> {
    let k = x.partition_point(|&v| v < at);
    let (&x1, &y1) = (x.get(k)?, y.get(k)?);
    if x1 == at || k == 0 {
        return (x1 == at).then_some(y1);
    }
    let (&x0, &y0) = (x.get(k - 1)?, y.get(k - 1)?);
    if !positive(x1 - x0) {
        return None;
    }
    let value = y0 + (y1 - y0) * (at - x0) / (x1 - x0);
    value.is_finite().then_some(value)
}

/// Half width at half maximum on the long-wavelength side of a peak at `peak_nm` of
/// height `peak_a`, above the baseline: the lowest smoothed absorbance further red.
/// The blue side is overlapped by higher transitions, so only the red side is measured.
/// `None` when the data end before the absorbance levels off (see
/// [`MAX_RELATIVE_END_SLOPE`]); `end_points` is how many final points measure that slope.
fn red_side_hwhm(
    x: &[f64],
    smooth: &[f64],
    peak_nm: f64,
    peak_a: f64,
    end_points: usize,
) -> Option<f64> {
    let n = x.len().min(smooth.len());
    let start = x.partition_point(|&v| v <= peak_nm);
    let tail = smooth.get(start..n)?;
    let (baseline, _) = min_max(tail)?;
    let height = peak_a - baseline;
    if !positive(height) {
        return None;
    }
    let hwhm = half_crossing(x, smooth, start, peak_nm, peak_a, baseline + height / 2.0)?;
    // Least-squares slope over the last points after the peak, steadier than the
    // one-sided fit at the very end.
    let end_from = n.saturating_sub(end_points.max(4)).max(start);
    if let Some(slope) = least_squares_slope(&x[end_from..n], &smooth[end_from..n]) {
        let flank_fall = (height / 2.0) / hwhm;
        if -slope > MAX_RELATIVE_END_SLOPE * flank_fall {
            return None;
        }
    }
    Some(hwhm)
}

/// Slope of the least-squares line through the points; `None` for fewer than 2 distinct x.
fn least_squares_slope(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let mean_x = x[..n].iter().sum::<f64>() / n as f64;
    let mean_y = y[..n].iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (&a, &b) in x[..n].iter().zip(&y[..n]) {
        sxy += (a - mean_x) * (b - mean_y);
        sxx += (a - mean_x) * (a - mean_x);
    }
    let slope = sxy / sxx;
    (sxx > 0.0 && slope.is_finite()).then_some(slope)
}

/// Distance from the peak to where `smooth` first falls to `half_level` to its red.
fn half_crossing(
    x: &[f64],
    smooth: &[f64],
    start: usize,
    peak_nm: f64,
    peak_a: f64,
    half_level: f64,
) -> Option<f64> {
    let tail = smooth.get(start..)?;
    let (mut prev_x, mut prev_a) = (peak_nm, peak_a);
    for (&xk, &ak) in x.get(start..)?.iter().zip(tail) {
        if ak <= half_level {
            let drop = prev_a - ak;
            let t = if drop > 0.0 {
                ((prev_a - half_level) / drop).clamp(0.0, 1.0)
            } else {
                1.0
            };
            let crossing = prev_x + t * (xk - prev_x);
            let hwhm = crossing - peak_nm;
            return (hwhm.is_finite() && hwhm > 0.0).then_some(hwhm);
        }
        prev_x = xk;
        prev_a = ak;
    }
    None
}

/// Topographic prominence of local maxima: how far a peak stands above the higher of the
/// two lowest points separating it from higher ground (or the ends of the data) on either
/// side. Precomputed so that each query is O(log n), which keeps noisy spectra with many
/// ripples fast.
struct Topography<'a> {
    values: &'a [f64],
    previous_higher: Vec<Option<usize>>,
    next_higher: Vec<Option<usize>>,
    minima: RangeMin,
}

impl<'a> Topography<'a> {
    fn new(values: &'a [f64]) -> Self {
        let n = values.len();
        let mut previous_higher = vec![None; n];
        let mut next_higher = vec![None; n];
        let mut stack: Vec<usize> = Vec::new();
        for i in 0..n {
            while stack.last().is_some_and(|&t| values[t] <= values[i]) {
                stack.pop();
            }
            previous_higher[i] = stack.last().copied();
            stack.push(i);
        }
        stack.clear();
        for i in (0..n).rev() {
            while stack.last().is_some_and(|&t| values[t] <= values[i]) {
                stack.pop();
            }
            next_higher[i] = stack.last().copied();
            stack.push(i);
        }
        Topography {
            values,
            previous_higher,
            next_higher,
            minima: RangeMin::new(values),
        }
    }

    fn prominence(&self, i: usize) -> f64 {
        let Some(&peak) = self.values.get(i) else {
            return 0.0;
        };
        let n = self.values.len();
        let left_from = self.previous_higher[i].map_or(0, |p| p + 1);
        let right_to = self.next_higher[i].unwrap_or(n);
        let left_base = self.minima.min(left_from, i + 1);
        let right_base = self.minima.min(i, right_to);
        let prominence = peak - left_base.max(right_base);
        finite_or_zero(prominence).max(0.0)
    }
}

/// Minimum over index ranges, as an iterative segment tree.
struct RangeMin {
    n: usize,
    tree: Vec<f64>,
}

impl RangeMin {
    fn new(values: &[f64]) -> Self {
        let n = values.len();
        let mut tree = vec![f64::INFINITY; 2 * n];
        tree[n..].copy_from_slice(values);
        for i in (1..n).rev() {
            tree[i] = tree[2 * i].min(tree[2 * i + 1]);
        }
        RangeMin { n, tree }
    }

    /// Minimum of `values[from..to]`; +∞ for an empty range.
    fn min(&self, from: usize, to: usize) -> f64 {
        let (mut l, mut r) = (from.min(self.n) + self.n, to.min(self.n) + self.n);
        let mut result = f64::INFINITY;
        while l < r {
            if l & 1 == 1 {
                result = result.min(self.tree[l]);
                l += 1;
            }
            if r & 1 == 1 {
                r -= 1;
                result = result.min(self.tree[r]);
            }
            l >>= 1;
            r >>= 1;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spectrum_parse_cell_accepts_numbers_and_rejects_words() {
        assert_eq!(parse_cell("1.5e-3", false).0, Cell::Number(1.5e-3));
        assert_eq!(parse_cell("\"400\"", false).0, Cell::Number(400.0));
        assert_eq!(parse_cell("0,123", true), (Cell::Number(0.123), true));
        assert_eq!(parse_cell("0,123", false).0, Cell::Text);
        assert_eq!(parse_cell("1,234.5", true).0, Cell::Text);
        assert_eq!(parse_cell("NaN", false).0, Cell::Empty);
        assert_eq!(parse_cell("-inf", false).0, Cell::Empty);
        assert_eq!(parse_cell("1e999", false).0, Cell::Empty);
        assert_eq!(parse_cell("12/02/21", false).0, Cell::Text);
        assert_eq!(parse_cell("Abs", false).0, Cell::Text);
        assert_eq!(parse_cell("e", false).0, Cell::Text);
        assert_eq!(parse_cell("-", false).0, Cell::Empty);
    }

    #[test]
    fn spectrum_delimiter_detection_separates_decimal_commas() {
        assert_eq!(
            detect_delimiter(&["400,5;0,123", "401,5;0,2"]),
            Ok(Delimiter::Semicolon)
        );
        assert_eq!(detect_delimiter(&["400,5\t0,123"]), Ok(Delimiter::Tab));
        assert_eq!(
            detect_delimiter(&["400,123", "401,124"]),
            Ok(Delimiter::Comma)
        );
        assert_eq!(
            detect_delimiter(&["400,5 0,123"]),
            Ok(Delimiter::Whitespace)
        );
        assert_eq!(detect_delimiter(&["400, 0.5"]), Ok(Delimiter::Comma));
        assert_eq!(
            detect_delimiter(&["1", "2"]),
            Err(SpectrumError::SingleColumn)
        );
        assert_eq!(
            detect_delimiter(&["a b"]),
            Err(SpectrumError::NoNumericData)
        );
    }

    /// A cubic is reproduced exactly, with its derivatives, on an uneven grid.
    #[test]
    fn spectrum_local_fit_is_exact_for_cubics() {
        let x: Vec<f64> = (0..40)
            .map(|i| 400.0 + i as f64 * 2.0 + (i % 3) as f64 * 0.3)
            .collect();
        let f = |v: f64| {
            0.5 + 0.01 * (v - 430.0) - 2e-4 * (v - 430.0).powi(2) + 3e-6 * (v - 430.0).powi(3)
        };
        let df = |v: f64| 0.01 - 4e-4 * (v - 430.0) + 9e-6 * (v - 430.0).powi(2);
        let d2f = |v: f64| -4e-4 + 18e-6 * (v - 430.0);
        let y: Vec<f64> = x.iter().map(|&v| f(v)).collect();
        let fit = local_cubic_fit(&x, &y, 4);
        for i in 0..x.len() {
            assert!((fit.value[i] - y[i]).abs() < 1e-9, "value at {i}");
            assert!((fit.d1[i] - df(x[i])).abs() < 1e-9, "d1 at {i}");
            assert!((fit.d2[i] - d2f(x[i])).abs() < 1e-8, "d2 at {i}");
        }
    }

    /// The analytic derivatives of the fit agree with numerical derivatives of a smooth
    /// curve (a Gaussian much wider than the window).
    #[test]
    fn spectrum_fit_derivatives_match_numerical_derivatives() {
        let x: Vec<f64> = (0..401).map(|i| 300.0 + i as f64 * 0.5).collect();
        let g = |v: f64| (-(v - 400.0).powi(2) / (2.0 * 30.0f64.powi(2))).exp();
        let y: Vec<f64> = x.iter().map(|&v| g(v)).collect();
        let fit = local_cubic_fit(&x, &y, 6);
        let h = 1e-3;
        for i in (20..380).step_by(37) {
            let v = x[i];
            let num_d1 = (g(v + h) - g(v - h)) / (2.0 * h);
            let num_d2 = (g(v + h) - 2.0 * g(v) + g(v - h)) / (h * h);
            assert!((fit.d1[i] - num_d1).abs() < 1e-5, "d1 at {v}");
            assert!((fit.d2[i] - num_d2).abs() < 2e-5, "d2 at {v}");
        }
    }

    /// The noise gain of the centre value matches the textbook quadratic/cubic
    /// Savitzky–Golay value 3(3m² + 3m − 1) / ((2m − 1)(2m + 1)(2m + 3)) for variance.
    #[test]
    fn spectrum_noise_gain_matches_savitzky_golay_formula() {
        let m = 5.0f64;
        let x: Vec<f64> = (0..41).map(f64::from).collect();
        let y = vec![0.0; 41];
        let fit = local_cubic_fit(&x, &y, 5);
        let expected = (3.0 * (3.0 * m * m + 3.0 * m - 1.0)
            / ((2.0 * m - 1.0) * (2.0 * m + 1.0) * (2.0 * m + 3.0)))
            .sqrt();
        let centre = fit.value_gain[20];
        assert!((centre - expected).abs() < 1e-9, "{centre} vs {expected}");
        // One-sided fits at the ends are noisier.
        assert!(
            fit.value_gain[0] > 1.5 * centre,
            "{} vs {centre}",
            fit.value_gain[0]
        );
    }

    #[test]
    fn spectrum_prominence_of_simple_profile() {
        let v = [0.0, 2.0, 1.0, 3.0, 0.5, 1.5, 0.0];
        let t = Topography::new(&v);
        assert_eq!(t.prominence(3), 3.0);
        assert_eq!(t.prominence(1), 1.0);
        assert_eq!(t.prominence(5), 1.0);
    }

    #[test]
    fn spectrum_parabola_vertex_finds_maximum() {
        let f = |x: f64| 2.0 - (x - 1.3).powi(2);
        let (xv, yv) = parabola_vertex((0.0, f(0.0)), (1.0, f(1.0)), (2.5, f(2.5))).unwrap();
        assert!((xv - 1.3).abs() < 1e-12 && (yv - 2.0).abs() < 1e-12);
        assert!(parabola_vertex((0.0, 1.0), (1.0, 2.0), (2.0, 3.0)).is_none());
    }

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

    /// Extreme but finite numbers never turn into NaN or infinity in a result.
    #[test]
    fn spectrum_peak_finder_survives_extreme_values() {
        let shapes: [fn(usize) -> f64; 5] = [
            |i| if i % 2 == 0 { 1e300 } else { -1e300 },
            |_| 0.25,
            |i| if i == 20 { 1e308 } else { 0.0 },
            |i| (i as f64 * 0.7).sin() * 1e-300,
            |i| (i as f64 - 20.0).powi(2) * -1e150,
        ];
        for grid in [1e-200, 1e-3, 1.0, 1e150] {
            for shape in shapes {
                let x: Vec<f64> = (0..41).map(|i| 100.0 * grid + i as f64 * grid).collect();
                let y: Vec<f64> = (0..41).map(shape).collect();
                let Ok(s) = Spectrum::new(x, y) else {
                    continue;
                };
                assert!(smoothed(&s).iter().all(|v| v.is_finite()));
                if let Ok(p) = find_first_exciton_peak(&s, None) {
                    assert!(
                        p.wavelength_nm.is_finite() && p.absorbance.is_finite(),
                        "{p:?}"
                    );
                    assert!(p.hwhm_nm.is_none_or(f64::is_finite), "{p:?}");
                }
                let _ = find_first_exciton_peak(&s, Some((-1e308, 1e308)));
                assert!(absorbance_at(&s, s.wavelength_nm[3]).is_some_and(f64::is_finite));
            }
        }
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

    #[test]
    fn spectrum_ordinate_conversion() {
        assert_eq!(
            Ordinate::PercentTransmittance.to_absorbance(10.0),
            Some(1.0)
        );
        assert_eq!(Ordinate::Transmittance.to_absorbance(0.01), Some(2.0));
        assert_eq!(Ordinate::Transmittance.to_absorbance(0.0), None);
        assert_eq!(Ordinate::Absorbance.to_absorbance(f64::INFINITY), None);
        assert_eq!(label_ordinate("%T"), Some(Ordinate::PercentTransmittance));
        assert_eq!(label_ordinate("T%"), Some(Ordinate::PercentTransmittance));
        assert_eq!(label_ordinate("Abs"), Some(Ordinate::Absorbance));
        assert_eq!(label_ordinate("A"), Some(Ordinate::Absorbance));
        assert_eq!(label_ordinate("Wavelength (nm)"), None);
        assert!(is_wavelength_label("Wavelength (nm)"));
        assert!(is_wavelength_label("WL/nm"));
        assert!(!is_wavelength_label("Abs"));
    }

    /// Deterministic pseudo-random bytes fed to the parser never panic.
    #[test]
    fn spectrum_parser_survives_garbage() {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let alphabet = b"0123456789.,;\t \n\r-+eE%TAabs\"nNiI";
        for len in [0usize, 1, 2, 7, 50, 400, 3000] {
            for _ in 0..30 {
                let text: String = (0..len)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        alphabet[(state >> 33) as usize % alphabet.len()] as char
                    })
                    .collect();
                for series in [0, 1, 5] {
                    if let Ok(p) = parse_spectrum(&text, series) {
                        assert!(p.spectrum.validate().is_ok());
                        let _ = find_first_exciton_peak(&p.spectrum, None);
                        let _ = smoothed(&p.spectrum);
                    }
                }
            }
        }
    }
}
