//! Gas evolution: the amount of gas from a volume or a chromatogram, what dissolves, turnover
//! numbers and frequencies, quantum yields and the solar-to-hydrogen efficiency.
//!
//! Seed 000 (CdTe quantum dots with a cobalt catalyst) turns a measured volume of H₂ into an
//! amount with the van der Waals approximation V_m = RT/p + b − a/(RT), 24.48 mL mmol⁻¹ at
//! 25 °C and 1 atm; its TON is n(H₂)/n(catalyst) and its quantum yield 2·rate/photon flux with
//! the photon flux of the absorbed power, Pλ/(hc). The constants and their sources are in
//! `refdata/gas_constants.md`: van der Waals a and b from the CRC Handbook, Henry's law
//! constants from Sander's compilation (Atmos. Chem. Phys. 23, 10901, 2023), ferrioxalate
//! actinometry from Kuhn, Braslavsky and Schmidt (Pure Appl. Chem. 76, 2105, 2004), the
//! solar-to-hydrogen efficiency from Chen et al. (J. Mater. Res. 25, 3, 2010).
//!
//! The external-standard calibration of a chromatograph is in [`calibration`], time courses
//! (initial rate, TOF over time, the end point of a saturating reaction) in [`kinetics`].

pub mod calibration;
pub mod kinetics;

use thiserror::Error;

use crate::science::constants::{AVOGADRO_PER_MOL, GAS_CONSTANT, PLANCK_J_S, SPEED_OF_LIGHT_M_PER_S};
use crate::science::format::Short;

/// Standard atmosphere (Pa), exact.
pub const STANDARD_ATMOSPHERE_PA: f64 = 101_325.0;
/// 0 °C in kelvin, exact.
pub const ZERO_CELSIUS_K: f64 = 273.15;
/// The temperature Henry's law constants are tabulated at (K).
pub const HENRY_REFERENCE_K: f64 = 298.15;
/// ΔG° of H₂O(l) → H₂ + ½O₂ at 25 °C (J mol⁻¹), the energy STH counts per mole of H₂.
pub const WATER_SPLITTING_GIBBS_J_PER_MOL: f64 = 237_100.0;
/// The irradiance of AM1.5G sunlight, the only one STH is defined under (mW cm⁻²).
pub const AM15G_MW_PER_CM2: f64 = 100.0;
/// Molar absorption coefficient of Fe(phen)₃²⁺ at 510 nm (M⁻¹ cm⁻¹), Kuhn et al. 2004.
pub const FERROIN_EPSILON_510_PER_M_CM: f64 = 11_100.0;
/// The molar volume people remember: an ideal gas at 0 °C and 1 atm (L mol⁻¹).
pub const HABITUAL_MOLAR_VOLUME_L_PER_MOL: f64 = 22.4;

/// A problem with the inputs of a gas-evolution calculation, said so that it can be fixed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GasError {
    #[error("The temperature must be above absolute zero (it is {} K).", Short(*.kelvin, 4))]
    TemperatureNotAboveZero { kelvin: f64 },
    #[error("The pressure must be above zero (it is {} Pa).", Short(*.pascal, 4))]
    PressureNotPositive { pascal: f64 },
    #[error("The van der Waals constants must be a ≥ 0 and b ≥ 0 (a = {a}, b = {b}).")]
    BadVanDerWaals { a: f64, b: f64 },
    #[error("The van der Waals equation gives no gas volume here (T = {} K, p = {} Pa): check the temperature, the pressure, a and b.", Short(*.kelvin, 4), Short(*.pascal, 4))]
    NoPhysicalRoot { kelvin: f64, pascal: f64 },
    #[error("{what} must be above zero (it is {}).", Short(*.value, 4))]
    NotPositive { what: &'static str, value: f64 },
    #[error("The wavelength must be between 200 and 2500 nm (it is {} nm).", Short(*.nm, 4))]
    WavelengthOutOfRange { nm: f64 },
    #[error("The fraction absorbed must be above 0 and at most 1 (it is {}).", Short(*.value, 4))]
    BadFraction { value: f64 },
    #[error("{what} gives a result that is not a finite number: check the orders of magnitude.")]
    NotFinite { what: &'static str },
}

/// A positive, finite value, or the error that names it.
fn positive(what: &'static str, value: f64) -> Result<f64, GasError> {
    if value > 0.0 && value.is_finite() {
        Ok(value)
    } else {
        Err(GasError::NotPositive { what, value })
    }
}

/// A finite result, or the error that names the calculation.
fn finite(what: &'static str, value: f64) -> Result<f64, GasError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(GasError::NotFinite { what })
    }
}

/// The gases whose constants are built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Gas {
    #[default]
    H2,
    O2,
    CO,
    CO2,
    CH4,
    N2,
}

/// van der Waals constants, in the units handbooks tabulate them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VanDerWaals {
    /// a (L² bar mol⁻²); 1 L² bar mol⁻² = 0.1 Pa m⁶ mol⁻².
    pub a_l2_bar_per_mol2: f64,
    /// b (L mol⁻¹).
    pub b_l_per_mol: f64,
}

/// Henry's law solubility of a gas in water: H^cp at 25 °C and its temperature dependence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Henry {
    /// H^cp at 298.15 K (mol m⁻³ Pa⁻¹).
    pub hcp_mol_per_m3_pa: f64,
    /// d ln H^cp / d(1/T) (K).
    pub temperature_coefficient_k: f64,
}

impl Gas {
    pub const ALL: [Gas; 6] = [Gas::H2, Gas::O2, Gas::CO, Gas::CO2, Gas::CH4, Gas::N2];

    /// Its formula with subscripts.
    pub fn label(self) -> &'static str {
        match self {
            Gas::H2 => "H₂",
            Gas::O2 => "O₂",
            Gas::CO => "CO",
            Gas::CO2 => "CO₂",
            Gas::CH4 => "CH₄",
            Gas::N2 => "N₂",
        }
    }

    /// Its formula in ASCII, as links write it.
    pub fn slug(self) -> &'static str {
        match self {
            Gas::H2 => "H2",
            Gas::O2 => "O2",
            Gas::CO => "CO",
            Gas::CO2 => "CO2",
            Gas::CH4 => "CH4",
            Gas::N2 => "N2",
        }
    }

    /// van der Waals a and b from the CRC Handbook (classic values; `gas_constants.md`).
    pub fn van_der_waals(self) -> VanDerWaals {
        let (a, b) = match self {
            Gas::H2 => (0.2452, 0.0265),
            Gas::O2 => (1.382, 0.03186),
            Gas::CO => (1.472, 0.03948),
            Gas::CO2 => (3.640, 0.04267),
            Gas::CH4 => (2.283, 0.04278),
            Gas::N2 => (1.370, 0.0387),
        };
        VanDerWaals { a_l2_bar_per_mol2: a, b_l_per_mol: b }
    }

    /// Where [`Gas::van_der_waals`] comes from.
    pub const VAN_DER_WAALS_SOURCE: &'static str = "CRC Handbook of Chemistry and Physics";

    /// Henry's law constant in water at 25 °C and its temperature coefficient, from Sander
    /// (2023).
    pub fn henry(self) -> Henry {
        let (hcp, b) = match self {
            Gas::H2 => (7.8e-6, 530.0),
            Gas::O2 => (1.3e-5, 1500.0),
            Gas::CO => (9.7e-6, 1300.0),
            Gas::CH4 => (1.4e-5, 1600.0),
            Gas::CO2 => (3.3e-4, 2400.0),
            Gas::N2 => (6.4e-6, 1300.0),
        };
        Henry { hcp_mol_per_m3_pa: hcp, temperature_coefficient_k: b }
    }

    /// Where [`Gas::henry`] comes from.
    pub const HENRY_SOURCE: &'static str = "Sander, Atmos. Chem. Phys. 23, 10901 (2023)";

    /// Electrons needed to make one molecule of it by a photocatalytic reduction or
    /// oxidation; `None` for gases that are not such a product (N₂, CO₂).
    pub fn electrons_per_molecule(self) -> Option<u32> {
        Product::ALL.iter().find(|p| p.gas() == Some(self)).map(|p| p.electrons())
    }
}

/// The products of a photocatalytic reaction whose electron count is built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Product {
    #[default]
    H2,
    O2,
    CO,
    HCOOH,
    CH4,
    NADH,
}

impl Product {
    pub const ALL: [Product; 6] = [Product::H2, Product::O2, Product::CO, Product::HCOOH, Product::CH4, Product::NADH];

    /// Electrons transferred per molecule formed: H₂ 2 (2H⁺ + 2e⁻), O₂ 4 (2H₂O → O₂ + 4H⁺ +
    /// 4e⁻), CO and HCOOH 2 (from CO₂), CH₄ 8 (from CO₂), NADH 2 (NAD⁺ + H⁺ + 2e⁻).
    pub fn electrons(self) -> u32 {
        match self {
            Product::H2 | Product::CO | Product::HCOOH | Product::NADH => 2,
            Product::O2 => 4,
            Product::CH4 => 8,
        }
    }

    /// The gas it is, if it is one.
    pub fn gas(self) -> Option<Gas> {
        match self {
            Product::H2 => Some(Gas::H2),
            Product::O2 => Some(Gas::O2),
            Product::CO => Some(Gas::CO),
            Product::CH4 => Some(Gas::CH4),
            Product::HCOOH | Product::NADH => None,
        }
    }

    /// Its formula with subscripts.
    pub fn label(self) -> &'static str {
        match self {
            Product::H2 => "H₂",
            Product::O2 => "O₂",
            Product::CO => "CO",
            Product::HCOOH => "HCOOH",
            Product::CH4 => "CH₄",
            Product::NADH => "NADH",
        }
    }

    /// Its formula in ASCII, as links write it.
    pub fn slug(self) -> &'static str {
        match self {
            Product::H2 => "H2",
            Product::O2 => "O2",
            Product::CO => "CO",
            Product::HCOOH => "HCOOH",
            Product::CH4 => "CH4",
            Product::NADH => "NADH",
        }
    }
}

/// How the molar volume of the gas is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EquationOfState {
    /// V_m = RT/p.
    Ideal,
    /// V_m = RT/p + b − a/(RT), the second-virial form of van der Waals that seed 000 uses.
    #[default]
    VanDerWaalsApproximation,
    /// The gas root of (p + a/V²)(V − b) = RT.
    VanDerWaals,
}

impl EquationOfState {
    pub const ALL: [EquationOfState; 3] = [EquationOfState::Ideal, EquationOfState::VanDerWaalsApproximation, EquationOfState::VanDerWaals];
}

/// The conditions of the gas: temperature and pressure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conditions {
    pub temperature_k: f64,
    pub pressure_pa: f64,
}

impl Conditions {
    /// 25 °C and 1 atm, the seed's conditions.
    pub const ROOM: Conditions = Conditions { temperature_k: 298.15, pressure_pa: STANDARD_ATMOSPHERE_PA };

    /// Checks that T and p are physical.
    pub fn check(self) -> Result<Conditions, GasError> {
        if !(self.temperature_k > 0.0 && self.temperature_k.is_finite()) {
            return Err(GasError::TemperatureNotAboveZero { kelvin: self.temperature_k });
        }
        if !(self.pressure_pa > 0.0 && self.pressure_pa.is_finite()) {
            return Err(GasError::PressureNotPositive { pascal: self.pressure_pa });
        }
        Ok(self)
    }

    /// RT (J mol⁻¹ = Pa m³ mol⁻¹).
    fn rt(self) -> f64 {
        GAS_CONSTANT * self.temperature_k
    }
}

/// The molar volume of a gas at the given conditions (L mol⁻¹ = mL mmol⁻¹).
///
/// ```
/// use photocalc::science::gas::{molar_volume_l_per_mol, Conditions, EquationOfState, Gas};
/// let vm = molar_volume_l_per_mol(EquationOfState::VanDerWaalsApproximation, Conditions::ROOM, Gas::H2.van_der_waals()).unwrap();
/// assert!((vm - 24.48).abs() < 0.005);
/// ```
pub fn molar_volume_l_per_mol(eos: EquationOfState, conditions: Conditions, vdw: VanDerWaals) -> Result<f64, GasError> {
    let conditions = conditions.check()?;
    let (a, b) = vdw_si(vdw)?;
    let rt = conditions.rt();
    let p = conditions.pressure_pa;
    if !(rt / p).is_finite() {
        return Err(GasError::NoPhysicalRoot { kelvin: conditions.temperature_k, pascal: p });
    }
    let m3 = match eos {
        EquationOfState::Ideal => rt / p,
        EquationOfState::VanDerWaalsApproximation => rt / p + b - a / rt,
        EquationOfState::VanDerWaals => van_der_waals_gas_root_m3(conditions, a, b)?,
    };
    if !(m3 > 0.0 && m3.is_finite()) {
        return Err(GasError::NoPhysicalRoot { kelvin: conditions.temperature_k, pascal: p });
    }
    Ok(m3 * 1e3)
}

/// a (Pa m⁶ mol⁻²) and b (m³ mol⁻¹) from handbook units, checked.
fn vdw_si(vdw: VanDerWaals) -> Result<(f64, f64), GasError> {
    let (a, b) = (vdw.a_l2_bar_per_mol2, vdw.b_l_per_mol);
    if !(a >= 0.0 && b >= 0.0 && a.is_finite() && b.is_finite()) {
        return Err(GasError::BadVanDerWaals { a, b });
    }
    Ok((a * 0.1, b * 1e-3))
}

/// The largest real root of p V³ − (p b + RT) V² + a V − a b = 0, the gas root (m³ mol⁻¹).
///
/// Below the critical temperature the cubic can have three real roots (liquid, unstable,
/// gas); the gas is the largest. The cubic is negative at V = b (−RT b²) and grows without
/// bound, so a root above b always exists for p, T > 0; it is bracketed between b and the
/// ideal volume plus b (where the cubic is a·(V − b) ≥ 0) and pinned down by Brent's method.
fn van_der_waals_gas_root_m3(conditions: Conditions, a: f64, b: f64) -> Result<f64, GasError> {
    let rt = conditions.rt();
    let p = conditions.pressure_pa;
    let cubic = |v: f64| ((p * v - (p * b + rt)) * v + a) * v - a * b;
    let no_root = || GasError::NoPhysicalRoot { kelvin: conditions.temperature_k, pascal: p };
    // Past the cubic's local minimum (the larger root of its derivative) it only rises, so the
    // gas root, the largest, lies above that minimum when the minimum is negative; otherwise
    // the cubic has one real root, and it lies above b, where the cubic is −RT b² < 0.
    let local_min = {
        let (qa, qb, qc) = (3.0 * p, -2.0 * (p * b + rt), a);
        let disc = qb * qb - 4.0 * qa * qc;
        if disc > 0.0 {
            (-qb + disc.sqrt()) / (2.0 * qa)
        } else {
            b
        }
    };
    let start = if local_min > b && cubic(local_min) < 0.0 { local_min } else { b };
    // An upper end where the cubic is positive and rising: the ideal volume plus b (where the
    // cubic is a·(V − b) ≥ 0), moved up past the minimum if need be.
    let mut end = (rt / p + b).max(local_min);
    for _ in 0..64 {
        if cubic(end) > 0.0 {
            break;
        }
        end *= 2.0;
    }
    if !(end.is_finite() && cubic(end) > 0.0 && start < end) {
        return Err(no_root());
    }
    // The root itself from (p + a/V²)(V − b) − RT, which has the cubic's sign above 0 and
    // loses far fewer digits to cancellation near the gas root.
    let equation = |v: f64| (p + a / (v * v)) * (v - b) - rt;
    let root = crate::science::numeric::find_root(equation, start, end, 0.0, 200).map_err(|_| no_root())?;
    if root > b {
        Ok(root)
    } else {
        Err(no_root())
    }
}

/// The molar volume from [`molar_volume_l_per_mol`] and by the three equations side by side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MolarVolumes {
    pub ideal_l_per_mol: f64,
    pub approximation_l_per_mol: f64,
    pub van_der_waals_l_per_mol: f64,
}

impl MolarVolumes {
    /// All three at the given conditions.
    pub fn at(conditions: Conditions, vdw: VanDerWaals) -> Result<MolarVolumes, GasError> {
        Ok(MolarVolumes {
            ideal_l_per_mol: molar_volume_l_per_mol(EquationOfState::Ideal, conditions, vdw)?,
            approximation_l_per_mol: molar_volume_l_per_mol(EquationOfState::VanDerWaalsApproximation, conditions, vdw)?,
            van_der_waals_l_per_mol: molar_volume_l_per_mol(EquationOfState::VanDerWaals, conditions, vdw)?,
        })
    }

    /// The one an equation of state picks.
    pub fn of(&self, eos: EquationOfState) -> f64 {
        match eos {
            EquationOfState::Ideal => self.ideal_l_per_mol,
            EquationOfState::VanDerWaalsApproximation => self.approximation_l_per_mol,
            EquationOfState::VanDerWaals => self.van_der_waals_l_per_mol,
        }
    }
}

/// How far off an amount worked out with the habitual 22.4 L mol⁻¹ would be, relative to
/// the molar volume in use: V/22.4 is (V_m/22.4 − 1) too high (0.092 at 25 °C and 1 atm).
pub fn habitual_molar_volume_error(molar_volume_l_per_mol: f64) -> f64 {
    molar_volume_l_per_mol / HABITUAL_MOLAR_VOLUME_L_PER_MOL - 1.0
}

/// Henry's law constant H^cp at temperature T (mol m⁻³ Pa⁻¹), by the van 't Hoff form
/// H(T) = H(298.15 K)·exp(B·(1/T − 1/298.15 K)) (Sander 2023).
pub fn henry_at(henry: Henry, temperature_k: f64) -> Result<f64, GasError> {
    if !(temperature_k > 0.0 && temperature_k.is_finite()) {
        return Err(GasError::TemperatureNotAboveZero { kelvin: temperature_k });
    }
    positive("Henry's law constant", henry.hcp_mol_per_m3_pa)?;
    let scale = (henry.temperature_coefficient_k * (1.0 / temperature_k - 1.0 / HENRY_REFERENCE_K)).exp();
    finite("Henry's law constant at this temperature", henry.hcp_mol_per_m3_pa * scale)
}

/// The gas dissolved in the liquid at equilibrium with the headspace, per unit of gas in the
/// headspace: n_dissolved / n_headspace = H^cp·R·T·V_liquid / V_gas (the headspace gas taken
/// as ideal for its partial pressure). About 0.019 for H₂ and 0.82 for CO₂ at equal volumes
/// and 25 °C.
pub fn dissolved_per_headspace(hcp_mol_per_m3_pa: f64, temperature_k: f64, liquid_volume_ml: f64, headspace_volume_ml: f64) -> Result<f64, GasError> {
    positive("The liquid volume", liquid_volume_ml)?;
    positive("The headspace volume", headspace_volume_ml)?;
    if temperature_k.is_nan() || temperature_k <= 0.0 {
        return Err(GasError::TemperatureNotAboveZero { kelvin: temperature_k });
    }
    finite("Henry's law", hcp_mol_per_m3_pa * GAS_CONSTANT * temperature_k * liquid_volume_ml / headspace_volume_ml)
}

/// The amount of catalyst from its concentration and the solution volume (mol).
pub fn catalyst_from_concentration_mol(concentration_mol_per_l: f64, volume_ml: f64) -> Result<f64, GasError> {
    let c = positive("The catalyst concentration", concentration_mol_per_l)?;
    let v = positive("The solution volume", volume_ml)?;
    finite("The amount of catalyst", c * v * 1e-3)
}

/// The amount of a supported catalyst (a metal loading) from the mass of photocatalyst, the
/// loading in % w/w (as measured by ICP) and the molar mass of what is loaded (mol).
pub fn catalyst_from_loading_mol(photocatalyst_mass_mg: f64, loading_percent: f64, molar_mass_g_per_mol: f64) -> Result<f64, GasError> {
    let m = positive("The photocatalyst mass", photocatalyst_mass_mg)?;
    let w = positive("The loading", loading_percent)?;
    if w > 100.0 {
        return Err(GasError::NotPositive { what: "100 % minus the loading", value: 100.0 - w });
    }
    let molar_mass = positive("The molar mass", molar_mass_g_per_mol)?;
    finite("The amount of catalyst", m * 1e-3 * w / 100.0 / molar_mass)
}

/// Turnover number: moles of product per mole of catalyst (IUPAC: the number of catalytic
/// cycles; say per what).
pub fn turnover_number(product_mol: f64, catalyst_mol: f64) -> Result<f64, GasError> {
    let n_cat = positive("The amount of catalyst", catalyst_mol)?;
    finite("The turnover number", product_mol / n_cat)
}

/// Turnover frequency: TON per unit time (per hour when the time is in hours).
pub fn turnover_frequency(ton: f64, time: f64) -> Result<f64, GasError> {
    let t = positive("The irradiation time", time)?;
    finite("The turnover frequency", ton / t)
}

/// Checks a wavelength for photon counting (nm).
pub fn check_wavelength_nm(nm: f64) -> Result<f64, GasError> {
    if (200.0..=2500.0).contains(&nm) {
        Ok(nm)
    } else {
        Err(GasError::WavelengthOutOfRange { nm })
    }
}

/// The energy of one photon of wavelength λ (J): hc/λ.
pub fn photon_energy_j(wavelength_nm: f64) -> Result<f64, GasError> {
    let nm = check_wavelength_nm(wavelength_nm)?;
    Ok(PLANCK_J_S * SPEED_OF_LIGHT_M_PER_S / (nm * 1e-9))
}

/// The photon flux of monochromatic light of power P at wavelength λ (einstein s⁻¹, i.e. mol
/// of photons per second): q = Pλ/(hc·N_A).
pub fn photon_flux_einstein_per_s(power_w: f64, wavelength_nm: f64) -> Result<f64, GasError> {
    let p = positive("The light power", power_w)?;
    finite("The photon flux", p / photon_energy_j(wavelength_nm)? / AVOGADRO_PER_MOL)
}

/// What a ferrioxalate actinometry run measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ferrioxalate {
    /// Absorbance change of the developed sample at 510 nm (Fe(phen)₃²⁺), against the dark.
    pub absorbance_510: f64,
    /// Path length of the cuvette (cm).
    pub path_cm: f64,
    /// Volume irradiated (mL).
    pub irradiated_ml: f64,
    /// Aliquot taken from it for development (mL).
    pub aliquot_ml: f64,
    /// Volume of the developed aliquot (after phenanthroline and buffer, mL).
    pub developed_ml: f64,
    /// Quantum yield of Fe²⁺ formation at the wavelength (1.14 at 405 nm, 1.26 at 366 nm).
    pub quantum_yield: f64,
    /// Irradiation time (s).
    pub time_s: f64,
    /// Fraction of the light the actinometer absorbed, 1 − 10^(−A) (1 for an optically thick
    /// solution).
    pub fraction_absorbed: f64,
}

/// Quantum yields of Fe²⁺ formation by ferrioxalate at common wavelengths (Kuhn et al. 2004),
/// as (nm, Φ).
pub const FERRIOXALATE_QUANTUM_YIELDS: [(f64, f64); 4] = [(254.0, 1.25), (366.0, 1.26), (405.0, 1.14), (436.0, 1.11)];

impl Ferrioxalate {
    /// Fe²⁺ formed in the irradiated volume (mol): ΔA·V₁·V₃ / (ε·l·V₂).
    pub fn iron_mol(&self) -> Result<f64, GasError> {
        let a = positive("The absorbance change at 510 nm", self.absorbance_510)?;
        let l = positive("The path length", self.path_cm)?;
        let v1 = positive("The irradiated volume", self.irradiated_ml)?;
        let v2 = positive("The aliquot volume", self.aliquot_ml)?;
        let v3 = positive("The developed volume", self.developed_ml)?;
        finite("The amount of Fe²⁺", a * (v1 * 1e-3) * v3 / (FERROIN_EPSILON_510_PER_M_CM * l * v2))
    }

    /// The photon flux incident on the actinometer (einstein s⁻¹): n(Fe²⁺)/(Φ·t·f).
    pub fn photon_flux_einstein_per_s(&self) -> Result<f64, GasError> {
        let phi = positive("The actinometer's quantum yield", self.quantum_yield)?;
        let t = positive("The actinometry time", self.time_s)?;
        if !(self.fraction_absorbed > 0.0 && self.fraction_absorbed <= 1.0) {
            return Err(GasError::BadFraction { value: self.fraction_absorbed });
        }
        finite("The photon flux", self.iron_mol()? / (phi * t * self.fraction_absorbed))
    }
}

/// Quantum yield (or, for incident photons, the apparent quantum yield): electrons used per
/// photon, z·rate/q.
pub fn quantum_yield(electrons_per_product: f64, product_rate_mol_per_s: f64, photon_flux_einstein_per_s: f64) -> Result<f64, GasError> {
    let z = positive("The electrons per product", electrons_per_product)?;
    let q = positive("The photon flux", photon_flux_einstein_per_s)?;
    finite("The quantum yield", z * product_rate_mol_per_s / q)
}

/// Solar-to-hydrogen efficiency: r(H₂)·ΔG° / (P·A), as a fraction.
pub fn solar_to_hydrogen(h2_rate_mol_per_s: f64, irradiance_mw_per_cm2: f64, area_cm2: f64) -> Result<f64, GasError> {
    let p = positive("The irradiance", irradiance_mw_per_cm2)?;
    let a = positive("The illuminated area", area_cm2)?;
    finite("The solar-to-hydrogen efficiency", h2_rate_mol_per_s * WATER_SPLITTING_GIBBS_J_PER_MOL / (p * 1e-3 * a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, relative: f64) {
        assert!((actual - expected).abs() <= relative * expected.abs(), "{actual} vs {expected} (rel {relative})");
    }

    /// seed_checks.json c, "with_SI_exact_R_8.314462618": a = 0.247 L² bar mol⁻², b = 0.0266
    /// L mol⁻¹ at 298.15 K and 101325 Pa.
    const SEED_VDW: VanDerWaals = VanDerWaals { a_l2_bar_per_mol2: 0.247, b_l_per_mol: 0.0266 };

    #[test]
    fn molar_volumes_match_seed_checks_c() {
        let v = MolarVolumes::at(Conditions::ROOM, SEED_VDW).unwrap();
        close(v.ideal_l_per_mol * 1e3, 24465.4036970381, 1e-12);
        close(v.approximation_l_per_mol * 1e3, 24482.0398292885, 1e-12);
        // The exact root, by mpmath.polyroots on p V³ − (pb + RT)V² + aV − ab with R = N_A·k_B = 8.31446261815324
        // (50 digits); seed_checks gives 24482.167466789 with R = 8.3145, 0.0176 above the
        // approximation, as here.
        close(v.van_der_waals_l_per_mol * 1e3, 24482.0574256095, 1e-12);
        // Both H₂ sets of gas_constants.md give 24.48 mL mmol⁻¹.
        for vdw in [Gas::H2.van_der_waals(), VanDerWaals { a_l2_bar_per_mol2: 0.2476, b_l_per_mol: 0.0266 }] {
            let vm = molar_volume_l_per_mol(EquationOfState::VanDerWaalsApproximation, Conditions::ROOM, vdw).unwrap();
            assert_eq!(format!("{vm:.2}"), "24.48");
        }
    }

    #[test]
    fn the_gas_root_is_the_largest_of_three_real_roots() {
        // CO₂ at 250 K and 30 bar: below its critical temperature (304 K), where the cubic has
        // three real roots. Roots by numpy.roots: 0.522163963100259, 0.14499643 and 0.06838149
        // L/mol.
        let conditions = Conditions { temperature_k: 250.0, pressure_pa: 30e5 };
        let vm = molar_volume_l_per_mol(EquationOfState::VanDerWaals, conditions, Gas::CO2.van_der_waals()).unwrap();
        close(vm, 0.522_163_963_100_259, 1e-10);
        // Where only one root is real (280 K, 40 bar), it is found too: 0.43663876 L/mol.
        let one = Conditions { temperature_k: 280.0, pressure_pa: 40e5 };
        close(molar_volume_l_per_mol(EquationOfState::VanDerWaals, one, Gas::CO2.van_der_waals()).unwrap(), 0.436_638_76, 1e-7);
    }

    #[test]
    fn ideal_and_van_der_waals_agree_as_pressure_falls() {
        for gas in Gas::ALL {
            let mut previous = f64::INFINITY;
            for pressure_pa in [1e6, 1e5, 1e4, 1e3, 1e2] {
                let v = MolarVolumes::at(Conditions { temperature_k: 298.15, pressure_pa }, gas.van_der_waals()).unwrap();
                let gap = (v.van_der_waals_l_per_mol / v.ideal_l_per_mol - 1.0).abs();
                assert!(gap < previous, "{gas:?} at {pressure_pa} Pa: {gap}");
                previous = gap;
            }
            assert!(previous < 1e-5, "{gas:?}: {previous}");
        }
    }

    #[test]
    fn impossible_conditions_are_refused_by_name() {
        let h2 = Gas::H2.van_der_waals();
        let cold = Conditions { temperature_k: 0.0, pressure_pa: 1e5 };
        assert_eq!(molar_volume_l_per_mol(EquationOfState::Ideal, cold, h2), Err(GasError::TemperatureNotAboveZero { kelvin: 0.0 }));
        let vacuum = Conditions { temperature_k: 298.0, pressure_pa: 0.0 };
        assert_eq!(molar_volume_l_per_mol(EquationOfState::VanDerWaals, vacuum, h2), Err(GasError::PressureNotPositive { pascal: 0.0 }));
        // A huge a still has its gas root (found, not refused), and T and p beyond what doubles
        // hold are said, in a message of sentence length.
        let sticky = VanDerWaals { a_l2_bar_per_mol2: 1e6, b_l_per_mol: 0.0265 };
        let vm = molar_volume_l_per_mol(EquationOfState::VanDerWaals, Conditions::ROOM, sticky).unwrap();
        let (a, b, rt, v) = (1e5, 0.0265e-3, GAS_CONSTANT * 298.15, vm * 1e-3);
        close((STANDARD_ATMOSPHERE_PA + a / (v * v)) * (v - b), rt, 1e-9);
        let extreme = molar_volume_l_per_mol(EquationOfState::VanDerWaals, Conditions { temperature_k: 1e308, pressure_pa: 1e-300 }, h2).unwrap_err();
        assert!(extreme.to_string().len() < 200, "{extreme}");
        let negative = VanDerWaals { a_l2_bar_per_mol2: -1.0, b_l_per_mol: 0.03 };
        assert!(matches!(molar_volume_l_per_mol(EquationOfState::VanDerWaals, Conditions::ROOM, negative), Err(GasError::BadVanDerWaals { .. })));
    }

    #[test]
    fn twenty_two_point_four_is_nine_percent_off_at_room_temperature() {
        let vm = molar_volume_l_per_mol(EquationOfState::Ideal, Conditions::ROOM, Gas::H2.van_der_waals()).unwrap();
        close(habitual_molar_volume_error(vm), 0.0922, 1e-3);
        let freezing = Conditions { temperature_k: ZERO_CELSIUS_K, pressure_pa: STANDARD_ATMOSPHERE_PA };
        let vm0 = molar_volume_l_per_mol(EquationOfState::Ideal, freezing, Gas::H2.van_der_waals()).unwrap();
        assert!(habitual_molar_volume_error(vm0).abs() < 0.001);
    }

    #[test]
    fn seed_ton_example_d() {
        let n_cat = catalyst_from_concentration_mol(1.0e-6, 10.0).unwrap();
        close(n_cat, 1.0e-8, 1e-12);
        let n_h2 = 14400.0 * n_cat;
        close(n_h2, 1.44e-4, 1e-12);
        close(turnover_number(n_h2, n_cat).unwrap(), 14400.0, 1e-12);
        // 3.52512 mL at 24.48 mL/mmol (seed_checks d).
        close(n_h2 * 1e3 * 24.48, 3.52512, 1e-12);
        // The ICP loading of seed 000: 0.45 % w/w Co (58.933 g/mol) in 10 mg of photocatalyst.
        close(catalyst_from_loading_mol(10.0, 0.45, 58.933).unwrap(), 10e-3 * 0.0045 / 58.933, 1e-12);
    }

    #[test]
    fn seed_quantum_yield_example_e() {
        close(photon_energy_j(400.0).unwrap(), 4.96611464287232e-19, 1e-12);
        let q = photon_flux_einstein_per_s(10e-3, 400.0).unwrap();
        close(q, 3.34373889164471e-8, 1e-12);
        close(quantum_yield(2.0, 1.0e-8, q).unwrap(), 0.598132828193485, 1e-12);
        assert_eq!(photon_flux_einstein_per_s(10e-3, 150.0), Err(GasError::WavelengthOutOfRange { nm: 150.0 }));
    }

    #[test]
    fn henry_fractions_match_gas_constants_md() {
        let h2 = henry_at(Gas::H2.henry(), 298.15).unwrap();
        close(dissolved_per_headspace(h2, 298.15, 10.0, 10.0).unwrap(), 0.0193, 0.01);
        let co2 = henry_at(Gas::CO2.henry(), 298.15).unwrap();
        close(dissolved_per_headspace(co2, 298.15, 10.0, 10.0).unwrap(), 0.818, 0.01);
        // Gases are less soluble when warm: H(T) falls with T for B > 0.
        assert!(henry_at(Gas::O2.henry(), 318.15).unwrap() < henry_at(Gas::O2.henry(), 298.15).unwrap());
        // exp(1500·(1/318.15 − 1/298.15)) by Python's math.exp.
        close(henry_at(Gas::O2.henry(), 318.15).unwrap() / 1.3e-5, 0.728_864_480_531_887_7, 1e-12);
    }

    #[test]
    fn ferrioxalate_actinometry_counts_photons() {
        // ΔA 0.5 in 1 cm, 3 mL irradiated, 0.5 mL developed to 10 mL, Φ 1.14, 60 s, all absorbed:
        // n(Fe²⁺) = 0.5 × 3e-3 × 10 / (11100 × 1 × 0.5) = 2.7027e-6 mol; q = n/(1.14 × 60).
        let run = Ferrioxalate { absorbance_510: 0.5, path_cm: 1.0, irradiated_ml: 3.0, aliquot_ml: 0.5, developed_ml: 10.0, quantum_yield: 1.14, time_s: 60.0, fraction_absorbed: 1.0 };
        close(run.iron_mol().unwrap(), 2.702_702_7e-6, 1e-7);
        close(run.photon_flux_einstein_per_s().unwrap(), 2.702_702_7e-6 / 68.4, 1e-7);
        let half = Ferrioxalate { fraction_absorbed: 0.5, ..run };
        close(half.photon_flux_einstein_per_s().unwrap(), 2.0 * run.photon_flux_einstein_per_s().unwrap(), 1e-12);
        assert!(matches!(Ferrioxalate { fraction_absorbed: 1.5, ..run }.photon_flux_einstein_per_s(), Err(GasError::BadFraction { .. })));
    }

    #[test]
    fn solar_to_hydrogen_counts_gibbs_energy_over_light() {
        // 10 µmol/h of H₂ from 1 cm² under 100 mW/cm²: 10e-6/3600 × 237100 / 0.1 = 0.6586 %.
        close(solar_to_hydrogen(10e-6 / 3600.0, 100.0, 1.0).unwrap(), 10e-6 / 3600.0 * 237_100.0 / 0.1, 1e-12);
        assert!(solar_to_hydrogen(1e-9, 0.0, 1.0).is_err());
    }

    #[test]
    fn electrons_per_product_are_the_spec_list() {
        let z: Vec<u32> = Product::ALL.iter().map(|p| p.electrons()).collect();
        assert_eq!(z, vec![2, 4, 2, 2, 8, 2]);
        assert_eq!(Gas::N2.electrons_per_molecule(), None);
        assert_eq!(Gas::O2.electrons_per_molecule(), Some(4));
    }
}
