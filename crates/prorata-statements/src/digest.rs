//! A document's content digest: SHA-256 over its fields written in a fixed order, each as
//! `name`, a length and its text, so that no two different contents write the same bytes.

use chrono::NaiveDate;
use prorata_domain::Money;
use sha2::{Digest, Sha256};

pub(crate) struct Canon(Sha256);

impl Canon {
    pub fn new(kind: &str) -> Canon {
        let mut canon = Canon(Sha256::new());
        canon.text("kind", kind);
        canon
    }

    pub fn text(&mut self, name: &str, value: &str) -> &mut Canon {
        for part in [name, value] {
            self.0.update((part.len() as u64).to_be_bytes());
            self.0.update(part.as_bytes());
        }
        self
    }

    pub fn id(&mut self, name: &str, value: i64) -> &mut Canon {
        self.text(name, &value.to_string())
    }

    pub fn flag(&mut self, name: &str, value: bool) -> &mut Canon {
        self.text(name, if value { "yes" } else { "no" })
    }

    pub fn date(&mut self, name: &str, value: NaiveDate) -> &mut Canon {
        self.text(name, &value.to_string())
    }

    pub fn optional_date(&mut self, name: &str, value: Option<NaiveDate>) -> &mut Canon {
        match value {
            Some(day) => self.date(name, day),
            None => self.text(name, "none"),
        }
    }

    pub fn money(&mut self, name: &str, value: Money) -> &mut Canon {
        self.text(name, &format!("{} {}", value.currency(), value))
    }

    pub fn finish(&mut self) -> [u8; 32] {
        std::mem::take(&mut self.0).finalize().into()
    }
}

/// The first twelve hex digits of a digest: what a reader compares by eye.
pub fn short(digest: &[u8; 32]) -> String {
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}
