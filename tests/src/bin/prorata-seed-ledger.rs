//! Books the worked example of DESIGN §5 into program `main` of the local store in the
//! folder given as the only argument. The desktop's end-to-end tests run it so the window
//! shows a real ledger read from PostgreSQL.

use chrono::Utc;
use prorata_scenarios::seed::book_seed_example;
use prorata_store::control::find_program;
use prorata_store::{Store, StoreLocation};

#[tokio::main]
async fn main() {
    let Some(data_dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: prorata-seed-ledger DATA_DIR");
        std::process::exit(2);
    };
    if let Err(error) = seed(StoreLocation::local(data_dir)).await {
        eprintln!("prorata-seed-ledger: {error}");
        std::process::exit(1);
    }
}

async fn seed(location: StoreLocation) -> Result<(), String> {
    let (store, _) = Store::open(&location).await.map_err(|e| e.to_string())?;
    let mut tx = store.pool().begin().await.map_err(|e| e.to_string())?;
    let program = find_program(&mut tx, "main")
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the store has no program main")?;
    book_seed_example(&mut tx, program.id, Utc::now()).await?;
    tx.commit().await.map_err(|e| e.to_string())?;
    println!("booked the seed example into program main");
    Ok(())
}
