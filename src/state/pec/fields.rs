//! The photoelectrochemistry page's typed numbers: each field with its link key, element id,
//! label, unit, rule and default, written once for the link codec, the parser and the page.

use super::Side;
use crate::state::number::NumberRule;

/// What the page and the link know of a typed number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// Its key in links and state files.
    pub key: &'static str,
    /// Its element id.
    pub id: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub placeholder: &'static str,
    pub rule: NumberRule,
    /// What a new page holds.
    pub default: &'static str,
}

/// The numbers of the page that are not an electrode's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Ph,
    Temperature,
    Ferrocene,
    Custom,
    Bias,
    Resistance,
    Threshold,
    TargetCurrent,
    Faradaic,
    Duration,
    StartConcentration,
    Volume,
    Absorbance,
    Path,
    Measured,
    Charge,
    Power,
    LightArea,
    Gibbs,
    OxidationPotential,
    ReductionPotential,
}

impl Field {
    pub const ALL: [Field; 21] = [
        Field::Ph,
        Field::Temperature,
        Field::Ferrocene,
        Field::Custom,
        Field::Bias,
        Field::Resistance,
        Field::Threshold,
        Field::TargetCurrent,
        Field::Faradaic,
        Field::Duration,
        Field::StartConcentration,
        Field::Volume,
        Field::Absorbance,
        Field::Path,
        Field::Measured,
        Field::Charge,
        Field::Power,
        Field::LightArea,
        Field::Gibbs,
        Field::OxidationPotential,
        Field::ReductionPotential,
    ];

    pub fn spec(self) -> FieldSpec {
        use NumberRule::{Any, NonNegative, Positive};
        let f = |key, id, label, unit, placeholder, rule, default| FieldSpec { key, id, label, unit, placeholder, rule, default };
        match self {
            Field::Ph => f("pH", "pec-ph", "pH (for the RHE)", "", "e.g. 7", Any, ""),
            Field::Temperature => f("T_C", "pec-temp", "Temperature", "°C", "25", Any, "25"),
            Field::Ferrocene => f("Fc_V", "pec-fc", "Fc⁺/Fc against SHE in your solvent", "V", "0.63", Any, "0.63"),
            Field::Custom => f("ref_V", "pec-ref", "Your own reference against SHE", "V", "e.g. 0.2", Any, ""),
            Field::Bias => f("bias_V", "pec-bias", "Applied bias U (anode positive)", "V", "0", Any, "0"),
            Field::Resistance => f("R_ohm", "pec-r", "Series resistance R (cell, wires, membrane)", "Ω", "0", NonNegative, "0"),
            Field::Threshold => f("onset_mA_cm2", "pec-threshold", "Onset threshold |J|", "mA cm⁻²", "0.01", Positive, "0.01"),
            Field::TargetCurrent => f("want_mA", "pec-want", "Current wanted, for the bias it needs", "mA", "e.g. 0.3", Positive, ""),
            Field::Faradaic => f("FE_pct", "pec-fe", "Faradaic efficiency", "%", "100", Positive, "100"),
            Field::Duration => f("t_min", "pec-time", "Run time", "min", "e.g. 120", Positive, ""),
            Field::StartConcentration => f("start_mM", "pec-start", "Starting substrate (NAD⁺)", "mM", "e.g. 2.0", Positive, ""),
            Field::Volume => f("V_mL", "pec-vol", "Solution volume", "mL", "e.g. 3", Positive, ""),
            Field::Absorbance => f("A340", "pec-a340", "NADH absorbance at 340 nm", "", "e.g. 0.622", NonNegative, ""),
            Field::Path => f("path_cm", "pec-path", "Path length", "cm", "1", Positive, "1"),
            Field::Measured => f("n_umol", "pec-measured", "Product measured", "µmol", "e.g. 10", Positive, ""),
            Field::Charge => f("Q_C", "pec-charge", "Charge passed (empty: from the trace)", "C", "e.g. 2.1", Positive, ""),
            Field::Power => f("P_mW_cm2", "pec-power", "Light power density", "mW cm⁻²", "e.g. 680", Positive, ""),
            Field::LightArea => f("A_light_cm2", "pec-light-area", "Illuminated area", "cm²", "e.g. 1", Positive, ""),
            Field::Gibbs => f("dG_kJ_mol", "pec-dg", "ΔG per mole of product (empty: from the two potentials)", "kJ mol⁻¹", "e.g. 220", Positive, ""),
            Field::OxidationPotential => f("Eox_V", "pec-eox", "E°′ of the oxidation (O₂/H₂O)", "V vs SHE", "0.82", Any, ""),
            Field::ReductionPotential => f("Ered_V", "pec-ered", "E°′ of the reduction (NAD⁺/NADH)", "V vs SHE", "-0.32", Any, ""),
        }
    }

    /// The field a link key names.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.spec().key == key)
    }
}

/// An electrode's numbers: its area and its photodiode model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElectrodeField {
    Area,
    Photocurrent,
    Onset,
    Ideality,
    Series,
    Shunt,
}

impl ElectrodeField {
    pub const ALL: [ElectrodeField; 6] = [ElectrodeField::Area, ElectrodeField::Photocurrent, ElectrodeField::Onset, ElectrodeField::Ideality, ElectrodeField::Series, ElectrodeField::Shunt];

    /// Its spec on one side (keys `a_area`, `c_area`; ids `pec-a-area`, `pec-c-area`).
    pub fn spec(self, side: Side) -> FieldSpec {
        use NumberRule::{Any, NonNegative, Positive};
        let (keys, ids, label, unit, placeholder, rule) = match self {
            ElectrodeField::Area => (["a_area", "c_area"], ["pec-a-area", "pec-c-area"], "Area", "cm²", "1", Positive),
            ElectrodeField::Photocurrent => (["a_jph", "c_jph"], ["pec-a-jph", "pec-c-jph"], "Photocurrent", "mA cm⁻²", "0.6", Positive),
            ElectrodeField::Onset => (["a_onset", "c_onset"], ["pec-a-onset", "pec-c-onset"], "Onset", "V", "-0.45", Any),
            ElectrodeField::Ideality => (["a_n", "c_n"], ["pec-a-n", "pec-c-n"], "Ideality n", "", "2", Positive),
            ElectrodeField::Series => (["a_rs", "c_rs"], ["pec-a-rs", "pec-c-rs"], "Series resistance", "Ω cm²", "0", NonNegative),
            ElectrodeField::Shunt => (["a_rsh", "c_rsh"], ["pec-a-rsh", "pec-c-rsh"], "Shunt resistance (empty: none)", "Ω cm²", "none", Positive),
        };
        FieldSpec { key: keys[side.index()], id: ids[side.index()], label, unit, placeholder, rule, default: "" }
    }

    /// Its name inside a state file's `anode`/`cathode` object.
    pub fn json_name(self) -> &'static str {
        match self {
            ElectrodeField::Area => "area_cm2",
            ElectrodeField::Photocurrent => "photocurrent_mA_per_cm2",
            ElectrodeField::Onset => "onset_V",
            ElectrodeField::Ideality => "ideality",
            ElectrodeField::Series => "Rs_ohm_cm2",
            ElectrodeField::Shunt => "Rsh_ohm_cm2",
        }
    }

    /// The side and field a link key names.
    pub fn from_key(key: &str) -> Option<(Side, ElectrodeField)> {
        Side::BOTH.into_iter().find_map(|side| ElectrodeField::ALL.into_iter().find(|f| f.spec(side).key == key).map(|f| (side, f)))
    }
}
