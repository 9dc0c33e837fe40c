//! What the quantum-dot calculator shows besides its numbers, as pure functions of its state:
//! the peak the results are for, the two charts, and whether the state is the case of the
//! paper whose printed ε has a slip.

use super::{Mode, QdOutcome, QdState};
use crate::plot::{SizingChart, SpectrumChart};
use crate::science::qd::{self, Material, Model};
use crate::science::spectrum;
use crate::state::number::{parse_number, NumberRule};

/// Points on the sizing curve.
const CURVE_POINTS: usize = 240;

impl QdState {
    /// The first-exciton peak the results are for: computed in inverse mode, typed otherwise.
    pub fn used_peak_nm(&self, outcome: &QdOutcome) -> Option<f64> {
        match outcome {
            QdOutcome::Peak { peak_nm, .. } => Some(*peak_nm),
            QdOutcome::Sized(_) => parse_number(&self.peak_nm, NumberRule::Positive, "").ok(),
            _ => None,
        }
    }

    /// The sizing curve D(λ) of the chosen model, its calibrated band, and the sample.
    pub fn sizing_chart(&self, outcome: &QdOutcome) -> SizingChart {
        let (model, material) = (self.effective_model(), self.material);
        let brus = self.brus().unwrap_or(material.bulk().brus);
        let diameter = match outcome {
            QdOutcome::Sized(r) | QdOutcome::Peak { sized: r, .. } => Some(r.diameter_nm),
            _ => None,
        };
        SizingChart {
            title: format!("{} sizing curve — {}", material.name(), model.label()),
            curve: qd::sizing_curve(model, material, &brus, CURVE_POINTS),
            valid_band_nm: qd::validity_band_nm(model, material, &brus),
            point: self.used_peak_nm(outcome).zip(diameter),
        }
    }

    /// The imported spectrum with its smoothed curve (`smoothed`, from
    /// `spectrum::smoothed`, computed once per import), and the peak (λ and A as the results
    /// use them) and HWHM in use.
    pub fn spectrum_chart(&self, outcome: &QdOutcome, smoothed: &[f64]) -> Option<SpectrumChart> {
        let sp = self.spectrum.as_ref()?;
        let measured = sp.wavelength_nm.iter().copied().zip(sp.absorbance.iter().copied()).collect();
        let smoothed = sp.wavelength_nm.iter().copied().zip(smoothed.iter().copied()).collect();
        // The marker sits on the point the results use: the peak and the absorbance in the
        // fields (what the importer found, or what was typed), else the spectrum there.
        let typed_a = parse_number(&self.absorbance, NumberRule::NonNegative, "").ok().filter(|a| a.is_finite());
        let peak = self.used_peak_nm(outcome).and_then(|p| typed_a.or_else(|| spectrum::absorbance_at(sp, p)).map(|a| (p, a)));
        // Read as the calculation reads it (a decimal comma too), so the marker matches the result.
        let hwhm_nm = parse_number(&self.hwhm_nm, NumberRule::Positive, "").ok();
        Some(SpectrumChart { measured, smoothed, peak, hwhm_nm })
    }

    /// Whether this is the case of Han et al. (TGA-CdTe, first exciton at 516 nm), whose
    /// printed ε has a power-of-ten slip that the page points out, wherever the values came from.
    pub fn is_paper_example(&self) -> bool {
        self.material == Material::CdTe && self.effective_model() == Model::YuPeng && self.mode == Mode::PeakToSize && self.peak_nm.trim() == "516"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Calculator;

    #[test]
    fn the_example_is_the_papers_case_and_its_chart_marks_the_sample() {
        let state = QdState::example();
        assert!(state.is_paper_example());
        let outcome = state.evaluate();
        assert_eq!(state.used_peak_nm(&outcome), Some(516.0));
        let chart = state.sizing_chart(&outcome);
        let (x, d) = chart.point.unwrap();
        assert_eq!(x, 516.0);
        assert!((d - 2.73).abs() < 0.01, "{d}");
        assert_eq!(chart.curve.len(), CURVE_POINTS);
        assert!(state.spectrum_chart(&outcome, &[]).is_none(), "no spectrum, no chart");
        let other = QdState { peak_nm: "516,0".into(), ..state };
        assert!(!other.is_paper_example());
    }

    #[test]
    fn the_spectrum_marker_sits_on_the_point_the_results_use() {
        let x: Vec<f64> = (400..=700).map(f64::from).collect();
        let a: Vec<f64> = x.iter().map(|&v| 0.4 * (-((v - 520.0) / 14.0).powi(2) / 2.0).exp() + 0.05).collect();
        let state = QdState { peak_nm: "519.6".into(), absorbance: "0.4493".into(), spectrum: Some(spectrum::Spectrum::new(x, a).unwrap()), ..QdState::default() };
        let chart = state.spectrum_chart(&state.evaluate(), &[]).unwrap();
        assert_eq!(chart.peak, Some((519.6, 0.4493)));
        // Without an absorbance typed, the marker sits on the spectrum.
        let bare = QdState { absorbance: String::new(), ..state };
        let (at, a) = bare.spectrum_chart(&bare.evaluate(), &[]).unwrap().peak.unwrap();
        assert_eq!(at, 519.6);
        assert!((a - 0.4499).abs() < 1e-3, "{a}");
    }

    #[test]
    fn inverse_mode_marks_the_computed_peak() {
        let state = QdState { mode: Mode::SizeToPeak, wanted_diameter_nm: "2.7".into(), ..QdState::default() };
        let outcome = state.evaluate();
        let peak = state.used_peak_nm(&outcome).unwrap();
        // refdata/seed_checks.json: D = 2.7 nm ↔ λ = 514.65778579939 nm (Yu's CdTe fit).
        assert!((peak - 514.65778579939).abs() < 1e-6, "{peak}");
    }
}
