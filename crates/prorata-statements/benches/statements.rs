//! How fast a statement and a notice are rendered to PDF/A-2b, from the model to the bytes
//! (layout, shaping, font subsetting, compression, PDF/A checks), on one core.
//!
//! `cargo bench -p prorata-statements --bench statements`

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/samples/mod.rs"]
mod samples;

fn render(c: &mut Criterion) {
    let statement = samples::statement();
    let notice = samples::notice();
    c.bench_function("investor statement (one page)", |b| {
        b.iter(|| prorata_statements::investor_statement(&statement).expect("ties"))
    });
    c.bench_function("distribution notice", |b| {
        b.iter(|| prorata_statements::distribution_notice(&notice).expect("adds up"))
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
