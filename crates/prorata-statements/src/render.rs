//! Draws laid-out pages into a PDF/A-2b document with krilla, each page closed by the same
//! footer: the document's id, its content digest and "page x of y".
//!
//! krilla writes the file identifier from the document id and the bytes themselves (a hash,
//! no clock, no random source), so the same pages give the same bytes in any process.

use chrono::{Datelike, NaiveDate};
use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use krilla::{Document, SerializeSettings};

use crate::StatementError;
use crate::fonts::{self, Points, Weight};
use crate::layout::{Align, MARGIN, Mark, PAGE_HEIGHT, PAGE_WIDTH, Page, Tone};

/// What the document says of itself: its id (printed on each page and written into its
/// metadata, where `statement verify` finds it), title, issuer and date.
#[derive(Debug, Clone)]
pub struct Identity<'a> {
    pub document_id: &'a str,
    pub title: &'a str,
    pub issuer: &'a str,
    pub issued_on: NaiveDate,
    pub short_digest: &'a str,
}

pub fn pdf(identity: &Identity<'_>, pages: &[Page]) -> Result<Vec<u8>, StatementError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .finish()
        .map_err(|e| StatementError::Pdf(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let total = pages.len();
    for (index, page) in pages.iter().enumerate() {
        let size = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("A4 is a page size");
        let mut pdf_page = document.start_page_with(size);
        let mut surface = pdf_page.surface();
        for mark in page {
            draw(&mut surface, mark);
        }
        for mark in footer(identity, index + 1, total) {
            draw(&mut surface, &mark);
        }
        surface.finish();
        pdf_page.finish();
    }
    document.set_metadata(metadata(identity));
    document
        .finish()
        .map_err(|e| StatementError::Pdf(format!("{e:?}")))
}

fn metadata(identity: &Identity<'_>) -> Metadata {
    let day = identity.issued_on;
    // Dates before the year 0 or after 65535 are not dates a statement is issued on.
    let year = u16::try_from(day.year()).unwrap_or(0);
    let month = u8::try_from(day.month()).unwrap_or(1);
    let dom = u8::try_from(day.day()).unwrap_or(1);
    Metadata::new()
        .title(format!("{} {}", identity.title, identity.document_id))
        .keywords(vec![format!("prorata-document:{}", identity.document_id)])
        .authors(vec![identity.issuer.to_owned()])
        .creator("Prorata".to_owned())
        .producer("Prorata".to_owned())
        .language("en".to_owned())
        .document_id(identity.document_id.to_owned())
        .creation_date(
            DateTime::new(year)
                .month(month)
                .day(dom)
                .hour(0)
                .minute(0)
                .second(0)
                .utc_offset_hour(0)
                .utc_offset_minute(0),
        )
}

fn footer(identity: &Identity<'_>, page: usize, pages: usize) -> [Mark; 3] {
    let y = PAGE_HEIGHT - MARGIN;
    let text = |x, align, text: String| Mark::Text {
        x,
        y,
        size: 7.5,
        weight: Weight::Regular,
        tone: Tone::Muted,
        align,
        text,
    };
    [
        Mark::Rule {
            x: MARGIN,
            y: y - 11.0,
            width: PAGE_WIDTH - 2.0 * MARGIN,
            thickness: 0.5,
        },
        text(
            MARGIN,
            Align::Left,
            format!(
                "{} · {} · content digest {}",
                identity.issuer, identity.document_id, identity.short_digest
            ),
        ),
        text(
            PAGE_WIDTH - MARGIN,
            Align::Right,
            format!("Page {page} of {pages}"),
        ),
    ]
}

fn color(tone: Tone) -> rgb::Color {
    match tone {
        Tone::Ink => rgb::Color::new(20, 24, 31),
        Tone::Muted => rgb::Color::new(88, 96, 108),
        Tone::Rule => rgb::Color::new(150, 156, 166),
        Tone::Band => rgb::Color::new(234, 237, 241),
    }
}

fn fill(tone: Tone) -> Fill {
    Fill {
        paint: color(tone).into(),
        ..Fill::default()
    }
}

fn draw(surface: &mut Surface<'_>, mark: &Mark) {
    match mark {
        Mark::Text {
            x,
            y,
            size,
            weight,
            tone,
            align,
            text,
        } => {
            let left = match align {
                Align::Left => *x,
                Align::Right => *x - fonts::width(*weight, *size, text),
            };
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*tone)));
            surface.draw_text(
                Point::from_xy(left, *y),
                fonts::font(*weight),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Mark::Rule {
            x,
            y,
            width,
            thickness,
        } => {
            let mut path = PathBuilder::new();
            path.move_to(*x, *y);
            path.line_to(*x + *width, *y);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(Tone::Rule).into(),
                    width: *thickness,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
        Mark::Band {
            x,
            y,
            width,
            height,
        } => band(surface, *x, *y, *width, *height),
    }
}

fn band(surface: &mut Surface<'_>, x: Points, y: Points, width: Points, height: Points) {
    let mut path = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(x, y, width, height) {
        path.push_rect(rect);
    }
    if let Some(path) = path.finish() {
        surface.set_stroke(None);
        surface.set_fill(Some(fill(Tone::Band)));
        surface.draw_path(&path);
    }
}
