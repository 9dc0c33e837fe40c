//! Importing a UV-vis spectrum into the quantum-dot calculator: reading the text, finding the
//! first excitonic peak, describing what was found, and writing it into the typed fields.

use super::{Mode, QdState};
use crate::state::number::{parse_number, NumberRule};
use crate::science::format::sig;
use crate::science::spectrum::{self, Spectrum};

/// Most spectrum points kept in the state (and so in the link) after import; detection
/// runs on the full data first.
pub const KEPT_SPECTRUM_POINTS: usize = 1500;

/// A spectrum read from text, with its detected peak (or why there is none).
pub struct Imported {
    pub spectrum: Spectrum,
    pub peak: Result<spectrum::ExcitonPeak, String>,
    pub notes: Vec<String>,
    /// The names of the series (samples) in the text, for a choice when there are several.
    pub names: Vec<String>,
    pub ordinate: &'static str,
}

/// Parses pasted text and finds the first excitonic peak. A spectrum without a detectable
/// peak is still imported (for the chart) with the reason.
pub fn import_spectrum(text: &str, series: usize) -> Result<Imported, String> {
    let parsed = spectrum::parse_spectrum(text, series).map_err(|e| e.to_string())?;
    let peak = spectrum::find_first_exciton_peak(&parsed.spectrum, None).map_err(|e| e.to_string());
    Ok(Imported {
        peak,
        notes: parsed.notes,
        names: parsed.series_names,
        ordinate: parsed.ordinate.label(),
        spectrum: parsed.spectrum,
    })
}

pub fn describe_import(imported: &Imported) -> String {
    let Imported { spectrum: s, peak, notes, names, ordinate } = imported;
    let n = s.wavelength_nm.len();
    let (lo, hi) = (s.wavelength_nm[0], s.wavelength_nm[n - 1]);
    let mut text = format!("Read {n} points, {} – {} nm ({ordinate}). ", sig(lo, 4), sig(hi, 4));
    if names.len() > 1 {
        text.push_str(&format!("The file holds {} series; choose one below. ", names.len()));
    }
    match peak {
        Ok(p) => text.push_str(&format!(
            "First excitonic {} at {:.1} nm (A = {}){}. ",
            if p.is_shoulder { "shoulder" } else { "peak" },
            p.wavelength_nm,
            sig(p.absorbance, 3),
            p.hwhm_nm.map(|h| format!(", HWHM {h:.1} nm")).unwrap_or_default()
        )),
        Err(e) => text.push_str(&format!("{e} ")),
    }
    for note in notes {
        text.push_str(note);
        text.push(' ');
    }
    text.trim_end().to_string()
}

/// Writes a detected peak into the typed fields, as if the user had typed it.
pub fn apply_peak(s: &mut QdState, peak: &spectrum::ExcitonPeak) {
    s.peak_nm = format!("{:.1}", peak.wavelength_nm);
    s.absorbance = sig_plain(peak.absorbance);
    s.hwhm_nm = peak.hwhm_nm.map(|h| format!("{h:.1}")).unwrap_or_default();
    s.mode = Mode::PeakToSize;
}

fn sig_plain(v: f64) -> String {
    crate::science::format::sig_ascii(v, 4)
}

/// Keeps at most `max` evenly spaced points (always the first and last).
pub fn thin(s: &Spectrum, max: usize) -> Spectrum {
    let n = s.wavelength_nm.len();
    if n <= max {
        return s.clone();
    }
    let idx: Vec<usize> = (0..max).map(|i| i * (n - 1) / (max - 1)).collect();
    let w = idx.iter().map(|&i| s.wavelength_nm[i]).collect();
    let a = idx.iter().map(|&i| s.absorbance[i]).collect();
    Spectrum::new(w, a).unwrap_or_else(|_| s.clone())
}


impl QdState {
    /// Looks for the first exciton of the imported spectrum only between two typed
    /// wavelengths (the user's override when the automatic search found the wrong band), and
    /// takes it as if typed. Returns what was found, or why nothing was.
    pub fn search_window(&mut self, from_nm: &str, to_nm: &str) -> Result<String, String> {
        let parse = |text: &str| parse_number(text, NumberRule::Positive, "The window limit");
        let (lo, hi) = (parse(from_nm)?, parse(to_nm)?);
        let spectrum = self.spectrum.as_ref().ok_or_else(|| "Import a spectrum first.".to_string())?;
        let peak = spectrum::find_first_exciton_peak(spectrum, Some((lo, hi))).map_err(|e| e.to_string())?;
        apply_peak(self, &peak);
        Ok(format!(
            "In {}–{} nm: first excitonic {} at {:.1} nm (A = {}){}.",
            from_nm.trim(),
            to_nm.trim(),
            if peak.is_shoulder { "shoulder" } else { "peak" },
            peak.wavelength_nm,
            sig(peak.absorbance, 3),
            peak.hwhm_nm.map(|h| format!(", HWHM {h:.1} nm")).unwrap_or_default()
        ))
    }

    /// Takes an imported spectrum as if the user had typed what it shows: the first excitonic
    /// peak into λ, A and HWHM, the absorbance at 400 nm for Moreels' ε, and the spectrum
    /// itself (at most [`KEPT_SPECTRUM_POINTS`]) for the chart and the link.
    pub fn take_spectrum(&mut self, imported: &Imported) {
        if let Ok(peak) = &imported.peak {
            apply_peak(self, peak);
        }
        self.absorbance_400nm = spectrum::absorbance_at(&imported.spectrum, 400.0).map(sig_plain).unwrap_or_default();
        self.spectrum = Some(thin(&imported.spectrum, KEPT_SPECTRUM_POINTS));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spectrum with a Gaussian first exciton at 520 nm on a rising background.
    fn text() -> String {
        (400..=700)
            .map(|nm| {
                let x = nm as f64;
                let a = 0.4 * (-((x - 520.0) / 14.0).powi(2) / 2.0).exp() + 0.3 * (-(x - 400.0) / 60.0).exp();
                format!("{nm},{a:.5}\n")
            })
            .collect()
    }

    #[test]
    fn an_imported_spectrum_fills_the_fields_and_says_what_it_found() {
        let imported = import_spectrum(&text(), 0).unwrap();
        let summary = describe_import(&imported);
        assert!(summary.starts_with("Read 301 points, 400.0 – 700.0 nm (absorbance)"), "{summary}");
        assert!(summary.contains("First excitonic peak at 519.6 nm"), "{summary}");
        let mut state = QdState { mode: Mode::SizeToPeak, ..QdState::default() };
        state.take_spectrum(&imported);
        let peak: f64 = state.peak_nm.parse().unwrap();
        assert!((peak - 520.0).abs() < 2.0, "{peak}");
        assert_eq!(state.mode, Mode::PeakToSize, "a found peak is sized");
        assert!(!state.absorbance_400nm.is_empty() && !state.hwhm_nm.is_empty());
        assert_eq!(state.spectrum.as_ref().unwrap().len(), 301);
    }

    #[test]
    fn a_window_finds_the_band_the_user_means() {
        let mut state = QdState::default();
        state.take_spectrum(&import_spectrum(&text(), 0).unwrap());
        let found = state.search_window("480", "560").unwrap();
        assert!(found.starts_with("In 480–560 nm: first excitonic peak at 519.6 nm"), "{found}");
        assert!(state.search_window("abc", "560").unwrap_err().starts_with("The window limit"));
        assert!(QdState::default().search_window("480", "560").unwrap_err().contains("Import a spectrum first"));
    }

    #[test]
    fn long_spectra_are_thinned_evenly_keeping_both_ends() {
        let n = 4000;
        let s = Spectrum::new((0..n).map(|i| 300.0 + i as f64 * 0.1).collect(), vec![0.5; n]).unwrap();
        let t = thin(&s, KEPT_SPECTRUM_POINTS);
        assert_eq!(t.len(), KEPT_SPECTRUM_POINTS);
        assert_eq!((t.wavelength_nm[0], t.wavelength_nm[KEPT_SPECTRUM_POINTS - 1]), (300.0, s.wavelength_nm[n - 1]));
    }
}
