-- How many stored records lie inside the incoming rows' ranges of city, pledge and record number
-- (each from its first to its last value). None: no incoming key is stored (a stored key equal to
-- one of them lies inside all three ranges), and the key join (imports/count_present_keys,
-- imports/count_present_records) has nothing to find. A new month's file, numbered after the
-- stored records, is answered so without the join (100,000 rows: DuckDB hashed them all for it).
-- {table}, {record_id}: a record kind and its record number column (code, never user input).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi, $id_lo, $id_hi TEXT (data.imports.keys.key_bounds).
SELECT count(*) FROM {table} t
WHERE t.city BETWEEN $city_lo AND $city_hi AND t.pledge_id BETWEEN $pledge_lo AND $pledge_hi
  AND t.{record_id} BETWEEN $id_lo AND $id_hi
