//! What makes a calculator: its entry in the site's list ([`Info`]) and its state's contract
//! ([`Calculator`]): link keys both ways, an example, and the report the command line prints.
//! The page (routing, saving, undo, share links) and the command line (`eval`, `link`) are
//! written once against this trait; a calculator only fills it in.

use serde_json::Value;

use super::codec::{join_fragment, split_fragment, LinkError};
use super::LINK_VERSION;

/// What the site knows about a calculator without its code: enough for the home page, the
/// navigation, link forwarding between pages and the page build.
#[derive(Debug, PartialEq, Eq)]
pub struct Info {
    /// The route (`#/qd`), the key of its saved work, and `calculator` in state files.
    pub slug: &'static str,
    /// The page of the site whose module holds it (`index.html`, `quench.html`); a link to it
    /// from another page forwards there, fragment and all.
    pub page: &'static str,
    /// Its name in the navigation bar.
    pub nav: &'static str,
    /// Its name on the home page and in the page title.
    pub title: &'static str,
    /// One sentence for the home page.
    pub summary: &'static str,
}

impl Info {
    /// A link to it from page `here` (`index.html`): its fragment alone on its own page, else
    /// its page and fragment.
    pub fn href_from(&self, here: &str) -> String {
        if self.page == here {
            format!("#/{}", self.slug)
        } else {
            format!("{}#/{}", self.page_href(), self.slug)
        }
    }

    /// The address of its page relative to any page of the site (`./` for `index.html`).
    pub fn page_href(&self) -> &'static str {
        if self.page == HOME_PAGE {
            "./"
        } else {
            self.page
        }
    }
}

/// The page that holds the home page.
pub const HOME_PAGE: &str = "index.html";

/// A calculator's typed state and what the shared machinery needs of it. The state is the text
/// the user typed (the source of truth); parsing and computing happen in its own methods.
pub trait Calculator: Clone + PartialEq + Default + Send + Sync + 'static {
    /// Its entry in the list of calculators.
    const INFO: &'static Info;

    /// Builds a state from a link's decoded pairs (without `v`). Unknown keys are ignored, so
    /// that links from later versions with extra settings still open; known keys with bad
    /// values are errors.
    fn from_pairs(pairs: &[(String, String)]) -> Result<Self, LinkError>;

    /// The link's key-value pairs, in a stable order.
    fn to_pairs(&self) -> Vec<(&'static str, String)>;

    /// The worked example "Load example" opens.
    fn example() -> Self;

    /// The calculation as JSON for `photocalc eval`: `calculator`, `inputs`, `outputs` (units
    /// in the key names), `warnings`; `Err` is a one-line message for bad input.
    fn report(&self) -> Result<Value, String>;

    /// The calculation as one CSV table (`photocalc eval --csv`, the page's download), for
    /// calculators that fit: `None` for the others.
    fn report_csv(&self) -> Option<Result<String, String>> {
        None
    }

    /// A state file's value for `key` given as JSON other than a number or a string (a table
    /// as a list of rows), as the link's text; `None` for keys the calculator takes as text.
    fn link_value_from_json(key: &str, value: &Value) -> Option<Result<String, String>> {
        let _ = (key, value);
        None
    }

    /// A state file's value for `key` as the link's pairs: one pair from
    /// [`Calculator::link_value_from_json`] unless the calculator spreads an object over several
    /// keys (the photoelectrochemistry page's `"anode": {"curve", "area_cm2", "scale"}`).
    fn pairs_from_json(key: &str, value: &Value) -> Option<Result<Vec<(String, String)>, String>> {
        Self::link_value_from_json(key, value).map(|text| text.map(|t| vec![(key.to_string(), t)]))
    }
}

/// The share-link fragment (`#/qd?v=1&…`) of a state.
pub fn encode<C: Calculator>(state: &C) -> String {
    let mut pairs = vec![("v", LINK_VERSION.to_string())];
    pairs.extend(state.to_pairs());
    join_fragment(C::INFO.slug, &pairs)
}

/// Reads a link to calculator `C` (a fragment, or a whole URL with one).
pub fn decode<C: Calculator>(link: &str) -> Result<C, LinkError> {
    let (route, pairs) = split_fragment(link)?;
    if route != C::INFO.slug {
        return Err(LinkError::UnknownRoute(route.chars().take(40).collect()));
    }
    check_version(&pairs)?;
    C::from_pairs(&pairs)
}

/// Refuses links from a newer format than this build reads.
pub fn check_version(pairs: &[(String, String)]) -> Result<(), LinkError> {
    if let Some((_, v)) = pairs.iter().find(|(k, _)| k == "v") {
        let version: u32 = v.trim().parse().map_err(|_| LinkError::BadVersion(v.chars().take(20).collect()))?;
        if version > LINK_VERSION {
            return Err(LinkError::NewerVersion(version, LINK_VERSION));
        }
    }
    Ok(())
}

/// Whether a fragment carries a calculation (`#/qd?…`) or only names a page (`#/qd`).
pub fn carries_state(fragment: &str) -> bool {
    fragment.contains('?')
}

/// Something to do with whichever calculator a slug names, without knowing its type: the
/// command line's `eval` and `link` are visitors (see [`super::visit`]).
pub trait Visitor {
    type Output;
    fn visit<C: Calculator>(self) -> Self::Output;
}
