//! The app state and its URL codec: pure values and functions, shared by the page and the
//! command line, so that a share link means the same thing in both.

pub mod calculator;
pub mod choice;
pub mod codec;
pub mod gas;
pub mod json;
pub mod notices;
pub mod number;
pub mod pec;
pub mod qd;
pub mod quench;
pub mod session;
pub mod table;

pub use calculator::{Calculator, Info, Visitor};
pub use gas::GasState;
pub use pec::PecState;
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

calculators!(QdState, QuenchState, GasState, PecState);



/// Version of the share-link format this build writes. Links of every version up to this
/// one must keep opening (see `tests/link_corpus.rs`).
pub const LINK_VERSION: u32 = 1;

/// The page a link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// No route (`#`, `#/`, or no fragment at all).
    Home,
    Calculator(&'static Info),
    /// A route that names no calculator (`#/nope`).
    Unknown,
}

/// The route of a link (a fragment, or a whole URL with one), whether or not the rest of it
/// is valid.
pub fn route_of(link: &str) -> Route {
    let fragment = link.split_once('#').map_or(if link.contains("://") { "" } else { link }, |(_, f)| f);
    let path = fragment.trim_start_matches('/').split(['?', '/']).next().unwrap_or("");
    if path.is_empty() {
        return Route::Home;
    }
    CALCULATORS.iter().find(|info| info.slug == path).map_or(Route::Unknown, |info| Route::Calculator(info))
}

/// The calculator a link names, if any.
pub fn calculator_of(link: &str) -> Option<&'static Info> {
    match route_of(link) {
        Route::Calculator(info) => Some(info),
        _ => None,
    }
}

/// The binary (`src/bin/<name>.rs`) that builds a calculator's page.
pub fn page_binary(info: &Info) -> String {
    format!("page-{}", info.slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_name_the_calculators_of_the_list() {
        for link in ["", "#", "#/", "https://example.org/app/#", "https://example.org/app/", "https://example.org/app/#/"] {
            assert_eq!(route_of(link), Route::Home, "{link:?}");
        }
        assert_eq!(route_of("#/qd?v=1&lambda=516"), Route::Calculator(&qd::INFO));
        assert_eq!(route_of("https://example.org/quench.html#/quench"), Route::Calculator(&quench::INFO));
        assert_eq!(route_of("#/nope?v=1"), Route::Unknown);
        assert_eq!(calculator_of("/qd"), Some(&qd::INFO));
    }

    #[test]
    fn every_calculator_is_listed_once_with_a_page_of_the_site() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (i, info) in CALCULATORS.iter().enumerate() {
            assert!(CALCULATORS[..i].iter().all(|other| other.slug != info.slug), "{} listed twice", info.slug);
            let page = std::fs::read_to_string(root.join(info.page)).unwrap_or_else(|e| panic!("{}: page {}: {e}", info.slug, info.page));
            // The page's module is the calculator's own binary (src/bin/), so that link-time
            // optimisation leaves out every other calculator.
            assert!(page.contains(&format!("data-bin=\"{}\"", page_binary(info))), "{} does not build {}", info.page, page_binary(info));
            assert!(root.join("src/bin").join(format!("{}.rs", page_binary(info))).is_file(), "src/bin/{}.rs is missing", page_binary(info));
        }
    }
}
