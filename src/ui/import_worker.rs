//! Files read in a web worker (issue 11), so that a 50 MB potentiostat export does not freeze
//! the page, and so that no page's download carries the file readers: the worker (its own
//! wasm module, `src/bin/import-worker.rs`, fetched when a file input is first used) reads
//! the file in slices, saying how far it has come, reads it by content (a potentiostat file
//! with `science::pec::import`, a UV-vis spectrum with `state::qd::import::read_spectrum`),
//! and sends the result back as bytes (`science::wire`), moved rather than copied.
//!
//! Both ends are here: [`serve`] is the worker's `main`, [`ImportWorker`] the page's handle.
//! Messages from the page: `{file, reader, potential, current, series}` (a `Blob`, which
//! reader, and the columns or series chosen), sent once the worker has said `{ready: true}`.
//! From the worker, for each file: `{read, of}` (bytes so far) after each slice,
//! `{parsing: true}`, then one of `{result}` (the bytes of the reader's encoding), `{error}`
//! (the reader's sentence) or `{unknown: true}` (none of the formats).

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent, Worker};

use crate::science::pec::import::{read_with, wire, Columns, Recording};
use crate::state::qd::import::{read_spectrum, ReadSpectrum};

/// Bytes read from the file between two reports of progress; a file up to twice this is read
/// in one go (too quick for a bar to say anything).
const SLICE_BYTES: f64 = 2e6;

/// The worker's loader when the build did not name it (`trunk serve`): Trunk's unhashed name.
const DEFAULT_WORKER_URL: &str = "import-worker_loader.js";

/// Field names of the messages.
const FILE: &str = "file";
const READER: &str = "reader";
const SERIES: &str = "series";
const POTENTIAL: &str = "potential";
const CURRENT: &str = "current";
const READ: &str = "read";
const OF: &str = "of";
const PARSING: &str = "parsing";
const RESULT: &str = "result";
const ERROR: &str = "error";
const UNKNOWN: &str = "unknown";
const READY: &str = "ready";

fn field(message: &JsValue, name: &str) -> JsValue {
    Reflect::get(message, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn message(fields: &[(&str, &JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

/// The worker's `main`: answers each file the page sends.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let request = match field(&data, READER).as_string().as_deref() {
            Some(SPECTRUM) => Request::Spectrum { series: field(&data, SERIES).as_f64().unwrap_or(0.0) as usize },
            _ => Request::Potentiostat(Columns { potential: field(&data, POTENTIAL).as_string(), current: field(&data, CURRENT).as_string() }),
        };
        let answer = match field(&data, FILE).dyn_into::<Blob>() {
            Ok(file) => read_file(&replies, &file, &request),
            Err(_) => message(&[(ERROR, &"No file was sent to the reader.".into())]),
        };
        match Reflect::get(&answer, &RESULT.into()).ok().and_then(|r| r.dyn_into::<Uint8Array>().ok()) {
            // The result's bytes move to the page without a copy.
            Some(bytes) => {
                let _ = replies.post_message_with_transfer(&answer, &js_sys::Array::of1(&bytes.buffer()));
            }
            None => {
                let _ = replies.post_message(&answer);
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // A message sent before the handler was set (while the module loaded) was dropped: the
    // page waits for this one before it sends the file.
    let _ = scope.post_message(&message(&[(READY, &true.into())]));
}

/// Reads `file` slice by slice, reporting progress, then by content: the final message.
fn read_file(replies: &DedicatedWorkerGlobalScope, file: &Blob, request: &Request) -> Object {
    let total = file.size();
    let Ok(reader) = FileReaderSync::new() else {
        return message(&[(ERROR, &"This browser cannot read files in the background.".into())]);
    };
    let mut bytes = Vec::with_capacity(total as usize);
    let mut start = 0.0;
    while start < total {
        let end = if total <= 2.0 * SLICE_BYTES { total } else { (start + SLICE_BYTES).min(total) };
        let slice = file.slice_with_f64_and_f64(start, end).and_then(|s| reader.read_as_array_buffer(&s));
        let Ok(buffer) = slice else {
            return message(&[(ERROR, &"The file could not be read: the browser refused it (was it moved or deleted?).".into())]);
        };
        let chunk = Uint8Array::new(&buffer);
        let at = bytes.len();
        bytes.resize(at + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[at..]);
        start = end;
        let _ = replies.post_message(&message(&[(READ, &start.into()), (OF, &total.into())]));
    }
    let _ = replies.post_message(&message(&[(PARSING, &true.into())]));
    let result = match request {
        Request::Potentiostat(columns) => match read_with(&bytes, columns) {
            None => return message(&[(UNKNOWN, &true.into())]),
            Some(read) => read.map(|recording| wire::encode(&recording)).map_err(|e| e.to_string()),
        },
        // As `File.text()` reads it: UTF-8, a byte that is none made U+FFFD.
        Request::Spectrum { series } => read_spectrum(&String::from_utf8_lossy(&bytes), *series).map(|read| read.encode()),
    };
    drop(bytes);
    match result {
        Ok(encoded) => message(&[(RESULT, &Uint8Array::from(encoded.as_slice()).into())]),
        Err(e) => message(&[(ERROR, &e.into())]),
    }
}

/// Which reader a file goes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// A potentiostat file, with the columns chosen (`None`: the reader's pick).
    Potentiostat(Columns),
    /// A UV-vis spectrum, with the series chosen.
    Spectrum { series: usize },
}

/// The `reader` of a spectrum request (a potentiostat file otherwise).
const SPECTRUM: &str = "spectrum";

/// A result the worker sends as bytes, told back on the page.
pub trait FromWorker: Sized {
    fn from_bytes(bytes: &[u8]) -> Option<Self>;
}

impl FromWorker for Recording {
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        wire::decode(bytes)
    }
}

impl FromWorker for ReadSpectrum {
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        ReadSpectrum::decode(bytes)
    }
}

/// How far the worker has come with a file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress {
    /// Bytes of the file read so far, of its size.
    Reading { done: f64, total: f64 },
    /// All read; the numbers are being read by content.
    Parsing,
}

/// What the worker made of a file.
pub enum Answer<T> {
    Read(T),
    /// The reader's sentence for a file of a known format it could not read.
    Failed(String),
    /// None of the formats read here.
    Unknown,
}

/// The page's handle on the worker: started when a file input is first used ([`prepare`],
/// so it loads while the user chooses the file) or with the first file, kept for the next,
/// ended by [`ImportWorker::cancel`] (a new one starts with the next file).
///
/// [`prepare`]: ImportWorker::prepare
#[derive(Default)]
pub struct ImportWorker {
    worker: Option<Worker>,
    /// The handlers of the file being read, or last read (or of the worker's start): its
    /// messages and a failure to load.
    on_message: Option<Closure<dyn Fn(MessageEvent)>>,
    on_error: Option<Closure<dyn Fn(web_sys::Event)>>,
    /// Whether the worker has said it is ready (a file is then sent at once).
    ready: Rc<Cell<bool>>,
    /// Whether a file is being read (a new one then ends the worker and starts another).
    busy: Rc<Cell<bool>>,
    /// Whether the worker failed to load (the next file starts another).
    broken: Rc<Cell<bool>>,
}

impl ImportWorker {
    /// Starts the worker if none runs, so that its module is loaded and compiled before a
    /// file comes.
    pub fn prepare(&mut self) {
        if self.worker.is_none() || self.broken.get() {
            if let Some(worker) = self.start() {
                let ready = self.ready.clone();
                let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                    if field(&event.data(), READY).is_truthy() {
                        ready.set(true);
                    }
                });
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                self.on_message = Some(on_message);
            }
        }
    }

    /// A new worker in place of any other.
    fn start(&mut self) -> Option<Worker> {
        self.cancel();
        self.broken.set(false);
        let worker = Worker::new(&worker_url()).ok()?;
        self.worker = Some(worker.clone());
        Some(worker)
    }

    /// Sends `file` to the reader `request` names; `on_progress` hears how far it has come
    /// and `on_answer` the outcome, once. A file still being read is abandoned first.
    pub fn read<T: FromWorker + 'static>(&mut self, file: &Blob, request: &Request, on_progress: impl Fn(Progress) + 'static, on_answer: impl Fn(Answer<T>) + 'static) {
        let worker = match self.worker.clone() {
            Some(worker) if !self.busy.get() && !self.broken.get() => worker,
            _ => match self.start() {
                Some(worker) => worker,
                None => return on_answer(Answer::Failed("The background file reader could not be started; the table is as it was.".into())),
            },
        };
        let text = |t: &Option<String>| t.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL);
        let request = match request {
            Request::Potentiostat(columns) => message(&[(FILE, file.as_ref()), (POTENTIAL, &text(&columns.potential)), (CURRENT, &text(&columns.current))]),
            Request::Spectrum { series } => message(&[(FILE, file.as_ref()), (READER, &SPECTRUM.into()), (SERIES, &(*series as f64).into())]),
        };
        let busy = self.busy.clone();
        busy.set(true);
        // Said once: the busy flag drops with the answer.
        let on_answer = Rc::new(move |answer: Answer<T>| {
            if busy.replace(false) {
                on_answer(answer);
            }
        });
        let answered = on_answer.clone();
        let (sender, pending, ready) = (worker.clone(), request.clone(), self.ready.clone());
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if field(&data, READY).is_truthy() {
                ready.set(true);
                let _ = sender.post_message(&pending);
            } else if let Some(done) = field(&data, READ).as_f64() {
                on_progress(Progress::Reading { done, total: field(&data, OF).as_f64().unwrap_or(done) });
            } else if field(&data, PARSING).is_truthy() {
                on_progress(Progress::Parsing);
            } else if let Ok(bytes) = field(&data, RESULT).dyn_into::<Uint8Array>() {
                answered(match T::from_bytes(&bytes.to_vec()) {
                    Some(result) => Answer::Read(result),
                    None => Answer::Failed("The background file reader sent back something unreadable: reload the page.".into()),
                });
            } else if let Some(error) = field(&data, ERROR).as_string() {
                answered(Answer::Failed(error));
            } else {
                answered(Answer::Unknown);
            }
        });
        // The worker's script or module could not load (a host that does not serve it), or it
        // stopped (out of memory on a huge file).
        let broken = self.broken.clone();
        let url = worker_url();
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            broken.set(true);
            on_answer(Answer::Failed(format!("The background file reader ({url}) could not be loaded, or stopped; the table is as it was.")));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // A worker that is ready takes the file now; a new one says when it is.
        if self.ready.get() {
            let _ = worker.post_message(&request);
        }
        self.on_message = Some(on_message);
        self.on_error = Some(on_error);
    }

    /// Stops reading the file: nothing more is heard of it, and the worker ends.
    pub fn cancel(&mut self) {
        if let Some(worker) = self.worker.take() {
            worker.terminate();
        }
        self.busy.set(false);
        self.ready.set(false);
    }
}

/// The worker's loader, named in the page by the build (`<meta name="photocalc-import-worker">`,
/// a name with the hash of its content, so a new version is never mixed with an old one).
fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=photocalc-import-worker]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_else(|| DEFAULT_WORKER_URL.to_string())
}
