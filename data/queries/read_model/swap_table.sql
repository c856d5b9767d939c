-- A built copy takes its table's name (in the build's last transaction, with every other table).
DROP TABLE IF EXISTS main.{table};
ALTER TABLE main.{staged} RENAME TO {table}
