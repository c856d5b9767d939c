-- Who made an import (imports.imported_by: the account's login) and what it was, for undo's
-- authority check. Params: $import_id INTEGER.
SELECT imported_by, kind, city, pledge_id FROM imports WHERE import_id = $import_id
