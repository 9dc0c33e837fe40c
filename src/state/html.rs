//! Escaping text for HTML, for results written as markup.

/// Escapes text for HTML: every dynamic string in results written as markup goes through
/// this, since model expressions and some messages quote what the user typed.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(escape("<img src=x onerror=\"alert('1')\"> & co"), "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co");
        assert_eq!(escape("K·x/(1 + K·x)"), "K·x/(1 + K·x)");
    }
}
