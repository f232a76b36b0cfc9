//! Pages as lists of marks (texts, rules, shaded bands), laid out top to bottom by a `Flow`
//! that starts a new page when the next block would not fit, and repeats a table's header
//! on every page the table runs onto. Rendering (`render.rs`) only draws the marks, so the
//! number of pages is known before any page is drawn: "page x of y" needs it.

use crate::fonts::{self, Points, Weight};

/// A4, in points.
pub const PAGE_WIDTH: Points = 595.276;
pub const PAGE_HEIGHT: Points = 841.89;
pub const MARGIN: Points = 48.0;
pub const CONTENT_WIDTH: Points = PAGE_WIDTH - 2.0 * MARGIN;
/// Where the body ends: the footer sits below.
const BODY_BOTTOM: Points = PAGE_HEIGHT - MARGIN - 24.0;
/// The most pages one document may have: a bound on every loop that makes pages.
pub const MAX_PAGES: usize = 500;

pub const BODY_SIZE: Points = 9.0;
pub const ROW_HEIGHT: Points = 14.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Grey levels of the palette: text, secondary text, rules, bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ink,
    Muted,
    Rule,
    Band,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A text whose baseline is at `y`; `x` is its left edge, or its right edge when
    /// right-aligned.
    Text {
        x: Points,
        y: Points,
        size: Points,
        weight: Weight,
        tone: Tone,
        align: Align,
        text: String,
    },
    Rule {
        x: Points,
        y: Points,
        width: Points,
        thickness: Points,
    },
    Band {
        x: Points,
        y: Points,
        width: Points,
        height: Points,
    },
}

pub type Page = Vec<Mark>;

/// A table column: its title, its width and how its cells align.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: Points,
    pub align: Align,
}

/// A row of a table: one text per column, and whether it is a total (bold, ruled above).
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<String>,
    pub total: bool,
}

impl Row {
    pub fn line(cells: Vec<String>) -> Row {
        Row {
            cells,
            total: false,
        }
    }

    pub fn total(cells: Vec<String>) -> Row {
        Row { cells, total: true }
    }
}

/// Lays blocks out down the page, starting new pages as they fill.
#[derive(Debug)]
pub struct Flow {
    pages: Vec<Page>,
    /// The baseline of the next line on the current page.
    y: Points,
}

impl Default for Flow {
    fn default() -> Flow {
        Flow {
            pages: vec![Vec::new()],
            y: MARGIN + 12.0,
        }
    }
}

impl Flow {
    pub fn y(&self) -> Points {
        self.y
    }

    pub fn advance(&mut self, by: Points) {
        self.y += by;
    }

    /// Starts a new page when `height` more would run past the body.
    pub fn room_for(&mut self, height: Points) {
        if self.y + height > BODY_BOTTOM {
            self.new_page();
        }
    }

    /// Goes on at the top of a new page, unless the document already has its most pages
    /// (then it goes on past the bottom of the last one rather than lose a line).
    fn new_page(&mut self) {
        if self.pages.len() < MAX_PAGES {
            self.pages.push(Vec::new());
            self.y = MARGIN + 12.0;
        }
    }

    pub fn mark(&mut self, mark: Mark) {
        self.pages.last_mut().expect("a flow has a page").push(mark);
    }

    #[allow(clippy::too_many_arguments, reason = "a text mark is exactly these")]
    pub fn text(
        &mut self,
        x: Points,
        size: Points,
        weight: Weight,
        tone: Tone,
        align: Align,
        text: &str,
    ) {
        let y = self.y;
        self.mark(Mark::Text {
            x,
            y,
            size,
            weight,
            tone,
            align,
            text: text.to_owned(),
        });
    }

    pub fn rule(&mut self, thickness: Points) {
        let y = self.y;
        self.mark(Mark::Rule {
            x: MARGIN,
            y,
            width: CONTENT_WIDTH,
            thickness,
        });
    }

    /// A section's title, kept on the same page as at least its first rows.
    pub fn heading(&mut self, title: &str) {
        self.room_for(18.0 + 3.0 * ROW_HEIGHT);
        self.advance(18.0);
        self.text(MARGIN, 11.0, Weight::Bold, Tone::Ink, Align::Left, title);
        self.advance(8.0);
    }

    /// A plain paragraph line in the body size.
    pub fn note(&mut self, text: &str) {
        self.room_for(ROW_HEIGHT);
        self.advance(ROW_HEIGHT);
        self.text(
            MARGIN,
            BODY_SIZE,
            Weight::Regular,
            Tone::Muted,
            Align::Left,
            text,
        );
    }

    /// A table: its header, then each row; a row that would not fit starts a new page,
    /// which repeats the header first.
    pub fn table(&mut self, columns: &[Column], rows: &[Row]) {
        debug_assert!(rows.iter().all(|r| r.cells.len() == columns.len()));
        self.room_for(3.0 * ROW_HEIGHT);
        self.table_header(columns);
        for row in rows {
            if self.y + ROW_HEIGHT > BODY_BOTTOM && self.pages.len() < MAX_PAGES {
                self.new_page();
                self.table_header(columns);
            }
            self.table_row(columns, row);
        }
    }

    fn table_header(&mut self, columns: &[Column]) {
        self.advance(ROW_HEIGHT);
        let y = self.y;
        self.mark(Mark::Band {
            x: MARGIN,
            y: y - 10.0,
            width: CONTENT_WIDTH,
            height: ROW_HEIGHT,
        });
        self.cells(
            columns,
            columns.iter().map(|c| c.title.to_owned()),
            Weight::Bold,
            Tone::Ink,
        );
    }

    fn table_row(&mut self, columns: &[Column], row: &Row) {
        if row.total {
            self.advance(3.0);
            let y = self.y + 1.0;
            self.mark(Mark::Rule {
                x: MARGIN,
                y,
                width: CONTENT_WIDTH,
                thickness: 0.5,
            });
        }
        self.advance(ROW_HEIGHT);
        let weight = if row.total {
            Weight::Bold
        } else {
            Weight::Regular
        };
        self.cells(columns, row.cells.iter().cloned(), weight, Tone::Ink);
        if row.total {
            // A total closes its group: the next group starts a little apart.
            self.advance(5.0);
        }
    }

    fn cells(
        &mut self,
        columns: &[Column],
        texts: impl Iterator<Item = String>,
        weight: Weight,
        tone: Tone,
    ) {
        const PAD: Points = 4.0;
        let mut left = MARGIN;
        for (column, text) in columns.iter().zip(texts) {
            let room = column.width - 2.0 * PAD;
            let shown = fonts::fit(weight, BODY_SIZE, &text, room);
            let x = match column.align {
                Align::Left => left + PAD,
                Align::Right => left + column.width - PAD,
            };
            self.text(x, BODY_SIZE, weight, tone, column.align, &shown);
            left += column.width;
        }
    }

    /// The pages laid out so far.
    pub fn finish(self) -> Vec<Page> {
        self.pages
    }
}

/// Widths that share out the content width: `fixed` columns keep theirs, the first column
/// whose width is zero takes what is left.
pub fn columns(mut columns: Vec<Column>) -> Vec<Column> {
    let fixed: Points = columns.iter().map(|c| c.width).sum();
    if let Some(flexible) = columns.iter_mut().find(|c| c.width == 0.0) {
        flexible.width = (CONTENT_WIDTH - fixed).max(40.0);
    }
    columns
}
