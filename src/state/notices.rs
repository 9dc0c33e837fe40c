//! The page frame's notices as markup: a broken link, a shared calculation, another tab's
//! change, storage that refuses to save, and the undo bar. They are written as one escaped
//! string (as the quenching results are), which costs the page far less code than a tree of
//! components; their buttons carry a `data-action` that one click handler reads.

use super::html::escape;

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
}

impl Action {
    const ALL: [Action; 8] = [
        Action::DismissProblem,
        Action::OpenOwnWork,
        Action::KeepShared,
        Action::LoadOtherTab,
        Action::KeepThisTab,
        Action::Undo,
        Action::Redo,
        Action::DismissUndo,
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

    /// The undo bar, as markup (empty when there is nothing to undo or redo).
    pub fn undo_html(&self) -> String {
        let Some(bar) = &self.undo else { return String::new() };
        let mut out = format!("<span id=\"undo-message\">{}</span>", escape(&bar.message));
        if bar.can_undo {
            button(&mut out, Action::Undo, "secondary", "Undo", "Undo (Ctrl+Z)");
        }
        if bar.can_redo {
            button(&mut out, Action::Redo, "secondary", "Redo", "Redo (Ctrl+Shift+Z)");
        }
        button(&mut out, Action::DismissUndo, "icon", "×", "Dismiss");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
