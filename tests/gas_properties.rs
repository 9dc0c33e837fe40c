//! Property tests of the gas calculator: facts that hold for every input, not only for the
//! examples. A share link gives back the state it was made from; the amount and TON scale
//! with what was measured; the equations of state agree where the gas is ideal; nothing the
//! page shows is ever NaN or infinite, whatever is typed.

use photocalc::state::calculator::{decode, encode};
use photocalc::state::choice::Choice;
use photocalc::state::gas::{AmountSource, CalibrationWeight, CatalystBasis, FluxMethod, GasChoice, GasState, Input, Output, PhotonBasis, StandardForm, Unit};
use proptest::prelude::*;
use proptest::sample::select;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Text a user might type into a number field: numbers in several forms, and garbage.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (-1e6f64..1e6).prop_map(|v| format!("{v}")),
        (0.001f64..1000.0).prop_map(|v| format!("{v:.3}").replace('.', ",")),
        (1e-9f64..1e9).prop_map(|v| format!("{v:e}")),
        select(vec!["abc", "1e999", "−5", "0", "1,000", "  7 ", "1 × 10^3", "%", "&=#"]).prop_map(str::to_string),
    ]
}

/// A state with random choices, texts, ± and units (the tables left as they are).
fn state() -> impl Strategy<Value = GasState> {
    (
        select(GasChoice::ALL.to_vec()),
        select(AmountSource::ALL.to_vec()),
        select(CatalystBasis::ALL.to_vec()),
        select(FluxMethod::ALL.to_vec()),
        select(PhotonBasis::ALL.to_vec()),
        select(StandardForm::ALL.to_vec()),
        select(CalibrationWeight::ALL.to_vec()),
        any::<[bool; 4]>(),
        proptest::collection::vec(typed(), Input::ALL.len()),
        proptest::collection::vec(typed(), Input::ALL.len()),
        proptest::collection::vec(any::<prop::sample::Index>(), Input::ALL.len()),
    )
        .prop_map(|(gas, source, catalyst, flux, basis, standards, weighting, flags, texts, pm, units)| {
            let mut state = GasState { gas: gas.0, source, catalyst, flux, basis, standards, weighting, ..GasState::default() };
            [state.through_origin, state.henry, state.donor, state.per_electron] = flags;
            for (i, input) in Input::ALL.into_iter().enumerate() {
                state.set(input, &texts[i]);
                if input.spec().uncertain {
                    state.set_plus_minus(input, &pm[i]);
                }
                if let Some(quantity) = input.spec().quantity {
                    let choices: Vec<Unit> = Unit::of(quantity).collect();
                    state.units[input.index()] = Some(*units[i].get(&choices));
                }
            }
            state
        })
}

proptest! {
    #![proptest_config(config(200))]

    /// A share link gives back exactly the state it was made from.
    #[test]
    fn links_round_trip(state in state()) {
        let link = encode(&state);
        let back: GasState = decode(&link).map_err(|e| TestCaseError::fail(format!("{link}: {e}")))?;
        // A link with `P` and no `flux` reads as the power method, and one with `n` and no `V`
        // as an amount: the state writes its choices whenever they differ from the default.
        prop_assert_eq!(back, state, "{}", link);
    }

    /// Whatever is typed, every number shown is finite, and evaluating never panics.
    #[test]
    fn every_output_is_finite(state in state()) {
        let outcome = state.evaluate();
        for m in outcome.values.iter().flatten() {
            prop_assert!(m.value.is_finite(), "{:?}", m);
            prop_assert!(m.sigma.is_none_or(|s| s.is_finite() && s >= 0.0), "{:?}", m);
        }
    }

    /// Doubling the measured volume doubles the amount and TON, at any conditions.
    #[test]
    fn ton_is_proportional_to_the_volume(celsius in -50.0f64..200.0, kpa in 10.0f64..1000.0, ml in 0.01f64..100.0, gas in select(GasChoice::ALL.to_vec())) {
        let link = format!("#/gas?v=1&gas={}&T={celsius}&p={kpa}&V={ml}&cat=1&vsol=10", Choice::slug(gas));
        let one: GasState = decode(&link).unwrap();
        let two: GasState = decode(&link.replace(&format!("V={ml}"), &format!("V={}", 2.0 * ml))).unwrap();
        let (a, b) = (one.evaluate().get(Output::Ton).unwrap().value, two.evaluate().get(Output::Ton).unwrap().value);
        prop_assert!((b / a - 2.0).abs() < 1e-12, "{} vs {}", a, b);
    }

    /// The three equations of state agree as the pressure falls (the gas becomes ideal).
    #[test]
    fn equations_of_state_agree_at_low_pressure(celsius in 0.0f64..100.0, gas in select(GasChoice::ALL.to_vec())) {
        let state: GasState = decode(&format!("#/gas?v=1&gas={}&T={celsius}&p=0.01", Choice::slug(gas))).unwrap();
        let v = state.evaluate().molar_volumes.unwrap();
        prop_assert!((v.van_der_waals_l_per_mol / v.ideal_l_per_mol - 1.0).abs() < 1e-6);
        prop_assert!((v.approximation_l_per_mol / v.ideal_l_per_mol - 1.0).abs() < 1e-6);
    }
}
