//! The app state and its URL codec: pure values and functions, shared by the page and the
//! command line, so that a share link means the same thing in both.

pub mod calculator;
pub mod codec;
pub mod number;
pub mod qd;
pub mod quench;
pub mod session;
pub mod table;

pub use calculator::{Calculator, Info, Visitor};
use codec::{join_fragment, split_fragment, LinkError};
pub use qd::QdState;
pub use quench::QuenchState;

/// The calculators, one line each. This list drives the routes, the navigation bar, the home
/// page, link forwarding between pages, the command line's `eval` and `link`, and (through
/// each calculator's `Info::page`, checked by a test) the build of the pages.
macro_rules! calculators {
    ($($state:ty),* $(,)?) => {
        /// Every calculator, in the order of the navigation bar and the home page.
        pub const CALCULATORS: &[&Info] = &[$(<$state as Calculator>::INFO),*];

        /// Runs `visitor` with the calculator named `slug`; `None` when no calculator has that
        /// name. Only the command line calls it, so a page's module does not hold the others.
        pub fn visit<V: Visitor>(slug: &str, visitor: V) -> Option<V::Output> {
            $(if slug == <$state as Calculator>::INFO.slug {
                return Some(visitor.visit::<$state>());
            })*
            None
        }
    };
}

calculators!(QdState, QuenchState);

/// Calculators being built: the home page lists them as in development.
pub const IN_DEVELOPMENT: &[(&str, &str)] = &[
    ("Gas evolution", "TON, TOF, quantum yield and solar-to-hydrogen efficiency."),
    ("Photoelectrochemistry", "Potential scales, J–V curves and the bias-free operating point."),
];

/// The calculator a fragment names (`#/qd…`), whether or not the rest of it is valid.
pub fn calculator_of(fragment: &str) -> Option<&'static Info> {
    let path = fragment.trim_start_matches(['#', '/']);
    let path = path.split(['?', '/']).next().unwrap_or("");
    CALCULATORS.iter().copied().find(|info| info.slug == path)
}

/// Version of the share-link format this build writes. Links of every version up to this
/// one must keep opening (see `tests/link_corpus.rs`).
pub const LINK_VERSION: u32 = 1;

/// Which page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Home,
    Qd,
    Quench,
}

impl Route {
    pub fn path(self) -> &'static str {
        match self {
            Route::Home => "",
            Route::Qd => "qd",
            Route::Quench => "quench",
        }
    }
}

/// Everything a share link can hold.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub route: Route,
    pub qd: QdState,
    pub quench: QuenchState,
}

impl Default for AppState {
    fn default() -> Self {
        AppState { route: Route::Home, qd: QdState::default(), quench: QuenchState::default() }
    }
}

impl Route {
    /// The route a fragment names (`#/qd…` → Qd), whether or not the rest of it is valid.
    pub fn of(fragment: &str) -> Route {
        let path = fragment.trim_start_matches(['#', '/']);
        let path = path.split(['?', '/']).next().unwrap_or("");
        match path {
            "qd" => Route::Qd,
            "quench" => Route::Quench,
            _ => Route::Home,
        }
    }
}

/// The share-link fragment (`#/qd?v=1&…`) for a calculator's state.
pub fn encode_qd(state: &QdState) -> String {
    encode_qd_with_table(state, state.spectrum.as_ref().map(qd::encode_spectrum).as_deref())
}

/// Like [`encode_qd`], with the spectrum's table already encoded (`qd::encode_spectrum`).
pub fn encode_qd_with_table(state: &QdState, spectrum_table: Option<&str>) -> String {
    let mut pairs = vec![("v", LINK_VERSION.to_string())];
    pairs.extend(state.scalar_pairs());
    if let Some(table) = spectrum_table {
        pairs.push(("spectrum", table.to_string()));
    }
    join_fragment(Route::Qd.path(), &pairs)
}

/// The share-link fragment (`#/quench?v=1&…`) for the quenching calculator's state.
pub fn encode_quench(state: &QuenchState) -> String {
    let mut pairs = vec![("v", LINK_VERSION.to_string())];
    pairs.extend(state.to_pairs());
    join_fragment(Route::Quench.path(), &pairs)
}

/// Reads a link (a fragment, or a whole URL with one). An empty fragment is the home page.
pub fn decode(link: &str) -> Result<AppState, LinkError> {
    let (route, pairs) = split_fragment(link)?;
    if let Some((_, v)) = pairs.iter().find(|(k, _)| k == "v") {
        let version: u32 = v.trim().parse().map_err(|_| LinkError::BadVersion(v.chars().take(20).collect()))?;
        if version > LINK_VERSION {
            return Err(LinkError::NewerVersion(version, LINK_VERSION));
        }
    }
    match route.as_str() {
        "" => Ok(AppState::default()),
        // A page of the site built without a calculator's feature never shows it: it only
        // forwards the link, fragment and all, to the page that does, so it need not read it.
        #[cfg(feature = "qd")]
        "qd" => Ok(AppState { route: Route::Qd, qd: QdState::from_pairs(&pairs)?, ..AppState::default() }),
        #[cfg(feature = "quench")]
        "quench" => Ok(AppState { route: Route::Quench, quench: QuenchState::from_pairs(&pairs)?, ..AppState::default() }),
        #[cfg(not(feature = "qd"))]
        "qd" => Ok(AppState { route: Route::Qd, ..AppState::default() }),
        #[cfg(not(feature = "quench"))]
        "quench" => Ok(AppState { route: Route::Quench, ..AppState::default() }),
        other => Err(LinkError::UnknownRoute(other.chars().take(40).collect())),
    }
}
