//! Quantum-dot sizing from the first excitonic absorption peak.
//!
//! Implements the published empirical sizing curves and extinction coefficients:
//! - W. W. Yu, L. Qu, W. Guo, X. Peng, Chem. Mater. 2003, 15, 2854 (CdTe, CdSe, CdS);
//! - J. Jasieniak, L. Smith, J. van Embden, P. Mulvaney, M. Califano,
//!   J. Phys. Chem. C 2009, 113, 19468 (CdSe, ε corrected by the peak HWHM);
//! - I. Moreels et al., ACS Nano 2009, 3, 3023 (PbS) and Chem. Mater. 2007, 19, 6101 (PbSe),
//!   where ε is given at 400 nm;
//! - the Brus effective-mass equation (L. E. Brus, J. Chem. Phys. 1984, 80, 4403) for teaching.
//!
//! Every function returns either a finite number or an error that says why: the polynomials
//! are fits over a limited range and are meaningless outside it.

use serde::{Deserialize, Serialize};

use super::constants::{
    ELEMENTARY_CHARGE_C, ELECTRON_MASS_KG, HBAR_J_S, PHOTON_EV_NM, VACUUM_PERMITTIVITY_F_PER_M,
};
use crate::science::constants::AVOGADRO_PER_MOL;
use crate::science::format::Short;
use crate::science::numeric::find_root;

/// Semiconductor materials with a published sizing curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Material {
    CdTe,
    CdSe,
    CdS,
    PbS,
    PbSe,
}

impl Material {
    pub const ALL: [Material; 5] = [
        Material::CdTe,
        Material::CdSe,
        Material::CdS,
        Material::PbS,
        Material::PbSe,
    ];

    /// The name used in share links and in the UI (`CdTe`, …).
    pub fn name(self) -> &'static str {
        match self {
            Material::CdTe => "CdTe",
            Material::CdSe => "CdSe",
            Material::CdS => "CdS",
            Material::PbS => "PbS",
            Material::PbSe => "PbSe",
        }
    }

    /// Parses a material name, ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<Material> {
        Material::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Bulk properties used for mass per particle and, with the Brus model, as defaults.
    ///
    /// Densities and formula masses: CRC Handbook of Chemistry and Physics (zinc-blende CdTe,
    /// wurtzite CdSe and CdS, rock-salt PbS and PbSe). Brus parameters (band gap at room
    /// temperature, effective masses in units of the free electron mass, optical-frequency-
    /// independent relative permittivity) are common textbook values; they are editable
    /// because the literature spreads.
    pub fn bulk(self) -> BulkProperties {
        let (formula_mass, density, gap, me, mh, eps) = match self {
            Material::CdTe => (240.01, 5.85, 1.50, 0.10, 0.40, 10.2),
            Material::CdSe => (191.37, 5.82, 1.74, 0.13, 0.45, 10.6),
            Material::CdS => (144.48, 4.82, 2.42, 0.21, 0.80, 8.9),
            Material::PbS => (239.27, 7.60, 0.41, 0.085, 0.085, 17.2),
            Material::PbSe => (286.16, 8.10, 0.28, 0.047, 0.040, 22.9),
        };
        BulkProperties {
            formula_mass_g_per_mol: formula_mass,
            density_g_per_cm3: density,
            brus: BrusParameters {
                band_gap_ev: gap,
                electron_mass_ratio: me,
                hole_mass_ratio: mh,
                relative_permittivity: eps,
            },
        }
    }

    /// Edge of the conventional unit cell (nm), the smallest size a crystal of the material
    /// can have: the cubic lattice constant of zinc-blende CdTe and rock-salt PbS and PbSe, and
    /// the c axis of wurtzite CdSe and CdS (the phases whose densities [`Material::bulk`]
    /// uses). O. Madelung, *Semiconductors: Data Handbook*, 3rd ed., Springer 2004.
    pub fn unit_cell_nm(self) -> f64 {
        match self {
            Material::CdTe => 0.6481,
            Material::CdSe => 0.7010,
            Material::CdS => 0.6714,
            Material::PbS => 0.5936,
            Material::PbSe => 0.6124,
        }
    }

    /// The sizing models that have been calibrated for this material, the recommended first.
    pub fn models(self) -> &'static [Model] {
        match self {
            Material::CdTe | Material::CdS => &[Model::YuPeng, Model::Brus],
            Material::CdSe => &[Model::Jasieniak, Model::YuPeng, Model::Brus],
            Material::PbS | Material::PbSe => &[Model::Moreels, Model::Brus],
        }
    }
}

/// Bulk material data.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BulkProperties {
    pub formula_mass_g_per_mol: f64,
    pub density_g_per_cm3: f64,
    pub brus: BrusParameters,
}

/// Parameters of the Brus effective-mass equation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BrusParameters {
    pub band_gap_ev: f64,
    /// Electron effective mass m*ₑ / m₀.
    pub electron_mass_ratio: f64,
    /// Hole effective mass m*ₕ / m₀.
    pub hole_mass_ratio: f64,
    /// Relative permittivity εᵣ of the bulk semiconductor.
    pub relative_permittivity: f64,
}

/// Published sizing models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Model {
    YuPeng,
    Jasieniak,
    Moreels,
    Brus,
}

impl Model {
    pub const ALL: [Model; 4] = [Model::YuPeng, Model::Jasieniak, Model::Moreels, Model::Brus];

    /// The identifier used in share links (`yu-peng`, `jasieniak`, `moreels`, `brus`).
    pub fn slug(self) -> &'static str {
        match self {
            Model::YuPeng => "yu-peng",
            Model::Jasieniak => "jasieniak",
            Model::Moreels => "moreels",
            Model::Brus => "brus",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Model> {
        Model::ALL
            .into_iter()
            .find(|m| m.slug().eq_ignore_ascii_case(slug.trim()))
    }

    /// Short human name.
    pub fn label(self) -> &'static str {
        match self {
            Model::YuPeng => "Yu–Peng 2003",
            Model::Jasieniak => "Jasieniak 2009",
            Model::Moreels => "Moreels 2007/2009",
            Model::Brus => "Brus equation",
        }
    }

    /// Full citation for a material.
    pub fn citation(self, material: Material) -> &'static str {
        match (self, material) {
            (Model::YuPeng, _) => "W. W. Yu, L. Qu, W. Guo, X. Peng, Chem. Mater. 2003, 15, 2854–2860, doi:10.1021/cm034081k",
            (Model::Jasieniak, _) => "J. Jasieniak, L. Smith, J. van Embden, P. Mulvaney, M. Califano, J. Phys. Chem. C 2009, 113, 19468–19474, doi:10.1021/jp906827m",
            (Model::Moreels, Material::PbSe) => "I. Moreels, K. Lambert, D. De Muynck, F. Vanhaecke, D. Poelman, J. C. Martins, G. Allan, Z. Hens, Chem. Mater. 2007, 19, 6101–6106, doi:10.1021/cm071410q",
            (Model::Moreels, _) => "I. Moreels, K. Lambert, D. Smeets, D. De Muynck, T. Nollet, J. C. Martins, F. Vanhaecke, A. Vantomme, C. Delerue, G. Allan, Z. Hens, ACS Nano 2009, 3, 3023–3030, doi:10.1021/nn900863a",
            (Model::Brus, _) => "L. E. Brus, J. Chem. Phys. 1984, 80, 4403–4409, doi:10.1063/1.447218",
        }
    }

    /// Whether the model has been calibrated for the material.
    pub fn applies_to(self, material: Material) -> bool {
        material.models().contains(&self)
    }

    /// The range over which the model was calibrated: outside it a result carries a warning.
    pub fn validity(self, material: Material) -> Validity {
        match (self, material) {
            // Ranges of the calibration data of Yu et al. 2003, as commonly used.
            (Model::YuPeng, Material::CdTe) => Validity::Wavelength { min_nm: 500.0, max_nm: 700.0 },
            (Model::YuPeng, Material::CdSe) => Validity::Wavelength { min_nm: 450.0, max_nm: 650.0 },
            (Model::YuPeng, Material::CdS) => Validity::Wavelength { min_nm: 350.0, max_nm: 470.0 },
            (Model::Jasieniak, _) => Validity::Diameter { min_nm: 2.0, max_nm: 8.0 },
            (Model::Moreels, Material::PbSe) => Validity::Diameter { min_nm: 3.0, max_nm: 10.0 },
            (Model::Moreels, _) => Validity::Diameter { min_nm: 3.0, max_nm: 10.0 },
            // Effective-mass theory overestimates confinement for small dots; below about
            // twice the exciton Bohr radius it is qualitative only.
            (Model::Brus, _) => Validity::Diameter { min_nm: 3.0, max_nm: 20.0 },
            (Model::YuPeng, _) => Validity::Wavelength { min_nm: 0.0, max_nm: 0.0 },
        }
    }

    /// The wavelength range (nm) on which the model's formula can be evaluated at all:
    /// the diameter is positive and rises with wavelength. Outside it there is no answer.
    pub fn domain_nm(self, material: Material, brus: &BrusParameters) -> (f64, f64) {
        match (self, material) {
            (Model::YuPeng, Material::CdTe) => (447.0, 800.0),
            (Model::YuPeng, Material::CdSe) => (290.0, 750.0),
            (Model::YuPeng, Material::CdS) => (280.0, 600.0),
            (Model::Jasieniak, _) => (340.0, 720.0),
            // E₀ must exceed the bulk-like offset of the fit (0.41 eV PbS, 0.278 eV PbSe).
            (Model::Moreels, Material::PbSe) => (500.0, 4000.0),
            (Model::Moreels, _) => (500.0, 2800.0),
            (Model::Brus, _) => {
                // Above the bulk gap wavelength there is no confined state.
                let gap_nm = PHOTON_EV_NM / brus.band_gap_ev.max(1e-3);
                (200.0, gap_nm * 0.999)
            }
            (Model::YuPeng, _) => (0.0, 0.0),
        }
    }

    /// What ε the model provides, and its relative uncertainty.
    pub fn extinction_kind(self) -> ExtinctionKind {
        match self {
            Model::YuPeng | Model::Jasieniak => ExtinctionKind::AtFirstPeak,
            Model::Moreels => ExtinctionKind::At400nm,
            Model::Brus => ExtinctionKind::None,
        }
    }
}

/// Where a model's molar extinction coefficient applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ExtinctionKind {
    /// ε at the first excitonic absorption peak (use the absorbance there).
    AtFirstPeak,
    /// ε at 400 nm, where absorbance is size-independent per unit volume (Moreels).
    At400nm,
    /// The model gives a size only.
    None,
}

/// A model's calibrated range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Validity {
    Wavelength { min_nm: f64, max_nm: f64 },
    Diameter { min_nm: f64, max_nm: f64 },
}

impl Validity {
    fn contains(&self, peak_nm: f64, diameter_nm: f64) -> bool {
        match *self {
            Validity::Wavelength { min_nm, max_nm } => (min_nm..=max_nm).contains(&peak_nm),
            Validity::Diameter { min_nm, max_nm } => (min_nm..=max_nm).contains(&diameter_nm),
        }
    }

    /// "500–700 nm peak wavelength" or "2–8 nm diameter".
    pub fn describe(&self) -> String {
        match *self {
            Validity::Wavelength { min_nm, max_nm } => {
                format!("first-peak wavelength {min_nm}–{max_nm} nm")
            }
            Validity::Diameter { min_nm, max_nm } => format!("diameter {min_nm}–{max_nm} nm"),
        }
    }
}

/// Why no number can be given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QdError {
    #[error("The {model} model is not calibrated for {material}; choose one of: {choices}.")]
    ModelNotForMaterial {
        model: &'static str,
        material: &'static str,
        choices: String,
    },
    #[error("Wavelength {} nm is outside {}–{} nm, where the {model} equation for {material} gives a meaningful (positive, rising) size.", Short(*.peak_nm, 6), Short(*.lo, 4), Short(*.hi, 4))]
    OutsideDomain {
        peak_nm: f64,
        lo: f64,
        hi: f64,
        model: &'static str,
        material: &'static str,
    },
    #[error("A diameter of {} nm cannot be reached with the {model} equation for {material}: it spans {}–{} nm.", Short(*.diameter_nm, 4), Short(*.lo, 3), Short(*.hi, 3))]
    DiameterUnreachable {
        diameter_nm: f64,
        lo: f64,
        hi: f64,
        model: &'static str,
        material: &'static str,
    },
    #[error("At {} nm the {model} equation gives {} nm for {material}, less than one unit cell ({} nm): no size is shown. This is probably not the first exciton of {material} dots.", Short(*.peak_nm, 5), Short(*.diameter_nm, 2), Short(*.unit_cell_nm, 3))]
    SmallerThanUnitCell {
        peak_nm: f64,
        diameter_nm: f64,
        unit_cell_nm: f64,
        model: &'static str,
        material: &'static str,
    },
    #[error("{} nm is less than one unit cell of {material} ({} nm).", Short(*.diameter_nm, 3), Short(*.unit_cell_nm, 3))]
    WantedBelowUnitCell {
        diameter_nm: f64,
        unit_cell_nm: f64,
        material: &'static str,
    },
    #[error("The Brus parameters must be positive numbers (band gap, both effective masses and the permittivity).")]
    BadBrusParameters,
    #[error("{0}")]
    BadInput(String),
}

/// Something the user should know about a computed number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub message: String,
}

impl Warning {
    fn new(message: impl Into<String>) -> Self {
        Warning { message: message.into() }
    }
}

/// The diameter (nm) for a first-exciton peak wavelength (nm), within the model's domain and
/// no smaller than one unit cell of the material.
pub fn diameter_nm(
    model: Model,
    material: Material,
    peak_nm: f64,
    brus: &BrusParameters,
) -> Result<f64, QdError> {
    let diameter = diameter_in_domain_nm(model, material, peak_nm, brus)?;
    let unit_cell_nm = material.unit_cell_nm();
    if diameter < unit_cell_nm {
        return Err(QdError::SmallerThanUnitCell {
            peak_nm,
            diameter_nm: diameter,
            unit_cell_nm,
            model: model.label(),
            material: material.name(),
        });
    }
    Ok(diameter)
}

/// The model's D(λ) anywhere on its domain, for drawing the sizing curve: the polynomials
/// fall below a unit cell near the short end of their domains.
fn diameter_in_domain_nm(
    model: Model,
    material: Material,
    peak_nm: f64,
    brus: &BrusParameters,
) -> Result<f64, QdError> {
    check_model(model, material)?;
    check_brus(model, brus)?;
    let (lo, hi) = model.domain_nm(material, brus);
    if !(peak_nm.is_finite() && peak_nm >= lo && peak_nm <= hi) {
        return Err(QdError::OutsideDomain {
            peak_nm,
            lo,
            hi,
            model: model.label(),
            material: material.name(),
        });
    }
    let diameter = diameter_unchecked(model, material, peak_nm, brus);
    // The published curves are positive on their domains, but the Brus equation with extreme
    // typed parameters (a permittivity of 1e-280) overflows to 0 or infinity.
    if !(diameter.is_finite() && diameter > 0.0) {
        return Err(QdError::BadInput(format!(
            "At {} nm the {} equation gives no usable size for {} with these parameters: check the band gap, effective masses and permittivity.",
            Short(peak_nm, 6),
            model.label(),
            material.name()
        )));
    }
    Ok(diameter)
}

fn diameter_unchecked(model: Model, material: Material, l: f64, brus: &BrusParameters) -> f64 {
    match (model, material) {
        // Yu et al. 2003, eqs. for D(λ); Horner form of the printed polynomials.
        (Model::YuPeng, Material::CdTe) => ((9.8127e-7 * l - 1.7147e-3) * l + 1.0064) * l - 194.84,
        (Model::YuPeng, Material::CdSe) => {
            (((1.6122e-9 * l - 2.6575e-6) * l + 1.6242e-3) * l - 0.4277) * l + 41.57
        }
        (Model::YuPeng, _) => ((-6.6521e-8 * l + 1.9557e-4) * l - 9.2352e-2) * l + 13.29,
        // Jasieniak et al. 2009, eq. 1.
        (Model::Jasieniak, _) => {
            (((1.62974e-9 * l - 2.85743e-6) * l + 1.8873e-3) * l - 0.54736) * l + 59.60816
        }
        // Moreels: E₀ = E_offset + 1 / (a d² + b d + c), solved for d.
        (Model::Moreels, m) => {
            let (offset, a, b, c) = moreels_coefficients(m);
            let energy = PHOTON_EV_NM / l;
            let rhs = 1.0 / (energy - offset) - c;
            (-b + (b * b + 4.0 * a * rhs).sqrt()) / (2.0 * a)
        }
        (Model::Brus, _) => brus_diameter_nm(brus, PHOTON_EV_NM / l),
    }
}

/// Moreels sizing-curve coefficients (offset eV, a, b, c) for E₀ = offset + 1/(a d² + b d + c).
fn moreels_coefficients(material: Material) -> (f64, f64, f64, f64) {
    match material {
        Material::PbSe => (0.278, 0.016, 0.209, 0.45),
        _ => (0.41, 0.0252, 0.283, 0.0),
    }
}

/// Confinement and Coulomb coefficients of the Brus equation in eV·nm² and eV·nm:
/// E(R) = E_g + a/R² − b/R with R the radius in nm.
fn brus_coefficients(brus: &BrusParameters) -> (f64, f64) {
    let nm = 1e-9;
    let confinement_j_m2 = HBAR_J_S * HBAR_J_S * std::f64::consts::PI * std::f64::consts::PI
        / (2.0 * ELECTRON_MASS_KG)
        * (1.0 / brus.electron_mass_ratio + 1.0 / brus.hole_mass_ratio);
    let coulomb_j_m = 1.786 * ELEMENTARY_CHARGE_C * ELEMENTARY_CHARGE_C
        / (4.0 * std::f64::consts::PI * VACUUM_PERMITTIVITY_F_PER_M * brus.relative_permittivity);
    (
        confinement_j_m2 / ELEMENTARY_CHARGE_C / (nm * nm),
        coulomb_j_m / ELEMENTARY_CHARGE_C / nm,
    )
}

/// The lowest excited-state energy (eV) of a sphere of diameter `d` nm by the Brus equation.
pub fn brus_energy_ev(brus: &BrusParameters, diameter_nm: f64) -> f64 {
    let (a, b) = brus_coefficients(brus);
    let r = diameter_nm / 2.0;
    brus.band_gap_ev + a / (r * r) - b / r
}

/// Inverts the Brus equation: a/R² − b/R + (E_g − E) = 0 is a quadratic in 1/R.
fn brus_diameter_nm(brus: &BrusParameters, energy_ev: f64) -> f64 {
    let (a, b) = brus_coefficients(brus);
    let excess = energy_ev - brus.band_gap_ev;
    let inverse_radius = (b + (b * b + 4.0 * a * excess).sqrt()) / (2.0 * a);
    2.0 / inverse_radius
}

fn check_model(model: Model, material: Material) -> Result<(), QdError> {
    if model.applies_to(material) {
        Ok(())
    } else {
        Err(QdError::ModelNotForMaterial {
            model: model.label(),
            material: material.name(),
            choices: material
                .models()
                .iter()
                .map(|m| m.label())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

fn check_brus(model: Model, brus: &BrusParameters) -> Result<(), QdError> {
    if model != Model::Brus {
        return Ok(());
    }
    let all_positive = [
        brus.band_gap_ev,
        brus.electron_mass_ratio,
        brus.hole_mass_ratio,
        brus.relative_permittivity,
    ]
    .iter()
    .all(|v| v.is_finite() && *v > 0.0);
    if all_positive {
        Ok(())
    } else {
        Err(QdError::BadBrusParameters)
    }
}

/// The molar extinction coefficient (L mol⁻¹ cm⁻¹, per mole of particles).
///
/// For Yu–Peng and Jasieniak it applies at the first excitonic peak; for Moreels at 400 nm.
/// Jasieniak's ε is for a peak of 60 meV HWHM; a measured HWHM (`hwhm_ev`) rescales it,
/// because the integrated absorbance of the transition, not its height, is conserved.
pub fn extinction_l_per_mol_cm(
    model: Model,
    material: Material,
    peak_nm: f64,
    diameter_nm: f64,
    hwhm_ev: Option<f64>,
) -> Option<f64> {
    match (model, material) {
        (Model::YuPeng, Material::CdTe) => Some(10043.0 * diameter_nm.powf(2.12)),
        (Model::YuPeng, Material::CdSe) => Some(5857.0 * diameter_nm.powf(2.65)),
        (Model::YuPeng, _) => Some(21536.0 * diameter_nm.powf(2.3)),
        (Model::Jasieniak, _) => {
            let energy = PHOTON_EV_NM / peak_nm;
            let at_60_mev = 155507.0 + 6.67054e13 * (-energy / 0.10551).exp();
            Some(match hwhm_ev {
                Some(h) if h > 0.0 => at_60_mev * JASIENIAK_REFERENCE_HWHM_EV / h,
                _ => at_60_mev,
            })
        }
        // Moreels: ε₄₀₀ = 0.0233 d³ (PbS) or 0.0277 d³ (PbSe) in cm⁻¹ µM⁻¹.
        (Model::Moreels, Material::PbSe) => Some(0.0277e6 * diameter_nm.powi(3)),
        (Model::Moreels, _) => Some(0.0233e6 * diameter_nm.powi(3)),
        (Model::Brus, _) => None,
    }
}

/// Below this diameter (nm), under two unit cells of any of the materials, a particle is a
/// cluster: the size gets a warning.
pub const SMALLEST_DOT_NM: f64 = 1.0;

/// The plausible half width at half maximum of a first exciton, eV: ensembles of quantum dots
/// at room temperature are broader than 5 meV (thermal and size broadening), and one broader
/// than 150 meV is a very wide distribution or not a first exciton.
pub const MIN_HWHM_EV: f64 = 0.005;
pub const MAX_HWHM_EV: f64 = 0.150;

/// The warning of a Moreels sizing without the absorbance at 400 nm.
pub const MOREELS_NEEDS_A400: &str = "Moreels' ε applies at 400 nm: enter the absorbance at 400 nm (or import the spectrum) for the concentration.";

/// HWHM of the first-exciton peaks on which Jasieniak's ε was calibrated.
pub const JASIENIAK_REFERENCE_HWHM_EV: f64 = 0.060;

/// Relative uncertainty quoted for the empirical extinction coefficients: the authors
/// estimate 10–15 %; results show the upper end so that the band is not optimistic.
pub const EXTINCTION_RELATIVE_UNCERTAINTY: f64 = 0.15;

/// Everything the calculator needs, already parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SizingInputs {
    pub material: Material,
    pub model: Model,
    pub peak_nm: f64,
    /// Absorbance at the first excitonic peak (for Yu–Peng, Jasieniak).
    pub absorbance_at_peak: Option<f64>,
    /// Absorbance at 400 nm (for Moreels).
    pub absorbance_at_400nm: Option<f64>,
    pub path_length_cm: f64,
    /// How many times the measured solution was diluted from the stock.
    pub dilution_factor: f64,
    /// Half width at half maximum of the first peak, measured on its red side (nm).
    pub hwhm_nm: Option<f64>,
    pub brus: BrusParameters,
}

/// Results of a sizing calculation. Optional fields are absent when the inputs or the model
/// do not determine them (e.g. no absorbance given, or the Brus model).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SizingResult {
    pub diameter_nm: f64,
    /// Diameter at peak ± HWHM: a rough measure of the size spread.
    pub diameter_spread_nm: Option<(f64, f64)>,
    pub extinction: Option<Extinction>,
    pub concentration: Option<Concentration>,
    pub mass_per_particle_g: f64,
    pub formula_units_per_particle: f64,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Extinction {
    pub value_l_per_mol_cm: f64,
    pub relative_uncertainty: f64,
    /// The wavelength at which ε applies (nm).
    pub at_nm: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Concentration {
    /// Molar concentration of particles in the stock (mol/L), dilution undone.
    pub molar_mol_per_l: f64,
    pub relative_uncertainty: f64,
    pub particles_per_ml: f64,
    /// Mass concentration of inorganic core (g/L = mg/mL), ligands not counted.
    pub mass_g_per_l: f64,
}

/// Sizes a sample: diameter, extinction coefficient, concentration and per-particle figures.
pub fn size(inputs: &SizingInputs) -> Result<SizingResult, QdError> {
    let SizingInputs { material, model, peak_nm, .. } = *inputs;
    if !(inputs.path_length_cm.is_finite() && inputs.path_length_cm > 0.0) {
        return Err(QdError::BadInput("The path length must be a positive number of centimetres.".into()));
    }
    if !(inputs.dilution_factor.is_finite() && inputs.dilution_factor >= 1.0) {
        return Err(QdError::BadInput("The dilution factor must be 1 (undiluted) or more.".into()));
    }
    let diameter = diameter_nm(model, material, peak_nm, &inputs.brus)?;
    let mut warnings = Vec::new();
    let validity = model.validity(material);
    if !validity.contains(peak_nm, diameter) {
        warnings.push(Warning::new(format!(
            "Outside the calibrated range of the {} model for {} ({}): this {} nm is an extrapolation.",
            model.label(),
            material.name(),
            validity.describe(),
            Short(diameter, 3)
        )));
    }
    if diameter < SMALLEST_DOT_NM {
        warnings.push(Warning::new(format!(
            "D = {} nm is below {SMALLEST_DOT_NM} nm, under two unit cells of {}: a cluster that no sizing curve describes, so this size is a rough guess.",
            Short(diameter, 2),
            material.name()
        )));
    }
    if model == Model::Brus {
        warnings.push(Warning::new(
            "The Brus equation is an effective-mass estimate for teaching: it overestimates confinement in small dots. Use an empirical sizing curve for real samples.",
        ));
    }

    let hwhm_ev = inputs.hwhm_nm.filter(|h| h.is_finite() && *h > 0.0).map(|h| {
        PHOTON_EV_NM / peak_nm - PHOTON_EV_NM / (peak_nm + h)
    });
    if let (Some(hwhm_ev), Some(hwhm_nm)) = (hwhm_ev, inputs.hwhm_nm) {
        let (h, mev) = (Short(hwhm_nm, 3), Short(hwhm_ev * 1e3, 3));
        if hwhm_ev < MIN_HWHM_EV {
            warnings.push(Warning::new(format!(
                "The HWHM, {h} nm ({mev} meV), is below {} meV: narrower than any quantum-dot ensemble at room temperature. Check that it is the exciton's.",
                MIN_HWHM_EV * 1e3
            )));
        } else if hwhm_ev > MAX_HWHM_EV {
            warnings.push(Warning::new(format!(
                "The HWHM, {h} nm ({mev} meV), is above {} meV: a very wide size distribution, aggregates, or not the first exciton{}.",
                MAX_HWHM_EV * 1e3,
                if model == Model::Jasieniak { "; Jasieniak's width correction of ε does not hold there" } else { "" }
            )));
        }
    }
    if model == Model::Jasieniak && hwhm_ev.is_none() {
        warnings.push(Warning::new(
            "No HWHM given: Jasieniak's ε assumes a 60 meV half width; enter the measured HWHM to correct it.",
        ));
    }
    let diameter_spread_nm = inputs
        .hwhm_nm
        .filter(|h| h.is_finite() && *h > 0.0)
        .and_then(|h| {
            let lo = diameter_nm(model, material, peak_nm - h, &inputs.brus).ok()?;
            let hi = diameter_nm(model, material, peak_nm + h, &inputs.brus).ok()?;
            Some((lo, hi))
        });

    let extinction = extinction_l_per_mol_cm(model, material, peak_nm, diameter, hwhm_ev).map(|value| {
        Extinction {
            value_l_per_mol_cm: value,
            relative_uncertainty: EXTINCTION_RELATIVE_UNCERTAINTY,
            at_nm: match model.extinction_kind() {
                ExtinctionKind::At400nm => 400.0,
                _ => peak_nm,
            },
        }
    });

    let bulk = material.bulk();
    let radius_cm = diameter * 1e-7 / 2.0;
    let volume_cm3 = 4.0 / 3.0 * std::f64::consts::PI * radius_cm.powi(3);
    let mass_per_particle_g = volume_cm3 * bulk.density_g_per_cm3;
    let formula_units_per_particle =
        mass_per_particle_g / (bulk.formula_mass_g_per_mol / AVOGADRO_PER_MOL);
    if !(mass_per_particle_g.is_finite() && mass_per_particle_g > 0.0 && formula_units_per_particle.is_finite()) {
        return Err(QdError::BadInput(format!(
            "The computed diameter, {diameter:.3e} nm, is too far from any real particle to give a mass: check the inputs."
        )));
    }

    let absorbance = match model.extinction_kind() {
        ExtinctionKind::AtFirstPeak => inputs.absorbance_at_peak,
        ExtinctionKind::At400nm => inputs.absorbance_at_400nm,
        ExtinctionKind::None => None,
    };
    if let Some(a) = absorbance {
        if !(a.is_finite() && a >= 0.0) {
            return Err(QdError::BadInput("Absorbance must be zero or a positive number.".into()));
        }
        if a > 1.5 {
            warnings.push(Warning::new(format!(
                "Absorbance {} is above 1.5: spectrometers lose linearity there. Dilute the sample and enter the dilution factor.",
                Short(a, 4)
            )));
        }
    }
    if model.extinction_kind() == ExtinctionKind::At400nm && absorbance.is_none() {
        warnings.push(Warning::new(MOREELS_NEEDS_A400));
    }
    let concentration = match (extinction, absorbance) {
        (Some(eps), Some(a)) => {
            let molar = a * inputs.dilution_factor / (eps.value_l_per_mol_cm * inputs.path_length_cm);
            let particles_per_ml = molar * AVOGADRO_PER_MOL / 1000.0;
            let mass_g_per_l = molar * AVOGADRO_PER_MOL * mass_per_particle_g;
            // Absurd but well-formed inputs (a path of 1e-308 cm) overflow: say so, never show ∞.
            if !(particles_per_ml.is_finite() && mass_g_per_l.is_finite()) {
                return Err(QdError::BadInput(
                    "These absorbance, path length and dilution values give a concentration too large to compute: check them (the path length is in cm).".into(),
                ));
            }
            Some(Concentration {
                molar_mol_per_l: molar,
                relative_uncertainty: eps.relative_uncertainty,
                particles_per_ml,
                mass_g_per_l,
            })
        }
        _ => None,
    };

    Ok(SizingResult {
        diameter_nm: diameter,
        diameter_spread_nm,
        extinction,
        concentration,
        mass_per_particle_g,
        formula_units_per_particle,
        warnings,
    })
}

/// The inverse problem: which first-peak wavelength gives a wanted diameter.
///
/// Every model's D(λ) rises monotonically on its domain, so D(λ) − D_wanted changes sign
/// once on it and a bracketing root finder (Brent's method, [`find_root`]) is guaranteed to
/// converge; it is run to the limit of double precision.
pub fn peak_for_diameter_nm(
    model: Model,
    material: Material,
    diameter_nm_wanted: f64,
    brus: &BrusParameters,
) -> Result<f64, QdError> {
    check_model(model, material)?;
    check_brus(model, brus)?;
    let (lo, hi) = model.domain_nm(material, brus);
    let d_lo = diameter_unchecked(model, material, lo, brus);
    let d_hi = diameter_unchecked(model, material, hi, brus);
    if diameter_nm_wanted.is_finite() && diameter_nm_wanted > 0.0 && diameter_nm_wanted < material.unit_cell_nm() {
        return Err(QdError::WantedBelowUnitCell {
            diameter_nm: diameter_nm_wanted,
            unit_cell_nm: material.unit_cell_nm(),
            material: material.name(),
        });
    }
    if !(diameter_nm_wanted.is_finite() && diameter_nm_wanted >= d_lo && diameter_nm_wanted <= d_hi) {
        return Err(QdError::DiameterUnreachable {
            diameter_nm: diameter_nm_wanted,
            lo: d_lo.max(0.0),
            hi: d_hi,
            model: model.label(),
            material: material.name(),
        });
    }
    let excess_nm =
        |peak_nm: f64| diameter_unchecked(model, material, peak_nm, brus) - diameter_nm_wanted;
    // D is finite at both ends, so the finder only fails if the curve is not finite inside.
    find_root(excess_nm, lo, hi, 0.0, MAX_ROOT_EVALUATIONS).map_err(|_| {
        QdError::BadInput(format!(
            "The {} equation for {} gives no usable wavelength for a diameter of {} nm with these parameters: check the band gap, effective masses and permittivity.",
            model.label(),
            material.name(),
            Short(diameter_nm_wanted, 4)
        ))
    })
}

/// Evaluations allowed to [`find_root`] in [`peak_for_diameter_nm`]. Brent's method takes
/// 11 (at most 21) on these smooth curves, against about 50 for bisection, and at worst
/// about the square of bisection's count, so this is never reached; it only bounds the work.
const MAX_ROOT_EVALUATIONS: usize = 4000;

/// One row of the side-by-side comparison of all models calibrated for a material.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelComparison {
    pub model: Model,
    pub diameter_nm: Option<f64>,
    pub in_range: bool,
    pub note: Option<String>,
}

/// Sizes the same peak with every model calibrated for the material.
pub fn compare_models(material: Material, peak_nm: f64, brus: &BrusParameters) -> Vec<ModelComparison> {
    material
        .models()
        .iter()
        .map(|&model| match diameter_nm(model, material, peak_nm, brus) {
            Ok(d) => ModelComparison {
                model,
                diameter_nm: Some(d),
                in_range: model.validity(material).contains(peak_nm, d),
                note: None,
            },
            Err(e) => ModelComparison {
                model,
                diameter_nm: None,
                in_range: false,
                note: Some(e.to_string()),
            },
        })
        .collect()
}

/// Samples D(λ) over the model's domain for the sizing-curve chart.
pub fn sizing_curve(
    model: Model,
    material: Material,
    brus: &BrusParameters,
    points: usize,
) -> Vec<(f64, f64)> {
    let (lo, hi) = model.domain_nm(material, brus);
    let n = points.max(2);
    (0..n)
        .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
        .filter_map(|l| diameter_in_domain_nm(model, material, l, brus).ok().map(|d| (l, d)))
        .filter(|(_, d)| d.is_finite())
        .collect()
}

/// The validity band of a model as a wavelength interval (nm), for drawing.
pub fn validity_band_nm(model: Model, material: Material, brus: &BrusParameters) -> Option<(f64, f64)> {
    match model.validity(material) {
        Validity::Wavelength { min_nm, max_nm } => Some((min_nm, max_nm)),
        Validity::Diameter { min_nm, max_nm } => {
            let (lo, hi) = model.domain_nm(material, brus);
            let clamp = |d: f64| {
                peak_for_diameter_nm(model, material, d, brus)
                    .ok()
                    .or_else(|| {
                        let d_lo = diameter_unchecked(model, material, lo, brus);
                        Some(if d < d_lo { lo } else { hi })
                    })
            };
            Some((clamp(min_nm)?, clamp(max_nm)?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cdte(peak_nm: f64, hwhm_nm: Option<f64>) -> SizingInputs {
        SizingInputs {
            material: Material::CdTe,
            model: Model::YuPeng,
            peak_nm,
            absorbance_at_peak: Some(0.1),
            absorbance_at_400nm: None,
            path_length_cm: 1.0,
            dilution_factor: 1.0,
            hwhm_nm,
            brus: Material::CdTe.bulk().brus,
        }
    }

    fn warnings(inputs: &SizingInputs) -> Vec<String> {
        size(inputs).unwrap().warnings.into_iter().map(|w| w.message).collect()
    }

    /// D(λ) of Yu's CdTe polynomial, evaluated by hand (Python, the printed coefficients):
    /// 0.0501 nm at 447 nm, 0.518 at 455, 0.786 at 460, 1.036 at 465.
    #[test]
    fn nothing_smaller_than_a_unit_cell_is_a_size_and_below_1_nm_is_warned() {
        for (peak, by_hand) in [(447.0, 0.050067811), (455.0, 0.518309396)] {
            match size(&cdte(peak, None)) {
                Err(QdError::SmallerThanUnitCell { diameter_nm, unit_cell_nm, .. }) => {
                    assert!((diameter_nm - by_hand).abs() < 1e-6 && unit_cell_nm == 0.6481);
                }
                other => panic!("{peak} nm: {other:?}"),
            }
        }
        let message = size(&cdte(455.0, None)).unwrap_err().to_string();
        assert!(message.starts_with("At 455 nm the Yu–Peng 2003 equation gives 0.52 nm for CdTe, less than one unit cell (0.648 nm): no size is shown."), "{message}");
        // Between a unit cell and 1 nm: a size, with a warning that names the bound.
        let result = size(&cdte(460.0, None)).unwrap();
        assert!((result.diameter_nm - 0.78637672).abs() < 1e-6);
        let w = warnings(&cdte(460.0, None));
        assert!(w.iter().any(|m| m.starts_with("D = 0.79 nm is below 1 nm, under two unit cells of CdTe")), "{w:?}");
        assert!(!warnings(&cdte(465.0, None)).iter().any(|m| m.contains("below 1 nm")));
        // The comparison of models and the inverse problem refuse it too.
        assert!(compare_models(Material::CdTe, 455.0, &Material::CdTe.bulk().brus)[0].diameter_nm.is_none());
        let wanted = peak_for_diameter_nm(Model::YuPeng, Material::CdTe, 0.3, &Material::CdTe.bulk().brus).unwrap_err();
        assert_eq!(wanted.to_string(), "0.3 nm is less than one unit cell of CdTe (0.648 nm).");
    }

    /// HWHM in energy at 516 nm, by hand (hc/e = 1239.84193 eV nm): 1 nm is 4.65 meV, 2 nm is
    /// 9.28 meV, 40 nm is 172.9 meV.
    #[test]
    fn a_half_width_outside_5_to_150_mev_is_warned() {
        let narrow = warnings(&cdte(516.0, Some(1.0)));
        assert!(narrow.iter().any(|m| m.starts_with("The HWHM, 1 nm (4.65 meV), is below 5 meV")), "{narrow:?}");
        assert!(!warnings(&cdte(516.0, Some(2.0))).iter().any(|m| m.contains("HWHM")));
        let broad = warnings(&cdte(516.0, Some(40.0)));
        assert!(broad.iter().any(|m| m.starts_with("The HWHM, 40 nm (173 meV), is above 150 meV")), "{broad:?}");
        assert!(!warnings(&cdte(516.0, Some(30.0))).iter().any(|m| m.contains("HWHM")), "30 nm is 127 meV");
        let jasieniak = SizingInputs { material: Material::CdSe, model: Model::Jasieniak, brus: Material::CdSe.bulk().brus, ..cdte(550.0, Some(60.0)) };
        assert!(warnings(&jasieniak).iter().any(|m| m.contains("Jasieniak's width correction of ε does not hold")));
    }

    /// Numbers in messages are rounded: never the 309 digits of 1e308.
    #[test]
    fn messages_round_their_numbers() {
        let huge = size(&cdte(1e308, None)).unwrap_err().to_string();
        assert!(huge.starts_with("Wavelength 1 × 10³⁰⁸ nm is outside 447–800 nm"), "{huge}");
        let unreachable = peak_for_diameter_nm(Model::YuPeng, Material::CdTe, 1e308, &Material::CdTe.bulk().brus).unwrap_err().to_string();
        assert!(unreachable.starts_with("A diameter of 1 × 10³⁰⁸ nm cannot be reached"), "{unreachable}");
        let a = warnings(&SizingInputs { absorbance_at_peak: Some(123456.789), ..cdte(516.0, None) });
        assert!(a.iter().any(|m| m.starts_with("Absorbance 1.235 × 10⁵ is above 1.5")), "{a:?}");
        for message in [huge, unreachable].iter().chain(&a) {
            assert!(message.chars().filter(char::is_ascii_digit).count() < 40, "{message}");
        }
    }
}
