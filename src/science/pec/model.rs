//! J–V curves from a photodiode model, for teaching and for the worked example: an illuminated
//! junction with photocurrent J_ph, ideality n, series and shunt resistance (the single-diode
//! equation of solar cells), J = J_ph − J₀(e^((u + J·R_s)/(n·V_T)) − 1) − (u + J·R_s)/R_sh,
//! where u is the photovoltage the junction supplies. A photoanode at electrode potential E
//! supplies u = V_oc − (E − E_on): no current at its onset E_on, the photocurrent well above
//! it; a photocathode mirrors this, u = V_oc − (E_on − E). J₀ = J_ph/(e^(V_oc/(n·V_T)) − 1)
//! puts the onset where it is asked; V_oc only sets that scale. Neither electrode is given a
//! reverse current past its onset (an ideal catalyst with no back reaction).

use crate::science::constants::{BOLTZMANN_J_PER_K, ELEMENTARY_CHARGE_C};
use crate::science::numeric::find_root;

/// The junction's photovoltage at the onset (V): only a scale for J₀.
const OPEN_CIRCUIT_V: f64 = 0.5;

/// A photoelectrode modelled as an illuminated photodiode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Photodiode {
    /// Photocurrent density (mA cm⁻², its size).
    pub photocurrent_ma_per_cm2: f64,
    /// Onset potential (V, on the scale of the curves).
    pub onset_v: f64,
    /// Diode ideality factor n (1 ideal, 2 recombination-limited).
    pub ideality: f64,
    /// Series resistance (Ω cm²).
    pub series_ohm_cm2: f64,
    /// Shunt resistance (Ω cm²); infinite for none.
    pub shunt_ohm_cm2: f64,
    /// A photoanode (anodic current, positive) or a photocathode (negative).
    pub photoanode: bool,
    /// Temperature (K).
    pub temperature_k: f64,
}

impl Photodiode {
    /// The current density at electrode potential `e_v` (mA cm⁻², anodic positive); `None`
    /// for parameters that give no finite current.
    pub fn current_density(&self, e_v: f64) -> Option<f64> {
        let j_ph = self.photocurrent_ma_per_cm2.abs() * 1e-3;
        let n_vt = self.ideality * BOLTZMANN_J_PER_K * self.temperature_k / ELEMENTARY_CHARGE_C;
        if !(n_vt > 0.0 && j_ph.is_finite() && self.series_ohm_cm2 >= 0.0 && self.shunt_ohm_cm2 > 0.0 && e_v.is_finite()) {
            return None;
        }
        let beyond_onset = if self.photoanode { e_v - self.onset_v } else { self.onset_v - e_v };
        let u = OPEN_CIRCUIT_V - beyond_onset;
        let j0 = j_ph / (OPEN_CIRCUIT_V / n_vt).exp_m1();
        let (rs, rsh) = (self.series_ohm_cm2, self.shunt_ohm_cm2);
        // g falls as J rises: bracketed between a current far below and one above J_ph.
        let g = |j: f64| j_ph - j0 * ((u + j * rs) / n_vt).exp_m1() - (u + j * rs) / rsh - j;
        // Before the onset the junction would run forwards: no current (see the module text).
        if u >= OPEN_CIRCUIT_V {
            return Some(0.0);
        }
        let span = j_ph + j0 + u.abs() / rsh + 1e-3;
        // Below −u/R_s the exponential has vanished, so g is positive there.
        let low = -span - u.max(0.0) / rs.max(f64::MIN_POSITIVE);
        let j = if rs == 0.0 { g(0.0) } else { find_root(g, low.max(-1e6), span, 0.0, 300).ok()? };
        let j = j.max(0.0) * 1e3;
        j.is_finite().then_some(if self.photoanode { j } else { -j })
    }

    /// The curve on `points` potentials from `from_v` to `to_v`.
    pub fn curve(&self, from_v: f64, to_v: f64, points: usize) -> Option<(Vec<f64>, Vec<f64>)> {
        if points < 2 || to_v.partial_cmp(&from_v) != Some(std::cmp::Ordering::Greater) {
            return None;
        }
        let e: Vec<f64> = (0..points).map(|i| from_v + (to_v - from_v) * i as f64 / (points - 1) as f64).collect();
        let j = e.iter().map(|&v| self.current_density(v)).collect::<Option<Vec<f64>>>()?;
        Some((e, j))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::science::pec::operating::{operating_points, Circuit, Electrode};

    const IDEAL: Photodiode = Photodiode {
        photocurrent_ma_per_cm2: 1.0,
        onset_v: -0.45,
        ideality: 1.5,
        series_ohm_cm2: 0.0,
        shunt_ohm_cm2: f64::INFINITY,
        photoanode: true,
        temperature_k: 298.15,
    };

    #[test]
    fn without_resistances_it_is_the_closed_form() {
        let n_vt = 1.5 * BOLTZMANN_J_PER_K * 298.15 / ELEMENTARY_CHARGE_C;
        let j0 = 1e-3 / (0.5 / n_vt).exp_m1();
        for e in [-0.45, -0.4, -0.3, 0.0, 0.5] {
            let expected = (1e-3 - j0 * ((0.5 - (e + 0.45)) / n_vt).exp_m1()).max(0.0) * 1e3;
            let got = IDEAL.current_density(e).unwrap();
            assert!((got - expected).abs() <= 1e-12, "{e}: {got} vs {expected}");
        }
        // No current at the onset, none before it, the photocurrent well past it.
        assert!(IDEAL.current_density(-0.45).unwrap().abs() < 1e-12);
        assert_eq!(IDEAL.current_density(-0.8).unwrap(), 0.0);
        // J_ph plus J₀ (2 × 10⁻⁹ A cm⁻² here).
        assert!((IDEAL.current_density(1.0).unwrap() - 1.0).abs() < 1e-5);
    }

    #[test]
    fn with_resistances_the_current_satisfies_the_diode_equation() {
        let model = Photodiode { series_ohm_cm2: 200.0, shunt_ohm_cm2: 5e4, ..IDEAL };
        let n_vt = 1.5 * BOLTZMANN_J_PER_K * 298.15 / ELEMENTARY_CHARGE_C;
        let j0 = 1e-3 / (0.5 / n_vt).exp_m1();
        for e in [-0.4, -0.3, -0.1, 0.2] {
            let j = model.current_density(e).unwrap() * 1e-3;
            let u = 0.5 - (e + 0.45);
            let residual = 1e-3 - j0 * ((u + j * 200.0) / n_vt).exp_m1() - (u + j * 200.0) / 5e4 - j;
            assert!(residual.abs() < 1e-15, "{e}: {residual}");
            // Series resistance only takes current away.
            assert!(j * 1e3 <= IDEAL.current_density(e).unwrap() + 1e-12);
        }
    }

    #[test]
    fn a_photocathode_mirrors_and_the_seed_pair_runs_without_bias() {
        // Seed 002's onsets vs Ag/AgCl: CoOx/TaON −0.45 V, CdS/CuInS₂ +0.03 V. With photocurrents
        // 0.6 and 0.4 mA cm⁻², n = 2 and R_s = 1500 Ω cm² the bias-free current is −0.147 mA cm⁻²
        // on the cathode, near the seed's −0.15. Independent check: the same model in Python
        // (scipy.optimize.brentq on the diode equation, then on A_a·J_a + A_c·J_c), crossing at
        // E = −0.214562 V, J = −0.1473085 mA cm⁻² (tests/pec_refs/photodiode_pair.py).
        let anode = Photodiode { photocurrent_ma_per_cm2: 0.6, ideality: 2.0, series_ohm_cm2: 1500.0, ..IDEAL };
        let cathode = Photodiode { photocurrent_ma_per_cm2: 0.4, onset_v: 0.03, photoanode: false, ideality: 2.0, series_ohm_cm2: 1500.0, ..IDEAL };
        assert!(cathode.current_density(0.2).unwrap() == 0.0 && cathode.current_density(-0.5).unwrap() < -0.2);
        let (ea, ja) = anode.curve(-1.0, 0.6, 1601).unwrap();
        let (ec, jc) = cathode.curve(-1.0, 0.6, 1601).unwrap();
        let a = Electrode::new(&ea, &ja, 1.0);
        let c = Electrode::new(&ec, &jc, 1.0);
        let points = operating_points(&a, &c, Circuit::default()).unwrap();
        assert_eq!(points.len(), 1, "{points:?}");
        // Linear interpolation on a 1 mV grid: within 1e-4 relative of the exact crossing.
        let j = points[0].cathode_ma_per_cm2;
        assert!((j / -0.147_308_5 - 1.0).abs() < 1e-4, "{j}");
        assert!((points[0].cathode_potential_v - -0.214_562).abs() < 1e-4, "{:?}", points[0]);
    }
}
