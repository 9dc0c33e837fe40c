//! Potential scales: the potential of each common reference electrode against the standard
//! hydrogen electrode, with its source and, where known, how it moves with temperature; the
//! reversible hydrogen electrode at any pH and temperature; conversion of any potential, or a
//! list of them, from one scale to another.
//!
//! Values (`refdata/electrodes.md`): Bard & Faulkner, *Electrochemical Methods* (2nd ed.);
//! Sawyer, Sobkowiak & Roberts, *Electrochemistry for Chemists*; Chen et al., J. Power Sources
//! 161, 1217 (2006) and Kawashima et al., ACS Catal. (2023) for Hg/HgO; vendor tables for the
//! 3 M fillings; seed 000 for Fc⁺/Fc in CH₃CN. A filled electrode is not its couple's standard
//! potential E°: the often-quoted 0.098 V (HgO/Hg) and 0.268 V (Hg₂Cl₂/Hg) are E° at unit
//! activity, not the electrodes in the lab. RHE: E_RHE = E_SHE + (ln 10)·RT/F·pH.

use thiserror::Error;

use crate::science::constants::{ELEMENTARY_CHARGE_C, GAS_CONSTANT};
use crate::science::format::Short;

/// 25 °C, where the electrodes are tabulated (K).
pub const TABLE_TEMPERATURE_K: f64 = 298.15;
/// 0 °C (K).
const ZERO_CELSIUS_K: f64 = 273.15;
/// Faraday constant F = e·N_A (C mol⁻¹), exact.
pub const FARADAY_C_PER_MOL: f64 = ELEMENTARY_CHARGE_C * crate::science::constants::AVOGADRO_PER_MOL;
/// Seed 000's Fc⁺/Fc against NHE in CH₃CN (V); solvent dependent, so the user can change it.
pub const FERROCENE_SEED_V_VS_SHE: f64 = 0.63;

/// A potential scale: a reference electrode, the RHE, or one of the user's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scale {
    /// The standard (normal) hydrogen electrode.
    #[default]
    She,
    /// The reversible hydrogen electrode at the pH and temperature given.
    Rhe,
    AgAgClSaturatedKcl,
    AgAgCl3_5MKcl,
    AgAgCl3MKcl,
    AgAgCl1MKcl,
    AgAgCl3MNaCl,
    /// Saturated calomel electrode.
    Sce,
    HgHgO1MNaOH,
    HgHgO01MNaOH,
    HgHgO1MKOH,
    /// Hg/Hg₂SO₄ in saturated K₂SO₄.
    HgHg2SO4,
    /// Ferrocenium/ferrocene, at the potential given (seed 000: +0.63 V vs NHE in CH₃CN).
    Ferrocene,
    /// The user's own reference, at the potential vs SHE given.
    Custom,
}

/// What is known of a reference electrode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Electrode {
    /// Its potential against SHE at 25 °C (V).
    pub v_vs_she: f64,
    /// Tabulated potentials at other temperatures, (°C, V vs SHE), ascending, 25 °C included.
    pub by_temperature: &'static [(f64, f64)],
    /// Where the value comes from, and what else is said of it.
    pub source: &'static str,
}

/// Why a potential cannot be converted.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ScaleError {
    #[error("The temperature must be above absolute zero (it is {} K).", Short(*.kelvin, 4))]
    BadTemperature { kelvin: f64 },
    #[error("The pH must be a number between −2 and 16 for the RHE (it is {}).", Short(*.ph, 4))]
    BadPh { ph: f64 },
    #[error("The potential {} V is not a finite number.", Short(*.volts, 4))]
    NotFinite { volts: f64 },
}

impl Scale {
    pub const ALL: [Scale; 14] = [
        Scale::She,
        Scale::Rhe,
        Scale::AgAgClSaturatedKcl,
        Scale::AgAgCl3_5MKcl,
        Scale::AgAgCl3MKcl,
        Scale::AgAgCl1MKcl,
        Scale::AgAgCl3MNaCl,
        Scale::Sce,
        Scale::HgHgO1MNaOH,
        Scale::HgHgO01MNaOH,
        Scale::HgHgO1MKOH,
        Scale::HgHg2SO4,
        Scale::Ferrocene,
        Scale::Custom,
    ];

    /// Its name in links and state files.
    pub fn slug(self) -> &'static str {
        match self {
            Scale::She => "SHE",
            Scale::Rhe => "RHE",
            Scale::AgAgClSaturatedKcl => "AgAgCl-satKCl",
            Scale::AgAgCl3_5MKcl => "AgAgCl-3.5MKCl",
            Scale::AgAgCl3MKcl => "AgAgCl-3MKCl",
            Scale::AgAgCl1MKcl => "AgAgCl-1MKCl",
            Scale::AgAgCl3MNaCl => "AgAgCl-3MNaCl",
            Scale::Sce => "SCE",
            Scale::HgHgO1MNaOH => "HgHgO-1MNaOH",
            Scale::HgHgO01MNaOH => "HgHgO-0.1MNaOH",
            Scale::HgHgO1MKOH => "HgHgO-1MKOH",
            Scale::HgHg2SO4 => "HgHg2SO4",
            Scale::Ferrocene => "Fc",
            Scale::Custom => "custom",
        }
    }

    /// Its name on the page.
    pub fn label(self) -> &'static str {
        match self {
            Scale::She => "SHE / NHE",
            Scale::Rhe => "RHE",
            Scale::AgAgClSaturatedKcl => "Ag/AgCl (sat. KCl)",
            Scale::AgAgCl3_5MKcl => "Ag/AgCl (3.5 M KCl)",
            Scale::AgAgCl3MKcl => "Ag/AgCl (3 M KCl)",
            Scale::AgAgCl1MKcl => "Ag/AgCl (1 M KCl)",
            Scale::AgAgCl3MNaCl => "Ag/AgCl (3 M NaCl)",
            Scale::Sce => "SCE (sat. KCl)",
            Scale::HgHgO1MNaOH => "Hg/HgO (1 M NaOH)",
            Scale::HgHgO01MNaOH => "Hg/HgO (0.1 M NaOH)",
            Scale::HgHgO1MKOH => "Hg/HgO (1 M KOH)",
            Scale::HgHg2SO4 => "Hg/Hg₂SO₄ (sat. K₂SO₄)",
            Scale::Ferrocene => "Fc⁺/Fc",
            Scale::Custom => "your own reference",
        }
    }

    /// The tabulated electrode; `None` for the scales whose potential depends on what the
    /// user gives (RHE: pH; Fc⁺/Fc: the solvent; custom).
    pub fn electrode(self) -> Option<Electrode> {
        let e = |v_vs_she, by_temperature, source| Some(Electrode { v_vs_she, by_temperature, source });
        match self {
            Scale::She => e(0.0, &[], "by definition"),
            Scale::AgAgClSaturatedKcl => e(
                0.197,
                &[(15.0, 0.209), (25.0, 0.197), (35.0, 0.189)],
                "Bard & Faulkner; Sawyer et al. (0.199 V with the liquid junction); about −1.0 mV K⁻¹",
            ),
            Scale::AgAgCl3_5MKcl => e(0.205, &[], "Sawyer et al.; about −0.73 mV K⁻¹"),
            Scale::AgAgCl3MKcl => e(0.210, &[], "vendor tables (BASi, Metrohm)"),
            Scale::AgAgCl1MKcl => e(0.236, &[], "Int. J. Corros. 2010, Table 2 (E° of AgCl/Ag, 0.222 V, is not this electrode)"),
            Scale::AgAgCl3MNaCl => e(0.209, &[], "vendor tables (BASi)"),
            Scale::Sce => e(
                0.2412,
                &[(15.0, 0.2511), (25.0, 0.2412), (35.0, 0.2376)],
                "Bard & Faulkner; Meites (0.244 V with the liquid junction; E° of Hg₂Cl₂/Hg, 0.268 V, is not this electrode)",
            ),
            Scale::HgHgO1MNaOH => e(0.108, &[], "Chen et al. 2006 (calc. 0.1077, meas. 0.1089 ± 0.0012); E° of HgO/Hg, 0.098 V, is not this electrode"),
            Scale::HgHgO01MNaOH => e(0.165, &[], "Int. J. Corros. 2010; sources differ: 0.1485 to 0.165 V (Chen 2006, Kawashima 2023)"),
            Scale::HgHgO1MKOH => e(0.1034, &[], "Kawashima et al. 2023 (± 0.0023 V)"),
            Scale::HgHg2SO4 => e(0.64, &[], "Bard & Faulkner; Sawyer et al. (0.64–0.65 V)"),
            Scale::Rhe | Scale::Ferrocene | Scale::Custom => None,
        }
    }
}

/// What the scales that are not fixed electrodes depend on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conditions {
    pub ph: f64,
    pub temperature_k: f64,
    /// Fc⁺/Fc against SHE (V) in the solvent used.
    pub ferrocene_v_vs_she: f64,
    /// The user's own reference against SHE (V).
    pub custom_v_vs_she: f64,
}

impl Default for Conditions {
    fn default() -> Self {
        Conditions { ph: 0.0, temperature_k: TABLE_TEMPERATURE_K, ferrocene_v_vs_she: FERROCENE_SEED_V_VS_SHE, custom_v_vs_she: 0.0 }
    }
}

/// The Nernst slope (ln 10)·RT/F at temperature T (V per pH unit): 0.05916 V at 25 °C.
pub fn nernst_slope_v(temperature_k: f64) -> f64 {
    std::f64::consts::LN_10 * GAS_CONSTANT * temperature_k / FARADAY_C_PER_MOL
}

/// How a reference's potential at the conditions was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Exact, or from its tabulated values at this temperature.
    Tabulated,
    /// At 25 °C only: the temperature differs and no temperature dependence is known.
    At25Only,
    /// Outside the tabulated temperatures: extended from the nearest two.
    Extrapolated,
    /// From what the user gave (pH, solvent, own value).
    Given,
}

/// A reference's potential against SHE at the conditions (V), and how it was found.
pub fn reference_v_vs_she(scale: Scale, conditions: &Conditions) -> Result<(f64, Basis), ScaleError> {
    let t = conditions.temperature_k;
    if !(t.is_finite() && t > 0.0) {
        return Err(ScaleError::BadTemperature { kelvin: t });
    }
    match scale {
        Scale::Rhe => {
            let ph = conditions.ph;
            if !(-2.0..=16.0).contains(&ph) {
                return Err(ScaleError::BadPh { ph });
            }
            Ok((-nernst_slope_v(t) * ph, Basis::Given))
        }
        Scale::Ferrocene => Ok((conditions.ferrocene_v_vs_she, Basis::Given)),
        Scale::Custom => Ok((conditions.custom_v_vs_she, Basis::Given)),
        _ => {
            let electrode = scale.electrode().unwrap_or(Electrode { v_vs_she: 0.0, by_temperature: &[], source: "" });
            let celsius = t - ZERO_CELSIUS_K;
            let table = electrode.by_temperature;
            if (celsius - 25.0).abs() < 1e-9 || scale == Scale::She {
                return Ok((electrode.v_vs_she, Basis::Tabulated));
            }
            if table.len() < 2 {
                return Ok((electrode.v_vs_she, Basis::At25Only));
            }
            // Piecewise linear through the table; beyond it, the nearest segment extended.
            let last = table.len() - 1;
            let segment = table.windows(2).position(|w| celsius <= w[1].0).unwrap_or(last - 1);
            let ((t0, v0), (t1, v1)) = (table[segment], table[segment + 1]);
            let v = v0 + (v1 - v0) * (celsius - t0) / (t1 - t0);
            let inside = celsius >= table[0].0 && celsius <= table[last].0;
            Ok((v, if inside { Basis::Tabulated } else { Basis::Extrapolated }))
        }
    }
}

/// A potential measured against `from`, against `to` (V), at the conditions.
pub fn convert(volts: f64, from: Scale, to: Scale, conditions: &Conditions) -> Result<f64, ScaleError> {
    if !volts.is_finite() {
        return Err(ScaleError::NotFinite { volts });
    }
    let (from_v, _) = reference_v_vs_she(from, conditions)?;
    let (to_v, _) = reference_v_vs_she(to, conditions)?;
    Ok(volts + from_v - to_v)
}

/// Converts a list of potentials at once; the first that cannot be converted stops it.
pub fn convert_all(volts: &[f64], from: Scale, to: Scale, conditions: &Conditions) -> Result<Vec<f64>, ScaleError> {
    let (from_v, _) = reference_v_vs_she(from, conditions)?;
    let (to_v, _) = reference_v_vs_she(to, conditions)?;
    volts
        .iter()
        .map(|&v| if v.is_finite() { Ok(v + from_v - to_v) } else { Err(ScaleError::NotFinite { volts: v }) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!((actual - expected).abs() <= tolerance, "{actual} vs {expected} (± {tolerance})");
    }

    #[test]
    fn nernst_slope_is_the_seed_checks_value() {
        // seed_checks.json g: 0.05915935 V per pH at 25 °C (CODATA 2018 exact constants).
        close(nernst_slope_v(TABLE_TEMPERATURE_K), 0.059_159_35, 5e-9);
        // At 37 °C, by mpmath (30 digits, exact R = N_A·k_B and F = e·N_A).
        close(nernst_slope_v(310.15), 0.061_540_406_858_075_6, 1e-15);
    }

    #[test]
    fn seed_checks_g_conversions() {
        // seed_checks.json g, at pH 7, 25 °C, Ag/AgCl (sat. KCl) = 0.197 V, Fc⁺/Fc = 0.63 V vs
        // NHE. Its RHE column uses 0.0591 V per pH; with the exact slope it is 0.41111 − 0.2
        // + 0.197 (the 0.4 mV its rounding note describes).
        let at_ph7 = Conditions { ph: 7.0, ..Conditions::default() };
        for (ag, nhe, fc) in [(-0.2, -0.003, -0.633), (0.03, 0.227, -0.403), (-0.6, -0.403, -1.033)] {
            close(convert(ag, Scale::AgAgClSaturatedKcl, Scale::She, &at_ph7).unwrap(), nhe, 1e-12);
            close(convert(ag, Scale::AgAgClSaturatedKcl, Scale::Ferrocene, &at_ph7).unwrap(), fc, 1e-12);
            let rhe = convert(ag, Scale::AgAgClSaturatedKcl, Scale::Rhe, &at_ph7).unwrap();
            close(rhe, nhe + 7.0 * 0.059_159_35, 5e-8);
            close(rhe, nhe + 7.0 * 0.0591, 4.2e-4);
        }
    }

    #[test]
    fn filled_electrodes_are_not_their_standard_potentials() {
        // electrodes.md: SCE 0.2412 (not E° 0.268), Hg/HgO 1 M NaOH 0.108 (not E° 0.098).
        let at25 = Conditions::default();
        close(reference_v_vs_she(Scale::Sce, &at25).unwrap().0, 0.2412, 1e-12);
        close(reference_v_vs_she(Scale::HgHgO1MNaOH, &at25).unwrap().0, 0.108, 1e-12);
        close(convert(0.0, Scale::Sce, Scale::AgAgClSaturatedKcl, &at25).unwrap(), 0.2412 - 0.197, 1e-12);
        for scale in Scale::ALL {
            if let Some(e) = scale.electrode() {
                assert!(!e.source.is_empty(), "{scale:?} has no source");
            }
        }
    }

    #[test]
    fn temperature_follows_the_tables_and_says_when_it_cannot() {
        let at = |celsius: f64| Conditions { temperature_k: celsius + 273.15, ..Conditions::default() };
        // electrodes.md: Ag/AgCl sat. 0.209 V at 15 °C, 0.189 V at 35 °C; SCE 0.2511 and 0.2376.
        assert_eq!(reference_v_vs_she(Scale::AgAgClSaturatedKcl, &at(15.0)).unwrap(), (0.209, Basis::Tabulated));
        close(reference_v_vs_she(Scale::Sce, &at(35.0)).unwrap().0, 0.2376, 1e-12);
        close(reference_v_vs_she(Scale::Sce, &at(30.0)).unwrap().0, (0.2412 + 0.2376) / 2.0, 1e-12);
        assert_eq!(reference_v_vs_she(Scale::Sce, &at(50.0)).unwrap().1, Basis::Extrapolated);
        assert_eq!(reference_v_vs_she(Scale::HgHgO1MKOH, &at(40.0)).unwrap(), (0.1034, Basis::At25Only));
        assert_eq!(reference_v_vs_she(Scale::She, &at(40.0)).unwrap(), (0.0, Basis::Tabulated));
    }

    #[test]
    fn conversions_round_trip_and_refuse_what_they_cannot_do() {
        let c = Conditions { ph: 13.0, temperature_k: 318.15, ferrocene_v_vs_she: 0.4, custom_v_vs_she: -0.1 };
        for from in Scale::ALL {
            for to in Scale::ALL {
                let there = convert(0.5, from, to, &c).unwrap();
                close(convert(there, to, from, &c).unwrap(), 0.5, 1e-12);
            }
        }
        let list = convert_all(&[0.1, 0.2, -0.3], Scale::Sce, Scale::Rhe, &c).unwrap();
        close(list[2] - list[0], -0.4, 1e-12);
        assert!(matches!(convert(0.1, Scale::She, Scale::Rhe, &Conditions { ph: 20.0, ..c }), Err(ScaleError::BadPh { .. })));
        assert!(matches!(convert(0.1, Scale::Sce, Scale::She, &Conditions { temperature_k: 0.0, ..c }), Err(ScaleError::BadTemperature { .. })));
        assert!(matches!(convert_all(&[0.1, f64::NAN], Scale::Sce, Scale::She, &c), Err(ScaleError::NotFinite { .. })));
    }
}
