//! The gas page's typed numbers: each [`Input`] with its link key, label, unit, rule and
//! whether a ± may be typed beside it, and the unit choices ([`Unit`]) that convert what was
//! typed into the unit the calculation uses. One table of facts, so that the link codec, the
//! parser and the page's fields are each written once.

use crate::state::choice::choices;
use crate::state::number::NumberRule;

/// A kind of quantity whose unit the user picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    Temperature,
    Pressure,
    GasVolume,
    Amount,
    Time,
    Power,
}

/// A unit the user can pick for a [`Quantity`]; the first of each kind is what links assume
/// when they name none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Celsius,
    Kelvin,
    Kilopascal,
    Atmosphere,
    Bar,
    Torr,
    Millilitre,
    Microlitre,
    Micromole,
    Millimole,
    Nanomole,
    Hour,
    Minute,
    Second,
    Milliwatt,
    Watt,
    Microwatt,
}

impl Unit {
    pub const ALL: [Unit; 17] = [
        Unit::Celsius,
        Unit::Kelvin,
        Unit::Kilopascal,
        Unit::Atmosphere,
        Unit::Bar,
        Unit::Torr,
        Unit::Millilitre,
        Unit::Microlitre,
        Unit::Micromole,
        Unit::Millimole,
        Unit::Nanomole,
        Unit::Hour,
        Unit::Minute,
        Unit::Second,
        Unit::Milliwatt,
        Unit::Watt,
        Unit::Microwatt,
    ];

    /// What it measures.
    pub fn quantity(self) -> Quantity {
        match self {
            Unit::Celsius | Unit::Kelvin => Quantity::Temperature,
            Unit::Kilopascal | Unit::Atmosphere | Unit::Bar | Unit::Torr => Quantity::Pressure,
            Unit::Millilitre | Unit::Microlitre => Quantity::GasVolume,
            Unit::Micromole | Unit::Millimole | Unit::Nanomole => Quantity::Amount,
            Unit::Hour | Unit::Minute | Unit::Second => Quantity::Time,
            Unit::Milliwatt | Unit::Watt | Unit::Microwatt => Quantity::Power,
        }
    }

    /// The units of one quantity, the default first.
    pub fn of(quantity: Quantity) -> impl Iterator<Item = Unit> {
        Unit::ALL.into_iter().filter(move |u| u.quantity() == quantity)
    }

    /// The default unit of a quantity (the one links assume).
    pub fn default_of(quantity: Quantity) -> Unit {
        Unit::of(quantity).next().unwrap_or(Unit::Millilitre)
    }

    /// Its name in links.
    pub fn slug(self) -> &'static str {
        match self {
            Unit::Celsius => "C",
            Unit::Kelvin => "K",
            Unit::Kilopascal => "kPa",
            Unit::Atmosphere => "atm",
            Unit::Bar => "bar",
            Unit::Torr => "Torr",
            Unit::Millilitre => "mL",
            Unit::Microlitre => "uL",
            Unit::Micromole => "umol",
            Unit::Millimole => "mmol",
            Unit::Nanomole => "nmol",
            Unit::Hour => "h",
            Unit::Minute => "min",
            Unit::Second => "s",
            Unit::Milliwatt => "mW",
            Unit::Watt => "W",
            Unit::Microwatt => "uW",
        }
    }

    /// Its symbol on the page.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Celsius => "°C",
            Unit::Microlitre => "µL",
            Unit::Micromole => "µmol",
            Unit::Microwatt => "µW",
            other => other.slug(),
        }
    }

    /// A value typed in this unit, in the quantity's default unit (°C, kPa, mL, µmol, h, mW).
    pub fn to_default(self, value: f64) -> f64 {
        match self {
            Unit::Kelvin => value - crate::science::gas::ZERO_CELSIUS_K,
            Unit::Atmosphere => value * 101.325,
            Unit::Bar => value * 100.0,
            Unit::Torr => value * 101.325 / 760.0,
            Unit::Microlitre => value * 1e-3,
            Unit::Millimole => value * 1e3,
            Unit::Nanomole => value * 1e-3,
            Unit::Minute => value / 60.0,
            Unit::Second => value / 3600.0,
            Unit::Watt => value * 1e3,
            Unit::Microwatt => value * 1e-3,
            _ => value,
        }
    }

    /// A value in the quantity's default unit, in this unit.
    pub fn from_default(self, value: f64) -> f64 {
        match self {
            Unit::Kelvin => value + crate::science::gas::ZERO_CELSIUS_K,
            Unit::Celsius => value,
            // The rest are proportional.
            other => value / other.to_default(1.0),
        }
    }

    /// Scales a difference (a ±) typed in this unit to the default unit: kelvin and degrees
    /// Celsius have the same size.
    pub fn difference_to_default(self, value: f64) -> f64 {
        match self.quantity() {
            Quantity::Temperature => value,
            _ => self.to_default(value),
        }
    }
}

choices!(Unit);

/// Every number typed outside the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    Temperature,
    Pressure,
    VdwA,
    VdwB,
    GasVolume,
    Amount,
    SampleArea,
    InjectedVolume,
    HeadspaceVolume,
    Replicates,
    LiquidVolume,
    Henry,
    CatalystConcentration,
    SolutionVolume,
    CatalystMass,
    Loading,
    MolarMass,
    DotConcentration,
    Time,
    WindowFrom,
    WindowTo,
    Rate,
    Power,
    PowerBlank,
    PowerSample,
    Wavelength,
    Flux,
    ActAbsorbance,
    ActPath,
    ActIrradiated,
    ActAliquot,
    ActDeveloped,
    ActQuantumYield,
    ActTime,
    ActFraction,
    SampleAbsorbance,
    Electrons,
    Irradiance,
    Area,
}

/// What the page and the codec need to know of an input.
pub struct Spec {
    /// Its key in links.
    pub key: &'static str,
    /// Its element id on the page (`gas-<key>`), and those of its unit choice and ± field.
    pub id: &'static str,
    pub unit_id: &'static str,
    pub pm_id: &'static str,
    /// Its keys in links for the unit picked (`<key>_unit`) and the ± typed (`<key>_pm`).
    pub unit_key: &'static str,
    pub pm_key: &'static str,
    /// Its label on the page.
    pub label: &'static str,
    /// The name that starts its messages ("The gas volume …").
    pub name: &'static str,
    /// Its unit when it has no unit choice ("" for none).
    pub unit: &'static str,
    /// The kind of quantity when the user picks the unit.
    pub quantity: Option<Quantity>,
    pub rule: NumberRule,
    /// Shown when empty (the value used when empty, or an example).
    pub placeholder: &'static str,
    /// Whether a ± can be typed beside it and propagated.
    pub uncertain: bool,
}

impl Input {
    pub const ALL: [Input; 39] = [
        Input::Temperature,
        Input::Pressure,
        Input::VdwA,
        Input::VdwB,
        Input::GasVolume,
        Input::Amount,
        Input::SampleArea,
        Input::InjectedVolume,
        Input::HeadspaceVolume,
        Input::Replicates,
        Input::LiquidVolume,
        Input::Henry,
        Input::CatalystConcentration,
        Input::SolutionVolume,
        Input::CatalystMass,
        Input::Loading,
        Input::MolarMass,
        Input::DotConcentration,
        Input::Time,
        Input::WindowFrom,
        Input::WindowTo,
        Input::Rate,
        Input::Power,
        Input::PowerBlank,
        Input::PowerSample,
        Input::Wavelength,
        Input::Flux,
        Input::ActAbsorbance,
        Input::ActPath,
        Input::ActIrradiated,
        Input::ActAliquot,
        Input::ActDeveloped,
        Input::ActQuantumYield,
        Input::ActTime,
        Input::ActFraction,
        Input::SampleAbsorbance,
        Input::Electrons,
        Input::Irradiance,
        Input::Area,
    ];

    /// Its position in [`Input::ALL`] (and in the state's list of texts).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The input whose link key is `key`.
    pub fn from_key(key: &str) -> Option<Input> {
        Input::ALL.into_iter().find(|i| i.spec().key == key)
    }

    /// Its facts.
    pub fn spec(self) -> Spec {
        use NumberRule::{Any, NonNegative, Positive};
        use Quantity as Q;
        let make = |(key, id, unit_id, pm_id, unit_key, pm_key), label, name, unit, quantity, rule, placeholder, uncertain| Spec {
            key,
            id,
            unit_id,
            pm_id,
            unit_key,
            pm_key,
            label,
            name,
            unit,
            quantity,
            rule,
            placeholder,
            uncertain,
        };
        macro_rules! s {
            ($key:literal, $($rest:expr),*) => {
                make(($key, concat!("gas-", $key), concat!("gas-", $key, "-unit"), concat!("gas-", $key, "-pm"), concat!($key, "_unit"), concat!($key, "_pm")), $($rest),*)
            };
        }
        match self {
            Input::Temperature => s!("T", "Temperature", "The temperature", "", Some(Q::Temperature), Any, "25", true),
            Input::Pressure => s!("p", "Pressure", "The pressure", "", Some(Q::Pressure), Positive, "101.325", true),
            Input::VdwA => s!("a", "van der Waals a", "a", "L² bar mol⁻²", None, NonNegative, "built in", false),
            Input::VdwB => s!("b", "van der Waals b", "b", "L mol⁻¹", None, NonNegative, "built in", false),
            Input::GasVolume => s!("V", "Gas volume evolved", "The gas volume", "", Some(Q::GasVolume), Positive, "e.g. 3.525", true),
            Input::Amount => s!("n", "Amount of gas", "The amount of gas", "", Some(Q::Amount), Positive, "e.g. 144", true),
            Input::SampleArea => s!("peak", "Peak area of the sample", "The sample's peak area", "", None, Positive, "e.g. 15200", true),
            Input::InjectedVolume => s!("vinj", "Volume injected", "The injected volume", "µL", None, Positive, "e.g. 100", true),
            Input::HeadspaceVolume => s!("vhs", "Headspace volume", "The headspace volume", "mL", None, Positive, "e.g. 15", true),
            Input::Replicates => s!("reps", "Injections of the sample", "The number of injections", "", None, Positive, "1", false),
            Input::LiquidVolume => s!("vliq", "Liquid volume", "The liquid volume", "mL", None, Positive, "the solution volume", false),
            Input::Henry => s!("H", "Henry's constant H^cp at T", "Henry's constant", "mol m⁻³ Pa⁻¹", None, Positive, "built in", false),
            Input::CatalystConcentration => s!("cat", "Catalyst concentration", "The catalyst concentration", "µM", None, Positive, "e.g. 1.0", true),
            Input::SolutionVolume => s!("vsol", "Solution volume", "The solution volume", "mL", None, Positive, "e.g. 10", true),
            Input::CatalystMass => s!("mcat", "Photocatalyst mass", "The photocatalyst mass", "mg", None, Positive, "e.g. 10", true),
            Input::Loading => s!("load", "Catalyst loading", "The loading", "% w/w", None, Positive, "e.g. 0.45", true),
            Input::MolarMass => s!("M", "Molar mass of the catalyst", "The molar mass", "g mol⁻¹", None, Positive, "e.g. 58.93 (Co)", false),
            Input::DotConcentration => s!("qd", "Quantum-dot concentration", "The quantum-dot concentration", "µM", None, Positive, "optional", true),
            Input::Time => s!("t", "Irradiation time", "The irradiation time", "", Some(Q::Time), Positive, "e.g. 5", true),
            Input::WindowFrom => s!("from", "Initial rate from", "The window's start", "h", None, NonNegative, "first point", false),
            Input::WindowTo => s!("to", "to", "The window's end", "h", None, NonNegative, "last point", false),
            Input::Rate => s!("rate", "Product rate", "The product rate", "µmol h⁻¹", None, Positive, "from the data", true),
            Input::Power => s!("P", "Light power", "The light power", "", Some(Q::Power), Positive, "e.g. 10", true),
            Input::PowerBlank => s!("Pblank", "Power through a blank", "The power through the blank", "", Some(Q::Power), Positive, "e.g. 25", true),
            Input::PowerSample => s!("Psample", "Power through the sample", "The power through the sample", "", Some(Q::Power), NonNegative, "e.g. 15", true),
            Input::Wavelength => s!("lambda", "Wavelength", "The wavelength", "nm", None, Positive, "e.g. 400", false),
            Input::Flux => s!("q", "Photon flux", "The photon flux", "einstein s⁻¹", None, Positive, "e.g. 3.3e-8", true),
            Input::ActAbsorbance => s!("A510", "ΔA at 510 nm", "The absorbance change", "", None, Positive, "e.g. 0.5", true),
            Input::ActPath => s!("l510", "Path length", "The path length", "cm", None, Positive, "1", false),
            Input::ActIrradiated => s!("V1", "Volume irradiated", "The irradiated volume", "mL", None, Positive, "e.g. 3", false),
            Input::ActAliquot => s!("V2", "Aliquot taken", "The aliquot volume", "mL", None, Positive, "e.g. 0.5", false),
            Input::ActDeveloped => s!("V3", "Aliquot developed to", "The developed volume", "mL", None, Positive, "e.g. 10", false),
            Input::ActQuantumYield => s!("phiFe", "Actinometer quantum yield", "The actinometer's quantum yield", "", None, Positive, "from λ", false),
            Input::ActTime => s!("tact", "Actinometer irradiation time", "The actinometry time", "s", None, Positive, "e.g. 60", false),
            Input::ActFraction => s!("fact", "Fraction absorbed by the actinometer", "The actinometer's fraction absorbed", "", None, Positive, "1", false),
            Input::SampleAbsorbance => s!("Asample", "Sample absorbance at λ", "The sample's absorbance", "", None, NonNegative, "optional", true),
            Input::Electrons => s!("z", "Electrons per product", "The electrons per product", "", None, Positive, "from the product", false),
            Input::Irradiance => s!("sth_P", "Irradiance", "The irradiance", "mW cm⁻²", None, Positive, "100 (AM1.5G)", true),
            Input::Area => s!("area", "Illuminated area", "The illuminated area", "cm²", None, Positive, "e.g. 1", true),
        }
    }
}
