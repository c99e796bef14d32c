//! The fast YAML path against granit-parser on arbitrary text: whenever the fast path reads a
//! text, granit-parser must read it too, into the same tree (spans, styles, values).

#![no_main]

use gatelint::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Some(fast) = yaml::parse_fast(text, 3) {
        let slow = yaml::parse_granit(text, 3)
            .unwrap_or_else(|e| panic!("granit rejects what the fast path read: {e:?}"));
        assert_eq!(format!("{:?}", fast.root), format!("{:?}", slow.root));
    }
});
