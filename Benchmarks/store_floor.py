"""The store floor: writing exactly the rows a cold sync wrote, with nothing else to do.

Reads every row of a store that `workplan sync` made into memory, then times creating a new
store with the same tables and indexes (the edit-mark triggers left out, as sync lifts them)
and inserting those rows with sqlite3's executemany in one transaction, WAL mode, commit and
close included. Prints the seconds. usage: store_floor.py STORE SCRATCH
"""
import os
import sqlite3
import sys
import time

source, scratch = sys.argv[1], sys.argv[2]
src = sqlite3.connect(source)
schema = [
    sql
    for (sql,) in src.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('table', 'index', 'view') "
        "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    )
]
# In an order the foreign keys accept (an event names its run); a table an older store lacks is left out.
present = {name for (name,) in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
tables = [t for t in ["workstreams", "tasks", "runs", "events", "dependencies", "files", "domains", "domain_registry",
                      "sync_runs"] if t in present]
rows = {table: src.execute(f"SELECT * FROM {table}").fetchall() for table in tables}
src.close()
for suffix in ["", "-wal", "-shm"]:
    if os.path.exists(scratch + suffix):
        os.remove(scratch + suffix)
db = sqlite3.connect(scratch, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA foreign_keys=ON")
for sql in schema:
    db.execute(sql)
start = time.perf_counter()
db.execute("BEGIN IMMEDIATE")
for table in tables:
    if rows[table]:
        marks = ",".join("?" * len(rows[table][0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
db.execute("COMMIT")
db.close()
print(f"{time.perf_counter() - start:.4f}")
