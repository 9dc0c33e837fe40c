//! gas.html: gas evolution.
photocalc::page!(photocalc::state::GasState);
