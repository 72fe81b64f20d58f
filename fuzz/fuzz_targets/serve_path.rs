//! The server's request-path rule: whatever a client sends, an accepted path is made of plain
//! names that stay in the folder they are joined to.
#![no_main]

use exambook_core::paths::request_segments;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    let Ok(segments) = request_segments(raw) else {
        return;
    };
    for s in &segments {
        assert!(
            !s.is_empty()
                && s != ".."
                && !s.starts_with('.')
                && !s.contains(['/', '\\', ':'])
                && !s.chars().any(char::is_control),
            "{raw:?} gave the segment {s:?}"
        );
    }
});
