//! pec.html: photoelectrochemistry.
photocalc::page!(photocalc::state::PecState);
