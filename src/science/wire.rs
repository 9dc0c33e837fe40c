//! Results as bytes, to cross from the web worker that reads files to the page: a transferred
//! `ArrayBuffer` moves without a copy, where a structured clone of a 300,000-row recording
//! would be millions of JavaScript numbers. Little-endian: a count is a u32; a string its byte
//! count and its UTF-8; a list its count and its items; a number 8 bytes. Both ends are built
//! from the same source, so a layout has no version. Each result's layout is written next to
//! its type (`pec::import::wire`, `state::qd::import`).

/// Bytes being written.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn byte(&mut self, b: u8) {
        self.0.push(b);
    }
    pub fn count(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u32).to_le_bytes());
    }
    pub fn text(&mut self, text: &str) {
        self.count(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }
    pub fn texts(&mut self, texts: &[String]) {
        self.count(texts.len());
        texts.iter().for_each(|t| self.text(t));
    }
    pub fn optional_text(&mut self, text: Option<&str>) {
        match text {
            Some(t) => {
                self.byte(1);
                self.text(t);
            }
            None => self.byte(0),
        }
    }
    pub fn numbers(&mut self, numbers: &[f64]) {
        self.count(numbers.len());
        numbers.iter().for_each(|x| self.0.extend_from_slice(&x.to_le_bytes()));
    }
}

/// Bytes being read; each method is `None` where the bytes end early or are not what
/// [`Writer`] writes.
pub struct Reader<'a>(pub &'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    pub fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    pub fn count(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize)
    }
    pub fn text(&mut self) -> Option<String> {
        let n = self.count()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    pub fn texts(&mut self) -> Option<Vec<String>> {
        (0..self.count()?).map(|_| self.text()).collect()
    }
    pub fn optional_text(&mut self) -> Option<Option<String>> {
        if self.flag()? {
            self.text().map(Some)
        } else {
            Some(None)
        }
    }
    pub fn numbers(&mut self) -> Option<Vec<f64>> {
        let n = self.count()?;
        let bytes = self.take(n.checked_mul(8)?)?;
        Some(bytes.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().unwrap_or([0; 8]))).collect())
    }
    /// Whether every byte was read (anything after the end is damage).
    pub fn finished(&self) -> bool {
        self.0.is_empty()
    }
}
