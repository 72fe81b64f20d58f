//! Any text read as a gettext catalog: every diagnostic points into it, and a catalog read
//! without errors is written back stably (read again it is the same catalog, written again
//! the same bytes). The seed is the rich sample of crates/exambook-core/tests/data/rich.po.
#![no_main]

use exambook_core::i18n::Catalog;
use exambook_fuzz::{FILE, assert_diagnostics};
use libfuzzer_sys::fuzz_target;

/// The catalog without file positions.
fn strip(c: &Catalog) -> Catalog {
    let mut c = c.clone();
    for m in c.header.iter_mut().chain(c.messages.iter_mut()) {
        m.line = 0;
        m.msgstr_line = 0;
    }
    c
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (catalog, diags) = Catalog::parse(text, FILE);
    assert_diagnostics(text, &diags);
    if diags.is_empty() {
        let written = catalog.write();
        let (again, d2) = Catalog::parse(&written, FILE);
        assert!(d2.is_empty(), "{d2:?} reading back\n{written}");
        assert_eq!(
            strip(&again),
            strip(&catalog),
            "changed by writing:\n{written}"
        );
        assert_eq!(again.write(), written);
    }
});
