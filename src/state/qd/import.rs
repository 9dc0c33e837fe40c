//! Importing a UV-vis spectrum into the quantum-dot calculator: reading the text, refusing
//! what is not absorbance, finding the first excitonic peak outside saturated stretches and
//! steps, describing what was found, and writing it into the typed fields.

use super::{Mode, QdState};
use crate::science::format::{sig, Short};
use crate::science::qd::{self, ExtinctionKind, Model};
use crate::science::spectrum::{self, ExcitonPeak, Ordinate, Spectrum};
use crate::science::wire::{Reader, Writer};
use crate::state::number::{parse_number, NumberRule};

/// Most spectrum points kept in the state (and so in the link) after import; detection
/// runs on the full data first.
pub const KEPT_SPECTRUM_POINTS: usize = 1500;

/// A spectrum read from text, with its detected peak (or why there is none).
pub struct Imported {
    pub spectrum: Spectrum,
    pub peak: Result<spectrum::ExcitonPeak, String>,
    /// What the reader assumed or repaired, then what the peak search left out.
    pub notes: Vec<String>,
    /// The names of the series (samples) in the text, for a choice when there are several.
    pub names: Vec<String>,
    pub ordinate: &'static str,
}

/// Parses pasted text and finds the first excitonic peak. A spectrum without a detectable
/// peak is still imported (for the chart) with the reason; one that is not absorbance (an
/// emission scan, detector counts, a potentiostat file) is refused with a sentence saying what
/// it seems to be, and nothing is taken from it. The page does this in two halves: the web
/// worker that reads files runs [`read_spectrum`], the page [`ReadSpectrum::imported`].
pub fn import_spectrum(text: &str, series: usize) -> Result<Imported, String> {
    read_spectrum(text, series)?.imported()
}

/// What the page needs of a spectrum read from text: the reading, without the peak search.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadSpectrum {
    pub spectrum: Spectrum,
    pub ordinate: Ordinate,
    /// The names of the series in the text.
    pub names: Vec<String>,
    /// What the reader assumed or repaired.
    pub notes: Vec<String>,
    /// Why the values are not sized (an emission scan, counts), when they are not absorbance.
    pub not_absorbance: Option<String>,
}

/// Reads series `series` of a spectrum's text (the slow half of [`import_spectrum`]: the
/// format, the columns, the values).
pub fn read_spectrum(text: &str, series: usize) -> Result<ReadSpectrum, String> {
    let parsed = spectrum::parse_spectrum(text, series).map_err(|e| e.to_string())?;
    Ok(ReadSpectrum { spectrum: parsed.spectrum, ordinate: parsed.ordinate, names: parsed.series_names, notes: parsed.notes, not_absorbance: parsed.not_absorbance })
}

impl ReadSpectrum {
    /// The spectrum with its first excitonic peak found, or the refusal of values that are not
    /// absorbance.
    pub fn imported(self) -> Result<Imported, String> {
        if let Some(refusal) = self.not_absorbance {
            return Err(refusal);
        }
        let peak = spectrum::find_first_exciton_peak(&self.spectrum, None).map_err(|e| e.to_string());
        let mut notes = self.notes;
        notes.extend(spectrum_notes(&self.spectrum));
        Ok(Imported { peak, notes, names: self.names, ordinate: self.ordinate.label(), spectrum: self.spectrum })
    }

    /// As bytes ([`crate::science::wire`]), from the worker to the page.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Writer::default();
        out.numbers(&self.spectrum.wavelength_nm);
        out.numbers(&self.spectrum.absorbance);
        out.byte(match self.ordinate {
            Ordinate::Absorbance => 0,
            Ordinate::PercentTransmittance => 1,
            Ordinate::Transmittance => 2,
        });
        out.texts(&self.names);
        out.texts(&self.notes);
        out.optional_text(self.not_absorbance.as_deref());
        out.0
    }

    /// What [`ReadSpectrum::encode`] wrote; `None` for bytes it did not write.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let mut r = Reader(bytes);
        // The values as read: a refused series (counts) is no valid absorbance spectrum.
        let spectrum = Spectrum { wavelength_nm: r.numbers()?, absorbance: r.numbers()? };
        let ordinate = match r.byte()? {
            0 => Ordinate::Absorbance,
            1 => Ordinate::PercentTransmittance,
            2 => Ordinate::Transmittance,
            _ => return None,
        };
        let read = ReadSpectrum { spectrum, ordinate, names: r.texts()?, notes: r.texts()?, not_absorbance: r.optional_text()? };
        r.finished().then_some(read)
    }
}

/// What the page and `photocalc eval` say about a spectrum held in the state (imported, or
/// from a link or a state file): that its values cannot be absorbance, and the stretches the
/// peak search leaves out. The page computes it once per spectrum, not per keystroke.
pub fn spectrum_notes(s: &Spectrum) -> Vec<String> {
    let mut notes: Vec<String> = spectrum::not_absorbance_values(&s.absorbance).into_iter().collect();
    notes.extend(spectrum::screen(s).iter().map(spectrum::Excluded::note));
    notes
}

/// The sentence for the importer: points and range, the peak or why there is none, whether a
/// model that needs A(400 nm) (`model`) gets it, and the notes.
pub fn describe_import(imported: &Imported, model: Model) -> String {
    let Imported { spectrum: s, peak, notes, names, ordinate } = imported;
    let n = s.len();
    let Some((lo, hi)) = s.range_nm() else { return String::new() };
    let mut text = format!("Read {n} points, {} – {} nm ({ordinate}). ", sig(lo, 4), sig(hi, 4));
    if names.len() > 1 {
        text.push_str(&format!("The file holds {} series; choose one below. ", names.len()));
    }
    match peak {
        Ok(p) => text.push_str(&format!("First excitonic {}. ", peak_words(p))),
        Err(e) => text.push_str(&format!("{e} ")),
    }
    if model.extinction_kind() == ExtinctionKind::At400nm && !(lo..=hi).contains(&400.0) {
        text.push_str(&format!("{} ", misses_400_nm(lo, hi)));
    }
    for note in notes {
        text.push_str(note);
        text.push(' ');
    }
    text.trim_end().to_string()
}

/// "peak at 516.2 nm (A = 0.312), HWHM 12.1 nm": a found peak in words.
fn peak_words(p: &ExcitonPeak) -> String {
    format!(
        "{} at {} nm (A = {}){}",
        if p.is_shoulder { "shoulder" } else { "peak" },
        tenths(p.wavelength_nm),
        sig(p.absorbance, 3),
        p.hwhm_nm.map(|h| format!(", HWHM {} nm", tenths(h))).unwrap_or_default()
    )
}

/// A wavelength to a tenth of a nanometre, as the fields take it ("516.2"); a number no
/// spectrometer writes (a million nm and more) rounded instead, never spelt out digit by digit.
fn tenths(nm: f64) -> String {
    if nm.abs() < 1e6 {
        format!("{nm:.1}")
    } else {
        Short(nm, 6).to_string()
    }
}

/// The note for a spectrum that does not reach 400 nm, where Moreels' ε applies.
fn misses_400_nm(lo: f64, hi: f64) -> String {
    format!(
        "The spectrum ({}–{} nm) does not reach 400 nm, where Moreels' ε applies: type A(400 nm) for the concentration.",
        Short(lo, 4),
        Short(hi, 4)
    )
}

impl QdState {
    /// The warnings shown with a result: the model's, except that Moreels' request for
    /// A(400 nm) says so when the imported spectrum does not reach 400 nm; then how numbers
    /// that read two ways were read.
    pub fn result_warnings(&self, result: &qd::SizingResult) -> Vec<String> {
        let misses = match (&self.spectrum, self.absorbance_400nm.trim().is_empty()) {
            (Some(s), true) => s.range_nm().filter(|(lo, hi)| !(lo..=hi).contains(&&400.0)),
            _ => None,
        };
        result
            .warnings
            .iter()
            .map(|w| match misses {
                Some((lo, hi)) if w.message == qd::MOREELS_NEEDS_A400 => misses_400_nm(lo, hi),
                _ => w.message.clone(),
            })
            .collect()
    }

    /// For a state with a spectrum and no typed peak (a state file for `photocalc eval`): the
    /// state with the spectrum's first excitonic peak in λ, and in A, HWHM and A(400 nm) where
    /// they are empty, found as the page's importer finds it; `None` when a peak is typed, the
    /// mode is inverse, or there is no spectrum. An error says why no peak can be taken.
    pub fn with_peak_from_spectrum(&self) -> Option<Result<(QdState, ExcitonPeak), String>> {
        let spectrum = self.spectrum.as_ref()?;
        if !self.peak_nm.trim().is_empty() || self.mode == Mode::SizeToPeak {
            return None;
        }
        if let Some(refusal) = spectrum::not_absorbance_values(&spectrum.absorbance) {
            return Some(Err(refusal));
        }
        let peak = match spectrum::find_first_exciton_peak(spectrum, None) {
            Ok(peak) => peak,
            Err(e) => return Some(Err(format!("No peak is typed, and none was found in the spectrum: {e}"))),
        };
        let mut filled = self.clone();
        let typed = (self.absorbance.trim().to_string(), self.hwhm_nm.trim().to_string());
        apply_peak(&mut filled, &peak);
        if !typed.0.is_empty() {
            filled.absorbance = self.absorbance.clone();
        }
        if !typed.1.is_empty() {
            filled.hwhm_nm = self.hwhm_nm.clone();
        }
        if self.absorbance_400nm.trim().is_empty() {
            filled.absorbance_400nm = spectrum::absorbance_at(spectrum, 400.0).map(sig_plain).unwrap_or_default();
        }
        Some(Ok((filled, peak)))
    }
}

/// Writes a detected peak into the typed fields, as if the user had typed it.
pub fn apply_peak(s: &mut QdState, peak: &spectrum::ExcitonPeak) {
    s.peak_nm = tenths(peak.wavelength_nm);
    s.absorbance = sig_plain(peak.absorbance);
    s.hwhm_nm = peak.hwhm_nm.map(tenths).unwrap_or_default();
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
        Ok(format!("In {}–{} nm: first excitonic {}.", Short(lo, 6), Short(hi, 6), peak_words(&peak)))
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
        let summary = describe_import(&imported, Model::YuPeng);
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

    /// What the worker reads arrives whole: values, series names, notes and a refusal.
    #[test]
    fn a_read_spectrum_crosses_from_the_worker_unchanged() {
        let two_series = format!("nm,A,B\n{}", (400..=700).map(|nm| format!("{nm},{},{}\n", 0.5 - nm as f64 * 1e-4, 0.4)).collect::<String>());
        let scan = format!("Type,Emission Scan,\nYaxis,Counts,\n\n{}", (450..=600).map(|nm| format!("{nm},{},\n", 500.0 + nm as f64)).collect::<String>());
        let transmittance = (400..=700).map(|nm| format!("{nm}\t{:.3}\n", 40.0 + nm as f64 / 20.0)).collect::<String>();
        for text in [text(), two_series, scan, transmittance] {
            let read = read_spectrum(&text, 0).unwrap();
            let bytes = read.encode();
            assert_eq!(ReadSpectrum::decode(&bytes).as_ref(), Some(&read));
            assert_eq!(ReadSpectrum::decode(&bytes[..bytes.len() - 1]), None);
        }
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
    fn an_emission_scan_is_refused_and_nothing_is_taken() {
        let scan = format!("Type,Emission Scan,\nYaxis,Counts,\n\n{}", (450..=600).map(|nm| format!("{nm},{},\n", 500.0 + 5e4 * (-((nm as f64 - 520.0) / 15.0).powi(2)).exp())).collect::<String>());
        let refusal = import_spectrum(&scan, 0).err().expect("refused");
        assert!(refusal.starts_with("This is an emission spectrum, not absorbance: the header says \u{201c}Type,Emission Scan\u{201d} and \u{201c}Yaxis,Counts\u{201d}"), "{refusal}");
        // Without a header, values far above any absorbance are refused too.
        let bare: String = (450..=600).map(|nm| format!("{nm}\t{}\n", 150.0 + nm as f64)).collect();
        assert!(import_spectrum(&bare, 0).err().expect("refused").starts_with("These values are not absorbance: they reach 750"));
    }

    #[test]
    fn moreels_is_told_when_the_spectrum_misses_400_nm() {
        let far_red: String = (700..=1000).map(|nm| format!("{nm},{:.5}\n", 0.3 * (-((nm as f64 - 850.0) / 30.0).powi(2) / 2.0).exp() + 0.05)).collect();
        let imported = import_spectrum(&far_red, 0).unwrap();
        let said = describe_import(&imported, Model::Moreels);
        assert!(said.contains("The spectrum (700–1000 nm) does not reach 400 nm, where Moreels' ε applies"), "{said}");
        assert!(!describe_import(&imported, Model::YuPeng).contains("400 nm"));
        let mut state = QdState { material: qd::Material::PbS, model: Model::Moreels, ..QdState::default() };
        state.take_spectrum(&imported);
        assert_eq!(state.absorbance_400nm, "");
        let crate::state::qd::QdOutcome::Sized(result) = state.evaluate() else { panic!("{:?}", state.evaluate()) };
        let warnings = state.result_warnings(&result);
        assert!(warnings.iter().any(|w| w.starts_with("The spectrum (700–1000 nm) does not reach 400 nm")), "{warnings:?}");
        assert!(!warnings.iter().any(|w| w == qd::MOREELS_NEEDS_A400), "the general request is replaced");
        state.absorbance_400nm = "0.8".into();
        let crate::state::qd::QdOutcome::Sized(result) = state.evaluate() else { panic!() };
        assert!(!state.result_warnings(&result).iter().any(|w| w.contains("400 nm")));
    }

    #[test]
    fn a_state_with_a_spectrum_and_no_peak_takes_the_peak_as_the_importer_does() {
        let imported = import_spectrum(&text(), 0).unwrap();
        let typed = QdState { spectrum: Some(imported.spectrum.clone()), hwhm_nm: "10".into(), ..QdState::default() };
        let (filled, peak) = typed.with_peak_from_spectrum().unwrap().unwrap();
        assert_eq!(Ok(peak), imported.peak);
        assert_eq!(filled.peak_nm, "519.6");
        assert_eq!(filled.hwhm_nm, "10", "a typed HWHM is kept");
        assert!(!filled.absorbance.is_empty() && !filled.absorbance_400nm.is_empty());
        // A typed peak, or the inverse mode, is left alone.
        assert!(QdState { peak_nm: "516".into(), ..typed.clone() }.with_peak_from_spectrum().is_none());
        assert!(QdState { mode: Mode::SizeToPeak, ..typed.clone() }.with_peak_from_spectrum().is_none());
        // Counts are refused.
        let counts = Spectrum::new(vec![500.0, 501.0, 502.0], vec![900.0, 1000.0, 950.0]).unwrap();
        let refused = QdState { spectrum: Some(counts), ..QdState::default() }.with_peak_from_spectrum().unwrap().unwrap_err();
        assert!(refused.starts_with("These values are not absorbance"), "{refused}");
    }

    #[test]
    fn wavelengths_are_written_to_a_tenth_and_never_digit_by_digit() {
        assert_eq!(tenths(516.2349), "516.2");
        assert_eq!(tenths(1e300), "1 × 10³⁰⁰");
        let far = Spectrum::new((0..41).map(|i| 1e300 + i as f64 * 1e298).collect(), (0..41).map(|i| 0.5 - ((i as f64 - 20.0) / 8.0).powi(2) * 0.1).collect()).unwrap();
        let text: String = far.wavelength_nm.iter().zip(&far.absorbance).map(|(x, a)| format!("{x:e},{a}\n")).collect();
        let imported = import_spectrum(&text, 0).unwrap();
        let said = describe_import(&imported, Model::YuPeng);
        assert!(said.contains("First excitonic peak at 1.2 × 10³⁰⁰ nm (A = 0.500), HWHM 1.41379 × 10²⁹⁹ nm"), "{said}");
        assert!(said.chars().filter(char::is_ascii_digit).count() < 60, "{said}");
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
