//! The two faces every document is set in, shipped in `fonts/` (Noto Sans, OFL 1.1), and
//! the measure of a text in them. Text is measured with rustybuzz, the shaper krilla draws
//! with, so that a right-aligned figure ends exactly on its column's edge.

use std::sync::OnceLock;

use krilla::text::Font;

use crate::StatementError;

/// A length on the page, in PDF points (1/72 inch). Layout only: never money.
pub type Points = f32; // a length on the page (krilla draws in f32 points); never an amount

static REGULAR_BYTES: &[u8] = include_bytes!("../fonts/NotoSans-Regular.subset.ttf");
static BOLD_BYTES: &[u8] = include_bytes!("../fonts/NotoSans-Bold.subset.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

struct Face {
    shaping: rustybuzz::Face<'static>,
    drawing: Font,
}

fn faces() -> &'static [Face; 2] {
    static FACES: OnceLock<[Face; 2]> = OnceLock::new();
    FACES.get_or_init(|| {
        let load = |bytes: &'static [u8]| Face {
            shaping: rustybuzz::Face::from_slice(bytes, 0).expect("the shipped font parses"),
            drawing: Font::new(bytes.into(), 0).expect("the shipped font loads"),
        };
        [load(REGULAR_BYTES), load(BOLD_BYTES)]
    })
}

fn face(weight: Weight) -> &'static Face {
    match weight {
        Weight::Regular => &faces()[0],
        Weight::Bold => &faces()[1],
    }
}

/// The font krilla draws `weight` with.
pub fn font(weight: Weight) -> Font {
    face(weight).drawing.clone()
}

/// How wide `text` is set in `weight` at `size` points.
pub fn width(weight: Weight, size: Points, text: &str) -> Points {
    let shaping = &face(weight).shaping;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(shaping, &[], buffer);
    let units: i64 = shaped
        .glyph_positions()
        .iter()
        .map(|p| i64::from(p.x_advance))
        .sum();
    // 1,000 or 2,048 for every font there is: exact in a 32-bit float.
    let per_em = shaping.units_per_em() as Points;
    // Advances are whole font units, at most a few million for the longest line.
    units as Points * size / per_em
}

/// `text` cut at the end with an ellipsis so that it fits in `room`.
pub fn fit(weight: Weight, size: Points, text: &str, room: Points) -> String {
    if width(weight, size, text) <= room {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect::<String>().trim_end().to_owned() + "…";
        if width(weight, size, &cut) <= room {
            return cut;
        }
    }
    "…".to_owned()
}

/// Refuses a text the fonts cannot set (a PDF/A document may not show a missing glyph), naming
/// the character and where it is.
pub fn check_covered(what: &str, text: &str) -> Result<(), StatementError> {
    let shaping = &face(Weight::Regular).shaping;
    match text
        .chars()
        .find(|c| !c.is_control() && shaping.glyph_index(*c).is_none())
    {
        None => Ok(()),
        Some(missing) => Err(StatementError::invalid(format!(
            "{what} \"{text}\" has the character {missing} (U+{:04X}), which the statement font cannot show",
            u32::from(missing)
        ))),
    }
}
