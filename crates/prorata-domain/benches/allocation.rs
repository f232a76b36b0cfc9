//! Allocation over 10, 1,000 and 1,000,000 weights.
//!
//! Run with `cargo bench -p prorata-domain --bench allocation`; figures go in
//! docs/BENCHMARKS.md.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use prorata_domain::{Currency, Money, Weight, allocate};
use rust_decimal::Decimal;

/// Investment-like weights: amounts in cents from 1.00 to about 50,000.00, ids 1..=n.
fn weights(count: u64) -> Vec<Weight<u64>> {
    (1..=count)
        .map(|id| {
            // A fixed multiplicative scramble gives varied, repeatable weights.
            let cents = 100 + (id.wrapping_mul(2_654_435_761) % 5_000_000);
            Weight {
                id,
                weight: Decimal::new(i64::try_from(cents).expect("small"), 2),
            }
        })
        .collect()
}

fn allocation(c: &mut Criterion) {
    let total = Money::parse("1234567.89", Currency::USD).expect("a valid total");
    let mut group = c.benchmark_group("allocate");
    for count in [10u64, 1_000, 1_000_000] {
        let parties = weights(count);
        group.throughput(Throughput::Elements(count));
        if count >= 1_000_000 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(count),
            &parties,
            |b, parties| {
                b.iter(|| allocate(black_box(total), black_box(parties)).expect("allocates"));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, allocation);
criterion_main!(benches);
