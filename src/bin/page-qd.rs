//! index.html: the home page and quantum-dot sizing.
photocalc::page!(photocalc::state::QdState);
