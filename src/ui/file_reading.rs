//! A file read in the background, as the page shows it: a page's [`FileReading`] (its worker,
//! and the file being read with how far it has come) and the [`FileProgress`] bar with its
//! Cancel button. The pages with file inputs (QD's spectrum, PEC's potentiostat files) use
//! both; `import_worker` is the worker itself.

use leptos::prelude::*;

use super::import_worker::{Answer, FromWorker, ImportWorker, Progress, Request};

/// A page's file reader.
#[derive(Clone, Copy)]
pub struct FileReading {
    worker: StoredValue<ImportWorker, LocalStorage>,
    /// The file being read, by name, and how far it has come; `None` when none is.
    pub reading: RwSignal<Option<(String, Progress)>>,
}

impl FileReading {
    pub fn new() -> Self {
        FileReading { worker: StoredValue::new_local(ImportWorker::default()), reading: RwSignal::new(None) }
    }

    /// Reads `file` (called `name` on the page) with the reader `request` names; `on_answer`
    /// gets the outcome, after the bar is gone. A file still being read is abandoned.
    pub fn read<T: FromWorker + 'static>(self, name: String, file: &web_sys::Blob, request: &Request, on_answer: impl Fn(Answer<T>) + 'static) {
        let reading = self.reading;
        reading.set(Some((name.clone(), Progress::Reading { done: 0.0, total: file.size() })));
        self.worker.update_value(|w| {
            w.read(
                file,
                request,
                move |p| reading.set(Some((name.clone(), p))),
                move |answer| {
                    reading.set(None);
                    on_answer(answer);
                },
            );
        });
    }

    /// Starts the worker, so that it loads while the user chooses a file (on the file
    /// input's focus or press).
    pub fn prepare(self) {
        self.worker.update_value(ImportWorker::prepare);
    }

    /// Stops reading: the name of the file that was being read, if one was.
    pub fn cancel(self) -> Option<String> {
        self.worker.update_value(ImportWorker::cancel);
        let name = self.reading.get_untracked().map(|(name, _)| name);
        self.reading.set(None);
        name
    }
}

impl Default for FileReading {
    fn default() -> Self {
        Self::new()
    }
}

/// What is being read and how far (a bar without a value while the numbers are read: it
/// then says "busy", not how far), with a Cancel button; hidden when nothing is read.
#[component]
pub fn FileProgress(
    /// Element id of the file input: the bar is `{id}-progress-bar`, the button `{id}-cancel`.
    id: String,
    /// The page's reader.
    reading: FileReading,
    /// What Cancel does after the reading is stopped, with the file's name.
    on_cancel: Callback<String>,
) -> impl IntoView {
    let bar_id = format!("{id}-progress-bar");
    let state = reading.reading;
    view! {
        <div class="import-progress" id=format!("{id}-progress") hidden=move || state.with(Option::is_none)>
            <label for=bar_id.clone()>{move || state.with(|r| r.as_ref().map(|(name, p)| match p {
                Progress::Reading { done, total } if *total >= 1e6 => format!("Reading {name}: {:.1} of {:.1} MB", done / 1e6, total / 1e6),
                Progress::Reading { done, total } => format!("Reading {name}: {:.0} of {:.0} kB", done / 1e3, total / 1e3),
                Progress::Parsing => format!("Reading the numbers in {name}…"),
            }))}</label>
            <progress id=bar_id max="1" value=move || state.with(|r| match r {
                Some((_, Progress::Reading { done, total })) if *total > 0.0 => Some(format!("{:.3}", done / total)),
                _ => None,
            })></progress>
            <button type="button" class="secondary" id=format!("{id}-cancel") on:click=move |_| {
                if let Some(name) = reading.cancel() {
                    on_cancel.run(name);
                }
            }>"Cancel"</button>
        </div>
    }
}
