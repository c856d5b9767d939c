-- Tie target revisions to the import that made them. Params: $import_id INTEGER, $ids INTEGER[].
UPDATE target_revisions SET import_id = $import_id WHERE list_contains($ids, revision_id)
