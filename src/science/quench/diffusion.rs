//! The diffusion limit that a bimolecular quenching rate constant k_q is compared with.
//!
//! Smoluchowski's rate constant for two spheres that react on contact, with Stokes–Einstein
//! diffusion coefficients D = k_B·T/(6πηR):
//! k_diff = 4π·N_A·(D_A + D_B)(R_A + R_B) = (2RT/3η)·(R_A + R_B)²/(R_A·R_B),
//! which for equal radii is 8RT/3η: 7.4 × 10⁹ M⁻¹ s⁻¹ in water at 25 °C (η = 0.890 mPa·s).
//! A small quencher meeting a nanocrystal several times its size diffuses faster relative to
//! it, and the limit grows (M. v. Smoluchowski, Z. Phys. Chem. 1917, 92, 129; Lakowicz,
//! Principles of Fluorescence Spectroscopy, 3rd ed., 2006, §8.4).

use crate::science::constants::GAS_CONSTANT;
use crate::science::format::sig_short;

/// The diffusion limit assumed when none is given: small molecules in water at 25 °C
/// (8RT/3η with η = 0.890 mPa·s, rounded).
pub const WATER_25C_PER_M_PER_S: f64 = 7.0e9;

/// The viscosity of water at 25 °C (mPa·s), assumed for Smoluchowski's estimate when none is
/// typed (IAPWS: 0.8900 mPa·s at 298.15 K).
pub const WATER_VISCOSITY_MPA_S: f64 = 0.890;

/// 25 °C in kelvin.
pub const ROOM_TEMPERATURE_K: f64 = 298.15;

/// Smoluchowski's diffusion-limited rate constant (M⁻¹ s⁻¹) for spheres of radii `r_a_nm` and
/// `r_b_nm` in a solvent of viscosity `viscosity_mpa_s` at `temperature_k`. `None` for
/// non-positive inputs.
pub fn smoluchowski_per_m_per_s(r_a_nm: f64, r_b_nm: f64, viscosity_mpa_s: f64, temperature_k: f64) -> Option<f64> {
    let ok = |v: f64| v.is_finite() && v > 0.0;
    if !(ok(r_a_nm) && ok(r_b_nm) && ok(viscosity_mpa_s) && ok(temperature_k)) {
        return None;
    }
    let eta_pa_s = viscosity_mpa_s * 1e-3;
    let per_m3 = 2.0 * GAS_CONSTANT * temperature_k / (3.0 * eta_pa_s) * (r_a_nm + r_b_nm).powi(2) / (r_a_nm * r_b_nm);
    // m³ mol⁻¹ s⁻¹ to L mol⁻¹ s⁻¹.
    Some(per_m3 * 1e3).filter(|k| k.is_finite())
}

/// The diffusion limit used, and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffusionLimit {
    pub per_m_per_s: f64,
    pub source: LimitSource,
}

/// Where a diffusion limit came from.
#[derive(Debug, Clone, PartialEq)]
pub enum LimitSource {
    /// Typed by the user.
    Typed,
    /// Smoluchowski's estimate from the radii typed (nm), the viscosity (mPa·s) and T (K).
    Smoluchowski { dot_nm: f64, quencher_nm: f64, viscosity: f64, temperature: f64 },
    /// [`WATER_25C_PER_M_PER_S`].
    Default,
}

impl DiffusionLimit {
    /// Where the limit came from, for the notes.
    pub fn describe(&self) -> String {
        match &self.source {
            LimitSource::Typed => "the diffusion limit you typed".to_string(),
            LimitSource::Smoluchowski { dot_nm, quencher_nm, viscosity, temperature } => format!(
                "Smoluchowski's diffusion limit for radii {} nm and {} nm in a solvent of {} mPa·s at {} K",
                sig_short(*dot_nm, 3),
                sig_short(*quencher_nm, 3),
                sig_short(*viscosity, 3),
                sig_short(*temperature, 5)
            ),
            LimitSource::Default => "the diffusion limit of small molecules in water at 25 °C".to_string(),
        }
    }
}

impl Default for DiffusionLimit {
    fn default() -> Self {
        DiffusionLimit { per_m_per_s: WATER_25C_PER_M_PER_S, source: LimitSource::Default }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoluchowski_gives_the_textbook_limit_in_water() {
        // 8RT/3η, R = 8.314462618 J/(mol K), T = 298.15 K, η = 0.890 mPa s: 7.4276e9 M⁻¹ s⁻¹
        // (computed by hand: 8 × 8.314462618 × 298.15 / (3 × 0.000890) × 1000).
        let equal = smoluchowski_per_m_per_s(0.5, 0.5, 0.890, 298.15).unwrap();
        assert!((equal - 7.42757e9).abs() < 1e-5 * 7.4e9, "{equal}");
        // A 2.73 nm dot (R = 1.365 nm) and a 0.4 nm quencher: × (1.765²/(1.365·0.4))/4.
        let dot = smoluchowski_per_m_per_s(1.365, 0.4, 0.890, 298.15).unwrap();
        assert!((dot / equal - 1.765f64.powi(2) / (1.365 * 0.4) / 4.0).abs() < 1e-12, "{dot}");
        assert_eq!(smoluchowski_per_m_per_s(0.0, 0.4, 0.89, 298.15), None);
        assert_eq!(smoluchowski_per_m_per_s(1.0, 0.4, f64::NAN, 298.15), None);
    }
}
