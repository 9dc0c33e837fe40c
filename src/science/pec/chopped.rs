//! Chopped-light J–V curves: a sweep under light switched on and off splits into a light and a
//! dark envelope. A switch is a step in current far larger than the steps around it (a steep
//! but smooth rise has neighbours as steep as itself, so it is not one); between switches the
//! light is either on or off, and a stretch whose photocurrent (anodic for a photoanode,
//! cathodic for a photocathode) is larger than both its neighbours' is a lit one.

/// A curve split into its lit and dark points, each as (potential V, current), in the order of
/// the sweep.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Envelopes {
    pub light: Vec<(f64, f64)>,
    pub dark: Vec<(f64, f64)>,
    /// How many times the light was switched.
    pub switches: usize,
}

/// How many times larger than the steps around it a step must be to count as a switch.
const JUMP_FACTOR: f64 = 5.0;
/// How many steps on each side a step is compared with.
const WINDOW: usize = 5;

/// Splits a chopped-light sweep into its envelopes; `None` when no switch is found (the curve
/// is not chopped) or there are too few points.
pub fn split_chopped(potential_v: &[f64], current: &[f64], photoanode: bool) -> Option<Envelopes> {
    let n = potential_v.len().min(current.len());
    if n < 2 * WINDOW + 2 || current[..n].iter().chain(&potential_v[..n]).any(|v| !v.is_finite()) {
        return None;
    }
    let steps: Vec<f64> = (1..n).map(|i| (current[i] - current[i - 1]).abs()).collect();
    let scale = current[..n].iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    // Steps below this are noise whatever their neighbours: a thousandth of the largest current,
    // or ten typical steps on a noisy curve (where the light cannot be told from the dark
    // before the onset anyway).
    let mut sorted = steps.clone();
    sorted.sort_by(f64::total_cmp);
    let floor = (1e-3 * scale).max(10.0 * sorted[sorted.len() / 2]);
    let mut bounds = vec![0];
    for (k, &step) in steps.iter().enumerate() {
        if step <= floor {
            continue;
        }
        let (from, to) = (k.saturating_sub(WINDOW), (k + WINDOW + 1).min(steps.len()));
        let mut around: Vec<f64> = (from..to).filter(|&m| m != k).map(|m| steps[m]).collect();
        around.sort_by(f64::total_cmp);
        let local = around[around.len() / 2];
        if step > JUMP_FACTOR * local {
            bounds.push(k + 1);
        }
    }
    bounds.push(n);
    let switches = bounds.len() - 2;
    if switches == 0 {
        return None;
    }
    let sign = if photoanode { 1.0 } else { -1.0 };
    let stretches: Vec<(usize, usize)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
    // Compared at the switch itself: the stretch's point next to it against the neighbour's.
    let mut out = Envelopes { switches, ..Envelopes::default() };
    for (k, &(a, b)) in stretches.iter().enumerate() {
        let above_before = k.checked_sub(1).map(|m| sign * (current[a] - current[stretches[m].1 - 1]) > 0.0);
        let above_after = stretches.get(k + 1).map(|&(c, _)| sign * (current[b - 1] - current[c]) > 0.0);
        let lit = above_before.unwrap_or(true) && above_after.unwrap_or(true);
        let target = if lit { &mut out.light } else { &mut out.dark };
        target.extend((a..b).map(|i| (potential_v[i], current[i])));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A photoanode swept from −0.6 to 0.6 V, the light on for 25 points, off for 25: dark
    /// current 0.01·E, photocurrent 1.5/(1 + e^(−(E + 0.3)/0.05)) mA cm⁻².
    fn chopped() -> (Vec<f64>, Vec<f64>, Vec<bool>) {
        let e: Vec<f64> = (0..500).map(|i| -0.6 + 1.2 * i as f64 / 499.0).collect();
        let lit: Vec<bool> = (0..500).map(|i| (i / 25) % 2 == 1).collect();
        let j = e.iter().zip(&lit).map(|(&v, &on)| 0.01 * v + if on { 1.5 / (1.0 + (-(v + 0.3) / 0.05).exp()) } else { 0.0 }).collect();
        (e, j, lit)
    }

    #[test]
    fn a_chopped_sweep_splits_into_its_light_and_dark_points() {
        let (e, j, lit) = chopped();
        let split = split_chopped(&e, &j, true).unwrap();
        // Every switch is found (19 between 20 stretches of 25 points) and every point lands
        // on its own side.
        assert_eq!(split.switches, 19);
        for (k, (&v, &on)) in e.iter().zip(&lit).enumerate() {
            let side = if on { &split.light } else { &split.dark };
            assert!(side.contains(&(v, j[k])), "point {k} at {v} V is on the wrong side");
        }
    }

    #[test]
    fn noise_on_the_current_does_not_make_switches() {
        // ±2 µA cm⁻² of a fixed pattern on every point: no point is put on the lit side that was
        // dark, and every lit point above −0.45 V (photocurrent ≥ 0.07 mA cm⁻², 35 times the
        // noise) is found; below, light and dark are within the noise of each other.
        let (e, j, lit) = chopped();
        let noisy: Vec<f64> = j.iter().enumerate().map(|(k, v)| v + 0.002 * (((k * 7919) % 13) as f64 / 6.0 - 1.0)).collect();
        let split = split_chopped(&e, &noisy, true).unwrap();
        for (k, &on) in lit.iter().enumerate() {
            let point = (e[k], noisy[k]);
            assert!(on || !split.light.contains(&point), "dark point {k} at {} V put on the lit side", e[k]);
            assert!(!on || e[k] <= -0.45 || split.light.contains(&point), "lit point {k} at {} V missed", e[k]);
        }
        assert!(split.switches <= 19, "{}", split.switches);
    }

    #[test]
    fn a_photocathode_and_curves_without_switches() {
        let (e, j, lit) = chopped();
        let cathodic: Vec<f64> = j.iter().map(|v| -v).collect();
        let split = split_chopped(&e, &cathodic, false).unwrap();
        assert_eq!(split.light.len(), lit.iter().filter(|&&on| on).count());
        // A smooth, steep rise has no switch, nor does a straight line.
        let smooth: Vec<f64> = e.iter().map(|&v| 1.5 / (1.0 + (-(v + 0.3) / 0.05).exp())).collect();
        assert_eq!(split_chopped(&e, &smooth, true), None);
        let straight: Vec<f64> = e.iter().map(|&v| 2.0 * v).collect();
        assert_eq!(split_chopped(&e, &straight, true), None);
        assert_eq!(split_chopped(&e[..5], &smooth[..5], true), None);
    }
}
