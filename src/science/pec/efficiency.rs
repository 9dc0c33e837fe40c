//! From an operating current to chemistry (seed 002): product rate with a Faradaic efficiency,
//! Faradaic efficiency from a measured amount and a charge, NADH from its absorbance at 340 nm,
//! and the light-to-chemical efficiency η = ΔG·r/(P·A). Seed 002 quotes η ≈ 0.013 % for
//! 0.15 mA cm⁻² under 680 mW cm⁻²; with ΔG = 2F·1.14 V per NADH and every electron making NADH
//! the value is 0.025 % (`seed_checks.json` h: the quoted one follows from ΔG per mole of
//! electrons, a factor-2 slip, which the calculator does not copy).

use thiserror::Error;

use super::scales::FARADAY_C_PER_MOL;
use crate::science::format::Short;

/// Molar absorption coefficient of NADH at 340 nm (M⁻¹ cm⁻¹).
pub const NADH_EPSILON_340_PER_M_CM: f64 = 6220.0;

/// A problem with an efficiency's inputs.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EfficiencyError {
    #[error("{what} must be above zero (it is {}).", Short(*.value, 4))]
    NotPositive { what: &'static str, value: f64 },
    #[error("The Faradaic efficiency must be above 0 and at most 1 (it is {}).", Short(*.value, 4))]
    BadFaradaicEfficiency { value: f64 },
}

fn positive(what: &'static str, value: f64) -> Result<f64, EfficiencyError> {
    if value > 0.0 && value.is_finite() {
        Ok(value)
    } else {
        Err(EfficiencyError::NotPositive { what, value })
    }
}

/// Product formed per second by a current (mol s⁻¹): I·FE/(zF).
pub fn product_rate_mol_per_s(current_a: f64, faradaic_efficiency: f64, electrons: f64) -> Result<f64, EfficiencyError> {
    let i = positive("The current", current_a.abs())?;
    if !(faradaic_efficiency > 0.0 && faradaic_efficiency <= 1.0) {
        return Err(EfficiencyError::BadFaradaicEfficiency { value: faradaic_efficiency });
    }
    let z = positive("The electrons per product", electrons)?;
    Ok(i * faradaic_efficiency / (z * FARADAY_C_PER_MOL))
}

/// Faradaic efficiency zFn/Q of an amount made by a charge.
pub fn faradaic_efficiency(electrons: f64, product_mol: f64, charge_c: f64) -> Result<f64, EfficiencyError> {
    let z = positive("The electrons per product", electrons)?;
    let n = positive("The amount of product", product_mol)?;
    let q = positive("The charge", charge_c.abs())?;
    Ok(z * FARADAY_C_PER_MOL * n / q)
}

/// NADH in a solution from its absorbance at 340 nm (mol): A/(ε·l)·V.
pub fn nadh_from_absorbance_mol(absorbance_340: f64, path_cm: f64, volume_ml: f64) -> Result<f64, EfficiencyError> {
    let a = positive("The absorbance at 340 nm", absorbance_340)?;
    let l = positive("The path length", path_cm)?;
    let v = positive("The volume", volume_ml)?;
    Ok(a / (NADH_EPSILON_340_PER_M_CM * l) * v * 1e-3)
}

/// ΔG of a reaction from the standard potentials of its two couples: z·F·(E_ox − E_red) (J
/// per mole of product).
pub fn gibbs_from_potentials_j_per_mol(electrons: f64, e_oxidation_couple_v: f64, e_reduction_couple_v: f64) -> f64 {
    electrons * FARADAY_C_PER_MOL * (e_oxidation_couple_v - e_reduction_couple_v)
}

/// Light-to-chemical efficiency ΔG·r/(P·A), as a fraction.
pub fn light_to_chemical(gibbs_j_per_mol: f64, rate_mol_per_s: f64, power_mw_per_cm2: f64, area_cm2: f64) -> Result<f64, EfficiencyError> {
    let p = positive("The light's power density", power_mw_per_cm2)?;
    let a = positive("The illuminated area", area_cm2)?;
    Ok(gibbs_j_per_mol * rate_mol_per_s / (p * 1e-3 * a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, relative: f64) {
        assert!((actual - expected).abs() <= relative * expected.abs(), "{actual} vs {expected}");
    }

    #[test]
    fn seed_checks_h() {
        // FE = 2·F·10 µmol / 2.1 C = 0.918907924983905.
        close(faradaic_efficiency(2.0, 10e-6, 2.1).unwrap(), 0.918_907_924_983_905, 1e-12);
        // ΔG = 2F × 1.14 V = 219986.557241147 J/mol; r = 0.15 mA / 2F per cm²; η = 0.0251 %.
        let dg = gibbs_from_potentials_j_per_mol(2.0, 0.82, -0.32);
        close(dg, 219_986.557_241_147, 1e-12);
        let r = product_rate_mol_per_s(0.15e-3, 1.0, 2.0).unwrap();
        close(r, 7.773_202_242_196_63e-10, 1e-12);
        close(light_to_chemical(dg, r, 680.0, 1.0).unwrap(), 2.514_705_882_352_94e-4, 1e-12);
    }

    #[test]
    fn nadh_and_bad_inputs() {
        // A = 0.622 in 1 cm: 100 µM; in 2 mL that is 200 nmol.
        close(nadh_from_absorbance_mol(0.622, 1.0, 2.0).unwrap(), 200e-9, 1e-12);
        assert!(matches!(product_rate_mol_per_s(1e-3, 1.2, 2.0), Err(EfficiencyError::BadFaradaicEfficiency { .. })));
        assert!(faradaic_efficiency(2.0, 0.0, 1.0).is_err());
        assert!(light_to_chemical(1.0, 1.0, 0.0, 1.0).is_err());
    }
}
