//! The `{{#include}}` directive parser: a parsed directive is written back canonically and
//! parses to the same directive; `find_in_code` returns ordered, disjoint, single-line ranges
//! inside the code, each holding exactly the directive it reports.
#![no_main]

use exambook_syntax::include::{check_directive, find_in_code, looks_like_directive, to_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(d) = check_directive(text) {
        assert!(
            looks_like_directive(text),
            "{text:?} parses but does not look like one"
        );
        assert!(!d.path.is_empty() && !d.path.contains(char::is_whitespace));
        let canonical = to_text(&d);
        assert_eq!(check_directive(&canonical), Ok(d.clone()), "{canonical:?}");
    }
    let mut after = 0;
    for (range, d) in find_in_code(text) {
        assert!(after <= range.start, "ranges overlap or go back: {range:?}");
        let slice = text
            .get(range.clone())
            .expect("range is a slice of the code");
        assert!(!slice.contains('\n'));
        assert_eq!(check_directive(slice), Ok(d));
        after = range.end;
    }
});
