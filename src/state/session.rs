//! Saved work that is never lost: what a page shows when it is opened, where its work is
//! saved, and the undo history of whole-calculation changes. Pure decisions, tested natively;
//! the page (`ui::app`) carries them out against the address bar, local storage and the
//! browser history.
//!
//! The rules:
//! - A bare route (`#/qd`) opens this browser's saved work for the calculator.
//! - A link that carries a calculation opens it. If this browser holds different saved work for
//!   the calculator, the link is someone else's ([`Source::Shared`]): it lives in the address
//!   bar only, and the saved work is not touched until the user chooses to make the link their
//!   own work. A link equal to the saved work, or opened where nothing is saved, is the user's own.
//! - A broken link writes nothing: the saved work (or the defaults) opens with the reason, and
//!   the broken link stays in the address bar until the user changes something.
//! - Saved work that this version cannot read is put aside, never overwritten
//!   ([`unreadable_key`]).
//! - A calculation too long for a link (over [`MAX_FRAGMENT_BYTES`]) is saved in full; the
//!   address bar gets a short link that says the table is kept in this browser
//!   ([`address_for`]).

use super::calculator::{carries_state, check_version, decode, Calculator};
use super::codec::{join_fragment, split_fragment, split_fragment_within, LinkError, MAX_FRAGMENT_BYTES};
use super::LINK_VERSION;

/// Longest saved calculation read back from this browser's storage: anything the page accepts
/// (the largest table, every cell at its longest) fits, so saved work always reopens.
pub const MAX_SAVED_BYTES: usize = 16_000_000;

/// The key in a short link that stands for a calculation too long for a link.
pub const KEPT_KEY: &str = "kept";

/// Where the calculation on screen came from, which decides where it is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The user's own work: saved in this browser and kept in the address bar.
    Own,
    /// Someone else's link: kept in the address bar; this browser's saved work is untouched.
    Shared,
}

/// What a history entry says about its calculation (kept in `history.state`): entries the page
/// made itself are the user's own work or a shared link they opened; an entry made by opening
/// a link from outside says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Unmarked,
    Marked(Source),
}

/// What to show for an address.
#[derive(Debug, Clone, PartialEq)]
pub struct Opening<C> {
    pub state: C,
    pub source: Source,
    /// A problem to show: a broken link, saved work that cannot be read.
    pub problem: Option<String>,
    /// True after a broken link: the address bar keeps it (for the user to see and copy)
    /// until they change something.
    pub keep_address: bool,
}

/// Decodes saved work, or a fragment of any length up to [`MAX_SAVED_BYTES`].
pub fn decode_saved<C: Calculator>(text: &str) -> Result<C, LinkError> {
    let (route, pairs) = split_fragment_within(text, MAX_SAVED_BYTES)?;
    if route != C::INFO.slug {
        return Err(LinkError::UnknownRoute(route.chars().take(40).collect()));
    }
    check_version(&pairs)?;
    C::from_pairs(&pairs)
}

/// Decides what the page shows for `fragment` (the calculator's route, with or without a
/// calculation), given the work this browser has saved for the calculator and what the history
/// entry says.
pub fn open<C: Calculator>(fragment: &str, saved: Option<&str>, entry: Entry) -> Opening<C> {
    let own = saved.map(decode_saved::<C>);
    let own_or_default = || match &own {
        Some(Ok(state)) => state.clone(),
        _ => C::default(),
    };
    let unreadable = match &own {
        Some(Err(e)) => Some(format!(
            "Your saved work for this calculator could not be opened ({e}) It is kept aside in this browser, not overwritten."
        )),
        _ => None,
    };
    let opening = |state: C, source: Source, problem: Option<String>| Opening { state, source, problem, keep_address: false };
    let stands_for_kept = split_fragment(fragment).is_ok_and(|(_, pairs)| pairs.iter().any(|(k, _)| k == KEPT_KEY));
    if !carries_state(fragment) || stands_for_kept {
        let problem = match (&own, stands_for_kept) {
            (None, true) => Some("This link stands for a calculation too large for a link, which is kept only in the browser it was made in; it is not saved in this one. The calculator opened with default values.".to_string()),
            _ => unreadable,
        };
        return opening(own_or_default(), Source::Own, problem);
    }
    // The address bar holds a link: the link's limits apply, not those of saved work.
    match decode::<C>(fragment) {
        Err(error) => {
            let instead = match &own {
                Some(Ok(_)) => "Your saved work opened instead.",
                _ => "The calculator opened with default values instead.",
            };
            Opening { state: own_or_default(), source: Source::Own, problem: Some(format!("{error} {instead}")), keep_address: true }
        }
        Ok(linked) => {
            let source = match (entry, &own) {
                (Entry::Marked(source), Some(Ok(own))) if source == Source::Shared && *own == linked => Source::Own,
                (Entry::Marked(source), _) => source,
                (Entry::Unmarked, Some(Ok(own))) if *own != linked && *own != C::default() => Source::Shared,
                (Entry::Unmarked, _) => Source::Own,
            };
            let problem = if source == Source::Own { unreadable } else { None };
            opening(linked, source, problem)
        }
    }
}

/// What the address bar shows for a calculation's fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// The whole calculation.
    Link(String),
    /// A calculation too long for a link: a short link that says it is kept in this browser
    /// (`bytes` long in full).
    Kept { short: String, bytes: usize },
}

/// The address for a calculation's full fragment (see [`Address`]).
pub fn address_for(slug: &str, fragment: String) -> Address {
    if fragment.len() <= MAX_FRAGMENT_BYTES {
        return Address::Link(fragment);
    }
    let short = join_fragment(slug, &[("v", LINK_VERSION.to_string()), (KEPT_KEY, "1".to_string())]);
    Address::Kept { short, bytes: fragment.len() }
}

/// The storage key of a calculator's saved work.
pub fn saved_key(slug: &str) -> String {
    format!("photocalc:{slug}")
}

/// The storage key where saved work this version cannot read is put before the calculator's
/// key is written again.
pub fn unreadable_key(slug: &str) -> String {
    format!("photocalc:{slug}:unreadable")
}

/// Whether saved work must be put aside before `key` is written: it is there and this version
/// cannot read it (a newer version's, or damaged).
pub fn must_put_aside<C: Calculator>(saved: Option<&str>) -> bool {
    saved.is_some_and(|text| decode_saved::<C>(text).is_err())
}

/// Whether this tab may write its work over what storage holds now: only if storage still
/// holds what this tab last read or wrote there. Otherwise another tab wrote in between, and
/// the user chooses which version to keep.
pub fn may_overwrite(seen: Option<&str>, stored: Option<&str>) -> bool {
    seen == stored
}

/// Most whole-calculation changes remembered for undo.
pub const UNDO_DEPTH: usize = 50;

/// The undo history of whole-calculation changes (an example loaded, a table cleared, a
/// shared link made one's own): the state before each, with what the change was.
#[derive(Debug, Clone)]
pub struct Undo<C> {
    done: Vec<(C, String)>,
    undone: Vec<(C, String)>,
}

impl<C> Default for Undo<C> {
    fn default() -> Self {
        Undo { done: Vec::new(), undone: Vec::new() }
    }
}

impl<C: Clone> Undo<C> {
    /// Remembers `before`, the state that the change called `what` replaces. A new change
    /// forgets what was undone.
    pub fn record(&mut self, before: C, what: &str) {
        if self.done.len() == UNDO_DEPTH {
            self.done.remove(0);
        }
        self.done.push((before, what.to_string()));
        self.undone.clear();
    }

    /// Undoes the last change: returns the state to show and what was undone; `current` can
    /// then be redone.
    pub fn undo(&mut self, current: C) -> Option<(C, String)> {
        let (before, what) = self.done.pop()?;
        self.undone.push((current, what.clone()));
        Some((before, what))
    }

    /// Redoes the last undone change.
    pub fn redo(&mut self, current: C) -> Option<(C, String)> {
        let (after, what) = self.undone.pop()?;
        self.done.push((current, what.clone()));
        Some((after, what))
    }

    /// What the next undo would undo.
    pub fn next_undo(&self) -> Option<&str> {
        self.done.last().map(|(_, what)| what.as_str())
    }

    /// What the next redo would redo.
    pub fn next_redo(&self) -> Option<&str> {
        self.undone.last().map(|(_, what)| what.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::calculator::encode;
    use crate::state::QdState;

    fn qd(peak: &str) -> QdState {
        QdState { peak_nm: peak.into(), ..QdState::default() }
    }

    #[test]
    fn a_bare_route_opens_the_saved_work() {
        let saved = encode(&qd("530"));
        let opened = open::<QdState>("#/qd", Some(&saved), Entry::Unmarked);
        assert_eq!((opened.state, opened.source, opened.problem), (qd("530"), Source::Own, None));
        let fresh = open::<QdState>("#/qd", None, Entry::Unmarked);
        assert_eq!((fresh.state, fresh.source), (QdState::default(), Source::Own));
    }

    #[test]
    fn someone_elses_link_does_not_touch_the_saved_work() {
        let saved = encode(&qd("530"));
        let link = encode(&qd("600"));
        let opened = open::<QdState>(&link, Some(&saved), Entry::Unmarked);
        assert_eq!((opened.state, opened.source), (qd("600"), Source::Shared));
        // The same calculation as the saved work, or nothing saved: the user's own.
        assert_eq!(open::<QdState>(&saved, Some(&saved), Entry::Unmarked).source, Source::Own);
        assert_eq!(open::<QdState>(&link, None, Entry::Unmarked).source, Source::Own);
        assert_eq!(open::<QdState>(&link, Some(&encode(&QdState::default())), Entry::Unmarked).source, Source::Own);
        // Back to an entry the page made: as it was marked.
        assert_eq!(open::<QdState>(&link, Some(&saved), Entry::Marked(Source::Own)).source, Source::Own);
        assert_eq!(open::<QdState>(&link, Some(&saved), Entry::Marked(Source::Shared)).source, Source::Shared);
    }

    #[test]
    fn a_broken_link_opens_the_saved_work_and_keeps_the_address() {
        let saved = encode(&qd("530"));
        let opened = open::<QdState>("#/qd?v=99&lambda=516", Some(&saved), Entry::Unmarked);
        assert_eq!((opened.state, opened.source, opened.keep_address), (qd("530"), Source::Own, true));
        let problem = opened.problem.unwrap();
        assert!(problem.contains("newer PhotoCalc") && problem.ends_with("Your saved work opened instead."), "{problem}");
        let opened = open::<QdState>("#/qd?v=1&material=Unobtainium", None, Entry::Unmarked);
        assert_eq!(opened.state, QdState::default());
        assert!(opened.problem.unwrap().ends_with("default values instead."));
        // A link over the link limit is refused, though saved work may be longer.
        let long = format!("#/qd?v=1&lambda=516&spectrum={}", "A".repeat(MAX_FRAGMENT_BYTES));
        assert!(open::<QdState>(&long, None, Entry::Unmarked).problem.unwrap().contains("bytes long"));
    }

    #[test]
    fn unreadable_saved_work_is_put_aside_not_overwritten() {
        let newer = "#/qd?v=7&lambda=516";
        let opened = open::<QdState>("#/qd", Some(newer), Entry::Unmarked);
        assert_eq!(opened.state, QdState::default());
        assert!(opened.problem.unwrap().contains("kept aside"));
        assert!(must_put_aside::<QdState>(Some(newer)));
        assert!(!must_put_aside::<QdState>(Some(&encode(&qd("530")))));
        assert!(!must_put_aside::<QdState>(None));
    }

    #[test]
    fn a_calculation_too_long_for_a_link_gets_a_short_link_that_opens_the_saved_work() {
        let long = format!("#/qd?v=1&lambda={}", "5".repeat(MAX_FRAGMENT_BYTES));
        let Address::Kept { short, bytes } = address_for("qd", long.clone()) else { panic!("must not fit") };
        assert_eq!(bytes, long.len());
        assert_eq!(short, "#/qd?v=1&kept=1");
        let saved = encode(&qd("530"));
        assert_eq!(open::<QdState>(&short, Some(&saved), Entry::Unmarked).state, qd("530"));
        assert!(open::<QdState>(&short, None, Entry::Unmarked).problem.unwrap().contains("too large for a link"));
        assert_eq!(address_for("qd", saved.clone()), Address::Link(saved));
    }

    #[test]
    fn another_tabs_write_is_noticed() {
        assert!(may_overwrite(Some("a"), Some("a")));
        assert!(may_overwrite(None, None));
        assert!(!may_overwrite(Some("a"), Some("b")));
        assert!(!may_overwrite(None, Some("b")));
    }

    #[test]
    fn undo_and_redo_walk_the_whole_calculation_changes() {
        let mut undo = Undo::default();
        undo.record(qd("1"), "Example loaded");
        undo.record(qd("2"), "Cleared");
        assert_eq!(undo.next_undo(), Some("Cleared"));
        assert_eq!(undo.undo(qd("3")), Some((qd("2"), "Cleared".to_string())));
        assert_eq!(undo.redo(qd("2")), Some((qd("3"), "Cleared".to_string())));
        assert_eq!(undo.undo(qd("3")).unwrap().0, qd("2"));
        assert_eq!(undo.undo(qd("2")).unwrap().0, qd("1"));
        assert_eq!(undo.undo(qd("1")), None);
        // A new change forgets what was undone.
        undo.record(qd("1"), "Cleared");
        assert_eq!(undo.next_redo(), None);
        for i in 0..2 * UNDO_DEPTH {
            undo.record(qd(&i.to_string()), "Cleared");
        }
        assert_eq!(undo.done.len(), UNDO_DEPTH);
    }
}
