//! Creating and dropping databases (for restores, drills and tests). These
//! connect to the target's maintenance database (`postgres`, else
//! `template1`, as `createdb` does), never to the database they act on.

use super::{ConnTarget, Error, query_err};

fn maintenance_client(target: &ConnTarget) -> Result<postgres::Client, Error> {
    match target.with_database("postgres").connect() {
        Ok(c) => Ok(c),
        Err(first) => target
            .with_database("template1")
            .connect()
            .map_err(|_| first),
    }
}

/// `ident` quoted by the server's own `quote_ident`, so mixed case, spaces and
/// quotes in names are safe.
fn quote_ident(client: &mut postgres::Client, ident: &str) -> Result<String, Error> {
    let row = client
        .query_one("SELECT quote_ident($1)", &[&ident])
        .map_err(|e| query_err("cannot quote an identifier", e))?;
    Ok(row.get(0))
}

/// `CREATE DATABASE name TEMPLATE template0`: an empty database, as a restore
/// needs (template1 may hold objects that would collide).
pub fn create_database(target: &ConnTarget, name: &str) -> Result<(), Error> {
    let mut client = maintenance_client(target)?;
    let quoted = quote_ident(&mut client, name)?;
    client
        .batch_execute(&format!("CREATE DATABASE {quoted} TEMPLATE template0"))
        .map_err(|e| query_err(format!("cannot create database {quoted}"), e))
}

/// `DROP DATABASE IF EXISTS name WITH (FORCE)` (disconnects its sessions).
pub fn drop_database(target: &ConnTarget, name: &str) -> Result<(), Error> {
    let mut client = maintenance_client(target)?;
    let quoted = quote_ident(&mut client, name)?;
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
        .map_err(|e| query_err(format!("cannot drop database {quoted}"), e))
}

/// Whether a database of that exact name exists.
pub fn database_exists(target: &ConnTarget, name: &str) -> Result<bool, Error> {
    let mut client = maintenance_client(target)?;
    let row = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)",
            &[&name],
        )
        .map_err(|e| query_err("cannot list databases", e))?;
    Ok(row.get(0))
}

/// What a database holds outside the system schemas: relations (tables,
/// views, sequences, ...), schemas other than `public`, functions and
/// procedures, and standalone types (domains, enums, ranges). Returns the
/// count and up to three names, for a message. Connects to the database
/// itself.
pub fn user_objects(target: &ConnTarget) -> Result<(i64, Vec<String>), Error> {
    let mut client = target.connect()?;
    let row = client
        .query_one(
            r"WITH user_ns AS (
                SELECT oid, nspname FROM pg_namespace
                WHERE nspname NOT IN ('pg_catalog', 'information_schema')
                  AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
              ), objects AS (
                SELECT n.nspname || '.' || c.relname AS name FROM pg_class c
                  JOIN user_ns n ON n.oid = c.relnamespace
                  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                UNION ALL
                SELECT 'schema ' || nspname FROM user_ns WHERE nspname <> 'public'
                UNION ALL
                SELECT n.nspname || '.' || p.proname || '()' FROM pg_proc p
                  JOIN user_ns n ON n.oid = p.pronamespace
                UNION ALL
                SELECT n.nspname || '.' || t.typname FROM pg_type t
                  JOIN user_ns n ON n.oid = t.typnamespace
                  WHERE t.typtype IN ('d', 'e', 'r')
              )
              SELECT count(*), (array_agg(name ORDER BY name))[1:3] FROM objects",
            &[],
        )
        .map_err(|e| query_err("cannot list the objects of the target database", e))?;
    let names: Option<Vec<String>> = row.get(1);
    Ok((row.get(0), names.unwrap_or_default()))
}
