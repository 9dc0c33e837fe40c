//! quench.html: quenching and binding fits.
photocalc::page!(photocalc::state::QuenchState);
