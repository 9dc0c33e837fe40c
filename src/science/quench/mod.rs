//! Luminescence quenching and binding (SCIENCE.md §2; Han et al., supporting information):
//! Stern–Volmer, static + dynamic, Langmuir, Hill and Poisson models fitted to what was
//! measured, with the unquenched value a parameter (`models`); the fits with their checks,
//! derived rate constant and comparison (`analysis`); the linearised lines people publish
//! (`lines`); and the diffusion limit a quenching rate constant is compared with (`diffusion`).
//!
//! References: O. Stern, M. Volmer, Phys. Z. 1919, 20, 183; S. S. Lehrer, Biochemistry 1971,
//! 10, 3254; J. R. Lakowicz, Principles of Fluorescence Spectroscopy, 3rd ed., Springer 2006,
//! ch. 8; M. Tachiya, Chem. Phys. Lett. 1975, 33, 289; K. P. Burnham & D. R. Anderson, Model
//! Selection and Multimodel Inference, 2nd ed., Springer 2002.

pub mod analysis;
pub mod diffusion;
pub mod lines;
pub mod models;

use serde::Serialize;

pub use analysis::{analyse, Analysis, Context, Derived, Measurements, ModelFit, Quantity, Shape, TauZero, TypedRequest, Weighting};
pub use models::TypedScale;

/// The built-in models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ModelKind {
    /// I₀/I = 1 + K_SV[Q].
    SternVolmer,
    /// The linearised Stern–Volmer plot, I₀/I = a + K_SV[Q] fitted as a straight line.
    SternVolmerFreeIntercept,
    /// I₀/I = (1 + K_D[Q])(1 + K_S[Q]).
    StaticDynamic,
    /// ΔI/I₀ = f·K_L[Q]/(1 + K_L[Q]).
    Langmuir,
    /// I/I₀ = exp(−K[Q]).
    Poisson,
    /// ΔI/I₀ = f·(K[Q])ⁿ/(1 + (K[Q])ⁿ).
    Hill,
}

impl ModelKind {
    /// In the order of the page and of links.
    pub const ALL: [ModelKind; 6] = [
        ModelKind::SternVolmer,
        ModelKind::SternVolmerFreeIntercept,
        ModelKind::StaticDynamic,
        ModelKind::Langmuir,
        ModelKind::Poisson,
        ModelKind::Hill,
    ];

    /// Identifier in links.
    pub fn slug(self) -> &'static str {
        match self {
            ModelKind::SternVolmer => "sv",
            ModelKind::SternVolmerFreeIntercept => "sv-free",
            ModelKind::StaticDynamic => "static-dynamic",
            ModelKind::Langmuir => "langmuir",
            ModelKind::Poisson => "poisson",
            ModelKind::Hill => "hill",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.slug() == slug.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            ModelKind::SternVolmer => "Stern–Volmer",
            ModelKind::SternVolmerFreeIntercept => "Stern–Volmer line (linearised)",
            ModelKind::StaticDynamic => "Static + dynamic",
            ModelKind::Langmuir => "Langmuir",
            ModelKind::Poisson => "Poisson",
            ModelKind::Hill => "Hill",
        }
    }

    /// The model as people write it.
    pub fn equation(self) -> &'static str {
        match self {
            ModelKind::SternVolmer => "I₀/I = 1 + K_SV[Q]",
            ModelKind::SternVolmerFreeIntercept => "I₀/I = a + K_SV[Q], a straight line",
            ModelKind::StaticDynamic => "I₀/I = (1 + K_D[Q])(1 + K_S[Q])",
            ModelKind::Langmuir => "ΔI/I₀ = f K_L[Q] / (1 + K_L[Q])",
            ModelKind::Poisson => "I/I₀ = exp(−K[Q])",
            ModelKind::Hill => "ΔI/I₀ = f (K[Q])ⁿ / (1 + (K[Q])ⁿ)",
        }
    }

    /// Whether the model is fitted to the measured values (and so compared with the others);
    /// the linearised line is fitted to transformed values instead.
    pub fn on_measured_scale(self) -> bool {
        self != ModelKind::SternVolmerFreeIntercept
    }

    /// The unit of a parameter of this model, with [Q] in mol/L.
    pub fn unit(self, parameter: &str) -> &'static str {
        match parameter {
            "K_SV" | "K_D" | "K_S" | "K_L" | "K" => "M⁻¹",
            _ => "",
        }
    }
}
