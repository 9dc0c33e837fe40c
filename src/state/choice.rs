//! Settings chosen from a fixed list (a unit, what was measured, a weighting): each is an enum
//! that a link names by a short ASCII slug and the page shows by a label.

/// A setting chosen from a fixed list.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    /// Every choice, in the order the page lists them.
    fn all() -> &'static [Self];
    /// Its name in links.
    fn slug(self) -> &'static str;
    /// Its name on the page.
    fn label(self) -> &'static str;

    /// The choice a link names; `None` for an unknown name.
    fn from_slug(slug: &str) -> Option<Self> {
        Self::all().iter().copied().find(|c| c.slug() == slug.trim())
    }
}

/// [`Choice`] for enums with an `ALL` array and inherent `slug` and `label` methods.
macro_rules! choices {
    ($($choice:ty),* $(,)?) => {$(
        impl $crate::state::choice::Choice for $choice {
            fn all() -> &'static [Self] {
                &Self::ALL
            }
            fn slug(self) -> &'static str {
                <$choice>::slug(self)
            }
            fn label(self) -> &'static str {
                <$choice>::label(self)
            }
        }
    )*};
}
pub(crate) use choices;
