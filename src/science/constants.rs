//! Physical constants: CODATA 2018 exact values (SI redefinition) and CODATA 2018
//! recommended values where no exact one exists.

/// Planck constant h (J s), exact.
pub const PLANCK_J_S: f64 = 6.626_070_15e-34;
/// Reduced Planck constant ħ = h / 2π (J s).
pub const HBAR_J_S: f64 = PLANCK_J_S / (2.0 * std::f64::consts::PI);
/// Speed of light in vacuum c (m/s), exact.
pub const SPEED_OF_LIGHT_M_PER_S: f64 = 299_792_458.0;
/// Elementary charge e (C), exact.
pub const ELEMENTARY_CHARGE_C: f64 = 1.602_176_634e-19;
/// Avogadro constant N_A (mol⁻¹), exact.
pub const AVOGADRO_PER_MOL: f64 = 6.022_140_76e23;
/// Electron rest mass m₀ (kg), CODATA 2018.
pub const ELECTRON_MASS_KG: f64 = 9.109_383_701_5e-31;
/// Vacuum permittivity ε₀ (F/m), CODATA 2018.
pub const VACUUM_PERMITTIVITY_F_PER_M: f64 = 8.854_187_812_8e-12;
/// hc/e in eV·nm: a photon of λ nm carries PHOTON_EV_NM / λ electronvolts (≈ 1239.84).
pub const PHOTON_EV_NM: f64 = PLANCK_J_S * SPEED_OF_LIGHT_M_PER_S / ELEMENTARY_CHARGE_C * 1e9;
/// Boltzmann constant k_B (J/K), exact.
pub const BOLTZMANN_J_PER_K: f64 = 1.380_649e-23;
/// Molar gas constant R = N_A·k_B (J mol⁻¹ K⁻¹), exact (8.314462618…).
pub const GAS_CONSTANT: f64 = AVOGADRO_PER_MOL * BOLTZMANN_J_PER_K;
