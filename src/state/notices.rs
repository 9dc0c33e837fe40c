//! The page frame's changing parts as markup: the navigation, the share link, and the notices
//! (a broken link, a shared calculation, another tab's change, storage that refuses to save,
//! the undo bar). They are written as escaped strings (as the quenching results are), which
//! costs the page far less code than a tree of components; their buttons carry a
//! `data-action` that one click handler reads.

use super::codec::MAX_FRAGMENT_BYTES;
use crate::science::format::escape_markup as escape;
use super::CALCULATORS;

/// Where "Copy link" stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Share {
    Idle,
    /// Copied: the link is shown too.
    Copied(String),
    /// The clipboard could not be written: the link is shown selected, to copy by hand.
    ByHand(String),
    /// The calculation is too long for a link (its length in bytes).
    TooLong(usize),
}

impl Share {
    /// The "Copy link" button, the share link's field and its message, as markup.
    pub fn html(&self) -> String {
        let (link, message) = match self {
            Share::Idle => (None, String::new()),
            Share::Copied(link) => (Some(link), String::new()),
            Share::ByHand(link) => (Some(link), "This browser did not let the page use the clipboard: the link is selected above, copy it with Ctrl+C (⌘C).".to_string()),
            Share::TooLong(bytes) => (None, format!(
                "This calculation is {} kB as a link, more than the {} kB a link can hold (its table is long). It is saved in this browser; to share it, send the data itself.",
                bytes.div_ceil(1000),
                MAX_FRAGMENT_BYTES / 1000
            )),
        };
        let mut out = String::new();
        button(&mut out, Action::CopyLink, "", if matches!(self, Share::Copied(_)) { "Link copied" } else { "Copy link" }, "");
        if let Some(link) = link {
            out.push_str(&format!("<input class=\"share-link\" id=\"share-link\" readonly aria-label=\"Share link\" value=\"{}\">", escape(link)));
        }
        if !message.is_empty() {
            out.push_str(&format!("<p class=\"share-message\" id=\"share-message\" role=\"status\">{message}</p>"));
        }
        out
    }
}

/// The navigation bar's links, seen from page `here` (`index.html`), the calculator shown
/// marked as the current page.
pub fn nav_html(here: &str, current: Option<&str>) -> String {
    let mut out = String::new();
    for info in CALCULATORS {
        let mark = if current == Some(info.slug) { " class=\"active\" aria-current=\"page\"" } else { "" };
        out.push_str(&format!("<a href=\"{}\"{mark}>{}</a>", info.href_from(here), escape(info.nav)));
    }
    out
}

/// What the notices show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notices {
    /// A broken link's or an unreadable saved work's problem.
    pub problem: Option<String>,
    /// A shared calculation is shown; the user's own work is kept apart.
    pub shared: bool,
    /// Another tab changed the saved work; saving here is paused.
    pub conflict: bool,
    /// This browser's storage refused to save.
    pub not_saved: bool,
    /// The undo bar: the last change of the whole calculation, and whether it can be undone
    /// and redone.
    pub undo: Option<UndoBar>,
}

/// The undo bar's content.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoBar {
    /// "Example loaded." or "Undone: Example loaded."
    pub message: String,
    pub can_undo: bool,
    pub can_redo: bool,
}

/// The actions of the notices' buttons, by their `data-action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    DismissProblem,
    OpenOwnWork,
    KeepShared,
    LoadOtherTab,
    KeepThisTab,
    Undo,
    Redo,
    DismissUndo,
    CopyLink,
}

impl Action {
    const ALL: [Action; 9] = [
        Action::DismissProblem,
        Action::OpenOwnWork,
        Action::KeepShared,
        Action::LoadOtherTab,
        Action::KeepThisTab,
        Action::Undo,
        Action::Redo,
        Action::DismissUndo,
        Action::CopyLink,
    ];

    /// Its name in `data-action` (and the button's id).
    pub fn name(self) -> &'static str {
        match self {
            Action::DismissProblem => "dismiss-problem",
            Action::OpenOwnWork => "open-own-work",
            Action::KeepShared => "keep-shared",
            Action::LoadOtherTab => "load-other-tab",
            Action::KeepThisTab => "keep-this-tab",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::DismissUndo => "dismiss-undo",
            Action::CopyLink => "copy-link",
        }
    }

    /// The action a button's `data-action` names.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}

fn button(out: &mut String, action: Action, class: &str, label: &str, title: &str) {
    out.push_str(&format!(
        "<button type=\"button\" class=\"{class}\" id=\"{0}\" data-action=\"{0}\"{1}>{label}</button>",
        action.name(),
        if title.is_empty() { String::new() } else { format!(" title=\"{title}\" aria-label=\"{title}\"") }
    ));
}

impl Notices {
    /// The notices above the calculator, as markup.
    pub fn banners_html(&self) -> String {
        let mut out = String::new();
        if let Some(problem) = &self.problem {
            out.push_str(&format!("<div class=\"alert error banner\" role=\"alert\" id=\"link-problem\"><span>{}</span>", escape(problem)));
            button(&mut out, Action::DismissProblem, "secondary", "×", "Dismiss");
            out.push_str("</div>");
        }
        if self.shared {
            out.push_str("<div class=\"alert info banner\" role=\"status\" id=\"shared-banner\"><span>You opened a shared calculation. Your own work on this calculator is kept in this browser, unchanged: changes here stay in this page’s address until you make this calculation your work.</span><span class=\"banner-actions\">");
            button(&mut out, Action::OpenOwnWork, "secondary", "Open my work", "");
            button(&mut out, Action::KeepShared, "", "Make this my work", "");
            out.push_str("</span></div>");
        }
        if self.conflict {
            out.push_str("<div class=\"alert warning banner\" role=\"alert\" id=\"tab-conflict\"><span>This calculator was also changed in another tab. Saving here is paused, so that neither version is lost.</span><span class=\"banner-actions\">");
            button(&mut out, Action::LoadOtherTab, "secondary", "Show the other tab’s version", "");
            button(&mut out, Action::KeepThisTab, "", "Keep this tab’s version", "");
            out.push_str("</span></div>");
        }
        if self.not_saved {
            out.push_str("<div class=\"alert warning\" role=\"alert\" id=\"not-saved\">Your work is not being saved in this browser: its storage is full or turned off. The address bar still holds this calculation: bookmark it or copy the link.</div>");
        }
        out
    }

    /// The undo bar, as markup (empty when there is nothing to undo or redo); the page shows
    /// it fixed at the bottom of the window.
    pub fn undo_html(&self) -> String {
        let Some(bar) = &self.undo else { return String::new() };
        let mut out = format!("<div class=\"undo-bar\" role=\"status\" id=\"undo-bar\"><span id=\"undo-message\">{}</span>", escape(&bar.message));
        if bar.can_undo {
            button(&mut out, Action::Undo, "secondary", "Undo", "Undo (Ctrl+Z)");
        }
        if bar.can_redo {
            button(&mut out, Action::Redo, "secondary", "Redo", "Redo (Ctrl+Shift+Z)");
        }
        button(&mut out, Action::DismissUndo, "icon", "×", "Dismiss");
        out.push_str("</div>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_navigation_marks_the_calculator_shown_and_links_across_pages() {
        let nav = nav_html("index.html", Some("qd"));
        assert!(nav.contains("<a href=\"#/qd\" class=\"active\" aria-current=\"page\">QD sizing</a>"), "{nav}");
        assert!(nav.contains("<a href=\"quench.html#/quench\">Quenching</a>"), "{nav}");
        let from_quench = nav_html("quench.html", Some("quench"));
        assert!(from_quench.contains("href=\"./#/qd\"") && from_quench.contains("href=\"#/quench\" class=\"active\""), "{from_quench}");
    }

    #[test]
    fn the_share_link_is_shown_escaped_and_the_reasons_are_said() {
        assert_eq!(Share::Idle.html(), "<button type=\"button\" class=\"\" id=\"copy-link\" data-action=\"copy-link\">Copy link</button>");
        let copied = Share::Copied("https://x.org/#/qd?v=1&A=\"1\"".into()).html();
        assert!(copied.contains("value=\"https://x.org/#/qd?v=1&amp;A=&quot;1&quot;\"") && !copied.contains("share-message"), "{copied}");
        assert!(copied.contains(">Link copied</button>"), "{copied}");
        assert!(Share::ByHand("l".into()).html().contains("Ctrl+C"));
        let long = Share::TooLong(266_001).html();
        assert!(long.contains("267 kB as a link, more than the 200 kB") && !long.contains("<input") && long.contains(">Copy link<"), "{long}");
    }

    #[test]
    fn every_notice_has_its_id_and_buttons_and_quoted_text_is_escaped() {
        let notices = Notices {
            problem: Some("The link has an unknown material \"<script>alert(1)</script>\".".into()),
            shared: true,
            conflict: true,
            not_saved: true,
            undo: Some(UndoBar { message: "Example loaded.".into(), can_undo: true, can_redo: false }),
        };
        let html = notices.banners_html();
        for id in ["link-problem", "shared-banner", "tab-conflict", "not-saved", "open-own-work", "keep-shared", "load-other-tab", "keep-this-tab", "dismiss-problem"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id} missing");
        }
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
        let bar = notices.undo_html();
        assert!(bar.contains("data-action=\"undo\"") && !bar.contains("data-action=\"redo\"") && bar.contains("Example loaded."));
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
        assert_eq!(Notices::default().banners_html(), "");
        assert_eq!(Notices::default().undo_html(), "");
    }
}
